"""Downloads made locally, with no online service: a chart as PNG, SVG and the CSV of exactly the data
it draws; a table as CSV and XLSX; a view's bundle (ZIP) with data, metadata and a README.

Chart images are drawn by kaleido from the same framed Plotly figure the page draws, so the title,
subtitle, source line, as-of date and licence travel inside the image. kaleido drives the machine's own
Chromium with every look-up off the machine refused (OFFLINE_FLAGS); without a Chromium the page points
to the chart toolbar's own PNG.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import threading
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from explorer.charts.frame import FRAME_PAD, Chart, for_width
from explorer.i18n import t
from policy.knowledge_base import KnowledgeBase

EXPORT_WIDTH = 760  # px of a downloaded chart: a newspaper column (PNG at 2×)
PNG_SCALE = 2
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Debian's /usr/bin/chromium is a shell script that adds Google API keys and remote extensions (which
# then call accounts.google.com and update.googleapis.com): kaleido starts the browser itself.
CHROMIUM_BINARY = Path("/usr/lib/chromium/chromium")
TOPOJSON_DIR = Path(__file__).resolve().parents[1] / "static" / "topojson"
# Chromium started by kaleido must make no look-up or connection off the machine: it would otherwise
# resolve Google hosts (component updates, safe browsing, metrics). The resolver rule refuses every
# name, so even a figure asking for an outside file fails here instead of leaving the machine.
OFFLINE_FLAGS = (
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-sync",
    "--disable-quic",
    "--no-pings",
    "--no-first-run",
    "--dns-prefetch-disable",
    "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
    "CertificateTransparencyComponentUpdater,NetworkTimeServiceQuerying",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
_KALEIDO_LOCK = threading.Lock()


def chromium_path() -> Path:
    """The Chromium kaleido starts: Debian's binary itself when it is there, else CHROMIUM."""
    if "CHROMIUM_PATH" not in os.environ and CHROMIUM_BINARY.is_file():
        return CHROMIUM_BINARY
    return CHROMIUM


def chromium_available() -> bool:
    """Server-side images need a Chromium on this machine (Debian's chromium package)."""
    path = chromium_path()
    return path.is_file() and os.access(path, os.X_OK)


def export_figure(chart: Chart, width: int = EXPORT_WIDTH, image: bool = True) -> go.Figure:
    """The framed figure as a standalone image: its frame wrapped for the image's width, white
    background, no interaction (a selection means nothing in a file)."""
    fig = for_width(chart, width - 2 * FRAME_PAD - 24).framed_figure()
    fig.update_layout(width=width, clickmode="none")
    if image and "grid" in chart.extra:
        from explorer.charts.coverage_heatmap import fixed_width_grid

        fixed_width_grid(fig)
    return fig


def _kaleido_server() -> None:
    """One kaleido server per process (a cold call starts Chromium: about 4 s; a warm one ≈ 0.25 s)."""
    import kaleido
    from choreographer.browsers.chromium import Chromium

    class OfflineChromium(Chromium):
        def get_cli(self) -> list[str]:
            # about:blank last: without a page to open, Chromium opens its home page (a search engine)
            return [*super().get_cli(), *OFFLINE_FLAGS, "about:blank"]

    if not kaleido._global_server.is_running():
        kaleido.start_sync_server(path=str(chromium_path()), browser_cls=OfflineChromium, enable_extensions=False,
                                  mathjax=False, silence_warnings=True)


def _image(chart: Chart, fmt: str, scale: float) -> bytes:
    if not chromium_available():
        raise RuntimeError(f"no Chromium at {chromium_path()}: use the chart toolbar's own PNG download")
    import kaleido

    fig = export_figure(chart)
    with _KALEIDO_LOCK:
        _kaleido_server()
        spec = fig.to_plotly_json()
        spec["layout"].pop("template", None)  # none: the frame wrote it into the layout (kaleido needs a dict or none)
        data = kaleido.calc_fig_sync(
            spec,
            opts={"format": fmt, "width": fig.layout.width, "height": fig.layout.height, "scale": scale},
            topojson=TOPOJSON_DIR.as_uri() + "/",
        )
    return bytes(data)


def chart_svg(chart: Chart) -> str:
    return _image(chart, "svg", 1).decode("utf-8")


def chart_png(chart: Chart, scale: float = PNG_SCALE) -> bytes:
    return _image(chart, "png", scale)


def chart_json(chart: Chart) -> bytes:
    """The framed figure as Plotly JSON (analysts read it back with plotly.io.from_json)."""
    return export_figure(chart, image=False).to_json().encode("utf-8")


def chart_rows(chart: Chart) -> list[dict[str, Any]]:
    """The rows a chart draws, one per mark (geometry left out: a CSV holds the figures)."""
    return [{k: v for k, v in row.items() if not isinstance(v, (Mapping, list, tuple))} for row in chart.rows]


def chart_csv(chart: Chart) -> bytes:
    rows = chart_rows(chart)
    columns = list(dict.fromkeys(k for r in rows for k in r))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")  # BOM: Excel opens Cyrillic text correctly


