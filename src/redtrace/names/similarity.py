"""How alike two name tokens are, and why, in words a reviewer understands."""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA
from rigour.text import metaphone

from redtrace.names.normalize import (
    CYRILLIC,
    INITIAL,
    LEGAL,
    WORD_ALIF,
    Token,
    fold,
    other_romanisation,
    skeleton,
    spelled_other_way,
)

# Why two tokens were aligned; the matcher turns these into explanations.
EXACT, VARIANT, TRANSLIT, SPELLING, SOUND, INITIAL_OF, LEGAL_FORM, JOINED, ACRONYM, ROMANISED, INITIALS = (
    "exact", "name variant", "transliteration", "spelling", "sounds alike", "initial",
    "legal form", "written together", "acronym", "romanisation", "initials",
)  # fmt: skip
REASON_TEXT = {
    EXACT: "=",
    VARIANT: "~ {} (name variant)",
    TRANSLIT: "~ {} (transliteration)",
    SPELLING: "~ {} (spelling, {:.0%})",
    SOUND: "~ {} (sounds alike)",
    INITIAL_OF: "~ {} (initial)",
    LEGAL_FORM: "~ {} (same legal form)",
    JOINED: "~ {} (written together)",
    ROMANISED: "~ {} (another romanisation: ch = sh, dj = j, q = g, gh = q, ou = w, v = w)",
}

# Below this two tokens are different words, not variants of one.
MIN_TOKEN_SIM = 0.7
# Below this likeness, two words two or more consonants apart are different words.
TWO_EDITS_MIN = 0.8
# An initial and a word it starts: evidence, not a spelling.
INITIAL_SIM = 0.8


# Which Latin letters an abjad transliteration's letter can stand for: alif, waw and ya are
# long vowels (or w, y), the other letters consonants.
_WRITTEN_AS = {"a": "ae", "w": "uow", "y": "iey", WORD_ALIF: "aeiou"}
# A word that starts with a vowel starts with an alif in Arabic and Persian script, whatever the
# vowel (the hamza's mark, usually left out, says which): اسامة Usama / Osama, ابراهيم Ibrahim,
# امید Omid. Elsewhere an alif is a long a.
_INITIAL_ALIF = "aeiou"


def _written_in(abjad: str, latin: str) -> bool:
    """Every letter of the abjad word appears, in order, in the Latin word (_letters_in). An alif
    that begins the word before و or ي is the seat of a hamza, and the long vowel it carries may
    be all a rendering writes of the two (أوديه Odeh, أور the ur of Inayat-ur-Rehman, أول the ul
    of Hameed-ul), as well as the a it also is (Awdah, Aws)."""
    return _letters_in(abjad, latin) or (abjad[:2] in ("aw", "ay") and _letters_in(abjad[1:], latin))


def _letters_in(abjad: str, latin: str) -> bool:
    """Every letter of the abjad word appears, in order, in the Latin word. The skeleton reads
    z as s, as Latin spellings of one name do (Zawahiri / Sawahiri are not, but dh / z / s
    renderings of ذ, ث and ظ are); the abjad word says which it is, and no romanisation writes
    س as z or ز as s (اسما fits Usama, not Ozmai)."""
    letters = iter(fold(latin.replace("z", "\x01")))
    written = fold(abjad.replace("z", "\x01"), True)
    head = _INITIAL_ALIF if written[:1] == "a" else _WRITTEN_AS.get(written[:1], written[:1])
    return any(ch in head for ch in letters) and all(
        any(ch in _WRITTEN_AS.get(w, w) for ch in letters) for w in written[1:])


