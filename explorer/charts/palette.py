"""One colour-blind-safe palette (Okabe–Ito) for the four levels, used by every chart and table."""

from __future__ import annotations

LEVEL_COLOURS = {
    "free": "#009E73",  # bluish green
    "insured": "#0072B2",  # blue
    "voluntary": "#E69F00",  # orange
    "paid": "#D55E00",  # vermillion
}
NOT_APPLICABLE = "#D9D9D9"  # light grey: the cell cannot occur
NO_DATA = "#F2F2F2"  # near white: no data
MODEL_COLOURS = {
    "budget_insurance": "#0072B2",
    "mixed": "#56B4E9",
    "compulsory_insurance": "#009E73",
    "no_compulsory_insurance": "#E69F00",
    "tax_funded_national_service": "#CC79A7",
}
LEVEL_SYMBOL = {"free": "●", "insured": "■", "voluntary": "◆", "paid": "▲"}  # shape as well as colour
# The same shapes as Plotly marker symbols: a grid draws its cells' symbols as markers, not as text
# (Plotly measures every text point it draws, ≈ 0.04 s per 10 × 10 grid in the browser).
LEVEL_SHAPE = {"free": "circle", "insured": "square", "voluntary": "diamond", "paid": "triangle-up"}
LOW_CONFIDENCE_MARK = "?"
SYMBOLS, MARKS = "symbols", "marks"  # the names of a grid's traces that draw its cells' symbols (shapes, text)
