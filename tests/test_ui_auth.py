"""Team mode: accounts with hashed passwords and roles; a user without the role is told why."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_ui_app as ui
from streamlit.testing.v1 import AppTest

from nusalingo import LexiconStore
from nusalingo.ui.auth import AuthConfigError, hash_password, parse_config, read_config_file

PASSWORDS = {"dewi": "kopi-susu-1", "rizal": "teh-manis-2", "ana": "es-jeruk-3"}
ROLES = {"dewi": "contributor", "rizal": "reviewer", "ana": "admin"}


def write_accounts(path: Path) -> Path:
    lines = []
    for name, password in PASSWORDS.items():
        lines += [f"[users.{name}]", f'password = "{hash_password(password, cost=2**10)}"',
                  f'role = "{ROLES[name]}"', ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.sidebar.text_input(key="session.login_name").input(name)
    at.sidebar.text_input(key="session.login_password").input(password)
    return at.sidebar.button[0].click().run()


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, AppTest]:
    folder = ui.copy_lexicons(tmp_path)
    accounts = write_accounts(tmp_path / "accounts.toml")
    return folder, ui.start(folder, monkeypatch, env={"NUSALINGO_AUTH": str(accounts)})


def test_sign_in_and_wrong_password(team: tuple[Path, AppTest]) -> None:
    _, at = team
    assert "Team mode: sign in to make changes" in ui.texts(at)
    assert not at.sidebar.text_input(key="session.login_name").value
    sign_in(at, "dewi", "salah")
    assert "Unknown user name or wrong password." in ui.texts(at)
    sign_in(at, "dewi", PASSWORDS["dewi"])
    assert "Signed in as dewi (contributor" in ui.texts(at)


def test_signed_out_users_see_pages_but_cannot_write(team: tuple[Path, AppTest]) -> None:
    _, at = team
    ui.goto(at, "review")
    assert at.button(key="review.accept").disabled
    assert "Sign in (in the sidebar) to make changes" in ui.texts(at)


def test_a_contributor_proposes_but_cannot_review(team: tuple[Path, AppTest]) -> None:
    folder, at = team
    sign_in(at, "dewi", PASSWORDS["dewi"])
    ui.goto(at, "review")
    at.button(key="review.skip").click().run()
    at.button(key="review.skip").click().run()
    assert ui.plain(at.subheader[0].value) == "cmn → hanya"  # citra's entry
    assert at.button(key="review.accept").disabled
    assert "Reviewing needs the reviewer or admin role; dewi is a contributor." in ui.texts(at)
    assert at.button(key="review.edit").disabled  # not her proposal
    ui.goto(at, "entry")
    at.text_input(key="entry.f.informal").input("mksh")
    at.text_input(key="entry.f.formal").input("terima kasih")
    at.selectbox(key="entry.f.category").set_value("disemvoweling").run()
    at.button(key="entry.save").click().run()
    assert LexiconStore(folder / "team.tsv").get("team-7").author == "dewi"


def test_a_reviewer_verifies_others_entries(team: tuple[Path, AppTest]) -> None:
    folder, at = team
    sign_in(at, "rizal", PASSWORDS["rizal"])
    ui.goto(at, "review")
    at.button(key="review.accept").click().run()
    assert LexiconStore(folder / "team.tsv").get("team-1").reviewer == "rizal"


def test_restoring_a_deleted_entry_needs_an_admin(team: tuple[Path, AppTest]) -> None:
    folder, at = team
    LexiconStore(folder / "team.tsv").delete("team-4", author="ana", expected_version=1)
    sign_in(at, "rizal", PASSWORDS["rizal"])
    ui.goto(at, "history")
    at.text_input(key="history.entry").input("team-4").run()
    assert at.button(key="history.restore").disabled
    assert "needs the admin role; rizal is a reviewer" in ui.texts(at)
    at.sidebar.button(key="session.sign_out").click().run()
    sign_in(at, "ana", PASSWORDS["ana"])
    ui.goto(at, "history")
    at.button(key="history.restore").click().run()
    assert LexiconStore(folder / "team.tsv").get("team-4").informal == "cmn"


def test_accounts_in_streamlit_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ui.copy_lexicons(tmp_path)
    monkeypatch.setenv("NUSALINGO_LEXICONS", str(folder))
    monkeypatch.delenv("NUSALINGO_AUTH", raising=False)
    at = AppTest.from_file(ui.APP, default_timeout=ui.TIMEOUT)
    at.secrets["nusalingo"] = {"users": {"rizal": {
        "password": hash_password(PASSWORDS["rizal"], cost=2**10), "role": "reviewer"}}}
    at.run()
    sign_in(at, "rizal", PASSWORDS["rizal"])
    assert "Signed in as rizal (reviewer" in ui.texts(at)


def test_oidc_is_offered_when_configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ui.copy_lexicons(tmp_path)
    monkeypatch.setenv("NUSALINGO_LEXICONS", str(folder))
    monkeypatch.delenv("NUSALINGO_AUTH", raising=False)
    at = AppTest.from_file(ui.APP, default_timeout=ui.TIMEOUT)
    at.secrets["auth"] = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback",
                          "cookie_secret": "x" * 32, "client_id": "nusalingo",
                          "client_secret": "s", "server_metadata_url":
                          "https://id.example.org/.well-known/openid-configuration"}
    at.run()
    assert not at.exception
    assert at.sidebar.button(key="session.oidc").label == "Sign in with your organisation"


def test_a_broken_accounts_file_is_explained(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[users.dewi]\npassword = "rahasia"\nrole = "contributor"\n')
    folder = ui.copy_lexicons(tmp_path)
    monkeypatch.setenv("NUSALINGO_LEXICONS", str(folder))
    monkeypatch.setenv("NUSALINGO_AUTH", str(accounts))
    at = AppTest.from_file(ui.APP, default_timeout=ui.TIMEOUT).run()
    message = ui.plain(at.error[0].value)
    assert "[users.dewi]: 'password' must be a scrypt hash" in message
    assert "python -m nusalingo.ui.auth" in message


@pytest.mark.parametrize(("text", "expected"), [
    ('[users.a]\npassword = "scrypt$1$8$1$AA==$AA=="\nrole = "boss"\n', "unknown role 'boss'"),
    ("users = 3\n", "'users' must be a table"),
    ("[oidc]\ndefault_role = \"reviewer\"\n", "defines no account"),
    ("[users\n", "is not valid TOML"),
])
def test_config_errors(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AuthConfigError, match=expected.replace("[", r"\[")):
        read_config_file(path)


def test_unknown_users_and_oidc_roles() -> None:
    config = parse_config({"users": {}, "oidc": {"roles": {"Rizal@Example.org": "reviewer"}}},
                          "test", oidc=True)
    assert config.sign_in("nobody", "x") is None
    assert config.role_of("rizal@example.org") == "reviewer"
    assert config.role_of("someone@example.org") == "contributor"
