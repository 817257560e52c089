"""Turn a raw name into comparable tokens.

rigour does the heavy lifting: Unicode normalisation, casefolding, honorific and article removal,
legal-form canonicalisation (``Limited Şirketi`` -> ``ltd``, ``ООО`` -> ``ooo``, both of class
LLC), and tagging of name parts with symbols from its Wikidata-derived name data (``Mohamed``,
``Muhammad`` and ``محمد`` share a symbol; so do ``trading`` and ``ticaret``). On top of that each
token gets:

* a Latin form - rigour's own transliteration where it has one (Cyrillic, Greek, Turkish
  letters...), ICU's ``Any-Latin`` via normality for abjad scripts (Arabic, Persian), whose
  output is vowel-less;
* a consonant *skeleton*, so that vowel-less abjad transliterations (``mhmd``) meet their
  vocalised Latin renderings (``Mohammed`` -> ``mhmd``);
* a role, which sets how much the token counts: a name part, a particle (al, bin, abu, abd...),
  a generic organisation word (company, trading, group...), a legal form, or an initial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import unicodedata

from fingerprints.types.data import TYPES
from normality import ascii_text, latinize_text
from rapidfuzz.distance import OSA
from rigour.names import (
    NamePartTag,
    NameTypeTag,
    analyze_names,
    extract_org_types,
    remove_obj_prefixes,
    remove_org_prefixes,
    remove_person_prefixes,
    replace_org_types_compare,
    tokenize_name,
)
from rigour.text import metaphone
from rigour.text.translit import maybe_ascii

# Role of a token in a name; the matcher weighs roles differently.
NAME, PARTICLE, GENERIC, LEGAL, INITIAL = "name", "particle", "generic", "legal", "initial"

_TYPE_TAG = {
    "person": NameTypeTag.PER,
    "company": NameTypeTag.ORG,
    "vessel": NameTypeTag.OBJ,
    "aircraft": NameTypeTag.OBJ,
}
_ABJAD = re.compile(r"[\u0590-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Before ICU: ta marbuta is spoken 'a' at the end of a word (Usama, Fatima), so is alif maqsura
# (Mustafa, Yahya), and the Persian zero-width non-joiner (خامنه‌ای) only shapes letters, it
# does not split the word.
_ABJAD_PREP = str.maketrans({"\u0629": "\u0627", "\u0649": "\u0627", "\u200c": None})
# In organisation names, words rigour files as generic symbols (company, trading, group), business
# domains (bank, shipping) or places (Istanbul, Cuba) say little about which organisation it is.
_GENERIC_ORG_CATEGORIES = {"SYMBOL", "DOMAIN", "LOC"}
_ARABIC_ARTICLE = "\u0627\u0644"
_NOT_LETTER = re.compile(r"[^a-z0-9]+")
# Skeleton: Latin spellings of one Arabic/Persian sound that differ only by these (kh/k, q/k,
# sh/s, ou/u, doubled letters) are treated as one.
# Russian дж is written dzh (BGN/PCGN, ALA-LC d͡zh, OFAC), dj (French) or j (English): Dzhabrail /
# Jabrail, Gadzhiyev / Gadjiev, and in Russian renderings of English words the j of a soft g
# (Dzheneral, Lodzhistiks, Menedzhment); no other spelling writes dzh.
_DIGRAPHS = re.compile(r"dzh|(?<=[kstdgcz])h|h$|ph|q|c|z|x")
_ABJAD_DIGRAPHS = re.compile(r"h$|q|c|z|x")
_DIGRAPH_MAP = {"dzh": "j", "ph": "f", "q": "k", "c": "k", "z": "s", "x": "ks"}
# WORD_ALIF stands for an alif inside a compound's letters that may be any vowel (see
# compound_written_apart): a vowel to the skeleton.
WORD_ALIF = "\x02"
_VOWELS = re.compile(r"[aeiouyw\x02]")
# The Latin words of the legal forms fingerprints knows (limited, liability, company, joint,
# stock, sociedad...). A typo in one of them keeps rigour from seeing the legal form, and leaves
# an ordinary-looking word that counts against the match.
_LEGAL_WORD_SET = frozenset(w for t in TYPES["types"] for f in t["forms"]
                            for w in re.findall(r"[a-z]+", (ascii_text(f) or "").lower()) if len(w) >= 5)  # fmt: skip
# Each legal-form word under itself and its one-letter deletions (SymSpell): a word one edit
# away shares one of these keys with it, so candidates are found by lookups, not a scan.
_LEGAL_DELETIONS: dict[str, set[str]] = {}
for _w in _LEGAL_WORD_SET:
    for _key in {_w, *(_w[:i] + _w[i + 1 :] for i in range(len(_w)))}:
        _LEGAL_DELETIONS.setdefault(_key, set()).add(_w)
_REPEATS = re.compile(r"(.)\1+")


@dataclass(frozen=True, slots=True)
class Token:
    form: str  # as written, casefolded (any script); what explanations show
    latin: str  # ASCII Latin transliteration, letters and digits only
    skeleton: str  # consonant skeleton of `latin`
    phonetic: str  # metaphone of `latin`
    symbols: frozenset[str]  # rigour symbols this token carries alone (name variants, org classes)
    role: str
    abjad: bool  # written in a script without vowels, so only the skeleton is reliable
    # The skeleton read the other way round the Arabic article: a Latin 'Almadani' without its
    # 'al', an Arabic 'المدني' with it, a Latin 'Abd' with the article that follows it (Abdul),
    # a Latin 'Abdul' without it (عبد). Whether 'al' is the article or part of the name
    # ('Alireza', 'Alikhani') is not written, and lists write the article joined or apart.
    article_skeleton: str = ""
    # The Latin form with romanisation conventions folded (doubled letters, kh / h, q / k, c / k,
    # z / s, y / i inside a word): two words with the same `spelled` differ only by convention.
    spelled: str = ""
    # Has a vowel; a Latin word without one is an abbreviation (FRD, KRDV), not a spelling.
    voiced: bool = True
    # The skeleton of the word read as another romanisation would write it (see
    # other_romanisation): Chekri -> skr, as Shekry; '' when no other reading differs.
    other_skeleton: str = ""


@dataclass(frozen=True, slots=True)
class NameForm:
    original: str
    tokens: tuple[Token, ...]

    @property
    def key(self) -> str:
        return " ".join(t.latin for t in self.tokens)


def reorder_comma_name(name: str) -> str:
    """SDN persons are 'FAMILY, Given': put them in reading order so forms compare alike."""
    head, sep, tail = name.partition(",")
    if sep and tail.strip() and "," not in tail:
        return f"{tail.strip()} {head.strip()}"
    return name


@lru_cache(maxsize=200_000)
def skeleton(latin: str, abjad: bool = False) -> str:
    # In Latin spellings kh, sh, th, dh, gh and a final h spell one sound, and romanisations
    # disagree on them; elsewhere (Hasan, Ahmad, Mohamed) h is a consonant. Abjad
    # transliterations mark their digraphs themselves (see _latin), so every h they keep is real.
    s = (_ABJAD_DIGRAPHS if abjad else _DIGRAPHS).sub(lambda m: _DIGRAPH_MAP.get(m.group(0), ""), latin)
    # A word-initial y or w is a consonant (Yahya, Walid); vowels elsewhere are unreliable.
    head = s[:1] if s[:1] not in "aeiou" else ""
    return _REPEATS.sub(r"\1", head + _VOWELS.sub("", s[len(head) :]))


# The Arabic article, written apart with the vowel as heard (al, el, ul), or assimilated to a sun
# letter that follows it as it is spoken (ad-Din, ar-Rahman, as-Sayyid, ash-Shami, az-Zahra).
_ARTICLE = re.compile(r"[aeiou](?:l|([dnrstz])h?)")
_SUN_LETTERS = "dnrstz"


# A letter standing alone, a full stop and a space before another letter and full stop: 's. a.'.
_SPACED_LETTERS = re.compile(r"(?<!\S)([^\W\d_]\.) (?=[^\W\d_]\.)")
# A letter and a full stop followed by another letter standing alone: 'm.m.', 'a.l.'.
_DOTTED_INITIALS = re.compile(r"\b([^\W\d_]\.)(?=[^\W\d_]\b)")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def letter_for_letter(name: str) -> str | None:
    """A name in Cyrillic letters read back one letter for one (ISO 9, as ICU's Cyrillic-Latin),
    or None for a name without any. Latin names are written in Cyrillic letter by letter (Цлосед
    Йоинт-Стоцк Цомпаны, Тхе Оксытецх), and read back so they are the Latin name again
    (Closed Joint-Stock Company, The Oxytech); a Russian name is romanised otherwise (Щербаков,
    Shcherbakov), which `analyze` does, so this is a second reading, never the only one."""
    return ascii_text(name) if CYRILLIC.search(name) else None


def joined_with_article(first: str, article: str, word: str) -> tuple[str, ...]:
    """How three words with the article in the middle read written as one (Abd al-Aziz /
    Abdelaziz, Nur ad-Din / Nureddin), or () when the middle word is no article. Joined, the
    article before a sun letter is often written as spoken: Abd al-Rahman / Abdurrahman."""
    found = _ARTICLE.fullmatch(article)
    # An assimilated article doubles the letter it precedes; otherwise it is a word (in, at, as).
    if found is None or not word or (found.group(1) is not None and not word.startswith(article[1:])):
        return ()
    if found.group(1) is None and word[0] in _SUN_LETTERS:
        return first + article + word, first + article[0] + word[0] + word
    return (first + article + word,)


def compound_written_apart(first: Token, second: Token) -> tuple[str, ...]:
    """Two adjacent Arabic-script words read as one word (their Latin letters), or () unless
    both are. Arabic and Persian script write a compound's parts apart as often as joined
    (زاده, پور, الله as words of their own: متالبی زاده, مرادی پور, جاد الله), where Latin
    lists write one word (Motallebizadeh, Moradipour, Jadallah). The article that Arabic
    script joins to the second word is read with it (عبد القادر: Abdulqader), or, before a sun
    letter, as that letter (نصر الدين: Nasruddin).
    Script writes every consonant, so these are the name's own, not a respelling's: three are
    enough to say which name it is (جاد الله, Jadallah), fewer are any short word's."""
    if not (first.abjad and second.abjad):
        return ()
    # The alif that begins the second word, and the article's, carry whatever vowel is heard,
    # as at the start of a word (عبد الإله, Abdulilah; عبد العزيز, Abdulaziz): WORD_ALIF.
    rest = WORD_ALIF + second.latin[1:] if second.latin[0] == "a" else second.latin
    readings = (first.latin + WORD_ALIF + "l" + rest,) if second.article_skeleton else ()
    if not second.article_skeleton or second.latin[0] in _SUN_LETTERS:
        # Before a sun letter the article's l is spoken as that letter (Nasruddin).
        readings += (first.latin + rest,)
    return tuple(r for r in readings if len(skeleton(r, True)) >= 3)


@lru_cache(maxsize=200_000)
def fold(latin: str, abjad: bool = False) -> str:
    """The skeleton's spelling rules with the vowels kept: what an abjad word's letters (its
    consonants and long vowels) are compared with."""
    s = (_ABJAD_DIGRAPHS if abjad else _DIGRAPHS).sub(lambda m: _DIGRAPH_MAP.get(m.group(0), ""), latin)
    return _REPEATS.sub(r"\1", s)


def abjad_skeleton(word: str) -> str:
    """The consonant skeleton `analyze` gives one word written in an abjad (Arabic, Persian),
    its joined article taken off, without rigour's name tagger (whose data take seconds to load):
    for callers that want only the word's reading (the resolver's cross-script key)."""
    latin, abjad, _ = _latin(word.casefold(), None)
    return skeleton(latin, abjad)


@lru_cache(maxsize=200_000)
def _latin(form: str, ascii_hint: str | None) -> tuple[str, bool, bool]:
    """ASCII form, whether the word is abjad, and whether a joined article was taken off."""
    if ascii_hint:
        return _NOT_LETTER.sub("", ascii_hint), False, False
    abjad = bool(_ABJAD.search(form))
    if not abjad:
        return _NOT_LETTER.sub("", (ascii_text(form) or "").lower()), False, False
    # Two letters after the article are a whole root's worth in an abjad (السد, al-Assad).
    article = form.startswith(_ARABIC_ARTICLE) and len(form) >= 4
    if article:
        # The article is written joined to the word (الظواهري); Latin renderings drop it or
        # split it off (al-Zawahiri, Zawahiri), where it is a particle that counts for little.
        form = form[len(_ARABIC_ARTICLE) :]
    # ICU marks the h of a digraph letter (خ -> kẖ) apart from a real ه (ت + ه -> th): keep
    # the distinction by dropping the marked h before folding to ASCII.
    text = unicodedata.normalize("NFD", latinize_text(form.translate(_ABJAD_PREP)))
    text = text.replace("h\u0331", "")
    return _NOT_LETTER.sub("", (ascii_text(text) or "").lower()), True, article


def analyze(name: str, kind: str = "unknown") -> NameForm:
    """Tokens of one name; ``kind`` is a watchlist kind (person, company, vessel, ...).

    The whole-name rewrites (honorifics, articles, multi-word legal forms such as 'limited
    liability company' -> 'llc') run on the full string in rigour's Rust core; each word is
    then analysed once per process and cached, which is what makes bulk matching cheap.
    """
    type_tag = _TYPE_TAG.get(kind, NameTypeTag.ENT)
    text = (reorder_comma_name(name) if kind == "person" else name).casefold()
    if type_tag == NameTypeTag.PER:
        # Initials written together are one word to the tokenizer (FRIDMAN M.M., A.L. Fawaz):
        # each is an initial of its own.
        text = _DOTTED_INITIALS.sub(r"\1 ", remove_person_prefixes(text))
    elif type_tag == NameTypeTag.OBJ:
        text = remove_obj_prefixes(text)
    else:
        # A legal form spelled as its romanisation reads (ограниченнои for ограниченной,
        # сиркети for Şirketi) is known to rigour only in Latin letters: such a name is
        # compared in them.
        # Letters of an abbreviated form are spaced as often as not (S. A., S. A. S.), which
        # rigour knows only unspaced.
        text = _SPACED_LETTERS.sub(r"\1", text)
        latin = maybe_ascii(text)
        if latin != text and latin.isascii() and _legal_words(latin) > _legal_words(text):
            text = latin
        text = remove_org_prefixes(_with_legal_forms(_unglued_legal_words(text)))
    words = tokenize_name(text)
    tokens = _assimilated_articles([t for word in words if (t := _word_token(word, type_tag)) is not None])
    if type_tag in (NameTypeTag.ORG, NameTypeTag.ENT):
        # Words of a multi-word legal form ('pte ltd') are legal only together.
        legal = {w for _, form in extract_org_types(text) for w in tokenize_name(form)}
        if legal:
            tokens = [replace(t, role=LEGAL) if t.form in legal and t.role != LEGAL else t for t in tokens]
        tokens = _unrecognised_legal_form(tokens)
        tokens = _regional_legal_forms(tokens)
    elif type_tag == NameTypeTag.OBJ:
        tokens = [_numeral(t, i == 0) for i, t in enumerate(tokens)]
    return NameForm(name, tuple(tokens))


# Ships of one name are numbered, in Roman or Arabic numerals as the owner or the register
# pleases (MARIA III, MARIA 3).
_ROMAN = {r: str(n) for n, r in enumerate(
    "i ii iii iv v vi vii viii ix x xi xii xiii xiv xv xvi xvii xviii xix xx".split(), start=1)}


def _numeral(token: Token, first: bool) -> Token:
    """A vessel's Roman number as its Arabic one. A name's first word is a letter or a name
    (V Star, Xi An) unless it is a numeral no language writes as a word (II Hero)."""
    number = _ROMAN.get(token.latin)
    if number is None or (first and (len(token.latin) == 1 or token.latin in ("vi", "xi"))):
        return token
    return replace(token, latin=number, skeleton=number, phonetic=number, spelled=number, role=NAME, voiced=True)


def _assimilated_articles(tokens: list[Token]) -> list[Token]:
    """The Arabic article written apart as spoken before a sun letter (Ar-Rawi, as-Sayyid,
    ash-Shami, ud-Din, ur-Rahman) is the article, a particle as al is (AL-RAWI): only before a
    word that begins with its letter, as the assimilation doubles it (an English 'As Company'
    stays a word). Not ed: Ed is also a given name (Ed Davies)."""
    return [replace(t, role=PARTICLE) if _assimilated_article(t, following) else t
            for t, following in zip(tokens, tokens[1:] + [None])]  # fmt: skip


def _assimilated_article(token: Token, following: Token | None) -> bool:
    found = _ARTICLE.fullmatch(token.latin)
    return (found is not None and found.group(1) is not None and following is not None and token.role == NAME
            and token.latin != "ed" and following.latin.startswith(token.latin[1:]))  # fmt: skip


# Legal forms rigour does not know, common on sanctions lists, with the class of the forms
# they are: the single-member SARL and SAS of OHADA's 17 African states and France (SARLU, SASU;
# Belgium's and Congo's SPRLU), the Gulf's W.L.L. (with limited liability), OFAC's Latin TOO for
# Kazakhstan's ТОО (limited liability partnership; rigour knows the Cyrillic) and South Asia's
# Pvt (private limited: Pvt Ltd, 22 names on the 2024 SDN list). Left as name words they weigh
# as distinctive words, and a party written without them (MIDAS RESOURCES for MIDAS RESSOURCES
# SARLU) loses its match.
_REGIONAL_LEGAL_FORMS = {"sarlu": "LLC", "sasu": "LLC", "sprlu": "LLC", "wll": "LLC", "too": "LLP", "pvt": "LLC"}


def _with_legal_forms(text: str) -> str:
    """Legal forms replaced by rigour's compare forms, first as written (fingerprints' own
    spelling of a form, ogranichennoj, is one letter from the usual one, ogranichennoy, which
    rigour knows and the repair would otherwise spoil), then with one-letter typos in their
    words corrected: every typo at once, unless correcting one word alone makes more of a form
    rigour knows (Ofshchestvo s Ogranichennoi Otvetstvennostyu, where correcting all would spoil
    ogranichennoi), or a word is one letter from two legal words (radpundere: raspundere,
    rasdpundere)."""
    text = replace_org_types_compare(text)
    repaired = _repair_legal_words(text)
    words = text.split()
    alone = [" ".join(words[:i] + [fix] + words[i + 1 :]) for i, word in enumerate(words)
             for fix in sorted(_legal_typos(word)) if _correctable(words, i, fix)]  # fmt: skip
    best = max([repaired, *alone], key=_form_words) if alone else repaired
    return replace_org_types_compare(best) if best != text else text


def _form_words(text: str, written_out: bool = False) -> int:
    """Words of ``text`` in legal forms rigour knows; ``written_out``: only forms of five letters
    or more, not abbreviations."""
    total = 0
    for form, _ in extract_org_types(text):
        words = tokenize_name(form)
        if not written_out or len("".join(words)) >= 5:
            total += len(words)
    return total


def _unglued_legal_words(text: str) -> str:
    """A legal-form word written together with its neighbour (LIMITEDLIABILITY COMPANY, JOINT
    STOCKCOMPANY, COMPANYLOGISTIC) split off, when the split makes a legal form rigour knows."""
    words = text.split(" ")
    known = None
    for i, word in enumerate(words):
        if len(word) < 8 or not word.isalpha() or word in _LEGAL_WORD_SET:
            continue
        for k in range(3, len(word) - 2):
            if word[:k] in _LEGAL_WORD_SET or word[k:] in _LEGAL_WORD_SET:
                split = " ".join(words[:i] + [word[:k], word[k:]] + words[i + 1 :])
                known = _legal_words(text) if known is None else known
                if _legal_words(split) > known:
                    return _unglued_legal_words(split)
    return text


def _legal_words(text: str) -> int:
    """Words of ``text`` in legal forms rigour knows written out, as written or with typos
    corrected (see _with_legal_forms). Abbreviations do not count: rigour knows Russian ones in
    Cyrillic (ООО, АО), and a Cyrillic abbreviation that only its romanisation makes a legal
    form (ИК, investment company, as the German IK) is a coincidence."""
    return max(_form_words(t, written_out=True) for t in (text, _repair_legal_words(text)))


def _regional_legal_forms(tokens: list[Token]) -> list[Token]:
    """Mark the legal forms above as such. Never a name's first word (Too as a name), and only
    in organisation names (the caller's)."""
    out = tokens[:1]
    for token in tokens[1:]:
        form = _REGIONAL_LEGAL_FORMS.get(token.latin)
        if form is not None and token.role != LEGAL:
            token = replace(token, role=LEGAL, symbols=token.symbols | {f"ORGCLS:{form}"})
        out.append(token)
    return out


def _unrecognised_legal_form(tokens: list[Token]) -> list[Token]:
    """Mark as legal a run of legal-form words that rigour did not recognise as one form,
    spelled in a way it does not know or out of order (Obshestvo s Ogranichennoj
    Otvetstvennostyu; Obshchestvo Publichnoe Aktsionernoe). Otherwise such a name's legal form
    counts as its distinctive words, while the same form, recognised in another name, is one
    light legal token. The run needs a long word not in rigour's generic vocabulary, so that
    'General Capital International' stays as it is."""
    legalish = [t.role != LEGAL and (len(t.latin) == 1 or _near_legal_word(t.latin)) for t in tokens]
    out = list(tokens)
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and legalish[j]:
            j += 1
        run = tokens[i:j]
        words = [t for t in run if len(t.latin) > 1]
        if len(words) >= 2 and any(t.role == NAME and len(t.latin) >= 9 for t in words):
            out[i:j] = [replace(t, role=LEGAL) for t in run]
        i = j + 1
    return out


def _repair_legal_words(text: str) -> str:
    """Correct one-letter typos in legal-form words ('liabiliy', 'compny' -> 'company'). A short
    word is only corrected next to another legal-form word ('joiqnt stock'), since 'expert' is
    also one letter from 'export'."""
    words = text.split()
    fixed = [_legal_typo(w) for w in words]
    if not any(fixed):
        return text
    return " ".join(repair if repair and _correctable(words, i, repair) else word
                    for i, (word, repair) in enumerate(zip(words, fixed)))  # fmt: skip


def _correctable(words: list[str], i: int, repair: str) -> bool:
    """Whether words[i] may be corrected to ``repair``: a long legal-form word anywhere, a short
    one only next to another legal-form word."""
    near = words[max(i - 1, 0) : i] + words[i + 1 : i + 2]
    return len(repair) >= 7 or any(n in _LEGAL_WORD_SET for n in near)


@lru_cache(maxsize=200_000)
def _near_legal_word(word: str) -> bool:
    """A legal-form word, one letter from one, or one inflected (otvetstvennost-yu)."""
    if word in _LEGAL_WORD_SET or any(word[:k] in _LEGAL_WORD_SET for k in range(9, len(word))):
        return True
    keys = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))} if len(word) >= 5 else set()
    return any(OSA.distance(word, w) <= 1 for k in keys for w in _LEGAL_DELETIONS.get(k, ()))


