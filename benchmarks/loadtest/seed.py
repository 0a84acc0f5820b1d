"""Create the load-test data with the project's own services, in a fresh database.

Run by run.py in a subprocess with DJANGO_SETTINGS_MODULE and DATABASE_URL set;
writes what the simulated users need (logins, assessments, rating ids) as JSON.
"""

import argparse
import json
import secrets
from pathlib import Path

import django

PERIOD = "2026/27"
PRINCIPLE_SET = "national-voices"
PARTNERSHIP_SLUG = "load-test"


def _roles(count: int) -> list[str]:
    """About a tenth leads and a tenth viewers (at least one each from three users up)."""
    leads = max(1, count // 10)
    viewers = max(1, count // 10) if count >= 3 else 0
    return ["lead"] * leads + ["viewer"] * viewers + ["contributor"] * (count - leads - viewers)


def _partnership(principle_set):
    from partnerships.models import Partnership

    return Partnership.objects.create(
        name="Load test partnership",
        slug=PARTNERSHIP_SLUG,
        nation="england",
        default_principle_set=principle_set,
    )


def _start(lead, service, principle_set):
    """A draft of ``service`` for this period, started by ``lead`` with the app's service."""
    from assessments.services import assessment_start

    return assessment_start(
        user=lead,
        service=service,
        principle_set=principle_set,
        period=PERIOD,
        title=f"{service.name} {PERIOD}",
    )


def create(users: int, assessments: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.password_validation import validate_password
    from django.db import transaction

    from partnerships.models import Membership, Role, Service
    from principles.models import PrincipleSet

    password = "load-test-" + secrets.token_urlsafe(12)
    validate_password(password)  # the production rules: 12+ characters, not common
    # The production hasher takes about half a second a password; one hash shared by
    # every throwaway user keeps set-up quick. Signing in still pays the full cost.
    hashed = make_password(password)
    user_model = get_user_model()
    with transaction.atomic():
        principle_set = PrincipleSet.objects.get(slug=PRINCIPLE_SET)
        partnership = _partnership(principle_set)
        accounts = []
        for number, role in enumerate(_roles(users), start=1):
            user = user_model.objects.create(
                username=f"lt-{role}-{number:03d}",
                first_name="Load",
                last_name=f"Tester {number}",
                email=f"lt-{number:03d}@example.org",
                password=hashed,
            )
            Membership.objects.create(user=user, partnership=partnership, role=Role(role))
            accounts.append({"username": user.username, "role": role})
        lead_name = next(a["username"] for a in accounts if a["role"] == "lead")
        lead = user_model.objects.get(username=lead_name)
        shared = []
        for number in range(1, assessments + 1):
            service = Service.objects.create(
                partnership=partnership,
                name=f"Load test service {number}",
                care_group="Adults",
            )
            assessment = _start(lead, service, principle_set)
            ratings = assessment.ratings.select_related("principle").order_by("principle__order")
            shared.append(
                {"pk": assessment.pk, "ratings": {r.principle.code: r.pk for r in ratings}}
            )
    return {"password": password, "users": accounts, "assessments": shared}


def create_feedback() -> dict:
    """One draft assessment with an open feedback round, for the feedback scenario."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from partnerships.models import Membership, Role, Service
    from principles.models import PrincipleSet
    from voice.selectors import statement_principles
    from voice.services import feedback_round_open

    with transaction.atomic():
        principle_set = PrincipleSet.objects.get(slug=PRINCIPLE_SET)
        partnership = _partnership(principle_set)
        lead = get_user_model().objects.create(username="lt-lead", email="lt-lead@example.org")
        Membership.objects.create(user=lead, partnership=partnership, role=Role.LEAD)
        service = Service.objects.create(partnership=partnership, name="Load test service")
        assessment = _start(lead, service, principle_set)
        feedback_round = feedback_round_open(
            user=lead,
            assessment=assessment,
            closes_on=timezone.localdate() + datetime.timedelta(days=7),
        )
    return {
        "round": feedback_round.pk,
        "token": feedback_round.token,
        "statements": len(statement_principles(principle_set)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--assessments", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--feedback", action="store_true", help="a feedback round instead")
    args = parser.parse_args()
    django.setup()
    data = create_feedback() if args.feedback else create(args.users, args.assessments)
    args.out.write_text(json.dumps(data))


if __name__ == "__main__":
    main()
