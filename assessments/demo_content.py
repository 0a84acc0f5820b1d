"""The invented partnerships, people, services and evidence behind the demo data.

Every name here is made up. ``demo.py`` builds evidence from the sentence banks
below, chosen by position rather than at random, so every run writes the same text.
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


def _bank(text: str) -> dict[str, tuple[str, ...]]:
    """Read a sentence bank: a key on its own line, then "- " items; indented lines continue."""
    bank: dict[str, list[str]] = {}
    items: list[str] = []
    for line in text.strip().splitlines():
        if line.startswith("- "):
            items.append(line[2:])
        elif line.startswith("  "):
            items[-1] += " " + line.strip()
        else:
            items = bank.setdefault(line.strip(), [])
    return {key: tuple(values) for key, values in bank.items()}


# What each principle looks like in practice: two sentences to choose from.
PRINCIPLE_EVIDENCE = _bank("""
NV-01
- Everyone supported by {team} has one care plan written with them, starting from what matters to
  them.
- Assessments begin with a 'what matters to you' conversation, and plans are reviewed with {people}
  rather than about them.
NV-02
- Changes to {team} are tested against whether they improve things for {people}, not only whether
  they save staff time.
- The improvement log records the benefit to {people} expected from each change and whether it was
  seen.
NV-03
- We ask {people} to score their own goals at the start and end of support and report the results
  to the performance group.
- Outcome measures reported by {people} are collected when support ends; the response rate last
  year was just over a third.
NV-04
- Two local voluntary organisations join the daily huddle of {team} and take referrals directly.
- Community and voluntary sector partners sit on the steering group and deliver part of the
  follow-up offer.
NV-05
- Equality monitoring shows that {people} from some minority ethnic communities are
  under-represented in referrals.
- Interpreters are booked routinely, and easy read and translated information is available in the
  five most spoken local languages.
NV-06
- People with lived experience and carers designed the referral pathway with staff in a series of
  workshops.
- A lived experience panel, paid for its time, reviews changes to {team} before they are agreed.
NV-07
- People with long term conditions have a named coordinator and a shared plan that GPs and
  community teams can see.
- {team} links with community nursing and practice care coordinators so that long term conditions
  are managed in one plan.
NV-08
- Carers are offered their own assessment when the person they care for is referred, and the offer
  is recorded.
- Carers say they are kept informed, but fewer than half had a carer's assessment in the year.
NV-09
- The joint commissioning group owns the service specification for {team} and reviews performance
  against it every quarter.
- Council and integrated care board commissioners have agreed shared outcomes for {team} in the
  pooled budget agreement.
NV-10
- The contract includes a small payment linked to people still living at home 91 days after support
  ends.
- There are no financial incentives for integration yet; a shared risk and gain arrangement is
  being discussed.
NV-11
- The business case for {team} counts social value, such as local jobs and volunteering, alongside
  savings.
- The last procurement weighted social value at 20 per cent of the evaluation.
NV-12
- {team} has recurrent funding and a three-year plan, with small tests of change agreed at the
  monthly team meeting.
- {team} runs plan-do-study-act cycles on one change at a time and shares the results with
  partners.
SC-01
- Staff have had human rights-based training, and the PANEL principles are used when reviewing
  support for {people}.
- Information about rights, independent advocacy and how to complain is given to {people} at the
  first contact.
SC-02
- Adult support and protection referrals from {team} are reviewed every week with the social work
  lead.
- Health board and council staff report incidents through one shared system, reviewed monthly.
SC-03
- The Care Inspectorate last graded {team} as good, and the improvement plan that followed is on
  track.
- Quality is checked through monthly case file audits and a quarterly report to the clinical and
  care governance group.
SC-04
- Most {people} have an anticipatory care plan, shared with out-of-hours services.
- {team} uses frailty and risk information from GP practices to offer support before a crisis.
SC-05
- Health and council staff in {team} share one rota and one base, which has cut duplicate visits.
- Travel takes nearly a third of staff hours in the rural localities; scheduling software is being
  tested to reduce it.
SC-06
- {people} have one point of contact and do not have to repeat their story to each professional.
- Health and social care records are still held on separate systems, so staff rely on shared
  summaries.
SC-07
- Each locality planning group, with community councils and the third sector interface, agreed the
  priorities for {team}.
- The service plan was developed with locality planning groups and the views of {people} and their
  carers.
SC-08
- Support is adjusted for people with sensory impairment, dementia or communication needs, and this
  is checked in audit.
- Care plans record individual needs, but the audit found communication needs were sometimes
  missing.
SC-09
- Staff help {people} keep their links with local groups, clubs and faith communities.
- Community link workers work alongside {team} to help people take part in local activities.
SC-10
- In the annual survey 94 per cent of {people} said staff treated them with dignity and respect.
- Support is planned at times people choose where possible, and visits are never shortened without
  agreement.
SC-11
- Waiting times are longer in the rural localities, and a locality-based model is being tested
  there.
- Uptake is reported by locality so that gaps between the towns and the glens can be seen.
SC-12
- Equality impact assessments were carried out and published for the last two changes to {team}.
- Protected characteristics are recorded, but recording of ethnicity and sexual orientation is
  incomplete.
""")

# What the level means for this principle here: two sentences per level.
LEVEL_NOTES = {
    int(level): notes
    for level, notes in _bank("""
1
- We could not find this in routine practice.
- There is no agreed approach to this yet.
2
- Practice depends on individual staff and is not consistent across the team.
- The case file audit found this in fewer than half of the records sampled.
3
- This is usual practice in most cases, but records do not always show it.
- Feedback is positive, but we only have data for part of the year.
4
- This is part of the team's procedures and is checked in monthly supervision.
- Audit and feedback both show this in most cases, with gaps out of hours.
5
- This is routine across all partners and reported to the board every quarter.
- People and carers confirmed this in the annual survey and at the lived experience panel.
""").items()
}


# Improvement actions by principle: "code | owner (a job title)", then what will be done.
ACTION_BANK = {
    code: (description, owner)
    for heading, (description,) in _bank("""
NV-01 | Head of Integrated Community Services
- Put a 'what matters to me' summary at the front of every care record.
NV-02 | Service Manager
- Add a measure of people's experience to the monthly service dashboard.
NV-03 | Performance and Intelligence Lead
- Raise the response rate for outcome measures to 60 per cent by offering a phone option.
NV-05 | Equality and Inclusion Manager
- Work with two community organisations to reach under-represented communities and review referrals
  by ethnicity.
NV-06 | Engagement Lead
- Recruit four more members to the lived experience panel, including young carers.
NV-08 | Carers Lead, Adult Social Care
- Offer every carer an assessment at first contact and report uptake quarterly.
NV-10 | Head of Joint Commissioning
- Propose a shared risk and gain arrangement at the next pooled budget review.
SC-01 | Practice Development Lead
- Run human rights-based practice sessions for every new member of staff.
SC-02 | Adult Protection Lead
- Audit adult support and protection referrals for timeliness and share the findings with the team.
SC-03 | Registered Manager
- Complete the remaining actions in the Care Inspectorate improvement plan.
SC-05 | Locality Manager
- Test scheduling software in the two rural localities to cut travel time.
SC-06 | Digital Lead
- Give staff read access to each other's records through the shared care portal.
SC-08 | Principal Social Worker
- Make communication needs a required field in the assessment form.
SC-10 | Allied Health Professions Lead
- Repeat the dignity survey with people who need communication support, using accessible formats.
""").items()
    for code, owner in [heading.split(" | ")]
}
