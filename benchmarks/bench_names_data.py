"""Benchmark cases for name matching: OpenSanctions' 826 labelled pairs, and queries built from
the OFAC SDN list.

SDN-derived queries (deterministic, seeded):

positives - the query must find the entry it came from, with the full list indexed:
  * alias      a listed alias, held out of the index, that is a respelling of another of the
               entry's names (its words pair up one to one with close spellings, give or take
               one word; see is_spelling_of) and belongs to no other entry; acronyms, cover
               names and names sharing only some words, which no name matcher should find,
               are left out;
  * arabic     the name written in Arabic script (ICU Latin-Arabic; article joined, initial
               vowels as alif, a doubled consonant written once, final vowels and vowel
               digraphs (ee, oo, ay...) as letters, other vowels left out, as Arabic is
               normally written) - persons with a nationality or birthplace where Arabic
               script is used (not, say, North Koreans on a nonproliferation programme);
  * cyrillic   the name in Cyrillic (ICU Latin-Cyrillic) - entries on Russia/Belarus programmes;
  * typo       one random keyboard-style edit (substitute, drop, insert, swap) in one word;
  * spelling   one vowel changed or one consonant doubled/undoubled (romanisation variance);
  * reorder    words in another order: a person's family name first without the comma, a
               company's legal form moved from the front to the back or the other way (its
               words stay together, as registers write them), other names shuffled;
  * dropped    a middle word dropped from a name of three or more words;
  * legalform  a company's legal form written another way or left out.
negatives - no entry should be returned:
  * mixed_person   the given name of one listed person with the family name of another, when no
                   listed name holds both;
  * swapped_company a listed company name with its most distinctive word replaced by another
                   company's distinctive word (generic words and legal form kept), not listed.

A positive counts as found when the top hit is its entry or a namesake: an entry holding a name
with the same words as the one the query was made from, as the query itself, or, for an alias,
as one of the entry's names it respells word for word (no matcher can tell those apart: the
held-out alias shows in the list only as those names, and another entry may hold them too).
Entries are split into a development and a test half by a hash of their id; thresholds are
chosen on the development half and figures reported on the test half.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from fingerprints.types.data import TYPES
from normality import ascii_text
import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from redtrace.io.watchlists import Watchlist, WatchlistEntry, load_watchlists
from redtrace.names.normalize import reorder_comma_name

DATA = Path("/work/shared/data")
SDN_PATH = DATA / "ofac-sdn-2024-05-03.csv"
PAIRS_PATH = DATA / "nomenklatura-name-bench-cases.csv"

# Countries whose names are written in Arabic script (Arabic, Persian, Pashto, Urdu).
ARABIC_SCRIPT_COUNTRIES = {"AE", "AF", "BH", "DJ", "DZ", "EG", "IQ", "IR", "JO", "KM", "KW", "LB", "LY", "MA", "MR",
                           "OM", "PK", "PS", "QA", "SA", "SD", "SO", "SY", "TN", "YE"}  # fmt: skip
CYRILLIC_PROGRAMS = {"RUSSIA-EO14024", "UKRAINE-EO13660", "UKRAINE-EO13661", "UKRAINE-EO13662", "BELARUS",
                     "BELARUS-EO14038", "CYBER2", "CAATSA - RUSSIA"}  # fmt: skip
# Benchmark-side rewriting of legal forms (independent of the matcher's own data).
LEGAL_REWRITES = [
    (r"\bLIMITED LIABILITY COMPANY\b", "LLC"), (r"\bLLC\b", "LIMITED LIABILITY COMPANY"),
    (r"\bCO\.,? LTD\.?", "COMPANY LIMITED"), (r"\bLTD\.?", "LIMITED"), (r"\bLIMITED\b(?! LIABILITY)", "LTD"),
    (r"\bS\.A\.", "SA"), (r"\bJOINT STOCK COMPANY\b", "JSC"), (r"\bJSC\b", "JOINT STOCK COMPANY"),
    (r"\bOOO\b", "LLC"), (r"\bGMBH\b", "G.M.B.H."), (r"\bINC\.?", "INCORPORATED"), (r"\bFZE\b", "F.Z.E."),
]  # fmt: skip
# Romanisation digraphs stand for one Arabic letter; ICU alone would write two (k + h). Long
# vowels are letters in Arabic script: spelled as digraphs, or a name's final vowel.
ARABIC_DIGRAPHS = [("kh", "خ"), ("sh", "ش"), ("th", "ث"), ("gh", "غ"), ("dh", "ذ"), ("ee", "ي"), ("ii", "ي"),
                   ("oo", "و"), ("ou", "و"), ("uu", "و"), ("ay", "ي"), ("ai", "ي"), ("ei", "ي"), ("aw", "و"),
                   ("au", "و")]  # fmt: skip
ARABIC_FINAL_VOWELS = {"a": "ا", "e": "ي", "i": "ي", "o": "و", "u": "و", "y": "ي"}
# A Russian writes the legal form in Russian, not the English translation in Cyrillic letters.
RUSSIAN_LEGAL_FORMS = [
    (r"\bpublic joint stock company\b", "пао"), (r"\bclosed joint stock company\b", "зао"),
    (r"\bopen joint stock company\b", "оао"), (r"\bjoint stock company\b", "ао"), (r"\bjsc\b", "ао"),
    (r"\blimited liability company\b", "ооо"), (r"\bllc\b", "ооо"),
]  # fmt: skip
RUSSIAN_DIGRAPHS = [
    ("shch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("yu", "ю"), ("ya", "я"),
    ("yo", "ё"), (r"\bye", "е"), ("iy\b", "ий"), ("yy\b", "ый"), ("y", "ы"), ("c", "к"), ("x", "кс"),
]  # fmt: skip
VOWELS = "aeiou"
POSITIVE = ("alias", "arabic", "cyrillic", "typo", "spelling", "reorder", "dropped", "legalform")
NEGATIVE = ("mixed_person", "swapped_company")


@dataclass(frozen=True)
class Query:
    query_id: str
    split: str  # dev / test
    category: str
    name: str
    kind: str
    expected: str  # entry_id that must be found, '' for a negative
    accept: frozenset[str] = frozenset()  # entries that count as found: expected and its namesakes


@dataclass(frozen=True)
class Pair:
    split: str
    schema: str
    name1: str
    name2: str
    is_match: bool
    category: str


def split_of(key: str) -> str:
    return "dev" if zlib.crc32(key.encode()) % 2 == 0 else "test"


def load_pairs() -> list[Pair]:
    with PAIRS_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        Pair(split_of(f"{i}:{r['name1']}:{r['name2']}"), r["schema"], r["name1"], r["name2"],
             r["is_match"].strip().lower() == "true", r["case_group"])
        for i, r in enumerate(rows)
    ]  # fmt: skip


def words(name: str) -> list[str]:
    return name.replace(",", " ").split()


def simple_tokens(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", (ascii_text(name) or "").lower()))


def build_sdn_benchmark(per_category: int = 300, seed: int = 7) -> tuple[Watchlist, list[Query]]:
    """The list to index (with held-out aliases removed) and the queries."""
    rng = random.Random(seed)
    wl = load_watchlists([SDN_PATH])
    entries = wl.entries
    queries: list[Query] = []
    held_out: dict[str, str] = {}

    # Entries by the word sets of their names, to find an entry's namesakes.
    holders: dict[frozenset[str], set[str]] = {}
    for e in entries:
        for n in e.names:
            holders.setdefault(simple_tokens(n), set()).add(e.entry_id)

    def add(category, entry: WatchlistEntry | None, name, kind, key, source: str = "", respelled=()):
        split = split_of(entry.entry_id if entry else key)
        if entry is None:
            queries.append(Query(f"{category}-{len(queries)}", split, category, name, kind, ""))
            return
        # Namesakes: entries holding a name with the words of the name the query was made
        # from, of the query itself (a dropped middle name that leaves another listed
        # person's full name), or of the entry's names an alias respells word for word (the
        # alias is held out, so the list shows it only as those names).
        accept = {entry.entry_id}
        for words_of in (source or entry.name, name, *respelled):
            accept |= holders.get(simple_tokens(words_of), set())
        accept = frozenset(accept)
        queries.append(Query(f"{category}-{len(queries)}", split, category, name, kind, entry.entry_id, accept))

    def sample(pool, n):
        pool = list(pool)
        rng.shuffle(pool)
        return pool[:n]

    readable = {e.entry_id: reorder_comma_name(e.name) if e.kind == "person" else e.name for e in entries}
    by_kind = [e for e in entries if e.kind in ("person", "company", "vessel")]

    # alias: a spelling alias held out of the index
    alias_owners = Counter(a.upper() for e in entries for a in set(e.names))
    alias_pool = []
    for e in entries:
        for alias in e.aliases:
            others = [n for n in e.names if n != alias]
            if alias_owners[alias.upper()] == 1 and any(is_spelling_of(alias, o) for o in others):
                alias_pool.append((e, alias, [o for o in others if is_spelling_of(alias, o, exact=True)]))
                break
    for e, alias, respelled in sample(alias_pool, per_category):
        held_out[e.entry_id] = alias
        add("alias", e, alias, e.kind, "", source=alias, respelled=respelled)

    import icu

    to_arabic = icu.Transliterator.createInstance("Latin-Arabic")
    latin_to_cyrillic = icu.Transliterator.createInstance("Latin-Cyrillic")

    def to_cyrillic(name: str) -> str:
        for english, russian in RUSSIAN_LEGAL_FORMS:
            name = re.sub(english, russian, name)
        # Undo the usual English romanisation of Russian digraphs before ICU's letter mapping.
        for latin, cyr in RUSSIAN_DIGRAPHS:
            name = re.sub(latin, cyr, name)
        return latin_to_cyrillic.transliterate(name)

    arabic_pool = [e for e in entries if e.kind == "person" and set(e.countries) & ARABIC_SCRIPT_COUNTRIES]
    for e in sample(arabic_pool, per_category):
        add("arabic", e, to_arabic_script(readable[e.entry_id], to_arabic), e.kind, "")
    cyr_pool = [e for e in by_kind if set(e.program.split(";")) & CYRILLIC_PROGRAMS and e.kind != "vessel"]
    for e in sample(cyr_pool, per_category):
        add("cyrillic", e, to_cyrillic(readable[e.entry_id].lower()), e.kind, "")

    long_word = [e for e in by_kind if any(len(w) >= 5 for w in words(readable[e.entry_id]))]
    for e in sample(long_word, per_category):
        add("typo", e, typo(readable[e.entry_id], rng), e.kind, "")
    for e in sample(long_word, per_category):
        add("spelling", e, respell(readable[e.entry_id], rng), e.kind, "")
    multi = [e for e in by_kind if len(words(e.name)) >= 2]
    for e in sample(multi, per_category):
        ws = words(readable[e.entry_id])
        if e.kind == "person" and "," in e.name:
            name = e.name.replace(",", "")  # family name first, no comma
        elif e.kind == "company" and (moved := move_legal_form(e.name)):
            name = moved
        else:
            shuffled = ws[:]
            while shuffled == ws:
                rng.shuffle(shuffled)
            name = " ".join(shuffled)
        add("reorder", e, name, e.kind, "")
    three = [e for e in by_kind if len(words(readable[e.entry_id])) >= 3 and e.kind == "person"]
    for e in sample(three, per_category):
        ws = words(readable[e.entry_id])
        ws.pop(rng.randrange(1, len(ws) - 1))
        add("dropped", e, " ".join(ws), e.kind, "")
    legal = [(e, rewritten) for e in entries if e.kind == "company"
             for rewritten in [legal_rewrite(e.name, rng)] if rewritten]  # fmt: skip
    for e, name in sample(legal, per_category):
        add("legalform", e, name, e.kind, "")

    # negatives
    listed_sets = [simple_tokens(n) for e in entries for n in e.names]
    listed = _ListedWords(listed_sets)
    persons = [e for e in entries if e.kind == "person" and "," in e.name]
    made = 0
    while made < per_category:
        a, b = rng.sample(persons, 2)
        given = a.name.split(",", 1)[1].split()[:1]
        family = b.name.split(",", 1)[0].split()
        if not given or not family:
            continue
        name = " ".join(given + family).title()
        if listed.holds(simple_tokens(name)):
            continue
        add("mixed_person", None, name, "person", name)
        made += 1
    # The word that names a company is its rarest one on the list (not 'company' or 'trading').
    word_df = Counter(w for e in entries for w in {w.upper() for n in e.names for w in words(n)})
    companies = [e for e in entries if e.kind == "company" and len(words(e.name)) >= 2]
    # Replacement words come from real company names that are not on the list (the pair
    # benchmark's), so the result names no listed company by accident; Latin words only, as a
    # Latin name with one Cyrillic word is no near-miss anyone writes.
    # A word one letter from a listed word (INSITUTE) is that word misspelled, as the typo
    # positives are, and a legal form (AKTIENGESELSCHAFT, fingerprints' list) names no company:
    # a name made with either is still the listed name.
    donors = sorted({w.upper() for p in load_pairs() if p.schema in ("Company", "Organization")
                     for w in words(p.name1) + words(p.name2)
                     if w.isascii() and w.isalpha() and len(w) >= 4 and w.upper() not in word_df})  # fmt: skip
    legal_words = {w.upper() for t in TYPES["types"] for f in t["forms"] for w in words(ascii_text(f) or "")}
    near = process.cdist(donors, [*word_df, *legal_words], scorer=OSA.distance, score_cutoff=1, dtype=np.int8,
                         workers=1)  # fmt: skip
    donors = [w for w, row in zip(donors, near) if not (row <= 1).any()]
    made = 0
    while made < per_category:
        wa = words(rng.choice(companies).name)
        target = min(range(len(wa)), key=lambda i: (not wa[i].isalpha(), word_df[wa[i].upper()]))
        if word_df[wa[target].upper()] > 3:
            continue
        wa[target] = rng.choice(donors)
        name = " ".join(wa)
        toks = simple_tokens(name)
        if any(toks <= s for s in listed_sets):
            continue
        add("swapped_company", None, name, "company", name)
        made += 1

    indexed = Watchlist(
        entries=[_without_alias(e, held_out.get(e.entry_id)) for e in entries], issues=wl.issues, files=wl.files
    )
    return indexed, queries


# Words that give no initial to an acronym, on the benchmark's side (independent of the matcher's
# own lists): particles of the languages SDN company names are written in.
ACRONYM_SKIPPED = {"of", "the", "and", "for", "in", "de", "del", "la", "el", "al", "y", "i", "et", "und", "von"}


def build_acronym_queries(watchlist: Watchlist, n: int = 400, seed: int = 1) -> list[Query]:
    """Queries naming a listed company by the acronym of part of its name, the rest written
    out (ISIS-WA for ISIS-West Africa), and the same names with random capitals in its place.

    * acronym (positive): 2-4 adjacent words of a company's primary name, none a particle, a
      legal-form word (fingerprints' forms) or a number, replaced by their initials; the rest of
      the name keeps a word that is neither;
    * random_letters (negative): as many random capitals instead. The rest of the name may still
      match the entry by itself, so a false hit is one explained as an acronym.
    Found as in build_sdn_benchmark: the entry, or one holding a name with the source's words."""
    rng = random.Random(seed)
    # A form's words with and without their dots (L.L.C. is written LLC as often).
    forms = [(ascii_text(f) or "").lower() for t in TYPES["types"] for f in t["forms"]]
    legal = {w for f in forms for w in re.findall(r"[a-z0-9]+", f) + re.sub(r"[^a-z0-9 ]", "", f).split()}
    holders: dict[frozenset[str], set[str]] = {}
    for e in watchlist.entries:
        for name in e.names:
            holders.setdefault(simple_tokens(name), set()).add(e.entry_id)
    companies = [e for e in watchlist.entries if e.kind == "company"]
    rng.shuffle(companies)
    queries: list[Query] = []
    for e in companies:
        ws = re.findall(r"[A-Za-z0-9]+", e.name)
        if len(queries) >= 2 * n or len(ws) < 3:
            continue
        size = rng.randint(2, min(4, len(ws) - 1))
        start = rng.randrange(len(ws) - size + 1)
        run, rest = ws[start : start + size], ws[:start] + ws[start + size :]
        plain = lambda w: w.isalpha() and w.lower() not in ACRONYM_SKIPPED | legal  # noqa: E731
        if not all(plain(w) for w in run) or not any(plain(w) for w in rest):
            continue
        acronym = "".join(w[0] for w in run).upper()
        letters = "".join(rng.choice("ABCDEFGHIJKLMNOPRSTUVWY") for _ in acronym)
        accept = frozenset({e.entry_id} | holders.get(simple_tokens(e.name), set()))
        for category, short, expected in (("acronym", acronym, e.entry_id), ("random_letters", letters, "")):
            name = " ".join(ws[:start] + [short] + ws[start + size :])
            queries.append(Query(f"{category}-{len(queries)}", "all", category, name, "company", expected,
                                 accept if expected else frozenset()))  # fmt: skip
    return queries


class _ListedWords:
    """Whether a listed name holds every word of a name, a word of four letters or more also
    when spelled one letter apart (Yevgeniya / Evgeniya, Ahmadi / Ahmad): the typo and spelling
    positives differ by that much, so a negative that close is a listed name, not a near-miss."""

    def __init__(self, listed_sets: list[frozenset[str]]):
        self.names_of: dict[str, set[int]] = {}
        for i, words_of in enumerate(listed_sets):
            for w in words_of:
                self.names_of.setdefault(w, set()).add(i)
        self.vocabulary = list(self.names_of)

    def holds(self, tokens: frozenset[str]) -> bool:
        common = None
        for token in tokens:
            near = [token] if len(token) < 4 else [w for w, _, _ in process.extract(
                token, self.vocabulary, scorer=OSA.distance, score_cutoff=1, limit=None)]  # fmt: skip
            names = set().union(*(self.names_of.get(w, set()) for w in near))
            common = names if common is None else common & names
            if not common:
                return False
        return bool(common)


def _without_alias(entry: WatchlistEntry, alias: str | None) -> WatchlistEntry:
    if alias is None:
        return entry
    return WatchlistEntry(**{**entry.__dict__, "aliases": tuple(a for a in entry.aliases if a != alias)})


def is_spelling_of(alias: str, other: str, exact: bool = False) -> bool:
    """A respelling, not a cover name or another name: the words pair up one to one with close
    letters (ratio >= 60: Daqqou / Dago, Abu Khanif / Abu Khalif), in any order, with at most
    one word left over (a dropped or added part; none if ``exact``). 'Arch Construction' is not
    a respelling of 'Arch Company', nor 'Diriye, Abu' of 'Diriye, Ahmed'."""
    a, b = (re.findall(r"[^\W_]+", n.lower()) for n in (alias, other))
    if a == b:
        return False
    pairs = sorted(((fuzz.ratio(x, y), i, j) for i, x in enumerate(a) for j, y in enumerate(b)), reverse=True)
    used_a, used_b = set(), set()
    for ratio, i, j in pairs:
        if ratio >= 60 and i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    return len(a) + len(b) - len(used_a) - len(used_b) <= (0 if exact else 1)


def to_arabic_script(name: str, transliterator) -> str:
    """Latin -> Arabic letters as Arabic is written: article joined, initial vowel as alif,
    a doubled consonant once (the shadda mark is left out), long vowels as letters, short
    vowels (ICU's vowel marks) left out."""
    name = re.sub(r"\b[ae]l[- ](?=\w)", "ال", name.lower())
    name = re.sub(r"(?<![\w'])([aeiou])", "ا", name)
    name = re.sub(r"([b-df-hj-np-tv-z])\1", r"\1", name)
    for latin, arabic in ARABIC_DIGRAPHS:
        name = name.replace(latin, arabic)
    name = re.sub(r"(?<=\w)([aeiouy])\b", lambda m: ARABIC_FINAL_VOWELS[m.group(1)], name)
    script = transliterator.transliterate(name)
    return "".join(ch for ch in unicodedata.normalize("NFD", script) if not unicodedata.combining(ch))


def typo(name: str, rng: random.Random) -> str:
    ws = words(name)
    idx = rng.choice([i for i, w in enumerate(ws) if len(w) >= 5])
    w = ws[idx]
    pos = rng.randrange(1, len(w) - 1)
    op = rng.choice(("sub", "del", "ins", "swap"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if op == "sub":
        w = w[:pos] + letter + w[pos + 1 :]
    elif op == "del":
        w = w[:pos] + w[pos + 1 :]
    elif op == "ins":
        w = w[:pos] + letter + w[pos:]
    else:
        w = w[: pos - 1] + w[pos] + w[pos - 1] + w[pos + 1 :]
    ws[idx] = w
    return " ".join(ws)


def respell(name: str, rng: random.Random) -> str:
    ws = words(name)
    idx = rng.choice([i for i, w in enumerate(ws) if len(w) >= 5])
    w = ws[idx].lower()
    vowels = [i for i, ch in enumerate(w) if ch in VOWELS and i > 0]
    if vowels and rng.random() < 0.6:
        i = rng.choice(vowels)
        w = w[:i] + rng.choice([v for v in VOWELS if v != w[i]]) + w[i + 1 :]
    else:
        doubled = [i for i in range(1, len(w)) if w[i] == w[i - 1]]
        if doubled:
            i = rng.choice(doubled)
            w = w[:i] + w[i + 1 :]
        else:
            i = rng.choice([i for i in range(1, len(w)) if w[i] not in VOWELS] or [1])
            w = w[:i] + w[i] + w[i:]
    ws[idx] = w.upper() if ws[idx].isupper() else w.title()
    return " ".join(ws)


def move_legal_form(name: str) -> str | None:
    """'LIMITED LIABILITY COMPANY X' -> 'X LIMITED LIABILITY COMPANY', and back."""
    upper = name.upper()
    for pattern, _ in LEGAL_REWRITES:
        for found in re.finditer(pattern, upper):
            start, end = found.span()
            rest = (upper[:start] + upper[end:]).strip(" ,")
            if not rest:
                continue
            if start == 0:
                return f"{rest} {found.group(0).strip()}"
            if end >= len(upper.rstrip(" .,")):
                return f"{found.group(0).strip()} {rest}"
    return None


def legal_rewrite(name: str, rng: random.Random) -> str | None:
    upper = name.upper()
    options = [(p, r) for p, r in LEGAL_REWRITES if re.search(p, upper)]
    if not options:
        return None
    pattern, replacement = rng.choice(options)
    if rng.random() < 0.3:
        replacement = ""  # left out altogether
    out = re.sub(pattern, replacement, upper, count=1)
    out = re.sub(r"\s+", " ", out).strip(" ,")
    return out if out and out != upper.strip() else None
