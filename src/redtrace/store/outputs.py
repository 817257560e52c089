"""The files `redtrace screen` writes, exactly as the contract lists them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from redtrace.engine import Engine
from redtrace.io.dataset import ReadResult
from redtrace.model.contract import ORDERS_SCORED_COLUMNS, PARTIES_SCORED_COLUMNS, REJECTED_COLUMNS
from redtrace.reference import indicator
from redtrace.rules.base import Rule


def rule_catalogue(rules: list[Rule]) -> pd.DataFrame:
    """One row per rule with what it cites, for joining onto flags."""
    rows = []
    for rule in rules:
        cited = [indicator(i) for i in rule.indicators]
        rows.append(
            {
                "rule_id": rule.id,
                "title": rule.title,
                "rationale": rule.rationale,
                "indicators": ";".join(rule.indicators),
                "indicator_meanings": " | ".join(f"{c['id']}: {c['meaning']}" for c in cited),
                "sources": " | ".join(sorted({c["source"] for c in cited})),
            }
        )
    return pd.DataFrame(rows, columns=["rule_id", "title", "rationale", "indicators", "indicator_meanings", "sources"]).astype("string")


def write_outputs(engine: Engine, read: ReadResult, out: Path, rules: list[Rule], sections: list[str] = ()) -> None:
    from redtrace.report import write_report

    engine.register("rule_catalogue", rule_catalogue(rules))
    engine.write_csv(
        f"SELECT {', '.join(ORDERS_SCORED_COLUMNS)} FROM (SELECT order_id, round(score, 6) AS score, decision, flags "
        "FROM order_scores) s ORDER BY score DESC, order_id",
        out / "orders_scored.csv",
    )
    matches = (
        "(SELECT party_id, " + engine.dialect.string_agg("list_name || ':' || entry_id", ";") + " AS watchlist_matches "
        "FROM watchlist_hits GROUP BY party_id)"
        if engine.has("watchlist_hits")
        else "(SELECT CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS watchlist_matches WHERE 1 = 0)"
    )
    engine.write_csv(
        f"SELECT {', '.join(PARTIES_SCORED_COLUMNS)} FROM (SELECT s.party_id, round(s.score, 6) AS score, s.flags, "
        f"coalesce(w.watchlist_matches, '') AS watchlist_matches FROM party_scores s LEFT JOIN {matches} w "
        "ON w.party_id = s.party_id) p ORDER BY score DESC, party_id",
        out / "parties_scored.csv",
    )
    engine.write_jsonl(
        """SELECT f.rule_id, c.title, f.target_kind, f.target_id, f.severity, round(f.strength, 4) AS strength,
                  round(f.contribution, 4) AS contribution, f.evidence,
                  c.indicators, c.indicator_meanings, c.sources AS source
           FROM flag_weights f JOIN rule_catalogue c ON c.rule_id = f.rule_id
           ORDER BY f.contribution DESC, f.target_kind, f.target_id, f.rule_id""",
        out / "flags.jsonl",
    )
    read.rejected[list(REJECTED_COLUMNS)].to_csv(out / "rejected.csv", index=False)
    write_report(engine, read, out / "report.html", sections)
