"""Signed-off assessments for the board pack tests, the board pack's addresses, and its page
without what changes on every request."""

import re

from django.urls import reverse

from partnerships.models import Role
from tests.builders import complete, rate, sign_off, start, submit
from tests.factories import ServiceFactory

NV, SCOTLAND = "national-voices", "scotland-integration-principles"
NO_CHILDREN = "No children use this service."


def signed(service, people, period, *, level=3, levels=None, not_applicable=(), principle_set=None):
    """A signed-off assessment: every principle at ``level`` except those given."""
    lead, approver = people[Role.LEAD], people[Role.APPROVER]
    assessment = start(user=lead, service=service, period=period, principle_set=principle_set)
    complete(user=lead, assessment=assessment, value=level)
    for code, value in (levels or {}).items():
        rate(user=lead, assessment=assessment, code=code, value=value)
    for code in not_applicable:
        rate(user=lead, assessment=assessment, code=code, value=None, na=True, reason=NO_CHILDREN)
    submit(user=lead, assessment=assessment)
    return sign_off(user=approver, assessment=assessment)


def hand_checked_services(partnership, people) -> dict:
    """Alpha: NV-01 at 5, NV-02 not applicable, the rest at 3 (55%), plus a later draft.
    Beta: NV-01 at 1, the rest at 4 (69%), up from all at 3 (50%) the year before.
    Gamma: no assessment."""
    alpha = ServiceFactory(partnership=partnership, name="Alpha reablement")
    beta = ServiceFactory(partnership=partnership, name="Beta discharge")
    gamma = ServiceFactory(partnership=partnership, name="Gamma carers")
    alpha_signed = signed(alpha, people, "2026/27", levels={"NV-01": 5}, not_applicable=["NV-02"])
    alpha_draft = start(user=people[Role.LEAD], service=alpha, period="2027/28")
    rate(user=people[Role.LEAD], assessment=alpha_draft, code="NV-03", value=5)
    beta_before = signed(beta, people, "2025/26")
    beta_signed = signed(beta, people, "2026/27", level=4, levels={"NV-01": 1})
    return {
        "alpha": alpha_signed,
        "alpha_draft": alpha_draft,
        "beta_before": beta_before,
        "beta": beta_signed,
        "gamma": gamma,
    }


def pack_url(partnership, name="board_pack", set_slug=NV, **kwargs):
    """The address of the board pack page ``name`` (its PDF, its export) for ``set_slug``."""
    return reverse(f"assessments:{name}", args=[partnership.slug, set_slug, *kwargs.values()])


def unchanging(content: bytes) -> str:
    """The page without what changes on every request (the CSP nonce, the CSRF token, the
    seconds left before the session times out)."""
    changing = r'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|data-seconds-left="\d+"'
    return re.sub(changing, "", content.decode())
