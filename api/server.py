"""The API's Starlette routes, handed to `st.App` by app.py (and usable by any Starlette app in tests).

Every answer carries the data version, the as-of date(s), the licence and a citation in its headers,
and (except `resolve`, whose body is the command line's) in a ``meta`` object. Handlers run in the
thread pool, off the event loop that serves the app's sessions. Read-only: GET and HEAD, CORS open
for them on /api/v1 only, no cookies; anything else under /api/ is a JSON 404 (or 405), never the
app's page, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from api.answers import Answer, records
from api.data import current_knowledge_base, knowledge_base
from api.query import ApiError, Query
from api.routes import PREFIX, SPECS, Spec
from explorer.share import citation
from policy.knowledge_base import DataError, KnowledgeBase

log = logging.getLogger("coverage.api")

READ = ("GET", "HEAD")
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
FORMATS = ("json", "csv")
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Max-Age": "86400",
}
# The data changes only with a release (a new data_version); intermediaries may keep an answer briefly.
CACHE_CONTROL = "public, max-age=300"
JSON_TYPE = "application/json; charset=utf-8"


def _ascii(text: str) -> str:
    """Header values are Latin-1 on the wire; the English texts are ASCII, anything else is escaped."""
    return text.encode("ascii", "backslashreplace").decode("ascii")


def meta(kb: KnowledgeBase, request: Request, name: str, dates: list[dt.date], pinned: bool) -> dict[str, Any]:
    link = str(request.url)
    today = dt.datetime.now(dt.UTC).date()
    return {
        "api_version": "v1",
        "route": name,
        "data_version": kb.meta.data_version,
        "pinned": pinned,
        "as_of": kb.meta.as_of.isoformat(),  # = last_checked (kept for clients of the first answers)
        "sources_up_to": kb.sources_up_to.isoformat(),  # the newest date a source states the law
        "last_checked": kb.last_checked.isoformat(),  # when the base was last searched for changes
        "dates": [d.isoformat() for d in dates],
        "after_as_of": any(d > kb.sources_up_to for d in dates),  # answered with the law as last known
        "licence": {"en": kb.meta.licence.en, "ru": kb.meta.licence.ru},
        "licence_url": str(kb.meta.licence_url) if kb.meta.licence_url else None,
        "attribution": {"en": kb.meta.attribution.en, "ru": kb.meta.attribution.ru},
        "citation": {lang: citation(kb, f"API {name}", link, today, lang) for lang in ("en", "ru")},
    }


def _headers(info: dict[str, Any], cors: bool) -> dict[str, str]:
    headers = {
        "X-Data-Version": info["data_version"],
        "X-Data-As-Of": info["as_of"],
        "X-Sources-Up-To": info["sources_up_to"],
        "X-Last-Checked": info["last_checked"],
        "X-Query-Dates": ",".join(info["dates"]),
        "X-Licence": _ascii(info["licence"]["en"]),
        "X-Citation": _ascii(info["citation"]["en"]),
        "Cache-Control": CACHE_CONTROL,
    }
    if info["licence_url"]:
        headers["Link"] = f'<{info["licence_url"]}>; rel="license"'
    if cors:
        headers.update(CORS)
    return headers


def _json(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    return Response(text.encode("utf-8"), status_code=status, headers=headers, media_type=JSON_TYPE)


def error_response(error: ApiError, cors: bool) -> Response:
    headers = dict(CORS) if cors else {}
    if error.status == 405:
        headers["Allow"] = "GET, HEAD, OPTIONS"
    return _json(error.body(), error.status, headers)


def _render(spec: Spec, request: Request) -> Response:
    """Validate, answer and serialise one request (runs in the thread pool)."""
    q = Query(request.query_params.multi_items(), spec.param_names())
    fmt = q.choice("format", FORMATS, default="json") if spec.table else "json"
    dv = q.raw("dv")
    kb = knowledge_base(dv)
    pinned = kb is not current_knowledge_base()
    if spec.handler is None:
        from api.openapi import document

        answer = Answer(body=document(kb, str(request.base_url).rstrip("/")))
    else:
        answer = spec.handler(kb, q)
    info = meta(kb, request, spec.name, answer.dates, pinned)
    headers = _headers(info, cors=True)
    if answer.raw is not None:
        return Response(answer.raw, headers=headers, media_type=JSON_TYPE)
    if fmt == "csv":
        text = answer.csv if answer.csv is not None else answer.table.to_csv(index=False, lineterminator="\n")  # type: ignore[union-attr]
        headers["Content-Disposition"] = f'inline; filename="{spec.name}-{kb.meta.data_version}.csv"'
        return Response(text.encode("utf-8"), headers=headers, media_type="text/csv; charset=utf-8")
    if spec.handler is None:  # an OpenAPI document admits extensions only as x-… fields
        return _json({**answer.body, "x-meta": info}, headers=headers)
    body: dict[str, Any] = {"meta": info, **answer.body}
    if answer.table is not None:
        body["rows"] = records(answer.table)
    return _json(body, headers=headers)


def endpoint(spec: Spec) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        if request.method == "OPTIONS":  # CORS preflight: GET only
            return Response(status_code=204, headers=CORS)
        if request.method not in READ:
            return error_response(ApiError(None, f"{request.method} is not allowed: the API is read-only",
                                           accepts=["GET", "HEAD"], status=405), cors=True)
        try:
            return await run_in_threadpool(_render, spec, request)
        except ApiError as error:
            return error_response(error, cors=True)
        except DataError as problem:
            log.error("data did not validate: %s", problem)
            return _json({"error": "data_unavailable", "message": "the data did not validate; see the server log"},
                         503, CORS)
        except Exception:  # never a traceback to the client; the server log has it
            log.exception("API %s failed", request.url.path)
            return _json({"error": "internal", "message": "the answer failed; see the server log"}, 500, CORS)

    handle.__name__ = f"api_{spec.name.replace('-', '_').replace('.', '_')}"
    return handle


async def not_found(request: Request) -> Response:
    """Anything under /api/ that is not a route: a JSON 404 naming the routes (the app's page otherwise)."""
    return _json({"error": "not_found", "message": f"no API route {request.url.path[:200]!r}",
                  "routes": [spec.path for spec in SPECS]}, 404)


def api_routes() -> list[BaseRoute]:
    """The routes app.py hands to `st.App` (they are matched before Streamlit's own)."""
    routes: list[BaseRoute] = [Route(spec.path, endpoint(spec), methods=ALL_METHODS) for spec in SPECS]
    routes.append(Route("/api", not_found, methods=ALL_METHODS))
    routes.append(Route("/api/{rest:path}", not_found, methods=ALL_METHODS))
    return routes


def route_paths() -> list[str]:
    return [spec.path for spec in SPECS]


def no_delay_on_listening_sockets() -> int:
    """Set TCP_NODELAY on this process's listening TCP sockets (Linux: accepted connections inherit it).

    Streamlit 1.67 makes its listening socket as ``socket.socket(family)``, protocol 0, and asyncio sets
    TCP_NODELAY only on connections whose protocol is IPPROTO_TCP; so an answer written in two sends
    (head, then body; a WebSocket's messages) waits on a reused connection for the peer's delayed ACK,
    40 ms each time. Returns how many sockets were set."""
    count = 0
    for entry in Path("/proc/self/fd").iterdir() if Path("/proc/self/fd").is_dir() else []:
        try:
            fd = int(entry.name)
            if not entry.readlink().name.startswith("socket:"):
                continue
            with socket.socket(fileno=os.dup(fd)) as sock:
                if (sock.type == socket.SOCK_STREAM and sock.family in (socket.AF_INET, socket.AF_INET6)
                        and sock.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN)):
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    count += 1
        except (OSError, ValueError):
            continue
    return count


@asynccontextmanager
async def warm(_app: Any) -> AsyncIterator[None]:
    """Load the newest data before the first request (one load, not one per early request)."""
    no_delay_on_listening_sockets()  # the server has bound its socket by now (checked in tests/api/test_live.py)
    try:
        await run_in_threadpool(current_knowledge_base)
    except DataError:  # the pages show the problems; the API answers 503 until the data is fixed
        log.error("the data did not validate; the API answers 503")
    yield


__all__ = ["PREFIX", "api_routes", "route_paths", "warm"]
