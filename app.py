"""The nusalingo editor: `streamlit run app.py` (pages live in nusalingo.ui)."""

from nusalingo.ui import main

main()
