"""Entity resolution on hand-made parties whose true identities are known."""

import pandas as pd
import pytest

from redtrace.engine import create_engine
from redtrace.resolve import resolve_parties, resolving_parties
from redtrace.resolve.evaluate import pairwise_scores
from redtrace.resolve.normalise import name_key, name_skeleton, phone_key, registration_key
from redtrace.resolve.variants import generate_parties

# (party_id, true entity, kind, name, country, address, phone, email, registration_id)
HAND_MADE = [
    ("A1", "ozturk", "company", "Öztürk Kimya Sanayi ve Ticaret Limited Şirketi", "TR", "Atatürk Caddesi 12", "+90 414 313 1234", None, "778812"),
    ("A2", "ozturk", "company", "Ozturk Kimya San. ve Tic. Ltd. Sti.", "TR", "Ataturk Cad. 12", "0414 313 12 34", None, None),
    ("A3", "ozturk", "company", "OZTURK KIMYA LTD STI", "TR", None, None, "ozturkkimya@gmail.com", "778812"),
    ("A4", "ozturk", "company", "Öztürk Kimya Ltd. Şti.", "TR", None, "00904143131234", "ozturkkimya@gmail.com", None),
    ("B1", "acme", "company", "Acme Trading Limited", "GB", "12 Baker Street, London", "+44 20 7946 0001", "sales@acme-trading.co.uk", "09123456"),
    ("B2", "acme", "company", "ACME TRADING LTD", "GB", "12 Baker St London", None, "sales@acme-trading.co.uk", "9123456"),
    ("B3", "acme", "company", "Trading Acme Ltd", "GB", "12 Baker Street, London", "020 7946 0001", None, None),
    ("B4", "acme", "company", "Acme Tradnig Ltd", "GB", None, "+44 20 7946 0001", None, "09123456"),
    # Same formation-agent address and phone prefix region, different companies: must stay apart.
    ("C1", "falcon", "company", "Falcon Aero Components Ltd", "GB", "12 Baker Street, London", "+44 20 7000 1111", "info@falconaero.co.uk", "11112222"),
    ("C2", "harbour", "company", "Harbour Motion Systems Ltd", "GB", "12 Baker Street, London", "+44 20 7000 2222", "info@harbourmotion.co.uk", "33334444"),
    ("C3", "harbour", "company", "Harbour Motion Systems Limited", "GB", None, "02070002222", None, "33334444"),
    # An Arabic name in Arabic script and in two transliterations.
    ("D1", "ahmad", "person", "محمد الأحمد", "SY", "Aleppo, Al-Jamiliyah 4", "+963 944 555 123", None, None),
    ("D2", "ahmad", "person", "Mohammed Al-Ahmad", "SY", None, "00963944555123", "m.alahmad@hotmail.com", None),
    ("D3", "ahmad", "person", "Muhammad Alahmad", "SY", "Aleppo Al-Jamiliyah 4", None, "m.alahmad@hotmail.com", None),
    # The same common name, different people (other phone, other e-mail, other country).
    ("E1", "ali1", "person", "Ahmed Ali", "IQ", "Mosul 7", "+964 770 111 2222", "ahmed.ali1@gmail.com", None),
    ("E2", "ali2", "person", "Ahmed Ali", "AE", "Dubai Marina 3", "+971 50 333 4444", "aali@yahoo.com", None),
    # A person and a company with one name and one phone never merge.
    ("F1", "kaya_p", "person", "Emre Kaya", "TR", "Gaziantep 5", "+90 342 555 6677", None, None),
    ("F2", "kaya_c", "company", "Emre Kaya", "TR", "Gaziantep 5", "+90 342 555 6677", None, "55443322"),
]


def _hand_made() -> tuple[pd.DataFrame, pd.DataFrame]:
    cols = ["party_id", "truth", "kind", "name", "country", "address", "phone", "email", "registration_id"]
    df = pd.DataFrame(HAND_MADE, columns=cols)
    truth = df[["party_id", "truth"]].rename(columns={"truth": "cluster_id"})
    return df.drop(columns="truth"), truth


