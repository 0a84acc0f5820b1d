"""The service's name and care group and the partnership's name are frozen at submission.

Renaming them in admin later never changes a submitted or signed-off assessment's report
page, PDF, spreadsheet or download names, nor its service's name in the board pack; a
draft, and an assessment returned to draft, show the names as they are now. The migration
freezes them for assessments already submitted, from the records' history.
"""

import csv
import html
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from assessments.models import Assessment
from partnerships.models import Partnership, Role
from principles.models import PrincipleSet
from reporting.board_pack import build_board_pack
from reporting.documents import (
    assessment_report_filename,
    assessment_report_html,
    board_pack_html,
)
from reporting.pdf import html_to_pdf
from tests import builders
from tests.board_pack_data import pack_url
from tests.pdftext import pdf_pages

pytestmark = pytest.mark.django_db

OLD = {
    "service": "Hospital discharge to assess",
    "care_group": "Older people",
    "partnership": "Riverside Health and Wellbeing Board",
}
NEW = {
    "service": "Home first renamed",
    "care_group": "Adults renamed",
    "partnership": "Renamed Partnership Board",
}


@pytest.fixture
def rename(service):
    """``rename()``: the service, its care group and its partnership renamed, and saved with
    their history, as admin saves them."""

    def rename_now(**names):
        names = {**NEW, **names}
        service.refresh_from_db()
        service.name, service.care_group = names["service"], names["care_group"]
        service.save()
        service.partnership.name = names["partnership"]
        service.partnership.save()

    service.care_group = OLD["care_group"]
    service.save()
    return rename_now


@pytest.fixture
def signed(rename, signed_off):
    """The signed-off assessment of the service, named as ``OLD`` when it was submitted."""
    return signed_off


def loaded(assessment) -> Assessment:
    """As the report views load it."""
    return Assessment.objects.select_related(
        "service__partnership", "principle_set", "rating_scale"
    ).get(pk=assessment.pk)


