"""`redtrace serve OUTDIR [--host H] [--port P]`."""

from __future__ import annotations

from pathlib import Path

import typer

from redtrace.cli.app import app
from redtrace.cli.console import console, fail


@app.command("serve")
def serve_command(
    outdir: Path = typer.Argument(..., help="The --out folder of `redtrace screen`; decisions are kept in its decisions.jsonl."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 exposes it to the network: there is no login)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
) -> None:
    """Serve the review pages and JSON API: the queue, every flag explained, decisions with an audit trail."""
    import uvicorn

    from redtrace.api import create_app
    from redtrace.api.outputs import OutputsError

    try:
        application = create_app(outdir)
    except OutputsError as exc:
        fail(str(exc))
    console.print(f"Review pages on http://{host}:{port}/ , API documentation on http://{host}:{port}/docs")
    uvicorn.run(application, host=host, port=port, log_level="warning")
