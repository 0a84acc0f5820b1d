"""What each page costs in CPU per request, against a trivial page, small and large.

Run on demand, not in the test suite (see README.md in this folder):

    .venv/bin/python benchmarks/page_benchmark.py [--rounds 5] [--requests 5]
    .venv/bin/python benchmarks/page_benchmark.py --postgres-url postgres://postgres@127.0.0.1:5432

Builds two partnerships in a throwaway database (SQLite, or a new database on the
PostgreSQL server given): a small one (a set of 12 principles, 4 services) and a large
one (120 principles, 100 services). Every service has a signed-off assessment (the first
made through the app's services, the rest bulk copies) and the first service also has a
draft with every principle rated. Then, in interleaved rounds, it requests each page
with Django's test client in this process, with production settings (DEBUG off, the
session in the database), and measures this process's CPU per request. The reference
is a trivial page that loads the same session and user (``benchmarks/trivial_urls.py``).

It prints, for each page and size, the median CPU per request, its ratio to the trivial
page, and how much dearer the large case is than the small one (120 by 100 over 12 by 4,
the trivial page included), then whether the pages issue #15 wants within twice their
small case (dashboard, board pack, weights) are. With PostgreSQL, the
database's own work is in its server process and not counted; with SQLite it is.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks import common  # noqa: E402

SIZES = {"small": (12, 3, 4), "large": (120, 6, 100)}  # principles, sections, services
GOAL_PAGES = ("dashboard", "board pack", "weights")  # within twice the small case (issue #15)
PAGES = ("trivial", "dashboard", "principle", "report", "board pack", "weights", "overview")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--requests", type=int, default=5, help="per page per round (default 5)")
    parser.add_argument("--postgres-url", help="use a throwaway database on this server")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated subset")
    args = parser.parse_args()
    pages = [p for p in PAGES if p in args.pages.split(",") or p == "trivial"]
    if args.rounds < 1 or args.requests < 1:
        parser.error("--rounds and --requests must be at least 1")

    with tempfile.TemporaryDirectory(prefix="page-benchmark-") as tmp:
        common.setup_django(Path(tmp), postgres_url=args.postgres_url, debug=False)
        from django.test.utils import override_settings

        override_settings(ROOT_URLCONF="benchmarks.trivial_urls").enable()
        try:
            print("Building the small and large partnerships…")
            started = time.perf_counter()
            cases = {size: _build(size, *shape) for size, shape in SIZES.items()}
            print(f"Built in {time.perf_counter() - started:.1f} s.\n")
            results = _measure(cases, pages, args.rounds, args.requests)
        finally:
            common.teardown_django(args.postgres_url)
    _print(results, pages, args)


def _build(size: str, principles: int, sections: int, services: int) -> dict:
    from assessments.score_services import stored_scores_fill_missing
    from assessments.services import assessment_start
    from partnerships.models import Role

    principle_set = common.made_up_set(principles, sections)
    partnership, people = common.partnership_with_people(f"pages-{size}", principle_set)
    service_objects = common.add_services(partnership, services)
    first = common.signed_off(service_objects[0], principle_set, people)
    common.copies(first, [(s, "2026/27") for s in service_objects[1:]])
    stored_scores_fill_missing()  # the bulk copies' scores, as the release command stores them
    draft = assessment_start(
        user=people[Role.LEAD],
        service=service_objects[0],
        principle_set=principle_set,
        period="2027/28",
        title=f"{service_objects[0].name} 2027/28",
    )
    common.rate_all(draft, people[Role.LEAD], seed=7)
    code = draft.ratings.order_by("principle__order")[1].principle.code
    return {
        "people": people,
        "urls": {
            "trivial": "/benchmark/trivial/",
            "dashboard": "/",
            "principle": f"/assessments/{draft.pk}/principles/{code}/",
            "report": f"/assessments/{first.pk}/report/",
            "board pack": (
                f"/assessments/partnerships/{partnership.slug}/board-pack/{principle_set.slug}/"
            ),
            "weights": f"/assessments/{draft.pk}/weights/",
            "overview": f"/assessments/{draft.pk}/",
        },
    }


def _measure(cases: dict, pages: list[str], rounds: int, requests: int) -> dict:
    from django.test import Client

    from partnerships.models import Role

    clients = {}
    for size, case in cases.items():
        client = Client()
        client.force_login(case["people"][Role.LEAD])  # the lead may open every page
        clients[size] = client
        for page in pages:  # warm-up: imports, templates, the session row
            for _ in range(2):
                response = client.get(case["urls"][page])
                assert response.status_code == 200, (page, response.status_code)

    per_request: dict[tuple[str, str], list[float]] = {}
    ratios: dict[tuple[str, str], list[float]] = {}
    for round_number in range(rounds):
        print(f"Round {round_number + 1} of {rounds}…")
        this_round = {}
        for size, case in cases.items():
            for page in pages:
                url, client = case["urls"][page], clients[size]

                def make(url=url, client=client):
                    for _ in range(requests):
                        client.get(url)

                used, _, _ = common.cpu(make)
                this_round[(size, page)] = used / requests
                per_request.setdefault((size, page), []).append(used / requests)
        for (size, page), used in this_round.items():
            ratios.setdefault((size, page), []).append(used / this_round[(size, "trivial")])
    return {
        key: {"cpu": common.median(values), "ratio": common.median(ratios[key])}
        for key, values in per_request.items()
    }


def _print(results: dict, pages: list[str], args) -> None:
    database = "PostgreSQL" if args.postgres_url else "SQLite"
    print(
        f"\nMedian of {args.rounds} interleaved rounds of {args.requests} requests, CPU of this "
        f"process per request ({database}). Python {sys.version.split()[0]}."
    )
    header = ("Page", "Small: CPU", "× trivial", "Large: CPU", "× trivial", "120×100 ÷ 12×4")
    rows = []
    for page in pages:
        small, large = results[("small", page)], results[("large", page)]
        rows.append(
            (
                page,
                f"{1000 * small['cpu']:.1f} ms",
                f"{small['ratio']:.1f}",
                f"{1000 * large['cpu']:.1f} ms",
                f"{large['ratio']:.1f}",
                f"{large['cpu'] / small['cpu']:.2f}",
            )
        )
    common.print_table(header, rows)
    print("Small: 12 principles and 4 services; large: 120 principles and 100 services.")
    growth = {
        page: results[("large", page)]["cpu"] / results[("small", page)]["cpu"]
        for page in GOAL_PAGES
        if page in pages
    }
    if growth:
        print(
            "Within 2× of the small case (issue #15): "
            + "; ".join(
                f"{page} {'yes' if ratio <= 2 else 'no'} ({ratio:.2f})"
                for page, ratio in growth.items()
            )
            + "."
        )


if __name__ == "__main__":
    main()
