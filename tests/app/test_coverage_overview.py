"""Coverage and Overview pages: their selections come from the link and go back into it."""

from __future__ import annotations

import pytest

from components.i18n import t
from policy import load_knowledge_base
from tests.app.conftest import PAGES, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def test_coverage_reads_its_state_from_the_link():
    at = run_app(PAGES["coverage"], lang="ru", person="child", status="patent", residence="temporary_permit",
                 care="antenatal", date="2024-05-01", host="KZ", origin="UZ", vhi="host")
    assert not at.exception
    assert _by_key(at, "selectbox", "cov-person").value == "child"
    assert _by_key(at, "selectbox", "cov-status").value == "patent"
    assert _by_key(at, "selectbox", "cov-care").value == "antenatal"
    assert _by_key(at, "selectbox", "cov-host").value == "KZ"
    assert _by_key(at, "selectbox", "cov-origin").value == "UZ"
    assert str(_by_key(at, "date_input", "cov-date").value) == "2024-05-01"


def test_coverage_writes_changes_back_to_the_link():
    at = run_app(PAGES["coverage"], lang="en")
    _by_key(at, "selectbox", "cov-care").set_value("childbirth").run()
    assert not at.exception
    assert at.query_params["care"] == ["childbirth"] or at.query_params["care"] == "childbirth"
    assert "v" in at.query_params and "date" in at.query_params


def test_coverage_bad_parameters_fall_back_with_a_notice():
    at = run_app(PAGES["coverage"], lang="en")
    at.query_params["person"] = "<script>alert(1)</script>"
    at.query_params["date"] = "2099-01-01"
    at.run()
    assert not at.exception
    assert _by_key(at, "selectbox", "cov-person").value == "spouse"
    assert at.warning, "a visible notice is expected"
    texts = " ".join(t.value for t in at.text)
    assert "<script>" in texts  # shown back as plain text, never as HTML


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_parameter_given_twice_is_said_and_the_link_keeps_one(lang):
    """`host=RU&host=KZ` opened Kazakhstan without a word, and the link kept both."""
    at = run_app(lang=lang, host=["RU", "KZ"], origin="UZ")  # the page a bare link opens
    assert not at.exception
    assert t("url.notice.repeated", lang) in [w.value for w in at.warning]
    assert f"host='KZ': {t('url.reason.repeated', lang)}" in [x.value for x in at.text]
    assert at.query_params["host"] in ("KZ", ["KZ"])
    at.switch_page(PAGES["coverage"]).run()
    assert not at.exception and not at.warning
    assert _by_key(at, "selectbox", "cov-host").value == "KZ"


@pytest.mark.parametrize("view", ["timeline", "parties"])
def test_another_pages_view_in_the_link_is_said(view):
    """`view=timeline` (an Instruments view) on Coverage opened its first view without a word."""
    at = run_app(PAGES["coverage"], lang="en", view=view)
    assert not at.exception
    assert t("url.notice", "en") in [w.value for w in at.warning]
    assert f"view={view!r}: {t('url.reason.bad_value', 'en')}" in [x.value for x in at.text]
    assert _by_key(at, "segmented_control", "cov-view").value == "one_care"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_cell_whose_host_is_its_origin_is_not_applicable_in_the_detail_too(lang):
    """RU → RU showed "paid out of pocket · Confidence: low" below a matrix whose cell says not applicable."""
    kb = load_knowledge_base()
    at = run_app(PAGES["coverage"], lang=lang, host="RU", origin="RU")
    assert not at.exception
    shown = [m.value for m in at.markdown] + [x.value for x in at.text]
    assert f"**{t('coverage.not_applicable', lang)}**" in shown
    assert kb.message("note_host_is_origin", lang) in shown
    assert not any(kb.label("level", "paid", lang) in value for value in shown)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_national_in_their_own_state_has_no_corridor_chart_and_no_migrant_status(lang):
    """Clicking RU × RU drew "Russia → Russia: every person and type of care", all grey, subtitled with a
    migrant's status ("employment contract (EAEU, no permit) (auto)"); its table named that status too."""
    from tests.app.conftest import open_folds

    kb = load_knowledge_base()
    at = open_folds(run_app(PAGES["coverage"], lang=lang, host="RU", origin="RU"), "cov-table-fold")
    assert not at.exception
    names = kb.state_names(lang)
    assert t("coverage.corridor", lang, host=names["RU"], origin=names["RU"]) not in [h.value for h in at.subheader]
    assert len(at.get("plotly_chart")) == 1  # the host × origin matrix only
    table = next(d.value for d in at.dataframe if "level" in d.value.columns or len(d.value.columns) > 5)
    host, origin, status = table.columns[:3]
    diagonal = table[table[host] == table[origin]]
    assert len(diagonal) == len(kb.states) and not diagonal[status].fillna("").astype(str).str.strip().any()
    assert table.loc[table[host] != table[origin], status].astype(bool).all()  # every corridor names its status
    other = run_app(PAGES["coverage"], lang=lang, host="RU", origin="KG")
    assert len(other.get("plotly_chart")) == 2  # a corridor: its person × care chart below


def test_coverage_scenario_changes_the_answer():
    base = run_app(PAGES["coverage"], lang="en", host="RU", origin="KG")
    alt = run_app(PAGES["coverage"], lang="en", host="RU", origin="KG", scenario="ru-oms-eaeu-families")
    def level(at):
        return next(m.value for m in at.markdown if m.value.startswith("**"))
    assert "paid" in level(base) and "insured" in level(alt)


