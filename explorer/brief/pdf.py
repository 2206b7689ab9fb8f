"""A brief as an A4 PDF, made locally with fpdf2 (no online service, no browser).

DejaVu Sans is embedded from ``static/fonts/`` (shipped with the app, licence beside it), so Russian
text is real text a reader can search and copy, on any machine, with or without the font installed.
Each coverage grid is drawn by fpdf2 itself (coloured cells with the level in words and its symbol), not
as a picture: no browser is needed and every word stays searchable.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from explorer.brief.model import Brief, GridSection
from explorer.charts.palette import LEVEL_COLOURS, NOT_APPLICABLE
from explorer.i18n import t

if TYPE_CHECKING:
    from fpdf import FPDF  # imported when a PDF is made: it takes a while to load

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
FONT = "DejaVu"
MARGIN = 13  # mm


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def _pdf(brief: Brief) -> FPDF:
    from fpdf import FPDF

    class BriefPDF(FPDF):
        def footer(self) -> None:  # every page says what it is and which page it is
            self.set_y(-11)
            self.set_font(FONT, "", 7)
            self.set_text_color(90, 90, 90)
            # the title line stops short of the page number on the right
            self.cell(self.epw - 42, 4, _fit(self, f"{brief.title} · {brief.data_line}", self.epw - 44), align="L")
            self.set_x(-MARGIN - 40)
            self.cell(40, 4, t("brief.page_number", brief.lang, page=str(self.page_no()), pages="{nb}"), align="R")

    pdf = BriefPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(brief.title)
    pdf.set_lang(brief.lang)
    pdf.set_creator("Coverage Explorer")
    return pdf


def _heading(pdf: FPDF, text: str, size: float = 12) -> None:
    if pdf.get_y() > pdf.h - 40:  # never a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(1)


def _para(pdf: FPDF, text: str, size: float = 9, colour: tuple[int, int, int] = (26, 26, 26), link: str = "") -> None:
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT", link=link, align="L")


def _grid(pdf: FPDF, section: GridSection, lang: str) -> None:
    """The table alternative of the chart: each level in words and a symbol, on a tint of its colour."""
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(26, 26, 26)
    widths = (24, *([(pdf.epw - 24) / len(section.columns)] * len(section.columns)))
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=3.4, padding=0.8,
                   headings_style=FontFace(emphasis="BOLD", fill_color=(242, 242, 242)),
                   first_row_as_headings=True) as table:
        head = table.row()
        for text in (t("brief.person", lang), *section.columns):
            head.cell(text)
        for (person, cells), levels in zip(section.rows, section.levels, strict=False):
            row = table.row()
            row.cell(person)
            for cell, level in zip(cells, levels, strict=False):
                r, g, b = _rgb(LEVEL_COLOURS.get(level, NOT_APPLICABLE))
                # a pale tint of the level's colour: the words carry the meaning, the tint helps
                tint = tuple(int(c + (255 - c) * 0.75) for c in (r, g, b))
                row.cell(cell, style=FontFace(fill_color=tint))


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """The text cut (with an ellipsis) to fit ``width`` mm in the current font."""
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def brief_pdf(brief: Brief, charts: bool = True) -> bytes:
    """The brief as PDF bytes. ``charts`` is kept for old callers: the grids are always drawn by fpdf2."""
    lang = brief.lang
    pdf = _pdf(brief)
    pdf.add_page()
    _heading(pdf, brief.title, 15)
    _para(pdf, brief.subtitle, 9.5, (68, 68, 68))
    for note in brief.notes:
        _para(pdf, note, 9.5, (170, 60, 0))
    _para(pdf, brief.data_line, 8, (68, 68, 68))

    _heading(pdf, brief.model_heading)
    pdf.set_font(FONT, "", 7.5)
    with pdf.table(col_widths=(40, pdf.epw - 40), text_align="LEFT", line_height=3.4, padding=0.8,
                   first_row_as_headings=False) as table:
        for fact in brief.model:
            row = table.row()
            row.cell(fact.label)
            row.cell(f"{fact.text}\n{fact.source}")

    _heading(pdf, t("brief.section.coverage", lang))
    _para(pdf, brief.legend, 7.5, (68, 68, 68))
    for section in brief.sections:
        _heading(pdf, section.heading, 10)
        if section.note:
            _para(pdf, section.note, 7.5, (68, 68, 68))
        # The grid is drawn here by fpdf2 (no browser): each level in words and its symbol, on a tint of
        # its colour; the text stays text, so a reader can search and copy it (Russian too).
        _grid(pdf, section, lang)

    _heading(pdf, t("brief.section.basis", lang))
    for line in brief.basis:
        articles = f" — {'; '.join(line.articles)}" if line.articles else ""
        _para(pdf, f"• {line.name}{articles}", 7.5)
    _heading(pdf, t("brief.section.questions", lang))
    if brief.questions:
        for n, q in enumerate(brief.questions, 1):
            _para(pdf, f"{n}. {q.question} ({q.status})", 7.5)
    else:
        _para(pdf, t("brief.oq.none", lang), 8)
    if brief.more_questions:
        _para(pdf, t("brief.oq.more", lang, count=brief.more_questions), 7.5, (68, 68, 68))

    _heading(pdf, t("brief.section.sources", lang))
    for n, source in enumerate(brief.sources, 1):
        link = source.url if urlsplit(source.url).scheme in ("http", "https") else ""
        _para(pdf, f"{n}. {source.publisher}: {source.title}. {source.url} ({source.accessed})", 6.5, link=link)

    _heading(pdf, t("brief.section.about", lang))
    _para(pdf, brief.data_line, 8)
    _para(pdf, f"{brief.licence} {brief.licence_url}".strip(), 8, link=brief.licence_url)
    if brief.citation:
        _para(pdf, brief.citation, 8)
    if brief.link:
        _para(pdf, t("brief.link", lang, link=brief.link), 8, link=brief.link)
    _para(pdf, brief.made, 7.5, (68, 68, 68))
    return bytes(pdf.output())
