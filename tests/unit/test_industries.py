"""Industries no profile sells to (education, the public sector): an account in one is still compared with
the profiles by its size and revenue, with reasons, and whether we sell to it is the owner's open decision.
Invariants over the real data: they hold whatever industries and profiles a writer adds."""

from __future__ import annotations

import pytest

from calculators import decisions, registry
from calculators.money import plain
from conftest import real_playbook

BOOK = real_playbook()
SIZED = [p for p in BOOK.profiles.profiles if p.fit and p.fit.employees and p.fit.revenue]
UNSOLD = ("Higher Education", "Public Sector")
"""Industry values as CRM exports write them, for markets the issue found no profile for."""


def fit(**params):
    result = registry.run("fit", {**registry.defaults("fit", BOOK), **params}, BOOK)
    assert result["ok"], result
    return result


@pytest.mark.parametrize("industry", UNSOLD)
@pytest.mark.parametrize("profile", SIZED, ids=lambda p: p.id)
def test_an_account_in_an_industry_no_profile_sells_to_resembles_the_profiles_its_size_matches(industry, profile):
    size = profile.fit
    result = fit(industry=industry, employees=str(size.employees.min), annual_revenue=plain(size.revenue.min),
                 currency=size.revenue.currency)
    found = {p["id"]: p for p in result["values"]["profiles"]}
    assert found[profile.id]["resembles"] is True
    assert found[profile.id]["industry_match"] is (result["values"]["industry"] in size.industries)
    assert f"{size.employees.min:,} employees is within its" in " ".join(found[profile.id]["why"])
    assert profile.name in result["display"]["profiles"]


@pytest.mark.parametrize("industry", UNSOLD)
def test_an_industry_no_profile_sells_to_is_an_owners_decision(industry):
    known = fit(industry=industry)["values"]["industry"]
    if known is not None and any(known in p.fit.industries for p in SIZED):
        pytest.skip(f"{industry} is sold to by a profile now")
    asked = [d for d in decisions.decisions(BOOK) if d.kind == decisions.CONTRADICTION
             and industry.split()[-1].lower() in d.question.lower()]
    assert asked, f"no decision in data/decisions.yml asks whether we sell to {industry}"
    assert all(len(d.sides) >= 2 and d.decides.startswith("data/") for d in asked)
