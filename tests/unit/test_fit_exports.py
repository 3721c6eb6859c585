"""llms.txt says how to answer each common prompt from the data, with the fit rules
(internal edition), and says nothing of them in the public edition."""

from __future__ import annotations

from conftest import real_playbook

from playbook_plugin import exports


def test_every_prompt_says_how_to_answer_it_and_the_fit_rules_follow():
    book = real_playbook()
    lines = exports.prompt_lines(book, {}, lambda url: url)
    for prompt in book.research.common_prompts:
        at = next(i for i, line in enumerate(lines) if prompt.text.split("[")[0] in line)
        assert prompt.how is None or lines[at + 1] == f"    - How: {prompt.how}"
    start = lines.index("Fit rules (the fit check applies them to one company, the batch to a CRM export):")
    assert len([line for line in lines[start:] if line.startswith("- ")]) >= 5


def test_the_public_edition_has_no_fit_rules():
    assert exports.fit_rule_lines(real_playbook("public")) == []
