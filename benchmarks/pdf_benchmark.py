"""How long PDFs take to make, and how much memory, on data of a realistic size.

Run on demand, not in the test suite (see README.md in this folder):

    DJANGO_DEBUG=true .venv/bin/python benchmarks/pdf_benchmark.py [--runs 5] [--services 30]

It builds its own data in a throwaway SQLite database (never var/db.sqlite3): the
published principle sets, one partnership with 30 services, each with a signed-off
National Voices assessment (12 principles, 600 to 1,200 characters of evidence each,
a few improvement actions). Then it times, over --runs runs:

- one assessment's report PDF from scratch (report, HTML and WeasyPrint; no cache);
- the same report downloaded again with the PDF cache warm (report, HTML, cache read);
- the partnership's board pack PDF from scratch.

Times are wall-clock. Python peak memory comes from one further run of each under
tracemalloc (which slows Python down, so it is not timed); the process peak is
``ru_maxrss``, which only ever grows, so each row shows the peak up to then.
"""

import argparse
import datetime
import logging
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = (
    "Staff from the council, the community trust and two voluntary sector partners now meet "
    "every week to review the people on the caseload and agree one plan with each of them.",
    "People told us in the autumn survey that they no longer have to repeat their story, "
    "although carers said they still do not always know who to call out of hours.",
    "The shared care record is used by 80% of the team; social workers in the hospital "
    "team cannot yet see it, which slows discharge on some days.",
    "Our audit of 40 care plans found that 31 had goals written in the person's own words "
    "and 26 had been reviewed with the person in the last three months.",
    "A peer support worker now co-chairs the service improvement group, and two people who "
    "use the service helped to rewrite the leaflets and the website.",
    "Budgets are pooled under a section 75 agreement, but the performance framework still "
    "counts contacts rather than what people say has changed for them.",
    "Waiting times for a first visit fell from nine days to four after the single point of "
    "access opened, and the number of repeat referrals has fallen by a quarter.",
    "Training on strengths-based conversations reached 112 staff this year; the evaluation "
    "will report to the partnership board in March.",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    parser.add_argument("--services", type=int, default=30, help="services (default 30)")
    parser.add_argument("--out", type=Path, help="also write the PDFs to this folder")
    args = parser.parse_args()
    if args.runs < 1 or args.services < 1:
        parser.error("--runs and --services must be at least 1")

    with tempfile.TemporaryDirectory(prefix="pdf-benchmark-") as tmp:
        _setup_django(Path(tmp) / "benchmark.sqlite3")
        print(f"Building {args.services} signed-off assessments in a throwaway database…")
        started = time.perf_counter()
        partnership, assessments = _build(args.services)
        print(f"Built in {time.perf_counter() - started:.1f} s.\n")
        results = _measure(partnership, assessments[0], args.runs, args.out)
    _print_table(results, args)


def _setup_django(database: Path) -> None:
    # Before Django reads its settings: a throwaway database, whatever the shell says.
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrated_care.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    if not settings.DEBUG:
        sys.exit("Run with DJANGO_DEBUG=true: it needs no secret key or collected static files.")
    from django.core.management import call_command

    from principles.services import principle_fixtures_load_missing

    # print.css's "display: contents" is reported on every render; the figures matter here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    principle_fixtures_load_missing()


def _build(count: int):
    """One partnership and ``count`` services, each with a signed-off assessment."""
    from django.contrib.auth import get_user_model

    from assessments.services import (
        ActionInput,
        RatingInput,
        assessment_sign_off,
        assessment_start,
        assessment_submit,
        rating_update,
    )
    from partnerships.models import Membership, Partnership, Role, Service
    from principles.models import Nation, PrincipleSet

    national_voices = PrincipleSet.objects.get(slug="national-voices")
    partnership = Partnership.objects.create(
        name="Benchmark Health and Wellbeing Board",
        slug="benchmark",
        nation=Nation.ENGLAND,
        default_principle_set=national_voices,
    )
    users = {}
    for role in (Role.LEAD, Role.APPROVER):
        users[role] = get_user_model().objects.create_user(
            username=f"benchmark-{role}", email=f"benchmark-{role}@example.org"
        )
        Membership.objects.create(user=users[role], partnership=partnership, role=role)
    lead, approver = users[Role.LEAD], users[Role.APPROVER]

    assessments = []
    for n in range(count):
        service = Service.objects.create(
            partnership=partnership,
            name=f"Community service {n + 1:02d}",
            care_group="Older people" if n % 2 else "Adults",
            description="A service used to measure how long reports take to make.",
        )
        assessment = assessment_start(
            user=lead,
            service=service,
            principle_set=national_voices,
            period="2026/27",
            title=f"{service.name} 2026/27",
        )
        level_ids = dict(assessment.rating_scale.levels.values_list("value", "pk"))
        ratings = assessment.ratings.select_related("principle").order_by("principle__order")
        for index, rating in enumerate(ratings):
            actions = [
                ActionInput(
                    id=None,
                    description=f"{SENTENCES[(n + index + k) % len(SENTENCES)]} Next step {k}.",
                    owner="Service manager",
                    due_date=datetime.date(2027, 1 + index % 12, 1 + k),
                    status=("proposed", "agreed", "in_progress", "completed")[(n + k) % 4],
                )
                for k in range(1 + (n + index) % 2)
            ]
            rating_update(
                user=lead,
                rating_id=rating.pk,
                expected_version=rating.version,
                answer=RatingInput(
                    level_id=level_ids[_level(n, index)],
                    not_applicable=False,
                    not_applicable_reason="",
                    evidence=_evidence(n + index),
                ),
                actions=actions if index % 4 == 1 else [],  # three principles with actions
            )
        assessment.refresh_from_db()
        assessment = assessment_submit(
            user=lead, assessment_id=assessment.pk, expected_version=assessment.version
        )
        assessments.append(
            assessment_sign_off(
                user=approver,
                assessment_id=assessment.pk,
                expected_version=assessment.version,
                body="Benchmark Health and Wellbeing Board",
                decision="approved",
                decision_date=datetime.date(2027, 3, 4),
                minute_reference=f"HWB 2027/{n + 1}",
            )
        )
    return partnership, assessments


def _level(service: int, principle: int) -> int:
    """A level from 1 to 5 that varies between services and principles, not at random."""
    return 1 + (service * 3 + principle * 7 + (service * principle) % 4) % 5


def _evidence(seed: int) -> str:
    """600 to 1,200 characters of plausible evidence, the same on every run."""
    target = 600 + (seed * 97) % 601
    text = ""
    index = seed
    while len(text) < target:
        text += SENTENCES[index % len(SENTENCES)] + " "
        index += 3
    return text[:target].rsplit(" ", 1)[0] + "."


def _measure(partnership, first, runs: int, out: Path | None) -> list[dict]:
    from assessments.models import Assessment
    from reporting.board_pack import build_board_pack
    from reporting.documents import assessment_report_html, board_pack_html
    from reporting.pdf import cached_pdf, html_to_pdf

    def load_first():
        related = ("service__partnership", "principle_set", "rating_scale")
        return Assessment.objects.select_related(*related).get(pk=first.pk)

    def report_from_scratch() -> bytes:
        return html_to_pdf(assessment_report_html(load_first()))

    def report_cached() -> bytes:
        return cached_pdf(assessment_report_html(load_first()))

    def board_pack_from_scratch() -> bytes:
        pack = build_board_pack(partnership, partnership.default_principle_set)
        return html_to_pdf(board_pack_html(pack))

    cached_pdf(assessment_report_html(load_first()))  # warm the cache for the second case
    scenarios: list[tuple[str, Callable[[], bytes]]] = [
        ("Assessment report PDF, from scratch", report_from_scratch),
        ("Assessment report PDF, cached", report_cached),
        (f"Board pack PDF, {partnership.services.count()} services", board_pack_from_scratch),
    ]
    results = []
    for name, make in scenarios:
        print(f"Measuring: {name}…")
        pdf = make()  # warm-up: imports, fonts, template loading
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            pdf = make()
            times.append(time.perf_counter() - started)
        tracemalloc.start()
        make()
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        if out:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{len(results) + 1}.pdf").write_bytes(pdf)
        results.append(
            {
                "name": name,
                "times": times,
                "python_peak": python_peak,
                "rss_peak": _max_rss_bytes(),
                "size": len(pdf),
                "pages": _pages(pdf),
            }
        )
    return results


def _max_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # bytes on macOS, KiB on Linux


def _pages(pdf: bytes) -> str:
    try:
        import io

        from pypdf import PdfReader
    except ImportError:  # pypdf is a development dependency
        return "?"
    return str(len(PdfReader(io.BytesIO(pdf)).pages))


def _print_table(results: list[dict], args) -> None:
    mb = 1024 * 1024
    header = ("Case", "Median", "Min", "Max", "Pages", "PDF", "Python peak", "Process peak")
    rows = [
        (
            r["name"],
            f"{statistics.median(r['times']):.3f} s",
            f"{min(r['times']):.3f} s",
            f"{max(r['times']):.3f} s",
            r["pages"],
            f"{r['size'] / 1024:.0f} KB",
            f"{r['python_peak'] / mb:.1f} MB",
            f"{r['rss_peak'] / mb:.0f} MB",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    print(f"\n{args.runs} timed runs each, after one warm-up run. Python {sys.version.split()[0]}.")
    for row in [header, *rows]:
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
    print("Process peak is ru_maxrss so far, so it can only grow from row to row.")


if __name__ == "__main__":
    main()
