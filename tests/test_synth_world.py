"""A small synthetic world has every part the brief asks for, consistent with its own truth."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from redtrace.model.contract import CLUSTERS_COLUMNS, DATASET_FILES, LABELS_FILE, UNITS
from redtrace.synth import TYPOLOGIES, SynthConfig, generate
from redtrace.synth.watchlist import WATCHLIST_COLUMNS

ORDERS = 3000


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate(out, SynthConfig(orders=ORDERS, seed=11))
    return out


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def header(path: Path) -> list[str]:
    with path.open(encoding="utf-8") as f:
        return next(csv.reader(f))


def test_dataset_files_have_the_contract_columns(world):
    for spec in DATASET_FILES:
        assert header(world / "dataset" / f"{spec.stem}.csv") == list(spec.column_names)
    assert header(world / "labels.csv") == list(LABELS_FILE.column_names)
    assert header(world / "truth" / "clusters.csv") == list(CLUSTERS_COLUMNS)
    assert header(world / "watchlist.csv") == list(WATCHLIST_COLUMNS)
    assert not (world / "dataset" / "labels.csv").exists()  # labels sit beside the dataset, not in it


def test_order_count_and_every_order_has_lines(world):
    orders = read(world / "dataset" / "orders.csv")
    lines = read(world / "dataset" / "order_lines.csv")
    assert orders.order_id.nunique() == ORDERS
    assert set(orders.order_id) <= set(lines.order_id)


def test_labels_cover_every_order_and_party_once(world):
    labels = read(world / "labels.csv")
    orders = set(read(world / "dataset" / "orders.csv").order_id)
    parties = set(read(world / "dataset" / "parties.csv").party_id)
    assert not labels.duplicated(["target_kind", "target_id"]).any()
    assert set(labels[labels.target_kind == "order"].target_id) == orders
    assert set(labels[labels.target_kind == "party"].target_id) == parties
    assert set(labels.label) == {"illicit", "legit"}
    illicit = labels.label == "illicit"
    assert (labels[illicit].typology != "").all()
    assert (labels[~illicit].typology == "").all()


def test_every_typology_is_planted_and_illicit_orders_are_a_small_share(world):
    labels = read(world / "labels.csv")
    for kind in ("order", "party"):
        assert set(labels[(labels.target_kind == kind) & (labels.label == "illicit")].typology) == set(TYPOLOGIES)
    share = ((labels.target_kind == "order") & (labels.label == "illicit")).sum() / ORDERS
    assert 0.01 <= share <= 0.04


def test_duplicates_share_a_cluster_under_different_names(world):
    clusters = read(world / "truth" / "clusters.csv")
    parties = read(world / "dataset" / "parties.csv").drop_duplicates("party_id")
    assert set(clusters.party_id) == set(parties.party_id)
    assert not clusters.party_id.duplicated().any()
    named = clusters.merge(parties[["party_id", "name"]], on="party_id")
    names = named.groupby("cluster_id").name.agg(set)
    sizes = named.groupby("cluster_id").size()
    assert (sizes > 1).sum() >= 5
    assert all(len(names[c]) > 1 for c in sizes[sizes > 1].index)
    # Orders are spread over the duplicate ids of a buyer.
    orders = read(world / "dataset" / "orders.csv")
    per_cluster = orders.merge(clusters, left_on="buyer_id", right_on="party_id").groupby("cluster_id").buyer_id.nunique()
    assert (per_cluster > 1).any()


def _bad_date(text: str) -> bool:
    try:
        return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) or date.fromisoformat(text) is None
    except ValueError:
        return True


def test_malformed_rows_of_every_kind_are_in_the_files(world):
    ds = world / "dataset"
    parties, relations = read(ds / "parties.csv"), read(ds / "relations.csv")
    orders, lines = read(ds / "orders.csv"), read(ds / "order_lines.csv")
    party_ids = set(parties.party_id)
    assert parties.party_id.duplicated().any()
    assert parties.incorporated_on.map(lambda t: t != "" and _bad_date(t)).any()
    assert (~relations.target_id.isin(party_ids)).any()
    assert orders.order_date.map(_bad_date).any()
    assert (~orders.buyer_id.isin(party_ids)).any()
    assert orders.order_id.duplicated().any()
    qty = pd.to_numeric(lines.quantity, errors="coerce")
    assert qty.isna().any()
    assert (qty <= 0).any()
    assert (~lines.unit.isin(UNITS)).any()
    assert (~lines.hs_code.str.replace(".", "", regex=False).str.fullmatch(r"\d{6,10}")).any()
    assert (~lines.order_id.isin(set(orders.order_id))).any()
    assert lines.duplicated(["order_id", "line_no"]).any()
    # About 0.1 % of rows, not more.
    assert qty.isna().sum() + (qty <= 0).sum() < len(lines) * 0.01


def test_malformed_truth_points_at_the_damaged_rows(world):
    truth = read(world / "truth" / "malformed.csv")
    assert {"bad_date", "unknown_buyer", "duplicate_id", "non_numeric_quantity", "non_positive_quantity", "unknown_unit",
            "bad_hs_code", "missing_order", "duplicate_key", "unknown_party"} <= set(truth.kind)
    lines = read(world / "dataset" / "order_lines.csv")
    for row in truth[truth.file == "order_lines.csv"].itertuples():
        cell = lines.iloc[int(row.row) - 2]
        if row.kind == "unknown_unit":
            assert cell.unit not in UNITS
        if row.kind == "non_numeric_quantity":
            assert pd.isna(pd.to_numeric(cell.quantity, errors="coerce"))


def test_illicit_rows_are_never_malformed(world):
    labels = read(world / "labels.csv")
    illicit = set(labels[labels.label == "illicit"].target_id)
    orders = read(world / "dataset" / "orders.csv")
    truth = read(world / "truth" / "malformed.csv")
    damaged = orders.iloc[truth[truth.file == "orders.csv"].row.astype(int) - 2]
    assert not set(damaged.order_id) & illicit


def test_item_truth_points_at_lines_with_marks(world):
    items = read(world / "dataset" / "items.csv")
    truth = read(world / "truth" / "item_origins.csv")
    lines = read(world / "dataset" / "order_lines.csv").drop_duplicates(["order_id", "line_no"])
    assert list(truth.item_id) == list(items.item_id)
    assert set(truth.case) <= {"unique", "ambiguous_lot", "truncated_serial", "no_origin"}
    assert {"no_origin", "ambiguous_lot"} <= set(truth.case)
    assert (truth[truth.case == "no_origin"].order_id == "").all()
    traced = truth[truth.case != "no_origin"].merge(lines, on=["order_id", "line_no"], how="left", indicator=True)
    assert (traced._merge == "both").all()
    assert ((traced.lot != "") | (traced.serial_from != "")).all()
    assert (traced[traced.case == "truncated_serial"].serial_from != "").all()
    labels = read(world / "labels.csv")
    illicit = set(labels[labels.label == "illicit"].target_id)
    assert set(traced.order_id) <= illicit
    for row in traced[traced.case == "ambiguous_lot"].itertuples():
        assert ((lines.lot == row.lot) & (lines.model == row.model)).sum() > 1


def test_serial_ranges_are_padded_and_disjoint(world):
    lines = read(world / "dataset" / "order_lines.csv")
    ranged = lines[lines.serial_from != ""]
    assert len(ranged) > 20
    number = ranged.serial_from.str.extract(r"(\d+)$")[0].astype(int)
    last = ranged.serial_to.str.extract(r"(\d+)$")[0].astype(int)
    assert (last >= number).all()
    assert (ranged.serial_from.str.len() == ranged.serial_to.str.len()).all()
    spans = pd.DataFrame({"model": ranged.model, "lo": number, "hi": last}).drop_duplicates().sort_values(["model", "lo"])
    for _, g in spans.groupby("model"):
        assert (g.lo.iloc[1:].to_numpy() > g.hi.iloc[:-1].to_numpy()).all()


def test_watchlist_rows_parse_and_listed_names_appear_only_as_variants(world):
    from redtrace.io.watchlists import load_watchlist

    watch = read(world / "watchlist.csv")
    assert watch.entry_id.is_unique
    loaded = load_watchlist(world / "watchlist.csv", "csv")
    assert len(loaded.entries) == len(watch) and not loaded.issues
    assert set(watch.kind) == {"person", "company"}
    assert len(watch) >= 200
    networks = read(world / "truth" / "networks.csv")
    parties = read(world / "dataset" / "parties.csv")
    listed = networks[networks.signals.str.contains("watchlist_link")]
    controllers = parties[parties.party_id.isin(listed[listed.role == "controller"].party_id)]
    assert len(controllers) >= 1
    assert not set(controllers.name) & set(watch.name)


def test_legit_look_alikes_exist_for_each_signal(world):
    labels = read(world / "labels.csv")
    legit = set(labels[labels.label == "legit"].target_id)
    orders = read(world / "dataset" / "orders.csv")
    parties = read(world / "dataset" / "parties.csv").drop_duplicates("party_id").set_index("party_id")
    ok = orders[orders.order_id.isin(legit)]
    assert (ok.consignee_id != "").sum() > 10
    assert (ok.payment_method == "cash").sum() > 10
    assert ((ok.payer_id != "") & (ok.payer_id != ok.buyer_id)).sum() > 5
    assert ok.declared_end_use.isin(["", "general trading", "for resale"]).sum() > 50
    border = parties.region.isin(["Gaziantep", "Hatay", "Şanlıurfa", "Kilis", "Mardin"])
    assert (border & parties.index.isin(legit)).sum() >= 1
    # Legit companies registered at an address shared with many others.
    companies = parties[(parties.kind == "company") & (parties.address != "")]
    crowded = companies.groupby("address").size()
    assert (crowded >= 5).any()


def test_business_mismatch_buyers_are_shops_buying_precursors(world):
    labels = read(world / "labels.csv")
    mismatch = labels[(labels.target_kind == "order") & (labels.typology == "business_mismatch")].target_id
    orders = read(world / "dataset" / "orders.csv")
    lines = read(world / "dataset" / "order_lines.csv")
    parties = read(world / "dataset" / "parties.csv").drop_duplicates("party_id")
    got = orders[orders.order_id.isin(mismatch)].merge(parties, left_on="buyer_id", right_on="party_id")
    assert got.activity_code.str.startswith(("47.", "10.71")).mean() > 0.5
    hs = lines[lines.order_id.isin(mismatch)].hs_code.str.replace(".", "", regex=False).str[:4]
    assert hs.isin(["7603", "3212", "3102", "2834", "2847", "2905", "2808", "2914", "2933", "2904", "2829", "2807"]).all()


def test_transshipment_goes_to_a_third_party_elsewhere(world):
    labels = read(world / "labels.csv")
    ids = labels[(labels.target_kind == "order") & (labels.typology == "transshipment")].target_id
    orders = read(world / "dataset" / "orders.csv")
    parties = read(world / "dataset" / "parties.csv").drop_duplicates("party_id").set_index("party_id")
    got = orders[orders.order_id.isin(ids)]
    away = got.ship_to_country.to_numpy() != parties.loc[got.buyer_id, "country"].to_numpy()
    assert away.mean() > 0.5
    assert (got.consignee_id != "").any()


def test_optional_fields_are_sometimes_missing_and_required_ones_never(world):
    orders = read(world / "dataset" / "orders.csv")
    parties = read(world / "dataset" / "parties.csv")
    companies = parties[parties.kind == "company"]
    lines = read(world / "dataset" / "order_lines.csv")
    for frame, column in ((orders, "payment_method"), (orders, "currency"), (companies, "phone"), (companies, "address"),
                          (lines, "unit_price")):
        assert 0 < (frame[column] == "").mean() < 0.5, column
    assert (orders.ship_to_country != "").all()
    assert (parties.name != "").all()


def test_legit_people_are_named_like_watchlist_entries(world):
    from rapidfuzz import fuzz, process, utils

    watch = read(world / "watchlist.csv")
    labels = read(world / "labels.csv")
    legit = set(labels[labels.label == "legit"].target_id)
    parties = read(world / "dataset" / "parties.csv").drop_duplicates("party_id")
    people = parties[(parties.kind == "person") & parties.party_id.isin(legit)]
    listed = watch[watch.kind == "person"].name.tolist()
    close = [process.extractOne(n, listed, scorer=fuzz.token_sort_ratio, processor=utils.default_process, score_cutoff=85)
             for n in people.name]
    assert sum(c is not None for c in close) >= 3
