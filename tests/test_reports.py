"""Weighted reports: the page, the board PDF and its safety, caching and query counts."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from partnerships.models import Role
from principles.models import Principle
from reporting import pdf as pdf_module
from reporting.documents import assessment_report_html
from tests.builders import complete, rate, sign_off, start, submit
from tests.factories import PrincipleSetFactory, ServiceFactory
from tests.pdftext import pdf_text

pytestmark = pytest.mark.django_db


def test_report_page_shows_headline_band_charts_and_tables(viewer_client, draft, people):
    """The report leads with the scale's word, then the weighted score, with a DRAFT mark,
    charts and data tables."""
    complete(user=people[Role.LEAD], assessment=draft, value=4)  # 4 on 1-5 is 75%
    response = viewer_client.get(reverse("assessments:report", args=[draft.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["report"].score.weighted_score == pytest.approx(75)
    assert '<strong class="govuk-!-font-size-36">Strengthening</strong>' in content
    assert "75%" in content
    assert "DRAFT" in content
    assert content.count('role="img"') == 2  # radar and one bar chart for the one group
    assert "<caption>Scores by principle</caption>" in content
    assert "12 of 12 answered" in content
    assert "100% of the weight of the principles that apply is rated" in content


def test_report_of_signed_off_assessment_has_no_draft_mark(viewer_client, draft, people):
    """Once signed off, the report shows the decision and no DRAFT mark."""
    complete(user=people[Role.LEAD], assessment=draft)
    submit(user=people[Role.LEAD], assessment=draft)
    signed = sign_off(user=people[Role.APPROVER], assessment=draft)
    content = viewer_client.get(reverse("assessments:report", args=[signed.pk])).content.decode()
    assert "DRAFT" not in content
    assert "Approved by Riverside Health and Wellbeing Board on 4 March 2027" in content


def test_report_compares_with_the_previous_signed_off_assessment(viewer_client, service, people):
    """Change since last time is per principle and overall, against the last signed-off one."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    last_year = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=last_year)  # all at 3 = 50%
    submit(user=lead, assessment=last_year)
    sign_off(user=approver, assessment=last_year)
    current = start(user=lead, service=service, period="2026/27")
    complete(user=lead, assessment=current, value=3)
    rate(user=lead, assessment=current, code="NV-01", value=5, evidence="Much better now.")
    report = viewer_client.get(reverse("assessments:report", args=[current.pk])).context["report"]
    assert report.previous.period == "2025/26"
    row = next(r for r in report.rows if r.rating.code == "NV-01")
    assert row.score.change == pytest.approx(50)
    assert row.previous_answer == "3 – Growing"
    assert report.score.change == pytest.approx(50 / 12)