_VOWEL_RUN = re.compile(r"[aeiou]+")
# Arabic has three vowels, a, i and u, long or short, and Persian six; romanisations write what
# the transcriber heard: u as o or ou (Osama / Usama, Mahmoud / Mahmud, Haroon / Harun), a long
# vowel doubled or not (Saad / Sad), and a or i as e (Ahmed / Ahmad, Hamed / Hamid).
_VOWEL_SOUND = {"a": "a", "aa": "a", "i": "i", "ee": "i", "ii": "i", "u": "u", "o": "u", "ou": "u", "oo": "u", "uu": "u"}
# A run of vowel letters is one or more vowels: Fuad is u then a (a hamza between them), which
# French writes Fouad, ou then a.
_VOWEL_UNIT = re.compile(r"aa|ee|ii|oo|ou|uu|[aeiou]")


def _vowels_heard_alike(a: str, b: str) -> bool:
    """The same consonants in the same places, each vowel one a romanisation could write for the
    other's: Osama / Usamah, Abou / Abu, Saed / Saad, Fouad / Fuad. Not Amir / Omar (a is not u),
    nor Sami / Asma (the vowels are not where they were)."""
    if a == b or _VOWEL_RUN.split(a) != _VOWEL_RUN.split(b):
        return False
    return all(x == y or _run_heard_as(x, y) for x, y in zip(_VOWEL_RUN.findall(a), _VOWEL_RUN.findall(b)))


def _run_heard_as(x: str, y: str) -> bool:
    if _heard_as(x, y, schwa=True):
        return True
    # Two vowels in a row (a hamza or ayn between them) are each heard as written: Saud is not
    # Saed (Sa'id).
    units_x, units_y = _VOWEL_UNIT.findall(x), _VOWEL_UNIT.findall(y)
    return len(units_x) == len(units_y) > 1 and all(u == v or _heard_as(u, v) for u, v in zip(units_x, units_y))


def _heard_as(x: str, y: str, schwa: bool = False) -> bool:
    """An e is an a or an i heard another way; a lone e between consonants (``schwa``) is also
    the short u the Maghreb's French romanisation hears unstressed as e (Youssef / Yusuf,
    Younes / Yunus), but not a long one (ou, oo)."""
    sx, sy = _VOWEL_SOUND.get(x), _VOWEL_SOUND.get(y)
    if sx is not None and sx == sy:
        return True
    return _heard_as_e(x, y, sy, schwa) or _heard_as_e(y, x, sx, schwa)


def _heard_as_e(e: str, other: str, sound: str | None, schwa: bool) -> bool:
    return e == "e" and (sound in ("a", "i") or (schwa and other in ("u", "o")))


def _article_reading(q: Token, c: Token) -> bool:
    """Same consonants once one side's 'al' is read the other way (المدني / Almadani)."""
    return bool(q.article_skeleton) and q.article_skeleton == c.skeleton or (
        bool(c.article_skeleton) and c.article_skeleton == q.skeleton)


def written_as(abjad: str, latin: Token) -> bool:
    """The abjad letters ``abjad`` (an abjad word's Latin form) write the Latin word: the same
    consonants, and every letter they write, long vowels included, in it in order, as written
    or as another romanisation reads it (شاهوار پور / Shahvarpour, و read v). Consonants alone
    are too loose for words joined: سوسان ليلا has Sanaullah's (s-n-l)."""
    sound = skeleton(abjad, True)
    if sound == latin.skeleton and _written_in(abjad, latin.latin):
        return True
    return sound == latin.other_skeleton and _written_in(abjad, other_romanisation(latin.latin))


def _read_otherwise(abjad: Token, latin: Token) -> bool:
    """The Latin word's other romanisation has the abjad word's consonants: two or more, or one
    when the abjad word's every letter is in that reading (داود / Davoud, اقا / Agha), as for
    one consonant read as written. Checked before the one-consonant rule, since the other
    reading may have more consonants than the word as written: ch folds to one letter with
    its vowels (Chouka -> k), its reading has two (شوكة, Shouka -> sk)."""
    if len(abjad.skeleton) >= 2:
        return True
    return bool(abjad.skeleton) and _written_in(abjad.latin, other_romanisation(latin.latin))


