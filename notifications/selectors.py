"""Reads for notifications: who wants an email, and the weekly digest of improvement actions."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from actions.selectors import with_current
from assessments.models import ActionStatus, ImprovementAction
from notifications.models import Notice, NotificationPreference
from partnerships.models import Membership, Role

# The digest lists actions due within this many days, and every overdue one.
DIGEST_DAYS_AHEAD = 14
# Finished, dropped or put off: nobody needs reminding.
DIGEST_SKIPPED_STATUSES = [ActionStatus.COMPLETED, ActionStatus.DROPPED, ActionStatus.DEFERRED]


def preference_get(*, user) -> NotificationPreference:
    """The user's choices; a new one (everything on) if they have never changed them."""
    try:
        return user.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(user=user)


def users_to_notify(
    *, partnership_id: int, roles: list[str], notice: Notice, exclude_user_id: int | None = None
) -> list:
    """The partnership's active members in ``roles`` who have not turned off ``notice``."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__partnership_id=partnership_id,
            memberships__role__in=roles,
        )
        .exclude(**{f"notification_preference__{notice.value}": False})
        .order_by("email")
    )
    if exclude_user_id is not None:
        users = users.exclude(pk=exclude_user_id)
    return list(users)


@dataclass(frozen=True, kw_only=True)
class DueAction:
    """What a digest says about one action: nothing an assessment's authors wrote."""

    assessment_id: int
    assessment_title: str
    service_id: int
    service_name: str
    partnership_slug: str
    principle_code: str
    principle_title: str
    due_date: date
    overdue: bool


@dataclass(kw_only=True)
class Digest:
    user: object
    # Actions whose owner is this person.
    own: list[DueAction] = field(default_factory=list)
    # For leads: actions whose owner is a team, or a person without an account.
    unmatched: list[DueAction] = field(default_factory=list)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _due_actions(today: date) -> list[dict]:
    # The actions the Actions page follows: an open action copied into the assessment
    # started from its own is followed as the copy (``superseded``), so the original does
    # not remind people twice. One that stayed behind (completed, then reopened by an
    # update) is still followed where it is, and still reminds. Each is read as it stands
    # now, after any update since sign-off (the actions app).
    return list(
        with_current(ImprovementAction.objects.all(), today=today)
        .filter(current_due_date__lte=today + timedelta(days=DIGEST_DAYS_AHEAD), superseded=False)
        .exclude(current_status__in=DIGEST_SKIPPED_STATUSES)
        .order_by("current_due_date", "pk")
        .values(
            "owner",
            "current_due_date",
            "rating__assessment_id",
            "rating__assessment__title",
            "rating__assessment__service_id",
            "rating__assessment__service__name",
            "rating__assessment__service__partnership_id",
            "rating__assessment__service__partnership__slug",
            "rating__principle__code",
            "rating__principle__short_title",
        )
    )


def _owners_by_partnership(partnership_ids: set[int]):
    """For each partnership: its members by email and by name, and its leads."""
    memberships = Membership.objects.filter(
        partnership_id__in=partnership_ids, user__is_active=True
    ).select_related("user__notification_preference")
    by_key: dict[int, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    leads: dict[int, list] = defaultdict(list)
    for membership in memberships:
        user = membership.user
        for text in (user.email, user.name):
            if text.strip():
                by_key[membership.partnership_id][_key(text)].add(user)
        if membership.role == Role.LEAD:
            leads[membership.partnership_id].append(user)
    return by_key, leads


def action_digests(*, today: date) -> list[Digest]:
    """Who gets a digest and what is in it, in two queries however many actions there are.

    An action goes to the member of its partnership whose email address or name is its
    owner (ignoring case); an owner that matches nobody, or more than one person, goes
    to the partnership's leads. People who turned the digest off get nothing.
    """
    rows = _due_actions(today)
    partnership_ids = {row["rating__assessment__service__partnership_id"] for row in rows}
    by_key, leads = _owners_by_partnership(partnership_ids)
    digests: dict[int, Digest] = {}

    def digest_for(user) -> Digest | None:
        if not preference_get(user=user).wants(Notice.ACTION_DIGEST):
            return None
        return digests.setdefault(user.pk, Digest(user=user))

    for row in rows:
        partnership_id = row["rating__assessment__service__partnership_id"]
        action = DueAction(
            assessment_id=row["rating__assessment_id"],
            assessment_title=row["rating__assessment__title"],
            service_id=row["rating__assessment__service_id"],
            service_name=row["rating__assessment__service__name"],
            partnership_slug=row["rating__assessment__service__partnership__slug"],
            principle_code=row["rating__principle__code"],
            principle_title=row["rating__principle__short_title"],
            due_date=row["current_due_date"],
            overdue=row["current_due_date"] < today,
        )
        owners = by_key[partnership_id].get(_key(row["owner"]), set())
        if len(owners) == 1:
            digest = digest_for(next(iter(owners)))
            if digest:
                digest.own.append(action)
            continue
        for lead in leads[partnership_id]:
            digest = digest_for(lead)
            if digest:
                digest.unmatched.append(action)
    return sorted(digests.values(), key=lambda digest: digest.user.email.casefold())
