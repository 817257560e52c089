"""What the screened dataset says about an order or a party, when the reviewer points at it.

The screen's outputs hold scores and flags but not who bought what: without the dataset an order's
page can only name the party flags it inherited. With it, the page shows the order's parties and
goods, and each party flag that counts on the order next to the party it was raised on.
"""

from __future__ import annotations

from typing import Callable

from redtrace.io.validate import q
from redtrace.scoring import ROLE_SHARE

Rows = Callable[[str], list[dict]]
PARTY_ORDERS_SHOWN = 50


def order_context(rows: Rows, order_id: str) -> dict | None:
    found = rows(f"SELECT * FROM orders WHERE order_id = {q(order_id)}")
    if not found:
        return None
    o = found[0]
    ids = [i for i in {o["seller_id"], o["buyer_id"], o["consignee_id"], o["payer_id"]} if i]
    names = {r["party_id"]: r for r in rows(
        f"SELECT party_id, name, country FROM parties WHERE party_id IN ({', '.join(q(i) for i in ids)})")}
    lines = rows(
        "SELECT line_no, hs_code, description, quantity, unit, unit_price FROM order_lines "
        f"WHERE order_id = {q(order_id)} ORDER BY line_no"
    )
    return {
        "order_date": o["order_date"],
        **{role: names.get(o[f"{role}_id"]) for role in ("seller", "buyer", "consignee", "payer")},
        "ship_to": ", ".join(p for p in (o["ship_to_address"], o["ship_to_city"], o["ship_to_region"], o["ship_to_country"]) if p),
        "payment_method": o["payment_method"],
        "currency": o["currency"],
        "declared_end_use": o["declared_end_use"],
        "declared_end_user": o["declared_end_user"],
        "freight_forwarder": o["freight_forwarder"],
        "lines": lines,
    }


def order_parties(rows: Rows, order_id: str) -> list[dict]:
    """The parties whose flags count on the order (the scoring's roles), with the role each plays."""
    roles = " UNION ALL ".join(
        f"SELECT '{role.removesuffix('_id')}' AS role, {role} AS party_id FROM orders WHERE order_id = {q(order_id)}"
        for role in ROLE_SHARE
    )
    return rows(f"SELECT r.role, r.party_id, p.name FROM ({roles}) r JOIN parties p ON p.party_id = r.party_id")


def party_context(rows: Rows, party_id: str) -> dict | None:
    found = rows(
        "SELECT name, kind, aliases, country, city, registration_id, incorporated_on, activity_code, activity, employees "
        f"FROM parties WHERE party_id = {q(party_id)}"
    )
    if not found:
        return None
    roles = " UNION ALL ".join(
        f"SELECT order_id, '{role.removesuffix('_id')}' AS role FROM orders WHERE {role} = {q(party_id)}"
        for role in ("buyer_id", "consignee_id", "payer_id", "seller_id")
    )
    orders = rows(
        f"SELECT r.order_id, r.role, s.score, s.decision FROM ({roles}) r JOIN orders_scored s ON s.order_id = r.order_id "
        f"ORDER BY s.score DESC, r.order_id, r.role LIMIT {PARTY_ORDERS_SHOWN}"
    )
    return {**found[0], "orders": orders}
