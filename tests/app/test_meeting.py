"""AppTest: meeting mode (`?mode=meeting&step=N`) and its Back/Next buttons; embedding is tested in the browser."""

from __future__ import annotations

import pytest

from components.i18n import LANGS, t
from explorer import meeting
from policy import load_knowledge_base
from tests.app.conftest import ROOT, run_app


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base(ROOT / "data")


def texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.mark.parametrize("lang", LANGS)
def test_meeting_mode_shows_step_one(kb, lang: str) -> None:
    at = run_app(mode="meeting", lang=lang)
    assert not at.exception, texts(at.exception)
    first = meeting.slide(kb, 1, kb.meta.as_of, lang)
    count = meeting.step_count(kb)
    assert texts(at.text) == [first.takeaway, t("meeting.step", lang, step=1, count=count)]
    assert texts(at.title) == [] and texts(at.warning) == []  # no page, no notice
    assert len(at.sidebar) == 0  # no sidebar drawn
    # the default date (last checked) is later than the newest source stating the law: the slide says so
    assert first.notice and first.notice in texts(at.caption)
    assert at.button(key="meeting-back").disabled and not at.button(key="meeting-next").disabled
    assert at.button(key="meeting-next").label == t("meeting.next", lang)
    assert len(at.get("plotly_chart")) == len(meeting.SIZES) == 3  # the chart, in its three sizes


def test_next_and_back_change_the_step_in_the_url(kb) -> None:
    at = run_app(mode="meeting", lang="ru")
    count = meeting.step_count(kb)
    for step in range(2, count + 1):
        at.button(key="meeting-next").click().run()
        assert not at.exception
        assert at.query_params["step"] == str(step) and at.query_params["mode"] == "meeting"
        assert at.query_params["lang"] == "ru"
        assert texts(at.text)[-1] == t("meeting.step", "ru", step=step, count=count)
        assert texts(at.text)[0] == meeting.slide(kb, step, kb.meta.as_of, "ru").takeaway
    assert at.button(key="meeting-next").disabled
    at.button(key="meeting-back").click().run()
    assert at.query_params["step"] == str(count - 1)


@pytest.mark.parametrize("step", ["0", "99", "two", "<b>1</b>"])
def test_bad_step_falls_back_with_a_notice(kb, step: str) -> None:
    at = run_app(mode="meeting", lang="en", step=step)
    assert not at.exception
    assert texts(at.warning) == [t("url.notice", "en")]
    assert any(text.startswith("step=") for text in texts(at.text))  # plain text, never Markdown
    assert t("meeting.step", "en", step=1, count=meeting.step_count(kb)) in texts(at.text)


@pytest.mark.parametrize("lang", LANGS)
def test_a_step_past_an_older_data_versions_last_says_how_many_it_has(kb, lang: str) -> None:
    """A link pinned to a release with fewer steps said only that the step was "not a valid value"."""
    from policy.releases import load_release

    older = load_release("2026.11.3")
    count = meeting.step_count(older)
    assert count < meeting.step_count(kb)  # the scenario step came later
    at = run_app(mode="meeting", lang=lang, dv="2026.11.3", step=str(count + 1))
    assert not at.exception
    assert texts(at.warning) == [t("url.notice", lang)]
    assert f"step='{count + 1}': {t('url.reason.no_such_step', lang, steps=count)}" in texts(at.text)
    assert t("meeting.step", lang, step=1, count=count) in texts(at.text)


def test_other_modes_show_the_normal_page_with_a_notice() -> None:
    at = run_app(mode="slides")
    assert not at.exception
    assert texts(at.title) == [t("page.overview.title", "en")]
    assert t("url.notice", "en") in texts(at.warning)


def test_no_public_address_no_qr_code(monkeypatch) -> None:
    monkeypatch.delenv("COVERAGE_PUBLIC_URL", raising=False)
    monkeypatch.setattr("explorer.share.lan_address", lambda: None)
    monkeypatch.setattr("components.share_dialog.lan_address", lambda: None)
    at = run_app(mode="meeting")
    assert not at.exception
    assert t("meeting.no_public_url", "en") in texts(at.caption)
    assert len(at.get("image")) == 0


def test_public_address_gives_a_qr_code(monkeypatch) -> None:
    monkeypatch.setenv("COVERAGE_PUBLIC_URL", "https://coverage.example.org")
    at = run_app(mode="meeting", step="2")
    assert not at.exception
    assert t("meeting.scan", "en") in texts(at.caption)
    assert len(at.get("image")) == 1


def test_the_style_sheets_headline_type_is_the_one_slides_are_fitted_for() -> None:
    """MEETING_CSS stays a literal (tests/app/test_safety.py audits every st.html argument as one), so
    its headline sizes are written there again: they must be those explorer/meeting.SCREENS wraps the
    headline in, or a slide fitted under a 2-line headline gets a 3-line one."""
    import re

    from components.meeting_view import MEETING_CSS

    headline = r"\.st-key-meeting-headline span \{\s*font-size: (\d+)px"
    default = re.search(headline, MEETING_CSS.split("@media")[0])
    blocks = {media.split("{")[0].strip(): re.search(headline, media) for media in MEETING_CSS.split("@media")[1:]}
    sizes = {
        1.0: default,
        meeting.COMPACT: blocks["(max-width: 1199px)"],
        meeting.LARGE: blocks["(min-width: 1600px) and (min-height: 900px)"],
    }
    assert {scale: int(found.group(1)) for scale, found in sizes.items() if found} == {
        scale: screen[1] for scale, screen in meeting.SCREENS.items()}
