"""payment.third_party: the order is paid by someone who is not the buyer and does not belong to it.

CAR found a luxury car-hire firm in Istanbul paying for a UK company's motion-control units, and
unrelated parties paying USD 200,000 for sorbitol. A parent, subsidiary, owner or sister company
paying is ordinary group treasury (see `_links`); anyone else paying breaks the link between the
goods and the money. Worse when the payer sits in a third country, runs an unrelated business,
or pays for several unrelated buyers; milder for goods that are not controlled.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.reference import nace_title
from redtrace.rules._links import party_links
from redtrace.rules.base import RESOLVED, Rule

COLUMNS = ["target_id", "strength", "evidence"]
# NACE divisions of consumer-facing and cash-rich trades that have no reason to settle a
# company's bills for industrial goods (car hire, retail, hotels, travel, gambling, personal
# services), and money-exchange offices (CAR: money-transfer payments).
CONSUMER_TRADES = ("45", "47", "55", "56", "77", "79", "92", "93", "96")
EXCHANGE = ("66.12", "64.99")


def _business(nace, activity) -> str:
    if isinstance(activity, str) and activity.strip():
        return activity.strip()
    title = nace_title(nace) if isinstance(nace, str) else None
    return title.lower() if title else "an undeclared business"


def compute(engine) -> pd.DataFrame:
    links = party_links(engine)
    df = engine.df(
        f"""SELECT o.order_id, o.buyer_id, o.buyer_name, o.buyer_country, o.buyer_nace, o.ship_to_country,
                   o.payer_id, o.payment_method, o.n_controlled_lines, o.controlled_labels, o.order_value, o.currency,
                   p.name AS payer_name, p.country AS payer_country, p.kind AS payer_kind,
                   pa.nace AS payer_nace, p.activity AS payer_activity
            FROM orders_x o
            LEFT JOIN parties p ON p.party_id = o.payer_id
            LEFT JOIN party_activity pa ON pa.party_id = o.payer_id
            WHERE (o.payer_id IS NOT NULL AND o.payer_id <> o.buyer_id
                   AND NOT EXISTS (SELECT 1 FROM {links} k WHERE k.party_a = o.buyer_id AND k.party_b = o.payer_id))
               OR (o.payer_id IS NULL AND o.payment_method = 'third_party')"""
    )
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    named = df[df.payer_id.notna()]
    # A payer settling the bills of several unrelated buyers is a paying agent for a network.
    buyers_per_payer = named.groupby("payer_id").buyer_id.nunique()
    rows = []
    for r in records(df):
        controlled = (r.n_controlled_lines or 0) > 0
        goods = f"controlled goods ({r.controlled_labels})" if controlled else "the goods"
        if pd.isna(r.payer_id):
            strength = 0.45 * (1.0 if controlled else 0.6)
            rows.append((r.order_id, strength, f"{goods} paid through an unnamed third party; the payer is not on the order"))
            continue
        strength = 0.6
        reasons = []
        third_country = isinstance(r.payer_country, str) and r.payer_country not in (r.buyer_country, r.ship_to_country)
        if third_country:
            strength += 0.15
            reasons.append(f"the payer is in a third country ({r.payer_country}; buyer in {r.buyer_country}, goods to {r.ship_to_country})")
        payer_section, buyer_section = str(r.payer_nace or "")[:2], str(r.buyer_nace or "")[:2]
        if payer_section and buyer_section and payer_section != buyer_section:
            strength += 0.1
            if payer_section in CONSUMER_TRADES or str(r.payer_nace) in EXCHANGE:
                strength += 0.1
            reasons.append(f"its business ({_business(r.payer_nace, r.payer_activity)}) has nothing to do with the buyer's")
        n_buyers = int(buyers_per_payer.get(r.payer_id, 1))
        if n_buyers > 1:
            strength += 0.1
            reasons.append(f"it paid for {n_buyers} different buyers")
        if r.payer_kind == "person":
            reasons.append("the payer is a private person")
        if not controlled:
            strength *= 0.6
        text = (f"{goods} bought by '{r.buyer_name}' were paid by '{r.payer_name}', which has no ownership or "
                f"management link to the buyer")
        rows.append((r.order_id, min(strength, 1.0), text + ("; " + "; ".join(reasons) if reasons else "")))
    return pd.DataFrame(rows, columns=COLUMNS)


RULE = Rule(
    id="payment.third_party",
    title="Paid by an unrelated third party",
    target="order",
    severity="high",
    indicators=("CAR20-02", "FATF08-20", "FATF08-16"),
    rationale=(
        "Payment from a party that is neither the buyer nor part of its group hides who is really "
        "buying; CAR traced IS purchases paid by a car-hire firm and by unrelated parties."
    ),
    compute=compute,
    reads=RESOLVED,
)
