"""The sentence banks the demo data's evidence and improvement actions are written from.

``demo.py`` chooses from them by position rather than at random, so every run writes the
same text. Every service, team and person they name is made up (``demo_content.py``).
"""


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


# Why a principle rated in the lowest two levels needs no improvement action of its own,
# by principle: each names what already covers it, or why an action would be premature.
# A service can give its own reason instead (``DemoService.no_action``).
NO_ACTION_REASONS = {
    code: reason
    for code, (reason,) in _bank("""
NV-01
- Every service in the partnership moves to one care plan, written with the person and starting
  from what matters to them, under the personalisation programme this year. This service is in its
  first group, so an action of its own would duplicate it.
NV-02
- Evidence is thin rather than practice weak: changes are talked through with people who use the
  service, but what they said was not written down. The improvement log started this year will show
  whether an action is needed.
NV-03
- The partnership is choosing one measure that people score for themselves, for all its services,
  by the end of the year. The service will use it rather than design its own survey now.
NV-04
- The council's grants to voluntary organisations are being recommissioned this year, and the new
  programme will set what they do in each service. An action now would run ahead of it.
NV-05
- The partnership's equality and inclusion plan sets how every service reaches the communities it
  serves least well, and reports on it to the board. The service is part of that plan rather than
  running an action of its own.
NV-06
- The partnership's lived experience panel starts reviewing changes to every service in the spring.
  The service will take its changes there rather than set up a group of its own.
NV-07
- Long term physical conditions are managed by GP practices and community nursing, not by this
  service. The integrated care board's long term conditions programme owns the improvement, and the
  service takes part in it.
NV-08
- The partnership-wide carers strategy covers this: carers' assessments are offered by the council's
  carers service for every team, and the strategy sets how many. The service reports its referrals
  into it rather than running an action of its own.
NV-09
- Who leads the commissioning of this service is being settled in the new pooled budget agreement,
  due in the spring. An action before then would pre-empt the joint commissioning board's decision.
NV-10
- Payment terms are set by the joint commissioning board for all providers at once. The question of
  incentives has been raised with it, and it owns the response.
NV-11
- Social value is scored under the council's procurement rules in every contract. The service's next
  contract will be let under them, so it needs no action of its own.
NV-12
- The service's long-term funding is being settled in the partnership's three-year financial plan,
  which also sets how services test changes. A separate action now would duplicate it.
SC-01
- Training in human rights-based practice is being given to every team in the partnership this year
  by the practice development lead. The service's staff are booked on it, so it needs no action of
  its own.
SC-02
- The partnership's adult support and protection improvement plan already covers this service's
  referrals and incident reviews, and its progress is reported to the chief officers' group. A
  separate action would duplicate it.
SC-03
- The Care Inspectorate is due to inspect the service in the spring, and its findings will set the
  improvement plan. An action now would run ahead of them.
SC-04
- Evidence is thin rather than practice weak: anticipatory care plans are kept in GP systems that
  the service cannot report from yet. The data-sharing agreement due in the spring will show whether
  an action is needed.
SC-05
- Buildings, transport and rotas are being reviewed across the partnership in the property and
  workforce review, which reports to the board in the spring. The service's share of them will
  change with it.
SC-06
- Shared records depend on the partnership's move to one care record system, which is funded and
  planned. The service is in its second phase, so an action of its own would duplicate it.
SC-07
- Locality planning groups are being set up across the partnership this year. The service will
  bring its plans to them once they meet, rather than set up a group of its own.
SC-08
- Communication needs become a required field in the partnership's shared assessment form in the
  spring, which closes the gap for every service at once.
SC-09
- Community link workers, employed through the GP practices, help people take part in local groups
  and activities. The service refers people to them, and the link workers' plan carries the
  improvement.
SC-10
- Evidence is thin rather than practice weak: the dignity survey reached too few people who need
  communication support. The accessible version due in the autumn will show whether an action is
  needed.
SC-11
- The locality model being tested in the rural localities will show how to close the gap between
  the towns and the glens. The service will follow what it finds rather than run its own action.
SC-12
- Recording people's characteristics depends on the new client record system, which goes live
  across the partnership next year. The service will complete the missing records as part of that
  move.
""").items()
}
# For a principle of any other set.
OTHER_NO_ACTION_REASON = (
    "The partnership's improvement programme covers this principle for every service this "
    "year, so an action of its own would duplicate it."
)
