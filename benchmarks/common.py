"""What the benchmarks share: a throwaway database, realistic data, and CPU timing.

Every benchmark builds its own data in a database it creates and deletes (a SQLite file
in a temporary folder, or ``test_<name>`` on a PostgreSQL server), never the developer's.
The first assessment of a partnership is made through the app's own services, so it is
realistic (frozen text, history, 600 to 1,200 characters of evidence, actions); the rest
are bulk copies of it, so that 100 services or 24,000 rows take seconds to build.
Times are CPU seconds of this process (``time.process_time``), which a busy machine
disturbs much less than wall-clock time; each benchmark also measures a reference in
the same run (a trivial view, Chromium printing the same HTML...) and prints ratios.
"""

import datetime
import logging
import os
import secrets
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
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
DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


def setup_django(tmp: Path, *, postgres_url: str | None = None, debug: bool = True) -> None:
    """Point Django at a new empty database, migrate it and load the published sets.

    With ``debug`` off the settings are production's (cached templates, no query log),
    with static files served without the collected manifest, as in the tests.
    """
    name = f"benchmark_{secrets.token_hex(4)}"
    os.environ["DATABASE_URL"] = (
        f"{postgres_url.rstrip('/').rsplit('/', 1)[0]}/{name}"
        if postgres_url
        else f"sqlite:///{tmp / 'benchmark.sqlite3'}"
    )
    os.environ["DJANGO_DEBUG"] = "true" if debug else "false"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(40))
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "false"
    os.environ["DJANGO_SECURE_COOKIES"] = "false"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["DJANGO_VAR_DIR"] = str(tmp)  # emails written in development stay in tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "integrated_care.settings")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT))
    import django
    from django.test.utils import override_settings

    django.setup()
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        # Nothing runs in the background while data is built; benchmarks run tasks themselves.
        TASKS=DUMMY_TASKS,
    ).enable()
    from django.core.management import call_command
    from django.db import connection

    from principles.services import principle_fixtures_load_missing

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    if postgres_url:
        connection.creation.create_test_db(verbosity=0, serialize=False)
    else:
        call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    principle_fixtures_load_missing()


def teardown_django(postgres_url: str | None) -> None:
    """Drop the PostgreSQL database the run made (a SQLite file goes with its folder)."""
    if postgres_url:
        from django.conf import settings
        from django.db import connection

        connection.creation.destroy_test_db(
            settings.DATABASES["default"]["NAME"].removeprefix("test_"), verbosity=0
        )


def evidence(seed: int) -> str:
    """600 to 1,200 characters of plausible evidence, the same on every run."""
    target = 600 + (seed * 97) % 601
    text = ""
    index = seed
    while len(text) < target:
        text += SENTENCES[index % len(SENTENCES)] + " "
        index += 3
    return text[:target].rsplit(" ", 1)[0] + "."


def level(service: int, principle: int) -> int:
    """A level from 1 to 5 that varies between services and principles, not at random."""
    return 1 + (service * 3 + principle * 7 + (service * principle) % 4) % 5


