"""What to quote, for the profiles and pricing pages: every engagement the sources price, in its own
currency, converted only at the playbook's stated rates with their dates (calculators/quote.py)."""

from __future__ import annotations

from markupsafe import Markup

from calculators import quote
from calculators.model import Playbook

from .markup import blocks, cell_list, paragraph, scroll, table, text


def quote_table(playbook: Playbook) -> str:
    """One row per priced offer: its range as the source gives it, what it is in other currencies, and
    to which accounts it is quoted; then what the tiers' budgets are not."""
    rows = []
    for offer in quote.offers(playbook):
        elsewhere = quote.converted_elsewhere(offer.span, playbook.rates)
        price = quote.span_text(offer.span) + (f"; {offer.detail}" if offer.detail else "")
        rows.append((offer.name, price, cell_list(elsewhere) if elsewhere else "No rate is set to convert it",
                     quote.who(offer, playbook)))
    note = ("Each price keeps the currency its source gives it; a converted figure is an estimate at the rate "
            "shown, with its date, never a price the business set. The tiers' budgets are what an account can "
            "spend a year, not a price: the fit check compares an account's annual budget, a twelfth a month, "
            "with every offer here and says which it fits, or that it fits none.")
    rates = ("The rates: " + "; ".join(r.words() for r in playbook.rates) + "."
             if playbook.rates else "No exchange rate is set, so no price is shown in another currency.")
    return blocks(scroll(table(["Offer", "Price, as the source gives it", "In other currencies",
                                "Quote it to"], rows, row_headers=True, cls="alp-quote")),
                  paragraph(Markup(text(note))), paragraph(Markup(text(rates))))
