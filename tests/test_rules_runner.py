"""run_rules: rules on two threads give the flags of rules run in turn; shared tables are built once."""

import threading
import time

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.engine.shared import builds
from redtrace.rules import run_rules
from redtrace.rules.base import Rule

BUILT = []


@builds("test_runner_shared")
def ensure_shared(engine):
    if engine.has("test_runner_shared"):
        return
    BUILT.append(threading.current_thread().name)
    time.sleep(0.2)  # long enough for the other thread to look for the table meanwhile
    engine.create("test_runner_shared", "SELECT * FROM range(3) t(n)")


def reading_shared(engine):
    ensure_shared(engine)
    return engine.df("SELECT 'O' || n AS target_id, 1.0 AS strength, 'shared row ' || n AS evidence FROM test_runner_shared")


def rule(rule_id, sql=None, compute=None, **kw):
    return Rule(rule_id, rule_id, "order", "low", ("BIS-1",), "test", sql=sql, compute=compute, **kw)


def flags(rules, **kw):
    engine = create_engine()
    skipped = run_rules(engine, rules, **kw)
    return engine.df("SELECT * FROM flags"), skipped, engine


def test_two_threads_give_the_flags_of_rules_run_in_turn_in_the_rules_order():
    rules = [rule(f"r{i}", sql=f"SELECT 'O{i}' AS target_id, 0.5 AS strength, 'rule {i}' AS evidence") for i in range(6)]
    rules.append(rule("needs_missing", sql="SELECT 'x' AS target_id, 1 AS strength, '' AS evidence", needs=("absent",)))
    serial, serial_skipped, _ = flags(rules, streams=1)
    threaded, threaded_skipped, _ = flags(rules, streams=2)
    pd.testing.assert_frame_equal(serial, threaded)
    assert threaded.rule_id.tolist() == [f"r{i}" for i in range(6)]
    assert serial_skipped == threaded_skipped == ["needs_missing"]


def test_a_table_two_rules_share_is_built_once():
    BUILT.clear()
    frame, _, engine = flags([rule("a", compute=reading_shared), rule("b", compute=reading_shared)], streams=2)
    assert len(BUILT) == 1
    assert sorted(frame.rule_id.value_counts().items()) == [("a", 3), ("b", 3)]


def test_an_error_on_a_thread_is_raised_and_names_its_rule():
    bad = rule("bad", sql="SELECT 'O1' AS target_id, 1 AS strength")  # no evidence column
    good = rule("good", sql="SELECT 'O2' AS target_id, 1 AS strength, 'ok' AS evidence")
    with pytest.raises(ValueError, match="rule bad returned no column"):
        flags([good, bad, good], streams=2)


def test_deferred_waits_run_one_at_a_time_before_their_rules():
    running, overlaps, made = [], [], []

    def waiting_for(table):
        def wait(engine):
            running.append(table)
            overlaps.append(len(running))
            time.sleep(0.1)
            if not engine.has(table):
                engine.create(table, "SELECT 'O9' AS target_id")
                made.append(table)
            running.remove(table)

        return wait

    engine = create_engine()
    deferred = {"late_a": lambda: waiting_for("late_a")(engine), "late_b": lambda: waiting_for("late_b")(engine)}
    rules = [
        rule("a", sql="SELECT target_id, 1 AS strength, 'a' AS evidence FROM late_a", needs=("late_a",)),
        rule("b", sql="SELECT target_id, 1 AS strength, 'b' AS evidence FROM late_b", needs=("late_b",)),
    ]
    run_rules(engine, rules, deferred=deferred, streams=2)
    assert max(overlaps) == 1 and sorted(made) == ["late_a", "late_b"]
    assert engine.df("SELECT rule_id FROM flags").rule_id.tolist() == ["a", "b"]
