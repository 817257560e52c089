"""Recovered items of a synthetic world carry the context an investigator would have: found on
the front their network feeds, after the sale, and more often from the sales of more units."""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pandas as pd
import pytest

from redtrace.synth import SynthConfig, generate
from redtrace.synth import catalogue as cat
from redtrace.synth import vocab
from redtrace.synth.economy import EPOCH
from redtrace.synth.items import ON_FRONT, TRANSIT_DAYS, TracedLine, build_items, recovery, theatres
from redtrace.synth.marking import Marker

CONFLICT = {c for c, _ in vocab.RECOVERY_PLACES}


def line(order_id: str, network: int, ship_country: str, amount: float = 1.0, model: int = 0, day: int = 400) -> TracedLine:
    return TracedLine(order_id, 1, model, day, 0, -1, 1, amount, network, ship_country)


def test_a_network_shipping_to_a_border_country_feeds_the_war_across_it():
    for seed in range(20):
        fronts = theatres([line("A", 0, "LB"), line("B", 1, "IQ"), line("C", 2, "GB")], random.Random(seed))
        assert all(1 <= len(places) <= 3 for places in fronts.values())
        assert {c for c, _ in fronts[0]} == {"SY"}  # Lebanon borders Syria, not Iraq
        assert {c for c, _ in fronts[1]} == {"IQ"}
        assert len({c for c, _ in fronts[2]}) == 1  # far from the war: some one front


def test_items_turn_up_after_the_sale_mostly_on_the_front():
    rng = random.Random(7)
    origin = line("A", 0, "TR", day=500)
    front = [("SY", "Raqqa")]
    found = [recovery(origin, front, rng) for _ in range(2000)]
    sold = EPOCH + timedelta(days=500)
    assert all(when >= sold + timedelta(days=TRANSIT_DAYS[0]) for when, _, _ in found)
    lags = sorted((when - sold).days for when, _, _ in found)
    assert 90 < lags[len(lags) // 2] < 300  # months, not days or decades
    on_front = sum((c, p) == front[0] for _, c, p in found) / len(found)
    # The rest land anywhere in the war, Raqqa included.
    assert on_front == pytest.approx(ON_FRONT + (1 - ON_FRONT) / len(vocab.RECOVERY_PLACES), abs=0.03)


def test_the_sale_of_more_units_is_the_likelier_origin():
    marker = Marker(random.Random(0))
    lot_model = next(m for m in range(len(marker.models.good)) if cat.GOODS[int(marker.models.good[m])].trace == cat.LOT)
    median = cat.GOODS[int(marker.models.good[lot_model])].median_qty
    lines = [line("SMALL", 0, "TR", median, lot_model), line("BIG", 0, "TR", 9 * median, lot_model)]
    _, truth = build_items(lines, marker, 3000, random.Random(1))
    counts = Counter(t["order_id"] for t in truth if t["order_id"])
    assert counts["BIG"] / (counts["BIG"] + counts["SMALL"]) == pytest.approx(0.9, abs=0.03)


def test_a_world_s_items_are_found_after_their_sale_and_each_network_s_in_few_places(tmp_path):
    generate(tmp_path, SynthConfig(orders=3000, seed=5, items=300))
    items = pd.read_csv(tmp_path / "dataset" / "items.csv", dtype=str)
    truth = pd.read_csv(tmp_path / "truth" / "item_origins.csv", dtype=str)
    orders = pd.read_csv(tmp_path / "dataset" / "orders.csv", dtype=str)
    networks = pd.read_csv(tmp_path / "truth" / "networks.csv", dtype=str).drop_duplicates("party_id")
    traced = (truth.dropna(subset=["order_id"]).merge(items, on="item_id").merge(orders, on="order_id")
              .merge(networks, left_on="buyer_id", right_on="party_id"))
    assert len(traced) > 150
    assert (pd.to_datetime(traced.recovered_on) > pd.to_datetime(traced.order_date)).all()
    assert set(traced.recovered_country) <= CONFLICT
    # Most of a network's items are found in its one to three front places.
    top3 = traced.groupby("network_id")["recovered_place"].agg(lambda p: p.value_counts().head(3).sum() / len(p))
    sizes = traced.groupby("network_id").size()
    assert (top3[sizes >= 10] >= 0.7).all() and (sizes >= 10).any()


def test_each_unit_is_found_once_and_finds_are_mostly_one_shipment():
    marker = Marker(random.Random(0))
    model = next(m for m in range(len(marker.models.good)) if marker.models.has_serial[m])
    # Six sales of two serialised units each: at most twelve items can trace to them.
    lines = [TracedLine(f"O{k}", 1, model, 400 + k, -1, 100 + 2 * k, 2, 2.0, 0, "TR") for k in range(6)]
    items, truth = build_items(lines, marker, 200, random.Random(3))
    traced = [(t["order_id"], row) for t, row in zip(truth, items) if t["order_id"]]
    assert len(traced) == 12
    assert max(Counter(o for o, _ in traced).values()) == 2
    serials = [row["serial"] for _, row in traced if row["serial"] and len(row["serial"]) == len(items[0]["serial"] or "")]
    assert len(serials) == len(set(serials))


def test_items_found_together_share_day_and_place_and_mostly_their_sale():
    marker = Marker(random.Random(0))
    lot_model = next(m for m in range(len(marker.models.good)) if cat.GOODS[int(marker.models.good[m])].trace == cat.LOT)
    lines = [line(f"O{k}", k % 3, "TR", 1e6, lot_model, day=300 + k) for k in range(30)]
    items, truth = build_items(lines, marker, 600, random.Random(4))
    by_find: dict[tuple, list[str]] = {}
    for t, row in zip(truth, items):
        if t["order_id"]:
            by_find.setdefault((row["recovered_on"], row["recovered_place"]), []).append(t["order_id"])
    multi = [o for o in by_find.values() if len(o) > 1]
    assert len(multi) > 60  # finds of several items are common
    pairs = [(o[0], b) for o in multi for b in o[1:]]
    assert 0.6 < sum(a == b for a, b in pairs) / len(pairs) < 0.95  # mostly the first item's sale, not always
