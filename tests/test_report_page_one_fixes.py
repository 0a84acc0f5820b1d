"""The report PDF's page one says what the web page's page one says (the rule for the
weakest principles, which have "No action", how much is answered and how much of the
weight is rated), and a draft never promises a "No action" reason it has not got."""

import html
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from assessments.models import Assessment
from partnerships.models import Role
from reporting.documents import assessment_report_html
from reporting.pdf import html_to_pdf
from tests import builders
from tests.figures import assess, page, signed
from tests.pdftext import pdf_pages

pytestmark = pytest.mark.django_db

RULE = (
    "The rated principles with the lowest scores below 100%, whatever their weight: at least "
    "three, and every principle with the same score as the last one listed."
)
REASON = "The partnership's falls plan covers it."
NOT_YET = "No action: no reason recorded yet"


def text(markup: str) -> str:
    """``markup`` as a reader reads it: no tags, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(strip_tags(markup)).split())


def pdf_page_one(assessment) -> str:
    """The text of the PDF's page one section (what runs on past page one included)."""
    markup = assessment_report_html(assessment)
    return text(re.search(r'<section class="page-one".*?</section>', markup, re.S).group(0))


def web_page_one(client, assessment) -> str:
    """The text of the report page from the board ask to the end of page one."""
    content = text(page(client, "report", assessment.pk))
    return content[content.index("The board is asked to") : content.index("Contents")]


def summary_value(client, assessment, label: str) -> str:
    """The text of one row of the web report's summary (its headline figures)."""
    content = page(client, "report", assessment.pk)
    match = re.search(
        rf'<dt class="govuk-summary-list__key">{label}</dt>'
        r'<dd class="govuk-summary-list__value">(.*?)</dd>',
        content,
        re.S,
    )
    return text(match.group(1))


@pytest.fixture
def weak_draft(lead, service):
    """A draft rated 3 throughout but NV-01 and NV-02 at 1, neither with an action."""
    return assess(lead, service, levels={"NV-01": 1, "NV-02": 1})


@pytest.fixture
def lead_client(client, lead):
    """The test client, signed in as the lead (who may read a draft's report)."""
    client.force_login(lead)
    return client


def test_pdf_page_one_states_the_rule_for_the_weakest_principles(weak_draft):
    """The PDF's page one says which principles count as weakest, as the web page does."""
    assert RULE in pdf_page_one(weak_draft)


def test_pdf_page_one_names_the_weak_principles_with_no_action(weak_draft, people, lead_client):
    """Submitted: page one in the PDF and on screen names NV-01 and NV-02 as having no open
    action, each with the lead's reason beside it."""
    submitted = builders.submit(
        user=people[Role.LEAD],
        assessment=weak_draft,
        no_action_reasons={"NV-01": REASON, "NV-02": REASON},
    )
    said = (
        "Rated in the lowest two levels with no open action: NV-01, NV-02. "
        'Each is marked "No action" with the lead\'s reason.'
    )
    pdf = pdf_page_one(submitted)
    assert said in pdf and pdf.count(f"No action: {REASON}") == 2
    web = web_page_one(lead_client, submitted)
    assert said in web and NOT_YET not in web + pdf


def test_pdf_headline_gives_the_answered_and_coverage_the_web_page_gives(
    lead, service, people, lead_client
):
    """Carried forward with one principle not applicable: the PDF's headline gives the web
    summary's answered count (not applicable and carried forward too) and its coverage."""
    signed(assess(lead, service, period="2025/26", na=("NV-12",)), people)
    draft = builders.start(user=lead, service=service, period="2026/27", carry_forward=True)
    for code in ("NV-01", "NV-02", "NV-03"):
        builders.rate(user=lead, assessment=draft, code=code, value=4)
    builders.rate(user=lead, assessment=draft, code="NV-12", value=None, na=True, reason="No.")
    answered = summary_value(lead_client, draft, "Answered")
    coverage = summary_value(lead_client, draft, "Coverage")
    assert answered == "4 of 12, 1 not applicable, 8 carried forward and not yet confirmed"
    assert coverage.startswith("27% of the weight of the principles that apply is rated, so")
    pdf = pdf_page_one(draft)
    assert f"{answered.replace('4 of 12', '4 of 12 answered')}. {coverage}." in pdf


