"""The Splink model: which pairs to compare, how to compare them, and how to train without labels."""

from __future__ import annotations

import logging
from typing import Callable

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on
from splink.blocking_rule_library import And, CustomRule

log = logging.getLogger(__name__)

# Keys shared by more parties than this mark a switchboard, a formation agent's address or a
# common name, not one party: such a block would cost n^2 comparisons and prove nothing. The
# key is still compared on pairs found through other keys; it just does not form blocks.
MAX_BLOCK = 100

# Facts a party has exactly one of: two records that disagree on one are two parties, however
# similar their names (namesakes born in different years, companies with different numbers).
SINGLE_VALUED = ("birth_date", "registration_key")

# Blocked pairs that disagree on a single-valued fact are never scored: clustering would refuse
# to join them whatever their probability, and at 114k parties they are half the blocked pairs
# (namesakes sharing a name key). Leaving them out changes no cluster.
# Except registration numbers of two schemes: one record may hold the register number, another
# the tax or VAT number of the same company (OGRN / INN, MERSIS / vergi no, HRB / DE VAT). Keys
# with other leading letters or lengths more than two apart are taken for two schemes, whose
# difference says nothing; leading zeros dropped keep one scheme within two digits.
def same_scheme(a: str, b: str) -> bool:
    return _letters(a) == _letters(b) and abs(len(a) - len(b)) <= 2


def _letters(key: str) -> str:
    return key[: len(key) - len(key.lstrip("abcdefghijklmnopqrstuvwxyz"))]


def _same_scheme_sql(left: str, right: str) -> str:
    return (f"(regexp_extract({left}, '^[a-z]*') = regexp_extract({right}, '^[a-z]*') "
            f"AND abs(length({left}) - length({right})) <= 2)")


COMPATIBLE = ("coalesce(l.birth_date = r.birth_date, true) AND coalesce(l.registration_key = r.registration_key "
              f"OR NOT {_same_scheme_sql('l.registration_key', 'r.registration_key')}, true)")

BLOCKING_KEYS = ("name_key", "name_skeleton", "registration_key", "phone_key", "email_key", "website_key", "birth_date")


# Jaro-Winkler between skeleton words above which they are taken for one word spelt two ways.
# Skeleton words are short: one letter in three ("ach" / "ash") already brings it to 0.8. A typo
# or another transliteration changes at most one consonant, so words whose lengths differ by
# more ("ld" / "lndn") are different words.
WORD_SIMILARITY = 0.75

# Below this many records a value's frequency says nothing (every repeated name has a frequency
# of at least 2/n), so term-frequency adjustments would only punish true duplicates.
MIN_RECORDS_FOR_TF = 1_000


def _shares_any(column: str) -> cll.CustomLevel:
    # Splink's ArrayIntersectLevel with min_intersection=1, without building the intersection:
    # the level is tested on every random pair that estimates u, a million of them.
    return cll.CustomLevel(f"list_has_any({column}_l, {column}_r)")


