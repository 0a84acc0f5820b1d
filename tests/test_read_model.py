"""The read model of scores: scales, previous assessments and ratings, for one or many."""

import pytest

from assessments import read_model
from assessments.models import Assessment
from assessments.score_figures import HeadlineScore
from partnerships.models import Role
from principles.models import PrincipleSet, RatingLevel, RatingScale
from reporting.board_pack import build_board_pack
from reporting.reports import build_report
from tests import builders
from tests.factories import PrincipleSetFactory, RatingScaleFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approver(people):
    return people[Role.APPROVER]


def signed(*, service, lead, approver, period, value=3, principle_set=None) -> Assessment:
    """A completed assessment of ``service`` for ``period``, signed off."""
    assessment = builders.start(
        user=lead, service=service, period=period, principle_set=principle_set
    )
    builders.complete(user=lead, assessment=assessment, value=value)
    builders.submit(user=lead, assessment=assessment)
    return builders.sign_off(user=approver, assessment=assessment)


def test_scales_are_fixed_when_assessments_start(partnership, lead, django_assert_num_queries):
    """Drafts on two different scales keep the levels they started with: no query needed."""
    four_levels = RatingScaleFactory(levels=[1, 2, 3, 4])
    drafts = [builders.start(user=lead, service=ServiceFactory(partnership=partnership))]
    drafts += [
        builders.start(
            user=lead,
            service=ServiceFactory(partnership=partnership),
            principle_set=PrincipleSetFactory(rating_scale=four_levels),
        )
        for _ in range(3)
    ]
    with django_assert_num_queries(0):
        scales = read_model.scales_for(drafts)
    assert scales[drafts[0].pk].values == (1, 2, 3, 4, 5)
    assert {scales[d.pk].values for d in drafts[1:]} == {(1, 2, 3, 4)}
    assert (scales[drafts[1].pk].lowest, scales[drafts[1].pk].highest) == (1, 4)


def test_a_level_added_later_changes_no_assessment_already_started(
    submitted, service, lead, django_assert_num_queries
):
    """A level added after an assessment started changes neither a draft's scale nor a
    submitted one's; only assessments started afterwards use it."""
    draft = builders.start(user=lead, service=service, period="2027/28")
    RatingLevel.objects.create(
        scale=RatingScale.objects.default(), value=6, label="Leading", descriptor="Leading."
    )
    later = builders.start(user=lead, service=service, period="2028/29")
    with django_assert_num_queries(0):  # every value needed is frozen
        scales = read_model.scales_for([submitted, draft, later])
    assert scales[submitted.pk].values == (1, 2, 3, 4, 5)
    assert scales[draft.pk].values == (1, 2, 3, 4, 5)
    assert scales[later.pk].values == (1, 2, 3, 4, 5, 6)


def test_bands_are_frozen_at_submission_and_read_live_for_drafts(
    submitted, service, lead, django_assert_num_queries
):
    """A submitted assessment reads its scores in the words frozen at submission; drafts in
    the scale's current words, read in one query for all of them."""
    drafts = [builders.start(user=lead, service=service, period=p) for p in ("2027/28", "2028/29")]
    RatingLevel.objects.filter(value=3).update(label="Developing")
    scales = read_model.scales_for([submitted, *drafts])
    with django_assert_num_queries(1):
        bands = read_model.bands_for([submitted, *drafts], scales)
    assert bands[submitted.pk][2] == (38, "Growing")
    assert bands[drafts[0].pk][2] == bands[drafts[1].pk][2] == (38, "Developing")
    with django_assert_num_queries(0):
        read_model.bands_for([submitted], scales)


def test_scale_input_sorts_values():
    """A scale runs from its lowest to its highest value, whatever order they come in."""
    scale = read_model.scale_input([3, 1, 5, 2, 4])
    assert (scale.lowest, scale.highest, scale.values) == (1, 5, (1, 2, 3, 4, 5))


