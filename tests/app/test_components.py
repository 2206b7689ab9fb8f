"""Each Streamlit component on its own (AppTest.from_function): what it draws, what it returns, and
that user or data text is never rendered as HTML. The pages' own tests cover them in place."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import comparison_tables, markdown_tables

TIMEOUT = 60


def run(script, **kwargs) -> AppTest:
    at = AppTest.from_function(script, kwargs=kwargs, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_chart_draws_with_png_svg_csv_json_and_joins_the_view_bundle() -> None:
    def script():
        import plotly.graph_objects as go
        import streamlit as st

        from components.charts import framed, show
        from components.view_bundle import current_view_bundle, start_view_bundle
        from explorer.charts.frame import Chart

        start_view_bundle("test")
        rows = [{"a": "x", "b": 1}, {"a": "<script>", "b": 2}]
        figure = go.Figure(go.Bar(x=[r["a"] for r in rows], y=[r["b"] for r in rows]))
        show(framed(Chart("bar", figure, rows, plot_height=200), "Title", "Subtitle", "Source line"), "t-chart",
             source_ids=["none"])
        st.text(",".join(i.name for i in current_view_bundle().items))

    at = run(script)
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = charts[0].proto.spec
    assert "Title" in spec and "Source line" in spec and "creativecommons.org" in spec  # the frame is in the figure
    assert charts[0].proto.alt.startswith("Title. Subtitle.")  # the chart's accessible name
    assert [b.proto.label for b in at.get("download_button")] == ["PNG", "SVG", "CSV", "Plotly JSON"]
    assert at.text[-1].value == "chart-t-chart"


def test_a_chart_is_framed_once_per_bare_figure_and_frame() -> None:
    """A rerun that shows the same chart draws the figure framed before; a new frame text or another bare
    figure (even an equal one) gets its own."""
    from dataclasses import replace

    import plotly.graph_objects as go

    from components.charts import framed_figure
    from explorer.charts.frame import Chart, framed
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    bare = go.Figure(go.Bar(x=["a", "b"], y=[1, 2]))
    chart = framed(Chart("bar", bare, [], plot_height=200), "Title", "Subtitle", "Source line", "Licence")
    first = framed_figure(kb, chart)
    assert framed_figure(kb, replace(chart)) is first  # what each run makes: an equal chart, the same figure
    retitled = framed_figure(kb, replace(chart, title="Другой"))
    assert retitled is not first and "Другой" in retitled.layout.annotations[0].text
    assert "Title" in first.layout.annotations[0].text  # the one kept is untouched
    again = framed_figure(kb, replace(chart, figure=go.Figure(bare)))
    assert again is not first and again.to_plotly_json() == first.to_plotly_json()


def test_a_kept_figure_hands_streamlit_the_dict_made_on_its_first_draw() -> None:
    """Streamlit asks a figure for its dict on every run; a kept framed figure makes it once, and it is
    exactly plotly.py's own dict of the figure, so what the browser gets is unchanged."""
    def script():
        import plotly.graph_objects as go

        from components.charts import framed, show
        from explorer.charts.frame import Chart

        bare = go.Figure(go.Scatter(x=["a", "b"], y=[1, 2], customdata=[["a", "x"], ["b", "y"]]))
        show(framed(Chart("grid", bare, [], plot_height=200), "Title", "Subtitle", "Source line"), "t-kept",
             on_select="rerun")

    import plotly.graph_objects as go

    from components.charts import framed_figure
    from explorer.charts.frame import Chart, framed
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    chart = framed(Chart("bar", go.Figure(go.Bar(x=["a", "b"], y=[1, 2])), [], plot_height=200), "T", "S", "Src")
    figure = framed_figure(kb, chart)
    made = figure.to_dict()
    assert figure.to_dict() is made and figure.to_plotly_json() is made
    assert made == go.Figure.to_dict(figure) == chart.framed_figure().to_dict()  # plotly.py's own dict, afresh

    at = run(script)
    first = at.get("plotly_chart")[0].proto.spec
    at.run()
    assert at.get("plotly_chart")[0].proto.spec == first
    assert "Title" in first and '"customdata"' in first


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_data_table_offers_csv_and_xlsx_of_the_download_frame(lang: str) -> None:
    def script(lang):
        import pandas as pd
        import streamlit as st

        from components.data_table import data_table
        from components.knowledge import knowledge_base
        from components.view_bundle import current_view_bundle, start_view_bundle

        start_view_bundle("test")
        shown = pd.DataFrame({"Label": ["<b>bold</b>"]})
        data_table(shown, "t-table", knowledge_base(), lang, "Title", download=pd.DataFrame({"code": ["b"]}))
        st.text(current_view_bundle().items[0].content().decode("utf-8-sig"))

    at = run(script, lang=lang)
    from components.i18n import t

    assert [b.proto.label for b in at.get("download_button")] == [t("download.csv", lang), t("download.xlsx", lang)]
    assert at.dataframe[0].value.iloc[0, 0] == "<b>bold</b>"  # a grid cell: text, not HTML
    assert at.text[-1].value.splitlines() == ["code", "b"], "the files hold the download frame"


