"""Ranking candidate sales for an item: lots, makers, conflicts, context, no-origin items."""

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from redtrace.trace.match import Catalogue, maker_fit, maker_key, model_fit

LINES = pd.DataFrame(
    [
        # order, line, maker, model, lot, serial range, date, ship-to country, region, city, buyer
        ("O-1", 1, "JetCat GmbH", "P200-RX", None, "JT-000120", "JT-000129", date(2015, 1, 10), "TR", "Sanliurfa", "Akcakale", "B1"),
        ("O-2", 1, "JetCat GmbH", "P200-RX", None, "JT-000130", "JT-000139", date(2015, 3, 1), "DE", None, "Bonn", "B2"),
        ("O-3", 2, "Alu Pigments AG", "AP-300", "L-2015-77", None, None, date(2015, 2, 1), "TR", "Gaziantep", None, "B3"),
        ("O-4", 1, "Alu Pigments AG", "AP-300", "L-2015-77", None, None, date(2015, 2, 5), "GB", None, "Leeds", "B4"),
        ("O-5", 1, "Alu Pigments AG", "AP-300", "L-2015-77", None, None, date(2018, 6, 1), "IQ", None, "Erbil", "B5"),
        ("O-6", 1, "Orbit Motion Ltd", "MC-10", None, "MC10-00500", "MC10-00500", date(2014, 5, 1), "GB", None, None, "B6"),
        ("O-7", 1, "Kestrel", "K1", "KB-19", "K-0100", "K-0199", date(2016, 1, 1), "TR", None, None, "B7"),
        ("O-8", 1, "Kestrel", "K1", "KB-19", "K-0200", "K-0299", date(2016, 1, 1), "DE", None, None, "B8"),
    ],
    columns=["order_id", "line_no", "manufacturer", "model", "lot", "serial_from", "serial_to",
             "order_date", "ship_to_country", "ship_to_region", "ship_to_city", "buyer_id"],
)


@pytest.fixture(scope="module")
def catalogue():
    return Catalogue(LINES)


def item(**kw):
    base = {"item_id": "I", "manufacturer": None, "model": None, "serial": None, "lot": None,
            "recovered_on": date(2017, 9, 1), "recovered_country": "SY", "recovered_place": None}
    return {**base, **kw}


def orders(ranked):
    return [LINES.loc[c.line, "order_id"] for c in ranked]


def test_maker_normalisation_and_fuzzy_agreement():
    assert maker_key("JetCat GmbH") == "JETCAT"
    assert maker_fit("jetcat", "JetCat GmbH")[1] == "manufacturer"
    assert maker_fit("Jet-Cat", "JetCat GmbH")[1] in ("manufacturer", "manufacturer~")
    assert maker_fit("Orbit Motion", "JetCat GmbH")[0] < 0.1
    assert maker_fit(None, "JetCat GmbH")[1] is None
    assert model_fit("P2OO RX", "P200-RX")[1] == "model"


def test_misread_serial_gives_one_confident_candidate_with_reading(catalogue):
    ranked = catalogue.rank(item(serial="JT-OOO125", manufacturer="JetCat", model="P200-RX"))
    # O-2 holds JT-000135, one error away: a reading that fits a sale as read is not tried so.
    assert orders(ranked) == ["O-1"]
    top = ranked[0]
    assert top.confidence >= 0.9
    assert top.matched_on[:3] == ["serial_range", "model", "manufacturer"]
    assert "read as 'JT-000125' (O->0)" in top.readings[0] and "order O-1 line 1" in top.readings[0]


def test_missing_manufacturer_still_traces(catalogue):
    ranked = catalogue.rank(item(serial="MC1O-0O500"))
    assert orders(ranked) == ["O-6"] and ranked[0].confidence >= 0.5


