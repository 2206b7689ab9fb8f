import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from explorer.i18n import t
from explorer.view_state import FIELDS, VERSION, ViewState, decode, default_state, encode


def test_bare_link_gives_the_default_view(kb):
    state, notices = decode({}, kb)
    assert state == default_state(kb) and not notices
    assert state.host == kb.meta.default_view.host


def test_round_trip(kb):
    state = default_state(kb).replace(lang="ru", host="KZ", origin="UZ", person="child", status="patent",
                                      residence="temporary_permit", care="antenatal", vhi="home", years=3.5,
                                      date=dt.date(2024, 5, 1), states=("RU", "BY"), scenario=next(iter(kb.scenarios)),
                                      types=("treaty", "draft_agreement"), party="AM")
    params = encode(state, kb)
    assert params["v"] == str(VERSION)
    again, notices = decode(params, kb)
    assert again == state and not notices


def test_defaults_are_left_out_but_the_date_is_kept(kb):
    params = encode(default_state(kb).replace(date=dt.date(2026, 1, 1)), kb)
    assert params == {"v": str(VERSION), "date": "2026-01-01"}
    assert "host" in encode(default_state(kb), kb, keep=["host"])


def test_bad_values_fall_back_with_notices(kb):
    state, notices = decode({"lang": "de", "host": "<script>", "date": "2026-02-30", "years": "nan",
                             "states": "RU,XX", "scenario": "nope", "zzz": "1", "v": "abc"}, kb)
    assert state == default_state(kb)
    assert {n.param for n in notices} == {"lang", "host", "date", "years", "states", "scenario", "zzz", "v"}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_notice_says_why_in_words_of_the_pages_language(kb, lang):
    """A reader saw the reason's code ("bad_value", "unknown_param"), in Russian too."""
    _, notices = decode({"host": "XX", "zzz": "1", "v": str(VERSION + 1), "date": "x" * 500}, kb)
    texts = {n.reason: n.in_words(lang) for n in notices}
    assert set(texts) == {"bad_value", "unknown_param", "newer_version", "too_long"}
    for reason, text in texts.items():
        assert reason not in text and text.endswith(t(f"url.reason.{reason}", lang)), text
    assert texts["bad_value"].startswith("host='XX'")  # the parameter as the link had it


def test_newer_version_is_noted_but_read(kb):
    state, notices = decode({"v": str(VERSION + 1), "lang": "ru"}, kb)
    assert state.lang == "ru" and [n.reason for n in notices] == ["newer_version"]


def test_lists_and_case_are_normalised(kb):
    state, _ = decode({"states": "ru, kz,RU", "host": "kz"}, kb)
    assert state.states == ("RU", "KZ") and state.host == "KZ"


def test_a_hand_typed_list_with_plus_signs_reads_as_typed(kb):
    # `?states=RU+KZ` typed into the address bar arrives as "RU KZ" (a plus is a space in a query)
    state, notices = decode({"states": "RU KZ", "types": "treaty  agreement"}, kb)
    assert state.states == ("RU", "KZ") and state.types == ("treaty", "agreement") and notices == []
    state, notices = decode({"states": "RU KZ XX"}, kb)
    assert [n.param for n in notices] == ["states"] and state.states == default_state(kb).states


def test_repeated_parameters_take_the_last(kb):
    state, _ = decode({"lang": ["en", "ru"]}, kb)
    assert state.lang == "ru"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_parameter_repeated_with_different_values_is_said(kb, lang):
    """`host=RU&host=KZ` showed Kazakhstan without a word: the reader may have meant Russia."""
    state, notices = decode({"host": ["RU", "KZ"], "origin": ["UZ", "UZ"], "lang": "en"}, kb)
    assert state.host == "KZ" and state.origin == "UZ"
    assert [(n.param, n.value, n.reason) for n in notices] == [("host", "KZ", "repeated")]
    assert notices[0].in_words(lang) == f"host='KZ': {t('url.reason.repeated', lang)}"


def test_a_repeated_parameter_whose_last_value_is_bad_is_said_twice(kb):
    state, notices = decode({"host": ["RU", "XX"]}, kb)
    assert state.host == default_state(kb).host
    assert [(n.param, n.reason) for n in notices] == [("host", "repeated"), ("host", "bad_value")]


def test_streamlits_own_repeated_parameters_are_not_ours_to_note(kb):
    _, notices = decode({"embed_options": ["show_toolbar", "light_theme"]}, kb)
    assert notices == []


