"""The baseline for bench_pages.py: a Streamlit page with a title and nothing else."""

import streamlit as st

st.title("Blank")
