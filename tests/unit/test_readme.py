"""The README's command table lists every command of `python -m calculators`, each of which runs."""

from __future__ import annotations

import argparse
import io
import re

import pytest

from calculators.cli import build_parser, main
from conftest import ROOT, real_playbook

README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    parser = build_parser(real_playbook())
    (subcommands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(subcommands.choices)


@pytest.mark.parametrize("command", commands())
def test_the_readme_lists_every_calculator_and_subcommand(command):
    assert re.search(rf"^\| `python -m calculators {command}\b", README, re.M), command


@pytest.mark.parametrize("command", commands())
def test_every_command_answers_help(command, capsys):
    assert main([command, "--help"], io.StringIO(), io.StringIO()) == 0
    assert "--data" in capsys.readouterr().out