def test_lot_equality_tolerates_lookalikes_and_dashes(catalogue):
    ranked = catalogue.rank(item(lot="L2O15-77", model="AP-300"))
    assert set(orders(ranked)) == {"O-3", "O-4", "O-5"}
    assert ranked[-1].confidence < 0.05  # O-5 was sold after the recovery
    assert "lot 'L2O15-77' read as 'L-2015-77' (separators differ)" in ranked[0].readings[0] or "O->0" in ranked[0].readings[0]


def test_lot_sold_several_times_ranked_by_recovery_place_and_date(catalogue):
    ranked = catalogue.rank(item(lot="L-2015-77", model="AP-300", recovered_country="SY"))
    # Gaziantep (TR, border region next to SY) before Leeds; Erbil sold after the recovery date.
    assert orders(ranked) == ["O-3", "O-4", "O-5"]
    assert "border_region" in ranked[0].matched_on
    assert "recovered_before_sale" in ranked[2].matched_on
    assert ranked[0].confidence < 0.9  # a shared lot cannot be a sure trace
    assert ranked[2].confidence < 0.05


def test_recovery_in_the_shipping_country_wins(catalogue):
    ranked = catalogue.rank(item(lot="L-2015-77", recovered_country="GB", recovered_on=date(2016, 1, 1)))
    assert orders(ranked)[0] == "O-4"


def test_truncated_serial_over_two_sales_ranked_by_context(catalogue):
    ranked = catalogue.rank(item(serial="JT-0001", model="P200-RX", recovered_country="IQ"))
    assert orders(ranked) == ["O-1", "O-2"]
    assert ranked[0].confidence < 0.5  # JT-0001?? is a hundred serials


def test_serial_outside_every_range_is_no_origin(catalogue):
    ranked = catalogue.rank(item(serial="JT-000777", manufacturer="JetCat", model="P200-RX"))
    assert all(c.confidence < 0.05 for c in ranked)


def test_serial_of_another_maker_is_not_a_confident_trace(catalogue):
    # The number fits JetCat's range once the prefix is dropped, but the maker read says otherwise.
    ranked = catalogue.rank(item(serial="000125", manufacturer="Orbit Motion", model="MC-10"))
    assert all(c.confidence < 0.5 for c in ranked)


def test_unknown_lot_and_model_only_items_get_no_confident_trace(catalogue):
    assert catalogue.rank(item(lot="Q-9999-01")) == []
    ranked = catalogue.rank(item(model="AP-300", manufacturer="Alu Pigments"))
    assert orders(ranked) and all(c.confidence < 0.5 for c in ranked)


def test_lot_match_with_conflicting_serial_is_downweighted(catalogue):
    # Same lot on two sales; the serial read fits only the second, shipped far from the recovery.
    ranked = catalogue.rank(item(lot="KB-19", serial="K-0250"))
    assert orders(ranked) == ["O-8", "O-7"]
    assert ranked[0].confidence >= 0.8
    assert "serial_conflict" in ranked[1].matched_on and ranked[1].confidence < 0.05


def test_a_lot_with_a_serial_one_error_away_counts_less_than_the_lot_alone(catalogue):
    # K-0350 fits neither Kestrel sale; K-0150 (O-7) and K-0250 (O-8) are one error away.
    both = catalogue.rank(item(lot="KB-19", serial="K-0350"))
    assert {*orders(both)} == {"O-7", "O-8"} and all("serial_one_edit" in c.matched_on for c in both)
    lot_only = catalogue.rank(item(lot="KB-19"))
    assert sum(c.confidence for c in both) < sum(c.confidence for c in lot_only)


def test_buyer_risk_breaks_ties_when_scores_exist():
    lines = LINES.iloc[[2, 3]].assign(ship_to_country="TR", ship_to_region=None, ship_to_city=None, buyer_risk=[0.1, 0.9])
    ranked = Catalogue(lines).rank(item(lot="L-2015-77"))
    assert [lines.iloc[c.line]["order_id"] for c in ranked] == ["O-4", "O-3"]
    assert "buyer_risk" in ranked[0].matched_on


