"""The audit trail of decisions: append-only, latest entry wins, bad input refused with a reason."""

import json
import threading

import pytest

from redtrace.store.decisions import DecisionError, DecisionLog, UnknownTarget

ORDER = {"score": 0.91, "decision": "hold"}


def test_entries_are_appended_and_the_latest_is_current(tmp_path):
    log = DecisionLog(tmp_path)
    first = log.record("order", "O1", "hold", "Ann", "cash for precursors", ORDER)
    log.record("party", "P1", " Review ", "Bob", "namesake?", {"score": 0.4})
    log.record("order", "O1", "clear", "Ann", "licence seen", ORDER)
    assert first.screen_score == 0.91 and first.screen_decision == "hold"
    assert [e.decision for e in log.entries("order", "O1")] == ["hold", "clear"]
    assert log.entries("order", "O1")[0] == first, "an earlier entry is never rewritten"
    current = log.current()
    assert current[("order", "O1")].decision == "clear"
    assert current[("party", "P1")].decision == "review" and current[("party", "P1")].screen_decision is None
    assert [e.target_id for e in log.entries(officer="Bob")] == ["P1"]
    lines = (tmp_path / "decisions.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(x)["decision"] for x in lines] == ["hold", "review", "clear"]
    assert set(json.loads(lines[0])) == {"target_kind", "target_id", "decision", "officer", "reason", "decided_at",
                                         "screen_score", "screen_decision"}


@pytest.mark.parametrize("args, message", [
    (("order", "O1", "approve", "Ann", "ok"), "decision must be one of clear, hold, review, not 'approve'"),
    (("seller", "O1", "hold", "Ann", "ok"), "target_kind must be one of order, party"),
    (("order", "O1", "hold", " ", "ok"), "officer must not be empty"),
    (("order", "O1", "hold", "Ann", ""), "reason must not be empty"),
    (("order", "O1", "hold", "Ann", "x" * 5000), "reason is 5000 characters long"),
])
def test_bad_input_is_refused_and_nothing_written(tmp_path, args, message):
    log = DecisionLog(tmp_path)
    with pytest.raises(DecisionError, match=message):
        log.record(*args, ORDER)
    assert log.entries() == [] and not (tmp_path / "decisions.jsonl").exists()


def test_unknown_target_is_its_own_error(tmp_path):
    with pytest.raises(UnknownTarget, match="no order 'O9'"):
        DecisionLog(tmp_path).record("order", "O9", "hold", "Ann", "ok", None)


def test_a_damaged_line_is_reported_with_its_number(tmp_path):
    log = DecisionLog(tmp_path)
    log.record("order", "O1", "hold", "Ann", "ok", ORDER)
    with open(tmp_path / "decisions.jsonl", "a", encoding="utf-8") as f:
        f.write('{"target_kind": "order"\n')
    with pytest.raises(DecisionError, match="line 2 is not a decision"):
        log.entries()


def test_concurrent_writers_keep_every_line_whole(tmp_path):
    logs = [DecisionLog(tmp_path) for _ in range(4)]

    def write(log, n):
        for i in range(50):
            log.record("order", f"O{n}-{i}", "review", "Ann", "r" * 500, ORDER)

    threads = [threading.Thread(target=write, args=(log, n)) for n, log in enumerate(logs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(DecisionLog(tmp_path).entries()) == 200
