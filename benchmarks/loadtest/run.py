"""Load-test the app under gunicorn with production settings, then check no save was lost.

    .venv/bin/python benchmarks/loadtest/run.py --users 50 --duration 60
    .venv/bin/python benchmarks/loadtest/run.py --scenario feedback --users 50 --duration 60

Creates a throwaway PostgreSQL database, runs the release step, creates people and shared
draft assessments, starts gunicorn on 127.0.0.1, signs everyone in, lets them work for
--duration seconds, hammers the dashboard and /health/ for comparison, checks the
rating history, then stops gunicorn and drops the database (also on Ctrl-C or errors).
Exits 0 only if there was no error and no lost or silently overwritten update.

With --scenario feedback, the people answer one public feedback form instead, while a
few addresses flood it (feedback.py): every accepted answer must be in the database and
the rate limit must refuse exactly what is over it.
"""

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

# Run as a script: import this folder as a package from the repository root, and keep
# the script's own folder off sys.path so its module names never shadow others.
sys.path[0] = str(Path(__file__).resolve().parents[2])

from benchmarks.loadtest import (  # noqa: E402
    feedback,
    feedback_summary,
    infra,
    seed,
    serverlog,
    summary,
)
from benchmarks.loadtest.scenario import Recorder, Settings, SimUser, run_threads  # noqa: E402
from benchmarks.loadtest.verify import verify  # noqa: E402

MAX_USERS = 500
MAX_SECONDS = 600


def _default_server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return (
        url
        if url.startswith(("postgres://", "postgresql://"))
        else "postgres://postgres@127.0.0.1:5432/postgres"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--scenario",
        choices=["ratings", "feedback"],
        default="ratings",
        help="ratings: members rate shared drafts (default); feedback: people answer a "
        "public feedback form while some addresses flood it",
    )
    p.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    p.add_argument("--duration", type=float, default=60, help="seconds of mixed work (default 60)")
    p.add_argument(
        "--compare-duration",
        type=float,
        default=10,
        help="seconds each for the dashboard-only and /health/-only phases (default 10)",
    )
    p.add_argument(
        "--assessments", type=int, default=3, help="shared draft assessments (default 3)"
    )
    p.add_argument(
        "--hot-principles",
        type=int,
        default=4,
        help="people rate only the first N principles of each, so they collide (default 4)",
    )
    p.add_argument("--report-chance", type=float, default=0.05, help="per loop (default 0.05)")
    p.add_argument("--pdf-chance", type=float, default=0.01, help="per loop (default 0.01)")
    p.add_argument(
        "--retry-chance",
        type=float,
        default=0.5,
        help="after a conflict, save again over the other answer (default 0.5)",
    )
    p.add_argument("--think", type=float, default=0.0, help="mean pause between loops, seconds")
    p.add_argument("--workers", type=int, default=4, help="WEB_CONCURRENCY (default 4)")
    p.add_argument("--threads", type=int, default=2, help="GUNICORN_THREADS (default 2)")
    p.add_argument(
        "--conn-max-age",
        type=int,
        default=None,
        help="DATABASE_CONN_MAX_AGE for the server (default: the app's, 0)",
    )
    p.add_argument("--timeout", type=float, default=90, help="per request, seconds (default 90)")
    p.add_argument(
        "--collectstatic",
        choices=["auto", "always", "never"],
        default="auto",
        help="auto: only when staticfiles/ is older than the sources (default)",
    )
    p.add_argument(
        "--postgres-url",
        default=_default_server(),
        help="the PostgreSQL server to create the throwaway database on "
        "(default: DATABASE_URL if PostgreSQL, else postgres://postgres@127.0.0.1:5432)",
    )
    p.add_argument("--flooders", type=int, default=4, help="feedback: flooding threads (default 4)")
    p.add_argument(
        "--flood-addresses",
        type=int,
        default=1,
        help="feedback: addresses the flooders share out (default 1)",
    )
    p.add_argument(
        "--feedback-rate",
        default="30/m",
        help="feedback: DJANGO_FEEDBACK_RATE for the server (default 30/m)",
    )
    p.add_argument("--json", type=Path, help="also write the results here")
    p.add_argument("--keep-log", type=Path, help="copy gunicorn's log here")
    args = p.parse_args(argv)
    if not 1 <= args.users <= MAX_USERS:
        p.error(f"--users must be 1 to {MAX_USERS}")
    if not (0 < args.duration <= MAX_SECONDS and 0 < args.compare_duration <= MAX_SECONDS):
        p.error(f"durations must be more than 0 and at most {MAX_SECONDS} s")
    if not (1 <= args.workers <= 32 and 1 <= args.threads <= 32):
        p.error("--workers and --threads must be 1 to 32")
    if not 1 <= args.assessments <= 20 or not 1 <= args.hot_principles <= 12:
        p.error("--assessments must be 1 to 20 and --hot-principles 1 to 12")
    if not (0 <= args.flooders <= 32 and 1 <= args.flood_addresses <= max(1, args.flooders)):
        p.error("--flooders must be 0 to 32, --flood-addresses 1 to --flooders")
    if not re.fullmatch(r"[1-9]\d*/[smhd]", args.feedback_rate):
        p.error("--feedback-rate must look like 30/m")
    return args