def test_previous_signed_off_is_the_latest_earlier_one_of_the_same_service_and_set(
    partnership, lead, approver, django_assert_num_queries
):
    """Only signed-off assessments of the same service and set, before the period, count."""
    service, other = (
        ServiceFactory(partnership=partnership),
        ServiceFactory(partnership=partnership),
    )
    oldest = signed(service=service, lead=lead, approver=approver, period="2024/25")
    latest = signed(service=service, lead=lead, approver=approver, period="2025/26")
    signed(
        service=service,
        lead=lead,
        approver=approver,
        period="2025/26",
        principle_set=PrincipleSetFactory(),
    )  # another set
    unsigned = builders.start(user=lead, service=service, period="2026/27")
    current = builders.start(user=lead, service=service, period="2027/28")
    alone = builders.start(user=lead, service=other, period="2027/28")

    with django_assert_num_queries(1):
        found = read_model.previous_signed_off([current, unsigned, latest, oldest, alone])
    assert found == {
        current.pk: latest,
        unsigned.pk: latest,
        latest.pk: oldest,
        oldest.pk: None,
        alone.pk: None,
    }


def test_previous_signed_off_reads_nothing_from_assessments_already_read(
    service, lead, approver, django_assert_num_queries
):
    """Given the assessments already read, the previous one is picked without a query."""
    earlier = signed(service=service, lead=lead, approver=approver, period="2025/26")
    current = builders.start(user=lead, service=service, period="2026/27")
    among = list(Assessment.objects.filter(service=service))
    with django_assert_num_queries(0):
        assert read_model.previous_signed_off([current], among=among) == {current.pk: earlier}


def test_ratings_for_reads_many_assessments_in_set_order(
    partnership, lead, django_assert_num_queries
):
    """Every rating of every assessment, with actions in due order, in two queries."""
    drafts = [
        builders.start(user=lead, service=ServiceFactory(partnership=partnership)) for _ in range(3)
    ]
    builders.rate(
        user=lead,
        assessment=drafts[1],
        code="NV-02",
        actions=[
            builders.new_action(description="Later", due_date=builders.DUE.replace(day=30)),
            builders.new_action(description="Sooner", due_date=builders.DUE.replace(day=1)),
        ],
    )
    with django_assert_num_queries(2):
        ratings = read_model.ratings_for(drafts, with_actions=True)
        codes = {pk: [r.code for r in items] for pk, items in ratings.items()}
        actions = [a.description for r in ratings[drafts[1].pk] for a in r.actions.all()]
        groups = {r.group_heading for items in ratings.values() for r in items}
        owners = {r.assessment for items in ratings.values() for r in items}
    assert codes == {d.pk: [f"NV-{n:02d}" for n in range(1, 13)] for d in drafts}
    assert actions == ["Sooner", "Later"]
    assert groups and owners == set(drafts)


def test_score_assessments_compares_only_on_the_same_scale(
    service, lead, approver, django_assert_num_queries
):
    """The previous signed-off assessment is compared with, unless the scale has changed."""
    signed(service=service, lead=lead, approver=approver, period="2025/26", value=2)
    same = builders.start(user=lead, service=service, period="2026/27")
    builders.complete(user=lead, assessment=same, value=4)

    with django_assert_num_queries(4):  # previous, draft's words, ratings, actions
        scored = read_model.score_assessments([same], with_actions=True)[same.pk]
    assert scored.previous is not None and scored.previous.period == "2025/26"
    assert (scored.score.weighted_score, scored.score.previous_weighted_score) == (75, 25)
    assert scored.score.change == 50
    assert set(scored.previous_normalised().values()) == {25}

    RatingLevel.objects.create(
        scale=RatingScale.objects.default(), value=6, label="Leading", descriptor="Leading."
    )
    assert read_model.score_assessments([same])[same.pk].previous is not None  # started before
    other = builders.start(user=lead, service=service, period="2027/28")
    builders.complete(user=lead, assessment=other, value=4)
    changed = read_model.score_assessments([other])[other.pk]
    assert changed.previous is None and changed.previous_ratings == ()
    assert changed.score.change is None


def test_report_and_board_pack_score_alike(service, lead, approver):
    """The report and the board pack build the same score from the read model."""
    signed(service=service, lead=lead, approver=approver, period="2025/26", value=2)
    current = signed(service=service, lead=lead, approver=approver, period="2026/27", value=5)
    pack = build_board_pack(service.partnership, PrincipleSet.objects.get(slug="national-voices"))
    report = build_report(Assessment.objects.get(pk=current.pk))
    assert pack.included[0].assessment == current
    assert pack.included[0].score == HeadlineScore.of(report.score)
