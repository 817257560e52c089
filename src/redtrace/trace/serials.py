"""Finding the shipped serial ranges a (mis)read serial can fall in, without scanning every line.

Order lines ship ranges `serial_from..serial_to` ('JT-000120'..'JT-000129'; equal for one item).
Each range is parsed into PREFIX + number + SUFFIX and filed in a group keyed by
(prefix skeleton, suffix skeleton, digit width); inside a group, ranges are sorted by their first
number, so "which ranges contain n" or "which ranges overlap [a, b]" is a binary search.

A reading is tried against every way it can have gone wrong, each a separate hypothesis:

- full prefix present (look-alike swaps and dropped separators are absorbed by skeletons);
- zero padding dropped ('JT-125' for 'JT-000125');
- last digits lost ('JT-00012' -> any of JT-000120..JT-000129);
- prefix lost ('000125'), or part of it ('T-000125');
- prefix and last digits lost ('00012' -> JT-00012?);
- leading digits lost as well ('0125' -> any serial ending in 0125).

Hypotheses look up groups by prefix skeleton (or, prefix lost, one merged group per suffix and
width), never by scanning lines. A reading that fits nothing (or no sale of the item's model,
see match.py) is tried one reading error away (`near`): each of its couple of hundred one-edit
neighbours is looked up as a serial read whole or as a bare number, one vectorised binary search
per group they fall in.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from redtrace.trace.markings import (SerialForm, canon, one_edit, one_edit_neighbours, skeleton, skeletons,
                                    substitutions, text_array)

# Fewer digits than this say too little to look anything up on a partial reading.
MIN_PARTIAL_DIGITS = 3
# A shorter reading is one error away from too much of any catalogue to point at a sale.
MIN_EDIT_LENGTH = 5
_DIGITS = re.compile(r"\d+")

# How a reading went wrong, from most to least trustworthy. The factor is how much a match of
# this kind counts relative to reading the serial whole: a partial reading matches by chance
# more easily, so it must not outweigh a complete one.
READING_FACTORS = {
    "whole": 1.0,
    "zero_padding": 0.8,
    "partial_prefix": 0.7,
    "no_prefix": 0.6,
    "truncated_trailing": 0.5,
    "truncated_leading": 0.35,
    "truncated_bare": 0.3,  # prefix and last digits both lost
    # One character wrong, swapped, missed or extra: a reading has a couple of hundred such
    # neighbours, so a misread or an unsold serial lands on a shipped one more easily than a
    # partial reading does, and counts less than any of them.
    "one_edit": 0.2,
}
# The prefix lost as well: two departures from the serial, each as likely as on its own.
READING_FACTORS["one_edit_no_prefix"] = READING_FACTORS["one_edit"] * READING_FACTORS["no_prefix"]


@dataclass
class SerialHit:
    """One order line a serial reading fits, and how it fits."""

    line: int
    reading: str  # which hypothesis: a READING_FACTORS key
    matched: str  # the shipped serial(s) the reading was taken as, e.g. 'JT-000125' or 'JT-00012?'
    consistent: int  # serials of this line the reading fits
    space: int  # serials the reading could stand for at all (10 ** missing digits)
    notes: list[str] = field(default_factory=list)  # dropped dashes, missing prefix, ...
    size: int = 1  # serials the line shipped
    # The look-alike swaps and the line's range as shipped are worded when asked for: a truncated
    # reading fits thousands of lines, and only the few reported are described.
    swaps_of: Callable[[], list[str]] = field(default=list, repr=False)
    range_of: Callable[[], str] = field(default=str, repr=False)

    @functools.cached_property
    def swaps(self) -> list[str]:
        """Look-alike swaps, e.g. ['O->0']."""
        return self.swaps_of()

    @functools.cached_property
    def range_text(self) -> str:
        """The line's range as shipped."""
        return self.range_of()

    @property
    def one_error_away(self) -> bool:
        """Whether the line holds the serial only one reading error away (`SerialIndex.near`)."""
        return self.reading.startswith("one_edit")

    @property
    def pool(self) -> int:
        """Hits whose units compare share a pool: the serials one reading stands for. One-edit hits
        pool apart (negated: their space, the neighbours tried, may equal a truncation's)."""
        return -self.space if self.one_error_away else self.space

    @property
    def strength(self) -> float:
        """How well this reading fits this line, in (0, 1]: which of several readings of one
        line to keep. A partial reading stands for `space` serials; the line shipped `size`; the
        overlap is measured against the smaller of the two. (Ranking lines against each other
        counts the serials they hold instead, `consistent`: see match.py, volume.)"""
        return READING_FACTORS[self.reading] * self.consistent / min(self.space, self.size)

    def describe(self, raw: str) -> str:
        how = ", ".join(self.swaps + self.notes)
        read_as = f" read as '{self.matched}'" + (f" ({how})" if how else "")
        return f"serial '{raw}'{read_as}, inside range {self.range_text}"