def _name_comparison(tf: bool) -> cl.CustomComparison:
    # Priors (m) hold when a dataset is too small for EM to estimate a level.
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=tf).configure(m_probability=0.6),
            cll.ExactMatchLevel("name_skeleton").configure(m_probability=0.15, label_for_charts="same skeleton (transliteration, vowel typos)"),
            _shares_any("alias_keys").configure(m_probability=0.05, label_for_charts="a name of one is an alias of the other"),
            cll.JaroWinklerLevel("name_key", 0.93).configure(m_probability=0.1),
            # A middle or father's name left out ("Mariam Faisal Sulaiman" / "Meryem Sleiman"):
            # every word of the shorter skeleton is in the longer.
            cll.CustomLevel(
                "len(name_words_l) > 1 AND len(name_words_r) > 1 AND "
                "(list_has_all(name_words_l, name_words_r) OR list_has_all(name_words_r, name_words_l))",
                label_for_charts="one skeleton within the other (a name left out)",
            ).configure(m_probability=0.03),
            # Word by word, so typos and transliterations the skeleton does not fold ("Aisha Tariq
            # Qasim" / "Aicha Tarek Kassem") count, while names sharing only a first name do not
            # ("Chiara Ferrari" / "Chiara Russo" are close as whole strings).
            cll.CustomLevel(
                f"len(name_words_l) = len(name_words_r) AND "
                f"list_bool_and(list_transform(name_words_l, a -> list_max(list_transform("
                f"name_words_r, b -> CASE WHEN abs(len(a) - len(b)) <= 1 "
                f"THEN jaro_winkler_similarity(a, b) ELSE 0 END)) >= {WORD_SIMILARITY}))",
                label_for_charts="every word close to a word of the other",
            ).configure(m_probability=0.05),
            # A company's words abbreviated by truncation ("Al Furat Elec. FZE" / "Al Furat Electronics
            # FZE", "Polaris Eng. LLC", "Falcon Tech Ltd" / "Falcon Technologies Ltd"): every word
            # equal to, or a prefix of at least three letters of, a word of the other. Companies
            # only: a person's "Yilmaz" / "Yilmazer" are two surnames.
            cll.CustomLevel(
                "len(company_words_l) = len(company_words_r) AND "
                "list_bool_and(list_transform(company_words_l, a -> list_bool_or(list_transform(company_words_r, b -> "
                "CASE WHEN a = b THEN true WHEN len(a) >= 3 AND starts_with(b, a) THEN true "
                "WHEN len(b) >= 3 AND starts_with(a, b) THEN true ELSE false END))))",
                label_for_charts="every word a word of the other or its abbreviation (companies)",
            # u as a prior: random pairs seldom reach this level (after the exact and fuzzy ones),
            # and a level the sample never sees would keep Splink's default u of about 0.09.
            ).configure(m_probability=0.03, u_probability=1e-4),
            # One name in an abjad (Arabic, Persian), the other in Latin letters: ICU's vowel-less
            # reading meets none of the levels above, so the names matcher's reading (see
            # normalise.name_reading) is compared instead. Every word of one in the other (a
            # person's transliteration, a middle name left out), or, weaker, a word of three
            # letters or two in common (a company's brand, its trade words translated).
            cll.CustomLevel(
                f"{_CROSS_SCRIPT} AND (list_has_all(reading_words_l, reading_words_r) "
                "OR list_has_all(reading_words_r, reading_words_l))",
                label_for_charts="other script: every word of one read in the other",
            ).configure(m_probability=0.03, u_probability=1e-5),
            cll.CustomLevel(
                f"{_CROSS_SCRIPT} AND len(list_filter(list_intersect(reading_words_l, reading_words_r), w -> len(w) >= 2)) > 0",
                label_for_charts="other script: a word in common",
            ).configure(m_probability=0.02, u_probability=1e-3),
            cll.ElseLevel().configure(m_probability=0.07),
        ],
    )


_CROSS_SCRIPT = "abjad_l <> abjad_r AND reading_words_l IS NOT NULL AND reading_words_r IS NOT NULL"


def _exact(column: str, m: float, tf: bool = True) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(m_probability=m),
            cll.ElseLevel().configure(m_probability=1 - m),
        ],
    )


def _registration(tf: bool) -> cl.CustomComparison:
    """Like `_identifier`, but numbers of two schemes (see `same_scheme`) weigh nothing either way."""
    return cl.CustomComparison(
        output_column_name="registration_key",
        comparison_levels=[
            cll.NullLevel("registration_key"),
            cll.ExactMatchLevel("registration_key", term_frequency_adjustments=tf).configure(
                m_probability=0.97, fix_m_probability=True),
            cll.CustomLevel(f"NOT {_same_scheme_sql('registration_key_l', 'registration_key_r')}").configure(
                is_null_level=True, label_for_charts="two schemes (register number / tax number)"),
            cll.ElseLevel().configure(m_probability=0.03, fix_m_probability=True),
        ],
    )


def _identifier(column: str, m_differ: float, tf: bool, u_agree: float | None = None) -> cl.CustomComparison:
    """An identifier of one party (registration number, phone, e-mail, birth date).

    Its m values are fixed, not learnt: how often one party's records show *different* values
    is a property of the identifier (a registration number or birth date almost never
    changes; a company may have two phones), while EM on a small register mixes it up with
    namesakes and learns that conflicting birth dates are normal. u is still measured.
    """
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(
                m_probability=1 - m_differ, fix_m_probability=True, u_probability=u_agree),
            cll.ElseLevel().configure(m_probability=m_differ, fix_m_probability=True),
        ],
    )


def _address_comparison(tf: bool) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address_key"),
            # Term frequencies matter most here: an address shared by 500 shell companies says
            # little about any two of them being the same company.
            cll.ExactMatchLevel("address_key", term_frequency_adjustments=tf).configure(m_probability=0.6),
            # Fuzzy only within one house number: "161 King St" and "76 King St" are neighbours,
            # not a typo.
            cll.CustomLevel(
                "split_part(address_key_l, ' ', 1) = split_part(address_key_r, ' ', 1) "
                "AND jaro_winkler_similarity(address_key_l, address_key_r) >= 0.9",
                label_for_charts="same number, similar street",
            ).configure(m_probability=0.2),
            cll.ElseLevel().configure(m_probability=0.2),
        ],
    )


