"""A principle set's own words (title, short name, main purpose) are frozen at submission.

An admin's later edit to the set never changes a submitted or signed-off assessment's
report page, PDF, spreadsheet or sign-off page; a draft, and an assessment returned to
draft, show the set as it is now. The migration freezes them for assessments already
submitted, from the set's history.
"""

import csv
import html
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from assessments.models import Assessment
from partnerships.models import Role
from principles.models import PrincipleSet
from reporting.documents import assessment_report_html
from reporting.pdf import html_to_pdf
from tests import builders
from tests.factories import ServiceFactory
from tests.pdftext import pdf_text
from tests.test_signed_off_is_final import admin_post_data

pytestmark = pytest.mark.django_db

OLD_PURPOSE = "The main purpose of joined-up care is a good life at home."
NEW = {
    "title": "Renamed principles for joined care",
    "short_name": "Renamed Voices",
    "main_purpose": "The main purpose is whatever the admin typed last.",
}


def national_voices() -> PrincipleSet:
    return PrincipleSet.objects.get(slug="national-voices")


@pytest.fixture
def old_words(principle_sets):
    """National Voices with a main purpose, saved (with history) before anything is submitted;
    its title and short name as shipped."""
    principle_set = national_voices()
    principle_set.main_purpose = OLD_PURPOSE
    principle_set.save()
    return {
        "title": principle_set.title,
        "short_name": principle_set.short_name,
        "main_purpose": OLD_PURPOSE,
    }


@pytest.fixture
def signed(old_words, signed_off):
    """The signed-off assessment, submitted after National Voices was given its purpose."""
    return signed_off


@pytest.fixture
def admin_edit(admin_client_user):
    """``admin_edit(**changes)``: the set's admin change page saved with ``changes`` (and
    its "changed successfully" message read, so the next page does not show it)."""

    def edit(**changes):
        url = reverse("admin:principles_principleset_change", args=[national_voices().pk])
        data = admin_post_data(admin_client_user.get(url), **changes)
        response = admin_client_user.post(url, data, follow=True)
        assert response.redirect_chain and response.status_code == 200
        saved = national_voices()
        assert all(getattr(saved, name) == value for name, value in changes.items())

    return edit


def loaded(assessment) -> Assessment:
    """As the report views load it."""
    return Assessment.objects.select_related(
        "service__partnership", "principle_set", "rating_scale"
    ).get(pk=assessment.pk)


