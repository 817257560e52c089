"""Match keys for party names, phones, e-mails, addresses and registration ids.

Entity resolution compares keys, not raw text: a key removes the differences that do not change
who a party is (script, accents, case, punctuation, legal form, word order). The name keys live
here, in one module, so they can be swapped for `redtrace.names` without touching the model.

Speed matters (a million names must take seconds, not minutes): ASCII names take a pure-regex
path; only names that are still non-ASCII after accent folding go through ICU transliteration.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rigour.names import remove_org_types, replace_org_types_compare
from rigour.text import ascii_text

# Letters that accent folding (NFKD) leaves alone but that users drop when typing on an
# English keyboard: Turkish dotless i, Nordic/German ligatures and strokes.
_FOLD = str.maketrans({"ı": "i", "İ": "i", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "þ": "th", "ð": "d"})

# Legal forms and the filler words that go with them. They say how a company is registered,
# not which company it is ("Ozturk Kimya San. ve Tic. Ltd. Sti." = "Öztürk Kimya Limited Şirketi").
LEGAL_FORM_TOKENS = frozenset(
    """
    ltd limited llc llp lp plc inc incorporated corp corporation co company cie
    gmbh mbh ag kg ug ohg ev sa sas sarl sl srl spa sro bv nv oy ab as asa aps
    sti sirketi sirket anonim limitet ve tic ticaret san sanayi dis
    ooo oao zao pao pjsc jsc ojsc cjsc tov pp
    fze fzco fzc fzllc dmcc est establishment wll spc
    pte pty bhd sdn kk kabushiki kaisha yk
    and the of
    """.split()
)

# Arabic name particles that transliterations attach, detach or drop ("Al-Ahmad", "Alahmad", "Ahmad").
_PARTICLES = ("al", "el", "ul", "bin", "ibn", "abu", "bint")

# Spelt-out forms rigour reads only in part: it finds "sirketi" (-> "sti") in "Anonim Şirketi",
# which is "A.Ş.", and "limitada" (-> "ltd", leaving "sociedad" in the name) in "Sociedad
# Limitada", which is the "sociedad de responsabilidad limitada" it knows as "srl".
_SPELT_OUT = {"anonim sirketi": "a.s.", "sociedad limitada": "sociedad de responsabilidad limitada"}
_SPELT_OUT_RE = re.compile(r"\b(" + "|".join(_SPELT_OUT) + r")\b")

# The Gulf's legal forms as Arabic names abbreviate them, which rigour does not know: ش.ذ.م.م
# (sharika dhat mas'uliya mahduda, LLC), م.م.ح (mu'assasa mintaqa hurra, FZE), ش.م.ح (sharika
# mintaqa hurra, FZCO).
_ARABIC_FORMS = {"ش.ذ.م.م": "llc", "ش.م.ح": "fzco", "م.م.ح": "fze"}
_ARABIC_FORMS_RE = re.compile("|".join(re.escape(f) for f in _ARABIC_FORMS))

# "A.Ş." and "S.A." are one word each: drop the dot between single letters before splitting.
_ACRONYM_DOT = re.compile(r"\b([a-z])\.(?=[a-z]\b)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_VOWELS = re.compile(r"[aeiouy]+")
_DOUBLES = re.compile(r"(.)\1+")
_DIGITS = re.compile(r"\D+")


@lru_cache(maxsize=200_000)
def to_ascii(text: str) -> str:
    """Lower-case ASCII: accents folded, other scripts transliterated (ICU only when needed)."""
    text = text.translate(_FOLD)
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if not text.isascii():
        text = ascii_text(text)
    return text.lower()


def _analyse(name: str) -> tuple[list[str], str | None]:
    """Words of a name (ASCII, legal forms removed, order kept) and its legal form: one pass of
    the folding and of rigour's legal-form search serves both."""
    if "\u0645" in name:  # the Arabic letter mim, in each of the Gulf's legal forms
        name = _ARABIC_FORMS_RE.sub(lambda m: _ARABIC_FORMS[m.group(0)], name)
    text = to_ascii(name).replace("'", "")
    text = _SPELT_OUT_RE.sub(lambda m: _SPELT_OUT[m.group(1)], text)
    if "." in text:
        text = _ACRONYM_DOT.sub(r"\1", text)
    # rigour knows legal forms in many languages ("sociedad anonima", "sp. z o.o."); the token
    # list below catches the abbreviations and fillers it leaves.
    stripped = _NON_WORD.sub(" ", remove_org_types(text)).split()
    tokens = stripped or _NON_WORD.sub(" ", text).split()
    kept = [t for t in tokens if t not in LEGAL_FORM_TOKENS]
    kept_set = set(stripped)
    forms = [t for t in _NON_WORD.sub(" ", replace_org_types_compare(text)).split() if t not in kept_set]
    # A name made only of legal-form words ("Trading Company Ltd") keeps them rather than vanish.
    # One form token: "Ltd. Şti." and "Limited Şirketi" spell the same form with a different tail.
    return kept or tokens, min(forms) if forms else None


