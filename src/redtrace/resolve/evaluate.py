"""Pairwise precision and recall of a clustering against true clusters."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class PairwiseScore:
    precision: float
    recall: float
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _pairs(sizes: pd.Series) -> int:
    return int((sizes * (sizes - 1) // 2).sum())


def pairwise_scores(predicted: pd.DataFrame, truth: pd.DataFrame) -> PairwiseScore:
    """Both frames: party_id, cluster_id. Only parties present in both count.

    A pair is two parties in one cluster; counting through cluster sizes avoids listing the
    pairs, so a million parties score in a second.
    """
    both = predicted[["party_id", "cluster_id"]].merge(
        truth[["party_id", "cluster_id"]], on="party_id", suffixes=("_pred", "_true")
    )
    predicted_pairs = _pairs(both.groupby("cluster_id_pred").size())
    true_pairs = _pairs(both.groupby("cluster_id_true").size())
    correct = _pairs(both.groupby(["cluster_id_pred", "cluster_id_true"]).size())
    return PairwiseScore(
        precision=correct / predicted_pairs if predicted_pairs else 1.0,
        recall=correct / true_pairs if true_pairs else 1.0,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        correct_pairs=correct,
    )
