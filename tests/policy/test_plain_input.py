"""The one form of a date and a number that links, the API and the command line accept."""

import datetime as dt

import pytest

from policy.plain_input import iso_day, plain_number, whole_number


@pytest.mark.parametrize(("text", "day"), [("2026-06-01", dt.date(2026, 6, 1)), (" 2015-01-01 ", dt.date(2015, 1, 1))])
def test_a_plain_date_is_read(text, day):
    assert iso_day(text) == day


@pytest.mark.parametrize(
    "text",
    ["2026-W01-1", "2026W01123", "20260101", "2026-001", "２０２６-０１-０１", "٢٠٢٦-٠١-٠١", "2026-02-30",
     "2026-6-1", ""],
)
def test_any_other_date_form_is_refused(text):
    with pytest.raises(ValueError):
        iso_day(text)


@pytest.mark.parametrize(("text", "value"), [("3", 3.0), ("-0.5", -0.5), (".5", 0.5), ("5.", 5.0), ("1e1", 10.0),
                                             ("+2", 2.0), (" 4 ", 4.0)])
def test_a_plain_number_is_read(text, value):
    assert plain_number(text) == value


@pytest.mark.parametrize("text", ["٣", "５", "1_000", "inf", "nan", "0x10", "1e1000", "", "1,5", "--1"])
def test_any_other_number_form_is_refused(text):
    with pytest.raises(ValueError):
        plain_number(text)


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("07", 7), ("123456789", 123456789)])
def test_a_whole_number_is_read(text, value):
    assert whole_number(text) == value


@pytest.mark.parametrize("text", ["-1", "+1", "1.0", "٣", "²", "1234567890", ""])
def test_any_other_whole_number_is_refused(text):
    with pytest.raises(ValueError):
        whole_number(text)