def _step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def _sigterm(_signum: int, _frame: object) -> None:
    # Turn `kill` into Ctrl-C, so the finally blocks stop gunicorn and drop the database.
    raise KeyboardInterrupt


def load(args: argparse.Namespace, server: infra.PgServer, log_path: Path, work: Path) -> dict:
    """Everything between creating and dropping the database; returns the results."""
    results: dict = {"database": None, "gunicorn_pid": None}
    gunicorn: infra.Gunicorn | None = None
    worker: infra.Worker | None = None
    dbname = infra.database_create(server)
    results["database"] = dbname
    _step(f"Created database {dbname}")
    try:
        env = infra.AppEnv(
            server.url(dbname), infra.free_port(), args.workers, args.threads, args.conn_max_age
        )
        if args.scenario == "feedback":
            # The load generator acts as one reverse proxy: X-Forwarded-For is trusted.
            env.extra = {"DJANGO_PROXY_COUNT": "1", "DJANGO_FEEDBACK_RATE": args.feedback_rate}
        infra.release(env)
        _step("Release step done (migrate, cache table, principle sets)")
        if infra.collectstatic(env, args.collectstatic):
            _step(f"Collected static files into {infra.MANIFEST.parent}")
        data = infra.seed(
            env,
            users=args.users,
            assessments=args.assessments,
            out=work / "seed.json",
            feedback=args.scenario == "feedback",
        )
        if args.scenario == "feedback":
            _step(f"Opened a feedback round of {data['statements']} statements")
        else:
            _step(f"Created {len(data['users'])} people and {len(data['assessments'])} drafts")
        # Anything else busy on the machine makes every figure worse; the summary says so.
        results["busy_before"] = infra.cores_busy()
        gunicorn = infra.Gunicorn(env, log_path)
        gunicorn.start()
        results["gunicorn_pid"] = gunicorn.pid
        _step(f"gunicorn is up at {gunicorn.base_url}: {args.workers} x {args.threads} threads")
        worker = infra.Worker(env, log_path.with_name("worker.log"))
        worker.start()
        results["worker_pid"] = worker.pid
        _step("The background worker is up (it makes the PDFs)")
        if args.scenario == "feedback":
            results.update(_feedback_phase(args, gunicorn.base_url, data))
            with server.connect(dbname) as conn:
                results["verdict"] = feedback.verify(
                    conn,
                    data["round"],
                    data["statements"],
                    results["recorder"],
                    results["settings"],
                )
            _step("Checked the stored answers and the refusals")
        else:
            results.update(_phases(args, gunicorn.base_url, data))
            with server.connect(dbname) as conn:
                verdict = verify(conn, data["assessments"], results["recorder"].saves)
            results["verdict"] = verdict
            _step(f"Checked {verdict.checked_ratings} ratings against their history")
    finally:
        # A second Ctrl-C must not cut the clean-up short; each step has its own time limit.
        previous = (
            signal.signal(signal.SIGINT, signal.SIG_IGN),
            signal.signal(signal.SIGTERM, signal.SIG_IGN),
        )
        try:
            if worker is not None:
                worker.stop()
                _step("Stopped the background worker")
            if gunicorn is not None:
                gunicorn.stop()
                _step("Stopped gunicorn")
                # Still busy with our server gone: something else shared the CPU meanwhile.
                results["busy_after"] = infra.cores_busy()
            infra.database_drop(server, dbname)
            _step(f"Dropped database {dbname}")
        finally:
            signal.signal(signal.SIGINT, previous[0])
            signal.signal(signal.SIGTERM, previous[1])
    return results


