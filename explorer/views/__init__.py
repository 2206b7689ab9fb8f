"""One view model per page: what each page shows, as plain data (no Streamlit)."""
