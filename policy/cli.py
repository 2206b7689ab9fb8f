"""Command line: `python -m policy check|resolve|matrix|coverage|impact|examples|review|freeze`.

Answers go to stdout, logs and errors to stderr. Exit codes: 0 ok; 1 the data (or an example)
failed; 2 bad input (unknown value, malformed date or number).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import NoReturn

from policy.engine import CaseError, coverage_report, matrix, parse_date, resolve
from policy.knowledge_base import DataError, KnowledgeBase, load_knowledge_base
from policy.plain_input import whole_number
from policy.status import AUTO, STATUS_CHOICES, make_case_auto, with_status

log = logging.getLogger("policy")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (argparse prints usage too)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _row_count(text: str) -> int:
    """A number of rows: a whole number from 0 in ASCII digits (argparse's `int` reads `-5` and `٣`)."""
    try:
        return whole_number(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of rows from 0, got {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m policy", description="Coverage Explorer knowledge base and engine")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's data/)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    sub.add_parser("check", help="validate every data file; exit 1 listing problems")

    r = sub.add_parser("resolve", help="answer one case as JSON")
    for name in ("host", "origin", "person"):
        r.add_argument(f"--{name}", required=True)
    r.add_argument(
        "--status",
        default=AUTO,
        help="the worker's status: contract, patent, or auto (the default): an employment contract where host and "
        "origin are both EAEU members on the date (with the scenario's memberships), a patent or work permit "
        "otherwise; the answer names it as status_applied",
    )
    for name in ("residence", "care", "date"):
        r.add_argument(f"--{name}", required=True)
    r.add_argument("--contribution-years", default="0")
    r.add_argument("--vhi", default="none")
    r.add_argument("--scenario", default=None)
    r.add_argument("--json", action="store_true", help="print JSON (the default and only format)")

    m = sub.add_parser("matrix", help="the full matrix for a date")
    m.add_argument("--date", required=True)
    m.add_argument(
        "--status",
        choices=["all", *STATUS_CHOICES],
        default="all",
        help="all (the default): every status for every pair, the ones a pair cannot have marked applicable=False; "
        "auto: for each pair only the status applied on the date (contract between EAEU members, patent "
        "otherwise, with the scenario's memberships), half the rows; contract or patent: that status only",
    )
    m.add_argument("--scenario", default=None)
    m.add_argument("--vhi", default="none")
    m.add_argument("--contribution-years", default="0")
    m.add_argument("--explain", action="store_true", help="add explanation_en / explanation_ru columns")
    m.add_argument("--csv", action="store_true", help="write CSV to stdout (the default and only format)")

    c = sub.add_parser("coverage", help="per host, the share of cells decided by a rule vs the fallback")
    c.add_argument("--date", default=None)
    c.add_argument("--csv", action="store_true")

    i = sub.add_parser("impact", help="people and cost per corridor, law in force against a scenario (CSV)")
    i.add_argument("--scenario", default=None)
    i.add_argument("--date", default=None, help="default: the date the data was last checked for changes")
    i.add_argument("--contribution-years", default="0", help="every worker's years of contributions")
    i.add_argument("--vhi", default=None, help="the voluntary policy everyone holds (default: data/impact.yaml's)")
    i.add_argument("--set", action="append", default=[], metavar="ASSUMPTION=VALUE",
                   help="central value of an assumption, by figure id or stem (repeatable)")
    i.add_argument("--table", choices=["corridors", "people", "costs", "parameters"], default="corridors")
    i.add_argument("--csv", action="store_true", help="write CSV to stdout (the default and only format)")

    v = sub.add_parser("review", help="the facts to re-check first, with the open questions; exit 1 on a "
                       "fact without source or as-of, or a review_by date passed")
    v.add_argument("--csv", action="store_true", help="write the facts table as CSV to stdout")
    v.add_argument("--limit", type=_row_count, default=30, help="rows of the text table (CSV: all rows)")
    v.add_argument("--today", default=None, help="the date review_by is compared with (default: today)")

    sub.add_parser("freeze", help="freeze the data's current version into data/releases/ (links can pin it)")

    e = sub.add_parser("examples", help="run the worked examples in tests/cases/")
    e.add_argument("--cases", type=Path, default=None)
    e.add_argument("--verbose", "-v", action="store_true")
    return parser


def _load(data: Path | None) -> KnowledgeBase:
    return load_knowledge_base(data)


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(message)s")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        kb = _load(args.data)
    except DataError as exc:
        print(f"The data did not validate ({len(exc.errors)} problem(s)):", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    try:
        if args.command == "check":
            print(
                f"ok: {len(kb.sources)} sources, {len(kb.states)} states, {len(kb.instruments)} instruments, "
                f"{len(kb.rules)} rules, {len(kb.open_questions)} open questions, {len(kb.figures)} figures, "
                f"{len(kb.scenarios)} scenarios (data {kb.meta.data_version}; law as known from sources up to "
                f"{kb.sources_up_to}, checked for changes on {kb.last_checked})"
            )
            return 0
        if args.command == "review":
            from .review import open_questions_table, review_problems, review_table

            today = parse_date(args.today) if args.today else None
            table = review_table(kb, today)
            if args.csv:
                table.to_csv(sys.stdout, index=False, lineterminator="\n")
            else:
                print(f"Facts to re-check first (law as known from sources up to {kb.sources_up_to}; "
                      f"checked for changes on {kb.last_checked}):")
                shown = table.head(args.limit).copy()
                shown["label"] = shown["label"].str.slice(0, 60)
                print(shown.drop(columns=["sources"]).to_string(index=False) if len(shown) else "(none shown)")
                questions = open_questions_table(kb, today)
                print(f"\nOpen questions ({len(questions)}):")
                print(questions.drop(columns=["text"]).to_string(index=False))
            problems = review_problems(kb, today)
            for problem in problems:
                print(f"review: {problem}", file=sys.stderr)
            return 1 if problems else 0
        if args.command == "freeze":
            from policy.releases import freeze

            target = freeze(args.data)
            print(f"froze data version {kb.meta.data_version} into {target}")
            return 0
        if args.command == "resolve":
            case = make_case_auto(
                kb,
                host=args.host,
                origin=args.origin,
                person=args.person,
                status=args.status,
                residence=args.residence,
                care=args.care,
                date=args.date,
                contribution_years=args.contribution_years,
                vhi=args.vhi,
                scenario=args.scenario,
            )
            answer = {**resolve(kb, case).as_json(), "status_applied": case.status}
            print(json.dumps(answer, ensure_ascii=False))
            return 0
        if args.command == "matrix":
            from policy.engine import parse_years

            frame = matrix(
                kb,
                parse_date(args.date),
                make_case_scenario(kb, args.scenario),
                vhi=args.vhi,
                contribution_years=parse_years(args.contribution_years),
                explain=args.explain,
            )
            frame = with_status(kb, frame, args.status, parse_date(args.date), make_case_scenario(kb, args.scenario))
            frame.to_csv(sys.stdout, index=False)
            return 0
        if args.command == "impact":
            from policy.engine import parse_years
            from policy.impact import golden_table, impact, parse_overrides

            if args.vhi not in (None, "none", "host", "home"):
                raise CaseError(f"unknown vhi {args.vhi!r}; one of: none, host, home")
            result = impact(
                kb,
                parse_date(args.date) if args.date else kb.meta.as_of,
                make_case_scenario(kb, args.scenario),
                years=parse_years(args.contribution_years),
                vhi=args.vhi,
                overrides=parse_overrides(kb, args.set),
            )
            table = golden_table(result) if args.table == "corridors" else getattr(result, args.table)
            table.to_csv(sys.stdout, index=False, lineterminator="\n")
            return 0
        if args.command == "coverage":
            day = parse_date(args.date) if args.date else None
            report = coverage_report(kb, day)
            if args.csv:
                report.to_csv(sys.stdout, index=False)
            else:
                print(report.to_string(index=False))
            worst = report["fallback_share"].max() if len(report) else 0
            return 0 if worst <= 0.5 and report["fallback_all_low"].all() else 1
        if args.command == "examples":
            from policy.examples import run_examples

            results = run_examples(kb, args.cases)
            failed = [r for r in results if not r.passed]
            for checked in results:
                if not checked.passed or args.verbose:
                    mark = "ok  " if checked.passed else "FAIL"
                    print(f"{mark} {checked.file}: {checked.example.id}")
                    for problem in checked.problems:
                        print(f"       {problem}")
            print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
            return 1 if failed else 0
    except CaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        print(f"The examples did not validate ({len(exc.errors)} problem(s)):", file=sys.stderr)
        for line in exc.errors:
            print(f"  {line}", file=sys.stderr)
        return 1
    return 2


def make_case_scenario(kb: KnowledgeBase, scenario: str | None) -> str | None:
    if scenario in (None, "", "none", "baseline"):
        return None
    if scenario not in kb.scenarios:
        raise CaseError(f"unknown scenario {scenario!r}; known: {', '.join(sorted(kb.scenarios))}")
    return scenario
