"""The report PDF of an assessment whose team members are still rating individually says
why it shows no ratings, in the report page's words."""

import pytest
from django.urls import reverse

from reporting.documents import assessment_report_html
from tests.pdftext import pdf_text
from tests.team_data import SECRET, individual_phase, three_raters

pytestmark = pytest.mark.django_db

PRIVATE = (
    "Team members are rating this assessment individually. Their ratings are private until "
    "the lead opens agreement; then the report shows how far they agreed."
)


def test_the_pdf_says_the_ratings_are_private_until_agreement(client, people, service):
    """Not only "Not rated" everywhere: the same sentence as the page, and no one's rating."""
    draft = individual_phase(service, people, three_raters(service.partnership, people))
    client.force_login(people["lead"])
    page = client.get(reverse("assessments:report", args=[draft.pk])).content.decode()
    assert PRIVATE in page
    response = client.get(reverse("assessments:report_pdf", args=[draft.pk]))
    text = pdf_text(response.content)
    assert text.count(PRIVATE) == 1
    assert SECRET not in text and "Where the team disagreed" not in text


def test_the_pdfs_contents_lead_to_the_sentence(people, service):
    """The contents list the team's section, which holds only the sentence for now."""
    draft = individual_phase(service, people, three_raters(service.partnership, people))
    html = assessment_report_html(draft)
    contents = html.split('aria-label="Contents"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="#team-ratings">How the team rated each principle</a>' in contents
    assert "#disagreed" not in contents
    assert 'id="team-ratings"' in html
