"""How well traces find the true sale, against a truth file `item_id, order_id, line_no, case`.

Cases (as a synthetic world labels them): `unique` — the markings, as misread, still identify one
sale; `ambiguous_lot` / `truncated_serial` — they fit several sales; `no_origin` — the item's sale
is not in the data (order_id empty). The targets: top-1 accuracy on unique items, true sale in the
top 3 on ambiguous ones, and few false traces (confidence >= CONFIDENT on a wrong or non-existent
origin).
"""

from __future__ import annotations

import re

import pandas as pd

CONFIDENT = 0.5
AMBIGUOUS_CASES = ("ambiguous_lot", "truncated_serial")


def evaluate_traces(traces: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """One row per case (and 'all'): items, top1, top3, false_traces (rates in [0, 1]), confident."""
    truth = truth.copy()
    truth["order_id"] = truth["order_id"].fillna("").astype(str)
    truth["line_no"] = pd.to_numeric(truth["line_no"], errors="coerce")
    t = traces.copy()
    t["line_no"] = pd.to_numeric(t["line_no"], errors="coerce")
    joined = t.merge(truth[["item_id", "order_id", "line_no"]].rename(
        columns={"order_id": "true_order", "line_no": "true_line"}), on="item_id", how="inner")
    joined["correct"] = (joined["order_id"].astype(str) == joined["true_order"]) & (joined["line_no"] == joined["true_line"])
    joined["top1"] = joined["correct"] & (joined["rank"] == 1)
    joined["top3"] = joined["correct"] & (joined["rank"] <= 3)
    per_item = joined.groupby("item_id")[["top1", "top3"]].any()
    wrong_confident = joined[(~joined["correct"]) & (joined["confidence"] >= CONFIDENT)]
    top = joined[joined["rank"] == 1].set_index("item_id")
    per_item["false_trace"] = per_item.index.isin(wrong_confident["item_id"])
    per_item["confident"] = per_item.index.isin(top[top["confidence"] >= CONFIDENT].index)
    items = truth.set_index("item_id")[["case"]].join(per_item)
    items[["top1", "top3", "false_trace", "confident"]] = items[["top1", "top3", "false_trace", "confident"]].fillna(False).astype(bool)
    rows = []
    for case, group in [*items.groupby("case"), ("all", items)]:
        rows.append({
            "case": case, "items": len(group),
            "top1": group["top1"].mean(), "top3": group["top3"].mean(),
            "false_traces": group["false_trace"].mean(), "confident": group["confident"].mean(),
        })
    return pd.DataFrame(rows)


def targets_met(figures: pd.DataFrame) -> dict[str, bool]:
    """The issue's acceptance targets, each True/False (a case missing from the truth passes)."""
    by = figures.set_index("case")
    amb = by.loc[[c for c in AMBIGUOUS_CASES if c in by.index]]
    amb_top3 = (amb["top3"] * amb["items"]).sum() / amb["items"].sum() if len(amb) else 1.0
    return {
        "unique top-1 >= 0.95": bool(by.loc["unique", "top1"] >= 0.95) if "unique" in by.index else True,
        "ambiguous top-3 >= 0.95": bool(amb_top3 >= 0.95),
        "no-origin false traces <= 0.05": bool(by.loc["no_origin", "false_traces"] <= 0.05) if "no_origin" in by.index else True,
    }


def calibration(traces: pd.DataFrame, truth: pd.DataFrame, edges=(0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0)) -> pd.DataFrame:
    """Top-1 candidates binned by confidence: how many, and how often the bin is right (items
    without an origin are always wrong). Well calibrated: `right` close to the bin's confidence."""
    top = traces[traces["rank"] == 1].merge(truth[["item_id", "order_id", "line_no"]], on="item_id",
                                            suffixes=("", "_true"))
    right = (top["order_id"].astype(str) == top["order_id_true"].fillna("").astype(str)) & (
        pd.to_numeric(top["line_no"], errors="coerce") == pd.to_numeric(top["line_no_true"], errors="coerce"))
    bins = pd.cut(top["confidence"], list(edges), include_lowest=True)
    out = pd.DataFrame({"bin": bins, "right": right}).groupby("bin", observed=False)["right"].agg(["size", "mean"])
    return out.rename(columns={"size": "items", "mean": "right"}).reset_index().assign(bin=lambda d: d["bin"].astype(str))


# A reading that names a look-alike swap: "serial 'JT-OOO125' read as 'JT-000125' (O->0)".
_LOOKALIKE = r"'[^']*' read as[^|]*\([^)]*[A-Z0-9]->[A-Z0-9]"


def by_reading(traces: pd.DataFrame, truth: pd.DataFrame, readings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Top-1 / top-3 per kind of misreading, for items with an origin in the data.

    The kind is read off the true sale's own candidate row: how its serial matched
    (`serial_<reading>`, or whole), the lot whole or in part, the manufacturer not read; with
    `readings`, look-alike characters (O->0...) and separators dropped. An item counts under every
    kind it shows; 'true sale not listed' when the true sale is not among its listed candidates."""
    truth = truth[truth["order_id"].notna() & (truth["order_id"].astype(str) != "")].copy()
    truth["line_no"] = pd.to_numeric(truth["line_no"], errors="coerce")
    t = traces.assign(line_no=pd.to_numeric(traces["line_no"], errors="coerce"))
    if readings is not None:
        t = t.merge(readings, on=["item_id", "rank"], how="left")
    else:
        t = t.assign(reading="")
    own = truth.merge(t, on=["item_id", "order_id", "line_no"], how="left")
    rows = []
    for row in own.itertuples():
        tokens = set(str(row.matched_on).split(";")) if isinstance(row.matched_on, str) else set()
        if not tokens:
            kinds = ["true sale not listed"]
        else:
            kinds = [k for k in tokens if k.startswith("serial_") and k not in ("serial_range", "serial_conflict")]
            if "serial_range" in tokens and not kinds:
                kinds.append("serial whole")
            kinds += [k for k in ("lot", "lot_partial", "lot_one_edit") if k in tokens and "serial_range" not in tokens]
            if not tokens & {"manufacturer", "manufacturer~"}:
                kinds.append("manufacturer not read")
            text = str(row.reading) if isinstance(row.reading, str) else ""
            if re.search(_LOOKALIKE, text):
                kinds.append("look-alike characters")
            if "separators dropped" in text or "separators differ" in text:
                kinds.append("separators dropped")
        rank = row.rank if isinstance(row.rank, (int, float)) and row.rank == row.rank else None
        for kind in kinds:
            rows.append({"kind": kind, "top1": rank == 1, "top3": rank is not None and rank <= 3})
    out = pd.DataFrame(rows, columns=["kind", "top1", "top3"])
    return (out.groupby("kind").agg(items=("top1", "size"), top1=("top1", "mean"), top3=("top3", "mean"))
            .reset_index().sort_values("items", ascending=False, kind="stable").reset_index(drop=True))
