"""Red-flag indicators: one module per indicator, each defining `RULE` (see base.Rule).

`run_rules` evaluates every rule over the normalised tables and creates the `flags` table:
rule_id, target_kind, target_id, severity, strength, evidence.
"""

from __future__ import annotations

from importlib import import_module
from typing import Callable, Mapping

from redtrace.engine import Engine
from redtrace.rules.base import FLAG_COLUMNS, Rule

# The indicators `redtrace screen` runs, in the order the report lists them.
RULE_MODULES: tuple[str, ...] = (
    "goods_controlled",
    "payment_cash",
    "payment_third_party", "destination_high_risk_place", "destination_diverted", "structuring_split_orders", "context_buyer_history",
    "watchlist_match",
    "fit_business_mismatch", "customer_new", "enduse_vague", "enduse_end_user", "quantity_abnormal", "goods_combination",
    "net_formation_agent_hub", "net_transshipment_chain", "net_linked_buyers", "net_risk_proximity", "net_flagged_link",
)


def all_rules() -> list[Rule]:
    return [import_module(f"redtrace.rules.{name}").RULE for name in RULE_MODULES]


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def run_rules(
    engine: Engine,
    rules: list[Rule] | None = None,
    progress: Callable[[Rule], None] | None = None,
    deferred: Mapping[str, Callable[[], None]] = {},
) -> list[str]:
    """Create the `flags` table; returns the ids of rules skipped for lack of an input table.

    `deferred` maps input tables still being made elsewhere to a function that waits for them:
    the rules that need or read them run after the others. Flags keep the rules' order either way.
    """
    rules = all_rules() if rules is None else rules
    parts, skipped = [None] * len(rules), []

    def waits(rule: Rule) -> list[Callable[[], None]]:
        return [deferred[t] for t in rule.needs + rule.reads if t in deferred]

    for i in sorted(range(len(rules)), key=lambda i: bool(waits(rules[i]))):
        rule = rules[i]
        for wait in waits(rule):
            wait()
        if progress:
            progress(rule)
        if any(not engine.has(t) for t in rule.needs):
            skipped.append(rule.id)
            continue
        table = f"flag_part_{i}"
        if rule.sql is not None:
            engine.create(table, rule.sql)
        else:
            engine.register(table, rule.compute(engine))
        missing = {"target_id", "strength", "evidence"} - set(engine.columns(table))
        if missing:
            raise ValueError(f"rule {rule.id} returned no column(s) {sorted(missing)}")
        parts[i] = (
            f"SELECT {_q(rule.id)} AS rule_id, {_q(rule.target)} AS target_kind, CAST(target_id AS STRING) AS target_id, "
            f"{_q(rule.severity)} AS severity, "
            f"least(1.0, greatest(0.0, CAST(strength AS DOUBLE))) AS strength, CAST(evidence AS STRING) AS evidence "
            f"FROM {table} WHERE strength > 0"
        )
    empty = (
        "SELECT CAST(NULL AS STRING) AS rule_id, CAST(NULL AS STRING) AS target_kind, CAST(NULL AS STRING) AS target_id, "
        "CAST(NULL AS STRING) AS severity, CAST(NULL AS DOUBLE) AS strength, CAST(NULL AS STRING) AS evidence WHERE 1 = 0"
    )
    parts = [p for p in parts if p is not None]
    engine.create("flags", " UNION ALL ".join(parts) if parts else empty)
    engine.drop(*(f"flag_part_{i}" for i in range(len(rules))))
    return skipped


__all__ = ["FLAG_COLUMNS", "RULE_MODULES", "Rule", "all_rules", "run_rules"]
