"""Combine flags into one score per order and per party, and decide clear / review / hold.

Default model (no labels needed, transparent): each flag contributes
    contribution = strength x weight(rule)
where a rule's weight defaults to its severity's (low 0.15, medium 0.35, high 0.6), and a
target's score is the noisy-OR of its contributions, 1 - prod(1 - c). An order also carries the
flags of its buyer, consignee and payer: a watchlisted buyer makes every one of its orders risky.
A party's score is the noisy-OR of its own flags and its riskiest order; parties resolved into one
entity (table `clusters`) share the entity's score.

Decisions come from a review budget: the top `budget` share of orders by score (never below
`floor`) is reviewed; of those, the ones at or above `hold_at` are held.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from redtrace.engine import Engine

SEVERITY_WEIGHT = {"low": 0.15, "medium": 0.35, "high": 0.6}
# How much of a party's flag an order inherits, by the party's role on the order.
ROLE_SHARE = {"buyer_id": 1.0, "consignee_id": 0.8, "payer_id": 0.8}
MAX_CONTRIBUTION = 0.999  # keeps log(1 - c) finite


@dataclass
class ScoringModel:
    weights: dict[str, float] = field(default_factory=dict)  # rule id -> weight; missing = severity default
    budget: float = 0.02
    floor: float = 0.25
    hold_at: float = 0.7

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2, sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> "ScoringModel":
        return cls(**json.loads(Path(path).read_text()))


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _weight_sql(model: ScoringModel) -> str:
    cases = " ".join(f"WHEN rule_id = {_q(r)} THEN {float(w)}" for r, w in sorted(model.weights.items()))
    defaults = " ".join(f"WHEN severity = {_q(s)} THEN {w}" for s, w in SEVERITY_WEIGHT.items())
    return f"CASE {cases} {defaults} ELSE 0.0 END"


def _noisy_or(contribution: str) -> str:
    return f"1 - exp(sum(ln(1 - least({contribution}, {MAX_CONTRIBUTION}))))"


def score(engine: Engine, model: ScoringModel | None = None) -> None:
    """Create `contributions`, `order_scores` and `party_scores` from `flags`."""
    model = model or ScoringModel()
    agg = engine.dialect.string_agg
    engine.create("flag_weights", f"SELECT *, strength * {_weight_sql(model)} AS contribution FROM flags")
    # Every (order, flag) pair that counts towards an order, with the role it came through.
    inherited = " UNION ALL ".join(
        f"""SELECT o.order_id, f.rule_id, f.severity, f.strength, f.contribution * {share} AS contribution,
                   f.evidence, '{role.removesuffix('_id')}' AS via
            FROM flag_weights f JOIN orders o ON o.{role} = f.target_id WHERE f.target_kind = 'party'"""
        for role, share in ROLE_SHARE.items()
    )
    engine.create(
        "contributions",
        f"""SELECT order_id, rule_id, severity, strength, contribution, evidence, 'order' AS via
            FROM (SELECT target_id AS order_id, * FROM flag_weights WHERE target_kind = 'order') own
            UNION ALL {inherited}""",
    )
    engine.create(
        "order_raw_scores",
        f"""SELECT o.order_id, coalesce(s.score, 0.0) AS score, coalesce(s.flags, '') AS flags
            FROM orders o LEFT JOIN (
                SELECT order_id, {_noisy_or('contribution')} AS score, {agg('rule_id', ';')} AS flags
                FROM contributions GROUP BY order_id) s ON s.order_id = o.order_id""",
    )
    review_cut = max(model.floor, _quantile(engine, "order_raw_scores", "score", 1 - model.budget))
    hold_cut = max(review_cut, model.hold_at)
    engine.create(
        "order_scores",
        f"""SELECT order_id, score,
                   CASE WHEN score >= {hold_cut} AND score > 0 THEN 'hold'
                        WHEN score >= {review_cut} AND score > 0 THEN 'review' ELSE 'clear' END AS decision,
                   flags
            FROM order_raw_scores""",
    )
    _party_scores(engine)


def _quantile(engine: Engine, table: str, column: str, q: float) -> float:
    # Rank-based so every engine computes the same cut: the score at position ceil(q * n).
    value = engine.scalar(
        f"""SELECT min({column}) AS v FROM (
                SELECT {column}, row_number() OVER (ORDER BY {column}) AS r, count(*) OVER () AS n FROM {table}) t
            WHERE r >= ceil({q} * n)"""
    )
    return float(value) if value is not None else 1.0


def _party_scores(engine: Engine) -> None:
    agg = engine.dialect.string_agg
    has_clusters = engine.has("clusters")
    # A party's evidence: its own flags, and the score of the riskiest order it bought or received.
    engine.create(
        "party_evidence",
        f"""SELECT target_id AS party_id, rule_id, contribution FROM flag_weights WHERE target_kind = 'party'
            UNION ALL
            SELECT p.party_id, 'order' AS rule_id, max(s.score) AS contribution
            FROM orders o JOIN order_scores s ON s.order_id = o.order_id
            JOIN parties p ON p.party_id IN (o.buyer_id, o.consignee_id)
            GROUP BY p.party_id""",
    )
    engine.create(
        "party_own_scores",
        f"""SELECT p.party_id, coalesce(e.score, 0.0) AS score, coalesce(e.flags, '') AS flags
            FROM parties p LEFT JOIN (
                SELECT party_id, {_noisy_or('contribution')} AS score,
                       {agg("CASE WHEN rule_id <> 'order' THEN rule_id END", ';')} AS flags
                FROM party_evidence GROUP BY party_id) e ON e.party_id = p.party_id""",
    )
    cluster = "coalesce(c.cluster_id, s.party_id)" if has_clusters else "s.party_id"
    join = "LEFT JOIN clusters c ON c.party_id = s.party_id" if has_clusters else ""
    engine.create(
        "party_scores",
        f"""SELECT s.party_id, max(s.score) OVER (PARTITION BY {cluster}) AS score, s.flags, {cluster} AS cluster_id
            FROM party_own_scores s {join}""",
    )
