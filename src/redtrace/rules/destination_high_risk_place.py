"""destination.high_risk_place: goods delivered to an embargoed country, a province on a conflict
border, or a transshipment hub, by a buyer that is not from there.

IS procurement ended in southern Turkey: UAV engines bought by a UK company were delivered to a
phone shop in Sanliurfa; Akcakale and Siverek were delivery points near crossings into IS land.
Places come from `reference.place_risk` (sanctions, UN embargoes, CAR-named border districts, FATF
free-zone hubs), matched on the ship-to region and city in any spelling, then on the consignee's registered
region and city. Street addresses are not searched: they are unique per order, and fuzzy place
matching on each would cost minutes on a million orders for little gain (provinces and towns
sit in region and city). Local businesses of a border province buy the same goods every
day, so a regional place counts only when the buyer is registered elsewhere; an embargoed country
counts for anyone, at less than a third for its own businesses when the embargo targets armed
groups rather than the state (Iraq, Lebanon). Strength = the place's weight, scaled by the severity of the goods.
"""

from __future__ import annotations

import pandas as pd

from redtrace.reference import place_risk
from redtrace.rules.base import Rule

COLUMNS = ["target_id", "strength", "evidence"]
COUNTRY_WIDE_FOR_ANYONE = ("embargo", "sanctions")
COMPREHENSIVE = 0.9  # place weight of comprehensive sanctions (North Korea, Iran, Crimea...)


def _text(*parts) -> str:
    return " ".join(str(p) for p in parts if isinstance(p, str) and p.strip())


def _place(country, text, cache: dict) -> dict | None:
    key = (country, text)
    if key not in cache:
        hits = place_risk(country, text) if isinstance(country, str) else []
        cache[key] = hits[0] if hits else None
    return cache[key]


def _local(place: dict, buyer_country, buyer_text, cache: dict) -> bool:
    """The buyer is registered in the place itself (same region, or same country for a country row)."""
    if buyer_country != place["country"]:
        return False
    if not place["region"]:
        return True
    own = place_risk(buyer_country, buyer_text) if (buyer_country, buyer_text) not in cache else cache[(buyer_country, buyer_text)]
    cache[(buyer_country, buyer_text)] = own
    return any(r["region"] == place["region"] for r in own)


def compute(engine) -> pd.DataFrame:
    df = engine.df(
        """SELECT o.order_id, o.ship_to_country, o.ship_to_region, o.ship_to_city,
                  o.consignee_id, c.name AS consignee_name, c.country AS consignee_country, c.region AS consignee_region,
                  c.city AS consignee_city,
                  o.buyer_name, o.buyer_country, b.region AS buyer_region, b.city AS buyer_city,
                  o.max_goods_severity, o.n_controlled_lines, o.controlled_labels
           FROM orders_x o JOIN parties b ON b.party_id = o.buyer_id
           -- The condition sits inside the key: an extra predicate on a LEFT JOIN makes DuckDB
           -- fall back to a nested-loop join (minutes on a million orders).
           LEFT JOIN parties c ON c.party_id = CASE WHEN o.consignee_id <> o.buyer_id THEN o.consignee_id END"""
    )
    places: dict = {}
    locals_: dict = {}
    rows = []
    for r in df.itertuples(index=False):
        place = _place(r.ship_to_country, _text(r.ship_to_region, r.ship_to_city), places)
        where = "ship-to"
        if place is None and isinstance(r.consignee_country, str):
            place = _place(r.consignee_country, _text(r.consignee_region, r.consignee_city), places)
            where = f"consignee '{r.consignee_name}'"
        if place is None:
            continue
        buyer_text = _text(r.buyer_region, r.buyer_city)
        local = _local(place, r.buyer_country, buyer_text, locals_)
        if local and place["kind"] not in COUNTRY_WIDE_FOR_ANYONE:
            continue
        severity = float(r.max_goods_severity or 0.0)
        strength = float(place["weight"]) * (0.5 + 0.5 * severity)
        # A targeted embargo (on armed groups, not the state) leaves local businesses trading:
        # a local buyer there counts for less than a foreign one sending goods in.
        if local and float(place["weight"]) < COMPREHENSIVE:
            strength *= 0.3
        name = place["region"] or place["country"]
        kind = str(place["kind"]).replace("_", " ")
        goods = f"controlled goods ({r.controlled_labels})" if (r.n_controlled_lines or 0) > 0 else "goods"
        buyer = f"buyer '{r.buyer_name}' is registered in {r.buyer_country or 'an unknown country'}"
        rows.append((r.order_id, strength,
                     f"{goods} go to {name}, {place['country']} ({where}; {kind}, place weight {float(place['weight']):.1f}: "
                     f"{place['reason']}); {buyer}"))
    return pd.DataFrame(rows, columns=COLUMNS)


RULE = Rule(
    id="destination.high_risk_place",
    title="Delivery to an embargoed country, conflict border or transshipment hub",
    target="order",
    severity="medium",
    indicators=("FATF08-01", "FATF08-02", "CAR20-04", "BIS-09"),
    rationale=(
        "Deliveries near crossings into a conflict zone, into embargoed countries or through "
        "re-export hubs are how controlled goods reach armed groups."
    ),
    compute=compute,
)
