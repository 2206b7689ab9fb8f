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
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit

from explorer.i18n import t
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
        as_of=kb.meta.as_of,
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
