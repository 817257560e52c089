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


def test_address_keys_agree_across_the_usual_abbreviations():
    from redtrace.resolve.normalise import address_key

    # Hong Kong / Dubai unit words, ordinals, "No.", German street compounds, Turkish Kat / Daire.
    assert address_key("Room 30, 17/F, Istiklal Building, No. 179 Istiklal Road") == \
        address_key("Rm 30, 17th Floor, Istiklal Bldg, 179 Istiklal Rd")
    assert address_key("Office 14, Bahnhof Tower, Floor 22") == address_key("Off. 14, Bahnhof Twr, Fl 22")
    assert address_key("Mirastraße 184") == address_key("Mirastr. 184") == address_key("Mira Str. 184")
    assert address_key("Mira Caddesi No:234 Kat:1 Daire:34") == address_key("Mira Cad. No.234 K.1 D.34")
    assert address_key("12 Baker Street", "NW1") == "12 baker st nw1"


def test_website_key_is_the_host():
    from redtrace.resolve.normalise import website_key

    assert website_key("https://www.Acme.co.uk/contact") == website_key("acme.co.uk") == "acme.co.uk"
    assert website_key("n/a") is None and website_key(None) is None
