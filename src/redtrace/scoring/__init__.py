"""Combine flags into one score per order and per party, and decide clear / review / hold.

Every flag contributes
    contribution = strength x weight(rule)
and a target's score is the noisy-OR of its contributions on top of a base rate,
    score = 1 - (1 - base_rate) x prod(1 - contribution),
so a score reads as a probability that the order is illicit and decomposes exactly into the
contributions listed in flags.jsonl and the report.

Weights, unless a trained model (`redtrace train`, see `scoring.train`) sets them:
- the rule's public-guidance severity (low 0.15, medium 0.45, high 0.75: what a textbook case of
  the indicator alone says), times
- its rarity in this dataset: an indicator raised on 1% of orders or fewer keeps its full weight,
  one raised on a share r above that keeps log(r) / log(1%) of it (10% -> half, 40% -> a fifth,
  never below a tenth). A flag on most orders tells a reviewer little, whatever the guidance says
  about it. Under 200 orders the data cannot say what is rare, and severity alone counts.

An order also carries the flags of its buyer, consignee and payer (a watchlisted buyer makes each
of its orders risky). A party's score is the noisy-OR of its own flags and its riskiest order;
parties resolved into one entity (table `clusters`) share the entity's score.

Decisions come from a review budget: the top `budget` share of orders by score (never below
`floor`) is reviewed; of those, the ones at or above `hold_at` are held.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from redtrace.engine import Engine

SEVERITY_WEIGHT = {"low": 0.15, "medium": 0.45, "high": 0.75}
# How much of a party's flag an order inherits, by the party's role on the order.
ROLE_SHARE = {"buyer_id": 1.0, "consignee_id": 0.8, "payer_id": 0.8}
MAX_CONTRIBUTION = 0.999  # keeps log(1 - c) finite
RARE_SHARE = 0.01  # an indicator raised on this share of orders or fewer keeps its full weight
RARITY_FLOOR = 0.1  # even a ubiquitous indicator keeps a tenth of its weight: its evidence still shows
MIN_ORDERS_FOR_RARITY = 200  # fewer orders say nothing about how common an indicator is


@dataclass
class ScoringModel:
    weights: dict[str, float] = field(default_factory=dict)  # rule id -> weight; missing = severity x rarity
    budget: float = 0.02
    floor: float = 0.25
    hold_at: float = 0.7
    base_rate: float = 0.0  # score of an order without any flag (a trained model's intercept)
    rarity: bool = True  # scale default weights by how rare each indicator is in the data
    source: str = "default: public-guidance severity x rarity"

    def save(self, path: Path) -> None:
        Path(path).write_text(json.dumps(asdict(self), indent=2, sort_keys=True))

    @classmethod
    def load(cls, path: Path) -> "ScoringModel":
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in json.loads(Path(path).read_text()).items() if k in known})


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def rarity_factor(share: float) -> float:
    """Weight kept by an indicator raised on `share` of the orders."""
    if share <= RARE_SHARE:
        return 1.0
    return max(RARITY_FLOOR, min(1.0, math.log(share) / math.log(RARE_SHARE)))


def order_shares(engine: Engine) -> dict[str, float]:
    """Share of orders each rule touches, through the order itself or one of its parties."""
    n = engine.scalar("SELECT count(*) FROM orders") or 0
    if n < MIN_ORDERS_FOR_RARITY:
        return {}
    roles = " UNION ".join(
        f"SELECT f.rule_id, o.order_id FROM flags f JOIN orders o ON o.{role} = f.target_id WHERE f.target_kind = 'party'"
        for role in ROLE_SHARE
    )
    rows = engine.df(
        f"""SELECT rule_id, count(DISTINCT order_id) AS n FROM (
                SELECT rule_id, target_id AS order_id FROM flags WHERE target_kind = 'order' UNION {roles}) t
            GROUP BY rule_id"""
    )
    return {r.rule_id: float(r.n) / n for r in rows.itertuples(index=False)}


def rule_weights(engine: Engine, model: ScoringModel) -> dict[str, float]:
    """The weight each rule present in `flags` gets under `model`."""
    severities = dict(engine.df("SELECT DISTINCT rule_id, severity FROM flags").itertuples(index=False))
    shares = order_shares(engine) if model.rarity else {}
    out = {}
    for rule, sev in severities.items():
        if rule in model.weights:
            out[rule] = float(model.weights[rule])
        else:
            out[rule] = SEVERITY_WEIGHT.get(sev, 0.0) * (rarity_factor(shares.get(rule, 0.0)) if model.rarity else 1.0)
    return out


def _weight_sql(weights: dict[str, float]) -> str:
    cases = " ".join(f"WHEN rule_id = {_q(r)} THEN {float(w)!r}" for r, w in sorted(weights.items()))
    return f"CASE {cases} ELSE 0.0 END" if cases else "0.0"


def _noisy_or(contribution: str) -> str:
    return f"1 - exp(sum(ln(1 - least({contribution}, {MAX_CONTRIBUTION}))))"


def order_contributions(engine: Engine, model: ScoringModel) -> None:
    """Create `flag_weights` and `contributions` (every (order, flag) pair that counts towards an order)."""
    weights = rule_weights(engine, model)
    engine.register("rule_weights", _weights_frame(weights))
    engine.create("flag_weights", f"SELECT *, strength * {_weight_sql(weights)} AS contribution FROM flags")
    inherited = " UNION ALL ".join(
        f"""SELECT o.order_id, f.rule_id, f.severity, f.strength * {share} AS strength, f.contribution * {share} AS contribution,
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


def _weights_frame(weights: dict[str, float]):
    import pandas as pd

    return pd.DataFrame({"rule_id": list(weights), "weight": [float(w) for w in weights.values()]}).astype(
        {"rule_id": "string", "weight": "float64"}
    )


def score(engine: Engine, model: ScoringModel | None = None) -> None:
    """Create `contributions`, `order_scores` and `party_scores` from `flags`."""
    model = model or ScoringModel()
    agg = engine.dialect.string_agg
    order_contributions(engine, model)
    base = min(max(float(model.base_rate), 0.0), MAX_CONTRIBUTION)
    engine.create(
        "order_raw_scores",
        f"""SELECT o.order_id, 1 - (1 - {base!r}) * (1 - coalesce(s.score, 0.0)) AS score, coalesce(s.flags, '') AS flags
            FROM orders o LEFT JOIN (
                SELECT order_id, {_noisy_or('contribution')} AS score, {agg('rule_id', ';')} AS flags
                FROM contributions GROUP BY order_id) s ON s.order_id = o.order_id""",
    )
    review_cut = max(model.floor, _quantile(engine, "order_raw_scores", "score", 1 - model.budget))
    hold_cut = max(review_cut, model.hold_at)
    engine.create(
        "order_scores",
        f"""SELECT order_id, score,
                   CASE WHEN score >= {hold_cut} AND score > {base!r} THEN 'hold'
                        WHEN score >= {review_cut} AND score > {base!r} THEN 'review' ELSE 'clear' END AS decision,
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
            SELECT party_id, 'order' AS rule_id, max(score) AS contribution FROM (
                SELECT o.buyer_id AS party_id, s.score FROM orders o JOIN order_scores s ON s.order_id = o.order_id
                UNION ALL
                SELECT o.consignee_id AS party_id, s.score FROM orders o JOIN order_scores s ON s.order_id = o.order_id
                WHERE o.consignee_id IS NOT NULL) roles
            GROUP BY party_id""",
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
