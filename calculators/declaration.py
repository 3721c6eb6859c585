"""What a calculator states about itself, once: `Calculator`.

Each calculator module ends with ``CALCULATOR = Calculator(...)``: its name,
title, edition, fields (the defaults and limits come from data; each
`inputs.Field` declares its limits and parsing once: min, max, step, money,
choices), its headline outputs with their labels, and its entry point. The registry, the command line, the forms, the worked examples, the
browser wheel and the tests read this declaration and nothing else, so a new
calculator is one new module (and its data, page, nav entry and tests).

Adding a calculator (each omission fails the build or the tests, with one line):

1. ``calculators/<name>.py`` with ``fields``, ``run`` and ``CALCULATOR``;
   its name added to ``registry.MODULES``; ``run`` reads each field with
   ``inputs.Reader`` (``number``, ``whole``, ``choice``, ``flag``), which
   applies the Field's declared limits: the form's help, the CLI's help and
   the link reader show those same limits;
2. its data: ``data/<file>.yml`` and, for a new file, its record type in
   ``calculators/model.py`` (FILES);
3. its page with ``{{ calculator_form("<name>") }}`` and its nav entry in
   mkdocs.yml (a calculator without a page, or a page naming an unknown one,
   fails the build);
4. its tests, and valid and invalid cases in tests/cases/calculator_cases.json
   (the Node parity test requires both).

A declaration with a missing or malformed piece fails when it is made, with
a message naming the calculator and the piece; `registry.check` runs it on
the data at build time (its defaults compute, its outputs are produced).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from .inputs import Field

EDITIONS = ("public", "internal")
"""public: on the prospects' site (and the reps'); internal: the reps' site only."""

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class DeclarationError(ValueError):
    """A calculator's declaration is incomplete or contradicts what the calculator does."""


@dataclass(frozen=True)
class Calculator:
    """One calculator, declared once.

    `fields(playbook)` gives the form's fields in order (defaults from data;
    a Field with money=True is an amount); `outputs` are the headline
    (display key, label) pairs in reading order, which `run` must produce;
    `run(params, playbook)` returns {"inputs", "values", "display",
    "assumptions"} or raises InputError. `flags_label` heads the yes/no
    answers in a worked example; `companions` are modules only this
    calculator uses (left out of the browser wheel with it).
    """

    name: str
    title: str
    edition: str
    fields: Callable[[Any], tuple[Field, ...]]
    outputs: tuple[tuple[str, str], ...]
    run: Callable[[Mapping[str, Any], Any], dict]
    flags_label: str = "Answered yes"
    companions: tuple[str, ...] = ()

    def __post_init__(self):
        who = f"calculator {self.name!r}"
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise DeclarationError(f"calculator name {self.name!r}: use lowercase words joined by _ "
                                   "(it is the module's name, the CLI command and the page's calculator)")
        for piece in ("title", "flags_label"):
            if not isinstance(getattr(self, piece), str) or not getattr(self, piece).strip():
                raise DeclarationError(f"{who}: {piece} is missing; give the text people see")
        if self.edition not in EDITIONS:
            raise DeclarationError(f"{who}: edition must be one of {', '.join(EDITIONS)}, got {self.edition!r}")
        for piece in ("fields", "run"):
            if not callable(getattr(self, piece)):
                raise DeclarationError(f"{who}: {piece} must be a function taking the playbook"
                                       + (" data" if piece == "fields" else " and the params"))
        outputs = tuple(self.outputs or ())
        if not outputs or not all(isinstance(o, tuple) and len(o) == 2 and all(isinstance(x, str) and x
                                                                              for x in o) for o in outputs):
            raise DeclarationError(f"{who}: outputs must list (display key, label) pairs, at least one")
        keys = [key for key, _ in outputs]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise DeclarationError(f"{who}: output {repeated[0]!r} is listed twice")
        object.__setattr__(self, "outputs", outputs)
        object.__setattr__(self, "companions", tuple(self.companions))

    def in_edition(self, edition: str) -> bool:
        """Whether the edition's site and wheel carry this calculator."""
        return edition == "internal" or self.edition == "public"

