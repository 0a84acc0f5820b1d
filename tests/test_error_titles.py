"""GOV.UK's error pattern on every form page: when the page shows an error summary, its
<title> starts with "Error: ", whichever form (or refusal) the summary is about; when it
shows none, the title does not."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import services as account_services
from partnerships.models import Role
from tests import builders
from tests import team_builders as team
from tests.factories import UserFactory
from tests.rating_posts import principle_url, rating_post
from tests.voice_builders import open_round

pytestmark = pytest.mark.django_db

C, L, A, V = Role.CONTRIBUTOR, Role.LEAD, Role.APPROVER, Role.VIEWER
TAMPERED = {"version": "x"}  # a hidden field no browser changes: an error on every form


class Pages:
    """Each form page (a method not starting "_"), sent what makes it show its error summary."""

    def __init__(self, client, people, request):
        self.client, self.people, self.request = client, people, request

    def _as(self, role):
        self.client.force_login(self.people[role])
        return self.client

    def _fixture(self, name):
        return self.request.getfixturevalue(name)

    def _url(self, name, assessment, *args):
        return reverse(name, args=[assessment.pk, *args])

    def _one_rater(self):
        """A team draft with only the contributor rating it."""
        draft = team.start_team(user=self.people[L], service=self._fixture("service"))
        team.add_raters(user=self.people[L], assessment=draft, raters=[self.people[C]])
        return draft

    def _complete(self):
        draft = self._fixture("draft")
        builders.complete(user=self.people[L], assessment=draft)
        return builders.reload(assessment=draft)

    def _with_action_signed_off(self):
        lead = self.people[L]
        draft = self._fixture("draft")
        builders.complete(user=lead, assessment=draft)
        builders.rate(user=lead, assessment=draft, code="NV-01", actions=[builders.new_action()])
        builders.submit(user=lead, assessment=draft)
        builders.sign_off(user=self.people[A], assessment=draft)
        return draft.ratings.get(principle__code="NV-01").actions.get()

    # Signing in, passwords and invitations ---------------------------------------------

    def sign_in(self):
        data = {"username": "nobody@example.org", "password": "not-the-password"}
        return self.client.post(reverse("login"), data)

    def password_reset(self):
        return self.client.post(reverse("accounts:password_reset"), {"email": "not an address"})

    def new_password(self):
        person = UserFactory(email="pat.kaur@example.org")
        uid = urlsafe_base64_encode(force_bytes(person.pk))
        token = default_token_generator.make_token(person)
        address = reverse("accounts:password_reset_confirm", args=[uid, token])
        form_page = self.client.get(address, follow=True)
        set_password = form_page.redirect_chain[-1][0]
        data = {"new_password1": "a-brand-new-passphrase-9", "new_password2": "another-one"}
        return self.client.post(set_password, data)

    def invitation(self):
        invitation = account_services.invitation_create(
            sender=self.people[L],
            partnership=self._fixture("partnership"),
            email="new.person@example.org",
            role=C,
        )
        address = reverse("accounts:invitation_accept", args=[invitation.token])
        return self.client.post(address, {"display_name": "", "password1": "short"})

    def invite(self):
        slug = self._fixture("partnership").slug
        address = reverse("accounts:team", kwargs={"partnership_slug": slug})
        return self._as(L).post(address, {"email": "not an address", "role": C})

    def email_notifications(self):
        address = reverse("notifications:preferences")
        return self._as(V).post(address, {"wanted": ["no-such-email"]})

    # Assessments --------------------------------------------------------------------------

    def start(self):
        self._fixture("service")
        return self._as(L).post(reverse("assessments:start"), {})

    def principle(self):
        draft = self._fixture("draft")
        rating = builders.rating_for(assessment=draft, code="NV-01")
        return self._as(C).post(principle_url(draft, "NV-01"), rating_post(rating))

    def weights(self):
        return self._as(L).post(self._url("assessments:weights", self._fixture("draft")), TAMPERED)

    def for_the_board(self):
        draft = self._fixture("draft")
        return self._as(L).post(self._url("assessments:board_summary", draft), TAMPERED)

    def targets(self):
        return self._as(L).post(self._url("assessments:targets", self._fixture("draft")), TAMPERED)

    def check_answers(self):
        return self._as(L).post(self._url("assessments:check", self._complete()), TAMPERED)

    def check_answers_refused(self):
        """The page's own refusal: the version sent is not the saved one."""
        draft = self._complete()
        stale = {"version": draft.version + 1}
        return self._as(L).post(self._url("assessments:check", draft), stale)

    def return_for_changes(self):
        submitted = self._fixture("submitted")
        data = {"version": submitted.version, "comment": ""}
        return self._as(A).post(self._url("assessments:return", submitted), data)

    def sign_off(self):
        submitted = self._fixture("submitted")
        data = {"version": submitted.version}
        return self._as(A).post(self._url("assessments:sign_off", submitted), data)

    def action_update(self):
        action = self._with_action_signed_off()
        return self._as(L).post(reverse("actions:update", args=[action.pk]), {})

    # Team scoring -------------------------------------------------------------------------

    def rate_individually_first(self):
        return self._as(L).post(self._url("consensus:switch", self._fixture("draft")), TAMPERED)

    def choose_raters(self):
        return self._as(L).post(self._url("consensus:team", self._fixture("individual")), {})

    def names_in_reports(self):
        address = self._url("consensus:report_names", self._fixture("individual"))
        return self._as(L).post(address, {"show": "perhaps"})

    def open_agreement(self):
        return self._as(L).post(self._url("consensus:open", self._fixture("individual")), TAMPERED)

    def individual_rating(self):
        individual = self._fixture("individual")
        return self._as(C).post(self._url("consensus:rate", individual, "NV-01"), TAMPERED)

    def remove_the_only_rater(self):
        draft = self._one_rater()
        rater = draft.raters.get()
        return self._as(L).post(self._url("consensus:remove_rater", draft, rater.pk), {})

    # People's voice -----------------------------------------------------------------------

    def open_feedback(self):
        return self._as(L).post(self._url("voice:manage", self._fixture("draft")), {})

    def enter_someones_answers(self):
        draft = self._fixture("draft")
        open_round(user=self.people[L], assessment=draft)
        return self._as(C).post(self._url("voice:assisted", draft), {})

    def public_who(self):
        feedback_round = open_round(user=self.people[L], assessment=self._fixture("draft"))
        return self.client.post(reverse("voice:who", args=[feedback_round.token]), {})

    def public_questions(self):
        feedback_round = open_round(user=self.people[L], assessment=self._fixture("draft"))
        token = feedback_round.token
        self.client.post(reverse("voice:who", args=[token]), {"answering_as": "person"})
        return self.client.post(reverse("voice:questions", args=[token, 1]), {})