def test_searchable_table_filters_and_downloads_what_is_shown() -> None:
    def script():
        import pandas as pd

        from components.knowledge import knowledge_base
        from components.searchable_table import searchable_table

        frame = pd.DataFrame({"name": ["Russia", "Kazakhstan", "Armenia"]})
        searchable_table(frame, ["name"], {}, "en", "t-search", knowledge_base(), "Title")

    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    at.run()
    at.text_input(key="t-search-filter").input("<img src=x onerror=alert(1)>").run()
    assert not at.exception and len(at.dataframe[0].value) == 0
    at.text_input(key="t-search-filter").input("kaz").run()
    assert list(at.dataframe[0].value["name"]) == ["Kazakhstan"]


def test_source_footer_is_plain_text_with_as_of_and_licence() -> None:
    def script():
        from components.knowledge import knowledge_base
        from components.source_footer import source_footer

        kb = knowledge_base()
        source_footer(kb, list(kb.sources)[:3], "ru")

    at = run(script)
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    line = at.text[0].value  # both dates of the data: the law as known from the sources, and the last check
    assert kb.sources_up_to.strftime("%d.%m.%Y") in line and kb.last_checked.strftime("%d.%m.%Y") in line
    assert "проверено на изменения" in line and kb.meta.data_version in line
    assert at.text[1].value == kb.meta.licence.ru
    assert not at.markdown


def test_widgets_read_their_value_and_translate_their_labels() -> None:
    def script():
        import datetime as dt

        import streamlit as st

        from components.knowledge import knowledge_base
        from components.widgets import choice, date_picker, scenario_picker, view_switch
        from policy.models import CARES

        kb = knowledge_base()
        care = choice(st, kb, "care", CARES, "inpatient", "ru", "t-care")
        day = date_picker(st, dt.date(2025, 6, 1), "ru", "t-date")
        scenario = scenario_picker(st, kb, "ru-entry-vhi", "ru", "t-scenario")
        view = view_switch(st, ("one_care", "all_cares"), None, "ru", "t-view")
        st.text(f"{care}|{day}|{scenario}|{view}")

    at = run(script)
    assert at.text[-1].value == "inpatient|2025-06-01|ru-entry-vhi|one_care"
    assert at.selectbox(key="t-care").label == "Вид помощи"


def test_glossary_panel_lists_every_term_in_both_forms() -> None:
    def script():
        from components.glossary import glossary_panel
        from components.knowledge import knowledge_base

        glossary_panel(knowledge_base(), "en")

    at = run(script)
    assert not at.text  # folded: the definitions are drawn only once it is opened
    at.session_state["glossary"] = True
    at.run()
    text = " ".join(x.value for x in at.text) + " ".join(m.value for m in at.markdown)
    for term in ("OMS", "ОМС", "VHI", "ДМС"):
        assert term in text


