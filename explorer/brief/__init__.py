"""Briefs: the model (model.py) and its two layouts, self-contained HTML (html.py) and PDF (pdf.py)."""
