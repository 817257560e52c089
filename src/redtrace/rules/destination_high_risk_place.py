"""destination.high_risk_place: goods delivered to an embargoed country, a province on a conflict
border, or a transshipment hub, by a buyer that is not from there.

IS procurement ended in southern Turkey: UAV engines bought by a UK company were delivered to a
phone shop in Sanliurfa; Akcakale and Siverek were delivery points near crossings into IS land.
Places come from `reference.place_risk` (sanctions, UN embargoes, CAR-named border districts, FATF
free-zone hubs), matched on the ship-to region and city in any spelling, then on the consignee's registered
region and city. Street addresses are not searched: they are unique per order, and fuzzy place
matching on each would cost minutes on a million orders for little gain (provinces and towns
sit in region and city). Local businesses of a border province buy the same goods every
day, so a regional place counts only when the buyer is known to be registered elsewhere (most
orders into a country come from businesses there); an embargoed country
counts for anyone, at less than a third for its own businesses when the embargo targets armed
groups rather than the state (Iraq, Lebanon). Strength = the place's weight, scaled by the severity of the goods.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.reference import place_risk
from redtrace.rules.base import Rule

COLUMNS = ["target_id", "strength", "evidence"]
COUNTRY_WIDE_FOR_ANYONE = ("embargo", "sanctions")
COMPREHENSIVE = 0.9  # place weight of comprehensive sanctions (North Korea, Iran, Crimea...)


def _text(region: str, city: str) -> str:
    """SQL: region and city as one free-text place ('' when both are missing)."""
    return f"concat_ws(' ', NULLIF(trim({region}), ''), NULLIF(trim({city}), ''))"


def _register_places(engine) -> None:
    """Tables `hrp_party` (each party's registered place as text), `hrp_ship` (each distinct ship-to
    place as written, with its text), `hrp_first` (the heaviest high-risk place a (country, text)
    names) and `hrp_regions` (every high-risk region it names). Places are matched in Python on the
    distinct places only (a million orders name a few thousand), and the text of a place is built
    once per party or distinct ship-to place, not once per order."""
    engine.create("hrp_party", f"SELECT party_id, name, country, {_text('region', 'city')} AS text FROM parties")
    # Missing and empty parts make the same text, so they may share a key the orders can join on.
    engine.create(
        "hrp_ship",
        f"""SELECT country, region, city, {_text('region', 'city')} AS text FROM (
                SELECT DISTINCT ship_to_country AS country, coalesce(ship_to_region, '') AS region, coalesce(ship_to_city, '') AS city
                FROM orders_x WHERE ship_to_country IS NOT NULL) s""",
    )
    keys = engine.df(
        """SELECT DISTINCT country, text FROM (
               SELECT country, text FROM hrp_ship UNION ALL SELECT country, text FROM hrp_party) k
           WHERE country IS NOT NULL"""
    )
    first, regions = [], []
    for country, text in keys.itertuples(index=False):
        hits = place_risk(country, text)
        if hits:
            h = hits[0]
            first.append((country, text, h["country"], h["region"] or None, h["kind"], float(h["weight"]), h["reason"]))
        regions += [(country, text, r["region"]) for r in hits if r["region"]]
    engine.register("hrp_first", pd.DataFrame(first, columns=["country", "text", "place_country", "place_region", "kind", "weight", "reason"]).astype(
        {"country": "string", "text": "string", "place_country": "string", "place_region": "string", "kind": "string", "weight": "float64", "reason": "string"}))
    engine.register("hrp_regions", pd.DataFrame(regions, columns=["country", "text", "region"]).astype("string"))


def compute(engine) -> pd.DataFrame:
    _register_places(engine)
    df = engine.df(
        f"""WITH ship AS (
                SELECT p.country, p.region, p.city, f.place_country, f.place_region, f.kind, f.weight, f.reason
                FROM hrp_ship p JOIN hrp_first f ON f.country = p.country AND f.text = p.text),
            o AS (
                SELECT o.order_id, o.ship_to_country, coalesce(o.ship_to_region, '') AS ship_region, coalesce(o.ship_to_city, '') AS ship_city,
                       c.name AS consignee_name, c.country AS consignee_country, c.text AS consignee_text,
                       o.buyer_name, o.buyer_country, b.text AS buyer_text,
                       o.max_goods_severity, o.n_controlled_lines, o.controlled_labels
                FROM orders_x o JOIN hrp_party b ON b.party_id = o.buyer_id
                -- The condition sits inside the key: an extra predicate on a LEFT JOIN makes DuckDB
                -- fall back to a nested-loop join (minutes on a million orders).
                LEFT JOIN hrp_party c ON c.party_id = CASE WHEN o.consignee_id <> o.buyer_id THEN o.consignee_id END),
            placed AS (
                SELECT o.*, coalesce(s.place_country, c.place_country) AS place_country,
                       CASE WHEN s.country IS NOT NULL THEN s.place_region ELSE c.place_region END AS place_region,
                       coalesce(s.kind, c.kind) AS kind, coalesce(s.weight, c.weight) AS weight,
                       coalesce(s.reason, c.reason) AS reason, s.country IS NULL AS via_consignee
                FROM o
                LEFT JOIN ship s ON s.country = o.ship_to_country AND s.region = o.ship_region AND s.city = o.ship_city
                LEFT JOIN hrp_first c ON c.country = o.consignee_country AND c.text = o.consignee_text
                WHERE s.country IS NOT NULL OR c.country IS NOT NULL)
            SELECT * FROM (
                SELECT p.*,
                       -- Registered in the place itself: same region, or same country for a country row.
                       coalesce(p.buyer_country = p.place_country AND (p.place_region IS NULL OR EXISTS (
                           SELECT 1 FROM hrp_regions r WHERE r.country = p.buyer_country AND r.text = p.buyer_text
                                                         AND r.region = p.place_region)), FALSE) AS local
                FROM placed p) t
            -- Most orders to a border province come from its own businesses: drop them here, not
            -- after carrying hundreds of thousands of rows out of the engine. A buyer of unknown
            -- registration is not known to come from elsewhere.
            WHERE (NOT local AND buyer_country IS NOT NULL) OR kind IN ({", ".join(f"'{k}'" for k in COUNTRY_WIDE_FOR_ANYONE)})
            ORDER BY order_id"""
    )
    if df.empty:
        return pd.DataFrame(columns=COLUMNS)
    severity = df.max_goods_severity.fillna(0.0).astype(float)
    strength = df.weight * (0.5 + 0.5 * severity)
    # A targeted embargo (on armed groups, not the state) leaves local businesses trading:
    # a local buyer there counts for less than a foreign one sending goods in.
    strength = strength.where(~(df.local & (df.weight < COMPREHENSIVE)), strength * 0.3)
    evidence = [_sentence(r) for r in records(df)]
    return pd.DataFrame({"target_id": df.order_id.to_numpy(), "strength": strength.to_numpy(), "evidence": evidence})


def _sentence(r) -> str:
    name = f"{r.place_region}, {r.place_country}" if isinstance(r.place_region, str) else r.place_country
    where = f"consignee '{r.consignee_name}'" if r.via_consignee else "ship-to"
    kind = str(r.kind).replace("_", " ")
    goods = f"controlled goods ({r.controlled_labels})" if (r.n_controlled_lines or 0) > 0 else "goods"
    buyer = f"buyer '{r.buyer_name}' is registered in {r.buyer_country if isinstance(r.buyer_country, str) else 'an unknown country'}"
    return (f"{goods} go to {name} ({where}; {kind}, place weight {r.weight:.1f}: "
            f"{r.reason}); {buyer}")


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
