"""How well a screening run finds the known cases: `redtrace evaluate OUTDIR --labels labels.csv`.

Metrics, each over the orders (or parties) that were both screened and labelled:
- average precision of the score (order and party);
- recall within a review budget: the share of illicit orders among the top `budget` share of
  orders by score (what a team that can review 2% of orders would catch);
- precision and recall of the decisions (`review` or `hold` counts as raised);
- recall per typology, within the budget;
- per typology against the legitimate orders alone: its illicit orders ranked among the legitimate
  ones only, recall within the same number of orders and AP. When a world holds more illicit
  orders than the budget, the in-budget recall of a typology also depends on how the other
  typologies' orders rank; this view says whether the typology itself stands out from legitimate
  trade;
- each single indicator as a baseline: the AP of "this rule fired on the order".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

from redtrace.engine import create_engine
from redtrace.io.dataset import read_file
from redtrace.model.contract import LABELS_FILE


@dataclass
class Evaluation:
    orders: int
    illicit_orders: int
    order_ap: float
    recall_at_budget: float
    budget: float
    budget_orders: int
    best_recall_at_budget: float  # when there are more illicit orders than the budget holds, even a perfect ranking misses some
    decision_precision: float
    decision_recall: float
    parties: int
    illicit_parties: int
    party_ap: float
    typology_recall: dict[str, tuple[int, float]] = field(default_factory=dict)  # typology -> (n, recall)
    party_typology_recall: dict[str, tuple[int, float]] = field(default_factory=dict)
    typology_vs_legit: dict[str, tuple[float, float]] = field(default_factory=dict)  # typology -> (recall in budget, AP)
    party_typology_vs_legit: dict[str, tuple[float, float]] = field(default_factory=dict)
    indicator_ap: dict[str, tuple[int, float]] = field(default_factory=dict)  # rule -> (orders flagged, AP)
    unlabelled_orders: int = 0

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def load_labels(path: Path) -> pd.DataFrame:
    engine = create_engine()
    count, rejected = read_file(engine, LABELS_FILE, Path(path), "labels")
    if len(rejected):
        first = rejected.iloc[0]
        raise ValueError(f"{count.file}: {len(rejected)} bad row(s), e.g. row {first.row} column {first.column}: {first.reason}")
    return engine.table("labels")


def _ap(y: np.ndarray, s: np.ndarray) -> float:
    return float(average_precision_score(y, s)) if y.any() else float("nan")


def _budget_recall(frame: pd.DataFrame, budget: float) -> tuple[int, pd.Series]:
    """Rows inside the review budget (top share by score; ties broken by id for determinism)."""
    k = max(1, math.ceil(budget * len(frame)))
    ranked = frame.sort_values(["score", "id"], ascending=[False, True], kind="stable")
    inside = pd.Series(False, index=frame.index)
    inside[ranked.index[:k]] = True
    return k, inside


def _per_typology(frame: pd.DataFrame, caught: pd.Series) -> dict[str, tuple[int, float]]:
    illicit = frame[frame.y == 1]
    return {
        str(t): (len(g), float(caught[g.index].mean()))
        for t, g in illicit.groupby(illicit.typology.fillna("(none)"))
    }


def _per_typology_vs_legit(frame: pd.DataFrame, k: int) -> dict[str, tuple[float, float]]:
    legit = frame[frame.y == 0]
    illicit = frame[frame.y == 1]
    out = {}
    for t, g in illicit.groupby(illicit.typology.fillna("(none)")):
        both = pd.concat([g, legit])
        ranked = both.sort_values(["score", "id"], ascending=[False, True], kind="stable")
        caught = ranked.y.iloc[:k].sum() / len(g)
        out[str(t)] = (float(caught), _ap(both.y.to_numpy(), both.score.to_numpy()))
    return out


def evaluate(out: Path, labels_path: Path, budget: float = 0.02) -> Evaluation:
    out = Path(out)
    labels = load_labels(labels_path)
    orders = pd.read_csv(out / "orders_scored.csv", dtype={"order_id": str, "flags": str}, keep_default_na=False)
    parties = pd.read_csv(out / "parties_scored.csv", dtype={"party_id": str, "flags": str}, keep_default_na=False)

    order_labels = labels[labels.target_kind == "order"].set_index("target_id")
    o = orders.rename(columns={"order_id": "id"}).join(order_labels[["label", "typology"]], on="id")
    unlabelled = int(o.label.isna().sum())
    o = o[o.label.notna()].reset_index(drop=True)
    o["y"] = (o.label == "illicit").astype(int)
    k, inside = _budget_recall(o, budget)
    raised = o.decision != "clear"
    illicit = o.y == 1

    party_labels = labels[labels.target_kind == "party"].set_index("target_id")
    p = parties.rename(columns={"party_id": "id"}).join(party_labels[["label", "typology"]], on="id")
    p = p[p.label.notna()].reset_index(drop=True)
    p["y"] = (p.label == "illicit").astype(int)
    p_k, p_inside = _budget_recall(p, budget)

    flag_sets = o["flags"].str.split(";")
    rules = sorted({r for fs in flag_sets for r in fs if r})
    indicator_ap = {}
    for rule in rules:
        fired = flag_sets.map(lambda fs, r=rule: r in fs).to_numpy().astype(float)
        indicator_ap[rule] = (int(fired.sum()), _ap(o.y.to_numpy(), fired))

    return Evaluation(
        orders=len(o),
        illicit_orders=int(illicit.sum()),
        order_ap=_ap(o.y.to_numpy(), o.score.to_numpy()),
        recall_at_budget=float(inside[illicit].mean()) if illicit.any() else float("nan"),
        budget=budget,
        budget_orders=k,
        best_recall_at_budget=min(1.0, k / int(illicit.sum())) if illicit.any() else float("nan"),
        decision_precision=float(illicit[raised].mean()) if raised.any() else float("nan"),
        decision_recall=float(raised[illicit].mean()) if illicit.any() else float("nan"),
        parties=len(p),
        illicit_parties=int(p.y.sum()),
        party_ap=_ap(p.y.to_numpy(), p.score.to_numpy()),
        typology_recall=_per_typology(o, inside),
        party_typology_recall=_per_typology(p, p_inside),
        typology_vs_legit=_per_typology_vs_legit(o, k),
        party_typology_vs_legit=_per_typology_vs_legit(p, p_k),
        indicator_ap=indicator_ap,
        unlabelled_orders=unlabelled,
    )