def _legal_form(t: Token) -> bool:
    """A legal form, as against a word taken for one only because it looks like a legal form's
    word (Корпоратион, read korporation, beside a listed 'Corporation'): that one is compared
    as the word it is."""
    return t.role == LEGAL and (any(s.startswith("ORGCLS:") for s in t.symbols) or not t.voiced or len(t.latin) < 4)


def token_similarity(q: Token, c: Token) -> tuple[float, str]:
    """Similarity in [0, 1] and the reason; below MIN_TOKEN_SIM the tokens do not align."""
    if q.latin == c.latin:
        return 1.0, EXACT
    if _legal_form(q) or _legal_form(c):
        # Legal forms only ever align with legal forms: "LLC" ~ "OOO" (both class LLC).
        if q.role == c.role and q.symbols & c.symbols:
            return 0.95, LEGAL_FORM
        return 0.0, ""
    if q.symbols & c.symbols:
        return 0.95, VARIANT
    if q.role == INITIAL or c.role == INITIAL:
        if q.role != c.role and q.latin[0] == c.latin[0]:
            return INITIAL_SIM, INITIAL_OF
        return 0.0, ""
    if q.abjad or c.abjad:
        # Abjad script writes consonants and long vowels, not short vowels: consonant skeletons
        # are comparable, and the word fits a Latin rendering best when every letter it writes,
        # long vowels included, is there in order (منا / Muna, not Amin; علي / Ali, not Al).
        abjad, latin = (q, c) if q.abjad else (c, q)
        fits = q.abjad != c.abjad and _written_in(abjad.latin, latin.latin)
        read_otherwise = latin.other_skeleton == abjad.skeleton != latin.skeleton
        if q.abjad != c.abjad and read_otherwise and _read_otherwise(abjad, latin):
            # شكري / Chekri: ش written ch, سافاوی / Safavi: و read v (0.85, as a same-consonants
            # transliteration).
            return 0.85, ROMANISED
        if min(len(q.skeleton), len(c.skeleton)) < 2:
            # One consonant (علي / Ali, شاه / Shah): evidence only if the whole word fits.
            return (0.85, TRANSLIT) if fits and q.skeleton == c.skeleton else (0.0, "")
        if q.skeleton == c.skeleton or (q.abjad != c.abjad and _article_reading(q, c)):
            if fits:
                return 0.92, TRANSLIT
            # Same consonants but a long vowel the other does not have (محمود / Mohammed).
            return (0.85 if len(q.skeleton) >= 3 else 0.7), TRANSLIT
        sim = OSA.normalized_similarity(q.skeleton, c.skeleton)
        return (0.9 * sim, TRANSLIT) if sim >= 0.75 else (0.0, "")
    # OSA counts a swap of neighbouring letters (Jiont, Alhpa) as one edit.
    sim = OSA.normalized_similarity(q.latin, c.latin)
    # The same letters once romanisation conventions are set aside (doubled letters, kh / h,
    # q / k, c / k, z / s, y / i inside a word): Mushtaq / Mustaq, Hamud / Hammud, Mazay / Mazai,
    # and short words and abbreviations too (Co / Ко, VSC / VSK), where one letter is a large
    # share of the word.
    if q.spelled == c.spelled:
        return 0.95, SOUND
    # One side read as another romanisation writes it (Chekri / Shekry, Djamel / Jamal,
    # Qadhafi / Gaddafi, Ghasem / Qasem). ch is also tsh or kh in other romanisations (Chen
    # and Shen are two names), q is pinyin's ch, so this counts as little as an initial:
    # evidence when the rest of the name agrees, not a match alone; a closer spelling counts
    # as what it is.
    other_q, other_c = spelled_other_way(q.latin), spelled_other_way(c.latin)
    if sim < 0.8 and (other_q or other_c) and (other_q in (c.spelled, other_c) or other_c == q.spelled):
        return 0.8, ROMANISED
    # A Latin word without vowels is an abbreviation (FRD, KRDV), not a spelling to sound out.
    if not (q.voiced and c.voiced):
        return sim, SPELLING
    if sim < 0.9 and q.skeleton == c.skeleton and _vowels_heard_alike(q.spelled, c.spelled):
        return 0.9, SOUND
    # Russian writes an English word as it is heard, the soft g as дж and an a often as e:
    # Menedzhment / Management, Lodzhistiks / Logistics, too few letters alike for a spelling.
    # dzh marks a Russian romanisation (see normalize), and metaphone, made for English, hears
    # the English word in it.
    if ("dzh" in q.latin) != ("dzh" in c.latin) and len(q.phonetic) >= 4 and q.phonetic == c.phonetic:
        return max(sim, 0.85), SOUND
    if _heard_as_english(q, c):
        return max(sim, 0.85), SOUND
    if sim < 0.65:
        return _heard_in_another_romanisation(q, c, other_q, other_c, sim)
    same_sound = q.skeleton == c.skeleton or (q.phonetic and q.phonetic == c.phonetic)
    # Same consonants and one letter apart (Vybos / Vaybos, Hamud / Hamid) is the next commonest
    # difference between two romanisations of one name, and counts more than a looser likeness.
    if len(q.skeleton) >= 3 and same_sound:
        return max(sim, 0.9 if OSA.distance(q.latin, c.latin) == 1 else 0.85), SOUND
    return _heard_in_another_romanisation(q, c, other_q, other_c, sim)


