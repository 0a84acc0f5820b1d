"""The invented partnerships, people and services behind the demo data.

Every name here is made up. The evidence and actions ``demo.py`` writes for them come from
the sentence banks in ``demo_text.py``.
"""

from dataclasses import dataclass, field
from datetime import date

from partnerships.models import Role
from principles.models import Nation

from .models import SignOffDecision


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    role: str


@dataclass(frozen=True)
class DemoService:
    name: str
    care_group: str
    description: str
    people: str  # who the service is for, as evidence refers to them
    team: str  # the service, as evidence refers to it
    facts: tuple[str, ...]
    not_applicable: dict[str, str] = field(default_factory=dict)
    # Why a weak principle needs no action here, where the demo's usual reason for it
    # (``demo_text.NO_ACTION_REASONS``) does not fit this service.
    no_action: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoPartnership:
    slug: str
    name: str
    nation: str
    usual_signoff_body: str
    principle_set: str
    people: tuple[DemoPerson, ...]
    services: tuple[DemoService, ...]
    signoff_body: str
    signoff_decision: str
    signoff_date: date
    signoff_minute: str
    weight_change: tuple[int, int, str]  # principle position, weight, reason
    return_comment: str


def _people(prefix: str, names: tuple[tuple[str, str], ...]) -> tuple[DemoPerson, ...]:
    """The lead, a contributor, a second contributor (so a team can rate individually and
    compare), the approver and a viewer."""
    roles = (Role.LEAD, Role.CONTRIBUTOR, Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER)
    usernames = [f"{prefix}-{role}" for role in roles]
    usernames[2] += "-2"
    return tuple(
        DemoPerson(username, first, last, role)
        for username, role, (first, last) in zip(usernames, roles, names, strict=True)
    )


RIVERSIDE = DemoPartnership(
    slug="riverside",
    name="Riverside Health and Wellbeing Board",
    nation=Nation.ENGLAND,
    usual_signoff_body="Riverside Health and Wellbeing Board",
    principle_set="national-voices",
    people=_people(
        "riverside",
        (
            ("Joanna", "Pike"),
            ("Samuel", "Okoro"),
            ("Aisha", "Rahman"),
            ("Helen", "Marsh"),
            ("Daniel", "Whitlock"),
        ),
    ),
    services=(
        DemoService(
            name="Hospital discharge to assess",
            care_group="Older people",
            description=(
                "Short-term reablement and assessment at home for people leaving the acute "
                "hospital, so that decisions about long-term care are made at home, not on a ward."
            ),
            people="older people leaving hospital",
            team="the discharge to assess team",
            facts=(
                "The team of 22 therapists, nurses and reablement workers supports around "
                "90 people a month.",
                "Most people are seen at home within 24 hours of leaving hospital.",
            ),
            not_applicable={
                "NV-10": "The service is run in-house by the council and the community trust "
                "under a pooled budget, so there is no contract or payment to attach "
                "incentives to.",
            },
            no_action={
                "NV-08": "The action to offer every carer an assessment at first contact is "
                "done. What remains, the assessments themselves, is the council's carers "
                "service's work under the partnership-wide carers strategy, which the service "
                "reports into.",
            },
        ),
        DemoService(
            name="Community mental health hub",
            care_group="Adults with mental health needs",
            description=(
                "A walk-in and referral hub where NHS, council and voluntary sector staff offer "
                "assessment, short-term support and help with housing, money and work."
            ),
            people="adults using the hub",
            team="the hub",
            facts=(
                "The hub opened in 2024 and sees about 140 new people a month.",
                "Peer support workers with lived experience make up a quarter of the staff.",
            ),
        ),
        DemoService(
            name="Supported living for adults with learning disabilities",
            care_group="Adults with learning disabilities",
            description=(
                "Tenancy-based support for 48 adults in shared and individual homes, "
                "commissioned jointly by the council and the integrated care board."
            ),
            people="tenants",
            team="the supported living service",
            facts=(
                "Three providers deliver support under one outcome-based framework.",
                "Tenants and their families meet the providers and commissioners twice a year.",
            ),
        ),
        DemoService(
            name="Urgent community response",
            care_group="Unscheduled care",
            description=(
                "A two-hour crisis response at home for adults at risk of going into hospital, "
                "run by community nurses, therapists and social care workers."
            ),
            people="people in a crisis at home",
            team="the urgent response team",
            facts=(
                "The team responds within two hours in over 80 per cent of cases.",
                "Ambulance crews and care homes can refer directly through one phone number.",
            ),
            not_applicable={
                "NV-07": "The team offers crisis response of up to 48 hours only. Long term "
                "conditions are managed, and assessed, by the community nursing service.",
            },
        ),
    ),
    signoff_body="Riverside Health and Wellbeing Board",
    signoff_decision=SignOffDecision.APPROVED,
    signoff_date=date(2026, 6, 18),
    signoff_minute="HWB 26/041",
    weight_change=(
        7,
        2,
        "Carers told the board this was their main concern in the 2025 engagement, "
        "so the partnership gives it double weight.",
    ),
    return_comment=(
        "Thank you. Before this goes to the board, please add the tenant survey results to "
        "NV-03 and say which actions will close the gaps for carers under NV-08."
    ),
)

