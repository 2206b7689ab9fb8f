import json

import pytest

from .conftest import run_cli

RESOLVE = ["resolve", "--host", "RU", "--origin", "KG", "--person", "spouse", "--status", "contract",
           "--residence", "stay", "--care", "primary", "--date", "2026-06-01"]


def test_resolve_prints_exactly_one_json_object():
    result = run_cli(*RESOLVE, "--json", process=True)  # the real command, as a shell runs it
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    answer = json.loads(lines[0])
    assert answer["level"] == "paid"
    assert answer["confidence"] in ("high", "medium", "low")
    assert answer["basis"] and all("instrument" in b and "article" in b for b in answer["basis"])
    assert set(answer["explanation"]) == {"en", "ru"}
    assert "России" in answer["explanation"]["ru"]


@pytest.mark.parametrize(
    "extra", [["--contribution-years", "3.5"], ["--vhi", "home"], ["--scenario", "ru-oms-eaeu-families"]]
)
def test_resolve_options(extra):
    result = run_cli(*RESOLVE, *extra, "--json")
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)


def test_scenario_changes_the_answer():
    answer = json.loads(run_cli(*RESOLVE, "--scenario", "ru-oms-eaeu-families", "--json").stdout)
    assert answer["level"] == "insured" and answer["scenario"] == "ru-oms-eaeu-families"


@pytest.mark.parametrize(
    "flag,value",
    [
        ("--host", "XX"),
        ("--origin", "ru"),
        ("--person", "cousin"),
        ("--care", "dental"),
        ("--status", "visa"),
        ("--residence", "citizen"),
        ("--date", "2026-13-01"),
        ("--date", "2009-12-31"),
        ("--date", "2036-01-01"),
        ("--date", "yesterday"),
        ("--contribution-years", "-1"),
        ("--contribution-years", "nan"),
        ("--contribution-years", "many"),
        ("--contribution-years", "٣"),  # float() reads other scripts' digits
        ("--date", "2026-W23-1"),  # an ISO week date: date.fromisoformat reads it as 1 June 2026
        ("--vhi", "both"),
        ("--scenario", "no-such-scenario"),
    ],
)
def test_bad_input_exits_2_with_one_line(flag, value):
    args = list(RESOLVE)
    if flag in args:
        args[args.index(flag) + 1] = value
    else:
        args += [flag, value]
    result = run_cli(*args, "--json")
    if flag == "--origin" and value == "ru":  # codes are case-insensitive; RU→KG spouse is a valid case
        assert result.returncode == 0
        return
    assert result.returncode == 2, (flag, value, result.stdout, result.stderr)
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")


def test_missing_argument_exits_2_with_one_line():
    result = run_cli("resolve", "--host", "RU")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_implausible_combination_resolves():
    result = run_cli(
        "resolve",
        "--host",
        "RU",
        "--origin",
        "KG",
        "--person",
        "worker",
        "--status",
        "contract",
        "--residence",
        "stay",
        "--care",
        "primary",
        "--date",
        "2012-03-01",
        "--json",
    )
    assert result.returncode == 0
    answer = json.loads(result.stdout)
    assert answer["applicable"] is False and "could not occur" in answer["explanation"]["en"]


