"""Every page is scoped to the user's partnerships and every write is role-checked.

The URL list is read from the URL configuration, so a new page cannot be left out:
it fails ``test_every_app_url_has_expectations`` until it is added to EXPECTED.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import ImprovementAction, Rating
from partnerships.models import Role
from tests.builders import complete, new_action, rate, sign_off, start, submit
from tests.factories import PartnershipFactory, ServiceFactory, member

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
ALL = {C: 200, L: 200, A: 200, V: 200}
NOT_FOUND = {C: 404, L: 404, A: 404, V: 404}

# GET status for each role, by URL name and assessment state ("-" for pages with no assessment).
EXPECTED = {
    "home": {"-": ALL},
    "principles:list": {"-": ALL},
    "principles:detail": {"-": ALL},
    "notifications:preferences": {"-": ALL},
    # "Stay signed in" in the timeout warning: POST only, for anyone signed in.
    "session_keep_alive": {"-": {C: 405, L: 405, A: 405, V: 405}},
    "assessments:start": {"-": {C: 403, L: 200, A: 403, V: 403}},
    "assessments:overview": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "assessments:principle": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "assessments:check": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    # "The rating still stands" after a principle was reworded: POST only, by whoever may
    # edit the draft (tests/test_signed_off_is_final.py posts it).
    # Moved on, a lead or contributor reads why (200), not "You cannot do this".
    "assessments:wording_confirm": {
        "draft": {C: 405, L: 405, A: 403, V: 403},
        "submitted": {C: 200, L: 200, A: 403, V: 403},
        "signed_off": {C: 200, L: 200, A: 403, V: 403},
    },
    "assessments:history": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "assessments:report": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "assessments:report_pdf": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "assessments:export": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    # Partnership pages: the assessment's partnership and principle set.
    "assessments:board_pack": {"signed_off": ALL},
    "assessments:board_pack_pdf": {"signed_off": ALL},
    "assessments:partnership_export": {"signed_off": ALL},
    # Where the role allows a change but the state does not, the page says who moved the
    # assessment on and when (200), not "You cannot do this" (tests/test_not_saved_everywhere.py).
    "assessments:weights": {
        "draft": {C: 403, L: 200, A: 403, V: 403},
        "submitted": {C: 403, L: 200, A: 403, V: 403},
        "signed_off": {C: 403, L: 200, A: 403, V: 403},
    },
    "assessments:submitted": {
        "draft": {C: 302, L: 302, A: 302, V: 302},
        "submitted": ALL,
        "signed_off": {C: 302, L: 302, A: 302, V: 302},  # to the assessment's own page
    },
    "assessments:return": {
        "draft": {C: 403, L: 200, A: 200, V: 403},
        "submitted": {C: 403, L: 200, A: 200, V: 403},
        "signed_off": {C: 403, L: 200, A: 200, V: 403},
    },
    "assessments:sign_off": {
        "draft": {C: 403, L: 403, A: 200, V: 403},
        "submitted": {C: 403, L: 403, A: 200, V: 403},
        "signed_off": {C: 403, L: 403, A: 200, V: 403},
    },
    # A partnership's team (the assessment's partnership): leads only. Resend and
    # withdraw take POST only; their POSTs are tested in test_invitation_pages.py.
    "accounts:team": {"signed_off": {C: 403, L: 200, A: 403, V: 403}},
    "accounts:invitation_resend": {"signed_off": {C: 403, L: 405, A: 403, V: 403}},
    "accounts:invitation_withdraw": {"signed_off": {C: 403, L: 405, A: 403, V: 403}},
    # People's voice, for assessments with no feedback round yet (pages with a round:
    # tests/test_voice_members.py). Leads manage; viewers only read.
    "voice:overview": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "voice:comments": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "voice:manage": {
        "draft": {C: 403, L: 200, A: 403, V: 403},
        "submitted": {C: 403, L: 200, A: 403, V: 403},
        "signed_off": {C: 403, L: 200, A: 403, V: 403},
    },
    "voice:poster": {s: {C: 404, L: 404, A: 404, V: 403} for s in ("draft", "signed_off")},
    # Team scoring, for assessments rated by one shared form: only a lead may switch an
    # unrated draft; the other pages do not exist (team assessments: test_consensus_permissions).
    "consensus:switch": {
        "draft": {C: 403, L: 200, A: 403, V: 403},
        "submitted": {C: 403, L: 200, A: 403, V: 403},
        "signed_off": {C: 403, L: 200, A: 403, V: 403},
    },
    **{
        f"consensus:{name}": {s: NOT_FOUND for s in ("draft", "submitted", "signed_off")}
        for name in ("team", "open", "mine", "rate", "agreement", "report_names", "remove_rater")
    },
    "voice:assisted": {s: {C: 302, L: 302, A: 302, V: 403} for s in ("draft", "signed_off")},
    # For the board: a lead writes the summary and sets targets, in a draft only.
    **{
        f"assessments:{name}": {
            "draft": {C: 403, L: 200, A: 403, V: 403},
            "submitted": {C: 403, L: 200, A: 403, V: 403},
            "signed_off": {C: 403, L: 200, A: 403, V: 403},
        }
        for name in ("board_summary", "targets")
    },
    # Actions through the year (the assessment's partnership, and its first action): everyone
    # reads; leads and contributors update a signed-off assessment's actions, and are sent to
    # the action's page for any other.
    "actions:list": {"signed_off": ALL},
    "actions:export": {"signed_off": ALL},
    "actions:detail": {"draft": ALL, "submitted": ALL, "signed_off": ALL},
    "actions:update": {
        "draft": {C: 302, L: 302, A: 403, V: 403},
        "submitted": {C: 302, L: 302, A: 403, V: 403},
        "signed_off": {C: 200, L: 200, A: 403, V: 403},
    },
}
# Pages outside the app's own scope: public information, sign-in, and Django admin.
NOT_APP_PAGES = {"login", "logout", "accessibility", "cookies", "health"}
# Public pages for people not signed in (tests/test_invitation_pages.py, test_password_reset.py,
# test_oidc.py): accepting an invitation, password reset, Microsoft sign-in.
NOT_APP_PAGES |= {
    "accounts:invitation_accept",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}
# The public feedback form, reached by a round's token (tests/test_voice_public.py).
NOT_APP_PAGES |= {"voice:start", "voice:who", "voice:questions", "voice:check", "voice:sent"}


def _app_url_names(resolver=None, namespace=""):
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _app_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names - NOT_APP_PAGES


def _url(name, assessment):
    pattern_kwargs = {
        "pk": assessment.pk if assessment else None,
        "code": assessment.ratings.first().principle.code if assessment else None,
        "slug": "national-voices",
        "fmt": "csv",
        "rater_id": 1,  # team scoring's raters: these assessments have one shared rating
        "action_id": (
            ImprovementAction.objects.filter(rating__assessment=assessment)
            .values_list("pk", flat=True)
            .first()
            if assessment
            else None
        ),
    }
    for keys in (
        ["pk", "code"],
        ["pk", "fmt"],
        ["pk"],
        ["pk", "rater_id"],
        ["slug"],
        [],
        ["action_id"],
    ):
        try:
            return reverse(name, kwargs={k: pattern_kwargs[k] for k in keys})
        except Exception:  # noqa: S112 - try the next shape of arguments
            continue
    if assessment:
        partnership_kwargs = {
            "slug": assessment.service.partnership.slug,
            "set_slug": assessment.principle_set.slug,
            "fmt": "csv",
            "partnership_slug": assessment.service.partnership.slug,
            "pk": assessment.pk,
        }
        for keys in (
            ["slug", "set_slug", "fmt"],
            ["slug", "set_slug"],
            ["partnership_slug", "pk"],
            ["partnership_slug", "fmt"],
            ["partnership_slug"],
        ):
            try:
                return reverse(name, kwargs={k: partnership_kwargs[k] for k in keys})
            except Exception:  # noqa: S112 - try the next shape of arguments
                continue
    raise AssertionError(f"Cannot build a URL for {name}")


def one_in_each_state(service, lead, approver) -> dict:
    """A draft (2026/27), a submitted (2025/26) and a signed-off (2024/25) assessment, each
    with an improvement action."""
    draft = start(user=lead, service=service, period="2026/27")
    rate(user=lead, assessment=draft, code="NV-01", actions=[new_action()])
    submitted = start(user=lead, service=service, period="2025/26")
    complete(user=lead, assessment=submitted)
    rate(user=lead, assessment=submitted, code="NV-01", actions=[new_action()])
    submitted = submit(user=lead, assessment=submitted)
    signed_off = start(user=lead, service=service, period="2024/25")
    complete(user=lead, assessment=signed_off)
    rate(user=lead, assessment=signed_off, code="NV-01", actions=[new_action()])
    submit(user=lead, assessment=signed_off)
    signed_off = sign_off(user=approver, assessment=signed_off)
    return {"draft": draft, "submitted": submitted, "signed_off": signed_off}


@pytest.fixture
def states(service, people):
    """One assessment of ``service`` in each state, on different periods."""
    return one_in_each_state(service, people[L], people[A])


@pytest.fixture
def elsewhere(principle_sets):
    """An assessment in each state belonging to another partnership."""
    other = PartnershipFactory(name="Another partnership")
    return one_in_each_state(ServiceFactory(partnership=other), member(other, L), member(other, A))


def test_every_app_url_has_expectations():
    """Every named URL of the app is in the permission table (so none is forgotten)."""
    assert _app_url_names() == set(EXPECTED)


@pytest.mark.parametrize("role", [C, L, A, V])
def test_each_role_sees_what_its_role_allows(client, people, states, role):
    """Within their own partnership each role gets exactly the expected status on every page."""
    client.force_login(people[role])
    failures = []
    for name, by_state in EXPECTED.items():
        for state, expected in by_state.items():
            url = _url(name, states.get(state))
            status = client.get(url).status_code
            if status != expected[role]:
                failures.append(f"{name} [{state}] {url}: {status}, expected {expected[role]}")
    assert failures == []


@pytest.mark.parametrize("role", [C, L, A, V])
def test_another_partnerships_assessments_are_not_found(client, people, elsewhere, role):
    """Every assessment page of another partnership is a 404 for every role, GET and POST."""
    client.force_login(people[role])
    for name, by_state in EXPECTED.items():
        for state in by_state:
            if state == "-":
                continue
            url = _url(name, elsewhere[state])
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"version": 1, "comment": "x"}).status_code == 404, url


@pytest.mark.parametrize("role", [A, V])
def test_roles_that_cannot_edit_are_refused_writes(client, people, states, role):
    """Approvers and viewers cannot save a rating, change weights or submit a draft."""
    client.force_login(people[role])
    draft = states["draft"]
    rating = draft.ratings.first()
    before = Rating.objects.get(pk=rating.pk).version
    posts = [
        (_url("assessments:principle", draft), {"evidence": "Changed", "version": before}),
        (_url("assessments:weights", draft), {"version": draft.version}),
        (_url("assessments:check", draft), {"version": draft.version}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Rating.objects.get(pk=rating.pk).version == before


@pytest.mark.parametrize("role", [C, L, A, V])
def test_a_signed_off_assessment_cannot_be_changed_by_anyone(client, people, states, role):
    """Every write to a signed-off assessment is refused and nothing changes."""
    client.force_login(people[role])
    signed = states["signed_off"]
    snapshot = list(Rating.objects.filter(assessment=signed).values())
    for name in ["principle", "weights", "check", "return", "sign_off"]:
        url = _url(f"assessments:{name}", signed)
        response = client.post(url, {"version": signed.version, "evidence": "x", "comment": "x"})
        # Posted by someone whose role allows the change, the page says it was signed off and
        # shows what they typed (tests/test_not_saved_everywhere.py); else "You cannot do this".
        allowed_by_role = {"principle": (C, L), "weights": (L,), "check": (L,)}
        allowed_by_role |= {"return": (L, A), "sign_off": (A,)}
        expected = 409 if role in allowed_by_role[name] else 403
        assert response.status_code == expected, url
    assert list(Rating.objects.filter(assessment=signed).values()) == snapshot
    signed.refresh_from_db()
    assert signed.is_signed_off


def test_start_refuses_a_service_of_another_partnership(client, people, service, elsewhere):
    """A lead cannot start an assessment of another partnership's service by posting its id."""
    client.force_login(people[L])  # with a service of their own, so the form is offered
    other_service = elsewhere["draft"].service
    response = client.post(
        reverse("assessments:start"),
        {
            "service": other_service.pk,
            "principle_set": other_service.partnership.default_principle_set_id,
            "period": "2030/31",
            "title": "Sneaky",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.as_data()["service"][0].code == "invalid_choice"
    assert not other_service.assessments.filter(period="2030/31").exists()


def test_anonymous_users_are_sent_to_sign_in(client, states):
    """Every app page asks an anonymous visitor to sign in."""
    for name, by_state in EXPECTED.items():
        for state in by_state:
            url = _url(name, states.get(state))
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
