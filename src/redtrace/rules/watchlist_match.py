"""watchlist.match: the party's name or an alias matches an entry of a sanctions or watch list.

The match itself (transliteration-aware, explained part by part) comes from redtrace.names; this
rule turns the best hit of each party into a flag. Two things temper it, because name screening
drowns compliance teams in namesakes:
- only strong matches count, and strength rises steeply with the match score (a 0.8 match of two
  common names is a lead, not a finding);
- an entry that several different parties of the dataset match equally well is most likely a
  common name, and each of those matches is worth less. A party that matches the entry clearly
  better than the others (its birth date or country agree, its name is the listed one where theirs
  are near it) does not share its weight with them, unless it is a person recorded without a
  birth date: then a nearer spelling is no evidence of being the listed one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from redtrace.rules.base import RESOLVED, Rule

if TYPE_CHECKING:
    import pandas as pd

    from redtrace.engine import Engine

# Below this match score a hit is reported in parties_scored.csv but raises no flag.
FLOOR = 0.8
# Parties matching one entry within this much of each other are namesakes; one that matches it
# clearly better than the rest (its birth date or country agree, its name is the listed one) is
# not diluted by them.
NAMESAKE_MARGIN = 0.05


def confident_hits_sql(engine: Engine) -> str:
    """Hits at or above FLOOR, each with `confidence` that the party is the listed one,
    `namesakes` and `best` (1 for each party's best hit). Also seeds risk propagation (see
    redtrace.pipeline), so a namesake spreads as little suspicion as it raises.

    Namesakes are counted as resolved entities when entity resolution ran (one listed person
    recorded twice is not two namesakes). A person recorded without a birth date shares the
    entry with every namesake, not only those matching it about as well: without a date to agree
    or not, the spelling nearest the listed one is no more likely to be the listed person."""
    by_entity = engine.has("clusters")
    entity = "coalesce(c.cluster_id, h.party_id)" if by_entity else "h.party_id"
    clusters = "LEFT JOIN clusters c ON c.party_id = h.party_id" if by_entity else ""
    parties = engine.has("parties")
    undated = "coalesce(p.kind = 'person' AND p.birth_date IS NULL, FALSE)" if parties else "FALSE"
    people = "LEFT JOIN parties p ON p.party_id = h.party_id" if parties else ""
    return f"""
        WITH h AS (
            SELECT h.*, {entity} AS entity, {undated} AS undated
            FROM watchlist_hits h {clusters} {people} WHERE h.score >= {FLOOR}),
        e AS (
            SELECT list_name, entry_id, entity, max(score) AS score FROM h GROUP BY list_name, entry_id, entity),
        n AS (
            SELECT list_name, entry_id, entity,
                   count(*) OVER (PARTITION BY list_name, entry_id ORDER BY score DESC
                                  RANGE BETWEEN UNBOUNDED PRECEDING AND {NAMESAKE_MARGIN} FOLLOWING) AS near,
                   count(*) OVER (PARTITION BY list_name, entry_id) AS anyhow
            FROM e),
        k AS (
            SELECT h.*, CASE WHEN h.undated THEN n.anyhow ELSE n.near END AS namesakes
            FROM h JOIN n ON n.list_name = h.list_name AND n.entry_id = h.entry_id AND n.entity = h.entity)
        SELECT k.*, power((k.score - {FLOOR}) / (1 - {FLOOR}), 2) / sqrt(k.namesakes) AS confidence FROM (
            SELECT k.*, row_number() OVER (PARTITION BY k.party_id ORDER BY k.score DESC, k.entry_id) AS best
            FROM k) k"""


def _flags(engine: Engine) -> pd.DataFrame:
    return engine.df(f"""
        WITH hits AS ({confident_hits_sql(engine)})
        SELECT party_id AS target_id, confidence AS strength,
               'matches ' || list_name || ' entry ' || entry_id || ' ''' || matched_name || ''' (' || program
                   || ', score ' || CAST(round(score, 2) AS STRING) || '): ' || explanation
                   || CASE WHEN namesakes > 1 AND undated
                           THEN '; ' || CAST(namesakes AS STRING) || ' parties in this dataset match this entry and no birth date tells them apart (a common name?)'
                           WHEN namesakes > 1
                           THEN '; ' || CAST(namesakes AS STRING) || ' parties in this dataset match this entry about as well or better (a common name?)'
                           ELSE '' END AS evidence
        FROM hits WHERE best = 1
    """)


RULE = Rule(
    id="watchlist.match",
    title="Name matches a watchlist entry",
    target="party",
    severity="high",
    indicators=("BIS-01", "FATF08-03"),
    rationale="A customer similar to a party on a denied-persons or sanctions list must be cleared before any sale.",
    needs=("watchlist_hits",),
    strength_is_confidence=True,
    reads=RESOLVED,
    compute=_flags,
)