@pytest.mark.parametrize("version", ["-1", "+2", "1.0", "٢", " "])
def test_a_version_that_is_not_a_plain_whole_number_is_said_and_read_as_current(kb, version):
    """`v=-1` was read as a v1 link (status contract) without a word."""
    state, notices = decode({"v": version}, kb)
    assert state.status == "auto"
    assert [(n.param, n.reason) for n in notices] == [("v", "bad_value")]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("date", "2026-W01-1"),  # an ISO week date: Python reads it as 29 December 2025
        ("date", "2026W01123"),
        ("date", "٢٠٢٦-٠١-٠١"),
        ("years", "٣"),  # Arabic-Indic three: float() reads it as 3
        ("years", "５"),
        ("years", "1_0"),
        ("household", "child.٣~stay~none"),
        ("step", "٣"),
    ],
)
def test_only_plain_ascii_dates_and_numbers_are_read(kb, name, value):
    state, notices = decode({name: value}, kb)
    assert state == default_state(kb)
    assert [(n.param, n.reason) for n in notices] == [(name, "bad_value")]


@settings(max_examples=1000, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(FIELDS) + ["v", "embed", "x" * 50, "évil"]),
                       st.one_of(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3)), max_size=8))
def test_decode_never_raises(kb, params):
    state, notices = decode(params, kb)
    assert isinstance(state, ViewState)
    for notice in notices:
        assert len(notice.value) <= 200


def test_compare_and_instrument_fields_round_trip(kb) -> None:
    from explorer.view_state import decode, encode

    params = {"v": "1", "diff": "1", "attr": "spouse_primary", "statuses": "in_force,draft",
              "instrument": next(iter(kb.instruments)), "states": "RU,KZ,AM"}
    state, notices = decode(params, kb)
    assert notices == []
    assert state.diff is True and state.attr == "spouse_primary" and state.statuses == ("in_force", "draft")
    again, _ = decode(encode(state, kb), kb)
    assert again == state


@pytest.mark.parametrize("name, value", [("diff", "yes"), ("attr", "<b>x</b>"), ("statuses", "repealed"),
                                          ("instrument", "no-such-instrument")])
def test_bad_compare_and_instrument_values_fall_back(kb, name: str, value: str) -> None:
    from explorer.view_state import decode, default_state

    state, notices = decode({name: value}, kb)
    assert [n.param for n in notices] == [name]
    assert getattr(state, name) == getattr(default_state(kb), name)


def test_household_round_trips_and_bad_ones_fall_back(kb) -> None:
    from explorer.view_state import decode, encode

    state, notices = decode({"household": "spouse~stay~none,child.4~temporary_permit~home,parent~stay~host"}, kb)
    assert notices == []
    assert state.household == (("spouse", None, "stay", "none"), ("child", 4, "temporary_permit", "home"),
                                ("parent", None, "stay", "host"))
    assert decode(encode(state, kb), kb)[0] == state
    for bad in ["worker~stay~none", "spouse~palace~none", "child.x~stay~none", "child.400~stay~none",
                "spouse~stay", ",".join(["child~stay~none"] * 12), "<script>~stay~none"]:
        state, notices = decode({"household": bad}, kb)
        assert [n.param for n in notices] == ["household"] and state.household == ViewState().household


def test_worker_alone_is_a_household_too(kb) -> None:
    state = ViewState().replace(household=())
    params = encode(state, kb)
    assert params["household"] == ""
    assert decode(params, kb)[0].household == ()


def test_assumptions_round_trip_within_their_ranges(kb) -> None:
    from policy.impact import assumptions

    stem, (low, high) = next(iter(assumptions(kb).items()))
    middle = round((low + high) / 2, 3)
    state, notices = decode({"assume": f"{stem}~{middle}"}, kb)
    assert notices == [] and state.assume == ((stem, middle),)
    assert decode(encode(state, kb), kb)[0] == state


@pytest.mark.parametrize(
    "value",
    [
        "ratio.nope~0.1",
        "{stem}~-5",
        "{stem}~nan",
        "{stem}~1e999",
        "{stem}",
        "{stem}~0.1~2",
        "{stem}~inf",
        "<script>alert(1)</script>",
    ],
)
def test_bad_assumptions_fall_back(kb, value: str) -> None:
    from policy.impact import assumptions

    stem = next(iter(assumptions(kb)))
    state, notices = decode({"assume": value.format(stem=stem)}, kb)
    assert state.assume == () and [n.param for n in notices] == ["assume"]


def test_data_version_pin_is_a_name_not_a_path(kb) -> None:
    assert decode({"dv": kb.meta.data_version}, kb)[0].dv == kb.meta.data_version
    for hostile in ("../../etc/passwd", "2026.11.3/../x", "", "a" * 41, "<b>x</b>"):
        state, notices = decode({"dv": hostile}, kb)
        assert state.dv is None and [n.param for n in notices] == ["dv"]


