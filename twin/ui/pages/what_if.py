"""Placeholder."""

import streamlit as st

st.title("what_if")
st.info("Not available yet.")
