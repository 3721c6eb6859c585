"""The playbook's decision logic: scoring, economics, readiness and ranking account files.

Standard library only, so the same package runs in the tests, on the command
line (``python -m calculators``), at build time and in the browser (Pyodide).
Start at `calculators.registry.run`.
"""
