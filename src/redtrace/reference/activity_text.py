"""A party's free-text activity ('mobile phone shop', 'paint production') -> a NACE Rev. 2 code.

A description names what is handled (phone, paint, toys, haulage) and, usually, how: made,
sold wholesale, sold in shops, repaired, hired out. NACE splits the same goods by exactly that
(26.30 / 46.52 / 47.42 / 95.12 for phones), so the two are read separately:

- `activity_kinds.csv`: kind words (manufacturer, factory, wholesaler, importer, shop, repair,
  hire...) -> manufacture / wholesale / retail / repair / rental.
- `activity_terms.csv`: goods and activity terms -> the NACE code for each kind, and a `default`
  for terms that are an activity on their own (bakery, quarry, haulage, pharmacy).

Words are matched whole after a plural is cut back ('toys' = 'toy'), longest term first, so
'stone' can never match 'limestone' and 'motor vehicle part' beats 'motor vehicle'. A text whose
terms give no code stays unmapped: a wrong class makes false business-mismatch flags, a missing
one only silences the indicator for that party.
"""

from __future__ import annotations

import re
from functools import lru_cache

from redtrace.reference.load import load
from redtrace.reference.lookup import fold, nace_title

# When a text names several kinds, the most specific activity wins: a 'phone repair shop' repairs,
# a 'manufacturer and distributor' makes.
KIND_ORDER = ("repair", "rental", "manufacture", "wholesale", "retail")
# Words that say nothing about the activity; a text made only of these and kind words ('import
# export trading company') is a general trader, or names no goods at all ('manufacture of
# industrial products').
FILLER = frozenset("and of the for in a an to with co company ltd limited llc inc firm business group "
                   "international global general goods product commodity service industrial consumer "
                   "various other miscellaneous misc".split())
LONGEST_TERM = 4
SEPARATORS = re.compile(r"\s+(?:and|or|&)\s+|[,;/&+]", re.IGNORECASE)


def stem(word: str) -> str:
    """English plural -> singular, the same way for the text and the vocabulary ('supplies' -> 'supply',
    'gases' -> 'gas', 'glasses' -> 'glass', 'tyres' -> 'tyre')."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and re.search(r"(s|x|z|ch|sh)$", word[:-2]):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in fold(text).split())


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, tuple[str, str]], dict[tuple[str, ...], tuple[str, dict[str, str]]]]:
    """Kind words (stemmed) -> (kind, alone code); terms (stemmed words) -> (term as written, code per kind)."""
    kinds = {stem(w): (k, alone) for w, k, alone in load("activity_kinds")[["word", "kind", "alone"]].itertuples(index=False)}
    terms = {}
    for row in load("activity_terms").to_dict("records"):
        codes = {k: row[k] for k in ("default", *KIND_ORDER) if row[k]}
        terms[words(row["term"])] = (row["term"], codes)
    return kinds, terms


def _common(codes: list[str]) -> str | None:
    """The most specific NACE level shared by all codes ('47.52', '47.53' -> '47.5'), down to the division."""
    for n in (5, 4, 2):
        if len({c[:n] for c in codes}) == 1 and all(len(c) >= n for c in codes):
            return codes[0][:n]
    return None


def names_nothing(text: str) -> bool:
    """True when every word is a kind word or filler: such a text names no goods, so nothing should
    be guessed for it from resemblance ('manufacture of industrial products' is not 'Manufacture
    of industrial gases')."""
    kinds, _ = _vocabulary()
    return all(w in kinds or w in FILLER for w in words(text))


def _agrees(kind: str | None, code: str | None) -> str | None:
    """An activity noun's own code, unless the text's kind word contradicts it: 'tyre fitting centre'
    and 'CNC machining workshop' keep theirs, a 'farm inputs wholesaler' is no farm."""
    if not code or kind not in ("manufacture", "wholesale"):
        return code
    division = int(code[:2])
    return code if (10 <= division <= 33 if kind == "manufacture" else division == 46) else None


def _hits(ws: tuple[str, ...], terms: dict) -> list[tuple[str, dict[str, str]]]:
    """Terms in reading order, longest first at each position."""
    out = []
    i = 0
    while i < len(ws):
        for n in range(min(LONGEST_TERM, len(ws) - i), 0, -1):
            if ws[i : i + n] in terms:
                out.append(terms[ws[i : i + n]])
                i += n
                break
        else:
            i += 1
    return out


def nace_from_text(text: str) -> tuple[str, str] | None:
    """(NACE code, plain-words explanation) for a free-text activity, or None when it cannot be
    told.

    Within a phrase the last term is the head noun ('stone quarry', 'metal forming machinery');
    phrases joined by 'and' / commas are separate activities, which resolve to their shared group
    or division, else to the first one named (registries list the main activity first).
    """
    kinds, terms = _vocabulary()
    ws = words(text)
    phrases = [_hits(words(phrase), terms) for phrase in SEPARATORS.split(text)]
    # Kind words outside the goods terms decide; 'builders merchant' and 'power plant' carry
    # theirs inside the term.
    inside = {w for hits in phrases for term, _ in hits for w in words(term)}
    found = {kinds[w][0]: w for w in reversed(ws) if w in kinds and w not in inside}
    found = found or {kinds[w][0]: w for w in reversed(ws) if w in kinds}
    kind = next((k for k in KIND_ORDER if k in found), None)
    picked: list[tuple[str, str, str]] = []
    for hits in phrases:
        for term, codes in reversed(hits):
            how = next((k for k in KIND_ORDER if k in found and k in codes), None)
            code = codes[how] if how else _agrees(kind, codes.get("default"))
            if code:
                picked.append((term, code, f"{how} ('{found[how]}')" if how else "an activity of its own"))
                break
    if not picked:
        alone = [kinds[w][1] for w in ws if w in kinds and kinds[w][1]]
        if inside or not alone or not names_nothing(text):
            return None
        code = alone[0]
        return code, f"activity '{text}' names trade ('{found[kind]}') without particular goods -> NACE {code} '{nace_title(code)}'"
    codes = [c for _, c, _ in picked]
    code = _common(codes) or codes[0]
    named = ", ".join(f"'{t}' as {how}" for t, _, how in picked)
    return code, f"activity '{text}' names {named} -> NACE {code} '{nace_title(code)}'"
