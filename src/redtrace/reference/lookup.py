"""Questions the detectors ask of the reference tables.

HS codes and NACE codes arrive in many spellings ("7603.10", "760310", "47.42", "4742"); places
arrive with or without Turkish letters and in any case ("SANLIURFA", "Şanlıurfa"). Everything is
normalised here so each detector does not reinvent it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache

from redtrace.reference.load import _read

# Letters that Unicode decomposition leaves alone but people drop when typing without them.
_PLAIN = str.maketrans({"ı": "i", "ø": "o", "đ": "d", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "ʼ": "'"})


def fold(text: str | None) -> str:
    """Lower-case ASCII words separated by single spaces: 'Şanlıurfa / Akçakale' -> 'sanliurfa akcakale'."""
    if not text:
        return ""
    s = unicodedata.normalize("NFKD", str(text).casefold().translate(_PLAIN))
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[a-z0-9]+", s))


def digits(code: str | None) -> str:
    """An HS or NACE code as bare digits ('7603.10' -> '760310')."""
    return re.sub(r"\D", "", str(code or ""))


# ---------------------------------------------------------------- HS codes

@lru_cache(maxsize=1)
def _controlled() -> dict[str, dict]:
    return {r["hs_prefix"]: r for r in _read("controlled_goods").to_dict("records")}


def controlled_category(hs_code: str | None) -> dict | None:
    """The controlled-goods row with the longest ``hs_prefix`` that starts ``hs_code``, else None."""
    code = digits(hs_code)
    table = _controlled()
    for n in range(len(code), 1, -1):
        row = table.get(code[:n])
        if row is not None:
            return dict(row)
    return None


# ---------------------------------------------------------------- NACE

@lru_cache(maxsize=1)
def _nace() -> dict[str, str]:
    return {r["code"]: r["title"] for r in _read("nace_classes").to_dict("records")}


def nace_code(code: str | None) -> str | None:
    """Canonical NACE Rev. 2 spelling: '4742' -> '47.42', 'g' -> 'G', '47.42.1' -> '47.42'; None if unusable."""
    raw = str(code or "").strip().upper()
    if len(raw) == 1 and raw.isalpha():
        return raw
    d = digits(raw)
    if len(d) < 2:
        return None
    d = d[:4]  # national subclasses (5th digit and beyond) refine a NACE class
    return d if len(d) == 2 else f"{d[:2]}.{d[2:]}"


def nace_title(code: str | None) -> str | None:
    """Title of a NACE Rev. 2 section, division, group or class; None if the code is not in NACE Rev. 2."""
    key = nace_code(code)
    return _nace().get(key) if key else None


# ---------------------------------------------------------------- indicators

@lru_cache(maxsize=1)
def _indicators() -> dict[str, dict]:
    return {r["id"].upper(): r for r in _read("indicators").to_dict("records")}


def indicator(indicator_id: str) -> dict:
    """The red-flag indicator ``indicator_id`` (e.g. 'CAR20-01'); KeyError naming close ids if unknown."""
    table = _indicators()
    key = str(indicator_id).strip().upper()
    if key in table:
        return dict(table[key])
    near = difflib.get_close_matches(key, table, n=3)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    raise KeyError(f"unknown indicator id {indicator_id!r} (see reference/data/indicators.csv){hint}")


# ---------------------------------------------------------------- places

@lru_cache(maxsize=1)
def _places() -> list[tuple[dict, tuple[str, ...]]]:
    out = []
    for r in _read("places").to_dict("records"):
        names = [r["region"], *r["aliases"].split(";")] if r["region"] else []
        out.append((r, tuple(n for n in dict.fromkeys(fold(x) for x in names) if n)))
    return out


def place_risk(country: str | None, place: str | None = None) -> list[dict]:
    """High-risk place rows for an ISO country code and free text naming a region, district or city.

    Whole-country rows (empty ``region``) always apply to their country; a regional row applies when
    one of its names appears as whole words in ``place``, whatever the case or diacritics. Rows come
    heaviest ``weight`` first.
    """
    cc = str(country or "").strip().upper()
    text = f" {fold(place)} "
    hits = [
        dict(row)
        for row, names in _places()
        if row["country"] == cc and (not names or any(f" {n} " in text for n in names))
    ]
    return sorted(hits, key=lambda r: -r["weight"])


# ---------------------------------------------------------------- business fit

@lru_cache(maxsize=1)
def _prior() -> list[tuple[str, str, dict]]:
    rows = [(digits(r["nace_prefix"]), digits(r["hs_prefix"]), r) for r in _read("activity_goods_prior").to_dict("records")]
    # The most specific goods code wins (drones over 7 kg are not shop stock even where small drones
    # are); among rows for the same goods, the most specific activity wins (47.76 garden shops may
    # sell fertiliser although retail as a whole does not).
    return sorted(rows, key=lambda t: (-len(t[1]), -len(t[0])))


def activity_fit(nace: str | None, hs_code: str | None) -> dict | None:
    """The most specific prior row saying whether activity ``nace`` plausibly buys ``hs_code``, else None."""
    n, h = digits(nace_code(nace)), digits(hs_code)
    if not n or not h:
        return None
    for np, hp, row in _prior():
        if n.startswith(np) and h.startswith(hp):
            return dict(row)
    return None
