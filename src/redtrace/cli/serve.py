"""`redtrace serve OUTDIR [--dataset DATASET] [--host H] [--port P]`."""

from __future__ import annotations

from pathlib import Path

import typer

from redtrace.cli.app import app
from redtrace.cli.console import console, fail, steps


@app.command("serve")
def serve_command(
    outdir: Path = typer.Argument(..., help="The --out folder of `redtrace screen`; decisions are kept in its decisions.jsonl."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (0.0.0.0 exposes it to the network: there is no login)."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    dataset: Path | None = typer.Option(None, "--dataset", "-d", help="The dataset that was screened: shows each order's parties and goods, and which party a flag came from."),
) -> None:
    """Serve the review pages and JSON API: the queue, every flag explained, decisions with an audit trail."""
    import uvicorn

    from redtrace.api import create_app
    from redtrace.api.outputs import OutputsError
    from redtrace.io.dataset import DatasetError

    try:
        with steps("reading the screen's outputs") as step:
            if dataset:
                step("reading the screen's outputs and the dataset")
            application = create_app(outdir, dataset)
    except (OutputsError, DatasetError) as exc:
        fail(str(exc))
    console.print(f"Review pages on http://{host}:{port}/ , API documentation on http://{host}:{port}/docs")
    uvicorn.run(application, host=host, port=port, log_level="warning")
