"""Team scoring assessments the page, report and privacy tests start from (real services)."""

from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import member

# A rationale nobody but its rater may read before agreement opens.
SECRET = "Only-I-should-see-this rationale"

# Individual levels of three raters for the first three principles: NV-01 agreed (2, 3, 3),
# NV-02 split (1, 3, 5: median 3, two of three outside 2 to 4), NV-03 one not applicable.
LEVELS = {"NV-01": (2, 3, 3), "NV-02": (1, 3, 5), "NV-03": (4, 4, None)}


def three_raters(partnership, people) -> list:
    """The contributor, the approver and a second contributor, Priya Shah."""
    second = member(
        partnership,
        Role.CONTRIBUTOR,
        username="second-contributor",
        first_name="Priya",
        last_name="Shah",
    )
    return [people["contributor"], people["approver"], second]


def individual_phase(service, people, raters, *, period="2026/27"):
    """A team draft in the individual phase: each rater has rated the first three principles
    (NV-01 by the first rater with ``SECRET`` as rationale)."""
    draft = team.start_team(user=people["lead"], service=service, period=period)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters)
    for code, values in LEVELS.items():
        for user, value in zip(raters, values, strict=True):
            secret = code == "NV-01" and user == raters[0]
            team.rate_individually(
                user=user,
                assessment=draft,
                code=code,
                value=value,
                na=value is None,
                reason="Not our service" if value is None else "",
                rationale=SECRET if secret else f"{user.first_name} on {code}",
            )
    return builders.reload(assessment=draft)


def agreement_phase(service, people, raters, *, period="2026/27"):
    """``individual_phase``, with agreement opened early by the lead."""
    draft = individual_phase(service, people, raters, period=period)
    return team.open_agreement(user=people["lead"], assessment=draft, although_unfinished=True)


def agreed_and_submitted(service, people, raters, *, period="2026/27"):
    """``agreement_phase``, every principle agreed at 3 except NV-02 at 5 (two levels from its
    median of 3, with a note), then submitted."""
    draft = agreement_phase(service, people, raters, period=period)
    builders.complete(user=people["lead"], assessment=draft, value=3)
    team.agree(
        user=people["lead"],
        assessment=draft,
        code="NV-02",
        value=5,
        note="The pilot's results came after the individual ratings.",
    )
    return builders.submit(user=people["lead"], assessment=draft)