SHOWN = [name for name in vars(Pages) if not name.startswith("_")]


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1].strip()


def has_error_summary(response) -> bool:
    return 'class="govuk-error-summary"' in response.content.decode()


@pytest.fixture
def pages(client, people, request):
    return Pages(client, people, request)


@pytest.mark.parametrize("name", SHOWN)
def test_a_page_showing_an_error_summary_starts_its_title_with_error(pages, name):
    """Whichever form or refusal the summary is about, the title says there is an error."""
    response = getattr(pages, name)()
    assert response.status_code == 200, response.status_code
    assert has_error_summary(response)
    assert title(response).startswith("Error: "), title(response)


@pytest.mark.parametrize(
    "name, fixture, role",
    [
        ("assessments:check", "draft", L),
        ("consensus:team", "individual", L),
        ("assessments:weights", "draft", L),
        ("consensus:rate", "individual", C),
    ],
)
def test_the_same_pages_without_errors_do_not(client, people, request, name, fixture, role):
    """Opened, with nothing wrong, neither the summary nor "Error: " is shown."""
    assessment = request.getfixturevalue(fixture)
    args = ["NV-01"] if name == "consensus:rate" else []
    client.force_login(people[role])
    response = client.get(reverse(name, args=[assessment.pk, *args]))
    assert response.status_code == 200
    assert not has_error_summary(response)
    assert not title(response).startswith("Error: "), title(response)
