"""Serial readings against shipped ranges: every way a field reading goes wrong."""

import pytest

from redtrace.trace.markings import canon, marking, one_edit, one_edit_neighbours, skeleton, without_notes
from redtrace.trace.serials import READING_FACTORS, SerialIndex

RANGES = [
    ("JT-000120", "JT-000129"),  # 0: ten turbojets, zero-padded, dash
    ("JT-000130", "JT-000139"),  # 1: the next ten, another sale
    ("SB-0045", "SB-0045"),  # 2: a range of one item
    ("A12-000100", "A12-000199"),  # 3: prefix ending in digits
    ("TJ100-0001A", "TJ100-0009A"),  # 4: suffix after the number
    ("M-7", "M-120"),  # 5: no zero padding, widths vary
    ("ALPHA-X", "ALPHA-X"),  # 6: no number at all
]


@pytest.fixture(scope="module")
def index():
    return SerialIndex([a for a, _ in RANGES], [b for _, b in RANGES])


def lines(index, reading):
    return [h.line for h in index.lookup(reading)]


def test_canon_and_skeleton_absorb_separators_and_lookalikes():
    assert canon(" jt-000 125 ") == "JT000125"
    assert skeleton("JK-OOO125") == skeleton("JK-000125") == "JK000125"
    assert skeleton("I1 S5 B8 Z2 G6 O0") == "115588226600"
    assert skeleton("l1 L1 D0 Q0 A4 T7") == "111100004477"
    assert canon(None) == "" and canon(float("nan")) == ""


def test_ranges_split_on_the_last_number_of_the_raw_text(index):
    # 'A12-' keeps its digits apart from the running number, even read without the dash.
    assert index.range_text(3) == "A12-000100..A12-000199"
    assert index.lookup("A12000150")[0].matched == "A12-000150"
    assert index.range_text(4) == "TJ100-0001A..TJ100-0009A"  # suffix after the number
    assert index.range_text(6) == "ALPHA-X..ALPHA-X"  # no number: matched whole


def test_exact_serial_inside_range(index):
    hits = index.lookup("JT-000125")
    assert [h.line for h in hits] == [0]
    assert hits[0].reading == "whole" and hits[0].strength == 1.0 and hits[0].swaps == []


def test_range_bounds_are_inclusive_and_neighbouring_range_is_not_hit(index):
    assert lines(index, "JT-000120") == [0]
    assert lines(index, "JT-000129") == [0]
    assert lines(index, "JT-000130") == [1]
    assert lines(index, "JT-000140") == []


@pytest.mark.parametrize(
    "reading, swap",
    [("JT-OOO125", "O->0"), ("JT-0001Z5", "Z->2"), ("JT-000I25", "I->1"), ("JT-00012S", "S->5"), ("A12-0001B0", "B->8"), ("A12-0001G0", "G->6")],
)
def test_each_lookalike_confusion_is_tolerated_and_named(index, reading, swap):
    hit = index.lookup(reading)[0]
    assert hit.reading == "whole" and swap in hit.swaps


def test_lookalike_in_the_prefix_is_tolerated(index):
    hit = index.lookup("5B-0045")[0]
    assert hit.line == 2 and hit.swaps == ["5->S"]


def test_explanation_names_reading_range_and_swap(index):
    text = index.lookup("JT-OOO125")[0].describe("JT-OOO125")
    assert text == "serial 'JT-OOO125' read as 'JT-000125' (O->0), inside range JT-000120..JT-000129"


def test_dropped_dash(index):
    hit = index.lookup("JT000125")[0]
    assert hit.line == 0 and "separators dropped" in hit.notes


def test_dropped_prefix(index):
    hit = index.lookup("0045")[0]
    assert (hit.line, hit.reading) == (2, "no_prefix")
    assert hit.matched == "SB-0045"


def test_dropped_prefix_is_ambiguous_across_prefixes_of_same_width(index):
    assert set(lines(index, "000125")) == {0, 3}  # JT-000125 and A12-000125 both exist


def test_partially_dropped_prefix(index):
    hit = index.lookup("T-000125")[0]
    assert (hit.line, hit.reading) == (0, "partial_prefix")


def test_zero_padding_dropped(index):
    hit = index.lookup("JT-125")[0]
    assert (hit.line, hit.reading, hit.matched) == (0, "zero_padding", "JT-000125")


