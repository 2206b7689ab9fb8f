"""Downloads made locally, with no online service: a chart as PNG, SVG and the CSV of exactly the data
it draws; a table as CSV and XLSX; a view's bundle (ZIP) with data, metadata and a README.

Charts are rendered by vl-convert (Vega-Lite compiled and drawn in-process by an embedded engine, no
browser, no network) from the same framed spec the page draws, so the title, subtitle, source line
and as-of travel inside the image.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from explorer.i18n import t
from policy.knowledge_base import KnowledgeBase

EXPORT_WIDTH = 760  # px of the plot in a downloaded chart: a newspaper column at 2× for PNG
PNG_SCALE = 2


def static_spec(spec: Mapping[str, Any], width: int = EXPORT_WIDTH) -> dict[str, Any]:
    """The spec as a standalone image: a fixed width instead of the page's container, white
    background, no interactive selections (they mean nothing in a file)."""
    out = copy.deepcopy(dict(spec))
    out["background"] = "white"
    out["padding"] = 12

    def fix(node: dict[str, Any]) -> None:
        if node.get("width") == "container":
            node["width"] = width
        node.pop("params", None)
        for layer in node.get("layer", []):
            fix(layer)

    fix(out)
    out["autosize"] = {"type": "pad", "contains": "padding"}
    return out


def chart_svg(spec: Mapping[str, Any]) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(static_spec(spec))


def chart_png(spec: Mapping[str, Any], scale: float = PNG_SCALE) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_png(static_spec(spec), scale=scale)


def chart_rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows a chart draws: the inline values of its data (top level, layers, named datasets).

    Geometry and other nested values (a map's shapes) are left out: a CSV holds the figures, not the
    drawing. Rows shared by several layers are listed once."""
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()

    def take(values: Any) -> None:
        if isinstance(values, list) and id(values) not in seen:
            seen.add(id(values))
            for row in values:
                if isinstance(row, Mapping):
                    rows.append({k: v for k, v in row.items() if not isinstance(v, (Mapping, list))})

    def walk(node: Mapping[str, Any]) -> None:
        data = node.get("data")
        if isinstance(data, Mapping):
            values = data.get("values")
            if isinstance(values, Mapping) and isinstance(values.get("features"), list):
                # GeoJSON: the figures are each shape's properties, not its coordinates
                take([f.get("properties") for f in values["features"] if isinstance(f, Mapping)])
            else:
                take(values)
        for layer in node.get("layer", []) or []:
            if isinstance(layer, Mapping):
                walk(layer)
        inner = node.get("spec")
        if isinstance(inner, Mapping):
            walk(inner)

    walk(spec)
    for values in (spec.get("datasets") or {}).values():
        take(values)
    return [r for r in rows if r]


def chart_csv(spec: Mapping[str, Any]) -> bytes:
    rows = chart_rows(spec)
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
        t("export.about.as_of", lang): kb.meta.as_of.isoformat(),
        t("export.about.version", lang): kb.meta.data_version,
        t("export.about.licence", lang): getattr(kb.meta.licence, lang),
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
        "title": getattr(kb.meta.title, lang),
        "view": bundle.page,
        "link": link,
        "data_version": kb.meta.data_version,
        "data_as_of": kb.meta.as_of.isoformat(),
        "accessed": accessed.isoformat(),
        "licence": getattr(kb.meta.licence, lang),
        "licence_url": str(kb.meta.licence_url or ""),
        "citation": citation,
        "method": "docs/method.md, docs/engine.md (in the Coverage Explorer repository)",
        "files": [{"name": f"{i.name}.csv", "title": i.title} for i in bundle.items],
        "sources": sources,
    }
    lines = [
        f"# {getattr(kb.meta.title, lang)}",
        "",
        t("export.readme.view", lang, view=bundle.page),
        t("export.readme.link", lang, link=link),
        t("export.readme.version", lang, version=kb.meta.data_version, as_of=kb.meta.as_of),
        "",
        f"## {t('export.readme.cite', lang)}",
        "",
        citation,
        "",
        f"## {t('export.readme.terms', lang)}",
        "",
        getattr(kb.meta.licence, lang),
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
