"""Downloads of the whole knowledge base: complete, readable back, deterministic; the Sources page's tables."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

from explorer import bundle
from explorer.tables import all_tables
from policy.kept import forget


def test_csv_zip_holds_every_table_and_reads_back(kb) -> None:
    archive = zipfile.ZipFile(io.BytesIO(bundle.to_csv_zip(kb)))
    names = set(archive.namelist())
    tables = all_tables(kb)
    assert names == {"README.txt"} | {f"{name}.csv" for name in tables}
    for name, frame in tables.items():
        back = pd.read_csv(io.BytesIO(archive.read(f"{name}.csv")), encoding="utf-8-sig")
        assert list(back.columns) == list(frame.columns), name
        assert len(back) == len(frame), name
    readme = archive.read("README.txt").decode("utf-8")
    assert kb.meta.data_version in readme and kb.meta.as_of.isoformat() in readme and "CC BY 4.0" in readme


def test_cyrillic_survives_the_csv(kb) -> None:
    archive = zipfile.ZipFile(io.BytesIO(bundle.to_csv_zip(kb)))
    states = pd.read_csv(io.BytesIO(archive.read("states.csv")), encoding="utf-8-sig")
    assert "Россия" in set(states["name_ru"])


def test_xlsx_has_every_table_as_a_sheet(kb) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(bundle.to_xlsx(kb)), read_only=True)
    tables = all_tables(kb)
    assert workbook.sheetnames == ["about", *[n[:31] for n in tables]]
    for name, frame in tables.items():
        assert workbook[name[:31]].max_row == len(frame) + 1, name  # header + rows
    about = {row[0]: row[1] for row in workbook["about"].iter_rows(values_only=True)}
    assert about["data_version"] == kb.meta.data_version


def test_json_has_meta_and_every_table(kb) -> None:
    data = json.loads(bundle.to_json(kb))
    assert data["about"]["as_of"] == kb.meta.as_of.isoformat()
    assert set(data["tables"]) == set(all_tables(kb))
    assert len(data["tables"]["sources"]) == len(kb.sources)


def test_exports_are_deterministic(kb) -> None:
    import time

    first = {build: build(kb) for build in (bundle.to_csv_zip, bundle.to_xlsx, bundle.to_json)}
    time.sleep(1.1)  # a file that stamps the current time (to the second) would now differ
    for build, data in first.items():
        assert build(kb) == data, build.__name__


def test_xlsx_keeps_text_that_looks_like_a_formula_as_text(kb) -> None:
    import dataclasses

    from openpyxl import load_workbook

    source = next(iter(kb.sources.values()))
    hostile = dataclasses.replace(kb, sources={**kb.sources, source.id: source.model_copy(update={"note": "=1+1"})})
    forget(hostile, "tables")
    sheet = load_workbook(io.BytesIO(bundle.to_xlsx(hostile)))["sources"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("note")  # note_ru (the Russian twin) follows it
    notes = [row[column] for row in rows[1:]]
    assert "=1+1" in notes
    assert all(cell.data_type != "f" for row in sheet.iter_rows(min_row=2) for cell in row)


def test_bibliography_lists_every_source_with_its_citations(kb) -> None:
    for lang in ("en", "ru"):
        frame = bundle.bibliography(kb, lang)
        assert len(frame) == len(kb.sources) and set(frame["source_id"]) == set(kb.sources)
    counts = bundle.citation_counts(kb)
    cited_by_rules = {s for r in kb.rules for s in r.sources}
    assert all(counts[s] > 0 for s in cited_by_rules)
    assert counts["garant-326fz-art10"] >= 2  # rules and the glossary cite it
    # a record counts once, however many of its facts cite the source
    expected = {r.id for r in kb.rules if "garant-326fz-art10" in r.sources}
    expected |= {t for t, e in kb.vocabulary.glossary.items() if "garant-326fz-art10" in e.sources}
    expected |= {i.id for i in kb.instruments.values()
                 if "garant-326fz-art10" in i.sources or any(p.source == "garant-326fz-art10" for p in i.parties)
                 or any(a.source == "garant-326fz-art10" for a in i.articles)}
    expected |= {q.id for q in kb.open_questions.values() if "garant-326fz-art10" in q.sources}
    assert counts["garant-326fz-art10"] >= len(expected)


def test_the_bibliography_and_citation_counts_are_kept_and_are_what_counting_gives(kb) -> None:
    forget(kb, "bibliography", "citation_counts")
    en, counts = bundle.bibliography(kb, "en"), bundle.citation_counts(kb)
    assert bundle.bibliography(kb, "en") is en and bundle.citation_counts(kb) is counts
    assert bundle.bibliography(kb, "ru") is not en
    forget(kb, "bibliography", "citation_counts")
    pd.testing.assert_frame_equal(bundle.bibliography(kb, "en"), en)
    assert bundle.citation_counts(kb) == counts and bundle.citation_counts(kb) is not counts


def test_bibliography_titles_in_the_language(kb) -> None:
    sid = "garant-326fz-art10"
    en = bundle.bibliography(kb, "en").set_index("source_id").loc[sid]
    ru = bundle.bibliography(kb, "ru").set_index("source_id").loc[sid]
    assert en["title"] == kb.sources[sid].title_en and ru["title"] == kb.sources[sid].title


def test_search_is_plain_text_and_case_insensitive(kb) -> None:
    frame = bundle.bibliography(kb, "en")
    assert len(bundle.search(frame, "")) == len(frame)
    hits = bundle.search(frame, "ГАРАНТ")
    assert 0 < len(hits) < len(frame) and (hits["publisher"] == "ГАРАНТ").any()
    assert len(bundle.search(frame, "гарант")) == len(hits)
    assert bundle.search(frame, ".*").empty  # not a regular expression


def test_open_questions_view_has_every_question(kb) -> None:
    frame = bundle.open_questions_view(kb, "ru")
    assert len(frame) == len(kb.open_questions)
    assert frame["question"].str.len().min() > 0
