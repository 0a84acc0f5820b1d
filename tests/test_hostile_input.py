"""Inputs a probe of every URL found answering 500 or slipping past a rule: each has a clear
answer now. tests/test_fuzz.py keeps sending each kind of input to every form and URL."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from assessments.errors import RefusedError
from assessments.forms import StartAssessmentForm
from assessments.models import Assessment
from assessments.rules import validate_period
from partnerships.models import Role
from tests.builders import rate, start
from tests.formtools import codes

pytestmark = pytest.mark.django_db

# The control characters openpyxl refuses in a cell (C0 controls other than tab, line feed
# and carriage return), less null (refused by the forms) and the two that are line breaks:
# Word's manual line break pastes as a vertical tab (\x0b), its page break as a form feed.
SPREADSHEET_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r\x00\x0b\x0c")


# 19. Control characters in spreadsheets ------------------------------------------------------


def _xlsx_cells(content: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]


def test_both_spreadsheets_download_with_control_characters_in_evidence(client, people, draft):
    """Evidence pasted with a vertical tab (Word's line break) or another control character
    downloads as a spreadsheet for every member: a line break for \\v and \\f, nothing else."""
    rate(
        user=people[Role.LEAD],
        assessment=draft,
        code="NV-01",
        evidence=f"First line\x0bsecond line\x0cthird{SPREADSHEET_CONTROLS}end",
    )
    partnership = draft.service.partnership
    urls = [
        reverse("assessments:export", args=[draft.pk, "xlsx"]),
        reverse(
            "assessments:partnership_export",
            args=[partnership.slug, draft.principle_set.slug, "xlsx"],
        ),
    ]
    for role in Role.values:
        client.force_login(people[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            cells = _xlsx_cells(response.content)
            assert "First line\nsecond line\nthirdend" in cells, url


def test_the_csv_keeps_what_was_typed(client, people, draft):
    """The CSV is plain text: it keeps the characters as typed (only spreadsheets refuse them)."""
    rate(user=people[Role.LEAD], assessment=draft, code="NV-01", evidence="a\x0bb")
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:export", args=[draft.pk, "csv"]))
    assert response.status_code == 200
    assert "a\x0bb" in response.content.decode("utf-8")


# 20. A null character in an address ----------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/assessments/{pk}/principles/NV-01%00/",
        "/assessments/{pk}/principles/%00/",
        "/assessments/{pk}/answers.csv%00",
        "/principles/national-voices%00/",
        "/invitations/abc%00def/",
        "/%00/",
    ],
)
def test_a_null_character_in_the_address_is_page_not_found(client, people, draft, path):
    """An address with a null character (which PostgreSQL cannot compare) is "Page not found"."""
    client.force_login(people[Role.LEAD])
    response = client.get(path.format(pk=draft.pk))
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


# 21. Digits that are not 0 to 9 in ?service= ---------------------------------------------------


@pytest.mark.parametrize("value", ["\u00b2", "\u0662", "\u0b6b", "\uff11", "9" * 40, "-1", "1.0"])
def test_a_service_that_is_not_a_plain_number_is_ignored(client, people, draft, value):
    """The start page ignores ?service= unless it is a plain number (² passes isdigit())."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("assessments:start"), {"service": value})
    assert response.status_code == 200
    assert "Start an assessment" in response.content.decode()


def test_a_plain_service_number_is_still_preselected(client, people, service):
    """?service=<id> still preselects the lead's service."""
    client.force_login(people[Role.LEAD])
    response = client.get(reverse("assessments:start"), {"service": str(service.pk)})
    assert response.context["form"].initial["service"] == service.pk


# 22. A very long username at sign-in -------------------------------------------------------------


@pytest.mark.parametrize("length", [255, 256, 1000, 6000])
def test_a_very_long_email_address_gets_an_error_not_a_server_error(client, settings, length):
    """Sign-in answers a username of any length with a clear error; django-axes stores
    nothing it cannot hold (its username column has 255 characters)."""
    settings.AXES_ENABLED = True
    response = client.post(reverse("login"), {"username": "a" * length, "password": "x"})
    assert response.status_code == 200
    assert "Email address must be 254 characters or fewer" in response.content.decode()
    assert codes(response.context["form"], "username") == ["max_length"]


def test_a_very_long_username_at_the_admin_sign_in_is_counted_not_a_server_error(client, settings):
    """Django admin's own sign-in form has no length limit: the lockout counts the first
    255 characters, so a long username is refused, counted and never a server error."""
    from axes.models import AccessAttempt

    settings.AXES_ENABLED = True
    response = client.post(
        reverse("admin:login"), {"username": "b" * 3000, "password": "x", "next": "/admin/"}
    )
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "b" * 255


# 23. Three identical start posts at once: tests/test_concurrency.py ------------------------------


def test_a_start_refused_as_a_duplicate_lands_on_the_assessment_that_exists(
    client, people, service, monkeypatch
):
    """When the service finds the assessment already started (by a post a moment earlier,
    after this one's form was checked), the lead lands on it, told no second one started."""
    from django import forms

    from assessments.forms import start as start_form
    from assessments.services import assessment_start

    existing = start(user=people[Role.LEAD], service=service, period="2026/27")
    with pytest.raises(RefusedError) as refused:
        assessment_start(
            user=people[Role.LEAD],
            service=service,
            principle_set=existing.principle_set,
            period="2026/27",
            title="Again",
        )
    assert refused.value.code == "duplicate"

    # As if the form had been checked before the first post committed.
    monkeypatch.setattr(start_form.StartAssessmentForm, "clean", forms.Form.clean)
    client.force_login(people[Role.LEAD])
    response = client.post(
        reverse("assessments:start"),
        {
            "service": str(service.pk),
            "principle_set": str(existing.principle_set_id),
            "period": "2026/27",
            "title": "Again",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("assessments:overview", args=[existing.pk])
    assert "so no new one was started: this is it" in response.content.decode()
    assert Assessment.objects.count() == 1


# 24. A year written in other digits -------------------------------------------------------------

OTHER_DIGITS = [
    "\u0662\u0660\u0662\u0666/\u0662\u0667",  # Arabic-Indic: ٢٠٢٦/٢٧
    "\u06f2\u06f0\u06f2\u06f6/\u06f2\u06f7",  # Persian: ۲۰۲۶/۲۷
    "\u0968\u0966\u0968\u096c/\u0968\u096d",  # Devanagari
    "\uff12\uff10\uff12\uff16/\uff12\uff17",  # full-width
    "2026/\u0662\u0667",  # mixed
]


@pytest.mark.parametrize("period", OTHER_DIGITS)
def test_a_year_in_other_digits_is_refused_everywhere(people, service, period):
    """Only 0 to 9 make a year: the start form, the service and the model field refuse the
    rest, so nobody can start a second assessment for the same year by writing it differently."""
    start(user=people[Role.LEAD], service=service, period="2026/27")
    form = StartAssessmentForm(
        {
            "service": str(service.pk),
            "principle_set": str(service.partnership.default_principle_set_id),
            "period": period,
            "title": "Another 2026/27",
        },
        user=people[Role.LEAD],
    )
    assert not form.is_valid()
    assert codes(form, "period") == ["invalid_period"]
    with pytest.raises(RefusedError) as refused:
        start(user=people[Role.LEAD], service=service, period=period)
    assert refused.value.code == "invalid_period"
    with pytest.raises(ValidationError):
        validate_period(period)
    assert Assessment.objects.count() == 1


# 25. Nothing showing assessment data is kept by browsers or proxies ---------------------------


@pytest.fixture
def stub_pdfs(monkeypatch):
    """PDFs made at once as a stub: these tests are about headers, not WeasyPrint."""
    from reporting import pdf

    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-stub")


@pytest.fixture
def data_urls(draft, stub_pdfs):
    partnership, set_slug = draft.service.partnership, draft.principle_set.slug
    return [
        reverse("home"),
        reverse("assessments:overview", args=[draft.pk]),
        reverse("assessments:principle", args=[draft.pk, "NV-01"]),
        reverse("assessments:check", args=[draft.pk]),
        reverse("assessments:history", args=[draft.pk]),
        reverse("assessments:report", args=[draft.pk]),
        reverse("assessments:report_pdf", args=[draft.pk]),
        reverse("assessments:export", args=[draft.pk, "csv"]),
        reverse("assessments:export", args=[draft.pk, "xlsx"]),
        reverse("assessments:board_pack", args=[partnership.slug, set_slug]),
        reverse("assessments:board_pack_pdf", args=[partnership.slug, set_slug]),
        reverse("assessments:partnership_export", args=[partnership.slug, set_slug, "csv"]),
        reverse("assessments:partnership_export", args=[partnership.slug, set_slug, "xlsx"]),
        reverse("assessments:weights", args=[draft.pk]),
        reverse("voice:overview", args=[draft.pk]),
    ]


def _directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",")}


def test_pages_and_downloads_with_assessment_data_are_never_stored(client, people, data_urls):
    """Every page and download showing assessment data says Cache-Control: private, no-store."""
    client.force_login(people[Role.LEAD])
    for url in data_urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"private", "no-store"} <= _directives(response), (url, response["Cache-Control"])
        assert "public" not in _directives(response), url


def test_the_preparing_your_pdf_page_is_never_stored(client, people, draft, settings):
    """ "Preparing your PDF", while the worker makes it, is private, no-store as well."""
    from django.tasks import task_backends

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    task_backends["default"].clear()
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:report_pdf", args=[draft.pk]))
    assert response.status_code == 202
    assert "Preparing your PDF" in response.content.decode()
    assert {"private", "no-store"} <= _directives(response)
