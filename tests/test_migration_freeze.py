"""Migrating an existing database freezes what its reports show today (issue 10, items 1-3).

Assessments submitted before this release keep the words they were read in (the score
bands as loaded, which the release removes) and their principles' default weights; drafts
get their scale fixed. Runs the real migrations backwards and forwards.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("assessments", "0004_board_ready_and_follow_through"),
    ("principles", "0004_level_descriptors"),
]
AFTER = [
    ("assessments", "0005_frozen_words_and_weights"),
    ("principles", "0005_wording_changed_and_no_score_bands"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _migrated_fully_afterwards():
    """Leave the database fully migrated for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_freezes_the_words_and_default_weights_reports_show(django_user_model):
    """A signed-off assessment keeps the score bands' words and its default weights; a draft
    gets the scale's current levels."""
    apps = migrate(BEFORE)
    ScoreBand = apps.get_model("principles", "ScoreBand")
    for bound, label in ((0, "Low"), (50, "High")):
        ScoreBand.objects.create(slug=label.lower(), label=label, lower_bound=bound)
    scale = apps.get_model("principles", "RatingScale").objects.create(slug="s", name="S")
    for value in (1, 2, 3):
        apps.get_model("principles", "RatingLevel").objects.create(
            scale=scale, value=value, label=f"L{value}", descriptor="."
        )
    principle_set = apps.get_model("principles", "PrincipleSet").objects.create(
        slug="set", title="Set", short_name="Set", jurisdiction="england", publisher="P"
    )
    group = apps.get_model("principles", "PrincipleGroup").objects.create(
        principle_set=principle_set, code="g", order=1, title="G"
    )
    principle = apps.get_model("principles", "Principle").objects.create(
        principle_set=principle_set,
        group=group,
        code="P-1",
        order=1,
        short_title="One",
        statement="be one",
        default_weight=3,
    )
    partnership = apps.get_model("partnerships", "Partnership").objects.create(
        name="P", slug="p", nation="england", default_principle_set=principle_set
    )
    service = apps.get_model("partnerships", "Service").objects.create(
        partnership=partnership, name="S"
    )
    Assessment = apps.get_model("assessments", "Assessment")
    common = {"service": service, "principle_set": principle_set, "rating_scale": scale}
    signed = Assessment.objects.create(
        **common,
        period="2025/26",
        title="Signed",
        state="signed_off",
        frozen_scale_values=[1, 2, 3],
    )
    draft = Assessment.objects.create(**common, period="2026/27", title="Draft")
    Rating = apps.get_model("assessments", "Rating")
    Rating.objects.create(
        assessment=signed, principle=principle, weight=2, frozen_code="P-1", frozen_level_value=2
    )
    Rating.objects.create(assessment=draft, principle=principle, weight=3)

    apps = migrate(AFTER)
    Assessment = apps.get_model("assessments", "Assessment")
    signed, draft = Assessment.objects.get(title="Signed"), Assessment.objects.get(title="Draft")
    assert signed.frozen_bands == [[0, "Low"], [50, "High"]]
    assert draft.frozen_bands is None and draft.frozen_scale_values == [1, 2, 3]
    ratings = apps.get_model("assessments", "Rating").objects
    assert ratings.get(assessment=signed).frozen_default_weight == 3
    assert ratings.get(assessment=draft).frozen_default_weight is None