def test_report_pdf_is_tagged_accessible_and_complete(viewer_client, draft, people):
    """The PDF is PDF/UA-1 tagged, titled, in en-GB, and has every statement and the score."""
    complete(user=people[Role.LEAD], assessment=draft, value=4)
    response = viewer_client.get(reverse("assessments:report_pdf", args=[draft.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="hospital-discharge-to-assess-national-voices-2026-27-report-draft-'
        r'\d{4}-\d{2}-\d{2}\.pdf"',
        response["Content-Disposition"],
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 5
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    assert reader.metadata.title == "Discharge to assess 2026/27: self-assessment report"

    text = pdf_text(response.content)
    for principle in Principle.objects.filter(code__startswith="NV-"):
        assert principle.statement in text, principle.code
    assert "Overall Strengthening Weighted score 75%" in text
    assert "Page 1 of" in text
    assert "DRAFT" in text


def test_pdf_figures_have_alt_text(viewer_client, draft, people):
    """Every chart in the PDF is a tagged figure with alternative text."""
    complete(user=people[Role.LEAD], assessment=draft)
    content = viewer_client.get(reverse("assessments:report_pdf", args=[draft.pk])).content
    root = PdfReader(io.BytesIO(content)).trailer["/Root"]
    figures = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, dict):
            if node.get("/S") == "/Figure":
                figures.append(node)
            if "/K" in node:
                walk(node["/K"])
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(root["/StructTreeRoot"])
    assert len(figures) == 2
    assert all(str(f.get("/Alt", "")).strip() for f in figures)


def test_signed_off_pdf_has_no_draft_mark_and_keeps_old_text(viewer_client, signed_off):
    """After sign-off the PDF has no DRAFT mark, and admin edits never change its text."""
    original = Principle.objects.get(code="NV-09").statement
    Principle.objects.filter(code="NV-09").update(statement="be led by everyone at once")
    text = pdf_text(
        viewer_client.get(reverse("assessments:report_pdf", args=[signed_off.pk])).content
    )
    assert "DRAFT" not in text
    assert original in text
    assert "led by everyone at once" not in text


def test_evidence_with_markup_is_printed_as_text_and_nothing_is_fetched(
    viewer_client, draft, people, monkeypatch
):
    """An <img> typed as evidence appears as text in the PDF and no address is fetched."""
    hostile = '<img src="http://169.254.169.254/latest/meta-data/"> and <link href="http://x/">'
    rate(user=people[Role.CONTRIBUTOR], assessment=draft, code="NV-02", value=2, evidence=hostile)
    requested = []
    original_fetch = pdf_module.OwnStaticFilesFetcher.fetch

    def recording_fetch(self, url, headers=None):
        requested.append(url)
        return original_fetch(self, url, headers)

    monkeypatch.setattr(pdf_module.OwnStaticFilesFetcher, "fetch", recording_fetch)
    text = pdf_text(viewer_client.get(reverse("assessments:report_pdf", args=[draft.pk])).content)
    assert '<img src="http://169.254.169.254/latest/meta-data/">' in text
    assert requested  # the stylesheet and charts were asked for
    assert all(u.startswith(("file:///static/", "data:image/svg+xml")) for u in requested)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/style.css",
        "file:///etc/passwd",
        "file:///static/../../../etc/passwd",
        "file://evil.example/static/css/print.css",
        "ftp://example.org/x",
        "data:text/html,<p>x</p>",
    ],
)
def test_fetcher_refuses_anything_but_our_static_files(url):
    """The PDF fetcher refuses network addresses, other files and other data."""
    with pytest.raises(pdf_module.FetchRefused):
        pdf_module.OwnStaticFilesFetcher().fetch(url)


def test_fetcher_serves_our_print_stylesheet():
    """Our own static files are read from disk."""
    response = pdf_module.OwnStaticFilesFetcher().fetch("file:///static/css/print.css")
    try:
        assert b"@page" in response.read()
        assert response.content_type == "text/css"
    finally:
        response.close()


def test_pdf_is_cached_until_something_shown_changes(viewer_client, draft, people, monkeypatch):
    """A second download reuses the PDF; a changed answer makes a new one."""
    renders = []
    original = pdf_module.html_to_pdf
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: renders.append(1) or original(html))
    url = reverse("assessments:report_pdf", args=[draft.pk])
    first = viewer_client.get(url).content
    second = viewer_client.get(url).content
    assert len(renders) == 1 and first == second

    rate(
        user=people[Role.CONTRIBUTOR],
        assessment=draft,
        code="NV-01",
        value=5,
        evidence="New evidence.",
    )
    viewer_client.get(url)
    assert len(renders) == 2


def test_draft_pdf_changes_when_an_admin_edits_principle_text(viewer_client, draft, monkeypatch):
    """Drafts show current text, so an admin edit makes a new PDF for a draft."""
    renders = []
    original = pdf_module.html_to_pdf
    monkeypatch.setattr(
        pdf_module, "html_to_pdf", lambda html: renders.append(html) or original(html)
    )
    url = reverse("assessments:report_pdf", args=[draft.pk])
    viewer_client.get(url)
    Principle.objects.filter(code="NV-10").update(statement="be encouraged by rewards")
    viewer_client.get(url)
    assert len(renders) == 2 and "be encouraged by rewards" in renders[1]


