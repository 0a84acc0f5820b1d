"""How the partnership spreadsheet exports grow with their number of rows.

Run on demand, not in the test suite (see README.md in this folder):

    .venv/bin/python benchmarks/export_benchmark.py [--rounds 3] [--sizes 1200,12000,24000]

Builds, in a throwaway database, one partnership per size against a made-up set of 120
principles (one row per principle of each assessment): its first assessment through the
app's services, the rest bulk copies. Then, in interleaved rounds, it downloads each
partnership's CSV and Excel export through the real view (Django's test client, in this
process) and times the CPU. The reference is reading the same rows without writing a
file (``exports.rows_for``): what any export must cost. It prints the median of each,
the cost per 1,000 rows, and the growth exponent (the slope of log time against log
rows: 1.0 is linear, 2.0 quadratic).
"""

import argparse
import math
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks import common  # noqa: E402

PRINCIPLES = 120


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument(
        "--sizes",
        default="1200,12000,24000",
        help="rows per export, multiples of 120 (default 1200,12000,24000)",
    )
    parser.add_argument("--postgres-url", help="build the data on this PostgreSQL server")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.rounds < 1 or any(s < PRINCIPLES or s % PRINCIPLES for s in sizes):
        parser.error(f"--rounds must be at least 1 and sizes multiples of {PRINCIPLES}")

    with tempfile.TemporaryDirectory(prefix="export-benchmark-") as tmp:
        common.setup_django(Path(tmp), postgres_url=args.postgres_url)
        try:
            print(f"Building exports of {', '.join(f'{s:,}' for s in sizes)} rows…")
            started = time.perf_counter()
            cases = _build(sizes)
            print(f"Built in {time.perf_counter() - started:.1f} s.\n")
            results = _measure(cases, args.rounds, memory=not args.no_memory)
        finally:
            common.teardown_django(args.postgres_url)
    _print(results, args.rounds)


def _build(sizes: list[int]) -> list[dict]:
    from partnerships.models import Role

    principle_set = common.made_up_set(PRINCIPLES, groups=6)
    template = None
    cases = []
    for number, rows in enumerate(sizes):
        assessments = rows // PRINCIPLES
        partnership, people = common.partnership_with_people(f"export-{number}", principle_set)
        # Two years per service once there are more than 100 assessments, as a real
        # partnership would have.
        periods = ["2026/27"] if assessments <= 100 else ["2025/26", "2026/27"]
        services = common.add_services(partnership, math.ceil(assessments / len(periods)))
        targets = [(s, p) for s in services for p in periods][:assessments]
        if template is None:
            service, period = targets[0]
            template = common.signed_off(service, principle_set, people, period=period)
            targets = targets[1:]
        common.copies(template, targets)
        cases.append(
            {
                "rows": rows,
                "partnership": partnership,
                "set": principle_set,
                "viewer": people[Role.VIEWER],
            }
        )
    # The template's own partnership has one more assessment: count what is really there.
    from assessments.models import Rating

    for case in cases:
        case["rows"] = Rating.objects.filter(
            assessment__service__partnership=case["partnership"]
        ).count()
    return cases


def _measure(cases: list[dict], rounds: int, *, memory: bool) -> list[dict]:
    from django.test import Client
    from django.urls import reverse

    from assessments.models import Assessment
    from reporting import exports

    for case in cases:
        client = Client()
        client.force_login(case["viewer"])
        case["client"] = client
        case["urls"] = {
            fmt: reverse(
                "assessments:partnership_export",
                kwargs={"slug": case["partnership"].slug, "set_slug": case["set"].slug, "fmt": fmt},
            )
            for fmt in ("csv", "xlsx")
        }

    def rows_only(case):
        assessments = Assessment.objects.filter(
            service__partnership=case["partnership"], principle_set=case["set"]
        ).select_related("service__partnership", "principle_set", "rating_scale")
        return sum(1 for _ in exports.rows_for(assessments))

    def download(case, fmt):
        response = case["client"].get(case["urls"][fmt])
        assert response.status_code == 200, response.status_code
        return len(response.content)

    kinds = {
        "rows only (reference)": rows_only,
        "CSV": lambda case: download(case, "csv"),
        "XLSX": lambda case: download(case, "xlsx"),
    }
    for case in cases:  # warm-up: imports, templates, the session
        for make in kinds.values():
            make(case)
    times: dict[tuple[int, str], list[float]] = {}
    walls: dict[tuple[int, str], list[float]] = {}
    sizes: dict[tuple[int, str], int] = {}
    for round_number in range(rounds):
        print(f"Round {round_number + 1} of {rounds}…")
        for index, case in enumerate(cases):
            for kind, make in kinds.items():
                used, wall, size = common.cpu(lambda m=make, c=case: m(c))
                times.setdefault((index, kind), []).append(used)
                walls.setdefault((index, kind), []).append(wall)
                sizes[(index, kind)] = size
    peaks = {}
    if memory:
        for index, case in enumerate(cases):
            tracemalloc.start()
            download(case, "xlsx")
            peaks[index] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return [
        {
            "rows": case["rows"],
            "kind": kind,
            "cpu": common.median(times[(index, kind)]),
            "wall": common.median(walls[(index, kind)]),
            "bytes": sizes[(index, kind)] if kind != "rows only (reference)" else None,
            "peak": peaks.get(index) if kind == "XLSX" else None,
        }
        for index, case in enumerate(cases)
        for kind in kinds
    ]


def _exponent(points: list[tuple[int, float]]) -> float:
    """Least-squares slope of log(time) against log(rows)."""
    xs = [math.log(rows) for rows, _ in points]
    ys = [math.log(max(t, 1e-9)) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread


def _print(results: list[dict], rounds: int) -> None:
    mb = 1024 * 1024
    header = ("Rows", "Export", "CPU", "Wall", "CPU per 1,000 rows", "× rows only", "File", "Peak")
    reference = {r["rows"]: r["cpu"] for r in results if r["kind"].startswith("rows only")}
    rows = [
        (
            f"{r['rows']:,}",
            r["kind"],
            f"{r['cpu']:.3f} s",
            f"{r['wall']:.3f} s",
            f"{1000 * r['cpu'] / r['rows']:.3f} s",
            f"{r['cpu'] / reference[r['rows']]:.1f}",
            "" if r["bytes"] is None else f"{r['bytes'] / mb:.1f} MB",
            "" if r["peak"] is None else f"{r['peak'] / mb:.0f} MB",
        )
        for r in results
    ]
    print(
        f"\nMedian of {rounds} interleaved rounds, CPU seconds of this process. "
        f"Python {sys.version.split()[0]}."
    )
    common.print_table(header, rows)
    print("Peak: Python's allocations while making the Excel file (tracemalloc, one run).")
    for kind in ("CSV", "XLSX", "rows only (reference)"):
        points = [(r["rows"], r["cpu"]) for r in results if r["kind"] == kind]
        if len(points) > 1:
            print(f"Growth exponent, {kind}: {_exponent(points):.2f} (1.0 is linear)")


if __name__ == "__main__":
    main()
