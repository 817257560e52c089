"""Command-line interface: `redtrace COMMAND ...`.

Each command lives in its own module and registers itself on `app`; importing the module is
what adds the command.
"""

from importlib import import_module

from redtrace.cli.app import app

# One module per command, in the order `redtrace --help` lists them.
COMMAND_MODULES = ("synth", "screen", "evaluate", "match", "network", "trace", "train", "serve")


def load_commands() -> None:
    for name in COMMAND_MODULES:
        import_module(f"redtrace.cli.{name}")


def main() -> None:
    load_commands()
    app()