def test_truncated_trailing_digits_match_every_range_they_fit(index):
    hit = index.lookup("JT-00012")[0]
    assert (hit.line, hit.reading, hit.matched) == (0, "truncated_trailing", "JT-00012?")
    assert hit.consistent == 10 and hit.space == 10
    assert set(lines(index, "JT-0001")) == {0, 1}  # JT-0001?? covers both sales


def test_truncated_leading_digits(index):
    hit = [h for h in index.lookup("00137") if h.line == 1][0]
    assert hit.reading in ("no_prefix", "truncated_leading")
    hit = [h for h in index.lookup("0137") if h.line == 1][0]
    assert hit.matched in ("JT-000137", "JT-??0137")


def test_truncated_leading_uses_modular_index_not_only_value(index):
    # '50' + '0150' -> only the last four digits of A12-000150 survive, with a different leading part.
    big = SerialIndex(["X-123400", "X-555000"], ["X-123499", "X-555099"])
    hit = big.lookup("3450")[0]
    assert (hit.line, hit.reading, hit.matched) == (0, "truncated_leading", "X-??3450")


def test_truncated_suffix(index):
    hit = index.lookup("TJ100-0005")[0]
    assert hit.line == 4 and "trailing characters missing" in hit.notes


def test_unpadded_ranges_of_varying_width(index):
    assert lines(index, "M-7") == [5]
    assert lines(index, "M-99") == [5]
    assert lines(index, "M-121") == []


def test_serial_without_number_matches_whole(index):
    assert lines(index, "ALPHA X") == [6]


def test_unknown_or_too_short_readings_match_nothing(index):
    assert lines(index, "XQ-000125") == []
    assert lines(index, "999999") == []
    assert lines(index, "12") == []


def test_all_digit_serial_losing_leading_digits():
    imei = SerialIndex(["350000000012340"], ["350000000012349"])
    hit = imei.lookup("0000000012345")[0]
    assert (hit.line, hit.reading, hit.matched) == (0, "truncated_leading", "??0000000012345")
    assert imei.lookup("350000000012345")[0].reading == "whole"


def test_prefix_and_last_digits_both_lost(index):
    hit = [h for h in index.lookup("00013") if h.line == 1][0]
    assert hit.reading == "truncated_bare" and hit.matched == "JT-00013?"
    assert "prefix 'JT-' missing" in hit.notes and "last 1 digit missing" in hit.notes


def test_a_short_reading_that_keeps_a_leading_zero_was_cut_not_unpadded():
    idx = SerialIndex(["KX-000395", "KX-043837"], ["KX-000541", "KX-043948"])
    hits = {h.line: h.reading for h in idx.lookup("KX-0439")}
    assert hits == {1: "truncated_trailing"}  # not KX-000439 with padding dropped
    assert idx.lookup("KX-439")[0].reading == "zero_padding"


def test_a_prefix_of_lookalike_letters_only_is_still_read_as_a_prefix():
    # 'QD' has the skeleton '00': read whole, the prefix is still found as one.
    idx = SerialIndex(["QD-000395", "QD-043837"], ["QD-000541", "QD-043948"])
    assert [(h.line, h.reading) for h in idx.lookup("QD-043900")] == [(1, "whole")]
    assert idx.lookup("Q0-000400")[0].line == 0


def test_one_edit_neighbours_are_one_wrong_swapped_missing_or_extra_character():
    near = one_edit_neighbours("JK0125")
    assert {"JK0135", "JK0215", "JK025", "JK01255", "JX0125"} <= near  # wrong, swapped, missing, extra, prefix letter
    assert "JK0125" not in near and "JK0235" not in near  # itself; two errors
    assert one_edit("JK0135", "JK0125") == "'3' for '2'"
    assert one_edit("JK0215", "JK0125") == "'21' for '12', swapped"
    assert one_edit("JK025", "JK0125") == "'1' missing"
    assert one_edit("JK01255", "JK0125") == "'5' too many"
    assert one_edit("JKO135", "JK0125") == "'3' for '2'"  # a look-alike elsewhere is not the error


@pytest.mark.parametrize(
    "reading, line, error",
    [
        ("A12-000250", 3, "'2' for '1'"),  # one digit wrong
        ("SB-0054", 2, "'54' for '45', swapped"),  # two neighbours swapped
        ("TJ100-001A", 4, "'0' missing"),  # one missed (not a cut: 001? holds none of 1..9)
        ("JT-0001265", 0, "'6' too many"),  # one too many
        ("ALPHA-Y", 6, "'Y' for 'X'"),  # a serial without a number
    ],
)
def test_a_reading_one_error_away_finds_its_range_only_through_near(index, reading, line, error):
    assert lines(index, reading) == []
    hits = index.near(reading)
    assert [h.line for h in hits] == [line]
    assert hits[0].reading == "one_edit" and READING_FACTORS["one_edit"] < READING_FACTORS["truncated_bare"]
    assert f"one character differs: {error}" in hits[0].describe(reading)


