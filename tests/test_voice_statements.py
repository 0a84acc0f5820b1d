"""The statements people answer on the feedback form: one per shipped principle, plain English."""

import importlib
import re

import pytest

from principles.models import Principle

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("principles.migrations.0002_principle_feedback_statement")
FIRST_PERSON = re.compile(r"\b(I|[Mm]e|[Mm]y|[Oo]ur)\b")


def _syllables(word: str) -> int:
    """A rough count (vowel groups, less a silent final e): enough to compare texts."""
    word = word.lower().strip(",.")
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(1, count)


def _grade(text: str) -> float:
    """Flesch-Kincaid grade of one sentence (UK reading age is about the grade plus 5)."""
    words = text.split()
    syllables = sum(_syllables(word) for word in words)
    return 0.39 * len(words) + 11.8 * syllables / len(words) - 15.59


def test_every_shipped_principle_has_a_feedback_statement(principle_sets):
    """All 24 principles of the two shipped sets have a statement for people to answer."""
    principles = Principle.objects.filter(
        principle_set__slug__in=["national-voices", "scotland-integration-principles"]
    )
    assert principles.count() == 24
    assert [p.code for p in principles if not p.feedback_statement.strip()] == []


def test_statements_are_short_plain_and_in_the_first_person(principle_sets):
    """Each statement is one short first-person sentence, readable at about age 9 on average."""
    statements = list(Principle.objects.values_list("feedback_statement", flat=True))
    for text in statements:
        assert FIRST_PERSON.search(text), text
        assert len(text.split()) <= 20, text
        assert not text.endswith("."), text
    average = sum(_grade(text) for text in statements) / len(statements)
    assert average <= 5, average


def test_statements_differ_from_the_published_text(principle_sets):
    """The statements are ours, never a copy of the published principle."""
    for principle in Principle.objects.all():
        assert principle.feedback_statement.lower() != principle.statement.lower()


def test_the_migration_fills_in_the_same_statements_as_the_fixtures(principle_sets):
    """Databases loaded before the field existed get exactly the shipped statements."""
    shipped = {
        (p.principle_set.slug, p.code): p.feedback_statement
        for p in Principle.objects.select_related("principle_set")
    }
    from_migration = {
        (slug, code): text
        for slug, by_code in MIGRATION.STATEMENTS.items()
        for code, text in by_code.items()
    }
    assert from_migration == shipped


def test_the_migration_fills_only_blank_statements(principle_sets):
    """An admin's own wording is kept; a blank statement gets the shipped one."""
    from django.apps import apps

    Principle.objects.filter(code="NV-01").update(feedback_statement="Our own wording")
    Principle.objects.filter(code="NV-02").update(feedback_statement="")
    MIGRATION.fill_statements(apps, None)
    assert Principle.objects.get(code="NV-01").feedback_statement == "Our own wording"
    assert (
        Principle.objects.get(code="NV-02").feedback_statement
        == MIGRATION.STATEMENTS["national-voices"]["NV-02"]
    )
