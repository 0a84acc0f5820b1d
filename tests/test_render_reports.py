"""``manage.py render_reports`` writes the same PDFs the web pages download."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from partnerships.models import Role
from reporting import pdf as pdf_module
from tests.builders import complete, sign_off, start, submit
from tests.factories import ServiceFactory
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def run(*args) -> list[Path]:
    """Run the command and return the paths it printed."""
    out = io.StringIO()
    call_command("render_reports", *args, stdout=out)
    return [Path(line) for line in out.getvalue().splitlines()]


@pytest.fixture
def signed(service, people):
    lead = people[Role.LEAD]
    assessment = start(user=lead, service=service)
    complete(user=lead, assessment=assessment)
    submit(user=lead, assessment=assessment)
    return sign_off(user=people[Role.APPROVER], assessment=assessment)


def test_writes_an_assessments_report(signed, tmp_path):
    """--assessment writes that assessment's report as a PDF and prints where."""
    (path,) = run("--assessment", str(signed.pk), "--out", str(tmp_path))
    assert path.parent == tmp_path and path.name.startswith(
        "hospital-discharge-to-assess-national-voices-2026-27-"
    )
    assert path.read_bytes().startswith(b"%PDF-")
    text = pdf_text(path)
    assert "Hospital discharge to assess" in text and "Page 1 of" in text


def test_writes_several_reports_and_makes_the_folder(signed, people, tmp_path):
    """--assessment can be repeated, and a missing output folder is made."""
    other = start(
        service=ServiceFactory(partnership=signed.service.partnership, name="Reablement"),
        user=people[Role.LEAD],
    )
    out = tmp_path / "papers" / "march"
    paths = run("--assessment", str(signed.pk), "--assessment", str(other.pk), "--out", str(out))
    assert [p.parent for p in paths] == [out, out]
    assert "Reablement" in pdf_text(paths[1]) and "DRAFT" in pdf_text(paths[1])


def test_writes_a_board_pack(signed, partnership, tmp_path):
    """--partnership and --set write the partnership's board pack for that set."""
    (path,) = run("--partnership", "riverside", "--set", "national-voices", "--out", str(tmp_path))
    assert path.name.startswith("riverside-health-and-wellbeing-board-national-voices-board-pack-")
    text = pdf_text(path)
    assert "Hospital discharge to assess" in text and "Board pack: National Voices" in text


def test_writes_the_same_pdf_as_the_web_page(signed, people, client, tmp_path, monkeypatch):
    """The command renders the HTML the report page renders, so the download is reused."""
    rendered = []
    original = pdf_module.html_to_pdf
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda h: rendered.append(h) or original(h))
    (path,) = run("--assessment", str(signed.pk), "--out", str(tmp_path))
    client.force_login(people[Role.VIEWER])
    response = client.get(reverse("assessments:report_pdf", args=[signed.pk]))
    assert len(rendered) == 1  # the web download came from the cache
    assert response.content == path.read_bytes()
    assert response["Content-Disposition"] == f'attachment; filename="{path.name}"'


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--assessment", "{signed}", "--assessment", "99999"], "no assessment with id 99999"),
        (["--partnership", "nowhere", "--set", "national-voices"], "no partnership .*'nowhere'"),
        (["--partnership", "riverside", "--set", "no-such"], "no principle set .*'no-such'"),
        (["--partnership", "riverside"], "Give --partnership and --set together"),
        ([], "Give --assessment ID, or --partnership SLUG with --set SLUG"),
    ],
)
def test_unknown_ids_and_slugs_are_clear_errors(signed, tmp_path, args, message):
    """Mistakes stop the command with a plain message, and nothing is written."""
    args = [arg.format(signed=signed.pk) for arg in args]
    with pytest.raises(CommandError, match=message):
        call_command("render_reports", *args, "--out", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
