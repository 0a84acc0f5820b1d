"""What team scoring's heaviest pages cost: the agreement page and the report PDF, 30 raters.

Run on demand, not in the test suite (see README.md in this folder):

    .venv/bin/python benchmarks/consensus_benchmark.py [--raters 30] [--rounds 5]

It builds its own data in a throwaway in-memory SQLite database, with tables made from the
models (never your database): the published principle sets, one partnership, and one
National Voices assessment (12 principles) rated individually by ``--raters`` members, each
with a level and a rationale for every principle (through the app's own services), then
opened for agreement, agreed (with notes where the agreed level is far from the median),
submitted and signed off.

Then, in ``--rounds`` interleaved rounds, it measures this process's CPU time
(``time.process_time``) for:

- a trivial page that loads the session and the signed-in user, as every page does: the
  reference, measured in the same run;
- the agreement page (every principle's spread, a member's view);
- a principle's page with the team's ratings (chart, table and every rationale);
- the report page;
- the report PDF: its HTML and WeasyPrint, as the background worker makes it.

It prints the median, fastest and slowest CPU milliseconds of each, and the median's ratio
to the trivial page. Times depend on the machine: compare runs on the same one.
"""

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks import common  # noqa: E402

LEVELS = (1, 2, 3, 4, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--raters", type=int, default=30, help="raters (default 30)")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    args = parser.parse_args()
    if args.raters < 1 or args.rounds < 1:
        parser.error("--raters and --rounds must be at least 1")
    _setup_django()
    print(f"Building an assessment rated by {args.raters} people…")
    started = time.perf_counter()
    assessment, member = _build(args.raters)
    print(f"Built in {time.perf_counter() - started:.1f} s.\n")
    results = _measure(assessment, member, args.rounds)
    _print(results, args)


def _setup_django() -> None:
    """Production-like settings on a new in-memory database whose tables come from the models."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrated_care.settings")
    os.environ["DJANGO_DEBUG"] = "true"  # no secret key or collected static files needed
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")
    import django
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment

    django.setup()
    settings.DATABASES["default"]["TEST"] = {"NAME": None, "MIGRATE": False}
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}},
        ROOT_URLCONF=_urlconf(),
        DEBUG=False,  # no query log, so the numbers are what production spends
    ).enable()
    setup_test_environment()
    from django.core.management import call_command
    from django.db import connection

    connection.creation.create_test_db(verbosity=0, serialize=False)
    call_command("createcachetable", verbosity=0)
    for name in ("national-voices", "scotland-integration-principles", "rating-scales"):
        call_command("loaddata", name, verbosity=0)


def _urlconf():
    """The app's addresses and a trivial page that does only what every page does first."""
    from django.http import HttpResponse
    from django.urls import path

    from integrated_care.urls import urlpatterns

    def trivial(request):
        return HttpResponse(f"Signed in as {request.user.pk}", content_type="text/plain")

    module = ModuleType("consensus_benchmark_urls")  # hashable, as Django's URL cache needs
    module.urlpatterns = [path("trivial/", trivial), *urlpatterns]
    return module


def _build(count: int):
    """One partnership, ``count`` raters and a signed-off team assessment, via the services."""

    from django.contrib.auth import get_user_model

    from assessments import services as assessment_services
    from consensus import services
    from consensus.models import IndividualRating
    from consensus.rules import needs_divergence_note
    from consensus.spread import spreads_for
    from partnerships.models import Membership, Partnership, Role, Service
    from principles.models import PrincipleSet

    users = get_user_model().objects
    principle_set = PrincipleSet.objects.get(slug="national-voices")
    partnership = Partnership.objects.create(
        name="Benchmark partnership",
        slug="benchmark",
        nation="england",
        default_principle_set=principle_set,
    )
    service = Service.objects.create(partnership=partnership, name="Community frailty service")

    def person(name, role):
        user = users.create_user(username=name, email=f"{name}@example.org", first_name=name)
        Membership.objects.create(user=user, partnership=partnership, role=role)
        return user

    lead, approver = person("lead", Role.LEAD), person("approver", Role.APPROVER)
    raters = [person(f"rater{n}", Role.CONTRIBUTOR) for n in range(count)]
    assessment = assessment_services.assessment_start(
        user=lead,
        service=service,
        principle_set=principle_set,
        period="2026/27",
        title="Community frailty service 2026/27",
        team_scoring=True,
    )
    services.raters_add(user=lead, assessment_id=assessment.pk, user_ids=[r.pk for r in raters])
    levels = dict(assessment.rating_scale.levels.values_list("value", "pk"))
    for n, rater in enumerate(raters):
        individuals = IndividualRating.objects.filter(rater__user=rater).order_by(
            "rating__principle__order"
        )
        for p, individual in enumerate(individuals):
            value = LEVELS[(n * 3 + p * 7 + (n * p) % 4) % 5]
            services.individual_rating_update(
                user=rater,
                individual_rating_id=individual.pk,
                expected_version=individual.version,
                answer=services.IndividualRatingInput(
                    level_id=levels[value],
                    not_applicable=False,
                    not_applicable_reason="",
                    rationale=f"Rater {n} saw this at level {value} in case files and visits.",
                ),
            )
        services.rater_finish(user=rater, assessment_id=assessment.pk)
    assessment = services.agreement_open(
        user=lead, assessment_id=assessment.pk, expected_version=assessment.version
    )
    spreads = spreads_for([assessment])[assessment.pk]
    for rating in assessment.ratings.all():
        agreed = 3
        note = ""
        spread = spreads[rating.principle_id]
        if needs_divergence_note(agreed, spread.agreement.median, scale=spread.scale):
            note = "The team agreed 3 after going through the case file audit together."
        assessment_services.rating_update(
            user=lead,
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=assessment_services.RatingInput(
                level_id=levels[agreed],
                not_applicable=False,
                not_applicable_reason="",
                evidence="Agreed at the team's workshop. The audit supports it.",
                divergence_note=note,
            ),
            actions=[],
        )
    assessment.refresh_from_db()
    assessment = assessment_services.assessment_submit(
        user=lead, assessment_id=assessment.pk, expected_version=assessment.version
    )
    assessment = common.sign_off(approver, assessment)
    return assessment, raters[0]


def _measure(assessment, member, rounds: int) -> dict[str, list[float]]:
    from django.test import Client
    from django.urls import reverse

    from assessments.selectors import assessments_for_user
    from reporting.documents import assessment_report_html
    from reporting.pdf import html_to_pdf

    client = Client()
    client.force_login(member)
    code = assessment.ratings.order_by("principle__order")[0].principle.code
    pages = {
        "Trivial page (session and user)": "/trivial/",
        "Agreement page": reverse("consensus:agreement", args=[assessment.pk]),
        "Principle page with the team's ratings": reverse(
            "assessments:principle", args=[assessment.pk, code]
        ),
        "Report page": reverse("assessments:report", args=[assessment.pk]),
    }

    def get(address):
        def run():
            response = client.get(address)
            assert response.status_code == 200, (address, response.status_code)

        return run

    def report_pdf():
        loaded = assessments_for_user(member).select_related("rating_scale").get(pk=assessment.pk)
        pdf = html_to_pdf(assessment_report_html(loaded))
        assert pdf.startswith(b"%PDF")

    cases = {name: get(address) for name, address in pages.items()}
    cases["Report PDF (HTML and WeasyPrint)"] = report_pdf
    for case in cases.values():  # warm up: templates, fonts, caches
        case()
    results: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, case in cases.items():
            started = time.process_time()
            case()
            results[name].append(time.process_time() - started)
    return results


def _print(results: dict[str, list[float]], args) -> None:
    trivial = statistics.median(next(iter(results.values())))
    print(f"Team scoring: {args.raters} raters x 12 principles, {args.rounds} rounds, CPU time")
    print(f"{'Case':<42}{'Median ms':>11}{'Fastest':>9}{'Slowest':>9}{'x trivial':>11}")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"{name:<42}{median * 1000:>11.1f}{min(times) * 1000:>9.1f}"
            f"{max(times) * 1000:>9.1f}{median / trivial:>11.1f}"
        )


if __name__ == "__main__":
    main()
