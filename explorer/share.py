"""Sharing a view: its public link, a citation (short and long, EN and RU) and a QR code, made locally.

The link never points at 127.0.0.1: people in the room open it on their phones. Its base is, in
order: the configured public address (``COVERAGE_PUBLIC_URL``: the public site, or the room's
address), the address the browser used when that is not a loopback one, else this machine's address
on the local network. ``None`` when none is known: the Share dialog then says how to configure it.
"""

from __future__ import annotations

import datetime as dt
import io
import ipaddress
import socket
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode, urlsplit

from explorer.i18n import t
from explorer.view_state import FIELDS, decode
from policy.knowledge_base import KnowledgeBase

PUBLIC_URL_ENV = "COVERAGE_PUBLIC_URL"


def _is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return (
            ipaddress.ip_address(host.strip("[]")).is_loopback or ipaddress.ip_address(host.strip("[]")).is_unspecified
        )
    except ValueError:
        return host.endswith(".localhost")


def valid_base_url(text: str | None) -> str | None:
    """``text`` as a base URL (http/https, a host, no query or fragment), without a trailing slash."""
    if not text:
        return None
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def lan_address() -> str | None:
    """This machine's address on its local network (no packet is sent: a UDP socket only picks the
    interface a route would use), or None when it has none but loopback."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("10.254.254.254", 1))
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if _is_loopback(address) else address


def public_base_url(configured: str | None, request_url: str | None, port: int, lan: str | None = None) -> str | None:
    """The base of every shared link and QR code (see the module's docstring for the order)."""
    base = valid_base_url(configured)
    if base:
        return base
    seen = urlsplit(request_url or "")
    if seen.scheme in ("http", "https") and seen.hostname and not _is_loopback(seen.hostname):
        return f"{seen.scheme}://{seen.netloc}"
    return f"http://{lan}:{port}" if lan else None


def share_link(base: str, page_path: str, params: Mapping[str, str], pin_version: str | None = None) -> str:
    """``base/page?params`` with the data version pinned (``dv=``) when asked."""
    query = {k: v for k, v in params.items() if k != "dv"}
    if pin_version:
        query["dv"] = pin_version
    path = page_path.strip("/")
    return f"{base}/{path}" + (f"?{urlencode(query)}" if query else "")


def citation(kb: KnowledgeBase, view_title: str, link: str, accessed: dt.date, lang: str, long: bool = False) -> str:
    """How to cite the view: short (one line) or long (with the licence and the sources' note)."""
    title = kb.meta.title.in_lang(lang)
    short = t(
        "share.cite.short",
        lang,
        title=title,
        view=view_title,
        version=kb.meta.data_version,
        as_of=kb.sources_up_to,
        checked=kb.last_checked,
        link=link,
        accessed=accessed,
    )
    if not long:
        return short
    return t(
        "share.cite.long",
        lang,
        short=short,
        maintainer=kb.meta.maintainer.in_lang(lang),
        licence=kb.meta.licence.in_lang(lang),
        year=str(kb.meta.as_of.year),
    )


def qr_png(link: str, scale: int = 6) -> bytes:
    """The QR code of the link as PNG (segno, pure Python: nothing leaves the machine)."""
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(link: str, scale: int = 4) -> str:
    import segno

    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False)
    return buffer.getvalue().decode("utf-8")


# --- the JSON and CSV twin of a view (the API answer with the same data) --------------------------

API_PREFIX = "/api/v1"
# Pages with a twin: the route and the link parameters it reads. Briefs have none (a brief is a
# document made of several answers; its charts' CSVs are in the view's bundle).
TWIN_ROUTES = {
    "home": "states",
    "overview": "states",
    "instruments": "instruments",
    "sources": "sources",
    "coverage": "matrix",
    "compare": "compare",
    "family": "family",
    "scenarios": "impact",
}


def api_twin(kb: KnowledgeBase, page_path: str, params: Mapping[str, str | Sequence[str]],
             pin_version: str | None = None) -> tuple[str, str] | None:
    """The view's twin in the API: (JSON URL, CSV URL), relative to the site (same origin), with the
    same data as the page for the link's parameters; None for a page without one. The parameters are
    read as the page reads them (``decode``: a bad value falls back to its default, as on the page)."""
    page = page_path.strip("/") or "home"
    route = TWIN_ROUTES.get(page)
    if route is None:
        return None
    state, _ = decode(params, kb)
    day = state.resolved_date(kb).isoformat()
    query: dict[str, str] = {}
    if route == "matrix":  # the Coverage page's heatmap: every host × origin cell of its selection
        query = {"date": day, "person": state.person, "status": state.status, "residence": state.residence,
                 "care": state.care}
        if state.vhi != "none":
            query["vhi"] = state.vhi
        if state.scenario:
            query["scenario"] = state.scenario
    elif route == "compare":
        query = {"states": ",".join(state.states), "date": day, "origin": state.origin, "lang": state.lang}
    elif route == "family":
        query = {"host": state.host, "origin": state.origin, "date": day, "status": state.status,
                 "household": FIELDS["household"].encode(state.household), "lang": state.lang}
        if state.years:
            query["contribution-years"] = f"{state.years:g}"
        if state.scenario:
            query["scenario"] = state.scenario
    elif route == "impact":  # the Scenarios page: the chosen scenario (else the first) against the law
        query = {"scenario": state.scenario or next(iter(kb.scenarios)), "date": day, "vhi": state.vhi}
        if state.years:
            query["contribution-years"] = f"{state.years:g}"
        if state.assume:
            query["assume"] = FIELDS["assume"].encode(state.assume)
    if pin_version:
        query["dv"] = pin_version
    json_url = f"{API_PREFIX}/{route}" + (f"?{urlencode(query, safe=',~')}" if query else "")
    csv_url = json_url + ("&" if query else "?") + "format=csv"
    return json_url, csv_url
