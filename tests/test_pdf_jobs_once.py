"""A PDF is made once even when a request looks for it just as the worker stores it."""
# ruff: noqa: F811 (the imported fixtures are the tests' parameters)

import pytest

from reporting import pdf as pdf_module
from reporting import services as reporting_services
from reporting import tasks
from reporting.documents import assessment_report_html

# The fixtures are test_pdf_jobs.py's, imported so pytest finds them by name here.
from tests.test_pdf_jobs import STUB_PDF, queue, renders  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_pdf_stored_between_the_look_and_the_start_is_not_queued_again(
    draft, queue, renders, monkeypatch
):
    """The request that found no PDF starts a job only to find the last one stored it: it
    downloads that PDF, queues nothing and leaves no job behind."""
    html = assessment_report_html(draft)
    key = pdf_module.pdf_key(html)
    start = pdf_module.job_start

    def stored_meanwhile(key, html):
        pdf_module._cache().set(key, STUB_PDF)  # the worker, finishing the job before
        return start(key, html)

    monkeypatch.setattr(pdf_module, "job_start", stored_meanwhile)
    outcome = reporting_services.pdf_get_or_queue(html=html)
    assert outcome.pdf == STUB_PDF
    assert list(queue) == [] and renders == []
    assert pdf_module.job_html(key) is None


def test_a_job_for_a_pdf_made_meanwhile_does_not_make_it_again(draft, renders):
    """The worker's task finds the PDF made by the job before it: no second WeasyPrint run,
    and the job is ended."""
    html = assessment_report_html(draft)
    key = pdf_module.pdf_key(html)
    pdf_module._cache().set(key, STUB_PDF)
    assert pdf_module.job_start(key, html)
    tasks.pdf_render.call(key=key)
    assert renders == []
    assert pdf_module.job_html(key) is None