def _related_comparison() -> cl.CustomComparison:
    # m fixed for the same reason as identifiers': EM would learn it from namesakes. Not sharing
    # a counterparty is weak evidence (a record lists only some of a party's relations).
    return cl.CustomComparison(
        output_column_name="related",
        comparison_levels=[
            cll.NullLevel("related_ids"),
            _shares_any("related_ids").configure(
                m_probability=0.5, fix_m_probability=True, label_for_charts="a related party in common"),
            cll.ElseLevel().configure(m_probability=0.5, fix_m_probability=True),
        ],
    )


def settings(probability_two_random_records_match: float, n_records: int) -> SettingsCreator:
    tf = n_records >= MIN_RECORDS_FOR_TF
    # Records with one name key have one skeleton, so the skeleton's blocks hold every pair
    # that shares a name key but where the skeleton is too common to block on: scanning the
    # name keys' blocks as well would find each of those pairs a second time.
    keys = [block_on("kind", "name_skeleton_block"),
            And(block_on("kind", "name_key_block"), CustomRule("l.name_skeleton_block IS NULL"))]
    keys += [block_on("kind", f"{key}_block") for key in BLOCKING_KEYS if key not in ("name_key", "name_skeleton")]
    # Address alone is too broad (a building); with the first letters of the name it is a
    # cheap net for names garbled beyond the skeleton.
    keys.append(block_on("kind", "address_key_block", "substr(name_skeleton, 1, 2)"))
    # A name in an abjad and its Latin spelling, read alike by the names matcher.
    keys.append(And(block_on("kind", "reading_key_block"), CustomRule("l.abjad <> r.abjad")))
    rules = [And(key, CustomRule(COMPATIBLE)) for key in keys]
    # Two records of a person linked to one company, however differently the name is spelt.
    rules.append(CustomRule(f"l.kind = r.kind AND l.related_block = r.related_block AND {COMPATIBLE}",
                            arrays_to_explode=["related_block"]))
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="party_id",
        probability_two_random_records_match=probability_two_random_records_match,
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            _name_comparison(tf),
            _registration(tf),
            _exact("legal_form", 0.85, tf=False),
            _identifier("phone_key", 0.1, tf),
            _identifier("email_key", 0.1, tf),
            # A company's web site: companies of one group often share it, so it is evidence like
            # a phone, not a veto; the name and the vetoes keep a group's companies apart.
            # u as a prior: where few records carry a site, the random pairs that estimate u may
            # hold no agreeing pair, and Splink's default u would make agreeing worth little. No
            # term frequencies: a site's records are mostly the one company's (its frequency
            # counts the pair itself) and, where few records carry a site, 2 of 2 reads as common.
            _identifier("website_key", 0.1, False, u_agree=1e-4),
            _address_comparison(tf),
            _exact("city_key", 0.9, tf),
            _exact("country", 0.95, tf=False),
            _identifier("birth_date", 0.03, tf=False),
            _related_comparison(),
        ],
        # The weight of each comparison (mw_*) of accepted pairs is read back (see UNRELATED_NAMES).
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


# Accepted pairs refused anyway: names that share nothing (not a word, not a skeleton, not an
# alias: the only name level whose weight, mw_name, is negative) on two records that share no
# registration number or birth date. Two fronts at one formation agent share its office and switchboard, which outweighs any
# single disagreement in Fellegi-Sunter because shared office and shared phone are not
# independent; a company renamed keeps its number, a person renamed keeps a birth date.
UNRELATED_NAMES = (
    "mw_name < 0 AND coalesce(mw_registration_key, 0) <= 0 AND coalesce(mw_birth_date, 0) <= 0"
)


def add_block_columns(features: pa.Table) -> pa.Table:
    """`<key>_block`: the key where fewer than MAX_BLOCK parties share it, else NULL; `related_block`:
    the related parties that fewer than MAX_BLOCK parties are related to; `name_words`: the
    skeleton's words, split once here instead of in every pair the name levels compare;
    `company_words`: a company's name-key words."""
    import pyarrow.compute as pc

    features = features.append_column("name_words", pc.split_pattern(features["name_skeleton"], " "))
    # A company's name words (None for persons), for the abbreviation level. Its own column: a
    # comparison that read `kind` would be switched off while EM trains on blocks by kind.
    company = pc.equal(features["kind"], "company")
    words = pc.split_pattern(features["name_key"], " ")
    features = features.append_column("company_words", pc.if_else(company, words, pa.scalar(None, words.type)))

    for key in (*BLOCKING_KEYS, "address_key", "reading_key"):
        col = features[key]
        counts = pc.value_counts(col)
        values, freq = counts.field("values"), counts.field("counts")
        too_common = pc.filter(values, pc.greater(freq, MAX_BLOCK))
        blocked = pc.if_else(pc.is_in(col, value_set=too_common), pa.scalar(None, pa.string()), col)
        features = features.append_column(f"{key}_block", blocked)
    related = features["related_ids"]
    counts = pc.value_counts(pc.list_flatten(related))
    common = set(pc.filter(counts.field("values"), pc.greater(counts.field("counts"), MAX_BLOCK)).to_pylist())
    kept = [None if ids is None else ([i for i in ids if i not in common] or None) for ids in related.to_pylist()]
    return features.append_column("related_block", pa.array(kept, type=related.type))


