"""The human-readable report: top cases with every flag explained, indicators, rejected input.

Capabilities that have more to show (network pictures, traces) hand in HTML fragments (each a
`<section>` with its own heading, values escaped by whoever built it); the report renders the same
flag records that flags.jsonl holds.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import jinja2

from redtrace import __version__
from redtrace.engine import Engine
from redtrace.io.dataset import ReadResult
from redtrace.scoring import contribution_rows_sql

TOP_ORDERS = 30
TOP_PARTIES = 20
REJECTED_SHOWN = 50


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("redtrace.report", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


def _records(frame) -> list[dict]:
    """Rows as dicts with missing values as None, so the template shows blanks, not 'nan'."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


# What a case shows of an order beyond the order itself, from the normalised orders (`orders_x`).
# Those are wide (a million orders: 0.6 GiB) and dropped after the indicators; these columns are
# kept for the report as `order_profiles`.
PROFILE_COLUMNS = ("buyer_name", "buyer_country", "buyer_nace", "buyer_activity", "seller_name", "seller_country",
                   "controlled_labels", "controlled_kg")


def keep_order_profiles(engine: Engine) -> None:
    engine.create("order_profiles", f"SELECT order_id, {', '.join(PROFILE_COLUMNS)} FROM orders_x")


def top_cases(engine: Engine, limit: int = TOP_ORDERS) -> list[dict]:
    # The cases are chosen before the orders' columns join them: joined first, every order held
    # or reviewed (a million orders: tens of thousands) was joined to its order and profile.
    orders = engine.df(
        f"""SELECT s.order_id, s.score, s.decision, o.order_date, o.buyer_id, p.buyer_name, p.buyer_country,
                   p.buyer_nace, p.buyer_activity, p.seller_name, p.seller_country, o.ship_to_country,
                   o.ship_to_region, o.ship_to_city, o.payment_method, p.controlled_labels, p.controlled_kg
            FROM (SELECT order_id, score, decision FROM order_scores WHERE decision <> 'clear'
                  ORDER BY score DESC, order_id LIMIT {int(limit)}) s
            JOIN orders o ON o.order_id = s.order_id JOIN order_profiles p ON p.order_id = s.order_id
            ORDER BY s.score DESC, s.order_id"""
    )
    if orders.empty:
        return []
    ids = ", ".join("'" + i.replace("'", "''") + "'" for i in orders.order_id)
    flags = engine.df(
        f"""SELECT c.order_id, c.rule_id, c.via, c.severity, c.contribution, c.evidence, r.title, r.indicators,
                   r.indicator_meanings, r.sources
            FROM ({contribution_rows_sql(evidence=True, orders=ids)}) c JOIN rule_catalogue r ON r.rule_id = c.rule_id
            ORDER BY c.contribution DESC, c.rule_id, c.via"""
    )
    by_order = {k: g.to_dict("records") for k, g in flags.groupby("order_id")}
    return [dict(o, flags=by_order.get(o["order_id"], [])) for o in _records(orders)]


def report_facts(engine: Engine, read: ReadResult) -> dict:
    """What the report shows but the sections: the engine's part, which needs only the scores."""
    decisions = dict(engine.df("SELECT decision, count(*) AS n FROM order_scores GROUP BY decision").itertuples(index=False))
    # Flags counted per rule before the rules' texts join them: grouped on the texts, every flag
    # would carry them.
    rules = engine.df(
        """SELECT r.rule_id, r.title, r.rationale, r.indicators, r.indicator_meanings, r.sources,
                  coalesce(f.raised, 0) AS raised
           FROM rule_catalogue r LEFT JOIN (SELECT rule_id, count(target_id) AS raised FROM flags GROUP BY rule_id) f
                ON f.rule_id = r.rule_id
           ORDER BY raised DESC, r.rule_id"""
    ).to_dict("records")
    parties = engine.df(
        f"""SELECT s.party_id, s.score, s.flags, s.cluster_id, p.name, p.kind, p.country, p.activity
            FROM party_scores s JOIN parties p ON p.party_id = s.party_id
            WHERE s.score > 0 ORDER BY s.score DESC, s.party_id LIMIT {TOP_PARTIES}"""
    )
    return dict(
        dataset=str(read.folder),
        counts=list(read.counts.values()),
        decisions={d: int(decisions.get(d, 0)) for d in ("hold", "review", "clear")},
        cases=top_cases(engine),
        parties=_records(parties),
        rules=rules,
        rejected=read.rejected.head(REJECTED_SHOWN).to_dict("records"),
        rejected_total=len(read.rejected),
    )


def render_report(facts: dict, path: Path, sections: list[str] = ()) -> None:
    html = _env().get_template("report.html").render(
        version=__version__, generated=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), sections=sections, **facts
    )
    Path(path).write_text(html, encoding="utf-8")
