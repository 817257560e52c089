"""Reading sanctions / watch lists into one uniform entry type.

Three formats, detected from the file's content (or forced):

* ``sdn``  - the OFAC SDN CSV exactly as Treasury publishes it (no header, 12 columns, ``-0-``
  for empty, aliases and facts inside ``remarks``);
* ``ftm``  - FollowTheMoney entities as JSON lines, as OpenSanctions publishes them;
* ``csv``  - the contract's simple CSV: ``entry_id, kind, name, aliases, country, birth_date,
  program, list_name``.

A row that cannot be read becomes a :class:`LoadIssue` naming file, row and column; it is
counted and reported, never silently dropped. Several lists load into one :class:`Watchlist`;
every entry keeps the list and programme it came from.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


KINDS = ("person", "company", "vessel", "aircraft", "unknown")
FORMATS = ("auto", "sdn", "ftm", "csv")
SIMPLE_COLUMNS = ("entry_id", "kind", "name", "aliases", "country", "birth_date", "program", "list_name")
SDN_COLUMNS = (
    "ent_num", "name", "type", "program", "title", "call_sign",
    "vessel_type", "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks",
)  # fmt: skip
SDN_LIST_NAME = "OFAC SDN"
SDN_EMPTY = "-0-"
# Treasury cuts `remarks` at this length and moves the rest to a companion file we do not get.
SDN_REMARKS_LIMIT = 1000


class WatchlistError(ValueError):
    """A watchlist file cannot be read at all (missing, unknown format, wrong shape)."""


def _country(value: str) -> str | None:
    """The ISO code followthemoney reads in a country name or code, or None. Imported here: it
    takes a second of CPU, which a process that only unpickles entries (the name worker) saves."""
    from followthemoney.types import registry

    return registry.country.clean(value)


@dataclass(frozen=True)
class LoadIssue:
    """One problem met while loading; ``severity`` is ``error`` (row rejected) or ``warning``."""

    file: str
    row: int  # line number in the file (SDN: 1 = first entry; CSV: header = 1; JSONL: line)
    column: str
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        col = f", column {self.column}" if self.column else ""
        return f"{self.file}: row {self.row}{col}: {self.reason}"


@dataclass(frozen=True)
class WatchlistEntry:
    entry_id: str  # the list's own id (SDN ent_num, FtM entity id)
    list_name: str
    program: str  # ';'-joined programme codes
    kind: str  # one of KINDS
    name: str
    aliases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    birth_dates: tuple[str, ...] = ()  # ISO, possibly partial: YYYY, YYYY-MM, YYYY-MM-DD
    linked_to: tuple[str, ...] = ()  # names (SDN) or entity ids (FtM) of related entries
    birth_places: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass
class Watchlist:
    entries: list[WatchlistEntry] = field(default_factory=list)
    issues: list[LoadIssue] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # file name -> detected format

    @property
    def errors(self) -> list[LoadIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[LoadIssue]:
        return [i for i in self.issues if i.severity == "warning"]

    def counts(self) -> dict[str, int]:
        """Entries per list, for the summary a command prints."""
        return dict(Counter(e.list_name for e in self.entries))

    def __len__(self) -> int:
        return len(self.entries)


def load_watchlists(paths: list[Path], format: str = "auto") -> Watchlist:
    """Load several lists into one watchlist; ``format`` forces one format for all files."""
    out = Watchlist()
    for path in paths:
        one = load_watchlist(Path(path), format)
        out.entries.extend(one.entries)
        out.issues.extend(one.issues)
        out.files.update(one.files)
    return out


def load_watchlist(path: Path, format: str = "auto") -> Watchlist:
    if format not in FORMATS:
        raise WatchlistError(f"unknown watchlist format {format!r}; use one of {', '.join(FORMATS)}")
    if not path.is_file():
        raise WatchlistError(f"{path}: no such watchlist file")
    fmt = detect_format(path) if format == "auto" else format
    reader = {"sdn": _read_sdn, "ftm": _read_ftm, "csv": _read_simple_csv}[fmt]
    wl = Watchlist(files={path.name: fmt})
    reader(path, wl)
    return wl


def detect_format(path: Path) -> str:
    """Tell the format from the first non-empty line, so renamed files still load."""
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        first = ""
        for line in fh:
            if line.strip():
                first = line.strip()
                break
    if not first:
        raise WatchlistError(f"{path}: file is empty")
    if first.startswith("{"):
        return "ftm"
    cells = next(csv.reader([first]))
    header = {c.strip().lower() for c in cells}
    if {"entry_id", "name"} <= header:
        return "csv"
    if len(cells) == len(SDN_COLUMNS) and cells[0].strip().isdigit():
        return "sdn"
    raise WatchlistError(
        f"{path}: cannot tell the watchlist format from its first line; expected OFAC SDN CSV "
        f"(12 columns, numeric ent_num), FollowTheMoney JSON lines, or a CSV with header "
        f"{', '.join(SIMPLE_COLUMNS)}"
    )


# --- OFAC SDN -------------------------------------------------------------------------------

_SDN_KIND = {"individual": "person", "vessel": "vessel", "aircraft": "aircraft", "": "company"}
# Quoted aliases; a name may itself contain apostrophes, so the closing quote is the one
# followed by the end of the remark (';', a final '.', or the end of the text).
_ALIAS = re.compile(r"\b([afn])\.k\.a\.\s+'(.+?)'(?=\s*(?:;|\.?\s*$|\.\s*;|\)))")
_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}  # fmt: skip
_DATE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\s+)?(\d{4})")


def _sdn_cell(value: str) -> str:
    value = value.strip()
    return "" if value == SDN_EMPTY else value


def _read_sdn(path: Path, wl: Watchlist) -> None:
    name = path.name
    with path.open(encoding="utf-8", errors="strict", newline="") as fh:
        try:
            rows = list(csv.reader(fh))
        except (csv.Error, UnicodeDecodeError) as exc:
            raise WatchlistError(f"{name}: not readable as CSV: {exc}") from exc
    for lineno, row in enumerate(rows, 1):
        # Treasury's file ends with a DOS end-of-file mark (Ctrl-Z) on a line of its own.
        if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
            continue
        if len(row) != len(SDN_COLUMNS):
            wl.issues.append(LoadIssue(name, lineno, "", f"expected {len(SDN_COLUMNS)} columns, found {len(row)}"))
            continue
        cells = dict(zip(SDN_COLUMNS, (_sdn_cell(c) for c in row)))
        if not cells["ent_num"].isdigit():
            wl.issues.append(LoadIssue(name, lineno, "ent_num", f"not a whole number: {cells['ent_num']!r}"))
            continue
        if not cells["name"]:
            wl.issues.append(LoadIssue(name, lineno, "name", "empty name"))
            continue
        sdn_type = cells["type"].lower()
        if sdn_type not in _SDN_KIND:
            wl.issues.append(LoadIssue(name, lineno, "type", f"unknown SDN type {cells['type']!r}"))
            continue
        remarks = parse_sdn_remarks(cells["remarks"])
        if len(row[11].strip()) >= SDN_REMARKS_LIMIT:
            wl.issues.append(LoadIssue(
                name, lineno, "remarks",
                f"remarks cut at {SDN_REMARKS_LIMIT} characters by the publisher; facts after the cut are missing",
                severity="warning",
            ))  # fmt: skip
        for problem in remarks.problems:
            wl.issues.append(LoadIssue(name, lineno, "remarks", problem, severity="warning"))
        countries = list(remarks.countries)
        if cells["vessel_flag"]:
            flag = _country(cells["vessel_flag"])
            if flag:
                countries.append(flag.upper())
        programs = [p.strip() for p in cells["program"].strip("[] ").split("] [") if p.strip()]
        wl.entries.append(WatchlistEntry(
            entry_id=cells["ent_num"],
            list_name=SDN_LIST_NAME,
            program=";".join(programs),
            kind=_SDN_KIND[sdn_type],
            name=cells["name"],
            aliases=_unique(remarks.aliases),
            countries=_unique(countries),
            birth_dates=_unique(remarks.birth_dates),
            linked_to=_unique(remarks.linked_to),
            birth_places=_unique(remarks.birth_places),
        ))  # fmt: skip


@dataclass
class SdnRemarks:
    aliases: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def parse_sdn_remarks(remarks: str) -> SdnRemarks:
    """Pull aliases, birth dates and places, nationalities and links out of SDN ``remarks``."""
    out = SdnRemarks()
    if not remarks:
        return out
    out.aliases = [m.group(2).strip().strip("'").strip() for m in _ALIAS.finditer(remarks)]
    out.aliases = [a for a in out.aliases if a]
    for part in _split_remarks(remarks):
        key, _, value = part.removeprefix("alt. ").partition(" ")
        value = value.strip().rstrip(".").strip()
        if key == "DOB":
            dates = parse_sdn_date(value)
            if dates:
                out.birth_dates.extend(dates)
            else:
                out.problems.append(f"unreadable DOB {value!r}")
        elif key == "POB":
            out.birth_places.append(value)
        elif key in ("nationality", "citizen"):
            code = _country(value.removeprefix("possibly ").strip())
            if code:
                out.countries.append(code.upper())
            else:
                out.problems.append(f"unknown country in {key} {value!r}")
        elif key == "Linked" and value.startswith("To:"):
            out.linked_to.append(value.removeprefix("To:").strip())
    return out


def _split_remarks(remarks: str) -> list[str]:
    """Split on ';' outside brackets, after taking out the quoted aliases (which may hold ';')."""
    text = _ALIAS.sub("", remarks)
    parts, buf, depth = [], [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == ";" and not depth:
            parts.append("".join(buf).strip())
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf).strip())
    return [p for p in parts if p]


def parse_sdn_date(text: str) -> list[str]:
    """'10 Dec 1948' -> ['1948-12-10']; '1946 to 1948' -> each year; 'circa 1950' -> ['1950']."""
    text = text.removeprefix("circa").strip()
    ends = [_parse_one_date(t.strip()) for t in re.split(r" to |(?<=\d{4})-(?=\d{4}$)", text)]
    if not ends or any(e is None for e in ends):
        return []
    if len(ends) == 2 and len(ends[0]) == 4 and len(ends[1]) == 4:
        first, last = int(ends[0]), int(ends[1])
        if 0 <= last - first <= 20:
            return [str(y) for y in range(first, last + 1)]
    return [e for e in ends if e]


def _parse_one_date(text: str) -> str | None:
    m = _DATE.fullmatch(text)
    if not m:
        return None
    day, month, year = m.groups()
    if month is None:
        return None if day else year
    mon = _MONTHS.get(month[:3].lower())
    if mon is None:
        return None
    if day is None:
        return f"{year}-{mon:02d}"
    try:
        return date(int(year), mon, int(day)).isoformat()
    except ValueError:
        return None


# --- FollowTheMoney -------------------------------------------------------------------------


FTM_SCHEMA = {"person": "Person", "company": "Organization", "vessel": "Vessel", "aircraft": "Airplane",
              "unknown": "LegalEntity"}  # fmt: skip


def ftm_kind(schema) -> str:
    for kind in ("person", "vessel", "aircraft", "company"):
        if schema.is_a(FTM_SCHEMA[kind]):
            return kind
    return "unknown"


def _read_ftm(path: Path, wl: Watchlist) -> None:
    from followthemoney import model
    from followthemoney.exc import InvalidData

    name = path.name
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                wl.issues.append(LoadIssue(name, lineno, "", f"not valid JSON: {exc.msg} at char {exc.pos}"))
                continue
            if not isinstance(data, dict) or not data.get("id") or not data.get("schema"):
                wl.issues.append(LoadIssue(name, lineno, "id" if isinstance(data, dict) else "",
                                           "a FollowTheMoney entity needs 'id' and 'schema'"))  # fmt: skip
                continue
            try:
                proxy = model.get_proxy(data, cleaned=False)
            except (InvalidData, TypeError, ValueError) as exc:
                wl.issues.append(LoadIssue(name, lineno, "schema", str(exc)))
                continue
            # Relations, addresses, sanctions etc. come in the same stream; only named parties
            # and objects are screened against.
            if not (proxy.schema.is_a("LegalEntity") or proxy.schema.is_a("Vessel")
                    or proxy.schema.is_a("Airplane")):  # fmt: skip
                continue
            names = proxy.get("name")
            if not names:
                wl.issues.append(LoadIssue(name, lineno, "properties.name", f"entity {proxy.id} has no name"))
                continue
            aliases = names[1:] + _props(proxy, "alias", "weakAlias", "previousName")
            countries = _props(proxy, "nationality", "citizenship", "jurisdiction", "country", "flag")
            datasets = data.get("datasets") or []
            wl.entries.append(WatchlistEntry(
                entry_id=str(proxy.id),
                list_name=";".join(datasets) if datasets else path.stem,
                program=";".join(_props(proxy, "programId") or _props(proxy, "program")),
                kind=ftm_kind(proxy.schema),
                name=names[0],
                aliases=_unique([a for a in aliases if a != names[0]]),
                countries=_unique([c.upper() for c in countries if len(c) == 2]),
                birth_dates=_unique(_props(proxy, "birthDate", "incorporationDate", "buildDate")),
                linked_to=_unique(_props(proxy, "ownershipOwner", "parent", "associates")),
                birth_places=_unique(_props(proxy, "birthPlace")),
            ))  # fmt: skip


def _props(proxy, *names: str) -> list[str]:
    """Values of those properties the entity's schema has (schemata differ in what they carry)."""
    return [v for n in names if n in proxy.schema.properties for v in proxy.get(n)]


