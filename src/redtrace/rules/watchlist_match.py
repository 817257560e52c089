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

from redtrace.rules.base import Rule

# Below this match score a hit is reported in parties_scored.csv but raises no flag.
FLOOR = 0.8
# Parties matching one entry within this much of each other are namesakes; one that matches it
# clearly better than the rest is not diluted by them.
NAMESAKE_MARGIN = 0.05



def confident_hits_sql() -> str:
    """Hits at or above FLOOR, each with `confidence` that the party is the listed one,
    `namesakes` and `best` (1 for each party's best hit). Also seeds risk propagation (see
    redtrace.pipeline), so a namesake spreads as little suspicion as it raises."""
    return f"""
        SELECT h.*, power((score - {FLOOR}) / (1 - {FLOOR}), 2) / sqrt(namesakes) AS confidence FROM (
            SELECT h.*, count(*) OVER (PARTITION BY h.list_name, h.entry_id ORDER BY h.score DESC
                                       RANGE BETWEEN UNBOUNDED PRECEDING AND {NAMESAKE_MARGIN} FOLLOWING) AS namesakes,
                   row_number() OVER (PARTITION BY h.party_id ORDER BY h.score DESC, h.entry_id) AS best
            FROM watchlist_hits h WHERE h.score >= {FLOOR}) h"""


RULE = Rule(
    id="watchlist.match",
    title="Name matches a watchlist entry",
    target="party",
    severity="high",
    indicators=("BIS-01", "FATF08-03"),
    rationale="A customer similar to a party on a denied-persons or sanctions list must be cleared before any sale.",
    needs=("watchlist_hits",),
    strength_is_confidence=True,
    sql=f"""
        WITH hits AS ({confident_hits_sql()})
        SELECT party_id AS target_id, confidence AS strength,
               'matches ' || list_name || ' entry ' || entry_id || ' ''' || matched_name || ''' (' || program
                   || ', score ' || CAST(round(score, 2) AS STRING) || '): ' || explanation
                   || CASE WHEN namesakes > 1
                           THEN '; ' || CAST(namesakes AS STRING) || ' parties in this dataset match this entry about as well or better (a common name?)'
                           ELSE '' END AS evidence
        FROM hits WHERE best = 1
    """,
)