def test_without_scores_a_sale_showing_diversion_signs_ranks_first():
    lines = LINES.iloc[[2, 3]].assign(ship_to_country="TR", ship_to_region=None, ship_to_city=None,
                                      buyer_country=["TR", "TR"], consignee_id=[None, "C9"])
    ranked = Catalogue(lines).rank(item(lot="L-2015-77"))
    assert [lines.iloc[c.line]["order_id"] for c in ranked] == ["O-4", "O-3"]
    assert "other_consignee" in ranked[0].matched_on


def test_missing_values_from_pandas_are_unknown_not_mismatches():
    assert maker_fit(float("nan"), "Nordchem")[0] == maker_fit(None, "Nordchem")[0] > 0.5
    assert model_fit(float("nan"), "NC-693")[0] > 0.5


def test_time_fit_prefers_months_after_sale_and_rules_out_before():
    from redtrace.trace.context import time_fit

    days_after = time_fit(date(2016, 1, 6), date(2016, 1, 1)).factor
    months_after = time_fit(date(2016, 7, 1), date(2016, 1, 1)).factor
    years_after = time_fit(date(2026, 1, 1), date(2016, 1, 1)).factor
    assert days_after < months_after and years_after < months_after
    before = time_fit(date(2015, 1, 1), date(2016, 1, 1))
    assert before.hard < 0.05 and "recovered_before_sale" in before.notes


def test_lot_with_lost_leading_or_trailing_characters(catalogue):
    ranked = catalogue.rank(item(lot="2O15-77", model="AP-300"))  # 'L-' lost, O for 0
    assert {"O-3", "O-4"} <= set(orders(ranked))
    assert "lot_partial" in ranked[0].matched_on and "read as part of 'L-2015-77'" in ranked[0].readings[0]
    exact = catalogue.rank(item(lot="L-2015-77", model="AP-300"))
    assert ranked[0].confidence < exact[0].confidence
    assert catalogue.rank(item(lot="L-20")) == []  # too short to say anything
    assert {"O-3", "O-4", "O-5"} == set(orders(catalogue.rank(item(lot="L-201"))))  # four characters do


def test_goods_read_from_the_item_must_fit_what_the_line_sold():
    from redtrace.trace.match import goods_fit

    assert goods_fit("8411.12", None, "841112", "Turbojet") == (1.0, "hs_code")
    assert goods_fit("7603.10", None, "841112", None)[0] < 0.1  # another HS heading: another product
    assert goods_fit(None, "Electronic speed controller (ESC)", None, "Micro motor / servo <= 37.5 W")[0] < 0.5
    assert goods_fit(None, "aluminium paste", None, "Aluminium paste, leafing grade")[1] == "description"
    assert goods_fit(None, None, "841112", "Turbojet") == (1.0, None)  # unknown: no penalty


def test_lot_sale_of_more_units_is_the_likelier_origin_and_units_compare_in_base_measure():
    # One lot, three sales alike in every other respect: 40 drums' worth, 2 written in tonnes
    # (2,000 kg, the most), and 500 kg.
    lines = LINES.iloc[[2, 3, 4]].assign(ship_to_country="TR", ship_to_region=None, ship_to_city=None,
                                         order_date=date(2015, 2, 1), quantity=["1000", "2", "500"],
                                         unit=["kg", "t", "kg"])
    ranked = Catalogue(lines).rank(item(lot="L-2015-77"))
    assert [lines.iloc[c.line]["order_id"] for c in ranked] == ["O-4", "O-3", "O-5"]
    assert ranked[0].confidence / ranked[2].confidence == pytest.approx(4.0, rel=0.01)


