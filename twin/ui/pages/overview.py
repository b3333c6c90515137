"""Placeholder."""

import streamlit as st

st.title("overview")
st.info("Not available yet.")
