"""The shipped tables still carry every fact of the shared upstream files they were built from.

The package never reads shared/ at run time; these tests only guard against silent drift when a
shipped file is edited. They skip where shared/ is not beside the repository.
"""

import csv
from pathlib import Path

import pytest

from redtrace.reference import load

UPSTREAM = Path(__file__).resolve().parents[2] / "shared" / "reference"
pytestmark = pytest.mark.skipif(not UPSTREAM.is_dir(), reason="shared/reference not available")


def upstream(name):
    with open(UPSTREAM / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_upstream_indicator_ships_unchanged():
    shipped = load("indicators").set_index("id")
    for r in upstream("red_flag_indicators.csv"):
        assert shipped.loc[r["id"], "meaning"] == r["meaning"]
        assert shipped.loc[r["id"], "source"] == r["source"]


def test_every_chpl_code_ships_with_its_tier():
    shipped = dict(zip(load("chpl")["hs6"], load("chpl")["tier"]))
    assert shipped == {r["hs6_digits"]: r["tier"] for r in upstream("chpl_common_high_priority_list.csv")}


def test_every_regulation_substance_ships_with_its_codes():
    shipped = load("precursors").set_index("cas")
    for r in upstream("eu_2019_1148_explosives_precursors.csv"):
        if r["annex"] not in ("I", "II"):
            continue  # the 'adjacent' aluminium-paste row is re-classified, see docs/reference-data.md
        row = shipped.loc[r["cas"]]
        assert row["annex"] == r["annex"]
        assert set(row["hs_codes"].split(";")) == set(r["hs6"].split(";"))


def test_every_upstream_drone_code_is_covered():
    shipped = set(load("drone_components")["hs_code"])
    for r in upstream("drone_component_hs_codes.csv"):
        if "-" in r["hs_code"]:  # a range, expanded into its subheadings
            assert {"880691", "880699"} <= shipped
        else:
            assert r["hs_code"].replace(".", "") in shipped
