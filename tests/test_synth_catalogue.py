"""The generator trades real HS codes: precursors and drone parts as the shared reference lists them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from redtrace.synth import catalogue as cat

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
# Seed-report goods outside the EU precursor list: sorbitol (rocket fuel with potassium nitrate) and
# calcium ammonium nitrate as the AN/limestone mixture (HS 3102.40).
NOT_IN_EU_LIST = {"290544", "310240"}


def hs6(code: str) -> str:
    return code.replace(".", "")[:6]


def codes(file: str, column: str) -> set[str]:
    path = REFERENCE / file
    if not path.is_file():
        pytest.skip(f"{path} not available")
    with path.open(encoding="utf-8") as f:
        return {hs6(c) for row in csv.DictReader(f) for c in row[column].split(";") if c}


def test_precursors_carry_the_eu_regulation_codes():
    listed = codes("eu_2019_1148_explosives_precursors.csv", "hs6")
    ours = {hs6(cat.GOODS[cat.GOOD_INDEX[k]].hs) for k in cat.PRECURSORS}
    assert ours - NOT_IN_EU_LIST <= listed


def test_drone_goods_carry_drone_or_chpl_codes():
    listed = codes("drone_component_hs_codes.csv", "hs_code") | codes("chpl_common_high_priority_list.csv", "hs6")
    assert {hs6(cat.GOODS[cat.GOOD_INDEX[k]].hs) for k in cat.DRONE_GOODS} <= listed


def test_every_basket_names_known_goods_and_every_category_has_makers():
    for sector in cat.SECTORS:
        assert all(key in cat.GOOD_INDEX for key, _, _ in sector.basket), sector.nace
    assert set(cat.MAKERS) == set(cat.CATEGORIES) == set(cat.SELLER_KINDS)
    # Dual-use goods have legitimate buyers in the economy.
    bought = {key for sector in cat.SECTORS for key, _, _ in sector.basket}
    assert {"al_paste", "an", "kno3", "h2o2", "sorbitol", "turbojet", "mcu", "drone_small", "motion_ctrl"} <= bought