def test_matrix_csv():
    result = run_cli("matrix", "--date", "2026-06-01", "--csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("date,scenario,host,origin,person,status,residence,care,vhi,")
    assert len(lines) == 1 + 14400


def test_coverage_report_passes():
    result = run_cli("coverage")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fallback_share" in result.stdout


@pytest.mark.parametrize(
    "scenario,case,level",
    [
        (
            "ru-oms-eaeu-families",
            ["--origin", "KG", "--person", "spouse", "--status", "contract", "--care", "primary"],
            "insured",
        ),
        (
            "cis-vhi-recognition",
            ["--origin", "UZ", "--person", "spouse", "--status", "patent", "--care", "primary", "--vhi", "home"],
            "voluntary",
        ),
        (
            "ru-oms-3-years",
            [
                "--origin",
                "TJ",
                "--person",
                "worker",
                "--status",
                "patent",
                "--care",
                "inpatient",
                "--contribution-years",
                "4",
            ],
            "insured",
        ),
        (
            "ru-entry-vhi",
            ["--origin", "TJ", "--person", "child", "--status", "patent", "--care", "primary"],
            "voluntary",
        ),
        (
            "uz-joins-eaeu",
            ["--origin", "UZ", "--person", "worker", "--status", "contract", "--care", "primary"],
            "insured",
        ),
    ],
)
def test_every_scenario_resolves_from_the_command_line(scenario, case, level):
    common = ["resolve", "--host", "RU", "--residence", "stay", "--date", "2026-11-01", *case]
    baseline = json.loads(run_cli(*common).stdout)
    answer = run_cli(*common, "--scenario", scenario)
    assert answer.returncode == 0, answer.stderr
    changed = json.loads(answer.stdout)
    assert changed["scenario"] == scenario and changed["level"] == level
    assert baseline["level"] != level or not baseline["applicable"]


# --- the worker's status `auto` ---------------------------------------------------------------------

AUTO_CASE = ["resolve", "--host", "RU", "--person", "spouse", "--residence", "stay", "--care", "primary",
             "--date", "2026-06-01"]


@pytest.mark.parametrize(
    "origin,extra,applied",
    [
        ("KG", [], "contract"),  # no --status: auto
        ("UZ", [], "patent"),
        ("UZ", ["--scenario", "uz-joins-eaeu"], "contract"),
        ("KG", ["--status", "auto"], "contract"),
        ("UZ", ["--status", "contract"], "contract"),  # an explicit status is answered as asked
    ],
)
def test_resolve_status_defaults_to_auto_and_names_the_status_applied(origin, extra, applied):
    result = run_cli(*AUTO_CASE, "--origin", origin, *extra, "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["status_applied"] == applied
    label = {"contract": "employment contract", "patent": "patent or work permit"}[applied]
    assert label in answer["explanation"]["en"]
    assert answer["applicable"] is (extra != ["--status", "contract"])


def test_resolve_with_an_explicit_status_also_names_it():
    answer = json.loads(run_cli(*RESOLVE, "--json").stdout)
    assert answer["status_applied"] == "contract"


def test_help_says_auto_is_the_default_and_what_matrix_does_with_it():
    resolve_help = run_cli("resolve", "--help").stdout
    assert "auto" in resolve_help and "default" in resolve_help
    matrix_help = " ".join(run_cli("matrix", "--help").stdout.split())
    assert "auto: for each pair only the status applied on the date" in matrix_help


def test_matrix_status_auto_keeps_the_status_each_pair_has():
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run_cli("matrix", "--date", "2026-06-01", "--status", "auto").stdout)))
    assert len(rows) == 14400 // 2
    by_pair = {(r["host"], r["origin"]): r["status"] for r in rows}
    assert by_pair[("RU", "KG")] == "contract" and by_pair[("RU", "UZ")] == "patent"
    assert all(r["applicable"] == "True" for r in rows if r["host"] != r["origin"])
    scenario = run_cli("matrix", "--date", "2026-06-01", "--status", "auto", "--scenario", "uz-joins-eaeu").stdout
    rows = list(csv.DictReader(io.StringIO(scenario)))
    assert {r["status"] for r in rows if (r["host"], r["origin"]) == ("RU", "UZ")} == {"contract"}
    assert run_cli("matrix", "--date", "2026-06-01", "--status", "sometimes").returncode == 2


# --- policy review ------------------------------------------------------------------------------


def test_review_lists_facts_to_recheck_and_passes_on_the_data(kb):
    done = run_cli("review", "--csv")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("rank,fact,kind,newest_source,confidence,cells,review_by,overdue")
    assert len(lines) - 1 >= len(kb.rules) + len(kb.instruments)
    text = run_cli("review", "--limit", "5")
    assert text.returncode == 0 and "Open questions" in text.stdout and "sources up to" in text.stdout


@pytest.mark.parametrize("limit", ["-5", "x", "٣"])
def test_review_refuses_a_row_count_below_zero_or_not_a_number(limit, capsys):
    """`--limit -5` printed an empty table and exited 0."""
    from policy.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["review", "--limit", limit])
    assert exit_info.value.code == 2
    expected = f"error: argument --limit: must be a whole number of rows from 0, got {limit!r}"
    assert capsys.readouterr().err.strip() == expected


def test_a_reader_that_stops_early_gets_no_traceback():
    """`python -m policy matrix … | head -2` ended in a BrokenPipeError traceback."""
    import subprocess
    import sys

    from .conftest import DATA, ROOT

    command = [sys.executable, "-m", "policy", "--data", str(DATA), "matrix", "--date", "2026-06-01"]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"date,")
        process.stdout.close()  # as `head` does once it has its lines
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_review_ranks_low_confidence_and_many_cells_first_among_equally_dated(kb):
    from policy.review import review_table

    table = review_table(kb)
    first = table.iloc[0]
    assert first["confidence"] == "low"  # undated sources, then lowest confidence, then most cells
    assert table["rank"].tolist() == list(range(1, len(table) + 1))


def test_review_fails_when_a_review_date_has_passed(data_copy):
    path = data_copy / "entitlements" / "ru.yaml"
    text = path.read_text(encoding="utf-8")
    marker = "- id: ru-emergency-national\n"
    start = text.index(marker)
    as_of = text.index("  as_of:", start)
    path.write_text(text[:as_of] + "  review_by: 2026-01-01\n" + text[as_of:], encoding="utf-8")
    done = run_cli("review", "--csv", data=data_copy)
    assert done.returncode == 1
    assert "rule:ru-emergency-national: marked for review by 2026-01-01" in done.stderr


def test_review_fails_once_a_marked_date_is_reached():
    # the data's own review dates (e.g. Moldova's CIS exit, from late March 2027) make it fail later
    done = run_cli("review", "--csv", "--today", "2027-12-31")
    assert done.returncode == 1 and "oq-md-cis-withdrawal" in done.stderr


@pytest.mark.parametrize("where", ["missing", "empty"])
def test_examples_from_a_folder_with_none_fail_and_say_so(tmp_path, where):
    """A mistyped --cases folder printed "0 passed, 0 failed" and exited 0."""
    cases = tmp_path / "no-such-folder" if where == "missing" else tmp_path
    done = run_cli("examples", "--cases", str(cases))
    assert done.returncode == 1 and "passed" not in done.stdout
    said = "no such folder" if where == "missing" else "no worked examples"
    assert str(cases) in done.stderr and said in done.stderr
