"""Honest dates (sources_up_to vs last_checked) and the data format 2 contract (Russian twins),
with older releases still loading through the format migration."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from policy import DataError, load_knowledge_base, make_case, resolve
from policy.knowledge_base import sources_up_to
from policy.migrations import ENGLISH_ONLY_MARKER, is_english_only
from policy.releases import load_release, release_versions

from .conftest import run_cli


def test_sources_up_to_is_the_newest_law_stating_source_and_never_after_the_check(kb):
    stated = [s for s in kb.sources.values() if s.published and s.kind not in ("dataset", "academic")]
    newest = max(dt.date.fromisoformat((s.published + "-01-01")[:10]) if len(s.published) == 4 else
                 dt.date.fromisoformat((s.published + "-01")[:10]) if len(s.published) == 7 else
                 dt.date.fromisoformat(s.published) for s in stated)
    assert kb.sources_up_to == min(newest, kb.last_checked)
    assert kb.sources_up_to < kb.last_checked  # the sources are older than the last check
    assert kb.meta.as_of == kb.last_checked  # compatible accessor: the default view date


def test_sources_up_to_counts_a_partial_date_from_its_first_day_and_skips_datasets(kb):
    source = next(iter(kb.sources.values()))
    dated = [source.model_copy(update={"published": "2026-11", "kind": "news"}),
             source.model_copy(update={"published": "2026-12-01", "kind": "dataset"})]
    assert sources_up_to(dated, dt.date(2026, 12, 5)) == dt.date(2026, 11, 1)
    assert sources_up_to(dated, dt.date(2026, 10, 1)) == dt.date(2026, 10, 1)


def test_a_query_after_sources_up_to_says_the_law_is_as_last_known(kb):
    def explain(day: dt.date) -> str:
        case = make_case(kb, host="RU", origin="KG", person="spouse", status="contract", residence="stay",
                         care="primary", date=day.isoformat())
        return resolve(kb, case).explanation["en"]

    assert "law as last known" not in explain(kb.sources_up_to)
    later = explain(kb.sources_up_to + dt.timedelta(days=1))
    assert "law as last known" in later and kb.last_checked.strftime("%-d %b %Y") in later


def test_cli_json_shows_both_dates(kb):
    done = run_cli("resolve", "--host", "RU", "--origin", "KG", "--person", "spouse", "--status", "contract",
                   "--residence", "stay", "--care", "primary", "--date", "2026-06-01")
    answer = json.loads(done.stdout)
    assert answer["sources_up_to"] == kb.sources_up_to.isoformat()
    assert answer["last_checked"] == kb.last_checked.isoformat()
    assert all("article_ru" in item for item in answer["basis"])


def test_every_shown_english_text_has_its_russian_twin(kb):
    for source in kb.sources.values():
        assert source.note is None or (source.note_ru and not is_english_only(source.note_ru)), source.id
    for rule in kb.rules:
        for ref in rule.basis:
            assert ref.article is None or (ref.article_ru and not is_english_only(ref.article_ru)), rule.id
    for inst in kb.instruments.values():
        for article in inst.articles:
            assert article.ref_ru and not is_english_only(article.ref_ru), inst.id


def test_a_missing_russian_twin_fails_from_format_2(data_copy):
    path = data_copy / "sources" / "truth-pass-2026-12.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index('- id: "vlast-2015-08-12-kg-eaeu-member"')
    twin = text.index("  note_ru:", start)
    end = text.index("\n", twin) + 1
    path.write_text(text[:twin] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="vlast-2015-08-12-kg-eaeu-member.*note_ru"):
        load_knowledge_base(data_copy)


def test_older_releases_load_with_english_only_text_marked():
    old = [v for v in release_versions() if v.startswith("2026.11")]
    assert old
    for version in old:
        kb = load_release(version)
        assert kb.data_format == 1 and kb.meta.last_checked == dt.date(2026, 11, 23)
        notes = [s.note_ru for s in kb.sources.values() if s.note]
        assert notes and all(n.startswith(ENGLISH_ONLY_MARKER) for n in notes)
        assert kb.sources_up_to <= kb.last_checked