def _legal_typo(word: str) -> str | None:
    """The legal-form word one edit away from ``word``, if exactly one is."""
    found = _legal_typos(word)
    return next(iter(found)) if len(found) == 1 else None


@lru_cache(maxsize=200_000)
def _legal_typos(word: str) -> frozenset[str]:
    """The legal-form words one edit away from ``word`` (a word of five letters or more that is
    not one itself)."""
    if len(word) < 5 or word in _LEGAL_WORD_SET or not (word.isascii() and word.isalpha()):
        return frozenset()
    keys = {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
    return frozenset(w for k in keys for w in _LEGAL_DELETIONS.get(k, ()) if OSA.distance(word, w) <= 1)


@lru_cache(maxsize=500_000)
def _word_token(word: str, type_tag: NameTypeTag) -> Token | None:
    names = analyze_names(type_tag, [word], infer_initials=type_tag == NameTypeTag.PER, consolidate=False, rewrite=False)
    if not names:
        return None
    parsed = next(iter(names))
    if not parsed.parts:
        return None
    part = parsed.parts[0]
    latin, abjad, article = _latin(part.form, part.ascii)
    if not latin:
        return None
    if article:
        article_skeleton = skeleton("al" + latin, True)
    elif not abjad and len(latin) >= 6 and latin[:2] in ("al", "el"):
        article_skeleton = skeleton(latin[2:])
    elif not abjad and latin == "abd":
        # 'Abd (servant of) is followed by the article and one of God's names, and the two are
        # written apart or joined, with the vowel as heard: Abd al-Haq, Abdul Haq, Abdel Haq.
        article_skeleton = skeleton(latin + "al")
    elif not abjad and latin[:3] == "abd" and _ARTICLE.fullmatch(latin[3:]):
        # ... and Abdul, Abdel, Abdur are that 'Abd with the article written together, where
        # Arabic script writes عبد apart and the article joined to the next word (عبد القادر,
        # Abdul Qader; عبد الرحمن, Abdur Rahman): read without it, the word is عبد.
        article_skeleton = skeleton(latin[:3])
    else:
        article_skeleton = ""
    categories = set()
    symbols = set()
    for span in parsed.spans:
        if len(span.parts) == 1 and span.parts[0].index == part.index:
            categories.add(span.symbol.category.value)
            symbols.add(f"{span.symbol.category.value}:{span.symbol.id}")
    return Token(
        form=part.form,
        latin=latin,
        skeleton=skeleton(latin, abjad),
        phonetic=metaphone(latin.replace("dzh", "j")) if not latin.isdigit() else latin,
        symbols=frozenset(symbols),
        role=_role(part.tag, categories, type_tag, latin),
        abjad=abjad,
        article_skeleton=article_skeleton,
        spelled=_spelled(latin),
        voiced=any(ch in "aeiouy" for ch in latin),
        other_skeleton=skeleton(other) if not abjad and (other := other_romanisation(latin)) else "",
    )


# Letters another romanisation of the same Arabic or Persian word writes otherwise (see
# other_romanisation). A word that starts qi is pinyin (Qian, Qing), whose q is no Arabic letter.
_OTHER_READING = re.compile(r"^ou(?=[aeiy])|dj|ch|gh|(?!^qi)q|v(?=[aeiouy])")
_OTHER_LETTERS = {"ou": "w", "dj": "j", "ch": "sh", "gh": "q", "q": "g", "v": "w"}


def other_romanisation(latin: str) -> str | None:
    """The Latin word as another romanisation of the same name would write it:

    * French and the romanisations of the Maghreb, Lebanon and Syria write ش as ch and ج as dj
      (Chekri / Shukri, Cham / Sham, Djamel / Jamal), and a w before a vowel at the start of a
      word as ou (Oualid / Walid, Ouazzani / Wazzani, Ouattara / Wattara);
    * ق is spoken g in Libya, the Gulf, Sudan, Yemen and much of rural Egypt, and written so
      (Gaddafi / Qadhafi, Gargash / Qarqash): a q may be a g;
    * in Persian ق and غ are one sound, romanised q or gh alike (Ghasem / Qasem, Gholam /
      Qolam, Ghalibaf / Qalibaf): a gh may be a q;
    * Persian speaks و before a vowel as v and romanisations of Persian write it so (Mousavi,
      Javad, Parviz, Safavi), where Arabic ones write w (Musawi, Jawad, Parwiz, Safawi): a v
      before a vowel may be a w, and in Persian script it is the و that Arabic script writes
      as a long vowel or w. After a vowel Persian و is ow or u (Khosrow), not v, so a v that
      ends a syllable (Petrov, Ivanov) keeps its one reading.

    Elsewhere ch is its own sound (Chavez) or kh (Michail), gh is silent (Hugh) and q is pinyin's
    ch (Qian), so this is an alternative reading, never the only one."""
    if not _OTHER_READING.search(latin):
        return None
    return _OTHER_READING.sub(lambda m: _OTHER_LETTERS[m.group(0)], latin)


@lru_cache(maxsize=200_000)
def spelled_other_way(latin: str) -> str:
    """`spelled` of the other romanisation's reading, or '' when there is none."""
    other = other_romanisation(latin)
    return _spelled(other) if other else ""


def _spelled(latin: str) -> str:
    # ch is its own sound in most romanisations (Cho is not Ko), and z is not s in the languages
    # whose names are most often romanised (Zaid is not Said); fold would read them as k and s.
    folded = fold(latin.replace("dzh", "j").replace("ch", "\x00").replace("z", "\x01"))
    return folded[:1] + folded[1:].replace("y", "i")


# Religious and scholarly titles of Muslim names in Afghanistan, Pakistan, Iran and Central Asia,
# which lists write as part of the name (YAQUB, Muhammad Qari Maulana; Mullah Omar) and a party
# or a register often leaves out, as rigour's own particles Haji and Sheikh: mullah, mawlawi /
# maulvi (a scholar), maulana (our master), qari (a reciter of the Quran), mufti (a jurist),
# ustad (teacher), ayatollah and hojatoleslam (Shia ranks). Hafiz, Imam, Sayyid and Amir are
# left out: each is also a given name (Hafez al-Assad).
_TITLES = frozenset({
    "mullah", "mulla", "mollah", "molla", "mawlawi", "mawlavi", "maulvi", "maulavi", "molvi", "moulvi",
    "mowlavi", "maulana", "mawlana", "moulana", "qari", "mufti", "ustad", "ustadh", "ostad", "ayatollah",
    "ayatullah", "hojatoleslam", "hojjatoleslam",
})  # fmt: skip


def _role(tag: NamePartTag, categories: set[str], type_tag: NameTypeTag, latin: str) -> str:
    if tag == NamePartTag.LEGAL or "ORGCLS" in categories:
        return LEGAL
    if type_tag == NameTypeTag.PER and len(latin) == 1:
        # A letter alone in a person's name is an initial (KESAEV I. A.), even one that is a
        # word elsewhere (rigour files 'a' and Spanish 'y', which joins two family names, as
        # stop words): as an initial left over, 'y' costs what a particle would.
        return INITIAL
    if tag == NamePartTag.STOP:
        return PARTICLE
    if type_tag == NameTypeTag.PER:
        # Person-name symbols are particles: bin, abu, abd al, sheikh.
        if "SYMBOL" in categories or latin in _TITLES:
            return PARTICLE
        return INITIAL if len(latin) == 1 else NAME
    if categories & _GENERIC_ORG_CATEGORIES:
        return GENERIC
    if len(latin) == 1 and "INITIAL" in categories:
        return INITIAL
    return NAME
