"""net.transshipment_chain: an order that is one link of a chain carrying goods across two
borders through an intermediary (seller A -> buyer B -> consignee C).

Front companies exist to stand between a supplier and the real end user: the UK company that
bought drone engines from European suppliers and had them shipped to a phone shop in southern
Turkey is the textbook case. The chain is built on resolved entities, so a buyer shipping to
itself under another spelling is not a chain.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.network.typologies import chains
from redtrace.rules.base import RESOLVED, Rule


def chain_strength(chain: pd.DataFrame) -> pd.Series:
    # Re-routing ordinary goods is everyday distribution; re-routing controlled goods is the signal.
    return 0.4 + 0.45 * (chain.controlled_lines > 0) + 0.15 * (chain.destination_country != chain.origin_country)


def chain_sentence(r) -> str:
    goods = f"controlled goods ({r.goods})" if r.controlled_lines else "goods"
    if r.shape == "consigned":
        return (f"{goods} sold by '{r.origin_name}' ({r.origin_country}) to '{r.intermediary_name}' "
                f"({r.intermediary_country}) were shipped on to a third party, '{r.destination_name}', "
                f"in {r.destination_country}")
    return (f"'{r.intermediary_name}' ({r.intermediary_country}) bought {goods} from '{r.origin_name}' "
            f"({r.origin_country}) in order {r.other_order_id} and sold the same HS heading on to "
            f"'{r.destination_name}' in {r.destination_country}")


def compute(engine) -> pd.DataFrame:
    ch = chains(engine)
    if ch.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    ch["strength"] = chain_strength(ch)
    ch["evidence"] = [chain_sentence(r) for r in records(ch)]
    # A re-sale chain flags both of its orders.
    first = ch[ch.other_order_id.notna()].assign(order_id=lambda d: d.other_order_id)
    flagged = pd.concat([ch, first]).sort_values(["strength", "order_id"], ascending=[False, True])
    flagged = flagged.drop_duplicates("order_id")
    return flagged.rename(columns={"order_id": "target_id"})[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.transshipment_chain",
    title="Order in a cross-border transshipment chain",
    target="order",
    severity="low",
    indicators=("FATF08-10", "CAR20-03", "FATF08-06"),
    rationale=(
        "Goods routed through an intermediary in one country to a third party in another hide "
        "the end user from the supplier; front companies of procurement networks do exactly this."
    ),
    compute=compute,
    reads=RESOLVED,
)
