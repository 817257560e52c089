"""Validation of one input file against the contract, as SQL over the engine.

Each column's check is an expression that is NULL when the cell is fine and otherwise says, in
words, what is wrong with it. A row is accepted only when every check passes, it is not a
duplicate of an earlier accepted row, and every id it references was itself accepted.
"""

from __future__ import annotations

from functools import cache

from redtrace.engine import Engine
from redtrace.model.contract import Column, FileSpec, Kind
from redtrace.io.source import ROW


def q(text: str) -> str:
    """A string literal both engines read as `text`. A backslash escapes in Spark's literals and
    not in DuckDB's, so it is spelled chr(92), which both read the same."""
    if "\\" not in text:
        return "'" + text.replace("'", "''") + "'"
    return "(" + " || chr(92) || ".join(q(part) for part in text.split("\\")) + ")"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@cache
def iso_countries() -> frozenset[str]:
    from rigour.territories import get_territories

    return frozenset(t.code.upper() for t in get_territories() if len(t.code) == 2 and t.code.isalpha())


def value(column: Column) -> str:
    """The column holding a cell's typed value while it is being checked."""
    return ident("_typed_" + column.name)


def _shown(expr: str) -> str:
    return f"'''' || {expr} || ''''"


def problem(engine: Engine, column: Column) -> str | None:
    """SQL: NULL when the cell is acceptable, otherwise the reason.

    Reads the cell's clean text (under its own name) and its typed value (`value(column)`),
    so that every cast is made once."""
    d = engine.dialect
    v, t = ident(column.name), value(column)
    checks: list[tuple[str, str]] = []  # (condition that is TRUE when wrong, reason SQL)
    if column.kind is Kind.DATE:
        checks.append((f"{t} IS NULL", f"'not a date in YYYY-MM-DD form: ' || {_shown(v)}"))
    elif column.kind in (Kind.NUMBER, Kind.INTEGER):
        noun = "a number" if column.kind is Kind.NUMBER else "a whole number"
        wrong = f"{t} IS NULL OR isnan({t})" if column.kind is Kind.NUMBER else f"{t} IS NULL"
        checks.append((wrong, f"'not {noun}: ' || {_shown(v)}"))
        if column.minimum is not None:
            op, words = ("<=", "greater than") if column.exclusive_minimum else ("<", "at least")
            checks.append((f"{t} {op} {column.minimum}", f"'must be {words} {column.minimum:g}: ' || {_shown(v)}"))
        if column.maximum is not None:
            checks.append((f"{t} > {column.maximum}", f"'must be at most {column.maximum:g}: ' || {_shown(v)}"))
    elif column.kind is Kind.ENUM:
        allowed = ", ".join(q(x) for x in column.values)
        checks.append((f"{t} NOT IN ({allowed})", f"'not one of {'/'.join(column.values)}: ' || {_shown(v)}"))
    elif column.kind is Kind.COUNTRY:
        allowed = ", ".join(q(c) for c in sorted(iso_countries()))
        checks.append((f"{t} NOT IN ({allowed})", f"'not an ISO 3166-1 alpha-2 country code: ' || {_shown(v)}"))
    elif column.kind is Kind.CURRENCY:
        checks.append((f"NOT {d.regex_full_match(v, '[A-Za-z]{3}')}", f"'not an ISO 4217 currency code: ' || {_shown(v)}"))
    elif column.kind is Kind.HS_CODE:
        bad = f"NOT {d.regex_full_match(v, '[0-9][0-9.]*')} OR length({t}) < 6 OR length({t}) > 10"
        checks.append((bad, f"'not an HS code of 6 to 10 digits: ' || {_shown(v)}"))
    whens = [f"WHEN {v} IS NULL THEN 'required value is missing'"] if column.required else []
    whens += [f"WHEN {v} IS NOT NULL AND ({cond}) THEN {reason}" for cond, reason in checks]
    if not whens:
        return None
    whens = " ".join(whens)
    return f"CASE {whens} END"


def typed(engine: Engine, column: Column, passed: bool = False) -> str:
    """SQL: a cell's clean text (under the column's name) converted to its canonical type; NULL
    when the conversion fails.

    `passed`: the cell passed its check, so its text has the shape the check asks for and a
    plain cast gives the same value without matching the shape again."""
    d = engine.dialect
    v = ident(column.name)
    match column.kind:
        case Kind.DATE:
            # 'YYYY-MM-DD' is ten characters; longer texts can spell a date too ('99999-01-01').
            return f"CAST({v} AS DATE)" if passed else _canonical_first(v, "DATE", d.try_date(v), f"length({v}) = 10 AND ")
        case Kind.NUMBER:
            return f"CAST({v} AS DOUBLE)" if passed else d.try_number(v)
        case Kind.INTEGER:
            # Only a whole number written with a decimal point ('900.0') needs the long way.
            return f"CASE WHEN instr({v}, '.') = 0 THEN CAST({v} AS BIGINT) ELSE {d.try_integer(v)} END" if passed else _canonical_first(v, "BIGINT", d.try_integer(v))
        case Kind.ENUM:
            return f"lower({v})"
        case Kind.COUNTRY | Kind.CURRENCY:
            return f"upper({v})"
        case Kind.HS_CODE:
            return f"replace({v}, '.', '')"
        case Kind.LIST:
            return d.split_list(f"coalesce({v}, '')", ";")
        case _:
            return v


