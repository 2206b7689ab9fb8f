"""What the app shows, without Streamlit: view models, URL state, charts, briefs, exports, share and meeting mode."""