# Random pairs that estimate u. Past a million, u no longer moves the clusters: on a world of
# 114k parties, 2.3M pairs and 1M gave pairwise precision 0.857 / 0.867 and recall 0.871 / 0.869,
# and sampling was most of the training time (12 of 15.5 CPU seconds at 2.3M).
MAX_U_PAIRS = 1e6


def name_frequencies(db, table: str):
    """Splink's term-frequency lookup for `name_key`, where a company's name counts without the
    two records of the pair being weighed: (count - 2) / (records - 2), or NULL (no adjustment)
    when no third record carries it. Persons' names keep Splink's count / records.

    Splink's frequency counts the pair itself. In a register of a few thousand records, every
    name two records share has a frequency of at least 2/n, above the average chance that two
    records agree (most names occur once), so the adjustment punished every duplicate: -2.7 bits
    for "Huang Textiles" on its own two records, where one record had nothing but its name, city
    and country to agree on. How common a name is among *other* parties can only be read from
    the records outside the pair. For companies that is the whole story: a registry does not
    give one name to two companies, so a name no third record carries says nothing about
    namesakes. A person's name is not registered: two records of one name are as much a sample
    of a common name as of one person (namesakes sharing only a name and a city are most of the
    persons' false pairs), and counting the pair keeps that caution."""
    # max(kind): a name held by a person and a company is counted as a person's, the cautious way.
    sql = f"""
        WITH names AS (
            SELECT name_key, max(kind) AS kind, count(*) AS c FROM {table}
            WHERE name_key IS NOT NULL GROUP BY name_key)
        SELECT name_key, CASE
            WHEN kind <> 'company' THEN c / n
            WHEN c > 2 THEN (c - 2) / (n - 2) END AS tf_name_key
        FROM names, (SELECT sum(c) AS n FROM names)"""
    found = db.duckdb_con.sql(sql).arrow()
    if isinstance(found, pa.RecordBatchReader):  # newer DuckDB: read it before registering
        found = found.read_all()
    return db.register(found, table_name="redtrace_tf_name_key")


def train(linker: Linker, n_records: int, seed: int, step: Callable[[str], None] = lambda _msg: None) -> None:
    """Unsupervised: u from random pairs, m by EM on two blocks that each leave the other
    half of the evidence free to be learnt (same name -> learn ids and addresses; same phone
    or registration -> learn names). `step` is told as each estimate starts."""
    step("training: prior")
    # The prior (how many pairs are duplicates) from pairs that share a hard identifier,
    # assuming such pairs find about half the duplicates (the rest have no shared identifier).
    try:
        linker.training.estimate_probability_two_random_records_match(
            [block_on("kind", "registration_key_block"), block_on("kind", "phone_key_block"),
             block_on("kind", "email_key_block"), block_on("kind", "birth_date_block", "name_skeleton")],
            recall=0.5,
        )
    except Exception as exc:  # no shared identifier at all: keep the size-based prior
        log.info("prior from identifiers skipped: %s", exc)
    settings = linker._settings_obj
    if not 0 < settings._probability_two_random_records_match < 1:
        # No pair shares an identifier (tiny or clean data): a prior of 0 or 1 would make every
        # match weight infinite, so fall back to one expected duplicate among the records.
        settings._probability_two_random_records_match = min(0.5, 1 / max(n_records * (n_records - 1) / 2, 1))
    step("training: u")
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(max(n_records * 20, 1e5), MAX_U_PAIRS), seed=seed
    )
    step("training: m (EM)")
    for rule in (block_on("kind", "phone_key_block"), block_on("kind", "registration_key_block"), block_on("kind", "email_key_block")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except Exception as exc:  # too few pairs in a small dataset: keep the priors for these levels
            log.info("EM on %s skipped: %s", rule, exc)