def made_up_set(principles: int, groups: int):
    """A principle set of any size (the published ones have 12), for scaling runs."""
    from principles.models import Principle, PrincipleGroup, PrincipleSet

    slug = f"made-up-{principles}"
    principle_set = PrincipleSet.objects.create(
        slug=slug,
        title=f"Made-up principles ({principles})",
        short_name=f"Made-up {principles}",
        jurisdiction="england",
        publisher="Benchmark",
    )
    group_objects = [
        PrincipleGroup.objects.create(
            principle_set=principle_set, code=f"g{g}", order=g, title=f"Section {g}"
        )
        for g in range(1, groups + 1)
    ]
    Principle.objects.bulk_create(
        Principle(
            principle_set=principle_set,
            group=group_objects[(n - 1) * groups // principles],
            code=f"MU-{n:03d}",
            order=n,
            short_title=f"Principle {n}",
            statement=f"we are asked about principle number {n} of this made-up set",
            guidance=f"How well does the service meet principle {n}?",
            default_weight=1 + n % 3,
        )
        for n in range(1, principles + 1)
    )
    return principle_set


def partnership_with_people(slug: str, principle_set):
    """A partnership and a lead, an approver and a viewer in it."""
    from django.contrib.auth import get_user_model

    from partnerships.models import Membership, Partnership, Role
    from principles.models import Nation

    partnership = Partnership.objects.create(
        name=f"Benchmark {slug} Health and Wellbeing Board",
        slug=slug,
        nation=Nation.ENGLAND,
        default_principle_set=principle_set,
    )
    people = {}
    for role in (Role.LEAD, Role.APPROVER, Role.VIEWER):
        people[role] = get_user_model().objects.create_user(
            username=f"{slug}-{role}", email=f"{slug}-{role}@example.org"
        )
        Membership.objects.create(user=people[role], partnership=partnership, role=role)
    return partnership, people


def add_services(partnership, count: int) -> list:
    from partnerships.models import Service

    return Service.objects.bulk_create(
        Service(
            partnership=partnership,
            name=f"Community service {n + 1:03d}",
            care_group="Older people" if n % 2 else "Adults",
            description="A service used to measure how long pages take.",
        )
        for n in range(count)
    )


def rate_all(assessment, lead, seed: int) -> None:
    """Rate every principle through the app's services, with evidence and some actions."""
    from assessments.services import ActionInput, RatingInput, rating_update

    level_ids = dict(assessment.rating_scale.levels.values_list("value", "pk"))
    ratings = assessment.ratings.select_related("principle").order_by("principle__order")
    for index, rating in enumerate(ratings):
        actions = [
            ActionInput(
                id=None,
                description=f"{SENTENCES[(seed + index + k) % len(SENTENCES)]} Next step {k}.",
                owner="Service manager",
                due_date=datetime.date(2027, 1 + index % 12, 1 + k),
                status=("proposed", "agreed", "in_progress", "completed")[(seed + k) % 4],
            )
            for k in range(1 + (seed + index) % 2)
        ]
        rating_update(
            user=lead,
            rating_id=rating.pk,
            expected_version=rating.version,
            answer=RatingInput(
                level_id=level_ids[level(seed, index)],
                not_applicable=False,
                not_applicable_reason="",
                evidence=evidence(seed + index),
            ),
            actions=actions if index % 4 == 1 else [],  # a quarter of principles with actions
        )


def signed_off(service, principle_set, people, *, period="2026/27", seed=0):
    """A signed-off assessment of ``service``, made through the app's services."""
    from assessments.services import assessment_start
    from partnerships.models import Role

    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    assessment = assessment_start(
        user=lead,
        service=service,
        principle_set=principle_set,
        period=period,
        title=f"{service.name} {period}",
    )
    rate_all(assessment, lead, seed)
    assessment.refresh_from_db()
    # Page one of the report: the lead's summary, the board's ask, and why each weak
    # principle without an action needs none (required to submit).
    from actions.demo import board_summary_create, demo_submit

    assessment = board_summary_create(lead=lead, assessment=assessment)
    assessment = demo_submit(lead=lead, assessment=assessment)
    return sign_off(approver, assessment, seed=seed)


def sign_off(approver, assessment, *, seed=0):
    """``assessment`` (submitted) approved by the benchmark's board, minute HWB 2027/<seed + 1>."""
    from assessments.services import assessment_sign_off

    return assessment_sign_off(
        user=approver,
        assessment_id=assessment.pk,
        expected_version=assessment.version,
        body="Benchmark Health and Wellbeing Board",
        decision="approved",
        decision_date=datetime.date(2027, 3, 4),
        minute_reference=f"HWB 2027/{seed + 1}",
    )


def copies(template, targets: list[tuple]) -> list:
    """Bulk copies of ``template`` (its ratings and actions too) for each (service, period).

    Levels are shifted per copy so services differ; no history rows are written.
    """
    from assessments.models import Assessment, ImprovementAction, Rating

    ratings = list(template.ratings.order_by("pk"))
    actions = list(ImprovementAction.objects.filter(rating__assessment=template).order_by("pk"))
    levels = list(template.rating_scale.levels.order_by("value"))
    made = []
    for service, period in targets:
        copy = Assessment.objects.get(pk=template.pk)
        copy.pk = None
        copy.service, copy.period, copy.title = service, period, f"{service.name} {period}"
        made.append(copy)
    made = Assessment.objects.bulk_create(made)
    new_ratings = []
    for number, copy in enumerate(made):
        for index, rating in enumerate(ratings):
            clone = _copy(rating)
            clone.assessment_id = copy.pk
            chosen = levels[level(number + 1, index) - 1]
            clone.level_id, clone.frozen_level_value = chosen.pk, chosen.value
            clone.frozen_level_label = chosen.label
            new_ratings.append(clone)
    new_ratings = Rating.objects.bulk_create(new_ratings, batch_size=2000)
    by_old = {r.pk: i for i, r in enumerate(ratings)}
    new_actions = []
    for number in range(len(made)):
        for action in actions:
            clone = _copy(action)
            clone.rating_id = new_ratings[number * len(ratings) + by_old[action.rating_id]].pk
            new_actions.append(clone)
    ImprovementAction.objects.bulk_create(new_actions, batch_size=2000)
    return made


def _copy(instance):
    clone = type(instance)()
    clone.__dict__.update({k: v for k, v in instance.__dict__.items() if k != "_state"})
    clone.pk = None
    return clone


@contextmanager
def tasks_run_in_process():
    """Within the block, background tasks run at once in this process (no worker)."""
    from django.test.utils import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    ):
        yield


def cpu(make: Callable[[], object]) -> tuple[float, float, object]:
    """(CPU seconds, wall seconds, result) of one call."""
    started_cpu, started = time.process_time(), time.perf_counter()
    result = make()
    return time.process_time() - started_cpu, time.perf_counter() - started, result


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def print_table(header: tuple, rows: list[tuple]) -> None:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells))