def test_share_button_opens_the_dialog_with_citations_when_asked() -> None:
    def script():
        import os

        import streamlit as st

        from components.knowledge import knowledge_base
        from components.share_dialog import open_share_dialog_if_requested, share_button
        from components.view_bundle import start_view_bundle

        os.environ["COVERAGE_PUBLIC_URL"] = "https://coverage.example.org"
        bundle = start_view_bundle("coverage")
        share_button("en")
        st.text("page body")
        open_share_dialog_if_requested(knowledge_base(), "en", "coverage", bundle)

    at = AppTest.from_function(script, default_timeout=TIMEOUT)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.get("code"), "no dialog before the click"
    at.button(key="share-open").click().run()
    assert not at.exception
    codes = [c.value for c in at.get("code")]
    assert codes[0].startswith("https://coverage.example.org/coverage?") and "dv=" in codes[0]
    assert len(codes) == 7 and any("Версия данных" in c for c in codes)
    # the view's twin in the API, same origin, same parameters, pinned like the link
    version = codes[0].split("dv=")[1].split("&")[0]
    assert codes[5].startswith("https://coverage.example.org/api/v1/matrix?date=") and f"dv={version}" in codes[5]
    assert codes[6] == codes[5] + "&format=csv"
    assert any("The data of this view from the API" in m.value for m in at.markdown)
    assert any(b.proto.label.startswith("This view as a bundle") for b in at.get("download_button"))


def test_knowledge_downloads_offer_zip_xlsx_json() -> None:
    def script():
        from components.knowledge import knowledge_base
        from components.knowledge_downloads import knowledge_downloads

        knowledge_downloads(knowledge_base(), "ru", "t-kb")

    at = run(script)
    assert len(at.get("download_button")) == 3


def test_comparison_table_draws_one_column_per_state() -> None:
    def script():
        from components.comparison_table import comparison_table
        from components.knowledge import knowledge_base
        from explorer.views.compare import compare_long, compare_states

        kb = knowledge_base()
        long = compare_long(kb, compare_states(kb, ["RU", "KZ"], kb.meta.as_of, "en", origin="UZ"), "en")
        comparison_table(kb, long, ["RU", "KZ"], "en", key="t-cmp")

    at = run(script)
    tables = comparison_tables(at)
    assert len(tables) == 1 and list(tables[0].columns) == ["Russia", "Kazakhstan"]
    assert len(tables[0]) > 5 and not at.get("table")


def test_comparison_table_shows_data_text_literally() -> None:
    """The table is Markdown: a data text with an image link shows as written (no fetch, no link)."""
    def script():
        from components.comparison_table import comparison_table
        from components.knowledge import knowledge_base
        from explorer.views.compare import compare_long, compare_states

        kb = knowledge_base()
        long = compare_long(kb, compare_states(kb, ["RU", "KZ"], kb.meta.as_of, "en", origin="UZ"), "en")
        first = long.index[long["text"].notna()][0]
        long.loc[first, "text"] = "![x](http://example.org/a.png) **b**"
        comparison_table(kb, long, ["RU", "KZ"], "en", key="t-cmp")

    at = run(script)
    values = comparison_tables(at)[0]
    texts = [str(v) for v in values.to_numpy().ravel()]
    assert any("\\!\\[x\\]" in v and "\\*\\*b\\*\\*" in v for v in texts), texts[:4]
    assert not any("![x]" in v for v in texts)
    assert not any("![x]" in m.value or "**b**" in m.value for m in at.markdown)


def test_static_table_shows_data_text_literally_and_downloads_it_unchanged() -> None:
    def script():
        from components.data_table import static_table
        from components.knowledge import knowledge_base

        static_table([{"note": "![x](http://example.org/a.png) **b**"}], "t", knowledge_base(), "en", "T")

    at = run(script)
    assert not at.get("table")
    cell = markdown_tables(at)[0].iloc[0, 0]
    assert cell.startswith("\\!\\[x\\]") and "\\*\\*b\\*\\*" in cell
    assert [b.proto.label for b in at.get("download_button")] == ["CSV", "XLSX"]
