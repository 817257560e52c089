"""Free-text activity -> NACE code from the goods and the kind of business the words name."""

import pandas as pd
import pytest

from redtrace.reference.activity_text import nace_from_text, names_nothing, stem, words
from redtrace.reference.load import load
from redtrace.rules import _buyers

HELDOUT = "tests/data/activity_texts_heldout.csv"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mobile phone shop", "47.42"),
        ("IT hardware reseller", "46.51"),  # computers, not a hardware store's tools (47.52)
        ("PC hardware dealer", "46.51"),
        ("Mobile Phones Retailer", "47.42"),
        ("paint production", "20.30"),
        ("UAV manufacturer", "30.30"),
        ("retail of games and toys", "47.65"),
        ("industrial bakery", "10.71"),
        ("stone quarry", "08.11"),  # the head noun decides; 'stone' names no activity on its own
        ("haulage contractor", "49.41"),
        ("tyre fitting centre", "45.20"),  # an activity noun keeps its code under 'centre'
        ("car rental", "77.11"),
        ("garden centre", "47.76"),
        ("CNC machining workshop", "25.62"),
        ("builders merchant", "46.73"),
        ("fertilizer importer", "46.75"),
        ("general trading", "46.90"),
        ("import export trading company", "46.90"),
        ("mobile phone repair shop", "95.12"),  # repairs, even in a shop
        ("manufacturer and distributor of paints", "20.30"),  # makes, then sells
        ("paint and wallpaper shop", "47.5"),  # two classes of one group -> the group
        ("agricultural machinery dealer", "46.61"),
    ],
)
def test_texts_that_must_map(text, code):
    got = nace_from_text(text)
    assert got is not None and got[0] == code, got


@pytest.mark.parametrize(
    "text",
    [
        "",
        "boutique",  # a kind of shop, no goods
        "paint",  # goods, but made, sold wholesale or sold in shops?
        "livestock trading",  # unknown goods must not fall back to a general trader
        "farm inputs wholesale",  # a wholesaler is no farm
        "holding of participations xyz",
        "limestone supplier",  # 'stone' is not a word of 'limestone'
    ],
)
def test_texts_that_must_stay_unmapped(text):
    assert nace_from_text(text) is None


@pytest.mark.parametrize(
    ("kind", "code"),
    [("manufacturer", "20.30"), ("factory", "20.30"), ("wholesaler", "46.73"), ("distributor", "46.73"), ("shop", "47.52"), ("store", "47.52")],
)
def test_kind_word_picks_the_section(kind, code):
    assert nace_from_text(f"paints {kind}")[0] == code
    assert nace_from_text(f"phone {kind}")[0] == {"20": "26.30", "46": "46.52", "47": "47.42"}[code[:2]]


def test_plurals_and_spellings():
    assert [stem(w) for w in ("supplies", "gases", "glasses", "tyres", "toys", "bus", "works")] == [
        "supply", "gas", "glass", "tyre", "toy", "bus", "work"]
    assert words("Jewellery & Watches") == ("jewellery", "watch")
    assert nace_from_text("fertiliser producer")[0] == nace_from_text("Fertilizers Producer")[0] == "20.15"


def test_note_says_what_was_read():
    code, note = nace_from_text("mobile phone shop")
    assert note == ("activity 'mobile phone shop' names 'mobile phone' as retail ('shop') -> NACE 47.42 "
                    "'Retail sale of telecommunications equipment in specialised stores'")
    assert "'quarry' as an activity of its own -> NACE 08.11" in nace_from_text("stone quarry")[1]


def test_stemmed_terms_are_unique():
    stems = load("activity_terms")["term"].map(words)
    assert not stems.duplicated().any(), stems[stems.duplicated()].tolist()


def test_heldout_descriptions():
    """Registry-style descriptions with the class a statistician would give them: most map to the
    class, almost none to a wrong group."""
    held = pd.read_csv(HELDOUT, dtype=str)
    got = [nace_from_text(t) for t in held.activity]
    right = sum(g is not None and g[0] == c for g, c in zip(got, held.nace))
    wrong = sum(g is not None and g[0][:4] != c[:4] for g, c in zip(got, held.nace))
    assert right >= 0.9 * len(held) and wrong <= 3


def test_texts_naming_no_goods_are_not_guessed_from_resemblance():
    assert names_nothing("Manufacture of industrial products") and names_nothing("import export trading")
    assert not names_nothing("manufacture of jewellery")
    # Character n-grams would put it on 'Manufacture of industrial gases'.
    assert "manufacture of industrial products" not in _buyers.activity_from_text(["manufacture of industrial products"], {})


def test_learned_meaning_comes_before_words():
    mapped = _buyers.activity_from_text(["mobile phone shop", "paint production"], {"mobile phone shop": "46.52"})
    assert mapped["mobile phone shop"][:2] == ("46.52", "learned")
    assert mapped["paint production"][:2] == ("20.30", "words")