def test_unit_counts_are_bounded_and_unknown_quantities_neutral():
    # A typo of a million litres must not wipe out the other sales: each counts at least a tenth
    # of the mean sale (here 500,000 l, so the typo counts 2 and the litre 0.1); a blank quantity
    # is an average sale, not an empty one.
    lines = LINES.iloc[[2, 3, 4]].assign(ship_to_country="TR", ship_to_region=None, ship_to_city=None,
                                         order_date=date(2015, 2, 1), quantity=["1", "1000000", None],
                                         unit=["l", "l", "l"])
    ranked = Catalogue(lines).rank(item(lot="L-2015-77"))
    by_order = {lines.iloc[c.line]["order_id"]: c.confidence for c in ranked}
    assert by_order["O-4"] / by_order["O-3"] == pytest.approx(2 / 0.1, rel=0.01)
    assert by_order["O-4"] > by_order["O-5"] > by_order["O-3"]


def test_truncated_serial_ranks_sales_by_serials_inside_the_reading():
    # JT-00012? stands for JT-000120..129: the first sale shipped 8 of them, the second 2.
    lines = pd.DataFrame({
        "order_id": ["S-1", "S-2"], "line_no": 1, "manufacturer": "JetCat", "model": "P200-RX", "lot": None,
        "serial_from": ["JT-000122", "JT-000100"], "serial_to": ["JT-000129", "JT-000121"],
        "order_date": date(2015, 1, 1), "ship_to_country": "TR", "ship_to_region": None, "ship_to_city": None,
        "buyer_id": ["B1", "B2"],
    })
    ranked = Catalogue(lines).rank(item(serial="JT-00012", model="P200-RX"))
    assert [lines.iloc[c.line]["order_id"] for c in ranked] == ["S-1", "S-2"]
    assert ranked[0].confidence / ranked[1].confidence == pytest.approx(4.0, rel=0.01)


def test_confidence_is_the_weight_against_all_weights_and_no_origin_by_hand():
    # One lot sold twice alike, but shipped next to the recovery country (TR, bordering SY) or far
    # from it (GB). Each: identity 0.6 (a whole lot) x maker unknown 0.75 x model 1; context:
    # place 0.8 or 0.3, no diversion signs 0.7, the same time of sale. "Origin not in the data"
    # weighs NO_ORIGIN with the context of the sale the markings favour (both alike: the best).
    from redtrace.trace.context import BORDERING, ELSEWHERE, NO_SIGNS
    from redtrace.trace.match import LOT_IDENTITY, MAKER_UNKNOWN, NO_ORIGIN

    lines = LINES.iloc[[2, 3]].assign(ship_to_country=["TR", "GB"], ship_to_region=None, ship_to_city=None,
                                      order_date=date(2015, 2, 1))
    ranking = Catalogue(lines).weigh(item(lot="L-2015-77", model="AP-300", recovered_on=date(2016, 1, 1)))
    near, far = (LOT_IDENTITY * MAKER_UNKNOWN * place * NO_SIGNS for place in (BORDERING, ELSEWHERE))
    total = near + far + NO_ORIGIN * BORDERING * NO_SIGNS
    assert [lines.iloc[i]["order_id"] for i in ranking.lines] == ["O-3", "O-4"]
    assert ranking.confidence == pytest.approx([near / total, far / total], rel=1e-12)
    assert ranking.parties() == [("B3",), ("B4",)] and ranking.serial(0) == ""
    assert ranking.days(0) == (date(2016, 1, 1) - date(2015, 2, 1)).days


def test_what_depends_on_a_line_s_values_only_is_worked_out_once_per_distinct_value():
    from redtrace.trace.match import _Distinct

    values = _Distinct(pa.array(["TR", "TR", None, "DE", "TR"]), pa.array(["Kilis", "Kilis", "Bonn", None, "Hatay"]))
    calls = []
    fits = values.each(np.array([0, 1, 2, 3, 4, 0]), lambda country, city: calls.append((country, city)) or country + city)
    assert fits == ["TRKilis", "TRKilis", "Bonn", "DE", "TRHatay", "TRKilis"]
    assert sorted(calls) == [("", "Bonn"), ("DE", ""), ("TR", "Hatay"), ("TR", "Kilis")]  # missing: ''