@pytest.fixture(scope="module")
def world():
    # The hand-made cases sit among generated parties, so EM has enough pairs to learn from.
    generated, gen_truth = generate_parties(1500, seed=7)
    hand, hand_truth = _hand_made()
    parties = pd.concat([generated, hand], ignore_index=True)
    parties["aliases"] = [[] for _ in range(len(parties))]
    engine = create_engine()
    engine.register("parties", parties)
    resolve_parties(engine)
    clusters = engine.table("clusters")
    return parties, pd.concat([gen_truth, hand_truth]), clusters


def test_keys_fold_scripts_legal_forms_and_order():
    assert name_key("Öztürk Kimya Sanayi ve Ticaret Limited Şirketi") == name_key("OZTURK KIMYA LTD. STI.") == "kimya ozturk"
    assert name_key("ÖZTÜRK KİMYA A.Ş.") == "kimya ozturk"
    assert name_key("Trading Acme Ltd") == name_key("Acme Trading Limited")
    assert name_skeleton("محمد الأحمد") == name_skeleton("Mohammed Al-Ahmad") == name_skeleton("Muhammad Alahmad")
    assert name_skeleton("Khalid Qasim") == name_skeleton("Khaled Kasem")
    assert phone_key("+90 (414) 313 1234") == phone_key("0414 313 12 34") == "143131234"
    assert registration_key("09123456") == registration_key("9123456")


def test_every_party_gets_one_cluster_named_by_its_smallest_member(world):
    parties, _, clusters = world
    assert sorted(clusters.party_id) == sorted(parties.party_id)
    assert clusters.party_id.is_unique
    smallest = clusters.groupby("cluster_id").party_id.min()
    assert (smallest.index == smallest.values).all()


def test_hand_made_cases(world):
    _, _, clusters = world
    c = dict(zip(clusters.party_id, clusters.cluster_id))
    assert c["A1"] == c["A2"] == c["A3"] == c["A4"] == "A1"
    assert c["B1"] == c["B2"] == c["B3"] == c["B4"] == "B1"
    assert c["C2"] == c["C3"] == "C2"
    assert c["C1"] not in (c["B1"], c["C2"])
    assert c["D1"] == c["D2"] == c["D3"] == "D1"
    assert c["E1"] != c["E2"]
    assert c["F1"] != c["F2"]


def test_persons_and_companies_never_share_a_cluster(world):
    parties, _, clusters = world
    kinds = parties[["party_id", "kind"]].merge(clusters, on="party_id")
    assert (kinds.groupby("cluster_id").kind.nunique() == 1).all()


def test_pairwise_precision_and_recall(world):
    _, truth, clusters = world
    score = pairwise_scores(clusters, truth)
    assert score.precision >= 0.95
    assert score.recall >= 0.93


def test_pairwise_scores_known_answer():
    truth = pd.DataFrame({"party_id": list("abcde"), "cluster_id": list("xxxyy")})
    pred = pd.DataFrame({"party_id": list("abcde"), "cluster_id": list("aabdd")})
    s = pairwise_scores(pred, truth)
    # true pairs ab ac bc de = 4; predicted ab de = 2, both right.
    assert (s.true_pairs, s.predicted_pairs, s.correct_pairs) == (4, 2, 2)
    assert s.precision == 1.0 and s.recall == 0.5


def test_resolving_on_another_thread_gives_the_same_tables(world):
    parties, _, clusters = world
    engine = create_engine()
    engine.register("parties", parties)
    wait = resolving_parties(engine)
    assert wait() is wait()  # the tables are made once, however often it is waited for
    pd.testing.assert_frame_equal(engine.table("clusters"), clusters)
    assert engine.count("party_keys") == len(parties)


def test_an_error_while_resolving_on_another_thread_is_raised_by_the_wait():
    engine = create_engine()
    wait = resolving_parties(engine)  # no parties table
    with pytest.raises(Exception, match="parties"):
        wait()
    assert not engine.has("clusters")


def test_tiny_dataset_resolves():
    engine = create_engine()
    hand, _ = _hand_made()
    engine.register("parties", hand.head(1))
    resolve_parties(engine)
    assert engine.table("clusters").to_dict("records") == [{"party_id": "A1", "cluster_id": "A1"}]


