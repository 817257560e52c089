"""Normalisation per script: tokens, transliteration, particles, legal forms, generic words."""

from __future__ import annotations

from redtrace.names.normalize import GENERIC, INITIAL, LEGAL, NAME, PARTICLE, analyze, reorder_comma_name, skeleton
from redtrace.names.similarity import EXACT, TRANSLIT, VARIANT, token_similarity


def latin(name, kind="person"):
    return [t.latin for t in analyze(name, kind).tokens]


def test_case_diacritics_and_comma_order():
    assert latin("NASRALLAH, Hasan") == ["hasan", "nasrallah"]
    assert latin("Margarita Simonyán") == ["margarita", "simonyan"]
    assert reorder_comma_name("ACME, INC., LTD") == "ACME, INC., LTD"  # two commas: not a person form


def test_cyrillic_transliteration():
    assert latin("Рамзан Кадыров") == ["ramzan", "kadyrov"]
    assert latin("Щербаков Дмитрий") == ["shcherbakov", "dmitry"]


def test_turkish_letters():
    assert latin("Şükrü Çağlar İğdır") == ["sukru", "caglar", "igdir"]
    tokens = analyze("ABC Dış Ticaret Limited Şirketi", "company").tokens
    assert [(t.latin, t.role) for t in tokens] == [("abc", NAME), ("dis", NAME), ("ticaret", GENERIC), ("ltd", LEGAL)]


def test_arabic_script_meets_latin_renderings():
    arabic = analyze("محمد حسن", "person").tokens
    assert [t.latin for t in arabic] == ["mhmd", "hsn"] and all(t.abjad for t in arabic)
    mohamed, hasan = analyze("Mohamed Hasan", "person").tokens
    assert token_similarity(arabic[0], mohamed)[1] == VARIANT  # rigour's name data
    assert token_similarity(arabic[1], hasan)[1] in (VARIANT, TRANSLIT)
    # A surname rigour has no data for still meets its Latin form through the skeleton.
    zawahiri = analyze("الظواهري", "person").tokens[-1]
    assert token_similarity(zawahiri, analyze("Zawahri", "person").tokens[0]) [0] >= 0.7
    # Ta marbuta reads as 'a': أسامة ~ Usama.
    assert analyze("أسامة", "person").tokens[0].skeleton == skeleton("usama")


def test_persian_script():
    hosseini = analyze("حسینی", "person").tokens[0]
    assert hosseini.abjad and hosseini.skeleton == skeleton("hosseini")
    khamenei = analyze("خامنه‌ای", "person").tokens  # zero-width non-joiner inside the word
    assert len(khamenei) == 1
    assert token_similarity(khamenei[0], analyze("Khamenei", "person").tokens[0])[0] >= 0.7


def test_particles_initials_and_name_variants():
    tokens = analyze("Abu Bakr al-Baghdadi", "person").tokens
    assert [(t.latin, t.role) for t in tokens] == [("abu", PARTICLE), ("bakr", NAME), ("al", PARTICLE), ("baghdadi", NAME)]
    assert analyze("J. Smith", "person").tokens[0].role == INITIAL
    husayn, hussein = analyze("Husayn", "person").tokens[0], analyze("Hussein", "person").tokens[0]
    assert token_similarity(husayn, hussein)[1] == VARIANT
    assert token_similarity(hussein, hussein) == (1.0, EXACT)


def test_legal_forms_compare_across_languages():
    ooo = analyze("ООО Ромашка", "company").tokens[0]
    gmbh = analyze("Romashka GmbH", "company").tokens[-1]
    assert ooo.role == gmbh.role == LEGAL
    assert token_similarity(ooo, gmbh)[0] > 0.9  # both limited-liability forms
    assert token_similarity(ooo, analyze("Romashka", "company").tokens[0])[0] == 0.0


def test_skeleton_folds_transliteration_spellings():
    assert skeleton("mohammed") == skeleton("muhammad") == skeleton("mhmd")
    assert skeleton("qasem") == skeleton("kasim")
    assert skeleton("ahmad") != skeleton("mohamed")


