"""Records whose identifiers are missing: what is left to agree on is the name, city and country."""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.resolve import resolve_parties
from redtrace.resolve.normalise import name_keys
from redtrace.resolve.variants import generate_parties

# (party_id, name, city, country, phone, email, registration_id)
MISSING = [
    # One company twice: the second record has no number, phone, e-mail or address.
    ("M1", "Kestrel Valve Works Ltd", "London", "GB", "+44 20 5555 0101", "sales@kestrelvalve.co.uk", "07654321"),
    ("M2", "KESTREL VALVE WORKS LIMITED", "London", "GB", None, None, None),
    # The same, with the legal form spelt out once ("Anonim Şirketi" is "A.Ş.").
    ("N1", "Bulut Fırın A.Ş.", "İstanbul", "TR", "+90 212 555 0102", None, None),
    ("N2", "Bulut Firin Anonim Sirketi", "Istanbul", "TR", None, None, None),
    # Two companies of one base name in one city, a partnership and a limited company.
    ("L1", "Meridian Mobile LLP", "London", "GB", None, None, None),
    ("L2", "Meridian Mobile Sp. z o.o.", "London", "GB", None, None, None),
]


@pytest.fixture(scope="module")
def clusters():
    # Among generated parties (term frequencies only apply from 1,000 records up), in cities and
    # countries they use, so that agreeing on them is no rarity.
    generated, _ = generate_parties(1500, seed=7)
    hand = pd.DataFrame(MISSING, columns=["party_id", "name", "city", "country", "phone", "email", "registration_id"])
    hand["kind"] = "company"
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    resolve_parties(engine)
    found = engine.table("clusters")
    return dict(zip(found.party_id, found.cluster_id))


def test_a_company_name_held_by_two_records_only_is_not_counted_against_them(clusters):
    assert clusters["M1"] == clusters["M2"]
    assert clusters["N1"] == clusters["N2"]


def test_one_base_name_with_two_legal_forms_stays_two_companies(clusters):
    assert clusters["L1"] != clusters["L2"]


def test_spelt_out_legal_forms_read_as_their_abbreviation():
    assert name_keys("Bulut Firin Anonim Sirketi") == name_keys("Bulut Fırın A.Ş.")
    assert name_keys("Apex Telefonía Sociedad Limitada")[0] == name_keys("Apex Telefonía S.L.")[0] == "apex telefonia"
