"""Raters' names in team scoring reports are frozen at submission, and never an email address.

Where the lead chose to show who wrote each rationale, renaming a rater later never changes
a submitted or signed-off assessment's report page, PDF or spreadsheets; a draft, and an
assessment returned to draft, show the names as they are now. Someone with no name is never
named by their email address. The migration freezes the names of raters of assessments
already submitted, from their names now (accounts keep no history of names).
"""

import csv
import html
import importlib
import io
import re

import pytest
from django.apps import apps
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment
from consensus import services
from consensus.models import Rater
from partnerships.models import Role
from reporting.documents import assessment_report_html
from reporting.pdf import html_to_pdf
from tests import builders
from tests.pdftext import pdf_text
from tests.team_data import agreed_and_submitted, agreement_phase, three_raters

pytestmark = pytest.mark.django_db

SAID = "Priya on NV-02"  # Priya Shah's rationale of the split principle
OLD, NEW = "Priya Shah", "Joanna Pike"


@pytest.fixture
def priya(partnership, people):
    """The three raters; the third is Priya Shah."""
    return three_raters(partnership, people)


@pytest.fixture
def named(service, people, priya):
    """Agreed and submitted, with the lead's choice to show raters' names in reports."""
    submitted = agreed_and_submitted(service, people, priya)
    services.report_rater_names_set(user=people[Role.LEAD], assessment_id=submitted.pk, show=True)
    return builders.reload(assessment=submitted)


@pytest.fixture
def signed(named, people):
    return builders.sign_off(user=people[Role.APPROVER], assessment=named)


def rename(user, *, display_name="", first_name="", last_name="") -> None:
    """As admin saves a user's names."""
    user.refresh_from_db()
    user.display_name, user.first_name, user.last_name = display_name, first_name, last_name
    user.save()


def loaded(assessment) -> Assessment:
    """As the report views load it."""
    return Assessment.objects.select_related(
        "service__partnership", "principle_set", "rating_scale"
    ).get(pk=assessment.pk)


def report_page(client, user, assessment) -> str:
    """The report page's text, without its markup."""
    client.force_login(user)
    response = client.get(reverse("assessments:report", args=[assessment.pk]))
    assert response.status_code == 200
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def said_cells(client, user, assessment) -> tuple[str, str]:
    """The "What team members said" cell of NV-02 in the CSV and in the Excel file."""
    client.force_login(user)
    url = reverse("assessments:export", args=[assessment.pk, "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    in_csv = next(row for row in rows if row["Principle code"] == "NV-02")["What team members said"]
    url = reverse("assessments:export", args=[assessment.pk, "xlsx"])
    values = list(load_workbook(io.BytesIO(client.get(url).content)).active.values)
    header = values[0]
    row = next(row for row in values[1:] if row[header.index("Principle code")] == "NV-02")
    return in_csv, row[header.index("What team members said")]


def test_renaming_a_rater_never_changes_a_signed_off_report(client, people, priya, signed):
    """The report page, the PDF and both spreadsheets name the rater as at submission."""
    before_html = assessment_report_html(loaded(signed))
    rename(priya[2], display_name=NEW)

    page = report_page(client, people[Role.VIEWER], signed)
    assert f"{OLD}: {SAID}" in page and NEW not in page
    document = assessment_report_html(loaded(signed))
    assert document == before_html  # and so the PDF made from it, cached or not
    pdf = " ".join(pdf_text(html_to_pdf(document)).split())
    assert f"{OLD}: {SAID}" in pdf and NEW not in pdf
    for cell in said_cells(client, people[Role.VIEWER], signed):
        assert f"{OLD}: {SAID} (5 – Embedded)" in cell and NEW not in cell


def test_a_submitted_report_keeps_the_name_and_a_returned_one_shows_it_now(
    client, people, priya, named
):
    """Submitted: the name at submission. Returned to draft: the name now, frozen again at
    the next submission."""
    rename(priya[2], display_name=NEW)
    assert f"{OLD}: {SAID}" in report_page(client, people[Role.VIEWER], named)

    returned = builders.return_(user=people[Role.LEAD], assessment=named)
    assert Rater.objects.get(assessment=returned, user=priya[2]).frozen_name is None
    assert f"{NEW}: {SAID}" in report_page(client, people[Role.VIEWER], returned)

    resubmitted = builders.submit(user=people[Role.LEAD], assessment=returned)
    rename(priya[2], display_name="Someone Else")
    assert f"{NEW}: {SAID}" in report_page(client, people[Role.VIEWER], resubmitted)


def test_a_rater_with_no_name_is_never_named_by_their_email_address(client, people, priya, service):
    """A draft's report leaves the name out; submitted without a name, it stays without one
    after the person is given a name."""
    draft = agreement_phase(service, people, priya)
    rename(priya[2])
    email = priya[2].email
    services.report_rater_names_set(user=people[Role.LEAD], assessment_id=draft.pk, show=True)
    page = report_page(client, people[Role.VIEWER], draft)
    assert SAID in page and email not in page

    builders.complete(user=people[Role.LEAD], assessment=draft, value=3)
    signed = builders.sign_off(
        user=people[Role.APPROVER],
        assessment=builders.submit(user=people[Role.LEAD], assessment=draft),
    )
    assert Rater.objects.get(assessment=signed, user=priya[2]).frozen_name == ""
    rename(priya[2], display_name=NEW)
    pdf = " ".join(pdf_text(html_to_pdf(assessment_report_html(loaded(signed)))).split())
    assert SAID in pdf and email not in pdf and NEW not in pdf
    for cell in said_cells(client, people[Role.VIEWER], signed):
        assert SAID in cell and email not in cell and NEW not in cell


def migrate_data() -> None:
    """The migration's data step, run on the database as it is."""
    migration = importlib.import_module("consensus.migrations.0002_rater_frozen_name")
    migration.freeze_names(apps, None)


def test_the_migration_freezes_the_names_of_submitted_assessments_raters_only(
    client, people, priya, signed, service
):
    """Signed off before the release: the names as they are now, which its report showed
    until then, and from then on never changed. A draft's raters are left to read theirs."""
    draft = agreement_phase(service, people, priya, period="2027/28")
    Rater.objects.update(frozen_name=None)  # as before the migration
    rename(priya[0])  # no name: not frozen as the email address
    rename(priya[2], display_name=NEW)

    migrate_data()

    frozen = dict(Rater.objects.filter(assessment=signed).values_list("user", "frozen_name"))
    assert frozen[priya[0].pk] == "" and frozen[priya[2].pk] == NEW
    assert not Rater.objects.filter(assessment=draft, frozen_name__isnull=False).exists()
    rename(priya[2], display_name="Someone Else")
    assert f"{NEW}: {SAID}" in report_page(client, people[Role.VIEWER], signed)
