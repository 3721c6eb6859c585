"""``python -m calculators``: see calculators/cli.py."""

import sys

from .cli import main

sys.exit(main())
