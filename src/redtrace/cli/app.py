"""The Typer application every command module registers on."""

import typer

app = typer.Typer(
    name="redtrace",
    help="Screen orders and customers for illicit-procurement red flags, resolve entities, map networks, trace items.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def root() -> None:
    """Screen orders and customers for illicit-procurement red flags, resolve entities, map networks, trace items."""
    # A callback keeps `redtrace` a group of commands even when a test registers only one.