def _phases(args: argparse.Namespace, base_url: str, data: dict) -> dict:
    recorder = Recorder()
    settings = Settings(
        base_url=base_url,
        password=data["password"],
        assessments=data["assessments"],
        hot_principles=args.hot_principles,
        report_chance=args.report_chance,
        pdf_chance=args.pdf_chance,
        retry_chance=args.retry_chance,
        think_seconds=args.think,
        timeout=args.timeout,
    )
    users = [SimUser(n, account, settings, recorder) for n, account in enumerate(data["users"])]
    stop = threading.Event()
    walls: dict[str, float] = {}
    cpu: dict[str, float] = {}

    def phase(name: str, targets: list[Callable[[], None]]) -> None:
        walls[name], cpu[name] = run_threads(targets, stop)

    signed_in: set[int] = set()

    def sign_in(user: SimUser) -> None:
        if user.sign_in():
            signed_in.add(user.number)

    phase("sign-in", [lambda u=u: sign_in(u) for u in users])
    active = [u for u in users if u.number in signed_in]
    _step(f"{len(active)} of {len(users)} signed in; working for {args.duration:.0f} s")
    deadline = time.monotonic() + args.duration
    # One viewer is a board member: board pack page and PDF throughout, the rest as usual.
    board_member = next((u for u in active if u.role == "viewer"), None)
    board_pack = (
        f"/assessments/partnerships/{seed.PARTNERSHIP_SLUG}/board-pack/{seed.PRINCIPLE_SET}"
    )
    phase(
        "mixed",
        [
            (lambda u=u: u.board_work(board_pack, deadline, stop))
            if u is board_member
            else (lambda u=u: u.work(deadline, stop))
            for u in active
        ],
    )
    # Each page alone, as fast as the server answers, to set beside the trivial view.
    first = data["assessments"][0]
    compared = {
        "dashboard": "/",
        "principle": f"/assessments/{first['pk']}/principles/{next(iter(first['ratings']))}/",
        "report": f"/assessments/{first['pk']}/report/",
    }
    for name, path in compared.items():
        _step(f"{name.capitalize()} only, {len(active)} at once, for {args.compare_duration:.0f} s")
        deadline = time.monotonic() + args.compare_duration
        phase(
            name,
            [lambda u=u, n=name, p=path, d=deadline: u.hammer(n, p, d, stop) for u in active],
        )
    # Without cookies, as a load balancer asks: with one, every request also saves the session.
    probes = [
        SimUser(n, {"username": f"probe-{n}", "role": "viewer"}, settings, recorder)
        for n in range(len(active) or 1)
    ]
    _step(f"/health/ only, {len(probes)} at once, for {args.compare_duration:.0f} s")
    deadline = time.monotonic() + args.compare_duration
    phase("health", [lambda u=u: u.hammer("health", "/health/", deadline, stop) for u in probes])
    return {
        "recorder": recorder,
        "walls": walls,
        "client_cpu": cpu,
        "signed_in": len(active),
        "users": len(users),
    }


def _feedback_phase(args: argparse.Namespace, base_url: str, data: dict) -> dict:
    """Everyone answers and the flooders flood, all at once, for --duration seconds."""
    count, unit = args.feedback_rate.split("/")
    settings = feedback.FeedbackSettings(
        base_url=base_url,
        token=data["token"],
        limit=int(count),
        period={"s": 1, "m": 60, "h": 3600, "d": 86400}[unit],
        think_seconds=args.think,
        timeout=args.timeout,
    )
    recorder = feedback.FeedbackRecorder()
    people = [feedback.Person(n, settings, recorder) for n in range(args.users)]
    addresses = [f"192.0.2.{n + 1}" for n in range(args.flood_addresses)]
    flooders = [
        feedback.Flooder(addresses[n % len(addresses)], settings, recorder)
        for n in range(args.flooders)
    ]
    _step(f"{len(people)} people answering and {len(flooders)} flooding for {args.duration:.0f} s")
    stop = threading.Event()
    deadline = time.monotonic() + args.duration
    targets = [lambda w=w: w.work(deadline, stop) for w in [*people, *flooders]]
    wall, cpu = run_threads(targets, stop)
    walls = {feedback.PEOPLE_PHASE: wall}
    if flooders:
        walls[feedback.FLOOD_PHASE] = wall
    return {
        "recorder": recorder,
        "settings": settings,
        "limit": settings.limit,
        "walls": walls,
        "client_cpu": dict.fromkeys(walls, cpu),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _sigterm)
    server = infra.PgServer.from_url(args.postgres_url)
    with tempfile.TemporaryDirectory(prefix="loadtest-") as tmp:
        work = Path(tmp)
        log_path = work / "gunicorn.log"
        try:
            results = load(args, server, log_path, work)
        except infra.SetupError as error:
            print(f"Set-up failed: {error}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print("Interrupted: stopped what had started, dropped the database.", file=sys.stderr)
            return 130
        finally:
            if args.keep_log and log_path.exists():
                shutil.copyfile(log_path, args.keep_log)
        findings = serverlog.scan(log_path)
    report = feedback_summary if args.scenario == "feedback" else summary
    return 0 if report.summarise(args, results, findings) else 1


if __name__ == "__main__":
    sys.exit(main())
