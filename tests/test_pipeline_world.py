"""A small synthetic world screened end to end: every row is accounted for, every order and party scored."""

import csv
import json

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.evaluate import evaluate
from redtrace.pipeline import screen
from redtrace.synth import SynthConfig, generate


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    generate(root / "w", SynthConfig(orders=3000, seed=23))
    engine = create_engine()
    result = screen(root / "w" / "dataset", root / "o", [root / "w" / "watchlist.csv"], engine=engine)
    return root, result, engine


def data_rows(path):
    with path.open(newline="", encoding="utf-8") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_accepted_plus_rejected_is_input(world):
    root, result, _ = world
    rejected = pd.read_csv(root / "o" / "rejected.csv")
    assert len(rejected) > 0  # the world carries malformed rows
    for stem, count in result.read.counts.items():
        path = root / "w" / "dataset" / count.file
        assert count.input_rows == data_rows(path), stem
        assert count.accepted + (rejected.file == count.file).sum() == count.input_rows, stem


def test_every_accepted_order_and_party_is_scored(world):
    root, _, engine = world
    orders = pd.read_csv(root / "o" / "orders_scored.csv", dtype={"order_id": str})
    parties = pd.read_csv(root / "o" / "parties_scored.csv", dtype={"party_id": str})
    assert sorted(orders.order_id) == sorted(engine.table("orders").order_id)
    assert sorted(parties.party_id) == sorted(engine.table("parties").party_id)
    assert orders.score.between(0, 1).all() and parties.score.between(0, 1).all()
    assert set(orders.decision) <= {"clear", "review", "hold"}
    # decisions follow the score: nothing cleared scores above anything reviewed or held
    raised = orders[orders.decision != "clear"]
    assert orders[orders.decision == "clear"].score.max() <= raised.score.min()


def test_flags_cite_public_indicators(world):
    root, _, _ = world
    flags = [json.loads(line) for line in (root / "o" / "flags.jsonl").read_text().splitlines()]
    assert flags
    for flag in flags[:200]:
        assert flag["indicators"] and flag["source"] and flag["evidence"]
        assert flag["severity"] in {"low", "medium", "high"}


def test_watchlisted_parties_are_reported(world):
    root, _, _ = world
    parties = pd.read_csv(root / "o" / "parties_scored.csv", keep_default_na=False)
    assert (parties.watchlist_matches != "").any()


def test_detection_beats_chance(world):
    root, _, _ = world
    ev = evaluate(root / "o", root / "w" / "labels.csv")
    base_rate = ev.illicit_orders / ev.orders
    assert ev.order_ap > 3 * base_rate
    assert ev.party_ap > 3 * ev.illicit_parties / ev.parties


def test_names_screened_in_a_separate_process_give_the_same_outputs(world, tmp_path):
    root, _, _ = world
    engine = create_engine()
    screen(root / "w" / "dataset", tmp_path, [root / "w" / "watchlist.csv"], engine=engine, names_in_worker=True)
    for name in ("flags.jsonl", "orders_scored.csv", "parties_scored.csv"):
        assert (tmp_path / name).read_bytes() == (root / "o" / name).read_bytes(), name
    assert engine.count("watchlist_hits") > 0


def test_indicators_that_read_resolved_entities_wait_for_them(world):
    """A screen resolves entities while the first indicators run. Here the tables are made only
    when a rule that declares it reads them waits for them: no rule may look for them before
    (it would run without them, or resolve the entities a second time), and the flags are those
    of a screen that resolved first."""
    from redtrace.io.dataset import read_dataset
    from redtrace.pipeline import detect
    from redtrace.resolve import resolve_parties
    from redtrace.rules.base import RESOLVED

    root, _, _ = world
    flags = []
    for lazily in (False, True):
        engine = create_engine()
        read_dataset(root / "w" / "dataset", engine)
        made, looked_early = [], []
        if lazily:
            has = engine.has

            def watched_has(name, has=has, made=made):
                if name in RESOLVED and not made:
                    looked_early.append(name)
                return has(name)

            def resolution(engine=engine, made=made):
                if not made:
                    made.append(resolve_parties(engine))

            engine.has = watched_has
        detect(engine, [root / "w" / "watchlist.csv"], resolution=resolution if lazily else None)
        assert looked_early == []
        flags.append(engine.df("SELECT * FROM flags ORDER BY ALL"))
    pd.testing.assert_frame_equal(flags[0], flags[1])


def test_a_screen_that_fails_stops_its_name_worker(world, tmp_path):
    import psutil

    from redtrace.io.dataset import DatasetError

    root, _, _ = world
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    with pytest.raises(DatasetError, match="not a folder"):
        screen(tmp_path / "missing", tmp_path / "o", [root / "w" / "watchlist.csv"], names_in_worker=True)
    assert {p.pid for p in psutil.Process().children(recursive=True)} == before


def test_report_traces_rank_by_the_screens_own_scores(world):
    """The report's traces are those `redtrace trace --scores OUT` gives for the same dataset, and
    their chains of custody know each buyer's network community."""
    from redtrace.io.dataset import read_dataset
    from redtrace.trace import trace_items

    root, _, engine = world
    assert engine.count("items") > 0
    traced = trace_items(engine)
    in_screen = traced.traces
    # The chains name each buyer's network community, found by the screen's own graph.
    assert traced.chains["buyer_community"].fillna("").astype(str).str.len().gt(0).any()
    alone = create_engine()
    read_dataset(root / "w" / "dataset", alone)
    alone.register("clusters", engine.table("clusters"))
    for name in ("orders_scored", "parties_scored"):
        alone.register(name, pd.read_csv(root / "o" / f"{name}.csv", dtype={"order_id": str, "party_id": str}))
    top = ["item_id", "rank", "order_id", "line_no"]
    pd.testing.assert_frame_equal(in_screen[top], trace_items(alone).traces[top])


def test_a_script_without_a_main_guard_can_screen_names_in_the_background(world, tmp_path):
    """The worker is a fresh interpreter: it does not re-run the calling script, as a
    multiprocessing child would."""
    import subprocess
    import sys

    root, _, _ = world
    script = tmp_path / "screen_it.py"
    script.write_text(
        "import redtrace.pipeline as p\n"
        "p.BACKGROUND_MIN_PARTIES = 0\n"
        f"p.screen({str(root / 'w' / 'dataset')!r}, {str(tmp_path / 'o')!r}, [{str(root / 'w' / 'watchlist.csv')!r}])\n"
    )
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True, timeout=600)
    assert (tmp_path / "o" / "parties_scored.csv").read_bytes() == (root / "o" / "parties_scored.csv").read_bytes()


def test_a_failing_name_worker_says_why():
    from redtrace.names.worker import NameWorker

    worker = NameWorker("not a watchlist")
    worker.send(pd.DataFrame())
    with pytest.raises(RuntimeError, match="name screening failed .*\n.*Traceback"):
        worker.result()


def test_the_normalised_tables_are_gone_after_the_screen(world):
    """At a million orders they hold gigabytes; nothing after the indicators may rebuild them."""
    _, _, engine = world
    assert not engine.has("lines_x") and not engine.has("orders_x")
    assert engine.has("communities")  # the report's chains found their communities without them