@pytest.mark.parametrize("name", ["report", "report_pdf"])
def test_report_queries_do_not_grow_with_principles(client, partnership, people, name, monkeypatch):
    """The report and PDF views use the same number of queries for 12 and 120 principles."""
    monkeypatch.setattr(pdf_module, "html_to_pdf", lambda html: b"%PDF-stub")
    counts = []
    for size in (12, 120):
        principle_set = PrincipleSetFactory(principles=size, principles__groups=4)
        service = ServiceFactory(partnership=partnership)
        assessment = start(user=people[Role.LEAD], service=service, principle_set=principle_set)
        complete(user=people[Role.LEAD], assessment=assessment)
        client.force_login(people[Role.VIEWER])
        url = reverse(f"assessments:{name}", args=[assessment.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 16


def test_csv_export_has_a_row_per_rating_and_neutralises_formulas(viewer_client, draft, people):
    """The CSV has one row per principle; text starting with = is not run as a formula."""
    rate(
        user=people[Role.CONTRIBUTOR],
        assessment=draft,
        code="NV-01",
        value=4,
        evidence='=HYPERLINK("http://x","click")',
    )
    response = viewer_client.get(reverse("assessments:export", args=[draft.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Partnership,Service,Assessment,Year,Status")
    assert len(lines) == 13
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")


def test_xlsx_export_opens_with_text_cells(viewer_client, draft, people):
    """The Excel file opens, has one row per principle, and stores formula-like text as text."""
    from openpyxl import load_workbook

    rate(
        user=people[Role.CONTRIBUTOR],
        assessment=draft,
        code="NV-01",
        value=4,
        evidence="=1+1 is our target",
    )
    response = viewer_client.get(reverse("assessments:export", args=[draft.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Partnership", "Service", "Assessment")
    assert len(rows) == 13
    code, evidence = rows[0].index("Principle code"), rows[0].index("Evidence")
    nv01 = next(number for number, row in enumerate(rows, start=1) if row[code] == "NV-01")
    cell = sheet.cell(row=nv01, column=evidence + 1)
    assert cell.value == "=1+1 is our target"
    assert cell.data_type == "s"


def test_unknown_export_format_is_not_found(viewer_client, draft):
    """Only CSV and Excel are offered."""
    response = viewer_client.get(reverse("assessments:export", args=[draft.pk, "pdf"]))
    assert response.status_code == 404


def test_fetcher_serves_hashed_names_from_the_collected_files(settings, tmp_path):
    """In production {% static %} gives hashed names, found among the collected files."""
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "print.0123abcd.css").write_text("@page { size: A4 }")
    settings.STATIC_ROOT = tmp_path  # Django resets the static files storage to use it
    response = pdf_module.OwnStaticFilesFetcher().fetch("file:///static/css/print.0123abcd.css")
    try:
        assert b"size: A4" in response.read()
    finally:
        response.close()


def test_the_method_names_the_set_once_in_plain_words(signed_off):
    """The method says scores against the set are never added to scores against another set
    of principles, with no "principles" straight after a short name such as "Scotland's
    principles of integration"."""
    html = assessment_report_html(signed_off)
    assert (
        "Scores against National Voices are never added to scores against another set of"
        " principles" in html
    )
    assert "principles are never added" not in html


def test_nothing_rated_never_reads_weighted_score_not_scored(client, people, draft):
    """With nothing rated, the report says "Not scored" once, not "weighted score Not scored"."""
    client.force_login(people[Role.VIEWER])
    page = client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    printed = assessment_report_html(draft)
    for html in (page, printed):
        assert "Not scored" in html
        assert "weighted score Not scored" not in html
    assert "nothing rated to score" in printed
