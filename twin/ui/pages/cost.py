"""Placeholder."""

import streamlit as st

st.title("cost")
st.info("Not available yet.")
