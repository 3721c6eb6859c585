"""What to quote: the offers the sources price, each in its own currency, converted only at a dated
rate, chosen by the account's segment and the profiles it resembles, and the budget's fit said plainly."""

from __future__ import annotations

from decimal import Decimal

from calculators import quote, registry
from calculators.money import Money
from fit_fixture import playbook

RATE = [{"base": "GBP", "quote": "USD", "rate": 1.5, "as_of": "2030-01-31", "source": "Test rate"}]
RATED, BOOK = playbook(rates=RATE), playbook()


def test_prices_keep_their_source_currency_and_a_conversion_says_rate_and_date():
    span = RATED.pricing.retainer  # $850–$5,000 a month
    assert quote.shown_in(span, "USD", RATED.rates) == "$850–$5,000 a month"
    assert quote.shown_in(span, "GBP", RATED.rates) == (
        "$850–$5,000 a month (about £570–£3,330 at 1.5 (GBP/USD), as of 2030-01-31)")


def test_without_a_rate_a_price_is_shown_only_in_its_own_currency():
    assert quote.shown_in(BOOK.pricing.retainer, "GBP", BOOK.rates) == (
        "$850–$5,000 a month (no USD/GBP rate is set to show it in GBP)")


def test_the_smb_market_is_quoted_the_retainer_and_its_named_tiers():
    q = quote.what_to_quote("smb-market", (), None, "USD", RATED)
    assert [f.offer.id for f in q.chosen] == ["smb-retainer"]
    assert "Most popular tier: $2,500 a month" in q.chosen[0].text
    assert q.summary == "Give the annual budget to see which priced offer it fits."


def test_a_resembled_profile_is_quoted_its_typical_retainer():
    q = quote.what_to_quote("tier-2", ("bank-buyer",), Money(Decimal(240_000), "GBP"), "GBP", RATED)
    assert [f.offer.id for f in q.chosen] == ["bank-buyer"]
    assert q.summary == "A budget of £240,000 a year (£20,000 a month) fits: Bank buyer; Factory buyer."


def test_a_budget_between_the_retainer_and_every_profile_fits_none_and_says_where_it_falls():
    q = quote.what_to_quote("growth", (), Money(Decimal(60_000), "GBP"), "GBP", RATED)
    assert q.chosen == ()
    assert q.summary == ("A budget of £60,000 a year (£5,000 a month) fits none of the priced offers: above the "
                         "SMB retainer's $5,000 a month, below every profile (the lowest starts at £8,000 a month). "
                         f"Compared at {RATED.rates[0].words()}.")
    assert q.lines()[0].startswith("No source prices an engagement for this segment")


def test_a_budget_that_no_rate_reaches_is_not_judged_against_that_offer():
    q = quote.what_to_quote("growth", (), Money(Decimal(60_000), "GBP"), "GBP", BOOK)
    assert [f.verdict for f in q.others] == ["cannot-judge", "below", "below"]
    assert q.summary.endswith("Not judged against SMB retainer: no exchange rate (GBP:USD) is set; give it to "
                              "compare.")


def test_the_fit_check_says_what_to_quote_for_a_uk_account():
    result = registry.run("fit", {"industry": "Manufacturing", "employees": "420", "annual_revenue": "£38M",
                                  "annual_budget": "£60k", "currency": "GBP"}, RATED)
    quoted = result["values"]["quote"]
    assert quoted["summary"].startswith("A budget of £60,000 a year (£5,000 a month) fits none")
    assert "What to quote" in dict((label, key) for key, label in registry.declaration("fit").outputs)
    assert result["display"]["quote"].endswith(quoted["summary"])
