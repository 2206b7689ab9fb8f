"""Country and corridor briefs: everything a one-page brief says, computed once, in one language.

``build_brief`` returns plain data (the ``Brief`` dataclass); ``explorer.brief.html`` and
``explorer.brief.pdf`` only lay it out, so the HTML file, the PDF and the page's preview say the same.

A corridor brief (origin → host) shows that pair. A host brief cannot show every origin in one grid,
so it shows one grid per origin group: workers from other EAEU member states (employment contract)
and workers from outside the EAEU (patent or work permit). Each group is drawn for one
representative origin (the data's default origin when it is in the group, else the first by code),
and the brief says for which other origins of the group every cell is the same and for which it
differs, so the reader is never told that one origin stands for all when it does not.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from explorer.charts.coverage_heatmap import coverage_heatmap
from explorer.charts.frame import Chart, framed, licence_line, source_line
from explorer.charts.palette import LEVEL_SYMBOL, LOW_CONFIDENCE_MARK
from explorer.i18n import CATALOG, DEFAULT_LANG, t
from explorer.share import citation
from explorer.views.compare import compare_states
from explorer.views.coverage import corridor_grid
from policy.engine import make_case, resolve
from policy.engine import rule_sources as rule_sources_of
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, LEVELS, PERSONS
from policy.status import AUTO, applied_status, status_open

MODEL_ROWS = ("health_model", "scheme", "fund", "contributions", "memberships", "foreigners", "family_members",
              "emergency")
MAX_QUESTIONS = 8  # a brief names the questions its answers depend on first; the rest are counted
CHART_HEIGHT = 170


@dataclass(frozen=True)
class FactLine:
    """One attribute of the host state, with the source it comes from and that fact's as-of date."""

    label: str
    text: str
    source: str  # "publisher, as of date" (or "no single source; data as of …")


@dataclass(frozen=True)
class GridSection:
    """One person × care grid: a corridor's coverage levels, as a chart spec and as a table."""

    heading: str
    origin: str
    status: str
    note: str  # for a host brief: for which other origins of the group the grid holds
    columns: tuple[str, ...]  # care labels
    rows: tuple[tuple[str, tuple[str, ...]], ...]  # (person label, cell texts: symbol, level, "?")
    levels: tuple[tuple[str, ...], ...]  # level codes per cell ("" when not applicable), for colour
    chart: Chart = field(hash=False, compare=False)


@dataclass(frozen=True)
class BasisLine:
    instrument: str  # its id
    name: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class QuestionLine:
    id: str
    question: str
    status: str


@dataclass(frozen=True)
class SourceLine:
    id: str
    title: str
    publisher: str
    url: str
    accessed: str  # "accessed <date>", in the brief's language


@dataclass(frozen=True)
class Brief:
    lang: str
    kind: str  # "host" | "corridor"
    host: str
    origin: str | None
    day: dt.date
    title: str
    subtitle: str
    notes: tuple[str, ...]  # "law as known on …", the scenario: said before anything else
    model_heading: str
    model: tuple[FactLine, ...]
    sections: tuple[GridSection, ...]
    legend: str
    basis: tuple[BasisLine, ...]
    questions: tuple[QuestionLine, ...]
    more_questions: int
    sources: tuple[SourceLine, ...]
    data_line: str
    licence: str
    licence_url: str
    citation: str | None  # None while the catalogue has no citation strings (never a raw key)
    link: str
    made: str


# --- small pure pieces ------------------------------------------------------------------------


def _name(kb: KnowledgeBase, code: str, lang: str) -> str:
    return kb.states[code].name.in_lang(lang)


def status_for_pair(kb: KnowledgeBase, day: dt.date, host: str, origin: str, wanted: str,
                    scenario: str | None = None) -> str:
    """``wanted`` when it is open to a worker of this pair on ``day`` (a scenario may move a state
    into the EAEU), else (and for `auto`) the status applied to the pair: a brief never draws a grid
    of "not applicable"."""
    if wanted != AUTO and status_open(kb, host, origin, day, wanted, scenario):
        return wanted
    return applied_status(kb, host, origin, day, scenario)


def origin_groups(
    kb: KnowledgeBase, day: dt.date, host: str, scenario: str | None = None
) -> list[tuple[str, list[str]]]:
    """The host's origins split by the status open to them: [(status, [origins…]), …], contract first."""
    groups: dict[str, list[str]] = {}
    for origin in kb.state_codes:
        if origin != host:
            groups.setdefault(status_for_pair(kb, day, host, origin, "contract", scenario), []).append(origin)
    order = [str(s) for s in kb.vocabulary.status]
    return sorted(groups.items(), key=lambda item: order.index(item[0]))


