"""destination.diverted: the goods go somewhere other than to the buyer.

CAR: a UK company's UAV engines were shipped to a phone shop in Sanliurfa. FATF and BIS list an
order placed from one country for an end user in another, and a freight forwarder named as the
final destination. A subsidiary, parent or sister company receiving the goods is ordinary (see
`_links`). A buyer with a long history that sends a minority of its orders, again and again, to
the same receiver is drop-shipping to a customer of its own, and counts less; a buyer whose orders
mostly go to one unrelated receiver is buying for that receiver (BIS: a customer acting for
someone else) and counts in full.
Signals, strongest first:
- the consignee is a freight forwarder or warehouse (NACE section H) unrelated to the buyer;
- an unrelated consignee, worse when in another country than the buyer;
- no consignee but a ship-to country other than the buyer's.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.reference import nace_title
from redtrace.rules._links import party_links
from redtrace.rules.base import RESOLVED, Rule

COLUMNS = ["target_id", "strength", "evidence"]
# NACE Rev. 2 divisions of transport and storage: forwarders, hauliers, warehouses.
LOGISTICS = ("49", "50", "51", "52", "53")
# Consumer-facing trades (retail, hotels, car hire, personal services): no use for industrial goods.
CONSUMER_TRADES = ("45", "47", "55", "56", "77", "79", "92", "93", "96")
# A routine receiver: at least this many of the buyer's orders, out of a history at least this
# long, and under this share of them (most of its orders going there is the conduit's pattern).
ROUTINE_REPEATS = 3
ROUTINE_HISTORY = 10
ROUTINE_SHARE = 0.3


def compute(engine) -> pd.DataFrame:
    links = party_links(engine)
    df = engine.df(
        f"""SELECT o.order_id, o.buyer_id, o.buyer_name, o.buyer_country, o.ship_to_country, o.ship_to_city,
                   o.consignee_id, c.name AS consignee_name, c.country AS consignee_country, ca.nace AS consignee_nace,
                   c.activity AS consignee_activity, o.n_controlled_lines, o.controlled_labels, o.max_goods_severity,
                   o.freight_forwarder, o.declared_end_user
            FROM orders_x o
            LEFT JOIN parties c ON c.party_id = o.consignee_id
            LEFT JOIN party_activity ca ON ca.party_id = o.consignee_id
            WHERE (o.consignee_id IS NOT NULL AND o.consignee_id <> o.buyer_id
                   AND NOT EXISTS (SELECT 1 FROM {links} k WHERE k.party_a = o.buyer_id AND k.party_b = o.consignee_id))
               OR ((o.consignee_id IS NULL OR o.consignee_id = o.buyer_id) AND o.buyer_country IS NOT NULL
                   AND o.ship_to_country <> o.buyer_country)"""
    )
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    # The buyer's own history: how many of its orders went to this receiver or country.
    hist = engine.df(
        """SELECT buyer_id, coalesce(consignee_id, '') AS receiver, ship_to_country, count(*) AS n,
                  sum(count(*)) OVER (PARTITION BY buyer_id) AS total
           FROM orders GROUP BY buyer_id, coalesce(consignee_id, ''), ship_to_country"""
    )
    hist = {(h.buyer_id, h.receiver, h.ship_to_country): (int(h.n), int(h.total)) for h in records(hist)}
    rows = []
    for r in records(df):
        controlled = (r.n_controlled_lines or 0) > 0
        goods = f"controlled goods ({r.controlled_labels})" if controlled else "goods"
        buyer = f"'{r.buyer_name}' ({r.buyer_country})"
        if isinstance(r.consignee_id, str) and r.consignee_id != r.buyer_id:
            section = str(r.consignee_nace or "")[:2]
            if section in LOGISTICS:
                strength = 0.85
                what = nace_title(r.consignee_nace) or "transport and storage"
                text = (f"{goods} bought by {buyer} are consigned to '{r.consignee_name}' ({r.consignee_country}), "
                        f"a {what.lower()} business with no ownership or management link to the buyer: "
                        f"a forwarder named as the final destination")
            else:
                abroad = isinstance(r.consignee_country, str) and r.consignee_country != r.buyer_country
                strength = 0.7 if abroad else 0.5
                text = (f"{goods} bought by {buyer} are consigned to '{r.consignee_name}' "
                        f"({r.consignee_country or 'country unknown'}), which has no ownership or management link to the buyer"
                        + (f" and is in another country" if abroad else ""))
                if section in CONSUMER_TRADES and controlled:
                    strength += 0.1
                    what = r.consignee_activity if isinstance(r.consignee_activity, str) else (nace_title(r.consignee_nace) or "")
                    text += f"; the receiver is a consumer business ({what.lower()})"
            key = (r.buyer_id, r.consignee_id, r.ship_to_country)
        else:
            strength = 0.55
            text = f"{goods} bought by {buyer} are shipped to {r.ship_to_city or 'an address'} in {r.ship_to_country}, not to the buyer's country"
            key = (r.buyer_id, "", r.ship_to_country)
        if isinstance(r.freight_forwarder, str) and isinstance(r.declared_end_user, str) and \
                r.freight_forwarder.strip().casefold() == r.declared_end_user.strip().casefold():
            strength = max(strength, 0.85)
            text += f"; the declared end user is the forwarder '{r.freight_forwarder}'"
        n, total = hist.get(key, (1, 1))
        if total >= ROUTINE_HISTORY and n >= ROUTINE_REPEATS and n / total < ROUTINE_SHARE:
            strength *= 0.6
            text += f"; a routine receiver: the buyer sent {n} of its {total} orders there"
        if not controlled:
            strength *= 0.6
        rows.append((r.order_id, min(strength, 1.0), text))
    return pd.DataFrame(rows, columns=COLUMNS)


RULE = Rule(
    id="destination.diverted",
    title="Goods shipped to someone or somewhere other than the buyer",
    target="order",
    severity="high",
    indicators=("CAR20-03", "FATF08-06", "BIS-10", "FATF08-05", "FATF08-10"),
    rationale=(
        "A buyer that has goods delivered to an unrelated party, a forwarder, or another country "
        "hides the end user from its supplier."
    ),
    compute=compute,
    reads=RESOLVED,
)
