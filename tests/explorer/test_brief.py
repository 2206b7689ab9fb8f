"""Briefs: what they say matches the engine and the data; the HTML is inert and self-contained; the
PDF's Russian text can be extracted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest

from explorer.brief.html import brief_html, safe_svg
from explorer.brief.model import build_brief, merged_articles, origin_groups, status_for_pair
from explorer.brief.pdf import brief_pdf
from explorer.i18n import t
from policy import make_case, resolve
from policy.kept import forget
from policy.models import CARES, PERSONS

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def day(kb):
    return kb.meta.as_of


def _cell(brief, section: int, person: str, care: str) -> str:
    sec = brief.sections[section]
    return sec.rows[PERSONS.index(person)][1][CARES.index(care)]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_corridor_brief_matches_the_engine(kb, day, lang):
    brief = build_brief(kb, lang, day, "RU", "KG")
    assert brief.kind == "corridor" and len(brief.sections) == 1
    assert kb.states["KG"].name_from.__getattribute__(lang) in brief.subtitle
    for person in PERSONS:
        for care in CARES:
            answer = resolve(kb, make_case(kb, host="RU", origin="KG", person=person, status="contract",
                                           residence="stay", care=care, date=day))
            assert kb.label("level", answer.level, lang) in _cell(brief, 0, person, care)
    # the spouse's primary care, in words (the chart is not the only carrier of the level)
    spouse = resolve(kb, make_case(kb, host="RU", origin="KG", person="spouse", status="contract", residence="stay",
                                   care="primary", date=day))
    assert _cell(brief, 0, "spouse", "primary").endswith(kb.label("level", spouse.level, lang))
    # the open question the childbirth answer depends on comes first
    assert brief.questions and brief.questions[0].id == "oq-ru-childbirth-foreigners"
    assert brief.questions[0].question == getattr(kb.open_questions["oq-ru-childbirth-foreigners"].question, lang)
    # the legal basis names the instruments, with articles
    basis = {b.instrument: b for b in brief.basis}
    assert "ru-326fz-oms" in basis and basis["ru-326fz-oms"].name == getattr(kb.instruments["ru-326fz-oms"].name, lang)
    assert any(("ст. 10" if lang == "ru" else "Art. 10") in a for a in basis["ru-326fz-oms"].articles)
    # every source with its access date; the model's facts with their own as-of
    assert brief.sources and all(s.accessed and s.url.startswith("http") for s in brief.sources)
    assert {s.id for s in brief.sources} >= set(kb.rules_by_id["ru-paid-eaeu-family"].sources)
    assert brief.model and all(f.source for f in brief.model)
    assert kb.meta.data_version in brief.data_line
    # both dates (issue 14): a reader must not take the law to be current to the day the base was checked
    assert brief.data_line == t("brief.data", lang, version=kb.meta.data_version, as_of=kb.sources_up_to,
                                checked=kb.last_checked)
    assert brief.licence == getattr(kb.meta.licence, lang)
    # the default date (last checked) is later than the newest source stating the law: the notice
    assert day > kb.sources_up_to
    assert brief.notes == (t("brief.law_as_known", lang, as_of=kb.sources_up_to, checked=kb.last_checked),)
    assert build_brief(kb, lang, kb.sources_up_to, "RU", "KG").notes == ()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_host_brief_shows_each_origin_group(kb, day, lang):
    brief = build_brief(kb, lang, day, "RU")
    assert brief.kind == "host" and brief.origin is None
    assert [s.status for s in brief.sections] == ["contract", "patent"]
    eaeu, other = brief.sections
    assert eaeu.origin in kb.members("eaeu", day) and other.origin not in kb.members("eaeu", day)
    # the note names every other origin of the group, once
    for section, (_, origins) in zip(brief.sections, origin_groups(kb, day, "RU"), strict=False):
        for code in origins:
            if code != section.origin:
                assert getattr(kb.states[code].name, lang) in section.note
    worker = resolve(kb, make_case(kb, host="RU", origin=other.origin, person="worker", status="patent",
                                   residence="stay", care="primary", date=day))
    assert kb.label("level", worker.level, lang) in _cell(brief, 1, "worker", "primary")
    model = {f.label: f.text for f in brief.model}
    assert any("OMS" in v or "ОМС" in v for v in model.values())


def test_status_follows_the_pair_and_the_scenario(kb, day):
    assert status_for_pair(kb, day, "RU", "UZ", "contract") == "patent"
    assert status_for_pair(kb, day, "RU", "KG", "patent") == "contract"
    assert status_for_pair(kb, day, "RU", "UZ", "contract", scenario="uz-joins-eaeu") == "contract"


def test_future_date_and_scenario_are_said_first(kb):
    brief = build_brief(kb, "en", dt.date(2030, 1, 1), "RU", "UZ", scenario="ru-oms-3-years")
    assert t("brief.law_as_known", "en", as_of=kb.sources_up_to, checked=kb.last_checked) in brief.notes
    assert any(kb.scenarios["ru-oms-3-years"].name.en in n for n in brief.notes)


def test_no_brief_for_a_state_about_itself(kb, day):
    with pytest.raises(ValueError):
        build_brief(kb, "en", day, "RU", "RU")


# --- HTML -------------------------------------------------------------------------------------------


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _hostile_kb(kb):
    """A copy of the knowledge base whose every source has a hostile title and publisher."""
    sources = {k: s.model_copy(update={"title": HOSTILE, "title_en": HOSTILE, "publisher": HOSTILE})
               for k, s in kb.sources.items()}
    hostile = dataclasses.replace(kb, sources=sources)
    forget(hostile, "matrices")
    return hostile


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_html_is_self_contained_and_inert(kb, day, lang):
    brief = build_brief(kb, lang, day, "RU", "KG", link="http://192.168.1.5:8501/briefs?lang=ru&host=RU")
    text = brief_html(brief)
    parser = _Collect()
    parser.feed(text)
    tags = [tag for tag, _ in parser.tags]
    assert ("html", {"lang": lang}) in parser.tags
    assert "script" not in tags and "iframe" not in tags and "link" not in tags and "img" not in tags
    assert "svg" in tags  # the chart, inline
    assert not re.search(r"""\bsrc\s*=\s*["']?\s*(https?:)?//""", text, re.I)
    assert "@import" not in text and "url(" not in text  # no web font, no remote style
    for tag, attrs in parser.tags:
        if "href" in attrs and tag != "a":
            pytest.fail(f"<{tag} href> would load something: {attrs}")
    assert brief.title in "".join(parser.text)
    assert "<table" in text and _cell(brief, 0, "spouse", "primary") in "".join(parser.text)  # the table alternative


