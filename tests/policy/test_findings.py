"""The Overview's headline findings (policy/findings.py): computed from figures and the engine."""

import dataclasses
import datetime as dt
import math
import re
from pathlib import Path

import pandas as pd
import pytest

from explorer.views.coverage import coverage_grid
from policy import load_knowledge_base
from policy.findings import Finding, children_without_cover, emergency_free_everywhere, figure_at, headline_findings
from policy.models import Figure

D = dt.date
IDS = ["children_without_cover", "hosts_where_spouse_pays", "emergency_free_everywhere"]
SHARE_PREFIX = "share.minors_citizenship."


def by_id(findings):
    return {f.id: f for f in findings}


def status_for(kb, host, origin, day):
    eaeu = kb.members("eaeu", day)
    return "contract" if host in eaeu and origin in eaeu else "patent"


def last_value(figure, day):
    """The figure's value on ``day``: the last one dated on or before it."""
    dated = [v for v in figure.values if v.date <= day]
    return dated[-1] if dated else None


def level_grid(kb, day, person, residence, care):
    """host, origin -> level, from the coverage matrix, for the status each pair can have."""
    out = {}
    for status in ("contract", "patent"):
        grid = coverage_grid(kb, day, person, status, residence, care)
        for row in grid.itertuples():
            if row.host != row.origin and status_for(kb, row.host, row.origin, day) == status:
                out[row.host, row.origin] = row.level
    return out


def first_number(text):
    match = re.search(r"\d[\d,\u00a0]*", text)
    return int(match.group(0).replace(",", "").replace("\u00a0", ""))


def remove_record(path: Path, record_id: str) -> None:
    """Delete one record (``- id: "<id>"`` up to the next top-level item) from a YAML list file."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip() in (f'- id: "{record_id}"', f"- id: {record_id}"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("- ")), len(lines))
    path.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")


def figure_file(data: Path, figure_id: str) -> Path:
    return next(p for p in sorted((data / "figures").glob("*.yaml"))
                if re.search(rf'^- id: "?{re.escape(figure_id)}"?$', p.read_text(encoding="utf-8"), re.M))


# --- all three ---------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [D(2025, 6, 1), D(2026, 11, 23), D(2030, 1, 1)])
def test_three_findings_with_bilingual_text_sources_and_as_of(kb, day):
    findings = headline_findings(kb, day)
    assert [f.id for f in findings] == IDS
    for f in findings:
        assert isinstance(f, Finding)
        assert math.isfinite(f.value) and f.value >= 0
        for field in (f.text, f.method):
            assert set(field) == {"en", "ru"}
            assert field["en"].strip() and field["ru"].strip() and field["en"] != field["ru"]
            assert "{" not in field["en"] + field["ru"]  # every placeholder was filled
        assert f.sources and len(set(f.sources)) == len(f.sources)
        assert all(s in kb.sources for s in f.sources), f.id
        assert f.as_of <= kb.meta.as_of
        if f.low is not None and f.high is not None:
            assert f.low <= f.value <= f.high


def test_before_the_eaeu_had_members_its_finding_is_left_out(kb):
    """On 1 Jan 2010 the Overview's headline read "In 0 of 0 EAEU member states, a worker's spouse …
    pays": a finding about no states. It is left out until the union has members."""
    assert not kb.members("eaeu", D(2010, 1, 1)) and kb.members("eaeu", D(2015, 6, 1))
    assert "hosts_where_spouse_pays" not in [f.id for f in headline_findings(kb, D(2010, 1, 1))]
    assert "hosts_where_spouse_pays" in [f.id for f in headline_findings(kb, D(2015, 6, 1))]


def test_findings_are_reproducible(kb):
    day = kb.meta.as_of
    assert headline_findings(kb, day) == headline_findings(kb, day)


def test_estimates_are_flagged_and_counts_are_not(kb):
    found = by_id(headline_findings(kb, kb.meta.as_of))
    assert found["children_without_cover"].estimate is True
    for fid in ("hosts_where_spouse_pays", "emergency_free_everywhere"):
        assert found[fid].estimate is False
        assert float(found[fid].value).is_integer()


# --- children without cover (an estimate from figures) -----------------------------------------


