"""The report's trace section: each recovered item, the sale it most likely left the legal chain
at, how its markings were read, and the chain of custody. Every value is escaped; the report
embeds the fragment as is."""

from __future__ import annotations

from html import escape

import pandas as pd

from redtrace.trace.evaluate import CONFIDENT

# The report is for people: a long tail of weak candidates is in traces.csv, not here.
ITEMS_SHOWN = 50


def _e(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return escape(str(value))


def trace_section_html(traces: pd.DataFrame, chains: pd.DataFrame, readings: pd.DataFrame | None = None) -> str:
    """HTML fragment (a <section>) for the report, from `trace_items`' result tables."""
    n_items = traces["item_id"].nunique() if len(traces) else 0
    confident = chains[chains["confidence"] >= CONFIDENT] if len(chains) else chains
    parts = [
        '<section class="trace">',
        "<h2>Recovered items traced to sales</h2>",
        f"<p>{n_items} item(s) with at least one candidate sale; {len(confident)} traced with confidence "
        f"&ge; {CONFIDENT}. Confidence below that means the markings fit the sale but do not single it out, "
        "or the item's sale may not be in the data.</p>",
    ]
    if chains.empty:
        parts += ["<p>No item could be traced.</p>", "</section>"]
        return "\n".join(parts)
    reading = {}
    if readings is not None and len(readings):
        top = readings[readings["rank"] == 1]
        reading = dict(zip(top["item_id"], top["reading"]))
    matched = dict(zip(traces.loc[traces["rank"] == 1, "item_id"], traces.loc[traces["rank"] == 1, "matched_on"]))
    alternatives = traces[traces["rank"] > 1].groupby("item_id")["order_id"].apply(lambda s: ", ".join(s.astype(str)))
    parts.append('<table class="traces"><thead><tr><th>item</th><th>sale</th><th>confidence</th>'
                 "<th>markings</th><th>chain of custody</th><th>diversion</th><th>buyer's other orders</th></tr></thead><tbody>")
    for row in chains.sort_values("confidence", ascending=False).head(ITEMS_SHOWN).to_dict("records"):
        item = row["item_id"]
        chain = " &rarr; ".join(
            _e(x) for x in (
                row["manufacturer"],
                f"{row.get('upstream_seller_name') or row.get('upstream_seller_id')} (sold on order "
                f"{row['upstream_order_id']} of {row.get('upstream_order_date') or '?'})" if row.get("upstream_order_id") else "",
                f"{row['seller_name']} ({row['seller_country']})",
                f"{row['buyer_name']} ({row['buyer_country']})",
                f"{row['consignee_name']} ({row['consignee_country']})" if row["consignee_id"] and row["consignee_id"] != row["buyer_id"] else "",
                f"shipped to {row['ship_to_city'] or row['ship_to_region'] or ''} {row['ship_to_country']} on order of {row['order_date']}",
                f"recovered {row['recovered_place'] or ''} {row['recovered_country']} {row['recovered_on']}",
            ) if x and str(x).strip()
        )
        others = _e(row["buyer_other_orders"]) or "none"
        if row.get("buyer_cluster_id"):
            others += f"<br>entity {_e(row['buyer_cluster_id'])}: {_e(row['cluster_other_orders']) or 'no more'}"
        if row.get("buyer_community"):
            others += f"<br>community {_e(row['buyer_community'])}"
        alt = alternatives.get(item)
        parts.append(
            "<tr>"
            f"<td>{_e(item)}</td>"
            f"<td>{_e(row['order_id'])} line {_e(row['line_no'])}{'<br>also: ' + _e(alt) if alt else ''}</td>"
            f"<td>{float(row['confidence']):.2f}</td>"
            f"<td>{_e(reading.get(item, ''))}<br><small>{_e(matched.get(item, ''))}</small></td>"
            f"<td>{chain}</td>"
            f"<td>last legitimate holder: {_e(row['last_legitimate_holder'])}<br>"
            f"left the legal chain at: {_e(row['diversion_point'])}<br><small>{_e(row['diversion_signs'])}</small></td>"
            f"<td>{others}</td>"
            "</tr>"
        )
    parts += ["</tbody></table>", "</section>"]
    return "\n".join(parts)
