"""The comparison table: keys per party, computed once per distinct value, in the parties' order."""

import pandas as pd

from redtrace.engine import create_engine
from redtrace.resolve.features import party_features


def test_keys_per_party_with_repeated_values_aliases_and_relations():
    parties = pd.DataFrame({
        "party_id": ["P1", "P2", "P3", "P4"],
        "kind": ["company", "person", "company", "person"],
        "name": ["Acme Trading Ltd", "Ahmed Ali", "ACME TRADING LIMITED", None],
        "aliases": [["Acme Intl"], [], None, ["Ali Ahmed", "Ahmed Ali"]],
        "phone": ["+44 20 7946 0001", None, "020 7946 0001", None],
        "address": ["12 Baker Street", "12 Baker Street", "12 Baker Street", None],
        "postal_code": [None, "NW1", None, None],
    })
    relations = pd.DataFrame({"source_id": ["P2", "P1"], "target_id": ["P1", "P4"], "kind": ["director", "owner"]})
    engine = create_engine()
    engine.register("parties", parties)
    engine.register("relations", relations)
    keys = party_features(engine).to_pydict()
    assert keys["name_key"] == ["acme trading", "ahmed ali", "acme trading", None]
    assert keys["legal_form"] == ["ltd", None, "ltd", None]
    assert keys["alias_keys"] == [["acme intl", "acme trading"], ["ahmed ali"], ["acme trading"], ["ahmed ali"]]
    assert keys["phone_key"] == ["079460001", None, "079460001", None]
    assert keys["address_key"] == ["12 baker st", "12 baker st nw1", "12 baker st", None]
    # Related parties are kept for persons only; a column missing from the file is all None.
    assert keys["related_ids"] == [None, ["P1"], None, ["P1"]]
    assert keys["email_key"] == [None] * 4 and keys["birth_date"] == [None] * 4


def test_no_relations_no_related_ids():
    engine = create_engine()
    engine.register("parties", pd.DataFrame({"party_id": ["P1"], "kind": ["person"], "name": ["Ahmed Ali"]}))
    assert party_features(engine)["related_ids"].to_pylist() == [None]
