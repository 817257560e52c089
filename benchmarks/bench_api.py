"""The review API's cost on a screen's output folder: start-up and each kind of request.

    .venv/bin/python benchmarks/bench_api.py --outdir OUT [--dataset DATASET] [--decisions 1000] [--repeat 20]
    .venv/bin/python benchmarks/bench_api.py --orders 2000     # synthesises and screens a world first (not timed)

OUT is copied to a temporary folder, so the decisions this benchmark records (and the --decisions
it writes beforehand, to time an audit trail of that length) never touch it. Prints CPU seconds of
this process (the requests run in it through FastAPI's TestClient) and the resident-memory growth.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
import warnings
from pathlib import Path

import psutil

from redtrace.api import create_app
from redtrace.store.decisions import DecisionLog

warnings.filterwarnings("ignore", message="Using `httpx`")
from fastapi.testclient import TestClient  # noqa: E402  (its import warns about httpx)


def cpu_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def screened_world(orders: int, seed: int, work: Path) -> tuple[Path, Path]:
    from redtrace.engine import create_engine
    from redtrace.pipeline import screen
    from redtrace.synth import SynthConfig, generate

    generate(work / "w", SynthConfig(orders=orders, seed=seed))
    screen(work / "w" / "dataset", work / "o", [work / "w" / "watchlist.csv"], engine=create_engine())
    return work / "o", work / "w" / "dataset"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--outdir", type=Path, help="a screen's output folder (default: screen a new world)")
    parser.add_argument("--dataset", type=Path, help="the dataset it screened (times --dataset mode)")
    parser.add_argument("--orders", type=int, default=2000, help="size of the world to screen without --outdir")
    parser.add_argument("--seed", type=int, default=101)
    parser.add_argument("--decisions", type=int, default=1000, help="audit-trail entries written before timing")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="redtrace-bench-api-"))
    try:
        outdir, dataset = (args.outdir, args.dataset) if args.outdir else screened_world(args.orders, args.seed, work)
        out = work / "copy"
        shutil.copytree(outdir, out, ignore=shutil.ignore_patterns("decisions.jsonl", "report.html"))
        orders = sum(1 for _ in open(out / "orders_scored.csv")) - 1
        with open(out / "orders_scored.csv") as f:
            ids = [line.split(",", 1)[0] for line, _ in zip(f, range(args.decisions + 1))][1:]
        log = DecisionLog(out)
        for i in range(args.decisions):
            log.record("order", ids[i % len(ids)], "review", "bench", "prefilled", {"score": 0.5, "decision": "review"})

        rss, start = psutil.Process().memory_info().rss, time.process_time()
        client = TestClient(create_app(out, dataset))
        print(f"{orders:,} orders{' + dataset' if dataset else ''}, {args.decisions:,} decisions in the trail")
        print(f"start-up: {time.process_time() - start:.2f} s CPU, +{(psutil.Process().memory_info().rss - rss) / 2**20:.0f} MiB resident")
        top = ids[0]
        body = dict(target_kind="order", target_id=top, decision="hold", officer="bench", reason="timed")
        requests = {
            "GET /orders (first page of 50)": lambda: client.get("/orders"),
            "GET /orders?status=undecided&offset=1000": lambda: client.get("/orders", params={"status": "undecided", "offset": 1000}),
            "GET /orders/{riskiest}": lambda: client.get(f"/orders/{top}"),
            "GET /ui/orders/{riskiest} (HTML)": lambda: client.get(f"/ui/orders/{top}"),
            "GET /decisions?target_id=...": lambda: client.get("/decisions", params={"target_id": top}),
            "POST /decisions": lambda: client.post("/decisions", json=body),
        }
        print(f"{'request':<45} {'median CPU ms':>13}")
        for name, call in requests.items():
            assert call().status_code < 300, name
            print(f"{name:<45} {cpu_ms(call, args.repeat):>13.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