def test_typo_in_a_legal_form_word_is_repaired():
    # One letter off in a legal-form word (fingerprints' vocabulary): the form is still seen.
    typo = analyze("Limited Liabiliy Compny Lenakhim", "company").tokens
    assert [(t.latin, t.role) for t in typo] == [("llc", LEGAL), ("lenakhim", NAME)]
    assert [t.latin for t in analyze("Joiqnt Stock Company Vympel", "company").tokens] == ["jsc", "vympel"]
    # A short word is only repaired next to another legal-form word: 'Expert' is one letter
    # from 'export', and stays a name.
    assert [(t.latin, t.role) for t in analyze("Expert LLC", "company").tokens] == [("expert", NAME), ("llc", LEGAL)]
    assert latin("Limtied Liability", "person") == ["limtied", "liability"]  # people's names are left alone


def test_abjad_long_vowels_must_be_in_the_latin_rendering():
    def sim(arabic, latin_name):
        return token_similarity(analyze(arabic, "person").tokens[0], analyze(latin_name, "person").tokens[0])[0]

    # منا writes m, n and a final long a: Muna has them in order, Amin does not.
    assert sim("منا", "Muna") > sim("منا", "Amin") >= 0.7
    # علي / Ali aligns; the same letters do not make the bare 'Al'.
    assert sim("الي", "Ali") >= 0.85 and sim("الي", "Al") == 0.0
    # Alif maqsura is read as 'a' (مصطفى / Mustafa).
    assert analyze("مصطفى", "person").tokens[0].latin.endswith("a")


def test_joined_arabic_article_is_read_both_ways():
    almadani = analyze("المدني", "person").tokens[0]
    assert almadani.skeleton == skeleton("madani") and almadani.article_skeleton == skeleton("almadani")
    for rendering in ("Almadani", "Madani"):
        assert token_similarity(almadani, analyze(rendering, "person").tokens[0])[0] >= 0.9
    # 'Alireza' is one name, not the article and 'Reza'; written الرزا it still meets both.
    alireza = analyze("الرزا", "person").tokens[0]
    assert token_similarity(alireza, analyze("Alireza", "person").tokens[0])[0] >= 0.9
    assert analyze("Alireza", "person").tokens[0].article_skeleton == skeleton("reza")


def test_abd_apart_is_abdul_without_the_article():
    def sim(a, b):
        return token_similarity(analyze(a, "person").tokens[0], analyze(b, "person").tokens[0])[0]

    # Arabic script writes عبد apart and the article on the next word: Abdul, Abdel, Abdur are
    # عبد and the article written together; Abdullah is عبد الله, a whole name.
    assert min(sim("عبد", "Abdul"), sim("عبد", "Abdel"), sim("عبد", "Abdur")) >= 0.85
    assert sim("عبد", "Abdullah") == 0.0


def test_assimilated_article_written_apart_is_a_particle():
    def roles(name):
        return [(t.latin, t.role) for t in analyze(name, "person").tokens]

    # ar before r, as before s, ud before d: the article as spoken; otherwise a word.
    assert roles("Ayad Ar-Rawi") == [("ayad", NAME), ("ar", PARTICLE), ("rawi", NAME)]
    assert roles("Zia ud Din")[1] == ("ud", PARTICLE)
    assert roles("Ar Khan")[0] == ("ar", NAME)
    # Ed is a given name before a D as often as the article.
    assert roles("Ed Davies")[0] == ("ed", NAME)


def test_article_compounds_and_other_romanisations():
    from redtrace.names.normalize import joined_with_article, other_romanisation

    assert joined_with_article("abd", "al", "rahman") == ("abdalrahman", "abdarrahman")
    assert joined_with_article("nur", "ad", "din") == ("nuraddin",)
    # An assimilated article doubles the letter after it; otherwise it is an ordinary word.
    assert joined_with_article("trading", "as", "company") == ()
    assert joined_with_article("abd", "bin", "rahman") == ()
    # dzh is дж as Russian romanisations write it: j.
    assert skeleton("dzhabrail") == skeleton("jabrail") != skeleton("dzabrail")
    # French writes a w before a vowel at the start of a word as ou; elsewhere ou is a vowel.
    assert other_romanisation("ouazzani") == "wazzani"
    assert other_romanisation("ouzbek") is None and other_romanisation("daoud") is None
    # Persian romanisations write و as v, Arabic ones as w (Mousavi / Musawi).
    assert other_romanisation("mousavi") == "mousawi"
    # ... before a vowel: after one it is ow or u, and a v ending a syllable is a v (Petrov).
    assert other_romanisation("petrov") is None


