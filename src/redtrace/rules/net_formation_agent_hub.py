"""net.formation_agent_hub: a company registered at an address, or run by a director, that many
recently incorporated companies share.

Company-formation agents sell a registered office and a nominee director to anyone; front
companies of procurement networks are bought off that shelf (the UK front companies in the
Conflict Armament Research case were shelf companies weeks old when they ordered). One address
or one director behind many young companies is the visible trace of such a factory.
"""

from __future__ import annotations

import pandas as pd

from redtrace.network.context import prepare, reference_date_sql
from redtrace.rules.base import Rule

# A hub: at least this many distinct companies (resolved clusters) on one address or director.
MIN_COMPANIES = 5
# "Recently incorporated": within this many years before the dataset's latest order.
RECENT_YEARS = 3


def _hubs_sql(engine, ref_date: str) -> str:
    cols = set(engine.columns("parties"))
    inc = "p.incorporated_on" if "incorporated_on" in cols else "CAST(NULL AS DATE)"
    address_text = "p.address" if "address" in cols else "CAST(NULL AS VARCHAR)"
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
    return f"""
        WITH ref AS (SELECT {ref_date} AS d),
        holding AS ({company_at}),
        hubs AS (
            SELECT hub_type, hub_id, mode(hub_label) AS hub_label, count(*) AS companies,
                   sum(CASE WHEN incorporated_on >= (SELECT d FROM ref) - INTERVAL {RECENT_YEARS} YEAR
                            THEN 1 ELSE 0 END) AS recent,
                   count(incorporated_on) AS dated,
                   min(year(incorporated_on)) FILTER (WHERE incorporated_on >= (SELECT d FROM ref) - INTERVAL {RECENT_YEARS} YEAR) AS since
            FROM holding GROUP BY hub_type, hub_id HAVING count(*) >= {MIN_COMPANIES})
        SELECT h.*, holding.company, holding.incorporated_on >= (SELECT d FROM ref) - INTERVAL {RECENT_YEARS} YEAR AS is_recent
        FROM hubs h JOIN holding ON holding.hub_type = h.hub_type AND holding.hub_id = h.hub_id
        -- Many companies at one big office building is normal; many *young* ones is the
        -- signal. Without incorporation dates the count alone is all there is.
        WHERE h.recent >= {MIN_COMPANIES} OR h.dated = 0"""


def _evidence(r) -> str:
    others = int(r.companies) - 1
    if r.hub_type == "address":
        what = f"shares the address '{r.hub_label}' with {others} other companies"
    else:
        what = f"has the director/owner '{r.hub_label}', who controls {others} other companies"
    if r.dated:
        what += f"; {int(r.recent)} of the {int(r.companies)} were incorporated since {int(r.since)}"
    return what


def compute(engine) -> pd.DataFrame:
    prepare(engine)
    hubs = engine.df(_hubs_sql(engine, reference_date_sql(engine)))
    if hubs.empty:
        return pd.DataFrame(columns=["target_id", "strength", "evidence"])
    # Bigger factories are stronger signals; a company that is itself young is the typical product.
    base = (hubs.recent.where(hubs.dated > 0, hubs.companies).clip(lower=1)).astype(float)
    hubs["strength"] = (0.4 + 0.3 * (base.map(lambda n: min(1.0, (n - MIN_COMPANIES + 1) / 20)))
                        + 0.3 * hubs.is_recent.fillna(False).astype(float)).clip(upper=1.0)
    hubs["evidence"] = [_evidence(r) for r in hubs.itertuples()]
    best = hubs.sort_values("strength", ascending=False).drop_duplicates("company")
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
        "Many recently incorporated companies on one address or one director point to a "
        "formation agent's shelf; procurement networks buy their front companies there."
    ),
    compute=compute,
)
