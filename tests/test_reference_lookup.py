"""Known answers of the reference lookups the detectors use."""

import pytest

from redtrace.reference import activity_fit, controlled_category, indicator, nace_title, place_risk


@pytest.mark.parametrize(
    ("hs", "category", "label_part"),
    [
        ("760310", "precursor", "aluminium powders"),
        ("7603.20.00", "precursor", "aluminium powders"),
        ("841111", "engine", "turbojet"),
        ("290544", "propellant_input", "sorbitol"),
        ("3824.60", "propellant_input", "sorbitol"),
        ("310230", "precursor", "ammonium nitrate"),
        ("321290", "explosive_input", "aluminium paste"),
        ("880622", "uav", "drones"),
        ("8806.99", "uav", "drones"),
        ("360360", "detonator", "electric detonators"),
    ],
)
def test_controlled_category_known_codes(hs, category, label_part):
    row = controlled_category(hs)
    assert row is not None and row["category"] == category
    assert label_part in row["label"].lower()


def test_longest_prefix_wins():
    # 8806.10 (passenger drones) has its own row; 8806.30 does not exist, so the heading answers.
    assert controlled_category("880610")["hs_prefix"] == "880610"
    assert controlled_category("8806300000")["hs_prefix"] == "8806"


def test_chpl_codes_carry_their_tier():
    assert controlled_category("854231")["control"] == "chpl_tier_1"
    assert controlled_category("852691")["control"] == "chpl_tier_2"
    assert controlled_category("880730")["control"] == "chpl_tier_3b"


def test_uncontrolled_and_empty_codes_answer_none():
    assert controlled_category("640399") is None  # footwear
    assert controlled_category("") is None
    assert controlled_category(None) is None


def test_nace_title_accepts_common_spellings():
    expected = "Retail sale of telecommunications equipment in specialised stores"
    assert nace_title("47.42") == expected
    assert nace_title("4742") == expected
    assert nace_title("47.42.0") == expected  # national subclass
    assert nace_title("20.51") == "Manufacture of explosives"
    assert nace_title("g").startswith("WHOLESALE AND RETAIL TRADE")
    assert nace_title("99.99") is None


def test_indicator_lookup_and_clear_error():
    assert indicator("CAR20-01")["short_name"] == "goods_incongruent_with_business"
    assert indicator("car20-01")["id"] == "CAR20-01"
    with pytest.raises(KeyError, match="unknown indicator id 'CAR20-99'.*CAR20-09"):
        indicator("CAR20-99")


@pytest.mark.parametrize("text", ["Şanlıurfa", "SANLIURFA", "sanliurfa", "Urfa merkez", "ŞANLIURFA"])
def test_place_risk_tolerates_case_and_diacritics(text):
    kinds = {(r["region"], r["kind"]) for r in place_risk("TR", text)}
    assert ("Şanlıurfa", "conflict_border") in kinds


def test_place_risk_districts_and_whole_country_rows():
    rows = place_risk("tr", "Akcakale, Sanliurfa")
    assert rows[0]["region"] == "Akçakale"  # heaviest first
    assert {r["kind"] for r in rows} == {"conflict_border", "diversion_concern"}
    assert [r["kind"] for r in place_risk("TR", "Istanbul")] == ["diversion_concern"]
    assert place_risk("SY", None)[0]["kind"] == "embargo"
    assert place_risk("FR", "Paris") == []


def test_place_risk_matches_whole_words_only():
    # "Kilis" must not fire inside an unrelated word.
    assert not [r for r in place_risk("TR", "Kilisecik") if r["region"] == "Kilis"]


@pytest.mark.parametrize(
    ("nace", "hs", "fit"),
    [
        ("47.42", "760310", "implausible"),  # CAR: mobile-phone shop buying aluminium paste/powder
        ("47.42", "841111", "implausible"),  # turbojets shipped to a mobile-phone company
        ("47.42", "851713", "expected"),
        ("47.42", "880623", "implausible"),  # > 7 kg drone
        ("47.42", "880621", "plausible"),
        ("10.82", "290544", "expected"),  # confectioner buying sorbitol
        ("01.11", "290544", "implausible"),  # farm buying sorbitol
        ("08.11", "310230", "expected"),
        ("08.11", "360340", "expected"),
        ("30.30", "841111", "expected"),
        ("33.16", "841191", "expected"),
        ("28.11", "841111", "implausible"),
        ("47.76", "310500", "expected"),
        ("47.76", "310230", "implausible"),
        ("46.75", "282990", "expected"),
        ("70.22", "760310", "implausible"),  # a consultancy buying aluminium powder
        ("77.11", "853710", "implausible"),  # CAR: car-hire firm paying for motion-control units
    ],
)
def test_activity_fit_known_cases(nace, hs, fit):
    row = activity_fit(nace, hs)
    assert row is not None and row["fit"] == fit, row


def test_activity_fit_unknown_pairs_answer_none():
    assert activity_fit("56.10", "640399") is None
    assert activity_fit(None, "760310") is None