def test_overview_shows_three_computed_findings_in_both_languages():
    for lang in ("en", "ru"):
        at = run_app(PAGES["overview"], lang=lang)
        assert not at.exception
        assert len(at.metric) == 3
        assert all(m.value for m in at.metric)


def test_overview_date_in_the_link():
    at = run_app(PAGES["overview"], lang="en", date="2014-06-01")
    assert not at.exception
    assert str(_by_key(at, "date_input", "ov-date").value) == "2014-06-01"


def test_coverage_replay_slider_steps_the_date_through_change_dates():
    import datetime as dt

    at = run_app(PAGES["coverage"], lang="en", date="2026-06-01")
    slider = at.select_slider(key="cov-replay")
    assert "1 Jan 2017" in slider.options  # the day EAEU workers' OMS rule changed is a step
    slider.set_value(dt.date(2017, 1, 1)).run()
    assert not at.exception and not at.warning
    assert str(_by_key(at, "date_input", "cov-date").value) == "2017-01-01"
    date = at.query_params["date"]
    assert (date[0] if isinstance(date, list) else date) == "2017-01-01"


def test_coverage_small_multiples_and_change_count():
    at = run_app(PAGES["coverage"], lang="ru", date="2017-01-01", person="worker", care="primary")
    assert not at.exception
    assert any("изменилось ячеек: 3" in c.value for c in at.caption)  # RU insures EAEU workers from 2017
    def charts():
        return [c.proto.id for c in at.get("plotly_chart")]
    assert len(charts()) == 2  # the one-care heatmap and the corridor: one chart per view, not all at once
    at.get("button_group")[0].set_value("all_cares").run()
    assert not at.exception
    view = at.query_params["view"]
    assert (view[0] if isinstance(view, list) else view) == "all_cares"
    assert len(charts()) == 2


def test_an_opened_table_stays_open_while_the_selections_change():
    from tests.app.conftest import open_folds

    at = run_app(PAGES["coverage"], lang="en", care="primary")
    assert not at.dataframe  # folded at first
    open_folds(at, "cov-table-fold")
    assert len(at.dataframe) == 1
    next(s for s in at.selectbox if s.key == "cov-care").set_value("inpatient").run()
    assert not at.exception
    kb = load_knowledge_base()  # the reader sees the states' names; the files keep their codes
    assert len(at.dataframe) == 1 and set(at.dataframe[0].value["host"]) == set(kb.state_names("en").values())


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_tables_codes_show_as_labels_in_the_pages_language(lang):
    """The folded Coverage table showed raw codes (contract, paid, medium) and English column names
    (host, level) in the Russian view; its CSV keeps the codes."""
    from tests.app.conftest import open_folds

    kb = load_knowledge_base()
    at = run_app(PAGES["coverage"], lang=lang, care="primary")
    open_folds(at, "cov-table-fold")
    shown = at.dataframe[0].value
    assert set(shown["host"]) <= set(kb.state_names(lang).values())
    national = shown["host"] == shown["origin"]  # a national in their own state: no answer, empty cells
    assert set(shown.loc[~national, "level"]) <= {kb.label("level", code, lang) for code in kb.vocabulary.level}
    assert set(shown.loc[~national, "confidence"]) <= {kb.label("confidence", c, lang)
                                                       for c in kb.vocabulary.confidence}
    assert national.any() and (shown.loc[national, ["level", "confidence"]] == "").all().all()
    import json

    headers = json.loads(at.dataframe[0].proto.columns)  # the column_config, as Streamlit sends it
    assert headers["host"]["label"] == t("col.host", lang) and headers["level"]["label"] == t("col.level", lang)


def test_the_overviews_tables_speak_russian_and_show_no_none():
    """The Russian Overview's folded tables showed "medium"/"high", English column names (type_label,
    signed) and "None" for an instrument not yet signed."""
    import json

    from tests.app.conftest import open_folds

    kb = load_knowledge_base()
    at = run_app(PAGES["overview"], lang="ru")
    open_folds(at, "ov-map-table-fold", "ov-timeline-table-fold")
    assert not at.exception and len(at.dataframe) == 2
    region, timeline = (grid.value for grid in at.dataframe)
    confidences = {kb.label("confidence", c, "ru") for c in kb.vocabulary.confidence}
    assert set(region[t("common.confidence", "ru")]) <= confidences
    shown_sources = set(region[t("col.source", "ru")])  # as "title (publisher)", never the source's id
    assert shown_sources and not shown_sources & set(kb.sources) and all(s.endswith(")") for s in shown_sources)
    # an instrument not yet signed: an empty date (never "None"); days are dates, written the Russian way
    assert "None" not in timeline.astype(str).to_numpy() and timeline["signed"].isna().any()
    headers = json.loads(at.dataframe[1].proto.columns)
    assert headers["type_label"]["label"] == t("col.type_label", "ru") == "Вид"
    date_column = {"type": "date", "format": "DD.MM.YYYY"}
    assert headers["signed"] == {"label": t("col.signed", "ru"), "type_config": date_column}
    assert str(region[t("col.as_of", "ru")].dtype).startswith("datetime64")  # sorted as dates, not as text
