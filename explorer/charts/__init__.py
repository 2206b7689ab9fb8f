"""Plotly figures, pure: pages draw them, exports render them to SVG/PNG,
briefs embed them. Each builder takes tables computed in policy/ and the language."""
