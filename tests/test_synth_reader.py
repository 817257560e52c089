"""The project's own reader takes a synthetic world as the contract means it: damaged rows out, the rest in."""

from __future__ import annotations

import pandas as pd

from redtrace.engine import create_engine
from redtrace.io.dataset import read_dataset
from redtrace.synth import SynthConfig, generate


def test_reader_rejects_exactly_the_damaged_rows_and_keeps_every_illicit_order(tmp_path):
    generate(tmp_path, SynthConfig(orders=4000, seed=21, malformed_rate=0.003))
    engine = create_engine()
    result = read_dataset(tmp_path / "dataset", engine)
    rejected = result.rejected
    truth = pd.read_csv(tmp_path / "truth" / "malformed.csv")
    assert len(truth) >= 10
    found = truth.merge(rejected, on=["file", "row"], how="left", indicator=True)
    assert (found._merge == "both").all(), found[found._merge != "both"]
    # Rows rejected only because a row they refer to was rejected are legitimate ones.
    labels = pd.read_csv(tmp_path / "labels.csv", dtype=str, keep_default_na=False)
    illicit = set(labels[(labels.target_kind == "order") & (labels.label == "illicit")].target_id)
    orders = pd.read_csv(tmp_path / "dataset" / "orders.csv", dtype=str, keep_default_na=False)
    bad_orders = orders.iloc[rejected[rejected.file == "orders.csv"].row.to_numpy() - 2]
    assert not set(bad_orders.order_id) & illicit
    assert result.counts["orders"].accepted >= 4000 * 0.95
    assert result.counts["items"].accepted == result.counts["items"].input_rows