# Officers known only by name and country: what tells two records of one person from two
# people is the company both records are filed against (relations.csv).
# (party_id, true entity, kind, name, country, address, phone)
OFFICERS = [
    ("G1", "g1", "company", "Nordwind Handels GmbH", "DE", "Hafenstraße 4", "+49 40 555 0101"),
    ("G2", "g2", "company", "Karkh Trading Co", "IQ", "Al-Karkh 9", "+964 790 555 0102"),
    ("G3", "g3", "company", "Ferrari Ricambi Srl", "IT", "Via Roma 8", "+39 02 555 0103"),
    ("G4", "g4", "company", "Hanil Precision Co Ltd", "KR", "Gangnam-daero 55", "+82 2 555 0104"),
    # Two fronts at one formation agent: same office, same switchboard, same nominee director.
    ("G5", "g5", "company", "Allied Chemicals Ltd", "GB", "Suite 38, 193 Victoria Road", "+44 121 555 0105"),
    ("G6", "g6", "company", "London Chemicals LLP", "GB", "Suite 38, 193 Victoria Road", "+44 121 555 0105"),
    ("Q1", "aisha", "person", "Aisha Tariq Qasim", "SA", None, None),
    ("Q2", "aisha", "person", "Aicha Tarek Kassem", "SA", None, None),  # transliterated otherwise
    ("Q3", "mariam", "person", "Mariam Faisal Sulaiman", "IQ", None, None),
    ("Q4", "mariam", "person", "Mariam Sulaiman", "IQ", None, None),  # father's name left out
    ("Q5", "ferrari", "person", "Chiara Ferrari", "IT", None, None),
    ("Q6", "russo", "person", "Chiara Russo", "IT", None, None),  # her co-director, not her
    ("Q7", "kim", "person", "Hyun-woo Kim", "KR", None, None),
    ("Q8", "lee", "person", "Hyun-woo Lee", "KR", None, None),
    ("Q9", "nominee", "person", "David Clarke", "GB", None, None),
]
APPOINTMENTS = [("Q1", "G1", "director"), ("Q2", "G1", "owner"), ("Q3", "G2", "director"), ("Q4", "G2", "owner"),
                ("Q5", "G3", "director"), ("Q6", "G3", "owner"), ("Q7", "G4", "director"), ("Q8", "G4", "owner"),
                ("Q9", "G5", "director"), ("Q9", "G6", "director")]


@pytest.fixture(scope="module")
def officers():
    generated, _ = generate_parties(1500, seed=7)
    hand = pd.DataFrame(OFFICERS, columns=["party_id", "truth", "kind", "name", "country", "address", "phone"])
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand.drop(columns="truth")], ignore_index=True))
    engine.register("relations", pd.DataFrame(APPOINTMENTS, columns=["source_id", "target_id", "kind"]))
    resolve_parties(engine)
    clusters = engine.table("clusters")
    return dict(zip(clusters.party_id, clusters.cluster_id))


def test_one_person_filed_twice_against_one_company_is_one_person(officers):
    assert officers["Q1"] == officers["Q2"]
    assert officers["Q3"] == officers["Q4"]


def test_co_officers_sharing_a_first_name_stay_two_people(officers):
    assert officers["Q5"] != officers["Q6"]
    assert officers["Q7"] != officers["Q8"]


def test_companies_sharing_an_office_a_phone_and_a_director_stay_two_companies(officers):
    assert officers["G5"] != officers["G6"]