def test_one_edit_hits_count_the_neighbours_each_line_shipped(index):
    hits = {h.line: h for h in index.near("JT-000145")}  # JT-000125 or JT-000135
    assert set(hits) == {0, 1} and hits[0].consistent == hits[1].consistent == 1
    assert hits[0].pool == hits[1].pool < -1  # compared with each other, apart from truncations
    assert "read as 'JT-000125' (one character differs: '4' for '2'), inside range JT-000120..JT-000129" in hits[0].describe("JT-000145")


def test_short_readings_are_not_tried_one_error_away(index):
    assert index.near("M-12") == []


def test_a_bare_number_one_error_away_finds_ranges_of_any_prefix(index):
    hits = {h.line: h for h in index.near("000175")}  # 0001?5 and 00017? fall in A12-0001xx
    assert set(hits) == {0, 1, 3} and {h.reading for h in hits.values()} == {"one_edit_no_prefix"}
    assert hits[3].consistent == 19 and hits[0].consistent == hits[1].consistent == 1
    assert "prefix 'A12-' missing" in hits[3].notes
    assert READING_FACTORS["one_edit_no_prefix"] < READING_FACTORS["one_edit"]


@pytest.mark.parametrize("raw, read, bare, lost", [
    ("S/N: 0136Z-M", "S/N: 0136Z-M", "0136Z-M", set()),
    ("Serial no. JT-000125", "Serial no. JT-000125", "JT-000125", set()),
    ("LOT NO. LO206I5", "LOT NO. LO206I5", "LO206I5", set()),
    ("# 4471", "# 4471", "4471", set()),
    ("SN2017000236", "SN2017000236", "", set()),  # glued to the marking: maybe the seller's prefix
    ("L-2015-77", "L-2015-77", "", set()),  # a lone L is no note word
    ("0194[..]", "0194", "", {"end"}),
    ("09I3??", "09I3", "", {"end"}),
    ("CM5S/0078_", "CM5S/0078", "", {"end"}),
    ("…4512", "4512", "", {"start"}),
    ("S/N: [illegible]4512", "S/N: 4512", "4512", {"start"}),
    ("?", "?", "", set()),  # nothing left to read: not taken apart
])
def test_a_field_note_is_taken_apart_into_note_word_reading_and_illegible_ends(raw, read, bare, lost):
    m = marking(raw)
    assert (m.read, m.bare, set(m.lost)) == (read, bare, lost)


def test_a_marking_with_a_note_word_is_looked_up_with_and_without_it():
    assert marking("S/N: 0136Z-M").texts == ("0136Z-M", "S/N: 0136Z-M")
    assert marking("#4471").texts == ("4471",)  # the same characters either way: looked up once
    assert marking("LOT15082").texts == ("15082", "LOT15082")  # typed without a space


def test_seller_lots_lose_their_note_word_unless_too_little_is_left():
    assert without_notes(["LOT 16/116", "Batch: B230117", "L-2015-77", "Lot 7", None]).to_pylist() == [
        "16/116", "B230117", "L-2015-77", "Lot 7", ""]


def test_an_end_marked_illegible_is_read_as_cut_there_and_only_there():
    idx = SerialIndex(["01940-M", "10164-M"], ["01941-M", "10224-M"])
    # Unmarked, '0194' may have lost its first digits (ends in 0194: 10194-M) or its last.
    assert {h.line for h in idx.lookup("0194")} == {0, 1}
    cut_end = idx.lookup("0194", frozenset({"end"}))
    assert [h.line for h in cut_end] == [0] and cut_end[0].reading.startswith("truncated_")
    assert "trailing characters missing" in cut_end[0].notes  # the suffix went with the last digit
    assert [h.line for h in idx.lookup("0194", frozenset({"start"}))] == [1]


def test_last_digits_lost_take_the_suffix_with_them(index):
    hit = index.lookup("TJ100-000")[0]  # TJ100-000?A: the last digit and the 'A' lost
    assert (hit.line, hit.reading, hit.consistent) == (4, "truncated_trailing", 9)


def test_a_start_marked_illegible_is_never_read_with_its_whole_prefix(index):
    assert {h.reading for h in index.lookup("JT-000125", frozenset({"start"}))} <= {"partial_prefix", "no_prefix"}