def name_tokens(name: str | None) -> list[str]:
    """Words of a name in ASCII, legal forms removed, order kept."""
    return _analyse(name)[0] if name else []


def _key(tokens: list[str]) -> str | None:
    return " ".join(sorted(tokens)) or None


def name_key(name: str | None) -> str | None:
    """Normalised name with words sorted, so reordered names compare equal."""
    return _key(name_tokens(name))


# Words repeat across names far more than names repeat (given names, trade words).
@lru_cache(maxsize=200_000)
def _skeleton_token(token: str) -> str:
    for particle in _PARTICLES:
        if token.startswith(particle) and len(token) > len(particle) + 2:
            token = token[len(particle):]
            break
    token = token.replace("kh", "h").replace("ph", "f").replace("q", "k").replace("ou", "u")
    head, tail = token[0], _VOWELS.sub("", token[1:])
    return _DOUBLES.sub(r"\1", head + tail)


def _skeleton(tokens: list[str]) -> str | None:
    skeleton = sorted(s for s in (_skeleton_token(t) for t in tokens if t not in _PARTICLES) if s)
    return " ".join(skeleton) or None


def name_skeleton(name: str | None) -> str | None:
    """Consonant skeleton of the name, words sorted.

    Transliterations of one Arabic, Persian or Cyrillic name differ mostly in vowels, doubled
    letters and detached particles ("Mohammed Al-Ahmad" / "Muhammad Alahmad" / "mhmd alahmd"):
    all three give "ahmd mhmd". Typos in vowels collapse the same way.
    """
    return _skeleton(name_tokens(name))


def name_keys(name: str | None) -> tuple[str | None, str | None, str | None]:
    """`name_key`, `name_skeleton` and the legal form of one name from one analysis.

    The legal form is the one a company name carries, in one spelling ("Limited" and "Ltd." ->
    "ltd"; "Sociedad Anónima" -> "sa"), or None. Two records of one company rarely disagree on
    it; two namesake companies ("Birmingham Trading Ltd" / "Birmingham Trading LLP") often do."""
    if not name:
        return None, None, None
    tokens, form = _analyse(name)
    return _key(tokens), _skeleton(tokens), form