def representative(kb: KnowledgeBase, origins: list[str]) -> str:
    default = kb.meta.default_view.origin
    return default if default in origins else origins[0]


def cell_text(kb: KnowledgeBase, cell: pd.Series, lang: str) -> str:
    """A grid cell in words and a symbol (never colour only): "■ insured", "▲ paid ?", "not applicable"."""
    if not bool(cell["applicable"]):
        return t("brief.not_applicable", lang)
    mark = LOW_CONFIDENCE_MARK if cell["confidence"] == "low" else ""
    return f"{LEVEL_SYMBOL[cell['level']]} {kb.label('level', cell['level'], lang)}{' ' + mark if mark else ''}"


def legend(kb: KnowledgeBase, lang: str) -> str:
    levels = ", ".join(f"{LEVEL_SYMBOL[level]} {kb.label('level', level, lang)}" for level in LEVELS)
    return t("brief.legend", lang, levels=levels)


def _levels_key(grid: pd.DataFrame) -> tuple:
    return tuple(zip(grid["person"], grid["care"], grid["applicable"], grid["level"], grid["confidence"], strict=False))


def _resolutions(
    kb: KnowledgeBase, day: dt.date, host: str, origin: str, status: str, residence: str, scenario: str | None
) -> list:
    """The engine's answer for every person × care of the corridor (the basis with its articles)."""
    return [
        resolve(
            kb,
            make_case(
                kb,
                host=host,
                origin=origin,
                person=p,
                status=status,
                residence=residence,
                care=c,
                date=day,
                scenario=scenario,
            ),
        )
        for p in PERSONS
        for c in CARES
    ]


def model_facts(kb: KnowledgeBase, day: dt.date, host: str, lang: str) -> tuple[tuple[FactLine, ...], list[str]]:
    """The host's model, scheme, fund and who is insured, as the compare page has them, and their sources."""
    rows = compare_states(kb, [host], day, lang)
    lines, sources = [], []
    for key in MODEL_ROWS:
        cell = rows[key][host]
        if cell.kind != "value" or not cell.text:
            continue
        if cell.source_id and cell.source_id in kb.sources:
            where = t(
                "brief.fact.source",
                lang,
                publisher=kb.sources[cell.source_id].publisher,
                as_of=dt.date.fromisoformat(cell.as_of or ""),
            )
            sources.append(cell.source_id)
        else:
            where = t("brief.fact.no_source", lang, as_of=kb.sources_up_to)
        lines.append(FactLine(t(f"compare.row.{key}", lang), cell.text, where))
    return tuple(lines), sources


def _section(
    kb: KnowledgeBase,
    lang: str,
    day: dt.date,
    host: str,
    origin: str,
    status: str,
    residence: str,
    scenario: str | None,
    heading: str,
    note: str,
) -> tuple[GridSection, list]:
    grid = corridor_grid(kb, day, host, origin, status, residence, scenario)
    persons = {p: kb.label("person", p, lang) for p in PERSONS}
    cares = {c: kb.label("care", c, lang) for c in CARES}
    cells = grid.set_index(["person", "care"])
    rows = tuple((persons[p], tuple(cell_text(kb, cells.loc[(p, c)], lang) for c in CARES)) for p in PERSONS)
    levels = tuple(
        tuple(cells.loc[(p, c)]["level"] if bool(cells.loc[(p, c)]["applicable"]) else "" for c in CARES)
        for p in PERSONS
    )
    answers = _resolutions(kb, day, host, origin, status, residence, scenario)
    rule_sources = rule_sources_of(kb, (r for a in answers for r in a.rules), scenario)
    line = source_line(kb, rule_sources, lang)
    names = {c: _name(kb, c, lang) for c in (host, origin)}
    title = t("coverage.corridor", lang, host=names[host], origin=names[origin])
    sub = t(
        "coverage.corridor_subtitle",
        lang,
        status=kb.label("status", status, lang),
        residence=kb.label("residence", residence, lang),
        date=day,
    )
    spec = framed(
        coverage_heatmap(grid, "person", "care", persons, cares, kb, lang, height=CHART_HEIGHT), title, sub, line,
        licence_line(kb, lang),
    )
    section = GridSection(heading, origin, status, note, tuple(cares.values()), rows, levels, spec)
    return section, answers