def test_html_escapes_data_text(kb, day):
    brief = build_brief(_hostile_kb(kb), "en", day, "RU", "KG", link='"><script>alert(2)</script>')
    text = brief_html(brief)
    assert "<script" not in text.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    parser = _Collect()
    parser.feed(text)
    assert "script" not in [tag for tag, _ in parser.tags]


def test_active_svg_is_refused():
    with pytest.raises(ValueError):
        safe_svg("<svg><script>alert(1)</script></svg>")
    with pytest.raises(ValueError):
        safe_svg('<svg><rect onload="x()"/></svg>')


# --- PDF --------------------------------------------------------------------------------------------


def test_pdf_russian_text_is_extractable(kb, day):
    from pypdf import PdfReader

    brief = build_brief(kb, "ru", day, "RU", "KG")
    data = brief_pdf(brief)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Россия" in flat and "Кыргызстан" in flat
    assert kb.meta.data_version in flat
    assert "платно" in flat  # a level, in words
    assert 1 <= len(reader.pages) <= 4
    fonts = {str(f) for page in reader.pages for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts  # the embedded font, not a standard 14 one without Cyrillic


def test_pdf_without_charts_is_quick_and_english(kb, day):
    from pypdf import PdfReader

    data = brief_pdf(build_brief(kb, "en", day, "RU"), charts=False)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Russia" in text and "Legal basis" in text


def test_brief_kind_in_the_link(kb):
    from explorer.view_state import decode, encode

    state, notices = decode({"brief": "corridor", "host": "RU", "origin": "KG"}, kb)
    assert state.brief == "corridor" and not notices
    assert encode(state, kb)["brief"] == "corridor"
    state, notices = decode({"brief": "<b>x</b>"}, kb)
    assert state.brief == "host" and [n.param for n in notices] == ["brief"]


@pytest.mark.parametrize("origin,pages", [("KG", 2), (None, 3)])
def test_pdf_stays_short(kb, day, origin, pages):
    """A handout: a corridor brief fits two A4 pages, a host brief (two grids) three."""
    from pypdf import PdfReader

    for lang in ("en", "ru"):
        brief = build_brief(kb, lang, day, "RU", origin, "contract", "stay", None, link="https://x.org/briefs?v=1")
        assert len(PdfReader(io.BytesIO(brief_pdf(brief))).pages) <= pages


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_further_open_questions_say_where_in_the_app_they_are(kb, day, lang):
    """Said under the basis lines, which name Annex 30 («приложение № 30»): "в приложении" read as
    "in the annex"; the line names the app and its page instead."""
    brief = build_brief(kb, lang, day, "RU")
    assert brief.more_questions > 0
    line = t("brief.oq.more", lang, count=brief.more_questions)
    assert line in brief_html(brief)
    assert "Coverage Explorer" in line and t("page.sources.title", lang) in line
    assert "приложени" not in line and " app." not in line


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_groups_example_state_is_not_said_to_be_the_same_as_itself(kb, day, lang):
    """"…for example from Kyrgyzstan. The same for Kyrgyzstan, Armenia; different for …": the note
    compares the other origins with the example; only "the same for every origin" lists it too."""
    every = t("brief.group.same", lang, states="").rstrip(".")
    seen = set()
    for host in kb.states:
        for section in build_brief(kb, lang, day, host).sections:
            example = getattr(kb.states[section.origin].name, lang)
            seen.add(section.note.startswith(every))
            if section.note.startswith(every):
                assert example in section.note, (host, section.note)
            else:
                assert example not in section.note, (host, section.note)
    assert seen == {True, False}  # both kinds of note were checked


def test_an_article_cited_bare_and_with_a_note_is_said_once() -> None:
    assert merged_articles(["Art. 10", "Art. 10 (family members are not a separate insured category)"]) == (
        "Art. 10 (family members are not a separate insured category)",)
    assert merged_articles(["ст. 10 (иностранцы)", "ст. 10", "ст. 10 (члены семей)"]) == (
        "ст. 10 (иностранцы; члены семей)",)
    assert merged_articles(["conclusions: A", "conclusions: B; C", "para. 3: D"]) == (
        "conclusions: A; B; C", "para. 3: D")
    # references that say something different stay apart, in order of first use
    apart = ["Art. 98(3)", "Art. 98(3), as read by Kyrgyzstan", "Art. 16 part 1.1",
             "Art. 16 part 1.1 as worded before 430-FZ (three years)", "OMS Rules (2019): workers"]
    assert merged_articles(apart) == tuple(apart)
    assert merged_articles(["Art. 2", "Art. 2"]) == ("Art. 2",)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_legal_basis_names_each_article_once(kb, day, lang):
    """"— Art. 10; Art. 10 (family members …)", "conclusions: …; conclusions: …" in the brief on Russia."""
    brief = build_brief(kb, lang, day, "RU")
    basis = {b.instrument: b.articles for b in brief.basis}
    article, conclusions = ("ст.", "выводы:") if lang == "ru" else ("Art.", "conclusions:")
    assert basis["ru-326fz-oms"] == merged_articles(list(basis["ru-326fz-oms"]))
    assert len(basis["ru-326fz-oms"]) == 1 and basis["ru-326fz-oms"][0].startswith(f"{article} 10 (")
    assert len(basis["cis-1997-medical-care"]) == 1 and basis["cis-1997-medical-care"][0].startswith(f"{article} 2 (")
    court = "; ".join(basis["eaeu-court-p-7-25"])
    assert court.count(conclusions) == 1
    html = brief_html(brief)
    assert f"{article} 10; {article} 10" not in html and f"{article} 2; {article} 2" not in html
