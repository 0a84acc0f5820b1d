"""Everything around the load itself: a throwaway database, the release step,
static files, the load-test data, a gunicorn server and a background worker, each undone
afterwards."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

import psycopg

from .serverlog import ACCESS_FORMAT

REPO_ROOT = Path(__file__).resolve().parents[2]
# What the staticfiles finders read (settings.STATICFILES_DIRS); the manifest is stale
# when any of them is newer than it.
STATIC_SOURCES = [REPO_ROOT / "static", REPO_ROOT / "node_modules" / "govuk-frontend" / "dist"]
# settings.STATIC_ROOT is BASE_DIR / "staticfiles" and no variable moves it.
MANIFEST = REPO_ROOT / "staticfiles" / "staticfiles.json"
# Variables of the developer's shell that would change what the server under test does.
_INHERITED_PREFIXES = ("DJANGO_", "DATABASE_", "GUNICORN_", "WEB_CONCURRENCY", "PORT")


class SetupError(RuntimeError):
    """A step before the load could not be done; the message says which and why."""


@dataclass(frozen=True)
class PgServer:
    """Where PostgreSQL runs; throwaway databases are created on it."""

    host: str
    port: int
    user: str
    password: str | None

    @classmethod
    def from_url(cls, url: str) -> "PgServer":
        parts = urlsplit(url)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise SetupError(f"Not a PostgreSQL address: {parts.scheme}://…")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 5432,
            user=parts.username or "postgres",
            password=parts.password,
        )

    def url(self, dbname: str) -> str:
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + quote(self.password, safe="")
        return f"postgres://{auth}@{self.host}:{self.port}/{dbname}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(
            host=self.host,
            port=self.port,
            user=self.user,
            password=self.password,
            dbname=dbname,
            autocommit=True,
            connect_timeout=10,
        )


def database_create(server: PgServer) -> str:
    # Unique per run, so two runs (or a run and the smoke test) never share one.
    name = f"loadtest_{time.strftime('%Y%m%d_%H%M%S')}_{secrets.token_hex(3)}"
    with server.connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


def database_drop(server: PgServer, name: str) -> None:
    # WITH (FORCE) ends sessions a killed worker may have left open (PostgreSQL 13+).
    with server.connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def database_exists(server: PgServer, name: str) -> bool:
    with server.connect() as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    return row is not None


@dataclass
class AppEnv:
    """The production environment the release step, the seed and gunicorn all share."""

    database_url: str
    port: int
    workers: int
    threads: int
    conn_max_age: int | None
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(50))
    # More variables for the server, such as DJANGO_PROXY_COUNT for the feedback scenario.
    extra: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_INHERITED_PREFIXES)}
        env.update(
            DJANGO_SETTINGS_MODULE="integrated_care.settings",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=self.secret_key,
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            # Plain http on loopback: no redirect to https, cookies without Secure, no HSTS.
            DJANGO_SECURE_SSL_REDIRECT="false",
            DJANGO_SECURE_COOKIES="false",
            DJANGO_HSTS_SECONDS="0",
            DATABASE_URL=self.database_url,
            WEB_CONCURRENCY=str(self.workers),
            GUNICORN_THREADS=str(self.threads),
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            PYTHONPATH=str(REPO_ROOT),
            PYTHONUNBUFFERED="1",
        )
        if self.conn_max_age is not None:
            env["DATABASE_CONN_MAX_AGE"] = str(self.conn_max_age)
        env.update(self.extra)
        return env


def cores_busy(seconds: float = 1.0) -> float | None:
    """How many CPU cores other work keeps busy right now (Linux), measured over ``seconds``."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
        idle = values[3] + values[4]  # idle and iowait
        return sum(values) - idle, sum(values)

    try:
        busy1, total1 = sample()
        time.sleep(seconds)
        busy2, total2 = sample()
    except (OSError, ValueError, IndexError):
        return None
    return (busy2 - busy1) / max(1, total2 - total1) * (os.cpu_count() or 1)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(command: list[str], env: AppEnv, what: str, timeout: float) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - our own interpreter and arguments
            command,
            cwd=REPO_ROOT,
            env=env.as_dict(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SetupError(f"{what} took longer than {timeout:.0f} s") from None
    if result.returncode != 0:
        raise SetupError(f"{what} failed:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def release(env: AppEnv) -> None:
    _run([sys.executable, "manage.py", "release", "--verbosity", "0"], env, "The release step", 300)


def static_files_stale() -> bool:
    if not MANIFEST.exists():
        return True
    built = MANIFEST.stat().st_mtime
    return any(
        path.stat().st_mtime > built
        for source in STATIC_SOURCES
        for path in source.rglob("*")
        if path.is_file()
    )


def collectstatic(env: AppEnv, mode: str) -> bool:
    """Collect static files into the repository's staticfiles/ when needed; True if it ran.

    DEBUG off makes every page look its stylesheet up in the manifest, so without one
    every page is a 500. Compressing takes 15 to 25 s here, hence "auto".
    """
    if mode == "never" or (mode == "auto" and not static_files_stale()):
        return False
    if not (REPO_ROOT / "static" / "dist" / "app.css").exists():
        raise SetupError("static/dist/app.css is missing: run `make install` first.")
    command = [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"]
    _run(command, env, "collectstatic", 600)
    return True


def seed(env: AppEnv, *, users: int, assessments: int, out: Path, feedback: bool = False) -> dict:
    command = [
        sys.executable,
        str(Path(__file__).with_name("seed.py")),
        "--users",
        str(users),
        "--assessments",
        str(assessments),
        "--out",
        str(out),
        *(["--feedback"] if feedback else []),
    ]
    _run(command, env, "Creating the load-test data", 300)
    return json.loads(out.read_text())


class _Process:
    """A process of ours in its own process group, with its output in a log file."""

    name = "process"

    def __init__(self, env: AppEnv, log_path: Path):
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        raise NotImplementedError

    def _launch(self) -> None:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                self.command(),
                cwd=REPO_ROOT,
                env=self.env.as_dict(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def stop(self) -> None:
        """SIGTERM lets it finish what it serves; whatever is left after 40 s is killed."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=40)  # gunicorn's graceful_timeout is 30 s
        except subprocess.TimeoutExpired:
            # Only this process's own group: gunicorn's master and its workers, say.
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


class Gunicorn(_Process):
    """The app server under test."""

    name = "gunicorn"

    def __init__(self, env: AppEnv, log_path: Path):
        super().__init__(env, log_path)
        self.base_url = f"http://127.0.0.1:{env.port}"

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:integrated_care.gunicorn",
            # gunicorn 25.1+ otherwise opens ~/.gunicorn/gunicorn.ctl, which every gunicorn
            # of this user shares: a second one takes it over, and either removes it on exit.
            "--no-control-socket",
            # The time each request took inside gunicorn, to tell slow pages from queueing.
            "--access-logformat",
            ACCESS_FORMAT,
            "integrated_care.wsgi",
        ]

    def start(self, wait_seconds: float = 60) -> None:
        self._launch()
        assert self.process is not None
        deadline = time.monotonic() + wait_seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.base_url + "/health/", timeout=2) as answer:  # noqa: S310 - our loopback server
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise SetupError(f"/health/ did not answer within {wait_seconds:.0f} s:\n{self.log_tail()}")


class Worker(_Process):
    """The background worker production runs beside gunicorn (`make worker`): it makes
    the PDFs that are not in the cache, so a PDF download is a page that asks again."""

    name = "worker"

    def command(self) -> list[str]:
        # No start-up delay: the load test's first PDF comes within seconds.
        return [
            sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay",
            "--interval", "0.5",
        ]  # fmt: skip

    def start(self) -> None:
        self._launch()
        time.sleep(1)
        assert self.process is not None
        if self.process.poll() is not None:
            raise SetupError(f"the worker exited at start:\n{self.log_tail()}")
