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
    return "'" + text.replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@cache
def iso_countries() -> frozenset[str]:
    from rigour.territories import get_territories

    return frozenset(t.code.upper() for t in get_territories() if len(t.code) == 2 and t.code.isalpha())


def cell(column: Column) -> str:
    # Surrounding white space is never meaningful in an export, and a blank cell is missing.
    return f"NULLIF(trim({ident(column.name)}), '')"


def _shown(expr: str) -> str:
    return f"'''' || {expr} || ''''"


def problem(engine: Engine, column: Column) -> str | None:
    """SQL: NULL when the cell is acceptable, otherwise the reason."""
    d = engine.dialect
    v = cell(column)
    checks: list[tuple[str, str]] = []  # (condition that is TRUE when wrong, reason SQL)
    if column.kind is Kind.DATE:
        checks.append((f"{d.try_date(v)} IS NULL", f"'not a date in YYYY-MM-DD form: ' || {_shown(v)}"))
    elif column.kind in (Kind.NUMBER, Kind.INTEGER):
        typed = d.try_number(v) if column.kind is Kind.NUMBER else d.try_integer(v)
        noun = "a number" if column.kind is Kind.NUMBER else "a whole number"
        checks.append((f"{typed} IS NULL OR isnan({d.try_number(v)})", f"'not {noun}: ' || {_shown(v)}"))
        if column.minimum is not None:
            op, words = ("<=", "greater than") if column.exclusive_minimum else ("<", "at least")
            checks.append((f"{typed} {op} {column.minimum}", f"'must be {words} {column.minimum:g}: ' || {_shown(v)}"))
        if column.maximum is not None:
            checks.append((f"{typed} > {column.maximum}", f"'must be at most {column.maximum:g}: ' || {_shown(v)}"))
    elif column.kind is Kind.ENUM:
        allowed = ", ".join(q(x) for x in column.values)
        checks.append((f"lower({v}) NOT IN ({allowed})", f"'not one of {'/'.join(column.values)}: ' || {_shown(v)}"))
    elif column.kind is Kind.COUNTRY:
        allowed = ", ".join(q(c) for c in sorted(iso_countries()))
        checks.append((f"upper({v}) NOT IN ({allowed})", f"'not an ISO 3166-1 alpha-2 country code: ' || {_shown(v)}"))
    elif column.kind is Kind.CURRENCY:
        checks.append((f"NOT {d.regex_full_match(v, '[A-Za-z]{3}')}", f"'not an ISO 4217 currency code: ' || {_shown(v)}"))
    elif column.kind is Kind.HS_CODE:
        digits = f"replace({v}, '.', '')"
        bad = f"NOT {d.regex_full_match(v, '[0-9][0-9.]*')} OR length({digits}) < 6 OR length({digits}) > 10"
        checks.append((bad, f"'not an HS code of 6 to 10 digits: ' || {_shown(v)}"))
    whens = ["WHEN {v} IS NULL THEN 'required value is missing'".format(v=v)] if column.required else []
    whens += [f"WHEN {v} IS NOT NULL AND ({cond}) THEN {reason}" for cond, reason in checks]
    if not whens:
        return None
    whens = " ".join(whens)
    return f"CASE {whens} END"


def typed(engine: Engine, column: Column) -> str:
    """SQL: the cell converted to its canonical type (only called on accepted rows)."""
    d = engine.dialect
    v = cell(column)
    match column.kind:
        case Kind.DATE:
            expr = d.try_date(v)
        case Kind.NUMBER:
            expr = d.try_number(v)
        case Kind.INTEGER:
            expr = d.try_integer(v)
        case Kind.ENUM:
            expr = f"lower({v})"
        case Kind.COUNTRY | Kind.CURRENCY:
            expr = f"upper({v})"
        case Kind.HS_CODE:
            expr = f"replace({v}, '.', '')"
        case Kind.LIST:
            expr = d.split_list(f"coalesce({v}, '')", ";")
        case _:
            expr = v
    return f"{expr} AS {ident(column.name)}"


def check_columns(engine: Engine, spec: FileSpec, raw: str, out: str, accepted_refs: dict[str, str]) -> None:
    """Create table `out`: every raw row with `_column` and `_reason` (NULL for accepted rows).

    `accepted_refs` maps a referenced table's stem to the engine table of its accepted keys.
    """
    problems = [(c.name, p) for c in spec.columns if (p := problem(engine, c)) is not None]
    for column, target in spec.references.items():
        if target not in accepted_refs:
            continue
        key = "party_id" if target == "parties" else "order_id"
        v = cell(spec.column(column))
        noun = "party" if target == "parties" else "order"
        problems.append(
            (
                column,
                f"CASE WHEN {v} IS NOT NULL AND {v} NOT IN (SELECT {key} FROM {accepted_refs[target]}) "
                f"THEN 'refers to {noun} ' || {_shown(v)} || ' which is not among the accepted {target}' END",
            )
        )
    # Each check is evaluated once, into its own column, then summarised.
    checked = ", ".join(f"{p} AS _p{i}" for i, (_, p) in enumerate(problems))
    first_column = "coalesce(" + ", ".join(f"CASE WHEN _p{i} IS NOT NULL THEN {q(c)} END" for i, (c, _) in enumerate(problems)) + ")"
    reasons = "concat_ws('; ', " + ", ".join(f"{q(c + ': ')} || _p{i}" for i, (c, _) in enumerate(problems)) + ")"
    columns = ", ".join(ident(c) for c in engine.columns(raw))
    cells = f"SELECT {columns}, {first_column} AS _column, NULLIF({reasons}, '') AS _reason FROM (SELECT *, {checked} FROM {raw}) AS p"
    if not spec.key:
        engine.create(out, cells)
        return
    # Among rows whose cells are fine, the first occurrence of a key wins; later ones are duplicates.
    key_cells = ", ".join(cell(spec.column(k)) for k in spec.key)
    key_text = " || '/' || ".join(cell(spec.column(k)) for k in spec.key)
    duplicate = f"_reason IS NULL AND _first < {ROW}"
    engine.create(
        out,
        f"""
        SELECT {columns},
            CASE WHEN {duplicate} THEN '' ELSE _column END AS _column,
            CASE WHEN {duplicate}
                 THEN 'duplicate {'/'.join(spec.key)} ' || {_shown(key_text)} || ' (first on row ' || CAST(_first AS STRING) || ')'
                 ELSE _reason END AS _reason
        FROM (
            SELECT *, min(CASE WHEN _reason IS NULL THEN {ROW} END) OVER (PARTITION BY {key_cells}) AS _first
            FROM ({cells}) AS c
        ) AS ranked
        """,
    )
