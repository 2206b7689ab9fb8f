"""The worker's status `auto`: resolved before the engine to the status the pair has on the date."""

from __future__ import annotations

import datetime as dt

import pytest

from policy import make_case, resolve
from policy.engine import CaseError, matrix
from policy.models import STATUSES
from policy.status import AUTO, applied_status, applied_statuses, make_case_auto, status_open, with_status

KG_JOINS = dt.date(2015, 8, 12)  # the Union's own date (the Commission announced 6 August early; audit 2026-12)
DAY = dt.date(2026, 6, 1)


@pytest.mark.parametrize("host,origin", [("RU", "KG"), ("KZ", "AM"), ("BY", "RU"), ("KG", "KZ")])
def test_eaeu_pair_is_contract(kb, host: str, origin: str) -> None:
    assert applied_status(kb, host, origin, DAY) == "contract"


@pytest.mark.parametrize("host,origin", [("RU", "UZ"), ("RU", "TJ"), ("KZ", "AZ"), ("UZ", "RU"), ("MD", "TM")])
def test_pair_with_a_non_member_is_patent(kb, host: str, origin: str) -> None:
    assert applied_status(kb, host, origin, DAY) == "patent"


def test_uz_joins_eaeu_makes_uzbek_workers_contract_workers(kb) -> None:
    assert applied_status(kb, "RU", "UZ", DAY) == "patent"
    assert applied_status(kb, "RU", "UZ", DAY, "uz-joins-eaeu") == "contract"
    assert applied_status(kb, "UZ", "KZ", DAY, "uz-joins-eaeu") == "contract"
    # the scenario's membership adds Uzbekistan only: a pair with a non-member stays patent
    assert applied_status(kb, "RU", "TJ", DAY, "uz-joins-eaeu") == "patent"
    # the scenario carries no date of its own; before the Union existed, Russia was no member to pair with
    assert applied_status(kb, "RU", "UZ", dt.date(2014, 6, 1), "uz-joins-eaeu") == "patent"


@pytest.mark.parametrize(
    "day,expected",
    [
        (KG_JOINS - dt.timedelta(days=1), "patent"),
        (KG_JOINS, "contract"),
        (KG_JOINS + dt.timedelta(days=1), "contract"),
        (dt.date(2015, 1, 1), "patent"),
    ],
)
def test_dates_around_kyrgyzstans_accession(kb, day: dt.date, expected: str) -> None:
    assert kb.members("eaeu", KG_JOINS - dt.timedelta(days=1)) == {"RU", "BY", "KZ", "AM"}
    assert applied_status(kb, "RU", "KG", day) == expected
    assert applied_status(kb, "KG", "KZ", day) == expected


def test_the_applied_status_is_always_open_and_the_only_one(kb) -> None:
    """For every pair, on dates around each membership change, with and without a scenario:
    exactly one status is open, and `auto` picks it (so the engine's answer is applicable)."""
    for day in (dt.date(2014, 12, 31), dt.date(2015, 1, 2), KG_JOINS, DAY):
        for scenario in (None, "uz-joins-eaeu"):
            applied = applied_statuses(kb, day, scenario)
            for (host, origin), status in applied.items():
                assert [s for s in STATUSES if status_open(kb, host, origin, day, s, scenario)] == [status]


def test_make_case_auto_resolves_and_keeps_the_engine_vocabulary(kb) -> None:
    values = dict(host="ru", origin="UZ", person="spouse", residence="stay", care="primary", date="2026-06-01")
    case = make_case_auto(kb, **values, status=AUTO)
    assert case.status == "patent" and case.host == "RU"
    assert make_case_auto(kb, **values).status == "patent"  # no status given = auto
    assert make_case_auto(kb, **values, scenario="uz-joins-eaeu").status == "contract"
    assert make_case_auto(kb, **values, status="contract").status == "contract"  # an explicit status is kept
    assert resolve(kb, make_case_auto(kb, **values)).applicable
    with pytest.raises(CaseError, match="auto, contract, patent"):
        make_case_auto(kb, **values, status="visa")
    with pytest.raises(CaseError, match="origin"):
        make_case_auto(kb, **{**values, "origin": "XX"})
    with pytest.raises(CaseError):  # the engine itself knows no `auto`
        make_case(kb, **values, status=AUTO)


def test_with_status_auto_keeps_one_status_per_pair(kb) -> None:
    frame = matrix(kb, DAY)
    auto = with_status(kb, frame, AUTO, DAY)
    assert len(auto) == len(frame) // 2
    off_diagonal = auto[auto.host != auto.origin]
    assert off_diagonal.applicable.all()  # every corridor can occur under its own status
    pairs = auto.groupby(["host", "origin"])["status"].nunique()
    assert (pairs == 1).all()
    assert set(auto.loc[(auto.host == "RU") & (auto.origin == "KG"), "status"]) == {"contract"}
    assert set(auto.loc[(auto.host == "RU") & (auto.origin == "UZ"), "status"]) == {"patent"}
    assert len(with_status(kb, frame, "all", DAY)) == len(frame)
    assert set(with_status(kb, frame, "patent", DAY).status) == {"patent"}
    with pytest.raises(CaseError):
        with_status(kb, frame, "sometimes", DAY)