# Scripts without vowels (Arabic, Persian): ICU's reading of them ("ly abrahym thman") is far
# from any Latin spelling ("Ali Ibrahim Othman"), so their names get a second key, read the way
# the name matcher reads them (redtrace.names: article taken off, ta marbuta and alif maqsura
# voiced, digraphs folded, consonant skeleton per word).
ABJAD = re.compile(r"[\u0590-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Words apart in an abjad name, and its particles (bin, bint, ibn, abu), which Latin spellings
# attach, detach or drop.
_WORD_SPLIT = re.compile(r"[\s.,;:()\"'«»/-]+")
_ABJAD_PARTICLES = frozenset({"بن", "بنت", "ابن", "أبو", "ابو"})


def is_abjad(name: str | None) -> bool:
    return bool(name) and ABJAD.search(name) is not None


@lru_cache(maxsize=200_000)
def _reading_token(token: str) -> str:
    from redtrace.names.normalize import skeleton

    return skeleton(token)


def name_reading(name: str | None, tokens: list[str] | None = None) -> list[str] | None:
    """The names matcher's consonant skeletons of a name's words, sorted, particles and legal
    forms left out: "Ali Ibrahim Othman" and "علي إبراهيم عثمان" both read ["brhm", "l", "tmn"].
    Latin names are read from the resolver's words (cheap, cached per word); names in an abjad
    by `redtrace.names.normalize.abjad_skeleton`, the matcher's reading of an abjad word (the
    article taken off, ta marbuta and alif maqsura voiced, digraphs folded).
    `tokens`: the Latin name's `name_tokens`, where the caller has them already."""
    if not name:
        return None
    if is_abjad(name):
        from redtrace.names.normalize import abjad_skeleton

        name = _ARABIC_FORMS_RE.sub(lambda m: " " + _ARABIC_FORMS[m.group(0)], name)
        words = []
        for word in _WORD_SPLIT.split(name.casefold()):
            if not word or word in _ABJAD_PARTICLES:
                continue
            if ABJAD.search(word):
                words.append(abjad_skeleton(word))
            elif (latin := _NON_WORD.sub("", to_ascii(word))) and latin not in LEGAL_FORM_TOKENS and latin not in _PARTICLES:
                words.append(_reading_token(latin))
    else:
        words = [_reading_token(t) for t in (name_tokens(name) if tokens is None else tokens) if t not in _PARTICLES]
    return sorted({w for w in words if w}) or None


def name_keys_and_reading(name: str | None) -> tuple[str | None, str | None, str | None, list[str] | None]:
    """`name_keys` and `name_reading` from one analysis."""
    if not name:
        return None, None, None, None
    tokens, form = _analyse(name)
    reading = name_reading(name, tokens=tokens)
    return _key(tokens), _skeleton(tokens), form, reading


def phone_key(phone: str | None) -> str | None:
    """The last nine digits: the subscriber number survives every way of writing the country
    and trunk prefix (+90 414 ..., 0090 414 ..., 0414 ...)."""
    if not phone:
        return None
    digits = _DIGITS.sub("", phone)
    return digits[-9:] if len(digits) >= 7 else None


def email_key(email: str | None) -> str | None:
    if not email or "@" not in email:
        return None
    return email.strip().lower()


def website_key(website: str | None) -> str | None:
    """The host without scheme, "www." and path: "https://www.acme.co.uk/contact" = "acme.co.uk"."""
    if not website:
        return None
    host = _URL_PREFIX.sub("", website.strip().lower()).split("/")[0].split("?")[0].split(":")[0]
    return host if "." in host else None


_URL_PREFIX = re.compile(r"^(?:[a-z]+://)?(?:www\d?\.)?")


def registration_key(reg: str | None) -> str | None:
    if not reg:
        return None
    key = _NON_WORD.sub("", to_ascii(reg))
    return key.lstrip("0") or None


def city_key(city: str | None) -> str | None:
    if not city:
        return None
    return " ".join(_NON_WORD.sub(" ", to_ascii(city)).split()) or None


def address_key(address: str | None, postal_code: str | None = None) -> str | None:
    """Address words in ASCII (order kept: "12 Baker St" is not "Baker St 12"), plus postcode."""
    if not address:
        return None
    text = _ORDINAL.sub(r"\1", _NON_WORD.sub(" ", to_ascii(address)))
    words = []
    for w in text.split():
        # German compounds: "Mirastraße 184" = "Mira Str. 184" = "Mirastr. 184".
        m = _STREET_COMPOUND.fullmatch(w)
        if m:
            words += [m.group(1), "st"]
        elif w not in _ADDRESS_FILLER:
            words.append(_STREET_ABBREV.get(w, w))
    if postal_code:
        pc = _NON_WORD.sub("", to_ascii(postal_code))
        if pc and pc not in words:
            words.append(pc)
    return " ".join(words) or None


# Street-type words people abbreviate; the key uses the short form.
_STREET_ABBREV = {
    "street": "st", "str": "st", "strasse": "st", "road": "rd", "avenue": "ave", "av": "ave",
    "boulevard": "blvd", "lane": "ln", "square": "sq", "building": "bldg", "floor": "fl",
    "suite": "ste", "number": "no", "caddesi": "cad", "cd": "cad", "cadde": "cad",
    "sokak": "sk", "sokagi": "sk", "mahallesi": "mah", "mh": "mah",
    # Unit words as customer files and registers abbreviate them ("Off. 14, Bahnhof Twr, Fl 22",
    # "Rm 30, 17/F", "Kat 3 Daire 7" / "K.3 D.7").
    "room": "rm", "office": "off", "tower": "twr", "f": "fl", "apartment": "apt", "kat": "k", "daire": "d",
    "centre": "ctr", "center": "ctr", "drive": "dr", "place": "pl", "court": "ct",
}
# Words that carry no address ("No. 12" = "12").
_ADDRESS_FILLER = frozenset({"no", "nr"})
# "17th floor" = "17/F": ordinal suffixes on numbers.
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b")
_STREET_COMPOUND = re.compile(r"([a-z]{3,})(?:strasse|str)")
