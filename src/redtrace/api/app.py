"""The review API over one screen's output folder: `create_app(outdir)`."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import APIRouter, FastAPI, HTTPException, Query

from redtrace import __version__
from redtrace.api.models import DecisionIn, DecisionOut, Health, Kind, Queue, Target, Verdict
from redtrace.api.review import Review
from redtrace.store.decisions import DecisionError, UnknownTarget

Status = Literal["clear", "hold", "review", "undecided"]
PAGE = Query(50, ge=1, le=500, description="targets per page")
OFFSET = Query(0, ge=0)
STATUS = Query(None, description="the officer's current decision, or 'undecided'")


def _found(target: Target | None, kind: str, target_id: str) -> Target:
    if target is None:
        raise HTTPException(404, f"no {kind} {target_id!r} in this screen's outputs")
    return target


def api_router(review: Review) -> APIRouter:
    api = APIRouter()

    @api.get("/health", response_model=Health)
    def health() -> Health:
        outputs = review.outputs
        return Health(status="ok", outdir=str(outputs.outdir), orders=outputs.size("order"),
                      parties=outputs.size("party"), decisions=len(review.decisions()))

    @api.get("/orders", response_model=Queue)
    def orders(decision: Verdict | None = Query(None, description="the screen's decision"), status: Status | None = STATUS,
               limit: int = PAGE, offset: int = OFFSET) -> Queue:
        """The review queue: orders riskiest first."""
        return review.queue("order", decision, status, limit, offset)

    @api.get("/orders/{order_id}", response_model=Target)
    def order(order_id: str) -> Target:
        return _found(review.target("order", order_id), "order", order_id)

    @api.get("/parties", response_model=Queue)
    def parties(status: Status | None = STATUS, limit: int = PAGE, offset: int = OFFSET) -> Queue:
        """Parties riskiest first."""
        return review.queue("party", None, status, limit, offset)

    @api.get("/parties/{party_id}", response_model=Target)
    def party(party_id: str) -> Target:
        return _found(review.target("party", party_id), "party", party_id)

    @api.post("/decisions", response_model=DecisionOut, status_code=201)
    def record(body: DecisionIn) -> DecisionOut:
        """Record an officer's decision on an order or party (appended to the audit trail)."""
        try:
            return review.record(body.target_kind, body.target_id, body.decision, body.officer, body.reason)
        except UnknownTarget as exc:
            raise HTTPException(404, str(exc)) from None
        except DecisionError as exc:
            raise HTTPException(422, str(exc)) from None

    @api.get("/decisions", response_model=list[DecisionOut])
    def decisions(target_kind: Kind | None = None, target_id: str | None = None, officer: str | None = None,
                  decision: Verdict | None = None) -> list[DecisionOut]:
        """The audit trail, oldest first."""
        return review.decisions(target_kind=target_kind, target_id=target_id, officer=officer, decision=decision)

    return api


def create_app(outdir: Path, dataset: Path | None = None) -> FastAPI:
    """The JSON API and the HTML pages over `outdir` (the --out folder of `redtrace screen`) and,
    optionally, the dataset it screened (to show each order's parties and goods).

    Raises OutputsError when the folder lacks the screen's files or the dataset lacks its orders,
    DatasetError when the dataset cannot be read."""
    from redtrace.web import web_router

    review = Review(Path(outdir), dataset)
    app = FastAPI(title="redtrace review", version=__version__,
                  description="Review a screen's orders and parties, see each red flag explained, record decisions.")
    app.include_router(api_router(review))
    app.include_router(web_router(review))
    return app
