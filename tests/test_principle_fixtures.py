"""The shipped principle sets: published text and order, and safe re-loading."""

import pytest
from django.core.management import call_command

from principles.models import Principle, PrincipleGroup, PrincipleSet, RatingLevel, RatingScale
from principles.services import principle_fixtures_load_missing

pytestmark = pytest.mark.django_db

# The statements as published (shared/seeds), in published order.
NATIONAL_VOICES = [
    "be organised around the needs of individuals (person-centred)",
    "focus always on the goal of benefiting service users",
    "be evaluated by its outcomes, especially those which service users themselves report",
    "include community and voluntary sector contributions",
    "be fully inclusive of all communities in the locality",
    "be designed together with the users of services and their carers",
    "deliver a new deal for people with long term conditions",
    "respond to carers as well as the people they are caring for",
    "be driven forwards by the commissioners",
    "be encouraged through incentives",
    "aim to achieve public and social value, not just to save money",
    "last over time and be allowed to experiment",
]

# (group heading, statutory item, statement) in the seed's order. The seed's
# doubled spaces and "service- users" line-break hyphens are not part of the text.
SCOTLAND = [
    ("Services will be provided in a way which", "v", "respects the rights of service-users"),
    (
        "Services will be provided in a way which",
        "viii",
        "protects and improves the safety of service-users",
    ),
    ("Services will be provided in a way which", "ix", "improves the quality of the service"),
    (
        "Services will be provided in a way which",
        "xi",
        "best anticipates needs and prevents them from arising",
    ),
    (
        "Services will be provided in a way which",
        "xii",
        "makes the best use of the available facilities, people and other resources",
    ),
    ("Services must be", "i", "integrated from the point of view of service-users"),
    (
        "Services must be",
        "x",
        "planned and led locally in a way which is engaged with the community (including in "
        "particular service-users, those who look after service-users and those who are involved "
        "in the provision of health or social care)",
    ),
    ("Services must take account of", "ii", "the particular needs of different service-users"),
    (
        "Services must take account of",
        "vii",
        "the participation by service-users in the community in which service-users live",
    ),
    ("Services must take account of", "vi", "the dignity of service-users"),
    (
        "Services must take account of",
        "iii",
        "the particular needs of service-users in different parts of the area in which the service "
        "is being provided",
    ),
    (
        "Services must take account of",
        "iv",
        "the particular characteristics and circumstances of different service-users",
    ),
]


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (RatingScale, RatingLevel, PrincipleSet, PrincipleGroup, Principle)
    }


def test_national_voices_has_twelve_statements_in_published_order(principle_sets):
    """National Voices loads its 12 statements verbatim, in order, introduced by the stem."""
    nv = PrincipleSet.objects.get(slug="national-voices")
    principles = list(nv.principles.order_by("order"))
    assert [p.statement for p in principles] == NATIONAL_VOICES
    assert [p.code for p in principles] == [f"NV-{n:02d}" for n in range(1, 13)]
    assert nv.statement_stem == "Integrated care must"
    assert nv.jurisdiction == "england"


def test_scotland_has_twelve_principles_in_three_groups_with_statutory_references(principle_sets):
    """Scotland's principles load in the seed's groups and order, each with its statutory item."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    principles = list(scotland.principles.select_related("group").order_by("order"))
    assert [(p.group.title, p.statement) for p in principles] == [
        (group, statement) for group, _, statement in SCOTLAND
    ]
    assert [p.statutory_reference for p in principles] == [
        f"s.4(1)(b)({item}) and s.31(b)({item})" for _, item, _ in SCOTLAND
    ]
    assert [g.title for g in scotland.groups.order_by("order")] == [
        "Services will be provided in a way which",
        "Services must be",
        "Services must take account of",
    ]
    assert [p.code for p in principles] == [f"SC-{n:02d}" for n in range(1, 13)]


def test_scotland_main_purpose_is_a_statement_not_a_principle(principle_sets):
    """The main purpose is held on the set and is not one of the scored principles."""
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    assert scotland.main_purpose == (
        "The main purpose of integrated health and social care services is to improve the "
        "wellbeing of service-users."
    )
    assert not scotland.principles.filter(statement__icontains="wellbeing").exists()


def test_default_scale_has_five_levels_and_no_not_applicable(principle_sets):
    """The default scale runs 1 to 5 with the agreed labels and a descriptor for each."""
    scale = RatingScale.objects.default()
    levels = list(scale.levels.order_by("value"))
    assert [(level.value, level.label) for level in levels] == [
        (1, "Not evident"),
        (2, "Limited"),
        (3, "Growing"),
        (4, "Strengthening"),
        (5, "Embedded"),
    ]
    assert all(level.descriptor.endswith(".") for level in levels)
    assert not RatingLevel.objects.filter(label__icontains="applicable").exists()


def test_guidance_is_ours_and_said_to_be(principle_sets):
    """Every principle has prompt questions, and each set says they are not published text."""
    assert not Principle.objects.filter(guidance="").exists()
    for principle_set in PrincipleSet.objects.all():
        assert "written for this tool" in principle_set.guidance_note


def test_loaddata_twice_changes_nothing(principle_sets):
    """Loading every fixture a second time keeps the same rows and text."""
    before = _snapshot()
    statements = list(Principle.objects.order_by("code").values_list("statement", flat=True))
    for name in ("rating-scales", "national-voices", "scotland-integration-principles"):
        call_command("loaddata", name, verbosity=0)
    assert _snapshot() == before
    assert list(Principle.objects.order_by("code").values_list("statement", flat=True)) == (
        statements
    )


def test_load_missing_loads_everything_into_an_empty_database():
    """The start-up loader loads all three fixtures when nothing is there."""
    assert principle_fixtures_load_missing() == [
        "rating-scales",
        "national-voices",
        "scotland-integration-principles",
    ]
    assert Principle.objects.count() == 24
    assert principle_fixtures_load_missing() == []


def test_load_missing_keeps_an_admins_edit_and_loaddata_resets_it(principle_sets):
    """Start-up loading never overwrites edited text; loaddata restores the published text."""
    Principle.objects.filter(code="NV-03").update(statement="Edited by an admin")
    call_command("load_principles", verbosity=0)
    assert Principle.objects.get(code="NV-03").statement == "Edited by an admin"

    call_command("loaddata", "national-voices", verbosity=0)
    assert Principle.objects.get(code="NV-03").statement == NATIONAL_VOICES[2]


def test_load_missing_adds_a_deleted_set_back_without_touching_the_other(principle_sets):
    """A set that is absent is loaded even when the other set is present and edited."""
    Principle.objects.filter(code="NV-01").update(statement="Edited")
    scotland = PrincipleSet.objects.get(slug="scotland-integration-principles")
    scotland.principles.all().delete()
    scotland.delete()

    assert principle_fixtures_load_missing() == ["scotland-integration-principles"]
    assert Principle.objects.filter(code__startswith="SC-").count() == 12
    assert Principle.objects.get(code="NV-01").statement == "Edited"
