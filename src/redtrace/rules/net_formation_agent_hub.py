"""net.formation_agent_hub: a company registered at an address, or run by a director, that many
recently incorporated companies share.

Company-formation agents sell a registered office and a nominee director to anyone; front
companies of procurement networks are bought off that shelf (the UK front companies in the
Conflict Armament Research case were shelf companies weeks old when they ordered). One address
or one director behind many young companies is the visible trace of such a factory.
"""

from __future__ import annotations

import pandas as pd

from redtrace.engine.base import records
from redtrace.network.context import prepare, reference_date_sql
from redtrace.rules.base import RESOLVED, Rule

# A hub: at least this many distinct companies (resolved clusters) on one address or director.
MIN_COMPANIES = 5
# "Young": incorporated at most this many days before the company's first order (or, if it has
# none, before the dataset's latest order). Shelf companies trade weeks after they are formed.
YOUNG_DAYS = 365


def _hubs_sql(engine, ref_date: str) -> str:
    cols = set(engine.columns("parties"))
    inc = "p.incorporated_on" if "incorporated_on" in cols else "CAST(NULL AS DATE)"
    address_text = "p.address" if "address" in cols else "CAST(NULL AS STRING)"
    roles = [c for c in ("seller_id", "buyer_id", "consignee_id", "payer_id") if c in engine.columns("orders")]
    first_order = " UNION ALL ".join(f"SELECT {r} AS party_id, order_date FROM orders" for r in roles)
    # One row per (hub, company cluster): hubs are addresses (normalised) and persons who
    # direct or own companies.
    company_at = f"""
        SELECT 'address' AS hub_type, k.address_key AS hub_id, min({address_text}) AS hub_label,
               c.cluster_id AS company, min({inc}) AS incorporated_on
        FROM party_keys k JOIN parties p ON p.party_id = k.party_id
        JOIN clusters c ON c.party_id = k.party_id
        WHERE k.address_key IS NOT NULL AND p.kind = 'company'
        GROUP BY k.address_key, c.cluster_id"""
    if engine.has("relations") and engine.count("relations"):
        company_at += f"""
        UNION ALL
        SELECT 'director' AS hub_type, cs.cluster_id AS hub_id, min(ps.name) AS hub_label,
               ct.cluster_id AS company, min({inc.replace('p.', 'pt.')}) AS incorporated_on
        FROM relations r JOIN clusters cs ON cs.party_id = r.source_id
        JOIN clusters ct ON ct.party_id = r.target_id
        JOIN parties ps ON ps.party_id = r.source_id JOIN parties pt ON pt.party_id = r.target_id
        WHERE r.kind IN ('director', 'owner', 'shareholder', 'representative') AND pt.kind = 'company'
        GROUP BY cs.cluster_id, ct.cluster_id"""
    age = engine.dialect.date_diff_days("h.incorporated_on", "coalesce(f.first_order, (SELECT d FROM ref))")
    return f"""
        WITH ref AS (SELECT {ref_date} AS d),
        firsts AS (SELECT c.cluster_id, min(t.order_date) AS first_order
                   FROM ({first_order}) t JOIN clusters c ON c.party_id = t.party_id GROUP BY c.cluster_id),
        holding AS (
            SELECT h.*, f.first_order, {age} AS age_days
            FROM ({company_at}) h LEFT JOIN firsts f ON f.cluster_id = h.company),
        hubs AS (
            SELECT hub_type, hub_id, mode(hub_label) AS hub_label, count(*) AS companies,
                   CAST(sum(CASE WHEN age_days BETWEEN 0 AND {YOUNG_DAYS} THEN 1 ELSE 0 END) AS BIGINT) AS young
            FROM holding GROUP BY hub_type, hub_id HAVING count(*) >= {MIN_COMPANIES})
        SELECT h.hub_type, h.hub_id, h.hub_label, h.companies, h.young, holding.company, holding.age_days
        FROM hubs h JOIN holding ON holding.hub_type = h.hub_type AND holding.hub_id = h.hub_id
        -- An old company at a busy address is a tenant; a company formed there weeks before it
        -- started trading is the shelf product.
        WHERE holding.age_days BETWEEN 0 AND {YOUNG_DAYS}"""


def _evidence(r) -> str:
    others = int(r.companies) - 1
    if r.hub_type == "address":
        what = f"shares the address '{r.hub_label}' with {others} other companies"
    else:
        what = f"has the director/owner '{r.hub_label}', who controls {others} other companies"
    months = max(1, round(r.age_days / 30.4))
    return (what + f" ({int(r.young)} of the {int(r.companies)} formed less than a year before trading); "
            f"it was incorporated {months} month{'s' if months != 1 else ''} before its first order")


def compute(engine) -> pd.DataFrame:
    prepare(engine)
    hubs = engine.df(_hubs_sql(engine, reference_date_sql(engine)))
    if hubs.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    # More young companies on one hub: more clearly a factory; younger at first order: more shelf-like.
    factory = ((hubs.young - 1) / 10).clip(upper=1.0)
    fresh = 1 - (hubs.age_days / YOUNG_DAYS).clip(0, 1)
    hubs["strength"] = (0.4 + 0.3 * factory + 0.3 * fresh).clip(upper=1.0)
    hubs["evidence"] = [_evidence(r) for r in records(hubs)]
    best = hubs.sort_values(["strength", "hub_type"], ascending=[False, True]).drop_duplicates("company")
    members = engine.df("SELECT party_id, cluster_id FROM clusters")
    out = members.merge(best, left_on="cluster_id", right_on="company")
    return out.rename(columns={"party_id": "target_id"})[["target_id", "strength", "evidence"]]


RULE = Rule(
    id="net.formation_agent_hub",
    title="Registered at a company-formation hub",
    target="party",
    severity="medium",
    indicators=("FATF08-08", "CAR20-06"),
    rationale=(
        "A company formed weeks before it trades, at an address or under a director shared by "
        "many companies, is a formation agent's shelf product; procurement networks buy their "
        "front companies there."
    ),
    compute=compute,
    reads=RESOLVED,
    about_links=True,
)
