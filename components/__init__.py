"""Streamlit building blocks shared by the pages (the only layer besides app.py and pages/ that imports st)."""
