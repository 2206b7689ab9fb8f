"""A brief as ONE self-contained, print-ready HTML file: no script, no web font, nothing loaded from
anywhere (charts are inline SVG, the style is inline); it opens from a USB stick with no server and no
internet, and prints on A4. The only URLs are plain links to the sources and the licence.

Every text, ours or the data's, goes through ``html.escape``; the charts' SVG is the page's own Plotly
figure drawn by kaleido (plotly.js writes its text as escaped XML) and is refused if it carries a script
or foreign content.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from explorer.brief.model import Brief, GridSection
from explorer.charts.palette import LEVEL_COLOURS, NOT_APPLICABLE
from explorer.export import chart_svg
from explorer.i18n import t

CSS = """
@page { size: A4; margin: 14mm 13mm 16mm 13mm; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 10pt; color: #1a1a1a; background: #fff; }
body { max-width: 190mm; margin: 0 auto; padding: 8mm 0; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0; }
.subtitle { color: #444; }
.note { border-left: 3px solid #D55E00; padding-left: 2mm; }
.small { font-size: 8.5pt; color: #333; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1mm 1.5mm; text-align: left; vertical-align: top; font-size: 8.5pt; }
th { background: #f2f2f2; }
td.level { white-space: nowrap; border-left-width: 4px; }
figure { margin: 1mm 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; max-height: 95mm; }
ul, ol { margin: 1mm 0; padding-left: 5mm; }
li { margin: 0.5mm 0; }
a { color: #0b4f8a; word-break: break-all; }
.sources li { font-size: 8pt; }
@media print { body { padding: 0; max-width: none; } a { color: #1a1a1a; } }
"""

_UNSAFE_SVG = re.compile(r"<\s*(script|foreignObject|iframe|object|embed)\b|\bon[a-z]+\s*=|javascript:", re.I)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str) -> str:
    """A plain link, only to an http(s) address (anything else is shown as text, never linked)."""
    if urlsplit(url).scheme in ("http", "https"):
        return f'<a href="{_e(url)}">{_e(url)}</a>'
    return _e(url)


def safe_svg(svg: str) -> str:
    """A chart's SVG, inline, without the XML declaration; refused if it could run anything."""
    svg = re.sub(r"^\s*<\?xml[^>]*>\s*", "", svg)
    # Plotly clips its plot area with clip-path="url(#…)": a grid never reaches past its plot, and an
    # inert brief carries no url() at all (the one way CSS could load something).
    svg = re.sub(r'\s+clip-path="url\(#[^")]*\)"', "", svg)
    if _UNSAFE_SVG.search(svg):
        raise ValueError("chart SVG contains active content")
    return svg


def grid_table(section: GridSection, lang: str) -> str:
    """The chart's table alternative: the level in words and a symbol, and a colour band as a bonus."""
    head = "".join(f"<th scope='col'>{_e(c)}</th>" for c in section.columns)
    body = []
    for (person, cells), levels in zip(section.rows, section.levels, strict=False):
        tds = "".join(
            f"<td class='level' style='border-left-color:{LEVEL_COLOURS.get(level, NOT_APPLICABLE)}'>{_e(cell)}</td>"
            for cell, level in zip(cells, levels, strict=False)
        )
        body.append(f"<tr><th scope='row'>{_e(person)}</th>{tds}</tr>")
    return (f"<table><thead><tr><th scope='col'>{_e(t('brief.person', lang))}</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


def brief_html(brief: Brief, charts: bool = True) -> str:
    """The whole brief as one HTML document (``charts=False`` leaves the SVG out, e.g. for tests)."""
    lang = brief.lang
    parts = [
        f"<!DOCTYPE html><html lang='{_e(lang)}'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{_e(brief.title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{_e(brief.title)}</h1><p class='subtitle'>{_e(brief.subtitle)}</p>",
        *(f"<p class='note'>{_e(n)}</p>" for n in brief.notes),
        f"<p class='small'>{_e(brief.data_line)}</p></header>",
        f"<section><h2>{_e(brief.model_heading)}</h2><table><tbody>",
        *(
            f"<tr><th scope='row'>{_e(f.label)}</th><td>{_e(f.text)}<br><span class='small'>{_e(f.source)}</span></td></tr>"  # noqa: E501
            for f in brief.model
        ),
        "</tbody></table></section>",
        f"<section><h2>{_e(t('brief.section.coverage', lang))}</h2><p class='small'>{_e(brief.legend)}</p>",
    ]
    for section in brief.sections:
        parts.append(f"<h3>{_e(section.heading)}</h3>")
        if section.note:
            parts.append(f"<p class='small'>{_e(section.note)}</p>")
        if charts:
            parts.append(f"<figure>{safe_svg(chart_svg(section.chart))}</figure>")
        parts.append(grid_table(section, lang))
    parts.append("</section>")
    parts.append(f"<section><h2>{_e(t('brief.section.basis', lang))}</h2><ul>")
    for line in brief.basis:
        articles = f" — {_e('; '.join(line.articles))}" if line.articles else ""
        parts.append(f"<li>{_e(line.name)}{articles}</li>")
    parts.append("</ul></section>")
    parts.append(f"<section><h2>{_e(t('brief.section.questions', lang))}</h2>")
    if brief.questions:
        parts.append(
            "<ol>"
            + "".join(f"<li>{_e(q.question)} <span class='small'>({_e(q.status)})</span></li>" for q in brief.questions)
            + "</ol>"
        )
    else:
        parts.append(f"<p>{_e(t('brief.oq.none', lang))}</p>")
    if brief.more_questions:
        parts.append(f"<p class='small'>{_e(t('brief.oq.more', lang, count=brief.more_questions))}</p>")
    parts.append("</section>")
    parts.append(f"<section class='sources'><h2>{_e(t('brief.section.sources', lang))}</h2><ol>")
    parts += [f"<li>{_e(s.publisher)}: {_e(s.title)}. {_link(s.url)} ({_e(s.accessed)})</li>" for s in brief.sources]
    parts.append("</ol></section>")
    parts.append(f"<footer><h2>{_e(t('brief.section.about', lang))}</h2><p class='small'>{_e(brief.data_line)}</p>")
    licence_link = f" {_link(brief.licence_url)}" if brief.licence_url else ""
    parts.append(f"<p class='small'>{_e(brief.licence)}{licence_link}</p>")
    if brief.citation:
        parts.append(f"<p class='small'>{_e(brief.citation)}</p>")
    if brief.link:
        parts.append(f"<p class='small'>{_e(t('brief.link', lang, link=''))}{_link(brief.link)}</p>")
    parts.append(f"<p class='small'>{_e(brief.made)}</p></footer></body></html>")
    return "".join(parts)