@pytest.mark.parametrize("day", [D(2025, 1, 1), D(2026, 11, 23)])
def test_children_without_cover_is_stock_times_paying_shares(kb, day):
    host = kb.meta.default_view.host
    finding = by_id(headline_findings(kb, day))["children_without_cover"]
    stock = last_value(kb.figures[f"minors.all.{host.lower()}"], day)
    levels = level_grid(kb, day, "child", "stay", "primary")
    shares = {f.origin: last_value(f, day) for f in kb.figures.values()
              if f.id.startswith(SHARE_PREFIX) and f.host == host and f.origin and last_value(f, day)}
    paying = {origin: share for origin, share in shares.items() if levels[host, origin] == "paid"}
    assert paying, "expected some citizenship whose children pay for primary care"
    expected = stock.value * sum(s.value for s in paying.values()) / 100
    assert finding.value == pytest.approx(expected)
    assert 0 < finding.value <= stock.value
    assert set(finding.sources) == {stock.source} | {s.source for s in paying.values()}
    assert finding.as_of == max([stock.date] + [s.date for s in paying.values()])
    for lang in ("en", "ru"):
        for origin in paying:
            assert getattr(kb.states[origin].name, lang) in finding.text[lang]
            assert getattr(kb.states[origin].name, lang) in finding.method[lang]
        for origin in set(shares) - set(paying):
            assert getattr(kb.states[origin].name, lang) not in finding.text[lang]
        assert getattr(kb.states[host].name_in, lang) in finding.text[lang]
        # The number in the sentence is the value, rounded (an estimate is not precise to the person).
        assert abs(first_number(finding.text[lang]) - finding.value) <= 500


def test_children_without_cover_method_writes_the_stock_and_its_date_as_the_reader_does(kb):
    """The method read '(680,000, 2025-08-08)' / '(680 000, 2025-08-08)': an ISO date in prose."""
    day = D(2026, 11, 23)
    finding = by_id(headline_findings(kb, day))["children_without_cover"]
    stock = last_value(kb.figures[f"minors.all.{kb.meta.default_view.host.lower()}"], day)
    english, russian = finding.method["en"], finding.method["ru"]
    assert not re.search(r"\d{4}-\d{2}-\d{2}", english + russian), (english, russian)
    assert f"{stock.date.day} {stock.date.strftime('%b')} {stock.date.year}" in english
    assert stock.date.strftime("%d.%m.%Y") in russian


def test_children_without_cover_uses_the_figures_in_force_on_the_day(kb):
    stock = kb.figures["minors.all.ru"]
    assert len(stock.values) >= 2
    a, b = stock.values[-2], stock.values[-1]
    before = by_id(headline_findings(kb, b.date - dt.timedelta(days=1)))["children_without_cover"]
    on = by_id(headline_findings(kb, b.date))["children_without_cover"]
    assert before.value / on.value == pytest.approx(a.value / b.value)
    assert figure_at(kb, "minors.all.ru", b.date) == b
    assert figure_at(kb, "minors.all.ru", stock.values[0].date - dt.timedelta(days=1)) is None
    assert figure_at(kb, "no.such.figure", b.date) is None


def test_children_covered_by_their_citizenship_are_not_counted(kb):
    # In Kyrgyzstan a Kazakh child (EAEU) is insured for primary care and a Tajik child pays: give the
    # host a stock and both shares (in memory) and only the Tajik share may count.
    day = kb.meta.as_of
    levels = level_grid(kb, day, "child", "stay", "primary")
    assert levels["KG", "KZ"] != "paid" and levels["KG", "TJ"] == "paid"
    source = next(iter(kb.sources))

    def figure(fid, value, origin=None):
        return Figure.model_validate({
            "id": fid, "name": {"en": fid, "ru": fid}, "kind": "sourced", "unit": "persons", "measure": "stock",
            "host": "KG", "origin": origin, "values": [{"date": D(2025, 1, 1), "value": value, "source": source,
                                                         "confidence": "medium"}]})

    extra = [figure("minors.all.kg", 10_000), figure(f"{SHARE_PREFIX}kz.kg", 40, "KZ"),
             figure(f"{SHARE_PREFIX}tj.kg", 25, "TJ")]
    changed = dataclasses.replace(kb, figures={**kb.figures, **{f.id: f for f in extra}})
    finding = children_without_cover(changed, day, "KG")
    assert finding.value == pytest.approx(10_000 * 25 / 100)
    assert "Tajikistan" in finding.text["en"] and "Kazakhstan" not in finding.text["en"]
    assert children_without_cover(kb, day, "KG") is None  # no stock figure for the host: no finding


def test_children_finding_left_out_before_its_figures_exist(kb):
    first_share = min(v.date for f in kb.figures.values() if f.id.startswith(SHARE_PREFIX) for v in f.values)
    day = first_share - dt.timedelta(days=1)
    findings = headline_findings(kb, day)
    assert [f.id for f in findings] == IDS[1:]


