"""Markings as read in the field, and the forms they are compared in.

A serial plate or a lot stencil photographed on a battlefield is read by a person under bad
conditions. The errors are systematic: characters that look alike swap (O/0, I/1, S/5, B/8, Z/2,
G/6, l/1, D/0, Q/0, A/4, T/7), separators vanish, a prefix is left off, a damaged plate loses
characters at either end. Everything here turns a reading into a form where those errors no
longer matter:

- `canon`: upper-case, accents folded, only letters and digits (separators dropped);
- `skeleton`: `canon` with every look-alike letter replaced by its digit, so 'JT-OOO125' and
  'JT-000125' share the skeleton 'JT000125'.

Errors that are not systematic — one character read wrong, two swapped, one missed or one too
many — are not absorbed: `one_edit_neighbours` lists the markings one such error away, for a
reading that fits no shipped marking of its kind as read, and `one_edit` words the difference.

Seller records (order lines) are taken as correct; only items are misread.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

# Letter -> the digit it is confused with. Mapping letters onto digits (not the other way) keeps
# digit runs intact, so a number read with letters in it still parses as a number.
# Beyond the classic pairs: a transcription typed in lower case writes 'l' for 1 (the same glyph
# in most fonts; upper-cased it is 'L'); a stamped or stencilled 0 whose left side is worn or
# filled with paint reads as D, one with a scratch or a weld spot at its foot as Q; an open-topped
# 4 — the usual stencil and dot-peen form — reads as A; a 7 with a crossbar (as many European
# hands write it) or a worn diagonal reads as T. Digit-for-digit confusions (3/8, 1/7) cannot be
# folded here — they would merge two shipped serials — and are left to one-edit readings.
# Measured on the synthetic catalogues: no two distinct serial prefixes, models or lots of a
# world share a skeleton with these added (a prefix of look-alikes only, 'QD', becomes digits,
# '00', as 'IS' did: still found as a prefix when read with it).
LOOKALIKES = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2", "G": "6",
              "L": "1", "D": "0", "Q": "0", "A": "4", "T": "7"}
_SKELETON_TABLE = str.maketrans(LOOKALIKES)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")


def canon(text: object) -> str:
    """Upper-case letters and digits only; '' for missing values."""
    if text is None or (isinstance(text, float) and text != text):
        return ""
    text = str(text)
    if not text.isascii():  # fold accents only when there are any: most markings are ASCII
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("", text.upper())


def skeleton(text: object) -> str:
    """`canon` with look-alike letters replaced by digits: equal skeletons = same marking as misread."""
    return canon(text).translate(_SKELETON_TABLE)


def text_array(values) -> pa.Array:
    """A column (Arrow, pandas or a sequence) as one Arrow string array, missing values null."""
    text = values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=pa.string(), from_pandas=True)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    return text.cast(pa.string())


def skeletons(values) -> pa.Array:
    """`skeleton` of a whole column at once ('' for missing): Arrow kernels, because catalogues
    index millions of lines. A column of few distinct values (models, serial prefixes) is worked
    out once per value."""
    text = pc.fill_null(text_array(values), "")
    encoded = pc.dictionary_encode(text)
    if 2 * len(encoded.dictionary) < len(text):
        return _skeletons(encoded.dictionary).take(encoded.indices)
    return _skeletons(text)


def _skeletons(text: pa.Array) -> pa.Array:
    """`skeletons` of text without nulls. Accents are folded in Python, only on the rare non-ASCII values."""
    odd = pc.invert(pc.string_is_ascii(text))
    if pc.any(odd).as_py():
        folded = [canon(v) for v in pc.filter(text, odd).to_pylist()]
        text = pc.replace_with_mask(text, odd, pa.array(folded, type=pa.string()))
    text = pc.replace_substring_regex(pc.ascii_upper(text), _NOT_ALNUM.pattern, "")
    for letter, digit in LOOKALIKES.items():
        text = pc.replace_substring(text, letter, digit)
    return text


# Words a field note puts in front of a marking: 'S/N: 0136Z-M', 'Lot no. 2019-130-R', 'Batch
# B230117', '# 4471'. A note word stands apart from the marking (a space, a colon, a point, a dash
# follows it): 'SN2017000236' may be the seller's own prefix, and 'SN 2017...' may be too, so the
# reading with the word is tried as well (`Marking.texts`). Written in RE2's dialect as well as
# Python's: seller records are stripped of the same words with Arrow kernels (`without_notes`).
_NOTE_WORD = (r"(?:serial|ser|s\s?/\s?n|s\.n|sn|nos?|nr|num|number|n°|nº|lot|l\s?/\s?n|batch|b\s?/\s?n"
              r"|charge|los)")
_NOTES = rf"^\s*(?:(?:{_NOTE_WORD}\.?(?:\s*[:#.\-]\s*|\s+))|#\s*)+"
_NOTE = re.compile(_NOTES, re.IGNORECASE)
# Typed without a space ('LOT15082', 'Batch LOT16266'), 'lot' and 'batch' are still the note's:
# no lot code starts with the word. (Letters glued to a serial, 'SN2017...', are a prefix as often.)
_GLUED_NOTE = re.compile(r"^(?:lot|batch)(?=[0-9A-Z])", re.IGNORECASE)
# What a field note writes for characters it could not read: '0913??', 'CM5S/0078_', '0194[..]',
# '…4512', '0113**', '[illegible]'. At an end, it says the marking is cut there.
_ILLEGIBLE = r"(?:\?+|\*+|_+|…+|\.{2,}|\[[^\]]*\]|\((?:illegible|unreadable|[?.…]+)\))"
_LOST_END = re.compile(rf"(?:\s*{_ILLEGIBLE})+\s*$", re.IGNORECASE)
_LOST_START = re.compile(rf"^\s*(?:{_ILLEGIBLE}\s*)+", re.IGNORECASE)
# Fewer characters than this left of a seller's lot without its note word: the word stays.
_MIN_NOTED = 3


@dataclass(frozen=True)
class Marking:
    """A marking as a field note writes it, taken apart: the characters read, the note word in
    front ('S/N:'), and which ends are marked illegible ('start', 'end')."""

    read: str  # as written, illegible marks taken off
    bare: str  # `read` without its note word ('' when there is none)
    note: str
    lost: frozenset[str]

    @property
    def texts(self) -> tuple[str, ...]:
        """The readings worth looking up: without the note word first, then as written."""
        texts: dict[str, str] = {}  # one per distinct characters: '#4471' is looked up once
        for text in (self.bare, self.read):
            if text:
                texts.setdefault(canon(text), text)
        return tuple(texts.values())


@lru_cache(maxsize=100_000)
def marking(raw: str) -> Marking:
    """`raw` (a serial or lot as read in the field) taken apart into a `Marking`."""
    text, lost = raw.strip(), set()
    cut = _LOST_END.search(text)
    if cut and cut.start() > 0:
        text, lost = text[: cut.start()], {"end"}
    note = _NOTE.match(text)
    note_text = note.group(0) if note and note.end() < len(text) else ""
    glued = _GLUED_NOTE.match(text[len(note_text):])
    note_text += glued.group(0) if glued else ""
    rest = text[len(note_text):]
    start = _LOST_START.match(rest)
    if start and start.end() < len(rest):
        rest, lost = rest[start.end():], lost | {"start"}
        text = text[: len(note_text)] + rest
    return Marking(text.strip(), rest.strip() if note_text else "", note_text.strip(), frozenset(lost))


def without_notes(values) -> pa.Array:
    """A column of seller's lots ('LOT 23/117', 'Batch B230117') without the note word in front,
    as field notes are read (`marking`); a lot that would keep fewer than 3 characters keeps it."""
    text = pc.fill_null(text_array(values), "")
    bare = pc.replace_substring_regex(text, "(?i)" + _NOTES, "")
    return pc.if_else(pc.greater_equal(pc.utf8_length(pc.utf8_trim_whitespace(bare)), _MIN_NOTED), bare, text)


@dataclass(frozen=True)
class SerialForm:
    """How a range writes its serials: PREFIX + number (zero-padded) + SUFFIX.

    The split is made on the raw text around its last run of digits, before separators are
    dropped, so a prefix that itself ends in digits ('AB12-000345') keeps them apart from the
    running number.
    """

    prefix: str  # raw prefix as written by the seller, e.g. 'JT-'
    suffix: str  # raw text after the number
    prefix_skeleton: str
    suffix_skeleton: str

    def render(self, number: int, width: int) -> str:
        """The serial of `number`, zero-padded to `width` digits, written the way this range writes them."""
        return f"{self.prefix}{number:0{width}d}{self.suffix}"


def substitutions(read: str, true: str) -> list[str]:
    """Look-alike swaps between a reading and the marking it was matched to, e.g. ['O->0'].

    Both are compared as `canon`; `read` must be aligned with `true` (same length, or `true`
    already cut to the part that was read).
    """
    swaps: dict[str, None] = {}
    for r, t in zip(read, true):
        if r != t:
            swaps[f"{r}->{t}"] = None
    return list(swaps)


_DIGIT_CHARS = "0123456789"
# Letters a skeleton can hold (look-alikes are digits by then): what a prefix letter may be misread as.
_SKELETON_LETTERS = "".join(c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c not in LOOKALIKES)


@lru_cache(maxsize=100_000)
def one_edit_neighbours(skel: str) -> frozenset[str]:
    """Skeletons one reading error away from `skel`: one character read as another, two neighbours
    swapped, one character missed or one read too many. Kept per reading: each ranking pass, and
    a lot's share of unsold neighbours, asks again.

    A digit may be misread as any digit and a letter as any letter (beyond the look-alikes,
    already folded, a worn letter is not taken for a digit); a missed character is tried as a
    digit only: the running number is most of a plate, and a letter missed from a short prefix
    would add 15 lookups per position for the rare reading it explains."""
    out: set[str] = set()
    for i, ch in enumerate(skel):
        for other in (_DIGIT_CHARS if ch.isdigit() else _SKELETON_LETTERS):
            out.add(skel[:i] + other + skel[i + 1 :])
        out.add(skel[:i] + skel[i + 1 :])
        if i + 1 < len(skel):
            out.add(skel[:i] + skel[i + 1] + ch + skel[i + 2 :])
    for i in range(len(skel) + 1):
        out.update(skel[:i] + d + skel[i:] for d in _DIGIT_CHARS)
    out.discard(skel)
    return frozenset(out)


def one_edit(read: str, true: str) -> str:
    """The one reading error between two markings (`canon` forms), in words: "'4' for '6'",
    "'54' for '45', swapped", "'3' too many", "'7' missing". The error is found on their
    skeletons, so look-alike swaps elsewhere in the marking are not taken for it."""
    a, b = read.translate(_SKELETON_TABLE), true.translate(_SKELETON_TABLE)
    if len(a) == len(b):
        at = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        i, j = at[0], at[-1] + 1
        return f"'{read[i:j]}' for '{true[i:j]}'" + (", swapped" if j - i > 1 else "")
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"'{read[i]}' too many" if len(a) > len(b) else f"'{true[i]}' missing"
