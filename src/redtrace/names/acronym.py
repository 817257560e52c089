"""Acronyms: an organisation's short form made of its words' first letters (IRGC, RIHS, ARP for
'Aircraft Repair Plant'). Lists and registers give both forms, often as aliases of each other,
and a party may be known by either; no spelling likeness connects the two.

Every word that carries meaning gives its initial; a particle or a legal form may or may not
('Revival of Islamic Heritage Society' -> RIHS, 'Saraya Al-Mukhtar' -> SAM, 'Al-Qaida in the
Arabian Peninsula' -> AQAP: the article's a kept, 'in the' skipped). Digits are not initials
('419 Aircraft Repair Plant' keeps its number as a word). An acronym may stand for a part of a
name beside words written out (ISIS-WA for 'ISIS-West Africa', ARP 419), so a listed name is
keyed under its runs of words too. Persons' initials are not acronyms a list or a party would
write.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import product

from redtrace.names.normalize import LEGAL, NAME, PARTICLE, Token

# An acronym standing alone must have this many letters: two letters are the initials of
# too many names. Next to words that already agree (ISIS-WA), two will do.
MIN_ALONE, MIN_BESIDE, MAX_LETTERS = 3, 2, 8
# A name with more optional words (particles, legal forms) than this is keyed under two
# readings only, all of them or none: each optional word doubles the readings.
MAX_OPTIONAL = 4
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


def vouches(token: Token) -> bool:
    """A word that can corroborate an acronym beside it: a distinctive word that is no
    abbreviation itself. Three letters or fewer without a digit are, as often as not, a
    register's shorthand (Turkish Tic. for Ticaret, San. for Sanayi in 'Tic. Ltd. Şti.'): shared
    by a run of names, they would let any three words read as any three-letter word
    (Güneş Oto Kiralama Tic. as Gök ... Tic.)."""
    latin = token.latin
    return token.role == NAME and (len(latin) > 3 or not latin.isalpha())


def _optional(token: Token) -> bool:
    return token.role in (PARTICLE, LEGAL)


def initials(tokens: Sequence[Token]) -> set[str]:
    """The acronyms a run of words can be written as: every meaningful word's first letter, each
    particle's and legal form's or not. Digits give no initial."""
    letters = [(t.latin[0], _optional(t)) for t in tokens if t.latin[0].isalpha()]
    n_optional = sum(optional for _, optional in letters)
    if n_optional > MAX_OPTIONAL:
        choices = [(True,) * n_optional, (False,) * n_optional]
    else:
        choices = product((True, False), repeat=n_optional)
    out = set()
    for chosen in choices:
        picks = iter(chosen)
        s = "".join(letter for letter, optional in letters if not optional or next(picks))
        if MIN_BESIDE <= len(s):
            out.add(s)
    return out


def run_initials(tokens: Sequence[Token]) -> set[str]:
    """The acronyms of every run of two or more adjacent words short of the whole name (ISIS-WA:
    'West Africa' in 'ISIS-West Africa'), each run beginning and ending on a meaningful word,
    of at most MAX_LETTERS letters."""
    out = set()
    n = len(tokens)
    for start in range(n):
        if _optional(tokens[start]) or not tokens[start].latin[0].isalpha():
            continue
        meaningful = 1
        for end in range(start + 1, n):
            word = tokens[end]
            if (start, end) == (0, n - 1) or meaningful > MAX_LETTERS:
                break
            if _optional(word) or not word.latin[0].isalpha():
                continue
            meaningful += 1
            out |= {s for s in initials(tokens[start : end + 1]) if len(s) <= MAX_LETTERS}
    return out


def similarity(acronym: Token, alone: bool) -> float:
    if alone:
        return SIMILARITY_ALONE.get(len(acronym.latin), SIMILARITY_ALONE_LONG)
    return SIMILARITY.get(len(acronym.latin), SIMILARITY_LONG)


def find_run(acronym: Token, tokens: Sequence[Token], ids: Sequence[int], free: Sequence[int]) -> tuple[int, ...] | None:
    """Positions of at least two adjacent words among ``free`` (not yet aligned) in the name
    ``ids`` whose initials spell ``acronym`` as ``initials`` forms them: the run's first and
    last words give their letters, a particle or legal form between them may or may not."""
    target = acronym.latin
    free = set(free)
    for start in sorted(free):
        if tokens[ids[start]].latin[0] != target[0]:
            continue
        # How many of the acronym's letters the run so far may have spelled.
        spelled = {1}
        # A run may hold more words than letters when particles or legal forms are skipped.
        for end in range(start + 1, min(len(ids), start + 2 * len(target))):
            if end not in free:
                break
            word = tokens[ids[end]]
            letter = word.latin[0]
            if not letter.isalpha():
                continue
            advanced = {k + 1 for k in spelled if k < len(target) and target[k] == letter}
            if len(target) in advanced:
                return tuple(range(start, end + 1))
            spelled = advanced | spelled if _optional(word) else advanced
            if not spelled:
                break
    return None