GLENBRAE = DemoPartnership(
    slug="glenbrae",
    name="Glenbrae Health and Social Care Partnership",
    nation=Nation.SCOTLAND,
    usual_signoff_body="Glenbrae Integration Joint Board",
    principle_set="scotland-integration-principles",
    people=_people(
        "glenbrae",
        (
            ("Morag", "Kerr"),
            ("Callum", "Reid"),
            ("Kirsty", "MacLeod"),
            ("Isla", "Drummond"),
            ("Euan", "Baird"),
        ),
    ),
    services=(
        DemoService(
            name="Care at home",
            care_group="Older people",
            description=(
                "Personal care and reablement at home across Glenbrae's towns and rural "
                "localities, by the partnership's own team and two commissioned providers."
            ),
            people="people receiving care at home",
            team="the care at home service",
            facts=(
                "The service delivers around 9,000 hours of care a week to 850 people.",
                "About a fifth of people live in the rural glens, where recruitment is hardest.",
            ),
        ),
        DemoService(
            name="Primary care mental health team",
            care_group="Adults with mental health needs",
            description=(
                "Mental health practitioners based in GP practices, offering assessment and "
                "brief interventions without a referral to secondary care."
            ),
            people="people seen by the team",
            team="the primary care mental health team",
            facts=(
                "Practitioners work from all 14 GP practices in the area.",
                "Most people are seen within two weeks of booking.",
            ),
        ),
        DemoService(
            name="Learning disability day opportunities",
            care_group="Adults with learning disabilities",
            description=(
                "Community-based day opportunities, employment support and short breaks for "
                "adults with learning disabilities and their families."
            ),
            people="adults using day opportunities",
            team="the day opportunities service",
            facts=(
                "The service moved from two day centres to community venues in 2025.",
                "Twelve people now have paid or voluntary work arranged through the service.",
            ),
            no_action={
                "SC-09": "The move from two day centres to community venues finished only in "
                "2025. The service wants a full year of attendance figures and feedback from "
                "people and their families before it decides what more is needed.",
            },
        ),
        DemoService(
            name="Hospital at home",
            care_group="Unscheduled care",
            description=(
                "Hospital-level care at home for older people who would otherwise be admitted, "
                "led by a consultant geriatrician with advanced nurse practitioners."
            ),
            people="people treated at home",
            team="the hospital at home team",
            facts=(
                "The team has 20 virtual beds and an average stay of six days.",
                "Referrals come from GPs, the Scottish Ambulance Service and the emergency "
                "department.",
            ),
            not_applicable={
                "SC-09": "Hospital at home provides short acute episodes lasting days. Helping "
                "people take part in community life is the role of the follow-on services, "
                "which are assessed separately.",
            },
        ),
    ),
    signoff_body="Glenbrae Integration Joint Board",
    signoff_decision=SignOffDecision.ENDORSED,
    signoff_date=date(2026, 6, 25),
    signoff_minute="IJB 2026/06 item 7",
    weight_change=(
        5,
        3,
        "The strategic plan makes seamless care at home the board's first priority for the year.",
    ),
    return_comment=(
        "Please add what families said in the day opportunities consultation to SC-07, and "
        "explain the SC-02 rating in the light of the adult protection audit."
    ),
)

PARTNERSHIPS = (RIVERSIDE, GLENBRAE)
