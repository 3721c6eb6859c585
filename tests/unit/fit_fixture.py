"""A small playbook the fit, CRM and triage tests own: made-up tiers, industries,
profiles, disqualifiers and CRM mappings, so the tests pin exact rules and
sentences without reading the real data/ content. Files the fit check does not
read come from the real data unchanged."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

from calculators.loader import playbook_from_plain

ROOT = Path(__file__).resolve().parents[2]

USD = "USD"

FILES = {
    "tiers": {
        "audience": "internal",
        "salesforce_fields": [{"name": "Target Account Tier", "values": "1 (Big), 2 (Mid)"}],
        "tiers": [
            {"id": "big", "number": 1, "name": "Big", "ml_maturity": "Mature", "use_cases": "Core",
             "volume": "Lots of widgets", "examples": ["Big co"], "why_they_buy": ["Scale", "Widgets on tap"],
             "revenue": {"currency": USD, "min": 500_000_000, "per": "year"},
             "budget": {"currency": USD, "min": 200_000, "per": "year"},
             "offer_conflicts": [{"item": "Widgets on tap", "reason": "We sell no widgets."}]},
            {"id": "mid", "number": 2, "name": "Mid", "ml_maturity": "Early", "use_cases": "Trials",
             "volume": "Some widgets", "examples": ["Mid co"], "why_they_buy": ["Speed"],
             "revenue": {"currency": USD, "min": 20_000_000, "max": 500_000_000, "per": "year"},
             "budget": {"currency": USD, "min": 50_000, "max": 200_000, "per": "year"}},
        ],
    },
    "smb": None,  # filled below from the real file with a made-up revenue range
    "use_cases": {
        "audience": "internal",
        "industries": [
            {"id": "banking-ish", "name": "Money/Banks", "pain_points": ["Audits"], "use_cases": ["Ledger checks"],
             "key_metrics": ["Errors"], "competition": ["In-house", "WidgetCloud"],
             "offer_conflicts": [{"item": "WidgetCloud", "reason": "A platform, not what we sell."}]},
            {"id": "factories", "name": "Factories", "pain_points": ["Downtime"], "use_cases": ["Machine alerts"],
             "key_metrics": ["Uptime"], "competition": ["Agencies"], "editor_note": "From a profile."},
        ],
        "technical_patterns": [
            {"id": "streaming", "name": "Streaming", "traits": ["Fast"], "examples": ["Ledger checks", "Chat"]},
            {"id": "nightly", "name": "Nightly", "traits": ["Slow"], "examples": ["Reports"]},
        ],
    },
    "disqualifiers": {
        "audience": "internal",
        "groups": [{"id": "poor", "name": "Poor", "items": [
            {"id": "tiny_budget", "text": "Budget under $5K", "proven_by": {"budget_below": {"currency": USD,
                                                                                          "amount": 5000}}},
            {"id": "state_run", "text": "State-run", "proven_by": {"industries": ["Government", "Public Sector"]}},
            {"id": "wants_advice", "text": "Wants advice", "offer_conflict": {"reason": "Advice is what we sell."}},
            {"id": "no_use_case", "text": "No use case"},
        ]}],
    },
    "crm": {
        "audience": "internal",
        "columns": [
            {"field": "id", "aliases": ["Account ID", "Record ID"]},
            {"field": "name", "aliases": ["Account Name", "Company name"]},
            {"field": "industry", "aliases": ["Industry"]},
            {"field": "annual_revenue", "aliases": ["Annual Revenue", "AnnualRevenue"]},
            {"field": "employees", "aliases": ["Employees", "Number of Employees"]},
            {"field": "currency", "aliases": ["Currency"]},
        ],
        "industries": [{"industry": "banking-ish", "values": ["Banking", "FINANCIAL_SERVICES"]},
                       {"industry": "factories", "values": ["Manufacturing"]}],
        "outputs": [{"field": "tier", "column": "Target Account Tier"}, {"field": "status", "column": "Status"},
                    {"field": "score", "column": "Score"}, {"field": "disqualifiers", "column": "Disqualifiers"},
                    {"field": "use_cases", "column": "Needs"}],
    },
    "scoring": {
        "audience": "internal",
        "dimensions": [{"id": d, "name": d.replace("_", " ").title(), "min": 0, "max": 10, "step": 0.5,
                        "criteria": [f"{d} rule A", f"{d} rule B"]}
                       for d in ("use_case_fit", "commercial_fit", "technical_fit", "strategic_value")],
        "bands": [{"id": "go", "min": 30, "action": "Go now"}, {"id": "later", "min": 20, "action": "Later"},
                  {"id": "drop", "min": 0, "action": "Drop"}],
    },
    "profiles": None,  # filled below: the real profiles' text with made-up fit figures
}

PROFILE_FITS = [
    {"industries": ["banking-ish"], "employees": {"min": 1000, "max": 5000},
     "revenue": {"currency": "GBP", "min": 100_000_000, "per": "year"}},
    {"industries": ["factories"], "employees": {"min": 5000}},
]

SMB_REVENUE = {"currency": USD, "min": 200_000, "max": 4_000_000, "per": "year"}


def raw_files(rates=None) -> dict:
    """Every data file as plain values: the real ones, with the fixture files above in place."""
    out = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "data").glob("*.yml"))}
    for name, content in FILES.items():
        if content is not None:
            out[name] = copy.deepcopy(content)
    out["smb"] = dict(out["smb"], revenue=SMB_REVENUE)
    profiles = copy.deepcopy(out["profiles"])
    profiles["profiles"] = profiles["profiles"][:len(PROFILE_FITS)]
    for profile, fit in zip(profiles["profiles"], PROFILE_FITS):
        profile["fit"] = fit
        profile.pop("id")
    profiles["profiles"][0]["id"], profiles["profiles"][1]["id"] = "bank-buyer", "factory-buyer"
    profiles["profiles"][0]["name"], profiles["profiles"][1]["name"] = "Bank buyer", "Factory buyer"
    out["profiles"] = profiles
    out["rates"] = {"audience": "public", "rates": rates} if rates else {"audience": "public"}
    return out


def playbook(rates=None, edition: str = "internal"):
    return playbook_from_plain(raw_files(rates), edition)