def get(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response


def report_page(client, user, assessment) -> str:
    response = get(client, user, reverse("assessments:report", args=[assessment.pk]))
    return html.unescape(response.content.decode())


def csv_download(client, user, assessment) -> tuple[list[dict], str]:
    """The answers as CSV: the rows and the file name."""
    response = get(client, user, reverse("assessments:export", args=[assessment.pk, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows, response["Content-Disposition"].split("filename=")[1].strip('"')


def shows_none_of(text: str, names: dict) -> bool:
    return not any(name in text for name in names.values())


def test_renaming_leaves_the_signed_off_report_page_unchanged(signed, rename, client, people):
    """The report page's heading names the service as it was at submission."""
    rename()
    text = report_page(client, people[Role.VIEWER], signed)
    assert f"{OLD['service']}, 2026/27" in text
    assert shows_none_of(text, NEW)


def test_renaming_leaves_the_signed_off_pdf_unchanged(signed, rename):
    """Page one's partnership (the running footer), service and care group, and the PDF's
    author and description, are as submitted; the HTML, and so the cached PDF, is the same."""
    before = assessment_report_html(loaded(signed))
    rename()
    document = assessment_report_html(loaded(signed))
    assert document == before
    assert f'<meta name="author" content="{OLD["partnership"]}">' in document
    pages = pdf_pages(html_to_pdf(document))
    assert f"Service: {OLD['service']} ({OLD['care_group']})" in pages[0]
    assert all(OLD["partnership"] in page for page in pages)  # each page's running footer
    assert shows_none_of(" ".join(pages), NEW)


def test_renaming_leaves_the_signed_off_spreadsheet_and_file_names_unchanged(
    signed, rename, client, people
):
    """Every CSV row's partnership and service, and the download names, are as submitted,
    with the set's short name as submitted too."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    national_voices.short_name = "Renamed Voices"
    national_voices.save()
    rename()
    rows, filename = csv_download(client, people[Role.VIEWER], signed)
    assert len(rows) == 12
    assert {(row["Partnership"], row["Service"]) for row in rows} == {
        (OLD["partnership"], OLD["service"])
    }
    stem = "hospital-discharge-to-assess-national-voices-2026-27"
    assert filename == f"{stem}-answers-signed-off-2027-03-03.csv"
    assert assessment_report_filename(loaded(signed)) == (
        f"{stem}-report-signed-off-2027-03-03.pdf"
    )


def test_the_board_pack_names_the_service_as_signed_off_and_the_partnership_as_now(
    signed, rename, client, people
):
    """The pack is made today, so its heading has the partnership's name now; the signed-off
    assessment's service keeps the name it had when it was submitted."""
    rename()
    response = get(client, people[Role.VIEWER], pack_url(signed.service.partnership))
    assert [s.service.name for s in response.context["pack"].services] == [OLD["service"]]
    text = html.unescape(response.content.decode())
    assert f'<span class="govuk-caption-l">{NEW["partnership"]}</span>' in text
    assert NEW["service"] not in text
    partnership = Partnership.objects.get(pk=signed.service.partnership_id)  # as renamed
    printed = html.unescape(board_pack_html(build_board_pack(partnership, signed.principle_set)))
    assert f'<p class="caption doc-partnership">{NEW["partnership"]}</p>' in printed
    assert f"<h3>{OLD['service']}</h3>" in printed and NEW["service"] not in printed


def test_a_draft_shows_the_new_names(draft, rename, client, people):
    """A draft's report page, spreadsheet and file names read the names as they are now."""
    rename()
    viewer = people[Role.VIEWER]
    assert f"{NEW['service']}, 2026/27" in report_page(client, viewer, draft)
    rows, filename = csv_download(client, viewer, draft)
    assert {(row["Partnership"], row["Service"]) for row in rows} == {
        (NEW["partnership"], NEW["service"])
    }
    assert filename.startswith("home-first-renamed-national-voices-2026-27-answers-draft-")
    assert "Adults renamed" in assessment_report_html(loaded(draft))


def test_returning_unfreezes_the_names_and_resubmitting_takes_the_new_ones(
    rename, submitted, client, people
):
    """Returned to draft, the report reads the new names; submitted again, it keeps those
    through a later rename."""
    rename()
    viewer = people[Role.VIEWER]
    assert shows_none_of(report_page(client, viewer, submitted), NEW)

    builders.return_(user=people[Role.APPROVER], assessment=submitted)
    returned = builders.reload(assessment=submitted)
    assert [getattr(returned, f) for f in Assessment.FROZEN_NAME_FIELDS] == ["", "", ""]
    assert f"{NEW['service']}, 2026/27" in report_page(client, viewer, returned)

    builders.submit(user=people[Role.LEAD], assessment=returned)
    rename(service="Renamed once more", partnership="Renamed once more board")
    assert tuple(loaded(submitted).names) == tuple(NEW.values())
    assert f"{NEW['service']}, 2026/27" in report_page(client, viewer, submitted)


def migrate_data() -> None:
    """The migration's data step, run on the database as it is."""
    migration = importlib.import_module("assessments.migrations.0009_frozen_service_names")
    migration.freeze_names(apps, None)


def _unfrozen(*assessments) -> None:
    """As before the migration: no names frozen."""
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(
        **dict.fromkeys(Assessment.FROZEN_NAME_FIELDS, "")
    )


def test_the_migration_freezes_the_names_as_they_were_at_submission(signed, rename, people):
    """A signed-off assessment gets the names from the history at ``submitted_at``; a draft
    is left to read them live."""
    draft = builders.start(user=people[Role.LEAD], service=signed.service, period="2027/28")
    rename()
    _unfrozen(signed)

    migrate_data()

    assert tuple(loaded(signed).names) == tuple(OLD.values())
    draft = loaded(draft)
    assert draft.frozen_service_name == "" and tuple(draft.names) == tuple(NEW.values())


def test_the_migration_takes_the_current_names_when_no_history_is_that_old(submitted, rename):
    """Submitted before the first history record: the names as they are now, which its
    report showed until this release."""
    rename()
    _unfrozen(submitted)
    Assessment.objects.filter(pk=submitted.pk).update(submitted_at="2020-01-01T00:00:00Z")

    migrate_data()

    assert tuple(loaded(submitted).names) == tuple(NEW.values())
