import datetime

import pytest
from django.db import connection

from tests import builders
from tests.shipped_principles import shipped_principles_load


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Render {% static %} without the production manifest, which only collectstatic builds,
    and hash test passwords quickly (the production hasher is slow on purpose)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Sign-in lockout has its own tests; elsewhere tests authenticate without a request.
    settings.AXES_ENABLED = False


@pytest.fixture
def principle_sets(db):
    """Both published principle sets and the default rating scale, as shipped."""
    shipped_principles_load()


@pytest.fixture
def signed_in_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        username="reader", email="reader@example.org", password="a-long-password-1"
    )
    client.force_login(user)
    return client


@pytest.fixture
def admin_client_user(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="site-admin", password="a-long-password-1", email="admin@example.org"
    )
    client.force_login(user)
    return client


@pytest.fixture
def partnership(principle_sets):
    from tests.factories import PartnershipFactory

    return PartnershipFactory(name="Riverside Health and Wellbeing Board", slug="riverside")


@pytest.fixture
def service(partnership):
    from tests.factories import ServiceFactory

    return ServiceFactory(partnership=partnership, name="Hospital discharge to assess")


@pytest.fixture
def people(partnership):
    """One user per role in ``partnership``, keyed by role."""
    from partnerships.models import Role
    from tests.factories import member

    return {role: member(partnership, role, username=f"{role}-user") for role in Role.values}


@pytest.fixture
def draft(service, people):
    """A new draft against National Voices, started by the lead."""
    return builders.start(user=people["lead"], service=service, title="Discharge to assess 2026/27")


@pytest.fixture
def submitted(draft, people):
    """The draft, completed and submitted by the lead."""
    builders.complete(user=people["lead"], assessment=draft)
    return builders.submit(user=people["lead"], assessment=draft)


@pytest.fixture
def signed_off(submitted, people):
    """The submitted assessment, signed off by the approver."""
    return builders.sign_off(
        user=people["approver"],
        assessment=submitted,
        decision_date=datetime.date(2027, 3, 3),
        minute_reference="12/27",
    )


@pytest.fixture
def lead(people):
    """The partnership's lead."""
    return people["lead"]


@pytest.fixture
def viewer_client(client, people):
    """The test client, signed in as the partnership's viewer."""
    client.force_login(people["viewer"])
    return client


@pytest.fixture
def raters(partnership, people):
    """Three people who may rate: the contributor, the approver and a second contributor."""
    from partnerships.models import Role
    from tests.factories import member

    return [people["contributor"], people["approver"], member(partnership, Role.CONTRIBUTOR)]


@pytest.fixture
def individual(service, people, raters):
    """A draft rated individually first, with ``raters`` chosen by the lead."""
    from tests import team_builders as team

    draft = team.start_team(user=people["lead"], service=service)
    team.add_raters(user=people["lead"], assessment=draft, raters=raters)
    return builders.reload(assessment=draft)


@pytest.fixture
def as_role(client, people):
    """``as_role(role)``: the test client, signed in as the partnership's member in ``role``."""

    def sign_in(role):
        client.force_login(people[role])
        return client

    return sign_in


@pytest.fixture
def one_rate_window(monkeypatch):
    """django-ratelimit's clock held still, so a test's posts all fall in one window: a
    window that ended half-way through would start the count again, and the test would
    fail for no fault of the code."""
    import time
    from types import SimpleNamespace

    now = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now))


# A feedback round in each way it can be closed, for the pages that refuse what only an
# open round allows (the poster, answers entered for someone). Modules with a
# ``feedback_round`` of their own get these closed in the same way.


@pytest.fixture
def feedback_round(draft, people):
    """The draft's round, opened by the lead, closing in 28 days."""
    from partnerships.models import Role
    from tests.voice_builders import open_round

    return open_round(user=people[Role.LEAD], assessment=draft)


@pytest.fixture
def closed_by_lead(feedback_round, people):
    """Closed early by the lead, Priya Lead."""
    from partnerships.models import Role
    from voice.services import feedback_round_close

    lead = people[Role.LEAD]
    lead.first_name, lead.last_name = "Priya", "Lead"
    lead.save()
    return feedback_round_close(
        user=lead, round_id=feedback_round.pk, expected_version=feedback_round.version
    )


@pytest.fixture
def past_closing_date(feedback_round):
    """Closed by its date: it closed at the end of yesterday."""
    from django.utils import timezone

    from voice.models import FeedbackRound

    FeedbackRound.objects.filter(pk=feedback_round.pk).update(
        closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    return FeedbackRound.objects.get(pk=feedback_round.pk)


@pytest.fixture
def signed_off_round(submitted, people):
    """Opened on the submitted assessment, then closed for good by its sign-off."""
    from partnerships.models import Role
    from tests.voice_builders import open_round
    from voice.models import FeedbackRound

    feedback_round = open_round(user=people[Role.LEAD], assessment=submitted)
    builders.sign_off(user=people[Role.APPROVER], assessment=submitted)
    return FeedbackRound.objects.get(pk=feedback_round.pk)


@pytest.fixture
def leads(client, partnership, people):
    """Two leads: Priya, signed in on the test client, and Sam, who saves first."""
    from partnerships.models import Role
    from tests.factories import member

    priya = people[Role.LEAD]
    priya.first_name, priya.last_name = "Priya", "Lead"
    priya.save()
    sam = member(partnership, Role.LEAD, first_name="Sam", last_name="Second")
    client.force_login(priya)
    return priya, sam


@pytest.fixture
def postgres():
    """Skip unless the test database is PostgreSQL, whose row locks these tests are about."""
    if connection.vendor != "postgresql":
        pytest.skip("Row locks between transactions are PostgreSQL's; SQLite locks it all.")
