"""The sidebar's who-are-you box: a name in local mode, a sign-in in team mode."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from nusalingo.ui.auth import AuthConfig
from nusalingo.ui.permissions import ADMIN, ROLE_HELP, User
from nusalingo.ui.state import kept, set_signed_in_user, signed_in_user
from nusalingo.ui.widgets import md_escape

NAME_KEY = "session.name"


def secrets() -> Mapping[str, Any]:
    """``st.secrets``, or an empty mapping when there is no secrets file."""
    try:
        if "auth" in st.secrets or "nusalingo" in st.secrets:
            return st.secrets
    except Exception:  # no secrets file: Streamlit raises its own not-found error
        return {}
    return {}


def name_problem(name: str) -> str | None:
    """Why a typed name cannot be recorded, or None."""
    if not name.strip():
        return None
    if name != name.strip() or any(ch in name for ch in "\t\n\r"):
        return "A name cannot start or end with a space or contain tabs or line breaks."
    if len(name) > 60:
        return "Use a shorter name (at most 60 characters)."
    return None


def sidebar(config: AuthConfig | None) -> User | None:
    """Show the identity box; return the user of this session, if known."""
    with st.sidebar:
        if config is None:
            return _local()
        return _team(config)


def _local() -> User | None:
    name = st.text_input("Your name", key=kept(NAME_KEY, ""),
                         help="Written to the history with every change you make "
                              "(local mode: no password).",
                         placeholder="e.g. dewi")
    problem = name_problem(name)
    if problem:
        st.error(problem)
        return None
    if not name:
        st.caption("Enter your name to make changes; until then you can look around.")
        return None
    return User(name, ADMIN, "local")


def _team(config: AuthConfig) -> User | None:
    user = signed_in_user()
    if user is None and config.oidc and st.user.get("is_logged_in"):
        email = str(st.user.get("email") or st.user.get("name") or "")
        if email:
            user = User(email, config.role_of(email), "oidc")
    if user is not None:
        st.markdown(f"Signed in as **{md_escape(user.name)}** ({user.role}: "
                    f"{ROLE_HELP[user.role]}).")
        if st.button("Sign out", key="session.sign_out"):
            if user.how == "oidc":
                st.logout()
            set_signed_in_user(None)
            st.rerun()
        return user
    st.caption("Team mode: sign in to make changes; you can look around without signing in.")
    if config.accounts:
        with st.form("session.sign_in", border=False):
            name = st.text_input("User name", key="session.login_name")
            password = st.text_input("Password", type="password", key="session.login_password")
            if st.form_submit_button("Sign in"):
                account = config.sign_in(name, password)
                if account is None:
                    st.error("Unknown user name or wrong password.")
                else:
                    set_signed_in_user(User(account.name, account.role, "password"))
                    st.rerun()
    if config.oidc and st.button("Sign in with your organisation", key="session.oidc"):
        if config.oidc_provider:
            st.login(config.oidc_provider)
        else:
            st.login()
    return None