class _Group:
    """Ranges sharing prefix, suffix and width; sorted by first number for interval search.

    Held as arrays (first, last, line), not a tuple per range: a catalogue has hundreds of
    thousands of ranges, and the prefix-less groups hold every one of them once more."""

    def __init__(self, suffix_skeleton: str, width: int | None):
        self.suffix_skeleton = suffix_skeleton
        self.width = width  # None: serials are not zero-padded, widths vary
        self._parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.max_span = 0
        self._mod: dict[int, tuple] = {}  # digit count -> interval index of numbers modulo 10**digits

    def add(self, lo: np.ndarray, hi: np.ndarray, line: np.ndarray) -> None:
        """More ranges: numbers lo..hi shipped on `line`."""
        self._parts.append((lo, hi, line))
        self.max_span = max(self.max_span, int((hi - lo).max()))

    def finish(self) -> None:
        lo, hi, line = (np.concatenate(column) for column in zip(*self._parts))
        order = np.lexsort((line, hi, lo))
        self.lo, self.hi, self.line = lo[order], hi[order], line[order]
        self._parts = []

    def _rows(self, at) -> list[tuple[int, int, int]]:
        """(lo, hi, line) of the ranges at positions `at` (a slice or an index array)."""
        return list(zip(self.lo[at].tolist(), self.hi[at].tolist(), self.line[at].tolist()))

    def containing(self, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(which of `numbers`, line) for every range holding one of them: one vectorised search."""
        start = np.searchsorted(self.lo, numbers - self.max_span, side="left")
        count = np.searchsorted(self.lo, numbers, side="right") - start
        which = np.repeat(np.arange(len(numbers)), count)
        at = np.repeat(start - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        inside = self.hi[at] >= numbers[which]
        return which[inside], self.line[at[inside]]

    def overlapping(self, a: int, b: int) -> list[tuple[int, int, int]]:
        """Ranges sharing at least one number with [a, b]."""
        start = int(np.searchsorted(self.lo, a - self.max_span, side="left"))
        stop = int(np.searchsorted(self.lo, b, side="right"))
        return self._rows(start + np.flatnonzero(self.hi[start:stop] >= a))

    def ending_in(self, tail: int, digits: int) -> list[tuple[int, int, int]]:
        """Ranges holding a number whose last `digits` digits are `tail` (lost leading digits).

        Numbers modulo 10**digits turn each range into one or two intervals (or the whole circle
        when the range is that long); they are indexed once per digit count, on first use.
        """
        if digits not in self._mod:
            self._mod[digits] = self._modulo(10**digits)
        starts, ends, rows, full, span = self._mod[digits]
        found = slice(int(np.searchsorted(starts, tail - span, side="left")), int(np.searchsorted(starts, tail, side="right")))
        return self._rows(rows[found][ends[found] >= tail]) + full

    def _modulo(self, modulus: int) -> tuple:
        """(starts, ends, rows, full, span): the ranges shorter than `modulus` as intervals of their
        numbers modulo `modulus`, sorted by (start, end, range), a range that wraps around as two;
        `rows` their positions in the group; `full` the ranges that hold every remainder; `span`
        the longest interval."""
        lo, hi = self.lo, self.hi
        whole = hi - lo + 1 >= modulus
        rows = np.flatnonzero(~whole)
        a, b = lo[rows] % modulus, hi[rows] % modulus
        wraps = a > b
        starts = np.concatenate([a, np.zeros(int(wraps.sum()), dtype=np.int64)])
        ends = np.concatenate([np.where(wraps, modulus - 1, b), b[wraps]])
        rows = np.concatenate([rows, rows[wraps]])
        order = np.lexsort((rows, ends, starts))
        starts, ends, rows = starts[order], ends[order], rows[order]
        span = int((ends - starts).max()) if len(rows) else 0
        return starts, ends, rows, self._rows(np.flatnonzero(whole)), span


class SerialIndex:
    """All shipped serial ranges of a set of order lines, ready for reading lookups."""

    def __init__(self, serial_from, serial_to):
        """`serial_from` / `serial_to`: sequences aligned with the caller's line positions."""
        self._by_prefix: dict[str, list[_Group]] = defaultdict(list)
        self._by_prefix_tail: dict[str, list[_Group]] = defaultdict(list)
        # Prefix lost: every range in one group per (suffix, width), so a bare number is one
        # binary search whatever the number of prefixes.
        self._unprefixed: dict[tuple[str, int | None], _Group] = {}
        # Serials without a number ('ALPHA-X') can only be matched whole.
        self._whole: dict[str, list[int]] = defaultdict(list)
        self._odd_ranges: dict[int, str] = {}  # ranges that are not PREFIX+number+SUFFIX
        self._longest_prefix = 0
        ranges = _parse_ranges(serial_from, serial_to)
        odd = ranges.filter(pc.invert(ranges["regular"]))
        for line, first, last in zip(odd["line"].to_pylist(), odd["first"].to_pylist(), odd["last"].to_pylist()):
            for key in {skeleton(first), skeleton(last)}:
                self._whole[key].append(line)
            self._odd_ranges[line] = f"{first}..{last}"
        regular = ranges.filter(ranges["regular"])
        # How each line writes its serials: one SerialForm per distinct (prefix, suffix), shared;
        # coded with Arrow kernels, not a Python lookup per line.
        prefix, suffix = (pc.dictionary_encode(regular[c].combine_chunks()) for c in ("prefix", "suffix"))
        pair = (prefix.indices.to_numpy(zero_copy_only=False).astype(np.int64) * max(len(suffix.dictionary), 1)
                + suffix.indices.to_numpy(zero_copy_only=False))
        _, first, form_id = np.unique(pair, return_index=True, return_inverse=True)
        shown = regular.select(["prefix", "suffix", "prefix_skeleton", "suffix_skeleton"]).take(first).to_pylist()
        self._forms = [SerialForm(f["prefix"], f["suffix"], f["prefix_skeleton"], f["suffix_skeleton"]) for f in shown]
        size = len(serial_from)
        self._form_id = np.full(size, -1, dtype=np.int32)
        self._lo, self._hi, self._width = (np.zeros(size, dtype=np.int64) for _ in range(3))
        lines = regular["line"].to_numpy()
        self._form_id[lines] = form_id
        for target, column in ((self._lo, "lo"), (self._hi, "hi"), (self._width, "width")):
            target[lines] = regular[column].to_numpy()
        groups = regular.select(["prefix_skeleton", "suffix_skeleton", "width", "lo", "hi", "line"]).to_pandas()
        for (p, sfx, width), rows in groups.groupby(["prefix_skeleton", "suffix_skeleton", "width"], sort=False):
            g = _Group(sfx, None if width < 0 else int(width))
            ranges = tuple(rows[c].to_numpy(dtype=np.int64) for c in ("lo", "hi", "line"))
            g.add(*ranges)
            g.finish()
            self._by_prefix[p].append(g)
            for i in range(1, len(p)):
                self._by_prefix_tail[p[i:]].append(g)
            self._longest_prefix = max(self._longest_prefix, len(p))
            # Unprefixed serials too: a serial that is all digits ('35...' IMEI-like) can still
            # lose its leading digits.
            merged = self._unprefixed.setdefault((sfx, g.width), _Group(sfx, g.width))
            merged.add(*ranges)
        for g in self._unprefixed.values():
            g.finish()
        self._unprefixed_suffixes = sorted({sfx for sfx, _ in self._unprefixed})

    def _form(self, line: int) -> SerialForm:
        """How the line's serials are written (its prefix and suffix as the seller has them)."""
        return self._forms[self._form_id[line]]

    def range_text(self, line: int) -> str:
        """The line's serial range as the seller writes it ('JT-000120..JT-000129')."""
        if line in self._odd_ranges:
            return self._odd_ranges[line]
        lo, hi, width = int(self._lo[line]), int(self._hi[line]), max(int(self._width[line]), 1)
        form = self._form(line)
        return f"{form.render(lo, width)}..{form.render(hi, width)}"

    def lookup(self, reading, lost: frozenset[str] = frozenset()) -> list[SerialHit]:
        """Every line the reading fits, each with the most trustworthy way it fits. `lost`: the
        ends ('start', 'end') the field note marks illegible (`markings.marking`): the reading is
        cut there, so only readings cut at that end are tried (and, an end unmarked, not cut at it)."""
        read_canon, read_skel = canon(reading), skeleton(reading)
        if len(read_skel) < 2:
            return []
        raw = str(reading).strip().upper()
        best: dict[int, SerialHit] = {}

        def keep(hit: SerialHit) -> None:
            if hit.line not in best or hit.strength > best[hit.line].strength:
                best[hit.line] = hit

        for line in self._whole.get(read_skel, []) if not lost else ():
            first, last = self._odd_ranges[line].split("..", 1)
            shipped = first if skeleton(first) == read_skel else last
            keep(SerialHit(line, "whole", shipped, 1, 1, swaps_of=functools.partial(substitutions, read_canon, canon(shipped)),
                           range_of=functools.partial(self.range_text, line)))
        for i in range(len(read_skel) + 1):
            head, rest = read_skel[:i], read_skel[i:]
            for g in self._by_prefix.get(head, []) if "start" not in lost else ():
                self._match(g, read_canon, raw, i, rest, "whole", keep, lost)
            if head:
                for g in self._by_prefix_tail.get(head, []):
                    self._match(g, read_canon, raw, i, rest, "partial_prefix", keep, lost)
        # Prefix lost entirely: the reading is the number (maybe cut) and perhaps the suffix.
        for g in self._unprefixed.values():
            self._match(g, read_canon, raw, 0, read_skel, "no_prefix", keep, lost)
        return sorted(best.values(), key=lambda h: (-h.strength, h.line))

    def near(self, reading) -> list[SerialHit]:
        """Lines holding a serial one reading error away from `reading`, each with the neighbours of
        it that the line shipped.

        Each neighbour is looked up as a serial read whole (prefix, every digit, suffix), or as its
        number with the prefix lost — the two readings that fit one serial; one error on top of a
        truncation would fit too much to point at anything."""
        read_canon, read_skel = canon(reading), skeleton(reading)
        if len(read_skel) < MIN_EDIT_LENGTH:
            return []
        neighbours = sorted(one_edit_neighbours(read_skel))
        found: dict[int, tuple[str, set[int | str]]] = {}  # line -> (reading, its serials one error away)
        for text in neighbours:
            for line in self._whole.get(text, ()):
                found.setdefault(line, ("one_edit", set()))[1].add(text)
        for reading_kind, splits in (("one_edit", self._prefixed), ("one_edit_no_prefix", self._bare)):
            shipped = self._containing(neighbours, splits)
            for line in shipped.keys() - found.keys():
                found[line] = (reading_kind, shipped[line])
        return [self._edit_hit(line, kind, serials, read_canon, len(neighbours)) for line, (kind, serials) in found.items()]

    def _containing(self, texts: list[str], splits) -> dict[int, set[int]]:
        """Line -> the numbers of `texts` it shipped, each text split into groups and numbers by `splits`."""
        numbers: dict[_Group, list[int]] = defaultdict(list)
        for text in texts:
            for g, digits in splits(text):
                if _written(digits, g.width):
                    numbers[g].append(int(digits))
        shipped: dict[int, set[int]] = defaultdict(set)
        for g, wanted in numbers.items():
            which, lines = g.containing(np.array(wanted, dtype=np.int64))
            for k, line in zip(which.tolist(), lines.tolist()):
                shipped[line].add(wanted[k])
        return shipped

    def _prefixed(self, text: str):
        """(group, digits) of every way `text` is a shipped prefix, digits and the group's suffix."""
        for i in range(min(len(text), self._longest_prefix) + 1):
            for g in self._by_prefix.get(text[:i], ()):
                if text.endswith(g.suffix_skeleton):
                    yield g, text[i : len(text) - len(g.suffix_skeleton)]

    def _bare(self, text: str):
        """(group, digits) of every way `text` is a number and a suffix, the prefix lost."""
        for sfx in self._unprefixed_suffixes:
            if text.endswith(sfx):
                digits = text[: len(text) - len(sfx)]
                for width in (len(digits), None):
                    if (sfx, width) in self._unprefixed:
                        yield self._unprefixed[sfx, width], digits

    def _edit_hit(self, line: int, reading: str, serials: set[int | str], read_canon: str, space: int) -> SerialHit:
        """The hit of a line holding `serials` (number, or skeleton of a serial without one)."""
        first = min(serials, key=str)
        if isinstance(first, str):  # a serial without a number, matched whole
            matched = next(s for s in self._odd_ranges[line].split("..") if skeleton(s) == first)
            shown = matched
        else:
            form = self._form(line)
            matched = form.render(first, max(int(self._width[line]), 1))
            shown = matched[len(form.prefix):] if reading == "one_edit_no_prefix" else matched
        notes = [f"one character differs: {one_edit(read_canon, canon(shown))}"]
        if reading == "one_edit_no_prefix" and self._form(line).prefix.strip():
            notes.append(f"prefix '{self._form(line).prefix.strip()}' missing")
        return SerialHit(line, reading, matched, len(serials), space, notes, int(self._hi[line] - self._lo[line]) + 1,
                         range_of=functools.partial(self.range_text, line))

    def _match(self, g: _Group, read_canon: str, raw: str, cut: int, rest: str, mode: str, keep, lost) -> None:
        sfx = g.suffix_skeleton
        # The suffix may be whole, cut short at the end, or missing; skeletons turn suffix
        # letters that look like digits into digits, so try every split rather than a regex.
        for keep_sfx in range(len(sfx), -1, -1):
            tail = sfx[:keep_sfx]
            if tail and not rest.endswith(tail):
                continue
            digits = rest[: len(rest) - len(tail)] if tail else rest
            if not digits or not _DIGITS.fullmatch(digits):
                continue
            self._match_digits(g, read_canon, raw, cut, digits, mode, keep_sfx, keep, lost)

    def _match_digits(self, g, read_canon, raw, cut, digits, mode, suffix_kept, keep, lost) -> None:
        n, k, w = int(digits), len(digits), g.width
        suffix_cut = suffix_kept < len(g.suffix_skeleton)
        # An end marked illegible was cut; one not marked, while the other is, was read to its end.
        end_cut_ok, start_cut_ok = "start" not in lost or "end" in lost, "end" not in lost or "start" in lost
        if mode != "whole" and k < MIN_PARTIAL_DIGITS:
            return
        def hit(rows, reading, matched_of, space, extra=()):
            for lo, hi, line in rows:
                form = self._form(line)
                notes = []
                if mode == "no_prefix" and form.prefix.strip():
                    notes.append(f"prefix '{form.prefix.strip()}' missing")
                elif mode == "partial_prefix":
                    notes.append("leading characters missing")
                if suffix_cut:
                    notes.append("trailing characters missing")
                written = form.prefix + form.suffix
                if mode == "whole" and any(c in written for c in " -/.") and not any(c in raw for c in " -/."):
                    notes.append("separators dropped")
                keep(SerialHit(line, reading, matched_of(form), _count(lo, hi, reading, n, k, w), space,
                               notes + list(extra), hi - lo + 1,
                               functools.partial(_swaps, read_canon, cut, form.prefix, digits),
                               functools.partial(self.range_text, line)))

        if w is None or k == w:
            reading = mode
            if mode == "whole" and suffix_cut:
                reading = "truncated_trailing"
            hit(g.overlapping(n, n), reading, lambda form: form.render(n, w or k), 1)
            return
        if k > w:
            return
        # Zero padding is dropped whole ('JT-125'); a shorter reading that still starts with a
        # zero ('JT-0125') was cut, not unpadded.
        if mode != "partial_prefix" and not digits.startswith("0") and not lost:
            hit(g.overlapping(n, n), "zero_padding" if mode == "whole" else mode,
                lambda form: form.render(n, w), 1, ["zero padding dropped"])
        missing = w - k
        if (not suffix_cut or not suffix_kept) and end_cut_ok:
            # Last digits lost, and with them the suffix if any; the prefix may be lost as well
            # ('01480' for 'SH-014804').
            a, b = n * 10**missing, (n + 1) * 10**missing - 1
            hit(g.overlapping(a, b), "truncated_trailing" if mode == "whole" else "truncated_bare",
                lambda form: f"{form.prefix}{digits}{'?' * missing}{form.suffix}", 10**missing,
                [f"last {missing} digit{'s' * (missing > 1)} missing"])
        if mode == "no_prefix" and start_cut_ok:
            hit(g.ending_in(n, k), "truncated_leading",
                lambda form: f"{form.prefix}{'?' * missing}{digits}{form.suffix}", 10**missing,
                [f"first {missing} digit{'s' * (missing > 1)} missing"])


# PREFIX + last run of digits + SUFFIX; at most 18 digits so the number fits a 64-bit integer.
_SHAPE = r"^(?P<prefix>.*?)(?P<number>\d{1,18})(?P<suffix>\D*)$"


def _parse_ranges(serial_from, serial_to) -> pa.Table:
    """Lines with a serial: line (position), first, last (as written), prefix, suffix, their
    skeletons, lo, hi, width, regular.

    Arrow kernels over all lines at once: a catalogue has hundreds of thousands. `regular` marks
    ranges that are PREFIX+number+SUFFIX with the same prefix and suffix at both ends (the others
    are matched whole); width is -1 when the ends differ in digit count (serials not zero-padded)."""
    first, last = (_stripped(v) for v in (serial_from, serial_to))
    first, last = pc.coalesce(first, last), pc.coalesce(last, first)
    lines = pc.indices_nonzero(pc.is_valid(first))
    first, last = first.take(lines), last.take(lines)
    a, b = (pc.extract_regex(pc.utf8_upper(v), _SHAPE) for v in (first, last))
    prefix, number, suffix = (pc.struct_field(a, f) for f in ("prefix", "number", "suffix"))
    prefix_skeleton, suffix_skeleton = skeletons(prefix), skeletons(suffix)
    b_number = pc.struct_field(b, "number")
    same = pc.and_(pc.equal(prefix_skeleton, skeletons(pc.struct_field(b, "prefix"))),
                   pc.equal(suffix_skeleton, skeletons(pc.struct_field(b, "suffix"))))
    regular = pc.fill_null(pc.and_(pc.and_(pc.is_valid(number), pc.is_valid(b_number)), same), False)
    n_a, n_b = (pc.fill_null(pc.cast(pc.if_else(regular, n, None), pa.int64()), 0) for n in (number, b_number))
    w_a, w_b = (pc.fill_null(pc.utf8_length(n), 0).cast(pa.int64()) for n in (number, b_number))
    return pa.table({
        "line": lines, "first": first, "last": last,
        "prefix": pc.fill_null(prefix, ""), "suffix": pc.fill_null(suffix, ""),
        "prefix_skeleton": prefix_skeleton, "suffix_skeleton": suffix_skeleton,
        "lo": pc.min_element_wise(n_a, n_b), "hi": pc.max_element_wise(n_a, n_b),
        "width": pc.if_else(pc.equal(w_a, w_b), w_a, -1),
        "regular": regular,
    })


def _stripped(values) -> pa.Array:
    """Text with surrounding blanks removed; missing or blank -> null."""
    text = pc.utf8_trim_whitespace(text_array(values))
    return pc.if_else(pc.equal(text, ""), None, text)


def _written(digits: str, width: int | None) -> bool:
    """Whether `digits` is a number as a group of ranges writes it: `width` digits, or without
    leading zeros when its serials are not zero-padded (width None)."""
    if width is not None:
        return len(digits) == width and digits.isdigit()  # skeletons are ASCII
    return 0 < len(digits) <= 18 and digits.isdigit() and (digits[0] != "0" or digits == "0")


def _count(lo: int, hi: int, reading: str, n: int, k: int, w: int | None) -> int:
    """How many serials of [lo, hi] the reading fits."""
    if reading in ("truncated_trailing", "truncated_bare") and w:
        scale = 10 ** (w - k)
        return max(0, min(hi, (n + 1) * scale - 1) - max(lo, n * scale) + 1)
    if reading == "truncated_leading" and w:
        modulus = 10**k
        first = lo + ((n - lo) % modulus)
        return 0 if first > hi else (hi - first) // modulus + 1
    return 1


def _swaps(read_canon: str, cut: int, prefix: str, digits: str) -> list[str]:
    """Look-alike swaps between what was read and the serial it was taken as.

    Skeletons are canon translated character for character, so positions in the skeleton are
    positions in the reading: the first `cut` characters were read against the (end of the)
    prefix, the next ones against the number.
    """
    number_read = read_canon[cut : cut + len(digits)]
    prefix_read, prefix_canon = read_canon[:cut], canon(prefix)
    swaps = substitutions(prefix_read, prefix_canon[len(prefix_canon) - cut :]) + substitutions(number_read, digits)
    return list(dict.fromkeys(swaps))