def _heard_as_english(q: Token, c: Token) -> bool:
    """A word written in Cyrillic as a Russian hears an English one (Продакшн, Сайентифик,
    Рисёрч, Инжиниринг) against the English word: metaphone, made for English, hears them alike
    once the romanisation's zh and dzh are read as the English j, the y of a soft vowel after a
    consonant (ё, ю, я) is dropped, and a first vowel is any vowel (Эйркрафт / Aircraft)."""
    cyrillic_q, cyrillic_c = bool(CYRILLIC.search(q.form)), bool(CYRILLIC.search(c.form))
    if cyrillic_q == cyrillic_c or not (q.form.isascii() or c.form.isascii()):
        return False
    russian, english = (q, c) if cyrillic_q else (c, q)
    heard = _english_sound(russian.latin, True)
    return len(heard) >= 4 and heard == _english_sound(english.latin, False)


@lru_cache(maxsize=200_000)
def _english_sound(latin: str, russian: bool) -> str:
    if russian:
        latin = _SOFT_VOWEL.sub("", _RUSSIAN_J.sub("j", latin))
    sound = metaphone(latin)
    return "A" + sound[1:] if sound[:1] in "AEIOU" else sound


_RUSSIAN_J = re.compile(r"d?zh")
_SOFT_VOWEL = re.compile(r"(?<=[bcdfgjklmnprstvz])y(?=[aeiou])")


def _consonants(latin: str) -> str:
    """The consonant skeleton with w read as v, as Polish and German write v (Pawlowska /
    Pavlovska, Wagner / Vagner); the skeleton itself keeps w with the vowels for Arabic's و."""
    return skeleton(latin.replace("w", "v"))


def _heard_in_another_romanisation(q: Token, c: Token, other_q: str, other_c: str, sim: float) -> tuple[float, str]:
    """Another romanisation's letters (when one side has them) with a transcriber's vowels (Dago /
    Daqqou: q = g, ou = o), as much as the other romanisation alone; checked last, so a closer
    likeness counts as what it is."""
    if (other_q or other_c) and sim < 0.8 and _vowels_heard_alike(other_q or q.spelled, other_c or c.spelled):
        return 0.8, ROMANISED
    if sim < TWO_EDITS_MIN and OSA.distance(_consonants(q.latin), _consonants(c.latin)) >= 2:
        # Two consonants or more apart is another word, unless the word is long enough for two
        # slips: Komarova / Kosakova, Timchenko / Silchenko are two families. Vowels are how a
        # name was heard (Molawi / Maulawi), a plural how it was filed (Ventuures / venture).
        return 0.0, ""
    return sim, SPELLING