def test_key_index_finds_each_key_by_bisection():
    from redtrace.trace.match import _KeyIndex

    index = _KeyIndex(pa.array(["LOT7", "", "AB12", "LOT7", "LOT77", "B"]))
    assert index.get("LOT7") == [0, 3] and index.get("AB12") == [2] and index.get("B") == [5]
    assert "LOT77" in index and "LOT" not in index and "" not in index and "ZZZ" not in index
    assert index.get("") == [] and index.get("A") == [] and index.get("ZZZ") == []
    assert sorted(index.extending("LOT")) == ["LOT7", "LOT77"] and index.extending("12") == ["AB12"]


def test_a_serial_one_error_away_finds_its_sale_without_a_confident_trace(catalogue):
    # MC10-00700 was shipped nowhere; MC10-00500 (O-6) is one digit away. An item of another
    # distributor's sale read right is as plausible as this one misread: found, not confident.
    ranked = catalogue.rank(item(serial="MC10-00700", manufacturer="Orbit Motion", model="MC-10"))
    assert orders(ranked) == ["O-6"] and 0.1 < ranked[0].confidence < 0.5
    assert "serial_one_edit" in ranked[0].matched_on
    assert "read as 'MC10-00500' (one character differs: '7' for '5')" in ranked[0].readings[0]


def test_a_reading_one_error_from_two_sales_splits_between_them_below_confidence(catalogue):
    # JT-000145: JT-000125 (O-1, shipped next to the recovery) or JT-000135 (O-2, Bonn).
    ranked = catalogue.rank(item(serial="JT-000145", manufacturer="JetCat", model="P200-RX"))
    assert orders(ranked) == ["O-1", "O-2"]
    assert ranked[0].confidence + ranked[1].confidence < 0.5 and ranked[1].confidence > 0.01


def test_lookalikes_of_worn_or_lower_case_characters_read_whole(catalogue):
    # 'l' for 1 (typed in lower case), D for 0: read whole, as confident as a clean reading.
    ranked = catalogue.rank(item(serial="mclD-OO5OO", manufacturer="Orbit Motion", model="MC-10"))
    assert orders(ranked) == ["O-6"] and ranked[0].confidence >= 0.9
    assert "serial_one_edit" not in ranked[0].matched_on


def test_a_lot_one_error_away_finds_its_sales_without_a_confident_trace(catalogue):
    # L-2016-77 was never shipped; L-2015-77 (O-3, O-4, O-5) is one digit away.
    ranked = catalogue.rank(item(lot="L-2016-77", model="AP-300"))
    assert set(orders(ranked)) == {"O-3", "O-4", "O-5"}
    assert all("lot_one_edit" in c.matched_on for c in ranked) and max(c.confidence for c in ranked) < 0.5
    assert "lot 'L-2016-77' read as 'L-2015-77' (one character differs: '6' for '5')" in ranked[0].readings
    whole = catalogue.rank(item(lot="L-2015-77", model="AP-300"))
    assert ranked[0].confidence < whole[0].confidence


def test_a_short_lot_is_not_tried_one_error_away(catalogue):
    assert catalogue.rank(item(lot="KB-18")) == []


def test_a_serial_fitting_only_another_models_sale_is_tried_one_error_away():
    # 000135 fits KX-000135 (another maker's model) with its prefix dropped; the item is a
    # P200-RX, and JetCat's JT-000125 is one digit away.
    other = LINES.iloc[[0]].assign(order_id="O-9", manufacturer="Kestrel", model="K9",
                                    serial_from="KX-000130", serial_to="KX-000139")
    lines = pd.concat([LINES.iloc[[0]], other], ignore_index=True)
    ranked = Catalogue(lines).rank(item(serial="000135", manufacturer="JetCat", model="P200-RX"))
    assert [lines.loc[c.line, "order_id"] for c in ranked] == ["O-1", "O-9"]
    assert "serial_one_edit_no_prefix" in ranked[0].matched_on and ranked[0].confidence < 0.5
    assert "serial_no_prefix" in ranked[1].matched_on
    # Read as the other model, the reading fits its sale and is not tried one error away.
    assert [lines.loc[c.line, "order_id"] for c in Catalogue(lines).rank(item(serial="000135", model="K9"))] == ["O-9"]