def test_moving_between_pages_keeps_only_the_shared_state(kb) -> None:
    from explorer.view_state import shared_params

    params = {
        "v": "1",
        "lang": "ru",
        "date": "2025-06-01",
        "states": "RU,KZ",
        "host": "KZ",
        "origin": "TJ",
        "care": "hospital",
        "person": "child",
        "dv": kb.meta.data_version,
        "scenario": "ru-entry-vhi",
    }
    assert shared_params(params, kb) == {
        "v": str(VERSION),
        "lang": "ru",
        "date": "2025-06-01",
        "states": "RU,KZ",
        "host": "KZ",
        "origin": "TJ",
        "dv": kb.meta.data_version,
    }
    # what the link got wrong is not carried on
    assert shared_params({"lang": "xx", "date": "never", "host": "<i>"}, kb) == {"v": str(VERSION)}


def test_an_older_link_keeps_opening_after_the_state_changes_shape(kb, monkeypatch) -> None:
    """The migration path: say v=3 separates states with "+"; v=2 and v=1 links (commas) still open,
    and a v=1 link passes through every migration since (its status stays `contract`)."""
    import explorer.view_state as vs

    def plus_separated(kb, text: str) -> tuple[str, ...]:
        return vs._list_of(vs._states, 1, 10, upper=True)(kb, text.replace("+", ",")) if "," not in text else vs._fail()

    def commas_to_plus(raw: dict[str, str]) -> dict[str, str]:
        return {k: (v.replace(",", "+") if k == "states" else v) for k, v in raw.items()}

    monkeypatch.setattr(vs, "_fail", lambda: (_ for _ in ()).throw(ValueError()), raising=False)
    monkeypatch.setattr(vs, "VERSION", 3)
    monkeypatch.setattr(vs, "_MIGRATIONS", {**vs._MIGRATIONS, 2: commas_to_plus})
    monkeypatch.setattr(vs, "FIELDS", {**vs.FIELDS, "states": vs.FieldSpec(plus_separated, "+".join)})
    old, notices = vs.decode({"v": "2", "states": "RU,KZ", "lang": "ru"}, kb)
    assert notices == [] and old.states == ("RU", "KZ") and old.lang == "ru" and old.status == "auto"
    oldest, notices = vs.decode({"v": "1", "states": "RU,KZ"}, kb)
    assert notices == [] and oldest.states == ("RU", "KZ") and oldest.status == "contract"
    new, notices = vs.decode({"v": "3", "states": "RU,KZ"}, kb)
    assert [n.param for n in notices] == ["states"], "a v=3 link must use the new shape"
    assert vs.encode(old, kb)["states"] == "RU+KZ" and vs.encode(old, kb)["v"] == "3"


def test_meeting_mode_and_step(kb):

    state, notices = decode({"mode": "meeting", "step": "3"}, kb)
    assert (state.mode, state.step) == ("meeting", 3) and not notices
    assert encode(state, kb) == {"v": str(VERSION), "mode": "meeting", "step": "3"}
    assert "step" not in encode(state.replace(step=1), kb)  # step 1 is the default
    assert decode(encode(state, kb), kb)[0] == state


@pytest.mark.parametrize(
    "mode,step",
    [
        ("slides", "6"),
        ("", "0"),
        ("MEETING<b>", "-1"),
        ("meeting ", "99"),
        ("x", "2.5"),
        ("x", "٣"),
        ("x", "1e1"),
        ("x", ""),
    ],
)
def test_bad_mode_or_step_falls_back_with_a_notice(kb, mode, step):
    from explorer.meeting import checked_step

    state, notices = decode({"mode": mode, "step": step}, kb)
    shown, notice = checked_step(kb, state.step)  # meeting mode checks the step against its sequence
    notices += [notice] if notice else []
    assert shown == 1
    assert "step" in {n.param for n in notices}
    if mode.strip() != "meeting":
        assert state.mode is None and "mode" in {n.param for n in notices}


# --- v=2: the worker's status defaults to `auto` ---------------------------------------------------


def test_a_v1_link_without_status_still_means_contract(kb) -> None:
    state, notices = decode({"v": "1", "lang": "ru", "person": "child"}, kb)
    assert not notices and state.status == "contract" and state.person == "child"
    # re-encoded, the link says so explicitly (and carries the current version)
    params = encode(state, kb)
    assert params["v"] == str(VERSION) == "2" and params["status"] == "contract"
    assert decode(params, kb)[0] == state


@pytest.mark.parametrize("status", ["contract", "patent", "auto"])
def test_a_v1_link_with_a_status_keeps_it(kb, status: str) -> None:
    assert decode({"v": "1", "status": status}, kb)[0].status == status


def test_v2_and_bare_links_default_to_auto(kb) -> None:
    assert default_state(kb).status == "auto"
    assert decode({"v": "2"}, kb)[0].status == "auto"
    assert decode({}, kb)[0].status == "auto"  # a link without `v` is read as the current version
    assert "status" not in encode(decode({"v": "2"}, kb)[0], kb)  # the default is not written
    state, notices = decode({"v": "2", "status": "sometimes"}, kb)
    assert state.status == "auto" and [n.param for n in notices] == ["status"]
