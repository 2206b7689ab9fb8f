"""The whole knowledge base as downloads (CSV in a zip, XLSX, JSON), and the Sources page's tables.

Every export is deterministic: the same data gives byte-identical files (fixed zip timestamps, sorted
keys, no generation time), so an analyst can cite a file and reproduce it. Each carries the data
version, the as-of date and the licence.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pandas as pd

from explorer.i18n import t
from explorer.tables import all_tables
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase

ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed, so the zip's bytes depend on the data only


def about(kb: KnowledgeBase) -> dict[str, Any]:
    """Version, as-of, licence and attribution: what every download states."""
    meta = kb.meta
    return {
        "title": meta.title.en,
        "title_ru": meta.title.ru,
        "data_version": meta.data_version,
        "as_of": meta.as_of.isoformat(),
        "licence": meta.licence.en,
        "licence_ru": meta.licence.ru,
        "licence_url": meta.licence_url,
        "attribution": meta.attribution.en,
        "attribution_ru": meta.attribution.ru,
        "tables": list(all_tables(kb)),
    }


def _readme(kb: KnowledgeBase) -> str:
    info = about(kb)
    lines = [
        info["title"], info["title_ru"], "",
        f"Data version {info['data_version']}, as of {info['as_of']}.",
        f"Licence: {info['licence']} ({info['licence_url']})",
        f"Лицензия: {info['licence_ru']}",
        f"Cite as: {info['attribution']}, as of {info['as_of']}.",
        "", "Tables (one CSV each, UTF-8 with BOM; bilingual text in *_en / *_ru columns;",
        "every fact keeps its source id, whose full reference is in sources.csv):",
        *[f"- {name}.csv" for name in info["tables"]], "",
    ]
    return "\n".join(lines)


def to_csv_zip(kb: KnowledgeBase) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        add("README.txt", _readme(kb).encode("utf-8"))
        for name, frame in all_tables(kb).items():
            # BOM: Excel then opens the Cyrillic text correctly
            add(f"{name}.csv", frame.to_csv(index=False).encode("utf-8-sig"))
    return buffer.getvalue()


def to_xlsx(kb: KnowledgeBase) -> bytes:
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "about"
    for key, value in about(kb).items():
        sheet.append([key, ", ".join(value) if isinstance(value, list) else value])
    for name, frame in all_tables(kb).items():
        ws = workbook.create_sheet(name[:31])
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            values = [None if (not isinstance(v, str) and pd.isna(v)) else v for v in row]
            ws.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values])
        for cells in ws.iter_rows(min_row=2):
            for cell in cells:
                if cell.data_type == "f":  # text from the data is text: "=..." never becomes a formula
                    cell.data_type = "s"
    stamp = dt.datetime(2020, 1, 1)
    workbook.properties.created = workbook.properties.modified = stamp
    buffer = io.BytesIO()
    # ExcelWriter, not workbook.save(): save() stamps the current time into docProps/core.xml
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite an XLSX (a zip) with fixed member timestamps, keeping member order and content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def to_json(kb: KnowledgeBase) -> bytes:
    tables = {
        name: json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))
        for name, frame in all_tables(kb).items()
    }
    return json.dumps({"about": about(kb), "tables": tables}, ensure_ascii=False, sort_keys=True, indent=1).encode(
        "utf-8"
    )


RECORD_KIND = {"state_facts": "states", "parties": "instruments"}  # rows of these tables belong to those records


def citation_counts(kb: KnowledgeBase) -> dict[str, int]:
    """How many records (a state, an instrument, a rule, an open question, a figure, a scenario, a
    glossary term) cite each source; a record citing a source in several of its facts counts once.
    Counted once per knowledge base (shared: never changed in place)."""
    return kept(kb, "citation_counts", None, lambda: _citation_counts(kb))


def _citation_counts(kb: KnowledgeBase) -> dict[str, int]:
    citing: dict[str, set[tuple[str, str]]] = {sid: set() for sid in kb.sources}
    for name, frame in all_tables(kb).items():
        if name == "sources" or frame.empty:
            continue
        key = frame.columns[0]  # every table's first column names its record
        for column in ("sources", "source_id", "source"):
            if column in frame.columns:
                for record, cell in zip(frame[key], frame[column], strict=False):
                    if isinstance(cell, str):
                        for sid in cell.split():
                            if sid in citing:
                                citing[sid].add((RECORD_KIND.get(name, name), str(record)))
    return {sid: len(records) for sid, records in citing.items()}


def bibliography(kb: KnowledgeBase, lang: str) -> pd.DataFrame:
    """Every source with its titles, publisher, dates and how many records cite it, sorted by publisher
    and title. Made once per knowledge base and language: the Sources page draws it on every run
    (≈ 15 ms to make, with the counts). Shared by every session: never changed in place (a search makes a
    new frame)."""
    return kept(kb, "bibliography", lang, lambda: _bibliography(kb, lang))


def _bibliography(kb: KnowledgeBase, lang: str) -> pd.DataFrame:
    counts = citation_counts(kb)
    rows = [
        {
            "source_id": s.id,
            "title": s.title_en if lang == "en" and s.title_en else s.title,
            "original_title": s.title,
            "publisher": s.publisher,
            "kind": t(f"source.kind.{s.kind}", lang),
            "language": s.language,
            "published": s.published,
            "accessed": s.accessed.isoformat(),
            "cited_by": counts[s.id],
            "url": s.url,
            "note": s.note_ru if lang == "ru" and s.note_ru else s.note,
        }
        for s in kb.sources.values()
    ]
    return pd.DataFrame(rows).sort_values(["publisher", "title"], key=lambda c: c.str.lower()).reset_index(drop=True)


def open_questions_view(kb: KnowledgeBase, lang: str) -> pd.DataFrame:
    rows = [
        {
            "question_id": q.id,
            "question": q.question.in_lang(lang),
            "context": q.context.in_lang(lang),
            "status": q.status,
            "states": " ".join(q.states),
            "instruments": " ".join(q.instruments),
            "sources": " ".join(q.sources),
            "as_of": q.as_of.isoformat(),
        }
        for q in kb.open_questions.values()
    ]
    return pd.DataFrame(rows)


def search(frame: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows containing ``text`` in any column (case-insensitive, plain substring: no regex from users)."""
    needle = text.strip().lower()
    if not needle:
        return frame
    haystack = frame.astype(str).apply(lambda col: col.str.lower())
    mask = haystack.apply(lambda col: col.str.contains(needle, regex=False)).any(axis=1)
    return frame[mask].reset_index(drop=True)
