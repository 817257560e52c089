"""Trace figures against a truth file: top-1, top-3, false traces per case."""

import pandas as pd

from redtrace.trace.evaluate import evaluate_traces, targets_met

TRUTH = pd.DataFrame({
    "item_id": ["U1", "U2", "A1", "A2", "N1", "N2"],
    "order_id": ["O-1", "O-2", "O-3", "O-4", None, None],
    "line_no": [1, 1, 1, 2, None, None],
    "case": ["unique", "unique", "ambiguous_lot", "truncated_serial", "no_origin", "no_origin"],
})
TRACES = pd.DataFrame(
    [
        ("U1", 1, "O-1", 1, 0.95, "serial_range"),  # right
        ("U2", 1, "O-9", 1, 0.70, "serial_range"),  # wrong and confident: a false trace
        ("U2", 2, "O-2", 1, 0.20, "serial_range"),
        ("A1", 1, "O-5", 1, 0.40, "lot"),
        ("A1", 2, "O-6", 1, 0.30, "lot"),
        ("A1", 3, "O-3", 1, 0.20, "lot"),  # in top 3
        ("A2", 1, "O-4", 1, 0.40, "serial_range"),  # right order, wrong line
        ("N1", 1, "O-7", 1, 0.60, "lot"),  # confident trace of an item with no origin
        # N2: no candidate at all
    ],
    columns=["item_id", "rank", "order_id", "line_no", "confidence", "matched_on"],
)


def test_figures_per_case_and_overall():
    figures = evaluate_traces(TRACES, TRUTH).set_index("case")
    assert figures.loc["unique", ["items", "top1", "top3", "false_traces"]].tolist() == [2, 0.5, 1.0, 0.5]
    assert figures.loc["ambiguous_lot", "top3"] == 1.0 and figures.loc["ambiguous_lot", "top1"] == 0.0
    assert figures.loc["truncated_serial", "top3"] == 0.0
    assert figures.loc["no_origin", "false_traces"] == 0.5
    assert figures.loc["all", "items"] == 6


def test_targets():
    met = targets_met(evaluate_traces(TRACES, TRUTH))
    assert met == {"unique top-1 >= 0.95": False, "ambiguous top-3 >= 0.95": False, "no-origin false traces <= 0.05": False}
    perfect = TRACES[TRACES["item_id"].isin(["U1"])]
    met = targets_met(evaluate_traces(perfect, TRUTH[TRUTH["item_id"].isin(["U1", "N2"])]))
    assert all(met.values())


def test_calibration_bins():
    from redtrace.trace.evaluate import calibration

    table = calibration(TRACES, TRUTH).set_index("bin")
    assert table["items"].sum() == 5  # top-1 rows of U1, U2, A1, A2, N1
    high = table.loc[[b for b in table.index if b.startswith("(0.9")][0]]
    assert (high["items"], high["right"]) == (1, 1.0)  # U1 at 0.95, right


def test_figures_per_misreading_kind_read_off_the_true_sale():
    from redtrace.trace.evaluate import by_reading

    traces = pd.concat([TRACES, pd.DataFrame(
        [("U3", 1, "O-8", 1, 0.9, "serial_range;serial_truncated_trailing;model;manufacturer")],
        columns=TRACES.columns)])
    truth = pd.concat([TRUTH, pd.DataFrame({"item_id": ["U3"], "order_id": ["O-8"], "line_no": [1], "case": ["unique"]})])
    readings = pd.DataFrame({"item_id": ["U1", "A1"], "rank": [1, 3], "reading": [
        "serial 'JT-OOO125' read as 'JT-000125' (O->0), inside range JT-000120..JT-000129",
        "lot 'L2015-77' read as 'L-2015-77' (separators differ)"]})
    table = by_reading(traces, truth, readings).set_index("kind")
    assert table.loc["serial whole", "items"] == 2  # U1 right, U2's true sale ranked second
    assert table.loc["serial whole", ["top1", "top3"]].tolist() == [0.5, 1.0]
    assert table.loc["serial_truncated_trailing", "top1"] == 1.0
    assert table.loc["lot", ["items", "top1", "top3"]].tolist() == [1, 0.0, 1.0]
    assert table.loc["look-alike characters", "items"] == 1 and table.loc["separators dropped", "items"] == 1
    assert table.loc["manufacturer not read", "items"] == 3  # the rows of U1, U2 and A1 name no maker
    assert table.loc["true sale not listed", ["items", "top3"]].tolist() == [1, 0.0]  # A2: right order, wrong line
    assert table["items"].sum() == 2 + 1 + 1 + 1 + 1 + 3 + 1  # no-origin items are not counted