def _canonical_first(v: str, sql_type: str, checked: str, guard: str = "") -> str:
    """SQL: `checked` (the cell's shape matched, then cast), with a shortcut for the usual cell:
    text that the engine writes back unchanged from the value it casts it to ('2024-02-05',
    '17') has the contract's shape and that value, so the pattern, which costs several times
    the casts, is matched only on the other cells."""
    value = f"TRY_CAST({v} AS {sql_type})"
    return f"CASE WHEN {guard}CAST({value} AS STRING) = {v} THEN {value} ELSE {checked} END"


def check_columns(engine: Engine, spec: FileSpec, raw: str, out: str, accepted_refs: dict[str, str]) -> None:
    """Create table `out`: every raw row's number, its key (typed), `_column` and `_reason` (NULL
    when its cells and references are fine), and table `duplicates_of(out)`: the rows among those
    that repeat a key.

    `raw`'s contract columns hold clean text (`dataset.clean`: trimmed, blank cells NULL).
    `accepted_refs` maps a referenced table's stem to the engine table of its accepted keys.
    Only what is wrong and the keys are kept: the accepted rows are typed once more by
    `typed_rows`, which costs less than carrying every typed column through the checks.
    """
    problems = [(c.name, p) for c in spec.columns if (p := problem(engine, c)) is not None]
    for column, target in spec.references.items():
        if target not in accepted_refs:
            continue
        key = "party_id" if target == "parties" else "order_id"
        v = ident(column)
        noun = "party" if target == "parties" else "order"
        problems.append(
            (
                column,
                f"CASE WHEN {v} IS NOT NULL AND {v} NOT IN (SELECT {key} FROM {accepted_refs[target]}) "
                f"THEN 'refers to {noun} ' || {_shown(v)} || ' which is not among the accepted {target}' END",
            )
        )
    values = ", ".join(f"{typed(engine, c)} AS {value(c)}" for c in spec.columns)
    # Each check is evaluated once, into its own column, then summarised.
    checked = ", ".join(f"{p} AS _p{i}" for i, (_, p) in enumerate(problems))
    first_column = "coalesce(" + ", ".join(f"CASE WHEN _p{i} IS NOT NULL THEN {q(c)} END" for i, (c, _) in enumerate(problems)) + ")"
    reasons = "concat_ws('; ', " + ", ".join(f"{q(c + ': ')} || _p{i}" for i, (c, _) in enumerate(problems)) + ")"
    # Nearly every row is fine: the words are only put together for those that are not.
    wrong = "coalesce(" + ", ".join(f"_p{i}" for i in range(len(problems))) + ") IS NOT NULL"
    keys = "".join(f"{value(spec.column(k))} AS {ident(k)}, " for k in spec.key)
    cells = (
        f"SELECT {ROW}, {keys}CASE WHEN {wrong} THEN {first_column} END AS _column, CASE WHEN {wrong} THEN {reasons} END AS _reason "
        f"FROM (SELECT *, {checked} FROM (SELECT *, {values} FROM {raw}) AS t) AS p"
    )
    engine.create(out, cells)
    engine.create(duplicates_of(out), _duplicates(spec, out))


def typed_rows(engine: Engine, spec: FileSpec, raw: str) -> str:
    """SQL: `raw`'s rows, every one of which passed its checks, with each contract column
    converted to its canonical type; the columns the contract does not name pass through as text."""
    contract = set(spec.column_names)
    others = [ident(c) for c in engine.columns(raw) if c not in contract]  # extras and ROW
    return "SELECT " + ", ".join([f"{typed(engine, c, passed=True)} AS {ident(c.name)}" for c in spec.columns] + others) + f" FROM {raw}"


def duplicates_of(checked: str) -> str:
    """The table of rows that repeat an earlier accepted row's key: `_row`, `_column`, `_reason`."""
    return f"{checked}_duplicates"


def _duplicates(spec: FileSpec, checked: str) -> str:
    """Among rows whose cells are fine, the first occurrence of a key wins; later ones are
    duplicates. They are rare, so they are found by grouping keys, not by ranking every row."""
    if not spec.key:
        return f"SELECT {ROW}, _column, _reason FROM {checked} WHERE FALSE"
    keys = ", ".join(ident(k) for k in spec.key)
    matches = " AND ".join(f"c.{ident(k)} = f.{ident(k)}" for k in spec.key)
    key_text = " || '/' || ".join(f"CAST(c.{ident(k)} AS STRING)" for k in spec.key)
    return f"""
        SELECT c.{ROW}, '' AS _column,
            'duplicate {'/'.join(spec.key)} ' || {_shown(key_text)} || ' (first on row ' || CAST(f._first AS STRING) || ')' AS _reason
        FROM {checked} c JOIN (
            SELECT {keys}, min({ROW}) AS _first FROM {checked} WHERE _reason IS NULL GROUP BY {keys} HAVING count(*) > 1
        ) AS f ON {matches}
        WHERE c._reason IS NULL AND c.{ROW} > f._first"""
