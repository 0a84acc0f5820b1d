"""The report page's radar has one caption: what the chart shows, how to read it and, when
a principle is not scored, how that is drawn. The chart draws no note of its own on the page,
its text alternative still names what is not scored, and the PDF's chart is as before."""

import html
import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from partnerships.models import Role
from reporting.charts import Series, radar_chart
from reporting.reports import build_report
from tests.builders import complete, rate, sign_off, start, submit

pytestmark = pytest.mark.django_db

READING = (
    "0% is at the centre and 100% at the outer ring, so the further out a point is, "
    "the higher the score."
)
NOT_SCORED = "A principle that is not scored (not rated, or not applicable) has no point"
OLD_NOTE = "No point and a break in the line"


def radar_figure(client, assessment) -> str:
    """The markup of the report page's radar figure, from <figure> to </figure>."""
    content = client.get(reverse("assessments:report", args=[assessment.pk])).content.decode()
    (figure,) = re.findall(r'<figure[^>]*id="radar".*?</figure>', content, re.S)
    return figure


def caption(figure: str) -> str:
    (text,) = re.findall(r"<figcaption[^>]*>(.*?)</figcaption>", figure, re.S)
    return " ".join(html.unescape(strip_tags(text)).split())


@pytest.fixture
def partly_rated(draft, people):
    """NV-01 rated, NV-02 not applicable, the rest not rated yet."""
    lead = people[Role.LEAD]
    rate(user=lead, assessment=draft, code="NV-01", value=4)
    rate(user=lead, assessment=draft, code="NV-02", na=True, reason="No carers use it.")
    return draft


@pytest.fixture
def with_last_year(service, people):
    """This year's draft, one principle not rated, after last year's signed-off one."""
    lead = people[Role.LEAD]
    last_year = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=last_year)
    submit(user=lead, assessment=last_year)
    sign_off(user=people[Role.APPROVER], assessment=last_year)
    this_year = start(user=lead, service=service, period="2026/27")
    for code in [f"NV-{n:02d}" for n in range(1, 12)]:
        rate(user=lead, assessment=this_year, code=code, value=4)
    return this_year


def test_one_caption_says_how_not_scored_is_drawn(viewer_client, partly_rated):
    """With principles not scored, the figure's caption explains it and the chart on the
    page has no note of its own repeating it."""
    figure = radar_figure(viewer_client, partly_rated)
    assert figure.count("<figcaption") == 1
    assert 'class="note"' not in figure and OLD_NOTE not in figure
    text = caption(figure)
    assert text.startswith("Each principle's score for 2026/27.")
    assert READING in text
    assert f'{NOT_SCORED}: the line breaks there, and "(not scored)" follows its name.' in text
    assert text.endswith("The same figures are in the table of scores below.")
    shown = strip_tags(re.sub(r"<(desc|title)[^>]*>.*?</\1>", "", figure, flags=re.S))
    assert shown.count("0% is at the centre") == 1  # not in the chart and again below it


def test_a_fully_scored_chart_leaves_out_the_not_scored_sentence(viewer_client, draft, people):
    """When every principle is scored there is nothing left out to explain."""
    complete(user=people[Role.LEAD], assessment=draft, value=3)
    text = caption(radar_figure(viewer_client, draft))
    assert READING in text
    assert "not scored" not in text


def test_the_caption_names_both_lines_when_compared(viewer_client, with_last_year):
    """With the previous signed-off assessment, the caption says which line is which and
    that "(not scored)" marks this year's gaps."""
    text = caption(radar_figure(viewer_client, with_last_year))
    assert text.startswith(
        "Each principle's score for 2026/27 (solid line) and for 2025/26, the last "
        "signed-off assessment (dashed line)."
    )
    assert '"(not scored)" after a name means it is not scored for 2026/27.' in text
    assert "Solid line:" not in text  # the old caption's wording


def test_reading_the_picture_is_shown_only_with_the_picture(viewer_client, partly_rated):
    """On narrow screens the chart gives way to a list, so the sentences about the picture
    go with it (the same class hides both); the pointer to the table always shows."""
    figure = radar_figure(viewer_client, partly_rated)
    (shown_with_chart,) = re.findall(
        r'<figcaption[^>]*><span class="app-chart__wide">(.*?)</span>', figure, re.S
    )
    assert "0% is at the centre" in shown_with_chart and NOT_SCORED in shown_with_chart
    assert '<a class="govuk-link" href="#scores">table of scores</a>' in figure.split("</span>")[-1]


def test_the_text_alternative_still_names_what_is_not_scored(viewer_client, partly_rated):
    """The chart on the page keeps its title and a description naming each principle not
    scored, and the narrow screens' list still says so too."""
    figure = radar_figure(viewer_client, partly_rated)
    (desc,) = re.findall(r"<desc[^>]*>(.*?)</desc>", figure, re.S)
    assert "from 0% at the centre to 100% at the outer ring" in desc
    assert "Not scored (no point, and the line breaks there): 2026/27 – " in desc
    assert "Benefit to service users" in desc and "Person-centred" not in desc
    assert 'role="img"' in figure and "<title" in figure
    assert figure.count(": not scored</span>") == 11  # the list: all but NV-01


def test_the_pdfs_chart_keeps_its_note(partly_rated):
    """The PDF's caption is short, so its chart still carries the note; the page's chart is
    the same picture without it."""
    report = build_report(partly_rated)
    assert report.radar_not_scored
    assert OLD_NOTE in report.radar and OLD_NOTE not in report.radar_on_screen
    without_note = report.radar.replace(
        re.search(r'<text[^>]*class="note".*?</text>', report.radar, re.S).group(0), ""
    )
    body = re.compile(r"<svg[^>]*>(.*)</svg>", re.S)  # the viewBox differs: no room for a note
    assert body.search(without_note).group(1) == body.search(report.radar_on_screen).group(1)


def test_a_fully_scored_report_says_nothing_is_left_out(draft, people):
    """No principle not scored: the report knows there is nothing to explain."""
    complete(user=people[Role.LEAD], assessment=draft, value=3)
    report = build_report(draft)
    assert not report.radar_not_scored
    assert report.radar == report.radar_on_screen


def test_a_radar_without_its_note_keeps_its_description():
    """``note=False`` drops only the drawn note; <desc> still names the unscored spoke."""
    axes = [f"Principle {n}" for n in range(1, 7)]
    series = [Series("Now", (80, None, 50, 50, 50, 50))]
    kwargs = {"title": "Scores", "description": "Scores by principle.", "axes": axes}
    with_note = radar_chart(series=series, **kwargs)
    without = radar_chart(series=series, note=False, **kwargs)
    assert 'class="note"' in with_note and 'class="note"' not in without
    assert "Not scored (no point, and the line breaks there): Now – Principle 2." in without
