"""Writes that end someone's sign-ins, or let them sign in again: their sessions, their
Microsoft links and their sign-in lockouts.

Apart from ``services`` (invitations) and ``identities`` (first Microsoft sign-ins).
"""

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from integrated_care.lockout import username_for_lockout

from .models import ExternalIdentity


@transaction.atomic
def user_lockout_lift(*, user) -> int:
    """Forget the failed sign-ins that lock ``user`` out, from every address; returns how
    many records went.

    Called when they set a new password from a reset link, which the lockout page offers
    as the way out: the new password must work at once, not when the lockout ends.
    Lockouts are kept under the username as typed, normalised as the sign-in counts it, so
    both the email address and the (break-glass) username are forgotten that way.
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    typed = {username_for_lockout(None, {field: name}) for name in (user.email, user.username)}
    # Never an empty name: django-axes would then forget everyone's failed sign-ins.
    return sum(axes_reset(username=name) for name in typed if name)


def _user_sessions_end(user, *, keep: str | None) -> int:
    # Sessions live in the database (Django's default SESSION_ENGINE) under random keys,
    # not by user: the only way to find one person's is to read every live one.
    live = Session.objects.filter(expire_date__gt=timezone.now())
    keys = [
        session.session_key
        for session in live.iterator()
        if session.session_key != keep and session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def external_identity_delete(*, identity: ExternalIdentity, keep_session: str | None = None) -> int:
    """Unlink a Microsoft account from its user, and sign that user out everywhere; returns
    how many sessions ended.

    A session does not record which Microsoft account it came from, so every one of the
    user's sessions ends; they can sign in again any way they still may. ``keep_session``
    is the session of whoever is unlinking it: an administrator unlinking their own
    Microsoft account stays signed in to finish, as ending the session their request is
    using would fail it.
    """
    user = identity.user
    identity.delete()
    return _user_sessions_end(user, keep=keep_session)


@transaction.atomic
def external_identity_save(
    *, identity: ExternalIdentity, changed: list[str], keep_session: str | None = None
) -> int:
    """Save an administrator's change to a Microsoft link; returns how many sessions ended.

    A link pointed at another Microsoft account (its tenant or subject changed) unlinks
    the old one as deleting it would, so the user is signed out everywhere as then.
    """
    identity.save()
    if {"tenant", "subject"} & set(changed):
        return _user_sessions_end(identity.user, keep=keep_session)
    return 0