def test_children_finding_left_out_when_the_stock_figure_is_removed(kb, data_copy):
    remove_record(figure_file(data_copy, "minors.all.ru"), "minors.all.ru")
    changed = load_knowledge_base(data_copy)
    assert "minors.all.ru" not in changed.figures
    day = kb.meta.as_of
    findings = headline_findings(changed, day)
    assert [f.id for f in findings] == IDS[1:]
    assert findings == headline_findings(kb, day)[1:]  # the engine-based findings do not depend on it


def test_removing_a_share_figure_removes_exactly_its_part(kb, data_copy):
    share_id = f"{SHARE_PREFIX}tj.ru"
    remove_record(figure_file(data_copy, share_id), share_id)
    changed = load_knowledge_base(data_copy)
    assert share_id not in changed.figures
    day = kb.meta.as_of
    full = by_id(headline_findings(kb, day))["children_without_cover"]
    less = by_id(headline_findings(changed, day))["children_without_cover"]
    stock = last_value(kb.figures["minors.all.ru"], day).value
    share = last_value(kb.figures[share_id], day).value
    assert "Tajikistan" in full.text["en"] and "Tajikistan" not in less.text["en"]
    assert full.value - less.value == pytest.approx(stock * share / 100)


# --- counts over the engine's answers ----------------------------------------------------------


@pytest.mark.parametrize("day", [D(2016, 1, 1), D(2026, 3, 3), D(2026, 11, 23)])
def test_hosts_where_spouse_pays_counts_the_matrix(kb, day):
    finding = by_id(headline_findings(kb, day))["hosts_where_spouse_pays"]
    members = sorted(kb.members("eaeu", day))
    levels = level_grid(kb, day, "spouse", "stay", "primary")
    paying = [h for h in members if all(levels[h, o] == "paid" for o in members if o != h)]
    assert finding.value == len(paying)
    assert 0 <= finding.value <= len(members)
    assert finding.as_of == kb.meta.as_of
    assert first_number(finding.text["en"]) == len(paying)
    assert f"of {len(members)}" in finding.text["en"] and f"из {len(members)}" in finding.text["ru"]


@pytest.mark.parametrize("day", [D(2016, 1, 1), D(2026, 11, 23)])
def test_emergency_free_everywhere_counts_the_matrix(kb, day):
    finding = by_id(headline_findings(kb, day))["emergency_free_everywhere"]
    per_person = [level_grid(kb, day, person, "stay", "emergency") for person in ("spouse", "child", "parent")]
    free = [h for h in kb.states if all(levels[h, o] == "free" for levels in per_person for o in kb.states if o != h)]
    assert finding.value == len(free)
    assert 0 < finding.value <= len(kb.states)
    # A host that does not count has a family member from some other state who is not answered 'free'.
    for host in set(kb.states) - set(free):
        assert any(levels[host, o] != "free" for levels in per_person for o in kb.states if o != host)
    assert first_number(finding.text["en"]) == len(free)
    assert f"of {len(kb.states)}" in finding.text["en"]


def test_emergency_finding_needs_every_family_member(kb):
    # Without any rule for parents (in memory), parents fall back to 'paid' everywhere: no state counts,
    # although spouses and children are still answered 'free' in the EAEU.
    day = kb.meta.as_of
    rules = [r.model_copy(update={"person": [p for p in r.person if p != "parent"]}) for r in kb.rules]
    changed = dataclasses.replace(kb, rules=tuple(r for r in rules if r.person))
    assert set(level_grid(changed, day, "parent", "stay", "emergency").values()) == {"paid"}
    assert level_grid(changed, day, "spouse", "stay", "emergency")["RU", "KG"] == "free"
    finding = emergency_free_everywhere(changed, day)
    assert finding.value == 0 and first_number(finding.text["en"]) == 0


def test_count_findings_cite_the_rules_behind_the_answers(kb):
    day = kb.meta.as_of
    found = by_id(headline_findings(kb, day))
    # The Annex 30 emergency rule decides emergency care in EAEU hosts; its sources are cited.
    annex30 = kb.rules_by_id["eaeu-annex30-emergency"]
    assert set(annex30.sources) <= set(found["emergency_free_everywhere"].sources)
    spouse = pd.concat(coverage_grid(kb, day, "spouse", s, "stay", "primary") for s in ("contract", "patent"))
    eaeu = kb.members("eaeu", day)
    used = spouse[spouse.host.isin(eaeu) & spouse.origin.isin(eaeu) & (spouse.host != spouse.origin)
                  & (spouse.status == "contract")]
    rule_ids = {r for ids in used["rules"] for r in ids.split()}
    assert rule_ids
    assert {s for r in rule_ids for s in kb.rules_by_id[r].sources} == set(found["hosts_where_spouse_pays"].sources)