def page(client, user, name, assessment) -> str:
    client.force_login(user)
    response = client.get(reverse(f"assessments:{name}", args=[assessment.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def shows(text: str, words: dict) -> bool:
    return all(value in text for value in words.values())


def shows_none_of(text: str, words: dict) -> bool:
    return not any(value in text for value in words.values())


def test_an_admin_edit_to_the_set_leaves_the_signed_off_report_page_unchanged(
    signed, old_words, admin_edit, client, people
):
    """The report page keeps the set's title, short name and main purpose as submitted."""
    admin_edit(**NEW)
    text = page(client, people[Role.VIEWER], "report", signed)
    assert f"{old_words['title']} ({old_words['short_name']})" in text
    assert f"Scores against {old_words['short_name']} are never added" in text
    assert OLD_PURPOSE in text
    assert shows_none_of(text, NEW)


def test_the_task_list_and_a_principle_page_keep_the_set_as_submitted(
    signed, old_words, admin_edit, client, people
):
    """"Assessed against" and the main purpose above each principle read as submitted."""
    admin_edit(**NEW)
    overview = page(client, people[Role.VIEWER], "overview", signed)
    assert f"{old_words['title']}</a> ({old_words['short_name']})" in overview
    client.force_login(people[Role.VIEWER])
    url = reverse("assessments:principle", args=[signed.pk, "NV-01"])
    principle = html.unescape(client.get(url).content.decode())
    assert OLD_PURPOSE in principle and NEW["main_purpose"] not in principle


def test_an_admin_edit_to_the_set_leaves_the_signed_off_pdf_unchanged(
    signed, old_words, admin_edit
):
    """The PDF's text and its description keep the set's words as submitted."""
    admin_edit(**NEW)
    document = assessment_report_html(loaded(signed))
    text = pdf_text(html_to_pdf(document))
    assert f"{old_words['title']} ({old_words['short_name']})" in text
    assert f"Scores against {old_words['short_name']} are never added" in text
    assert OLD_PURPOSE in text
    assert shows_none_of(text, NEW)
    assert f"against {old_words['title']}, 2026/27" in html.unescape(document)
    assert shows_none_of(html.unescape(document), NEW)


def test_an_admin_edit_to_the_set_leaves_the_signed_off_spreadsheet_unchanged(
    signed, old_words, admin_edit, client, people
):
    """Every CSV row names the set as it was at submission."""
    admin_edit(**NEW)
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:export", args=[signed.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 12
    assert {row["Principle set"] for row in rows} == {old_words["title"]}


def test_a_main_purpose_added_after_sign_off_is_not_shown(signed_off, admin_edit, client, people):
    """A set with no main purpose at submission gets none in the report when one is added."""
    admin_edit(main_purpose=NEW["main_purpose"])
    assert NEW["main_purpose"] not in page(client, people[Role.VIEWER], "report", signed_off)
    text = pdf_text(html_to_pdf(assessment_report_html(loaded(signed_off))))
    assert NEW["main_purpose"] not in text


def test_the_sign_off_page_names_the_set_as_submitted(
    old_words, submitted, admin_edit, client, people
):
    """The approver signs off what was submitted: the set's title and short name then."""
    admin_edit(**NEW)
    text = page(client, people[Role.APPROVER], "sign_off", submitted)
    assert f"{old_words['title']} ({old_words['short_name']})" in text
    assert shows_none_of(text, NEW)


def test_a_draft_shows_the_edited_set_while_a_signed_off_one_does_not(
    signed, old_words, admin_edit, client, people
):
    """Against the same set, a draft's report shows the admin's new words, the signed-off
    one's the old."""
    draft = builders.start(
        user=people[Role.LEAD], service=ServiceFactory(partnership=signed.service.partnership)
    )
    admin_edit(**NEW)
    viewer = people[Role.VIEWER]
    draft_text = page(client, viewer, "report", draft)
    assert shows(draft_text, NEW)
    assert f"Scores against {NEW['short_name']} are never" in draft_text
    assert shows(page(client, viewer, "report", signed), old_words)


def test_returning_to_draft_unfreezes_the_set_words(
    old_words, submitted, admin_edit, client, people
):
    """Submitted, the report keeps the old words; returned to draft it shows the new ones."""
    admin_edit(**NEW)
    viewer = people[Role.VIEWER]
    assert shows_none_of(page(client, viewer, "report", submitted), NEW)

    builders.return_(user=people[Role.APPROVER], assessment=submitted)
    returned = builders.reload(assessment=submitted)
    assert (returned.frozen_set_title, returned.frozen_set_main_purpose) == ("", "")
    assert shows(page(client, viewer, "report", returned), NEW)


def test_resubmitting_freezes_the_set_words_as_they_are_then(
    old_words, submitted, admin_edit, people
):
    """A returned draft submitted again freezes the set's words at the new submission."""
    builders.return_(user=people[Role.APPROVER], assessment=submitted)
    admin_edit(**NEW)
    resubmitted = builders.submit(user=people[Role.LEAD], assessment=submitted)
    admin_edit(title="Renamed once more")
    assert tuple(builders.reload(assessment=resubmitted).set_text) == tuple(NEW.values())


def migrate_data() -> None:
    """The migration's data step, run on the database as it is."""
    migration = importlib.import_module("assessments.migrations.0008_frozen_set_text")
    migration.freeze_set_text(apps, None)


def _unfrozen(*assessments) -> None:
    """As before the migration: nothing of the set frozen."""
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        frozen_set_title="", frozen_set_short_name="", frozen_set_main_purpose=""
    )


def test_the_migration_freezes_the_set_as_it_was_at_submission(
    signed, old_words, admin_edit, people
):
    """A signed-off assessment gets the set's words from its history at ``submitted_at``;
    a draft is left to read the set."""
    draft = builders.start(
        user=people[Role.LEAD], service=ServiceFactory(partnership=signed.service.partnership)
    )
    admin_edit(**NEW)
    _unfrozen(signed)

    migrate_data()

    assert tuple(builders.reload(assessment=signed).set_text) == tuple(old_words.values())
    draft = builders.reload(assessment=draft)
    assert not draft.set_text_is_frozen and tuple(draft.set_text) == tuple(NEW.values())


def test_the_migration_takes_the_current_words_when_no_history_is_that_old(submitted, admin_edit):
    """Submitted before the set's first history record: the set's words as they are now,
    which its report showed until this release."""
    admin_edit(**NEW)
    _unfrozen(submitted)
    Assessment.objects.filter(pk=submitted.pk).update(submitted_at="2020-01-01T00:00:00Z")

    migrate_data()

    assessment = builders.reload(assessment=submitted)
    assert assessment.set_text_is_frozen
    assert tuple(assessment.set_text) == tuple(NEW.values())
