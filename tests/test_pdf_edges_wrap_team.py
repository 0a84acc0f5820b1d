"""Text with no break point typed for team scoring never runs off the board pack's page:
the table of split principles keeps every column on the page."""

import pytest

from reporting.board_pack import build_board_pack
from reporting.documents import board_pack_html
from reporting.pdf import html_to_pdf
from tests import builders
from tests import team_builders as team
from tests.team_data import agreement_phase, three_raters
from tests.test_pdf_edges_wrap import visible_pages

pytestmark = pytest.mark.django_db

FILE = "Carers_Audit_Pilot_Results_Final_Version_Approved_By_Steering_Group.xlsx"


def test_a_long_unbroken_note_and_service_name_leave_the_split_table_whole(
    service, partnership, people
):
    """A service name of 150 characters and a note naming a file break in their cells, and
    the principle and the individual ratings stay on the page."""
    service.name = "S" * 150
    service.save()
    draft = agreement_phase(service, people, three_raters(partnership, people))
    builders.complete(user=people["lead"], assessment=draft, value=3)
    note = f"The results in {FILE} came after the individual ratings."
    team.agree(user=people["lead"], assessment=draft, code="NV-02", value=5, note=note)
    builders.submit(user=people["lead"], assessment=draft)
    builders.sign_off(user=people["approver"], assessment=draft)
    pack = build_board_pack(partnership, partnership.default_principle_set)
    pages = visible_pages(html_to_pdf(board_pack_html(pack)))
    (split,) = [p for p in pages if "Principlesonwhichaservice" in p]
    for heading in ("Service", "Principle", "Agreedrating", "Individualratings"):
        assert heading in split, heading
    # The file name breaks across lines, and cells come in no dependable order: its end on
    # the page shows it did not run off the edge.
    for shown in (
        "S" * 150,
        "Group.xlsx",
        "cameaftertheindividualratings",
        "range1",
        "Notevidentto5",
    ):
        assert shown in split, split
