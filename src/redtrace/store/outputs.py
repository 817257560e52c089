"""The files `redtrace screen` writes, exactly as the contract lists them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from redtrace.engine import Engine
from redtrace.io.dataset import ReadResult
from redtrace.io.validate import q
from redtrace.model.contract import ORDERS_SCORED_COLUMNS, PARTIES_SCORED_COLUMNS, REJECTED_COLUMNS
from redtrace.reference import indicator
from redtrace.rules.base import Rule
from redtrace.scoring import flag_rows_sql


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
    """Every output file, the sections built already (benchmarks time this stage alone)."""
    with writing_outputs(engine, read, out, rules) as finish:
        finish(sections)


class OutputError(RuntimeError):
    """An output file could not be written."""


@contextmanager
def writing_outputs(engine: Engine, read: ReadResult, out: Path, rules: list[Rule]) -> Iterator[Callable[[list[str]], None]]:
    """Write the files that need only the scores (orders_scored.csv, parties_scored.csv,
    flags.jsonl, rejected.csv) and read what the report shows of them on another thread while the
    caller builds the report's sections; yields `finish(sections)`, which waits for them and
    writes report.html.

    The report's sections (the trace) are mostly Python holding the GIL, these files mostly
    engine work that does not, so the two overlap. The files are written over the engine's own
    cursor; the caller must not drop the scored tables meanwhile. Leaving the block waits for
    the writer either way; a file it could not write raises OutputError."""
    catalogue = rule_catalogue(rules)
    engine.register("rule_catalogue", catalogue)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="redtrace-outputs") as pool:
        files = pool.submit(_write_scored, engine.cursor(), read, out, catalogue)

        def finish(sections: list[str]) -> None:
            from redtrace.report import render_report

            render_report(files.result(), out / "report.html", sections)

        yield finish  # a failure in the caller's block propagates once the writer is done
    files.result()


def _write_scored(engine: Engine, read: ReadResult, out: Path, catalogue: pd.DataFrame) -> dict:
    """The scored files; returns the report's facts (`report.report_facts`)."""
    from redtrace.report import report_facts

    path = out / "orders_scored.csv"
    try:
        engine.write_csv(
            f"SELECT {', '.join(ORDERS_SCORED_COLUMNS)} FROM (SELECT order_id, round(score, 6) AS score, decision, flags "
            "FROM order_scores) s ORDER BY score DESC, order_id",
            path,
        )
        matches = (
            "(SELECT party_id, " + engine.dialect.string_agg("list_name || ':' || entry_id", ";") + " AS watchlist_matches "
            "FROM watchlist_hits GROUP BY party_id)"
            if engine.has("watchlist_hits")
            else "(SELECT CAST(NULL AS STRING) AS party_id, CAST(NULL AS STRING) AS watchlist_matches WHERE 1 = 0)"
        )
        path = out / "parties_scored.csv"
        engine.write_csv(
            f"SELECT {', '.join(PARTIES_SCORED_COLUMNS)} FROM (SELECT s.party_id, round(s.score, 6) AS score, s.flags, "
            f"coalesce(w.watchlist_matches, '') AS watchlist_matches FROM party_scores s LEFT JOIN {matches} w "
            "ON w.party_id = s.party_id) p ORDER BY score DESC, party_id",
            path,
        )
        path = out / "flags.jsonl"
        _write_flags(engine, catalogue, path)
        path = out / "rejected.csv"
        read.rejected[list(REJECTED_COLUMNS)].to_csv(path, index=False)
        path = out / "report.html"
        return report_facts(engine, read)
    except Exception as exc:
        raise OutputError(f"could not write {path}: {exc}") from exc


def _write_flags(engine: Engine, catalogue: pd.DataFrame, path: Path) -> None:
    """flags.jsonl, strongest contribution first (`scoring.flag_rows_sql`), each flag with its
    rule's title and sources.

    A line is the flag's own fields as JSON between its rule's texts, spelled as JSON once per
    rule and looked up per row once sorted. The texts are most of the file (72 %), and
    serialising them again for every flag was most of the writing; joined, they would also ride
    along in the sort (5 GiB more for 3M flags), and a join need not keep the order."""
    texts = dict(zip(catalogue["rule_id"], catalogue[["title", "indicators", "indicator_meanings", "sources"]].itertuples(index=False)))
    head = {r: _json({"rule_id": r, "title": t[0]})[:-1] + "," for r, t in texts.items()}
    tail = {r: "," + _json({"indicators": t[1], "indicator_meanings": t[2], "source": t[3]})[1:] for r, t in texts.items()}
    rule = engine.dialect.json_object({"rule_id": "f.rule_id"})
    own = engine.dialect.json_object({
        "target_kind": "f.target_kind", "target_id": "f.target_id", "severity": "f.severity",
        "strength": "round(f.strength, 4)", "contribution": "round(f.contribution, 4)", "evidence": "f.evidence"})
    # (A rule missing from the catalogue has no texts: nulls, as a row of NULLs writes.)
    head_sql = _lookup("f.rule_id", head, f"""substr({rule}, 1, length({rule}) - 1) || ',"title":null,'""")
    tail_sql = _lookup("f.rule_id", tail, q(',"indicators":null,"indicator_meanings":null,"source":null}'))
    engine.write_lines(f"SELECT {head_sql} || substr({own}, 2, length({own}) - 2) || {tail_sql} FROM ({flag_rows_sql()}) f", path)


def _json(values: dict) -> str:
    """`values` as one JSON object, spelled as the engines write a row."""
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _lookup(key: str, values: dict[str, str], otherwise: str = "NULL") -> str:
    """SQL: the value `key` maps to (`otherwise`, SQL, for keys not in `values`)."""
    return "CASE " + key + " " + " ".join(f"WHEN {q(k)} THEN {q(v)}" for k, v in values.items()) + f" ELSE {otherwise} END"
