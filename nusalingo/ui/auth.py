"""Signing in: local mode (a name per session) or team mode (accounts or OIDC, with roles).

Local mode is the default: the user types their name once per session and
may do everything except review their own entries. Team mode is switched on
by an accounts file, named by the ``NUSALINGO_AUTH`` environment variable or
given as a ``[nusalingo]`` section of ``.streamlit/secrets.toml``::

    [users.dewi]
    password = "scrypt$16384$8$1$..."      # python -m nusalingo.ui.auth
    role = "contributor"                   # contributor, reviewer or admin

    [oidc]                                 # for Streamlit's own sign-in (st.login)
    default_role = "contributor"
    roles = { "rizal@example.org" = "reviewer" }

Streamlit's built-in OpenID Connect sign-in is used when
``.streamlit/secrets.toml`` has an ``[auth]`` section; those users get the
role listed for their e-mail address under ``[oidc]``, else the default role.

Passwords are stored as scrypt hashes (standard library), never in clear:

>>> stored = hash_password("rahasia", cost=2**10)
>>> verify_password("rahasia", stored), verify_password("salah", stored)
(True, False)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nusalingo.errors import NusalingoError
from nusalingo.ui.permissions import CONTRIBUTOR, ROLES

SCHEME = "scrypt"
DEFAULT_COST = 2**14


class AuthConfigError(NusalingoError):
    """The accounts file is missing or wrong; the message says where and what to do."""


@dataclass(frozen=True, slots=True)
class Account:
    """A password account of team mode."""

    name: str
    password: str
    role: str


@dataclass(frozen=True)
class AuthConfig:
    """Team mode's accounts and roles. ``source`` names where they were read."""

    source: str
    accounts: Mapping[str, Account] = field(default_factory=dict)
    oidc: bool = False
    oidc_provider: str | None = None
    oidc_roles: Mapping[str, str] = field(default_factory=dict)
    oidc_default_role: str = CONTRIBUTOR

    def sign_in(self, name: str, password: str) -> Account | None:
        """The account when the password is right; ``None`` otherwise (same time either way)."""
        account = self.accounts.get(name.strip())
        stored = account.password if account else _dummy_hash()
        ok = verify_password(password, stored)
        return account if ok and account is not None else None

    def role_of(self, email: str) -> str:
        """The role of a user signed in through OIDC."""
        return self.oidc_roles.get(email.lower(), self.oidc_default_role)


def hash_password(password: str, *, cost: int = DEFAULT_COST) -> str:
    """A salted scrypt hash to put in the accounts file."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=cost, r=8, p=1, dklen=32)
    return "$".join([SCHEME, str(cost), "8", "1", _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches a hash made by :func:`hash_password`."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != SCHEME or not all(p.isdigit() for p in parts[1:4]):
        return False
    cost, block, lanes = (int(p) for p in parts[1:4])
    try:
        salt, expected = base64.b64decode(parts[4]), base64.b64decode(parts[5])
        digest = hashlib.scrypt(password.encode(), salt=salt, n=cost, r=block, p=lanes,
                                dklen=len(expected), maxmem=2**26)
    except (ValueError, MemoryError):
        return False
    return hmac.compare_digest(digest, expected)


@functools.cache
def _dummy_hash() -> str:
    """Checked for unknown names too, so that timing does not tell which names exist."""
    return hash_password("", cost=DEFAULT_COST)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def parse_config(data: Mapping[str, Any], source: str, *, oidc: bool = False,
                 oidc_provider: str | None = None) -> AuthConfig:
    """Check an accounts table (from TOML) and build the configuration."""
    users = data.get("users", {})
    if not isinstance(users, Mapping):
        raise AuthConfigError(f"{source}: 'users' must be a table of accounts, like "
                              f"[users.dewi] with password and role.")
    accounts: dict[str, Account] = {}
    for name, spec in users.items():
        where = f"{source}: [users.{name}]"
        if not isinstance(spec, Mapping):
            raise AuthConfigError(f"{where} must be a table with 'password' and 'role'.")
        password, role = spec.get("password", ""), spec.get("role", "")
        if not isinstance(password, str) or not password.startswith(f"{SCHEME}$"):
            raise AuthConfigError(
                f"{where}: 'password' must be a scrypt hash (value {str(password)[:12]!r}...); "
                f"make one with 'python -m nusalingo.ui.auth' and paste it in.")
        if role not in ROLES:
            raise AuthConfigError(f"{where}: unknown role {role!r}; use one of "
                                  f"{', '.join(ROLES)}.")
        if not name.strip() or name != name.strip() or "\t" in name:
            raise AuthConfigError(f"{where}: a user name may not be empty or padded.")
        accounts[name] = Account(name, password, role)
    section = data.get("oidc", {})
    if not isinstance(section, Mapping):
        raise AuthConfigError(f"{source}: 'oidc' must be a table.")
    default_role = section.get("default_role", CONTRIBUTOR)
    roles = section.get("roles", {})
    if default_role not in ROLES or not isinstance(roles, Mapping):
        raise AuthConfigError(f"{source}: [oidc] needs default_role (one of "
                              f"{', '.join(ROLES)}) and a roles table of e-mail = role.")
    for email, role in roles.items():
        if role not in ROLES:
            raise AuthConfigError(f"{source}: [oidc] roles: {email} has unknown role {role!r}; "
                                  f"use one of {', '.join(ROLES)}.")
    if not accounts and not oidc:
        raise AuthConfigError(
            f"{source} switches on team mode but defines no account: add a [users.NAME] table "
            f"with password and role, or configure [auth] in .streamlit/secrets.toml.")
    return AuthConfig(source, accounts, oidc, oidc_provider,
                      {str(k).lower(): str(v) for k, v in roles.items()}, str(default_role))


def read_config_file(path: Path, *, oidc: bool = False,
                     oidc_provider: str | None = None) -> AuthConfig:
    """Read an accounts file (TOML)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AuthConfigError(f"The accounts file {path} (NUSALINGO_AUTH) does not exist; "
                              f"create it or unset NUSALINGO_AUTH for local mode.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AuthConfigError(f"The accounts file {path} is not valid TOML: {exc}. "
                              f"Fix it; see docs/editor.md for the format.") from None
    return parse_config(data, str(path), oidc=oidc, oidc_provider=oidc_provider)


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def load_config(auth_file: Path | None, secrets: Mapping[str, Any]) -> AuthConfig | None:
    """Team mode's configuration, or ``None`` for local mode."""
    auth = _plain(secrets.get("auth", {})) if "auth" in secrets else {}
    oidc = bool(auth)
    providers = [k for k, v in auth.items() if isinstance(v, Mapping)] if oidc else []
    provider = providers[0] if providers else None
    if auth_file is not None:
        return read_config_file(auth_file, oidc=oidc, oidc_provider=provider)
    if "nusalingo" in secrets:
        return parse_config(_plain(secrets["nusalingo"]), ".streamlit/secrets.toml [nusalingo]",
                            oidc=oidc, oidc_provider=provider)
    if oidc:
        return AuthConfig(".streamlit/secrets.toml [auth]", {}, True, provider)
    return None


def main() -> None:
    """Print a password hash for the accounts file: ``python -m nusalingo.ui.auth``."""
    import getpass

    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Again: "):
        raise SystemExit("The two passwords differ; nothing printed.")
    if len(first) < 8:
        raise SystemExit("Use at least 8 characters.")
    print(hash_password(first))


if __name__ == "__main__":
    main()
