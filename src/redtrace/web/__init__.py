"""Server-rendered pages for the compliance officer: the review queue, one page per order or party
with every flag explained, and a form to record a decision. Plain HTML, every value escaped by Jinja2."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlsplit

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from redtrace.api.review import Review
from redtrace.store.decisions import DECISIONS, DecisionError, UnknownTarget

PAGE = 50
KINDS = {"orders": "order", "parties": "party"}


def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("redtrace.web", "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["url"] = lambda v: quote(str(v), safe="")
    return env


def web_router(review: Review) -> APIRouter:
    web = APIRouter(include_in_schema=False)
    env = _env()

    def page(template: str, code: int = 200, **values) -> HTMLResponse:
        return HTMLResponse(env.get_template(template).render(decisions=DECISIONS, **values), status_code=code)

    def target_page(kind: str, target_id: str, code: int = 200, error: str | None = None, form: dict | None = None):
        target = review.target(kind, target_id)
        if target is None:
            return page("missing.html", 404, kind=kind, target_id=target_id)
        return page("target.html", code, t=target, error=error, form=form or {})

    @web.get("/", response_class=HTMLResponse)
    def home(status: str | None = None, offset: int = Query(0, ge=0)):
        return queue("orders", status, offset)

    @web.get("/ui/decisions", response_class=HTMLResponse)
    def trail(officer: str | None = None):
        """The audit trail, newest first."""
        return page("decisions.html", entries=review.decisions(officer=officer or None)[::-1], officer=officer)

    @web.get("/ui/{plural}", response_class=HTMLResponse)
    def queue(plural: str, status: str | None = None, offset: int = Query(0, ge=0)):
        kind = KINDS.get(plural)
        if kind is None:
            return page("missing.html", 404, kind=plural, target_id=None)
        status = status if status in (*DECISIONS, "undecided") else None
        listing = review.queue(kind, None, status, PAGE, offset)
        return page("queue.html", kind=kind, plural=plural, q=listing, status=status, titles=review.outputs.titles(),
                    counts=review.outputs.decisions_count() if kind == "order" else None)

    @web.get("/ui/orders/{order_id}", response_class=HTMLResponse)
    def order(order_id: str):
        return target_page("order", order_id)

    @web.get("/ui/parties/{party_id}", response_class=HTMLResponse)
    def party(party_id: str):
        return target_page("party", party_id)

    @web.post("/ui/decisions", response_class=HTMLResponse)
    async def record(request: Request):
        # Another site's page must not post decisions through the officer's browser.
        origin = request.headers.get("origin")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            return HTMLResponse("decisions are recorded from this site's own pages only", status_code=403)
        # A urlencoded form read by hand: one form does not justify another dependency.
        form = {k: v[0] for k, v in parse_qs((await request.body()).decode("utf-8"), keep_blank_values=True).items()}
        kind, target_id = form.get("target_kind", ""), form.get("target_id", "")
        try:
            review.record(kind, target_id, form.get("decision", ""), form.get("officer", ""), form.get("reason", ""))
        except UnknownTarget:
            return page("missing.html", 404, kind=kind, target_id=target_id)
        except DecisionError as exc:
            if kind not in KINDS.values():
                return page("missing.html", 404, kind=kind, target_id=target_id)
            return target_page(kind, target_id, 422, error=str(exc), form=form)
        plural = "orders" if kind == "order" else "parties"
        return RedirectResponse(f"/ui/{plural}/{quote(target_id, safe='')}", status_code=303)

    return web
