"""Derive ``controlled_goods.csv`` from the three source-of-truth files.

``precursors.csv``, ``drone_components.csv`` and ``chpl.csv`` say what each code is and where that
fact comes from; the consolidated table only merges them into one row per HS prefix so a detector
can do a single longest-prefix lookup. Regenerate after editing a source file:

    python -m redtrace.reference.build          # rewrite reference/data/controlled_goods.csv
    python -m redtrace.reference.build --check  # exit 1 if the shipped file is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

from redtrace.reference.load import load

COLUMNS = ("hs_prefix", "category", "label", "control", "severity", "source", "notes")

# A CHPL tier's severity reflects its own ranking (tier 1 = few suppliers, critical in weapons);
# tier 4 is production equipment, one step removed from a weapon.
CHPL_SEVERITY = {"1": 0.8, "2": 0.7, "3.A": 0.5, "3.B": 0.5, "4.A": 0.4, "4.B": 0.4}

# A CHPL tier mixes kinds of goods (tier 4.A holds printed circuits and oscilloscopes), so the
# category of a CHPL-only code follows what the goods are, by HS heading.
CHPL_CATEGORY_BY_HEADING = (
    (("8457", "8458", "8459", "8466"), "machine_tool"),
    (("8486",), "production_equipment"),
    (("8482",), "mechanical"),
    (("90",), "instrument"),
)

# When one code has several controls, the legally strongest names the row.
CONTROL_RANK = ("annex_i", "annex_ii", "chpl_tier_1", "chpl_tier_2", "chpl_tier_3a", "chpl_tier_3b",
                "chpl_tier_4a", "chpl_tier_4b", "car_case", "none")


def _chpl_category(hs6: str) -> str:
    for headings, category in CHPL_CATEGORY_BY_HEADING:
        if hs6.startswith(headings):
            return category
    return "electronics"


def _plain_label(text: str) -> str:
    """HS wording as a short label: parentheticals dropped, lower-case start."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip()
    return text[0].lower() + text[1:]


def _chpl_control(tier: str) -> str:
    return "chpl_tier_" + tier.replace(".", "").lower()


def _candidates() -> list[dict]:
    """One candidate row per (source file, code); order = precedence for category and label."""
    out: list[dict] = []
    for r in load("precursors").to_dict("records"):
        for hs in r["hs_codes"].split(";"):
            out.append(dict(hs_prefix=hs, category=r["category"], label=r["substance"][0].lower() + r["substance"][1:],
                            control=r["control"], severity=r["severity"], source=r["source"],
                            why=f"{r['control']}: {r['substance']}", table="precursors"))
    for r in load("drone_components").to_dict("records"):
        out.append(dict(hs_prefix=r["hs_code"], category=r["category"], label=r["label"], control=r["control"],
                        severity=r["severity"], source=r["source"], why=f"{r['control']}: {r['component']}",
                        table="drone_components"))
    for r in load("chpl").to_dict("records"):
        tier = r["tier"]
        out.append(dict(hs_prefix=r["hs6"], category=_chpl_category(r["hs6"]), label=_plain_label(r["description"]),
                        control=_chpl_control(tier), severity=CHPL_SEVERITY[tier], source=r["source"],
                        why=f"CHPL tier {tier}", table="chpl"))
    return out


def build() -> pd.DataFrame:
    """The consolidated lookup, sorted by prefix."""
    merged: dict[str, list[dict]] = {}
    for c in _candidates():
        merged.setdefault(c["hs_prefix"], []).append(c)
    rows = []
    for prefix, cands in merged.items():
        first = cands[0]
        # Two substances can share a code (e.g. both perchlorates are 2829.90): name them both.
        label = "; ".join(dict.fromkeys(c["label"] for c in cands if c["table"] == first["table"]))
        control = min((c["control"] for c in cands), key=CONTROL_RANK.index)
        severity = max(float(c["severity"]) for c in cands)
        sources = list(dict.fromkeys(c["source"] for c in cands))
        notes = "severity = max of: " + "; ".join(f"{c['why']} -> {float(c['severity']):.1f}" for c in cands)
        rows.append(dict(hs_prefix=prefix, category=first["category"], label=label, control=control,
                         severity=round(severity, 2), source=" | ".join(sources), notes=notes))
    return pd.DataFrame(rows, columns=list(COLUMNS)).sort_values("hs_prefix", ignore_index=True)


def target() -> Path:
    return Path(__file__).parent / "data" / "controlled_goods.csv"


def to_csv_text(df: pd.DataFrame) -> str:
    return df.to_csv(index=False, lineterminator="\n", float_format="%.2f")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the shipped file differs from a fresh build")
    args = ap.parse_args(argv)
    text = to_csv_text(build())
    path = target()
    if args.check:
        stale = not path.exists() or path.read_text(encoding="utf-8") != text
        print(f"{path}: {'stale' if stale else 'up to date'}")
        return 1 if stale else 0
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({text.count(chr(10)) - 1} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