def _group_note(
    kb: KnowledgeBase,
    lang: str,
    day: dt.date,
    host: str,
    rep: str,
    origins: list[str],
    status: str,
    residence: str,
    scenario: str | None,
) -> str:
    """Which other origins of the group share the representative's grid cell for cell, which do not
    (the representative, the heading's example, is never said to be "the same" as itself)."""
    base = _levels_key(corridor_grid(kb, day, host, rep, status, residence, scenario))
    same: list[str] = []
    differs: list[str] = []
    for origin in origins:
        if origin != rep:
            # the key holds no origin, so two corridors compare cell for cell
            same_grid = _levels_key(corridor_grid(kb, day, host, origin, status, residence, scenario)) == base
            (same if same_grid else differs).append(origin)
    def names(codes: list[str]) -> str:
        return ", ".join(_name(kb, c, lang) for c in codes)
    if not same and not differs:  # the example is the group's only origin
        return ""
    if not differs:  # every origin of the group, the example among them
        return t("brief.group.same", lang, states=names([rep, *same]))
    if not same:
        return t("brief.group.all_differ", lang, differs=names(differs))
    return t("brief.group.differs", lang, same=names(same), differs=names(differs))


# An article cited with a note on what it says: "Art. 10 (family members …)"; or a part of a text
# with what it says: "conclusions: emergency care …".
_WITH_NOTE = re.compile(r"^(?P<head>[^():]+) \((?P<detail>[^()]*)\)$")
_WITH_COLON = re.compile(r"^(?P<head>[^:]+): (?P<detail>.+)$")


def merged_articles(articles: list[str]) -> tuple[str, ...]:
    """The articles of one instrument, each part of the text once: "Art. 10; Art. 10 (family members …)"
    reads "Art. 10 (family members …)", "conclusions: A; conclusions: B" reads "conclusions: A; B".
    References that differ in their own words (a paragraph, "as read by …", a wording in force before
    …) stay apart; order is that of first use."""
    heads: dict[str, dict[str, list[str]]] = {}  # head -> {"(" | ":" | "": its details}
    for article in articles:
        match = _WITH_NOTE.match(article) or _WITH_COLON.match(article)
        head, kind = (match["head"], "(" if match.re is _WITH_NOTE else ":") if match else (article, "")
        details = heads.setdefault(head, {}).setdefault(kind, [])
        if match and match["detail"] not in details:
            details.append(match["detail"])
    out: list[str] = []
    for head, kinds in heads.items():
        for kind, details in kinds.items():
            if kind == "(":
                out.append(f"{head} ({'; '.join(details)})")
            elif kind == ":":
                out.append(f"{head}: {'; '.join(details)}")
            elif len(kinds) == 1:  # the bare reference, said once unless a note on it says more
                out.append(head)
    return tuple(out)


def basis_lines(kb: KnowledgeBase, answers: list, lang: str) -> tuple[BasisLine, ...]:
    """Every instrument the applicable answers rest on, once, with the articles cited (each part of its
    text once: ``merged_articles``), in order of use."""
    found: dict[str, list[str]] = {}
    for answer in answers:
        if not answer.applicable:
            continue
        for item in answer.basis:
            articles = found.setdefault(item.instrument, [])
            article = item.article_in(lang)
            if article and article not in articles:
                articles.append(article)
    return tuple(BasisLine(i, kb.instruments[i].name.in_lang(lang), merged_articles(a)) for i, a in found.items())


def question_lines(
    kb: KnowledgeBase, answers: list, basis: tuple[BasisLine, ...], host: str, origin: str | None, lang: str
) -> tuple[tuple[QuestionLine, ...], int]:
    """The open questions the answers depend on, then those about the basis instruments and this host
    (or pair); answered ones are left out unless an answer still cites them. Capped at MAX_QUESTIONS."""
    cited = [q for a in answers if a.applicable for q in a.open_questions if q]
    ids = {b.instrument for b in basis}
    about = [
        q.id
        for q in kb.open_questions.values()
        if q.status != "answered"
        and (ids & (set(q.instruments) | {i for i in ids if q.id in kb.instruments[i].open_questions}))
        and (not q.states or host in q.states or (origin is not None and origin in q.states))
    ]
    ordered = [q for q in dict.fromkeys([*cited, *about]) if q in kb.open_questions]
    lines = tuple(
        QuestionLine(
            q, kb.open_questions[q].question.in_lang(lang), t(f"brief.oq.{kb.open_questions[q].status}", lang)
        )
        for q in ordered[:MAX_QUESTIONS]
    )
    return lines, max(0, len(ordered) - MAX_QUESTIONS)


def source_lines(kb: KnowledgeBase, ids: list[str], lang: str) -> tuple[SourceLine, ...]:
    out = []
    for sid in dict.fromkeys(ids):
        if sid not in kb.sources:
            continue
        source = kb.sources[sid]
        out.append(
            SourceLine(
                sid,
                source.title_en if lang == "en" and source.title_en else source.title,
                source.publisher,
                str(source.url),
                t("brief.source.accessed", lang, date=source.accessed),
            )
        )
    return tuple(out)