# --- the contract's simple CSV ----------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _read_simple_csv(path: Path, wl: Watchlist) -> None:
    name = path.name
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        header = [h.strip().lower() for h in reader.fieldnames or []]
        missing = [c for c in ("entry_id", "name") if c not in header]
        if missing:
            raise WatchlistError(f"{name}: missing required column(s) {', '.join(missing)}")
        reader.fieldnames = header
        seen: dict[tuple[str, str], int] = {}
        for lineno, raw in enumerate(reader, 2):
            row = {k: (v or "").strip() for k, v in raw.items() if k}
            problem = _check_simple_row(row)
            if problem:
                wl.issues.append(LoadIssue(name, lineno, *problem))
                continue
            list_name = row.get("list_name") or path.stem
            key = (list_name, row["entry_id"])
            if key in seen:
                wl.issues.append(LoadIssue(name, lineno, "entry_id",
                                           f"duplicate entry_id {row['entry_id']!r} (first on row {seen[key]})"))  # fmt: skip
                continue
            seen[key] = lineno
            wl.entries.append(WatchlistEntry(
                entry_id=row["entry_id"],
                list_name=list_name,
                program=row.get("program", ""),
                kind=(row.get("kind") or "unknown").lower(),
                name=row["name"],
                aliases=_split_list(row.get("aliases", "")),
                countries=tuple(c.upper() for c in _split_list(row.get("country", ""))),
                birth_dates=_split_list(row.get("birth_date", "")),
            ))  # fmt: skip


def _check_simple_row(row: dict[str, str]) -> tuple[str, str] | None:
    """(column, reason) for the first problem in a simple-CSV row, or None."""
    if not row.get("entry_id"):
        return "entry_id", "empty entry_id"
    if not row.get("name"):
        return "name", "empty name"
    kind = (row.get("kind") or "unknown").lower()
    if kind not in KINDS:
        return "kind", f"unknown kind {row['kind']!r}; expected one of {', '.join(KINDS)}"
    for country in _split_list(row.get("country", "")):
        if len(country) != 2 or _country(country) is None:
            return "country", f"not an ISO 3166-1 alpha-2 code: {country!r}"
    for value in _split_list(row.get("birth_date", "")):
        if not _ISO_DATE.fullmatch(value) or not _valid_partial_date(value):
            return "birth_date", f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}"
    return None


def _valid_partial_date(value: str) -> bool:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        date(*parts[:3])
    except ValueError:
        return False
    return True


def _split_list(cell: str) -> tuple[str, ...]:
    return _unique([v.strip() for v in cell.split(";") if v.strip()])


def _unique(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
