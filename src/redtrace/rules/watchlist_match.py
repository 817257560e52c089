"""watchlist.match: the party's name or an alias matches an entry of a sanctions or watch list.

The match itself (transliteration-aware, explained part by part) comes from redtrace.names; this
rule turns the best hit of each party into a flag. Two things temper it, because name screening
drowns compliance teams in namesakes:
- only strong matches count, and strength rises steeply with the match score (a 0.8 match of two
  common names is a lead, not a finding);
- an entry that several different parties of the dataset match equally well is most likely a
  common name, and each of those matches is worth less. A party that matches the entry clearly
  better than the others (its birth date or country agree, its name is the listed one where theirs
  are near it) does not share its weight with them.
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
# clearly better than the rest is not diluted by them.
NAMESAKE_MARGIN = 0.05


def confident_hits_sql(by_entity: bool) -> str:
    """Hits at or above FLOOR, each with `confidence` that the party is the listed one,
    `namesakes` and `best` (1 for each party's best hit). Also seeds risk propagation (see
    redtrace.pipeline), so a namesake spreads as little suspicion as it raises. `by_entity`: count
    namesakes as resolved entities (table `clusters`), so that one listed person recorded twice
    is not two namesakes; else as parties."""
    entity = "coalesce(c.cluster_id, h.party_id)" if by_entity else "h.party_id"
    clusters = "LEFT JOIN clusters c ON c.party_id = h.party_id" if by_entity else ""
    return f"""
        WITH h AS (
            SELECT h.*, {entity} AS entity FROM watchlist_hits h {clusters} WHERE h.score >= {FLOOR}),
        e AS (
            SELECT list_name, entry_id, entity, max(score) AS score FROM h GROUP BY list_name, entry_id, entity),
        n AS (
            SELECT list_name, entry_id, entity,
                   count(*) OVER (PARTITION BY list_name, entry_id ORDER BY score DESC
                                  RANGE BETWEEN UNBOUNDED PRECEDING AND {NAMESAKE_MARGIN} FOLLOWING) AS namesakes
            FROM e)
        SELECT h.*, n.namesakes, power((h.score - {FLOOR}) / (1 - {FLOOR}), 2) / sqrt(n.namesakes) AS confidence FROM (
            SELECT h.*, row_number() OVER (PARTITION BY h.party_id ORDER BY h.score DESC, h.entry_id) AS best
            FROM h) h
        JOIN n ON n.list_name = h.list_name AND n.entry_id = h.entry_id AND n.entity = h.entity"""


def _flags(engine: Engine) -> pd.DataFrame:
    return engine.df(f"""
        WITH hits AS ({confident_hits_sql(engine.has("clusters"))})
        SELECT party_id AS target_id, confidence AS strength,
               'matches ' || list_name || ' entry ' || entry_id || ' ''' || matched_name || ''' (' || program
                   || ', score ' || CAST(round(score, 2) AS STRING) || '): ' || explanation
                   || CASE WHEN namesakes > 1
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
