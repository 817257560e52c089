"""context.buyer_history: the buyer has another order that is itself worth reviewing.

Procurement networks rarely place one bad order: a front that had engines shipped to a border
town or had its bills paid by an exchange office is buying for the network on its other orders
too, even when those look plain (FATF: a customer's history of suspicious dealings; CAR: the same
companies bought again and again). This needs every other indicator's verdict first, so scoring
raises it in a second pass (`redtrace.scoring.buyer_history_flags`): it fires on an order when
another order of the same buyer (or resolved entity) scores at or above the review cut, with that
order's score as strength and its flags in the evidence. The rule is declared here so that the
flag is catalogued, cited and explained like any other; at detection time it raises nothing.
"""

from __future__ import annotations

import pandas as pd

from redtrace.rules.base import Rule


def compute(engine) -> pd.DataFrame:
    return pd.DataFrame(columns=["target_id", "strength", "evidence"])


RULE = Rule(
    id="context.buyer_history",
    title="Buyer's other orders are risky",
    target="order",
    severity="medium",
    indicators=("FATF08-03", "CAR20-05"),
    rationale=(
        "A customer with another order worth reviewing is more likely to be buying for a network "
        "on this one too."
    ),
    compute=compute,
)