def test_records_that_disagree_on_a_birth_date_or_number_are_never_scored():
    # Same name, phone, e-mail and address: only the birth date or the registration number tells
    # them apart. Clustering would refuse such a pair whatever its probability, so it is left out
    # of the blocked pairs and never appears among the accepted ones; a record lacking the fact
    # is still compared with both.
    same = {"name": "Jonathan Pemberton", "phone": "+44 161 555 0199", "email": "jp@pemberton.co.uk", "address": "4 Mill Lane"}
    hand = pd.DataFrame([
        {"party_id": "H1", "kind": "person", "birth_date": "1961-04-02", **same},
        {"party_id": "H2", "kind": "person", "birth_date": "1984-09-30", **same},
        {"party_id": "H3", "kind": "person", "birth_date": None, **same},
        {"party_id": "K1", "kind": "company", "registration_id": "40001234", **same, "name": "Pemberton Tools Ltd"},
        {"party_id": "K2", "kind": "company", "registration_id": "40009876", **same, "name": "Pemberton Tools Ltd"},
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    pairs = resolve_parties(engine).pairs.to_pylist()
    accepted = {(p["party_id_l"], p["party_id_r"]) for p in pairs}
    assert ("H1", "H2") not in accepted and ("K1", "K2") not in accepted
    assert {("H1", "H3"), ("H2", "H3")} <= accepted
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["H1"] != clusters["H2"] and clusters["K1"] != clusters["K2"]


def test_a_name_key_shared_where_its_skeleton_is_too_common_to_block_on_still_pairs(monkeypatch):
    # The skeleton's blocks hold the pairs that share a name key; where the skeleton is too
    # common to form blocks, the name key's blocks must still find them.
    import redtrace.resolve.model as model

    monkeypatch.setattr(model, "MAX_BLOCK", 2)
    hand = pd.DataFrame([
        {"party_id": f"S{i}", "kind": "person", "name": name, "country": "IQ", "city": "Mosul"}
        for i, name in enumerate(["Zubayr Qutaybah Khazraji", "Zubayr Qutaybah Khazraji",
                                  "Zubair Qutaiba Khazraji", "Zobayr Qotaybah Khazrajy", "Zubeyr Qutayba Khazraji"])
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    # S0, S1 and S3 share a skeleton, three records for blocks of at most two; S2 and S4 another.
    accepted = {(p["party_id_l"], p["party_id_r"]) for p in resolve_parties(engine, threshold=0.5).pairs.to_pylist()
                if p["party_id_l"].startswith("S")}
    assert accepted == {("S0", "S1"), ("S2", "S4")}


def test_a_company_name_with_abbreviated_words_is_one_company():
    # "Elec." for "Electronics", "Eng." for "Engineering": customer files truncate words. Same
    # mailbox and phone, but without a name level for truncation the names "share nothing" and
    # the pair was vetoed.
    hand = pd.DataFrame([
        {"party_id": "J1", "kind": "company", "name": "Al Furat Electronics FZE", "country": "AE",
         "phone": "+971 4 328 6876", "email": "export@al-furat-electronics.ae"},
        {"party_id": "J2", "kind": "company", "name": "Al Furat Elec. FZE", "country": "AE",
         "phone": "00971 4 3286876", "email": "export@al-furat-electronics.ae"},
        {"party_id": "J3", "kind": "company", "name": "Polaris Engineering LLC", "country": "US",
         "address": "48 Bahnhof Street, Suite 21", "email": "export@polaris-engineering.com"},
        {"party_id": "J4", "kind": "company", "name": "Polaris Eng. LLC", "country": "US",
         "address": "48 Bahnhof St, Ste 21", "email": "export@polaris-engineering.com"},
        # Two companies at one formation agent (office and switchboard): one name is not the other
        # abbreviated, however many words they share.
        {"party_id": "J5", "kind": "company", "name": "Nordic Tech Ltd", "country": "GB",
         "address": "Suite 2, 27 Old Gloucester Street", "phone": "+44 20 3000 1234"},
        {"party_id": "J6", "kind": "company", "name": "Nordic Technical Supplies Ltd", "country": "GB",
         "address": "Suite 2, 27 Old Gloucester Street", "phone": "+44 20 3000 1234"},
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    resolve_parties(engine)
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["J1"] == clusters["J2"] and clusters["J3"] == clusters["J4"]
    assert clusters["J5"] != clusters["J6"]


def test_a_record_with_only_name_country_and_web_site_joins_its_company():
    # Name and country alone stay below the threshold (a sparse record could be a namesake);
    # the web site, written another way, is what the two records share.
    hand = pd.DataFrame([
        {"party_id": "W1", "kind": "company", "name": "Meridian Handelsgesellschaft GmbH", "country": "DE",
         "address": "Mirastraße 184", "phone": "+49 927 691 8191", "registration_id": "HRB 3556",
         "website": "meridian-handel.de"},
        {"party_id": "W2", "kind": "company", "name": "Meridian Handelsgesellschaft GmbH", "country": "DE",
         "website": "https://www.meridian-handel.de/"},
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    resolve_parties(engine)
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["W1"] == clusters["W2"]


def test_father_and_son_of_one_name_related_as_family_stay_two_people():
    # One name, one home address and phone; the son's record has no birth date, so nothing but
    # the family relation between the two records says they are two people.
    same = {"kind": "person", "name": "Umit Kilic", "country": "TR", "address": "Park Cad. No:119 Kat:14 D:22",
            "phone": "+90 816 559 6180", "city": "Istanbul"}
    hand = pd.DataFrame([{"party_id": "F10", "birth_date": "1961-10-11", **same}, {"party_id": "F11", **same}])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    engine.register("relations", pd.DataFrame([{"source_id": "F11", "target_id": "F10", "kind": "family"}]))
    resolve_parties(engine)
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["F10"] != clusters["F11"]


def test_register_number_and_tax_number_of_one_company_do_not_clash():
    # One record holds the OGRN (13 digits), the other the INN (10 digits): two schemes, both
    # true. Two numbers of one scheme still keep namesakes apart (see the test above).
    from redtrace.resolve.model import same_scheme

    assert not same_scheme("1027700132195", "7707083893") and not same_scheme("hrb3556", "de129273398")
    assert same_scheme("1234567", "12345678") and same_scheme("hrb3556", "hrb12345")
    hand = pd.DataFrame([
        {"party_id": "R1", "kind": "company", "name": "OOO Avrora Grupp", "country": "RU", "registration_id": "1027700132195",
         "phone": "+7 495 239 9758", "email": "info@avrora-grupp.ru"},
        {"party_id": "R2", "kind": "company", "name": "ООО «Аврора Групп»", "country": "RU", "registration_id": "7707083893",
         "phone": "0074952399758", "email": "info@avrora-grupp.ru"},
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    resolve_parties(engine)
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["R1"] == clusters["R2"]


def test_a_name_in_arabic_script_joins_its_latin_twin_and_two_arabic_names_stay_apart():
    # ICU reads "علي إبراهيم عثمان" as "ly abrahym thman", which meets no Latin spelling; the
    # names matcher's reading ("brhm l tmn") meets "Ali Ibrahim Othman". A company's Arabic name
    # translates its trade words: the brand read alike, the Gulf legal form (م.م.ح = FZE) and the
    # phone and mailbox make it one company. Two different Arabic names sharing a phone do not.
    hand = pd.DataFrame([
        {"party_id": "A1", "kind": "person", "name": "Ali Ibrahim Othman", "country": "AE", "phone": "+971 4 555 0101",
         "city": "Dubai"},
        {"party_id": "A2", "kind": "person", "name": "علي إبراهيم عثمان", "country": "AE", "phone": "00971 4 5550101"},
        {"party_id": "A3", "kind": "company", "name": "Al Najm Industrial Equipment FZE", "country": "AE",
         "phone": "+971 6 557 8000", "email": "office@al-najm-industrial.ae"},
        {"party_id": "A4", "kind": "company", "name": "النجم للمعدات الصناعية م.م.ح", "country": "AE",
         "phone": "0097165578000", "email": "office@al-najm-industrial.ae"},
        {"party_id": "A5", "kind": "person", "name": "سامر عمر الزعبي", "country": "AE", "phone": "+971 4 777 0202"},
        {"party_id": "A6", "kind": "person", "name": "حسن يوسف المنصوري", "country": "AE", "phone": "+971 4 777 0202"},
    ])
    generated, _ = generate_parties(1500, seed=7)
    engine = create_engine()
    engine.register("parties", pd.concat([generated, hand], ignore_index=True))
    resolve_parties(engine)
    clusters = dict(zip(*engine.table("clusters")[["party_id", "cluster_id"]].T.values))
    assert clusters["A1"] == clusters["A2"] and clusters["A3"] == clusters["A4"]
    assert clusters["A5"] != clusters["A6"]
