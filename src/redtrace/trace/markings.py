"""Markings as read in the field, and the forms they are compared in.

A serial plate or a lot stencil photographed on a battlefield is read by a person under bad
conditions. The errors are systematic: characters that look alike swap (O/0, I/1, S/5, B/8, Z/2,
G/6), separators vanish, a prefix is left off, a damaged plate loses characters at either end.
Everything here turns a reading into a form where those errors no longer matter:

- `canon`: upper-case, accents folded, only letters and digits (separators dropped);
- `skeleton`: `canon` with every look-alike letter replaced by its digit, so 'JT-OOO125' and
  'JT-000125' share the skeleton 'JT000125'.

Seller records (order lines) are taken as correct; only items are misread.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

# Letter -> the digit it is confused with. Mapping letters onto digits (not the other way) keeps
# digit runs intact, so a number read with letters in it still parses as a number.
LOOKALIKES = {"O": "0", "I": "1", "S": "5", "B": "8", "Z": "2", "G": "6"}
_SKELETON_TABLE = str.maketrans(LOOKALIKES)
_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_LAST_DIGITS = re.compile(r"(\d+)(?!.*\d)")


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


def skeleton_series(values: pd.Series) -> pd.Series:
    """`skeleton` of a whole column at once ('' for missing), for indexing many lines fast."""
    text = values.astype("string").fillna("")
    ascii_only = text.map(str.isascii, na_action="ignore").astype(bool)
    if not ascii_only.all():
        text = text.where(ascii_only, text.map(canon))
    return text.str.upper().str.replace(_NOT_ALNUM.pattern, "", regex=True).str.translate(_SKELETON_TABLE).astype(object)


@dataclass(frozen=True)
class SerialForm:
    """A serial split around its last run of digits: PREFIX + number (zero-padded to width) + SUFFIX.

    The split is made on the raw text, before separators are dropped, so a prefix that itself ends
    in digits ('AB12-000345') keeps them apart from the running number.
    """

    prefix: str  # raw prefix as written by the seller, e.g. 'JT-'
    number: int
    width: int  # digits as written, zero padding included
    suffix: str  # raw text after the number
    prefix_skeleton: str
    suffix_skeleton: str

    def render(self, number: int, width: int | None = None) -> str:
        """The serial of `number` written the way this range writes its serials."""
        return f"{self.prefix}{number:0{width or self.width}d}{self.suffix}"


def parse_serial(text: object) -> SerialForm | None:
    if text is None or (isinstance(text, float) and text != text):
        return None
    raw = str(text).strip().upper()
    m = _LAST_DIGITS.search(raw)
    if not m:
        return None
    prefix, suffix = raw[: m.start()], raw[m.end() :]
    return SerialForm(prefix, int(m.group(1)), len(m.group(1)), suffix, _affix_skeleton(prefix), _affix_skeleton(suffix))


# A catalogue's serials share a few prefixes and suffixes: compute each skeleton once.
_affix_skeleton = lru_cache(maxsize=1 << 16)(skeleton)


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