def test_a_note_word_before_a_serial_or_lot_is_not_read_as_part_of_it(catalogue):
    ranked = catalogue.rank(item(serial="S/N: JT-OOO125"))
    assert orders(ranked)[:1] == ["O-1"]
    assert ranked[0].confidence == catalogue.rank(item(serial="JT-OOO125"))[0].confidence
    assert "'S/N:' taken as a note" in ranked[0].readings[0]
    lots = catalogue.rank(item(lot="Lot no. L-2015-77", model="AP-300"))
    assert set(orders(lots)[:3]) == {"O-3", "O-4", "O-5"}
    assert all("lot_partial" not in c.matched_on for c in lots)  # the whole lot, not a part


def test_a_seller_lot_written_with_its_note_word_matches_the_lot_read_without_it():
    lines = LINES.iloc[[2]].assign(lot="LOT 2015-77").reset_index(drop=True)
    ranked = Catalogue(lines).rank(item(lot="2015-77"))
    assert [c.line for c in ranked] == [0] and ranked[0].matched_on == ["lot"] + ranked[0].matched_on[1:]
    assert "lot_partial" not in ranked[0].matched_on


def test_a_short_lot_fragment_is_looked_up_among_the_lots_of_the_model_read(catalogue):
    assert orders(catalogue.rank(item(lot="B-19", model="K1")))[:2] in (["O-7", "O-8"], ["O-8", "O-7"])
    assert catalogue.rank(item(lot="B-19")) == []  # no model: four characters fit too much
    assert catalogue.rank(item(lot="B-19", model="AP-300")) == []


def test_a_lot_marked_cut_at_an_end_stands_for_a_longer_lot():
    lines = LINES.iloc[[2, 3]].assign(lot=["L-2015-7", "L-2015-77"]).reset_index(drop=True)
    catalogue = Catalogue(lines)
    assert [c.line for c in catalogue.rank(item(lot="L-2015-7"))][:1] == [0]
    cut = catalogue.rank(item(lot="L-2015-7[..]"))
    assert [c.line for c in cut] == [1] and "lot_partial" in cut[0].matched_on
    # No longer lot fits: the reading is taken as it is.
    assert [c.line for c in catalogue.rank(item(lot="L-2015-77…"))] == [1]


def test_one_product_written_in_other_words_by_another_seller_is_not_a_goods_mismatch():
    lines = LINES.iloc[[2, 3, 4]].reset_index(drop=True).assign(
        hs_code=["3102.30", "310230", "7603.10"],
        description=["Ammonium nitrate fertiliser, 50 kg bags", "Ammonium nitrate 34.4% N, prilled", "Aluminium powder"])
    ranked = Catalogue(lines).rank(item(lot="L-2015-77", description="fertiliser sack (AN)"))
    mismatched = {c.line for c in ranked if "goods_mismatch" in c.matched_on}
    assert mismatched == {2}  # the prilled AN of the same subheading fits as the bagged one does


def test_a_lot_cut_at_both_ends_is_found_inside_the_lots_only_when_no_end_fits(catalogue):
    ranked = catalogue.rank(item(lot="2015-7*", model="AP-300"))  # 'L-' dropped, the last '7' illegible
    assert {"O-3", "O-4", "O-5"} == set(orders(ranked))
    assert all("lot_infix" in c.matched_on for c in ranked)
    assert "characters missing at both ends" in ranked[0].readings[0]
    assert catalogue.rank(item(lot="2015-7")) != [] and catalogue.rank(item(lot="015-7")) == []  # 4: too short
    partial = catalogue.rank(item(lot="2O15-77", model="AP-300"))
    assert ranked[0].confidence < partial[0].confidence  # two ends lost count less than one