def table_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8-sig")


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool, dt.date)):
        return value if not (isinstance(value, float) and value != value) else None
    return str(value)


def table_xlsx(frame: pd.DataFrame, about: Mapping[str, str], sheet: str = "data") -> bytes:
    """The table on its first sheet, and an "about" sheet with its source, as-of, version, licence and
    citation, so the file stands alone when it is forwarded."""
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    data.title = sheet[:31]
    data.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        data.append([_cell(v) for v in row])
    info = book.create_sheet("about")
    for key, value in about.items():
        info.append([key, value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def about(kb: KnowledgeBase, lang: str, title: str, sources: str, citation: str = "") -> dict[str, str]:
    """What every downloaded file says about itself (the "about" sheet, the bundle's metadata)."""
    out = {
        t("export.about.title", lang): title,
        t("export.about.sources", lang): sources or "—",
        t("export.about.as_of", lang): kb.sources_up_to.isoformat(),
        t("export.about.checked", lang): kb.last_checked.isoformat(),
        t("export.about.version", lang): kb.meta.data_version,
        t("export.about.licence", lang): kb.meta.licence.in_lang(lang),
        t("export.about.licence_url", lang): str(kb.meta.licence_url or ""),
    }
    if citation:
        out[t("export.about.citation", lang)] = citation
    return out


@dataclass
class ViewItem:
    """One chart or table a view showed: a file name and its data as CSV, or the function that makes
    it (pages register every chart and table on every rerun; the CSV is only needed for a download)."""

    name: str
    title: str
    csv: bytes | Callable[[], bytes]
    source_ids: tuple[str, ...] = ()

    def content(self) -> bytes:
        return self.csv() if callable(self.csv) else self.csv


@dataclass
class ViewBundle:
    """What one view showed, collected while the page is drawn, zipped on demand."""

    page: str
    items: list[ViewItem] = field(default_factory=list)

    def add(self, item: ViewItem) -> None:
        names = {i.name for i in self.items}
        base, n = item.name, 2
        while item.name in names:  # two tables with one name: keep both
            item.name, n = f"{base}-{n}", n + 1
        self.items.append(item)


def bundle_zip(bundle: ViewBundle, kb: KnowledgeBase, lang: str, link: str, citation: str,
               accessed: dt.date) -> bytes:
    """A ZIP: every chart's and table's CSV, metadata.json (sources, as-of, version, method, link) and a
    README with the citation and the terms of reuse."""
    source_ids = list(dict.fromkeys(s for item in bundle.items for s in item.source_ids if s in kb.sources))
    sources = [
        {"id": s, "title": kb.sources[s].title, "publisher": kb.sources[s].publisher, "url": str(kb.sources[s].url),
         "accessed": kb.sources[s].accessed.isoformat()}
        for s in source_ids
    ]
    metadata = {
        "title": kb.meta.title.in_lang(lang),
        "view": bundle.page,
        "link": link,
        "data_version": kb.meta.data_version,
        "data_as_of": kb.meta.as_of.isoformat(),  # kept for readers of older bundles: the release date
        "sources_up_to": kb.sources_up_to.isoformat(),
        "last_checked": kb.last_checked.isoformat(),
        "accessed": accessed.isoformat(),
        "licence": kb.meta.licence.in_lang(lang),
        "licence_url": str(kb.meta.licence_url or ""),
        "citation": citation,
        "method": "docs/method.md, docs/engine.md (in the Coverage Explorer repository)",
        "files": [{"name": f"{i.name}.csv", "title": i.title} for i in bundle.items],
        "sources": sources,
    }
    lines = [
        f"# {kb.meta.title.in_lang(lang)}",
        "",
        t("export.readme.view", lang, view=bundle.page),
        t("export.readme.link", lang, link=link),
        t("export.readme.version", lang, version=kb.meta.data_version, as_of=kb.sources_up_to,
          checked=kb.last_checked),
        "",
        f"## {t('export.readme.cite', lang)}",
        "",
        citation,
        "",
        f"## {t('export.readme.terms', lang)}",
        "",
        kb.meta.licence.in_lang(lang),
        str(kb.meta.licence_url or ""),
        "",
        f"## {t('export.readme.files', lang)}",
        "",
        *[f"- {i.name}.csv — {i.title}" for i in bundle.items],
        "- metadata.json",
        "",
        f"## {t('export.readme.sources', lang)}",
        "",
        *[f"- {s['publisher']}: {s['title']} {s['url']}".rstrip() for s in sources],
        "",
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", "\n".join(lines))
        archive.writestr("metadata.json", json.dumps(metadata, ensure_ascii=False, indent=2))
        for item in bundle.items:
            archive.writestr(f"{item.name}.csv", item.content())
    return buffer.getvalue()


def safe_name(*parts: Iterable[str] | str) -> str:
    """A file name from codes and dates (never from user text): letters, digits, dashes."""
    text = "-".join(str(p) for p in parts if str(p))
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in text).strip("-.")[:120] or "export"
