"""Every setting comes from the environment; these are the defaults."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def _int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


LOCAL_HOSTS = ("localhost", "127.0.0.1")  # `make run`, the tests and the browser tests (werkzeug cannot match IPv6 literals)


def from_environment(instance_path: str) -> dict:
    url = database_url(instance_path)
    server_name = os.environ.get("SERVER_NAME") or None
    return {
        "SERVER_NAME": server_name,
        "TRUSTED_HOSTS": trusted_hosts(server_name),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine_options(url),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or instance_secret_key(instance_path),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(Path(__file__).resolve().parent.parent / "statements")),
        "CATALOG_REFRESH_SECONDS": _int("CATALOG_REFRESH_SECONDS", 30),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 64 * 1024),
        "PUBLIC_MAX_AGE": _int("PUBLIC_MAX_AGE", 300),
        # Per kind of page a process keeps rendered (quiz.web.memory): pages, statement skeletons, errors…
        "PAGE_MEMORY_BYTES": _int("PAGE_MEMORY_MB", 16) * 2**20,
        "BABEL_DEFAULT_LOCALE": "sv",
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent / "translations"),
        # A class form's token lasts a school day's lessons, then the page must be reloaded, so a
        # token copied once cannot be replayed for ever.
        "WTF_CSRF_TIME_LIMIT": _int("CSRF_TOKEN_SECONDS", 4 * 3600),
        # Flask-WTF's HTTPS check wants a Referer, which the class pages never send (no-referrer):
        # the token, SameSite cookies and quiz.classroom.views's Origin check stand instead.
        "WTF_CSRF_SSL_STRICT": False,
        "PREFERRED_URL_SCHEME": os.environ.get("PREFERRED_URL_SCHEME", "http"),
        "SESSION_COOKIE_SECURE": secure_cookies(),
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # Sites allowed to frame /embed/… (space- or comma-separated origins); unset: every site.
        "EMBED_ALLOWED_ORIGINS": os.environ.get("EMBED_ALLOWED_ORIGINS", ""),
        "CLASS_TTL_DAYS": _int("CLASS_TTL_DAYS", 14),
        "CLASS_MIN_SUBMISSIONS": _int("CLASS_MIN_SUBMISSIONS", 5),
        "CLASS_MAX_SUBMISSIONS": _int("CLASS_MAX_SUBMISSIONS", 60),
        "CLASS_SUBMISSIONS_PER_MINUTE": _int("CLASS_SUBMISSIONS_PER_MINUTE", 60),
        "JOIN_ATTEMPTS_PER_MINUTE": _int("JOIN_ATTEMPTS_PER_MINUTE", 20),
        # Classes one client (an address) may create per hour: a school's teachers share one address
        # and may all create their classes at 08:00; and per teacher (browser session) per hour.
        "CLASS_CREATIONS_PER_HOUR": _int("CLASS_CREATIONS_PER_HOUR", 200),
        "CLASS_CREATIONS_PER_TEACHER_HOUR": _int("CLASS_CREATIONS_PER_TEACHER_HOUR", 10),
        # Proxies in front of the app that set X-Forwarded-For/-Proto (nginx: 1; a CDN, then a load
        # balancer: 2). 0 trusts no such header, so a client cannot pick its own address.
        "TRUSTED_PROXY_COUNT": _int("TRUSTED_PROXY_COUNT", 0),
        "CLASS_DASHBOARD_REFRESH_SECONDS": _int("CLASS_DASHBOARD_REFRESH_SECONDS", 15),
        # An editor's session ends after this long without a request (quiz.editor).
        "EDITOR_IDLE_MINUTES": _int("EDITOR_IDLE_MINUTES", 30),
        # /metrics (quiz.web.metrics) answers only a request bearing this token; unset: no /metrics.
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN", ""),
    }


def secure_cookies() -> bool:
    """Cookies only over HTTPS (the class forms' CSRF session, a student's device cookie):
    ``SECURE_COOKIES=1``, or by default when ``PREFERRED_URL_SCHEME=https``. Off for ``make run``
    on plain http, where a Secure cookie would never come back."""
    switch = os.environ.get("SECURE_COOKIES", "").strip().lower()
    if switch:
        return switch in ("1", "true", "yes", "on")
    return os.environ.get("PREFERRED_URL_SCHEME", "").strip().lower() == "https"


def trusted_hosts(server_name: str | None) -> list[str]:
    """The host names requests may name (``TRUSTED_HOSTS``, separated by spaces or commas; a name
    starting with a dot accepts its subdomains), else ``SERVER_NAME``'s, else the local ones.

    Why: pages kept in memory and by a CDN hold absolute URLs built from the request's host, so a
    request for any other host is refused (400) before anything is rendered from it. Absolute URLs
    use ``SERVER_NAME`` when it is set, whichever trusted name the request used.
    """
    configured = os.environ.get("TRUSTED_HOSTS", "").replace(",", " ").split()
    if configured:
        return configured
    if server_name:
        return [server_name.rsplit(":", 1)[0]]
    return list(LOCAL_HOSTS)


def database_url(instance_path: str) -> str:
    """``DATABASE_URL``, or an SQLite file in the instance folder (the embedded default)."""
    url = os.environ.get("DATABASE_URL")
    if url:
        if url.startswith("postgres://"):  # Heroku-style URLs; SQLAlchemy wants the driver spelled out
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    return "sqlite:///" + str(Path(instance_path) / "valkompass.sqlite")


def private_sqlite_file(url: str, instance_path: str) -> None:
    """Create the SQLite file readable by its owner only (0600), or make an existing one so.

    Why: it holds class-mode answers, and SQLite creates the file (and its journal and WAL, which
    copy the file's mode) with the process's umask, usually 0644: readable by every user of the
    machine. Relative paths are the instance folder's, as Flask-SQLAlchemy reads them.
    """
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not parsed.drivername.startswith("sqlite") or not name or name == ":memory:" or name.startswith("file:"):
        return
    path = Path(instance_path) / name if not os.path.isabs(name) else Path(name)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if path.stat().st_mode & 0o077 and path.stat().st_uid == os.geteuid():
            path.chmod(0o600)
    except OSError:
        pass  # a folder we may not write: SQLAlchemy will say so when it connects


def engine_options(url: str) -> dict:
    """Never put a statement's parameters into an error message (``hide_parameters``): a failed
    class submission would otherwise write the student's answer string into the log.

    For a database over the network: give up connecting after ``DATABASE_CONNECT_TIMEOUT``
    seconds, so a database that is down cannot hold a voter's request for minutes (the catalog
    keeps serving from memory, see quiz.store.catalog), and check a pooled connection before use, as
    managed databases and load balancers close idle ones."""
    if not url.startswith("postgresql"):
        return {"hide_parameters": True}
    return {
        "hide_parameters": True,
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": _int("DATABASE_CONNECT_TIMEOUT", 5), **prepared_statements()},
    }


def prepared_statements() -> dict:
    """``DATABASE_PREPARED_STATEMENTS=0``: psycopg prepares no statement on the server. Needed
    behind PgBouncer in transaction pooling before its version 1.21 (Debian 12 has 1.18): a
    statement prepared on one server connection is then missing on the next (docs/DEPLOY.md)."""
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1").strip().lower() in ("0", "false", "no", "off"):
        return {"prepare_threshold": None}
    return {}


def instance_secret_key(instance_path: str) -> str:
    """A key generated once into the instance folder, so sessions survive restarts without setup."""
    path = Path(instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