def _citation(kb: KnowledgeBase, title: str, link: str, accessed: dt.date, lang: str) -> str | None:
    # The citation strings belong to the sharing feature's catalogue (locales/share.yaml); until they
    # are there, t() would return the raw key, and a raw key must never reach a printed brief.
    if "share.cite.long" not in CATALOG[DEFAULT_LANG]:
        return None
    return citation(kb, title, link, accessed, lang, long=True)


# --- the brief ------------------------------------------------------------------------------------


def build_brief(
    kb: KnowledgeBase,
    lang: str,
    day: dt.date,
    host: str,
    origin: str | None = None,
    status: str = "contract",
    residence: str = "stay",
    scenario: str | None = None,
    link: str = "",
    accessed: dt.date | None = None,
) -> Brief:
    """The brief on ``host`` (``origin`` None) or on the corridor ``origin`` → ``host``, on ``day``.

    ``status`` applies to a corridor only, and only when it is open to that pair (else the one that
    is); a host brief uses each origin group's own status. ``accessed`` is the citation's access date
    (default: today)."""
    if host not in kb.states or (origin is not None and (origin not in kb.states or origin == host)):
        raise ValueError(f"no brief for host={host!r} origin={origin!r}")
    accessed = accessed or dt.date.today()
    names = {c: _name(kb, c, lang) for c in kb.states}
    residence_label = kb.label("residence", residence, lang)
    sections: list[GridSection] = []
    answers: list = []
    if origin is None:
        kind = "host"
        title = t("brief.title.host", lang, host=names[host])
        subtitle = t("brief.subtitle.host", lang, residence=residence_label, date=day)
        for group_status, origins in origin_groups(kb, day, host, scenario):
            rep = representative(kb, origins)
            key = "brief.group.eaeu" if group_status == "contract" else "brief.group.other"
            heading = t(key, lang, origin_from=kb.states[rep].name_from.in_lang(lang))
            note = _group_note(kb, lang, day, host, rep, origins, group_status, residence, scenario)
            section, found = _section(kb, lang, day, host, rep, group_status, residence, scenario, heading, note)
            sections.append(section)
            answers += found
    else:
        kind = "corridor"
        status = status_for_pair(kb, day, host, origin, status, scenario)
        title = t("brief.title.corridor", lang, host=names[host], origin=names[origin])
        subtitle = t(
            "brief.subtitle.corridor",
            lang,
            origin_from=kb.states[origin].name_from.in_lang(lang),
            host_in=kb.states[host].name_in.in_lang(lang),
            status=kb.label("status", status, lang),
            residence=residence_label,
            date=day,
        )
        heading = t(
            "brief.group.corridor",
            lang,
            origin_from=kb.states[origin].name_from.in_lang(lang),
            status=kb.label("status", status, lang),
        )
        section, answers = _section(kb, lang, day, host, origin, status, residence, scenario, heading, "")
        sections.append(section)
    notes = []
    if day > kb.sources_up_to:  # later than the newest date a source states the law
        notes.append(t("brief.law_as_known", lang, as_of=kb.sources_up_to, checked=kb.last_checked))
    if scenario:
        notes.append(t("brief.scenario", lang, name=kb.scenarios[scenario].name.in_lang(lang)))
    model, model_sources = model_facts(kb, day, host, lang)
    basis = basis_lines(kb, answers, lang)
    questions, more = question_lines(kb, answers, basis, host, origin, lang)
    source_ids = [
        *model_sources,
        *rule_sources_of(kb, (r for a in answers if a.applicable for r in a.rules), scenario),
        # one source per instrument: the rules above cite the rest; a brief must stay one or two pages
        *(kb.instruments[b.instrument].sources[0] for b in basis),
    ]
    return Brief(
        lang=lang,
        kind=kind,
        host=host,
        origin=origin,
        day=day,
        title=title,
        subtitle=subtitle,
        notes=tuple(notes),
        model_heading=t("brief.section.model", lang, host=names[host]),
        model=model,
        sections=tuple(sections),
        legend=legend(kb, lang),
        basis=basis,
        questions=questions,
        more_questions=more,
        sources=source_lines(kb, source_ids, lang),
        data_line=t("brief.data", lang, version=kb.meta.data_version, as_of=kb.sources_up_to,
                    checked=kb.last_checked),
        licence=kb.meta.licence.in_lang(lang),
        licence_url=str(kb.meta.licence_url or ""),
        citation=_citation(kb, title, link, accessed, lang),
        link=link,
        made=t("brief.made", lang, date=accessed),
    )
