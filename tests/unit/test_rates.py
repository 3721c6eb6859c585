"""Exchange rates: stated in data/rates.yml with their date and source, loaded once into
`playbook.rates`, and every conversion goes through money.convert, saying the rate it used."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from calculators import money
from calculators.loader import load_data_dir, playbook_from_json, playbook_from_plain, playbook_to_json
from calculators.money import Money, Rate
from calculators.validate import DataError
from conftest import DATA, FIXTURE_DATA

FIXTURE = load_data_dir(FIXTURE_DATA)


def test_rates_of_the_data_are_money_rates_with_date_and_source():
    gbp_usd = FIXTURE.rates[0]
    assert isinstance(gbp_usd, Rate)
    assert (gbp_usd.base, gbp_usd.quote, gbp_usd.rate, gbp_usd.as_of, gbp_usd.source) == (
        "GBP", "USD", Decimal("1.5"), "2030-01-31", "Fixture rate")


def test_public_edition_has_the_rates_too():
    assert load_data_dir(FIXTURE_DATA, "public").rates == FIXTURE.rates


def test_rates_survive_the_browser_json():
    assert playbook_from_json(playbook_to_json(FIXTURE)).rates == FIXTURE.rates


def test_conversion_at_a_dated_rate_says_rate_and_date():
    conversion = money.convert(Money(Decimal(38_000_000), "GBP"), "USD", FIXTURE.rates)
    assert conversion.value == Money(Decimal(57_000_000), "USD")
    assert conversion.words() == "£38,000,000 = $57M at 1.5 (GBP/USD), as of 2030-01-31"


def test_inverse_conversion_uses_the_same_rate():
    conversion = money.convert(Money(Decimal(3_000), "USD"), "GBP", FIXTURE.rates)
    assert conversion.value == Money(Decimal(2_000), "GBP") and conversion.rate is FIXTURE.rates[0]


def test_a_rate_the_rep_sets_goes_before_the_data():
    mine = Rate("GBP", "USD", Decimal(2), "2030-03-01", "set by the rep")
    conversion = money.convert(Money(Decimal(10), "GBP"), "USD", (mine, *FIXTURE.rates))
    assert conversion.value == Money(Decimal(20), "USD") and conversion.rate is mine


def test_no_rate_says_what_cannot_be_judged():
    conversion = money.convert(Money(Decimal(10), "GBP"), "EUR", FIXTURE.rates)
    assert conversion.value is None
    assert conversion.words() == "cannot judge £10 against amounts in EUR: no GBP/EUR exchange rate is set"


def test_a_file_without_rates_converts_nothing():
    raw = _raw()
    raw["rates"] = {"audience": "public"}
    assert playbook_from_plain(raw).rates == ()


def _raw():
    import yaml
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(FIXTURE_DATA.glob("*.yml"))}


@pytest.mark.parametrize("change, message", [
    (lambda r: r[0].update(as_of="31/01/2030"),
     "data/rates.yml: rates[0].as_of: expected a quoted date like \"2026-01-31\", got '31/01/2030'"),
    (lambda r: r[0].update(rate=0), "data/rates.yml: rates[0].rate: must be more than 0, got 0"),
    (lambda r: r.append(dict(r[0], base="USD", quote="GBP")),
     "data/rates.yml: rates[2]: a USD/GBP rate is already set at rates[0]; keep one of them"),
    (lambda r: r[0].pop("source"), "data/rates.yml: rates[0].source: missing required field"),
    (lambda r: r[1].update(decided={"choice": "Fine", "date": "soon"}),
     "data/rates.yml: rates[1].decided.date: expected a quoted date like \"2026-01-31\", got 'soon'"),
])
def test_bad_rate_names_file_entry_and_field(change, message):
    raw = _raw()
    rates = copy.deepcopy(raw["rates"])
    change(rates["rates"])
    raw["rates"] = rates
    with pytest.raises(DataError) as error:
        playbook_from_plain(raw)
    assert str(error.value) == message


def test_every_rate_of_the_real_data_has_a_date_and_a_source():
    for rate in load_data_dir(DATA).rates:
        assert rate.as_of and rate.source and rate.rate > 0
