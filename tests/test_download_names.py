"""Download file names say what each document is: an assessment's documents name the set,
and are signed off, with the date of the sign-off decision (which never changes), or a
draft, with the day they were made; the board pack, the partnership's answers and the
actions carry the day they were made, the board pack "draft" when it shows an assessment
not signed off."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partnerships.models import Role
from principles.models import PrincipleSet
from reporting import pdf as pdf_module
from reporting.board_pack import build_board_pack
from reporting.documents import (
    NAME_PART_LIMIT,
    assessment_report_filename,
    board_pack_filename,
    download_name,
)
from tests.builders import start

pytestmark = pytest.mark.django_db

STEM = "hospital-discharge-to-assess-national-voices-2026-27"
PARTNERSHIP = "riverside-health-and-wellbeing-board"
LATER = datetime.date(2031, 7, 9)


def today() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


def move_today_to(monkeypatch, day: datetime.date) -> None:
    """Make "today" ``day``; a given moment still reads as its own day."""
    real = timezone.localdate
    monkeypatch.setattr(
        timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else day
    )


def attached(client, user, name, *args) -> str:
    """The file name of the download at ``name``."""
    client.force_login(user)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    prefix, filename = response["Content-Disposition"].split("filename=")
    assert prefix == "attachment; "
    return filename.strip('"')


def test_a_signed_off_assessments_downloads_say_signed_off_with_the_sign_off_date(
    client, people, signed_off
):
    """The report PDF and the answers as CSV and Excel name the sign-off and its date."""
    viewer = people[Role.VIEWER]
    assert (
        attached(client, viewer, "assessments:report_pdf", signed_off.pk)
        == f"{STEM}-report-signed-off-2027-03-03.pdf"
    )
    for fmt in ("csv", "xlsx"):
        assert (
            attached(client, viewer, "assessments:export", signed_off.pk, fmt)
            == f"{STEM}-answers-signed-off-2027-03-03.{fmt}"
        )


def test_a_signed_off_report_is_the_same_file_whenever_it_is_downloaded(
    client, people, signed_off, monkeypatch
):
    """Downloaded on a later day, the signed-off report has the same name and the same bytes,
    from the cache: the name is set on the download, never in the PDF."""
    viewer = people[Role.VIEWER]
    client.force_login(viewer)
    url = reverse("assessments:report_pdf", args=[signed_off.pk])
    first = client.get(url)
    rendered = []
    original = pdf_module.html_to_pdf
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda h: rendered.append(h) or original(h))
    move_today_to(monkeypatch, LATER)
    later = client.get(url)
    assert later["Content-Disposition"] == first["Content-Disposition"]
    assert later.content == first.content and rendered == []


def test_drafts_and_submitted_assessments_are_named_drafts_with_the_day_they_were_made(
    client, people, draft, monkeypatch
):
    """Anything not signed off may still change: "draft" and today's date, for a submitted
    assessment too (it can be returned)."""
    viewer = people[Role.VIEWER]
    assert (
        attached(client, viewer, "assessments:export", draft.pk, "csv")
        == f"{STEM}-answers-draft-{today()}.csv"
    )
    move_today_to(monkeypatch, LATER)
    draft.state = "submitted"
    assert assessment_report_filename(draft) == f"{STEM}-report-draft-2031-07-09.pdf"


def test_one_service_and_year_against_two_sets_gives_two_names(people, service, draft):
    """The set's short name is in an assessment's file names, so the two are told apart."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    other = start(user=people[Role.LEAD], service=service, principle_set=scotland)
    assert assessment_report_filename(draft) == f"{STEM}-report-draft-{today()}.pdf"
    assert assessment_report_filename(other) == (
        f"hospital-discharge-to-assess-scotlands-principles-of-integration-2026-27-report-draft-"
        f"{today()}.pdf"
    )


def test_the_board_pack_is_named_draft_only_when_it_shows_a_draft(
    partnership, people, service, signed_off
):
    """Every assessment shown signed off: the day it was made; a chosen draft adds "draft"."""
    national_voices = PrincipleSet.objects.get(slug="national-voices")
    pack = build_board_pack(partnership, national_voices)
    assert board_pack_filename(pack) == f"{PARTNERSHIP}-national-voices-board-pack-{today()}.pdf"
    later = start(user=people[Role.LEAD], service=service, period="2027/28")
    pack = build_board_pack(partnership, national_voices, chosen=[str(later.pk)])
    assert (
        board_pack_filename(pack) == f"{PARTNERSHIP}-national-voices-board-pack-draft-{today()}.pdf"
    )


def test_partnership_answers_and_actions_carry_the_day_they_were_made(
    client, people, partnership, signed_off
):
    """They change as assessments and actions move on, so they are dated as downloaded."""
    viewer = people[Role.VIEWER]
    assert (
        attached(
            client, viewer, "assessments:partnership_export", "riverside", "national-voices", "xlsx"
        )
        == f"{PARTNERSHIP}-national-voices-answers-{today()}.xlsx"
    )
    assert (
        attached(client, viewer, "actions:export", "riverside", "csv")
        == f"{PARTNERSHIP}-improvement-actions-{today()}.csv"
    )


def test_names_are_ascii_and_short_whatever_people_called_things():
    """Accents become plain letters, a name wholly in another script is left out, and a long
    name is cut at a hyphen."""
    on = datetime.date(2027, 3, 3)
    assert download_name("Gwasanaeth Môn", "2026/27", extension="csv", on=on) == (
        "gwasanaeth-mon-2026-27-2027-03-03.csv"
    )
    assert download_name("医院服务", "2026/27", extension="pdf", on=on) == "2026-27-2027-03-03.pdf"
    long_name = "Integrated community reablement and rehabilitation service for older people"
    name = download_name(long_name, "report", extension="pdf", on=on)
    assert name == "integrated-community-reablement-and-report-2027-03-03.pdf"
    assert len(name.split("-report")[0]) <= NAME_PART_LIMIT
    assert name.isascii()
