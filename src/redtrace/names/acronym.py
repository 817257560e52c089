"""Acronyms: an organisation's short form made of its words' first letters (IRGC, RIHS, ARP for
'Aircraft Repair Plant'). Lists and registers give both forms, often as aliases of each other,
and a party may be known by either; no spelling likeness connects the two.

Registers form acronyms two ways, so both are tried: from every word ('Saraya Al-Mukhtar' ->
SAM) and from the words that carry meaning, without particles and legal forms ('Revival of
Islamic Heritage Society' -> RIHS). Digits are not initials ('419 Aircraft Repair Plant' keeps
its number as a word). Persons' initials are not acronyms a list or a party would write.
"""

from __future__ import annotations

from collections.abc import Sequence

from redtrace.names.normalize import LEGAL, PARTICLE, Token

# An acronym standing alone must have this many letters: two letters are the initials of
# too many names. Next to words that already agree (ISIS-WA), two will do.
MIN_ALONE, MIN_BESIDE, MAX_LETTERS = 3, 2, 8
# How much an acronym counts as a word match: an acronym fits every name with those initials,
# so it is weaker evidence than a spelling, and a longer one is less ambiguous. Alone, three or
# four letters are a lead below any working threshold: a party's full name whose initials
# spell a listed acronym (Agricole Shanghai Pudong Company / ASPC) is a coincidence far more
# often than not; five letters or more in order are rarely one.
SIMILARITY = {2: 0.8, 3: 0.85}
SIMILARITY_LONG = 0.9
SIMILARITY_ALONE = {3: 0.7, 4: 0.75}
SIMILARITY_ALONE_LONG = 0.85


def could_be_acronym(token: Token, alone: bool) -> bool:
    """Latin letters only, not a legal form, and of an acronym's length."""
    latin = token.latin
    low = MIN_ALONE if alone else MIN_BESIDE
    return low <= len(latin) <= MAX_LETTERS and latin.isalpha() and not token.abjad and token.role != LEGAL


def initials(tokens: Sequence[Token]) -> set[str]:
    """The acronyms a run of words can be written as: every word's first letter, and only the
    meaningful words' (particles and legal forms skipped). Digits give no initial."""
    every = "".join(t.latin[0] for t in tokens if t.latin[0].isalpha())
    meaningful = "".join(t.latin[0] for t in tokens if t.latin[0].isalpha() and t.role not in (PARTICLE, LEGAL))
    return {s for s in (every, meaningful) if len(s) >= MIN_BESIDE}


def similarity(acronym: Token, alone: bool) -> float:
    if alone:
        return SIMILARITY_ALONE.get(len(acronym.latin), SIMILARITY_ALONE_LONG)
    return SIMILARITY.get(len(acronym.latin), SIMILARITY_LONG)


def find_run(acronym: Token, tokens: Sequence[Token], ids: Sequence[int], free: Sequence[int]) -> tuple[int, ...] | None:
    """Positions of at least two adjacent words among ``free`` (not yet aligned) in the name
    ``ids`` whose initials spell ``acronym`` (either way ``initials`` forms them), or None."""
    target = acronym.latin
    for start in free:
        if tokens[ids[start]].latin[0] != target[0]:
            continue
        every = meaningful = ""
        # A run may hold more words than letters when particles or legal forms are skipped.
        for end in range(start, min(len(ids), start + 2 * len(target))):
            if end not in free:
                break
            word = tokens[ids[end]]
            letter = word.latin[0]
            if letter.isalpha():
                every += letter
                if word.role not in (PARTICLE, LEGAL):
                    meaningful += letter
            if end > start and target in (every, meaningful):
                return tuple(range(start, end + 1))
            if not (target.startswith(every) or target.startswith(meaningful)):
                break
    return None