def test_pdf_headline_says_when_the_change_is_provisional(lead, service, people, lead_client):
    """A change measured on part of the weight is marked provisional in the PDF's headline,
    as it is on the web page."""
    signed(assess(lead, service, period="2025/26"), people)
    draft = assess(lead, service, levels={f"NV-{n:02d}": None for n in range(5, 13)})
    said = "Provisional: only 33% of the weight that applies is rated so far"
    assert said in summary_value(lead_client, draft, "Since 2025/26")
    assert f"was 50%. {said}" in pdf_page_one(draft)


def test_a_draft_does_not_promise_no_action_reasons_it_has_not_got(weak_draft, lead_client):
    """A draft says which principles are marked "No action" without promising the lead's
    reason, which is asked for at submission, and each says it has none yet."""
    pdf = pdf_page_one(weak_draft)
    web = web_page_one(lead_client, weak_draft)
    said = (
        'Rated in the lowest two levels with no open action: NV-01, NV-02. Each is marked "No '
        'action".'
    )
    for surface in (pdf, web):
        assert said in surface and "lead's reason" not in surface
        assert surface.count(NOT_YET) == 2  # the weakest principles' table
    details = text(assessment_report_html(weak_draft)).split("Integrated care must", 1)[1]
    assert details.count(NOT_YET) == 2  # each principle's own details in the PDF
    on_screen = text(page(lead_client, "report", weak_draft.pk)).split("Contents", 1)[1]
    assert on_screen.count(NOT_YET) == 2  # and on screen


def test_a_returned_draft_shows_the_reason_already_given(weak_draft, people):
    """Returned to draft after submission, each principle keeps the reason it was given
    and never says it has none."""
    lead = people[Role.LEAD]
    builders.submit(
        user=lead, assessment=weak_draft, no_action_reasons={"NV-01": REASON, "NV-02": REASON}
    )
    returned = builders.return_(user=people[Role.APPROVER], assessment=weak_draft)
    assert returned.state == "draft"
    pdf = text(assessment_report_html(returned))
    assert pdf.count(f"No action: {REASON}") == 4 and NOT_YET not in pdf


def test_a_signed_off_report_keeps_its_no_action_wording(weak_draft, people):
    """Signed off: the sentence promises the lead's reason, and each has it."""
    lead = people[Role.LEAD]
    builders.submit(
        user=lead, assessment=weak_draft, no_action_reasons={"NV-01": REASON, "NV-02": REASON}
    )
    done = builders.sign_off(user=people[Role.APPROVER], assessment=weak_draft)
    pdf = pdf_page_one(done)
    assert 'NV-01, NV-02. Each is marked "No action" with the lead\'s reason.' in pdf
    assert NOT_YET not in text(assessment_report_html(done))


def test_demo_draft_page_one_still_fits_on_one_page(settings, principle_sets):
    """The demo's Day opportunities draft: the rule, the "No action" sentence and the whole
    weakest table are on page one, and the contents still start page two."""
    settings.DEBUG = True
    call_command("setup_demo")
    assessment = Assessment.objects.get(
        title="Day opportunities for adults with learning disabilities 2026/27"
    )
    pages = pdf_pages(html_to_pdf(assessment_report_html(assessment)))
    first = pages[0]
    assert RULE in first
    assert "Rated in the lowest two levels with no open action: NV-02, NV-03." in first
    assert "NV-04 Community and voluntary sector" in first  # the table's last row
    assert first.count(NOT_YET) == 2
    assert "4 of 12 answered. 33% of the weight of the principles that apply is rated" in first
    assert pages[1].startswith("Contents") or "Contents Summary" in pages[1]
