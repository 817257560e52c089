"""Integrity of the shipped reference tables: they load, cite sources, and keep their keys clean."""

import re

import pytest

from redtrace.reference import NAMES, load
from redtrace.reference import build

KEYS = {
    "precursors": ("substance",),
    "drone_components": ("hs_code",),
    "chpl": ("hs6",),
    "controlled_goods": ("hs_prefix",),
    "nace_classes": ("code",),
    "activity_goods_prior": ("nace_prefix", "hs_prefix"),
    "places": ("country", "region", "kind"),
    "indicators": ("id",),
    "generic_end_use": ("phrase",),
    "precursor_combinations": ("recipe", "component", "hs_prefix"),
    "activity_kinds": ("word",),
    "activity_terms": ("term",),
}

HS_COLUMNS = {  # column -> allowed digit counts
    ("drone_components", "hs_code"): (4, 6),
    ("chpl", "hs6"): (6,),
    ("controlled_goods", "hs_prefix"): (2, 4, 6, 8, 10),
    ("activity_goods_prior", "hs_prefix"): (2, 4, 6),
    ("precursor_combinations", "hs_prefix"): (4, 6),
}


@pytest.mark.parametrize("name", NAMES)
def test_loads_with_sources_and_unique_keys(name):
    df = load(name)
    assert len(df) > 0
    assert (df["source"].str.strip() != "").all(), f"{name}: row without source"
    key = list(KEYS[name])
    dupes = df[df.duplicated(key, keep=False)]
    assert dupes.empty, f"{name}: duplicate keys\n{dupes[key]}"


@pytest.mark.parametrize(("name", "column"), list(HS_COLUMNS))
def test_hs_codes_are_digits_of_allowed_length(name, column):
    allowed = HS_COLUMNS[(name, column)]
    bad = [c for c in load(name)[column] if not (c.isdigit() and len(c) in allowed)]
    assert not bad, f"{name}.{column}: {bad}"


def test_precursor_hs_lists_are_six_digit_codes():
    for codes in load("precursors")["hs_codes"]:
        assert all(re.fullmatch(r"\d{6}", c) for c in codes.split(";")), codes


def test_row_counts_match_their_sources():
    assert len(load("chpl")) == 50  # the CHPL has 50 HS-6 codes
    nace = load("nace_classes")["level"].value_counts()
    assert (nace["section"], nace["division"], nace["group"], nace["class"]) == (21, 88, 272, 615)
    assert len(load("indicators")) == 69
    precursors = load("precursors")
    # 9 Annex I entries plus the ammonium-nitrate-mixture (CAN, 3102.40) row; 9 Annex II entries.
    assert (precursors["annex"] == "I").sum() == 10 and (precursors["annex"] == "II").sum() == 9


def test_enumerated_columns_hold_known_values():
    assert set(load("activity_goods_prior")["fit"]) <= {"expected", "plausible", "implausible"}
    assert set(load("places")["kind"]) <= {"embargo", "sanctions", "conflict_border", "transshipment_hub", "diversion_concern"}
    assert set(load("controlled_goods")["control"]) <= set(build.CONTROL_RANK)
    for name, col in [("controlled_goods", "severity"), ("places", "weight")]:
        assert load(name)[col].between(0, 1).all()


def test_prior_uses_real_nace_codes():
    codes = set(load("nace_classes")["code"])
    assert set(load("activity_goods_prior")["nace_prefix"]) <= codes


def test_activity_vocabulary_uses_real_nace_codes_and_known_kinds():
    codes = set(load("nace_classes")["code"])
    terms = load("activity_terms")
    used = {c for col in ("default", "manufacture", "wholesale", "retail", "repair", "rental") for c in terms[col] if c}
    assert used <= codes, used - codes
    kinds = load("activity_kinds")
    assert set(kinds["kind"]) <= {"manufacture", "wholesale", "retail", "repair", "rental"}
    assert {c for c in kinds["alone"] if c} <= codes


def test_places_use_iso_country_codes():
    assert load("places")["country"].str.fullmatch(r"[A-Z]{2}").all()


def test_nace_rows_agree_with_their_code():
    for r in load("nace_classes").to_dict("records"):
        if r["level"] != "section":
            assert r["code"][:2] == r["division"]


def test_controlled_goods_is_a_fresh_build_of_its_sources():
    shipped = build.target().read_text(encoding="utf-8")
    assert shipped == build.to_csv_text(build.build()), "run: python -m redtrace.reference.build"


def test_load_returns_a_copy():
    df = load("chpl")
    df.loc[0, "tier"] = "changed"
    assert load("chpl").loc[0, "tier"] == "1"


def test_unknown_table_is_a_clear_error():
    with pytest.raises(KeyError, match="unknown reference table"):
        load("no_such_table")
