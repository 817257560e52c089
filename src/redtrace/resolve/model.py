"""The Splink model: which pairs to compare, how to compare them, and how to train without labels."""

from __future__ import annotations

import logging

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import Linker, SettingsCreator, block_on

log = logging.getLogger(__name__)

# Keys shared by more parties than this mark a switchboard, a formation agent's address or a
# common name, not one party: such a block would cost n^2 comparisons and prove nothing. The
# key is still compared on pairs found through other keys; it just does not form blocks.
MAX_BLOCK = 100

BLOCKING_KEYS = ("name_key", "name_skeleton", "registration_key", "phone_key", "email_key")


def _name_comparison() -> cl.CustomComparison:
    # Priors (m) hold when a dataset is too small for EM to estimate a level.
    return cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name_key"),
            cll.ExactMatchLevel("name_key", term_frequency_adjustments=True).configure(m_probability=0.6),
            cll.ExactMatchLevel("name_skeleton").configure(m_probability=0.15, label_for_charts="same skeleton (transliteration, vowel typos)"),
            cll.ArrayIntersectLevel("alias_keys", min_intersection=1).configure(m_probability=0.05, label_for_charts="a name of one is an alias of the other"),
            cll.JaroWinklerLevel("name_key", 0.93).configure(m_probability=0.1),
            cll.JaroWinklerLevel("name_key", 0.85).configure(m_probability=0.05),
            cll.ElseLevel().configure(m_probability=0.05),
        ],
    )


def _exact(column: str, m: float, tf: bool = True) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=tf).configure(m_probability=m),
            cll.ElseLevel().configure(m_probability=1 - m),
        ],
    )


def _address_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_levels=[
            cll.NullLevel("address_key"),
            # Term frequencies matter most here: an address shared by 500 shell companies says
            # little about any two of them being the same company.
            cll.ExactMatchLevel("address_key", term_frequency_adjustments=True).configure(m_probability=0.6),
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


def settings(probability_two_random_records_match: float) -> SettingsCreator:
    rules = [block_on("kind", f"{key}_block") for key in BLOCKING_KEYS]
    # Address alone is too broad (a building); with the first letters of the name it is a
    # cheap net for names garbled beyond the skeleton.
    rules.append(block_on("kind", "address_key_block", "substr(name_skeleton, 1, 2)"))
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="party_id",
        probability_two_random_records_match=probability_two_random_records_match,
        blocking_rules_to_generate_predictions=rules,
        comparisons=[
            _name_comparison(),
            _exact("registration_key", 0.8),
            _exact("phone_key", 0.7),
            _exact("email_key", 0.7),
            _address_comparison(),
            _exact("country", 0.95, tf=False),
            _exact("birth_date", 0.9, tf=False),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def add_block_columns(features: pa.Table) -> pa.Table:
    """`<key>_block`: the key where fewer than MAX_BLOCK parties share it, else NULL."""
    import pyarrow.compute as pc

    for key in (*BLOCKING_KEYS, "address_key"):
        col = features[key]
        counts = pc.value_counts(col)
        values, freq = counts.field("values"), counts.field("counts")
        too_common = pc.filter(values, pc.greater(freq, MAX_BLOCK))
        blocked = pc.if_else(pc.is_in(col, value_set=too_common), pa.scalar(None, pa.string()), col)
        features = features.append_column(f"{key}_block", blocked)
    return features


def train(linker: Linker, n_records: int, seed: int) -> None:
    """Unsupervised: u from random pairs, m by EM on two blocks that each leave the other
    half of the evidence free to be learnt (same name -> learn ids and addresses; same phone
    or registration -> learn names)."""
    linker.training.estimate_u_using_random_sampling(
        max_pairs=min(max(n_records * 20, 1e5), 5e6), seed=seed
    )
    for rule in (block_on("kind", "name_key_block"), block_on("kind", "phone_key_block"), block_on("kind", "registration_key_block")):
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
        except Exception as exc:  # too few pairs in a small dataset: keep the priors for these levels
            log.info("EM on %s skipped: %s", rule, exc)
