"""The raters page at 320px (WCAG 1.4.10 Reflow): each rater's details and their Remove
link are in view without scrolling sideways, neither the page nor a region of it.

``check`` lets a data table scroll inside its own region; the raters page needs more,
since the lead acts on each row: a Remove link scrolled out of sight is easily missed.
"""

import pytest
from playwright.sync_api import expect

from partnerships.models import Membership, Role
from tests import team_builders as team
from tests.factories import member

from .actions import heading, sign_in
from .audit import DESKTOP, NARROW, settle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in the page: how wide the page is, and every Remove link's box and every element in
# main that scrolls sideways on its own.
_LAYOUT_JS = """() => ({
  window: window.innerWidth,
  page: document.documentElement.scrollWidth,
  links: [...document.querySelectorAll('main a[href*="/raters/"]')].map(link => {
    const box = link.getBoundingClientRect();
    return {text: link.textContent.trim(), left: box.left, right: box.right};
  }),
  scrolling: [...document.querySelectorAll('main *')]
    .filter(el => el.scrollWidth > el.clientWidth + 1 &&
      ['auto', 'scroll'].includes(getComputedStyle(el).overflowX))
    .map(el => el.tagName.toLowerCase() + '.' + el.className),
})"""


def test_the_raters_page_reflows_with_every_remove_link_in_view(
    page, check, people, service, partnership
):
    """Three raters, one now a viewer (so tagged "Cannot rate" with why), at 320px."""
    lead = people["lead"]
    second = member(
        partnership,
        Role.CONTRIBUTOR,
        username="second-contributor",
        first_name="Alexandrina",
        last_name="Featherstonehaugh-Montgomery",
    )
    assessment = team.start_team(user=lead, service=service)
    team.add_raters(
        user=lead, assessment=assessment, raters=[people["contributor"], people["approver"], second]
    )
    Membership.objects.filter(user=people["approver"]).update(role=Role.VIEWER)

    sign_in(page, check, lead.username)
    page.goto(f"/assessments/{assessment.pk}/team/")
    heading(page, "Raters and their progress")
    expect(page.locator("main")).to_contain_text("Cannot rate")
    check("raters")  # axe, and the page itself does not scroll sideways at 320px

    page.set_viewport_size(NARROW)
    try:
        settle(page)
        layout = page.evaluate(_LAYOUT_JS)
    finally:
        page.set_viewport_size(DESKTOP)
    assert layout["page"] <= layout["window"], layout
    assert not layout["scrolling"], f"Scrolls sideways inside the page: {layout['scrolling']}"
    assert len(layout["links"]) == 3, layout["links"]
    for link in layout["links"]:
        assert link["left"] >= 0 and link["right"] <= layout["window"], link