def test_a_typo_in_one_word_of_a_legal_form_rigour_knows():
    def roles(name):
        return [(t.latin, t.role) for t in analyze(name, "company").tokens]

    # Correcting every word would turn OFAC's 'ogranichennoi' into fingerprints' 'ogranichennoj',
    # which rigour does not know; correcting the typo alone makes the form.
    assert roles("Ofshchestvo s Ogranichennoi Otvetstvennostyu Alyans") == [("ooo", LEGAL), ("alyans", NAME)]
    # A word one letter from two legal-form words (raspundere, rasdpundere).
    assert roles("Societatea cu Radpundere Limitata Nord")[0] == ("srl", LEGAL)
    assert roles("Expert LLC") == [("expert", NAME), ("llc", LEGAL)]


def test_legal_form_words_written_together_or_spaced():
    def roles(name):
        return [(t.latin, t.role) for t in analyze(name, "company").tokens]

    assert roles("LIMITEDLIABILITY COMPANY RADIOCOMP") == [("llc", LEGAL), ("radiocomp", NAME)]
    assert roles("Aman Damascus Joint Stockcompany")[-1] == ("jsc", LEGAL)
    # Spaced letters of an abbreviated form, but not two abbreviations run into one.
    assert roles("S. A. Fortia Baja Sur")[0] == ("sa", LEGAL)
    assert roles("Zuliana de Esmeraldas C.I. S.A.S.")[-2:] == [("ci", NAME), ("sas", LEGAL)]
    # Only where the split makes a legal form: 'comercial' is a legal-form word of its own.
    assert roles("Comercializadora de Carnes Ltda")[0] == ("comercializadora", NAME)


def test_initials_in_person_names():
    def roles(name):
        return [(t.latin, t.role) for t in analyze(name, "person").tokens]

    # 'a' is a stop word to rigour, and initials written together are one word to its tokenizer.
    assert roles("KESAEV I. A.") == [("kesaev", NAME), ("i", INITIAL), ("a", INITIAL)]
    assert roles("FRIDMAN M.M.") == [("fridman", NAME), ("m", INITIAL), ("m", INITIAL)]
    assert roles("A.L. Fawaz") == [("a", INITIAL), ("l", INITIAL), ("fawaz", NAME)]


def test_legal_form_known_only_in_latin_letters():
    # ограниченнои is how 'ogranichennoi' reads back into Cyrillic, not Russian spelling
    # (ограниченной): rigour knows the form in Latin letters only.
    tokens = analyze("Общество с ограниченнои отвецтвенностю Лучано", "company").tokens
    assert [(t.latin, t.role) for t in tokens] == [("ooo", LEGAL), ("luchano", NAME)]
    assert "ORGCLS:LLC" in tokens[0].symbols
    # A Cyrillic abbreviation that is a legal form only once romanised stays a word (ИК is an
    # investment company, not the German IK), and so does the name's script.
    tokens = analyze("ИК Велес Капитал", "company").tokens
    assert (tokens[0].form, tokens[0].role) == ("ик", NAME)


def test_legal_forms_rigour_does_not_know():
    def roles(name, kind="company"):
        return [(t.latin, t.role) for t in analyze(name, kind).tokens]

    # OHADA's single-member SARL, the Gulf's W.L.L., Kazakhstan's ТОО.
    assert roles("Midas Ressources SARLU")[-1] == ("sarlu", LEGAL)
    assert roles("Mass Com Trading Co. W.L.L.")[-1] == ("wll", LEGAL)
    assert roles("Defense Engineering, TOO")[-1] == ("too", LEGAL)  # OFAC's Latin ТОО
    assert roles("Too Good Trading")[0] == ("too", NAME)  # a first word is left as it is
    assert roles("Al Haramain Pvt Ltd")[-2:] == [("pvt", LEGAL), ("ltd", LEGAL)]
    sarlu, sarl = analyze("Palatina SARLU", "company").tokens[-1], analyze("Palatina SARL", "company").tokens[-1]
    assert token_similarity(sarlu, sarl)[0] > 0.9  # both limited-liability forms
    # Only in organisation names.
    assert roles("Pvt, Ram", "person") == [("ram", NAME), ("pvt", NAME)]
