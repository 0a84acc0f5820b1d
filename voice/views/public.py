"""The public feedback form: the only pages besides sign-in and health that need no sign-in.

Everything is reached through the round's token and shows nothing but the service's
name and the statements. Answers wait in the person's session until they send them,
then are stored all at once. Any link that is not open, whether unknown, closed,
past its closing date or signed off, gets the same "This feedback form is closed" page.
"""

import functools

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from integrated_care.session_timeout import idle_limit_text

from .. import selectors, services
from ..forms import AnsweringAsForm, StatementsForm, answer_inputs, robot_posted
from ..models import Agreement, AnsweringAs
from ..ratelimit import client_address, feedback_rate

# Where the session keeps the answers of a round until they are sent, and which link
# was last sent from (so its thank-you page shows after the round has moved on).
ANSWERS_KEY = "voice:{pk}"
SENT_KEY = "voice:sent"
RETRY_SECONDS = 60
# How long the answers of someone not signed in are kept after the last page they sent.
# The idle limit (SESSION_COOKIE_AGE) signs staff out to protect their accounts; a person
# answering this form has no account to protect, and may stop for a while (a visit, a
# call, a bad day) without expecting to lose what they wrote.
ANSWERS_KEPT_SECONDS = 24 * 60 * 60
# Set in the progress when the session ended while a page was open: what the who page
# tells the person was lost.
LOST_KEY = "lost"
LOST_EARLIER = "earlier"  # a page of answers was sent: it was kept, the ones before were not
LOST_ALL = "all"  # the check page was sent: nothing could be kept


def closed_page(request):
    """The same page, and status, for every link that does not take answers now."""
    return render(request, "voice/public/closed.html", status=404)


def too_many_page(request):
    response = render(request, "voice/public/too_many.html", {"seconds": RETRY_SECONDS}, status=429)
    response["Retry-After"] = str(RETRY_SECONDS)
    return response


def public(view=None, *, needs_open_round: bool = True):
    """No sign-in, no caching, rate-limited posts, and the closed page for any link not open."""

    def decorate(view):
        @login_not_required
        @never_cache
        @ratelimit(
            group="voice:public", key=client_address, rate=feedback_rate, method="POST", block=False
        )
        @functools.wraps(view)
        def wrapper(request, token, **kwargs):
            if getattr(request, "limited", False):
                return too_many_page(request)
            if not needs_open_round:
                return view(request, token, **kwargs)
            feedback_round = selectors.open_round_for_token(token)
            if feedback_round is None:
                return closed_page(request)
            return view(request, feedback_round, **kwargs)

        return wrapper

    return decorate(view) if view else decorate


class Progress:
    """What this person has answered so far, kept in their session."""

    def __init__(self, request, feedback_round):
        self.request = request
        self.key = ANSWERS_KEY.format(pk=feedback_round.pk)
        saved = request.session.get(self.key)
        self.data = saved if isinstance(saved, dict) else {}
        self.answers = (
            self.data.get("answers") if isinstance(self.data.get("answers"), dict) else {}
        )

    @property
    def answering_as(self) -> str:
        value = self.data.get("as", "")
        return value if value in AnsweringAs.values else ""

    def save(self, **changes) -> None:
        self.data = {**self.data, "answers": self.answers, **changes}
        self.request.session[self.key] = self.data
        if not self.request.user.is_authenticated:
            # Only without a sign-in: a staff member's session keeps the idle limit.
            self.request.session.set_expiry(ANSWERS_KEPT_SECONDS)

    @property
    def lost(self) -> str:
        value = self.data.get(LOST_KEY, "")
        return value if value in (LOST_EARLIER, LOST_ALL) else ""

    def mark_lost(self, what: str) -> None:
        """The session ended before this page was sent: say so on the who page."""
        self.save(**{LOST_KEY: what})

    def first_unanswered_part(self, pages) -> int | None:
        for number, page in enumerate(pages, start=1):
            if any(str(p.pk) not in self.answers for p in page):
                return number
        return None

    def forget(self) -> None:
        self.request.session.pop(self.key, None)


def _pretend_sent(request, feedback_round):
    """A robot filled in the hidden field: store nothing, and say nothing different."""
    Progress(request, feedback_round).forget()
    request.session[SENT_KEY] = feedback_round.token
    return redirect("voice:sent", token=feedback_round.token)


def _context(feedback_round, **extra) -> dict:
    assessment = feedback_round.assessment
    return {
        "token": feedback_round.token,
        "service_name": assessment.service.name,
        "set_name": assessment.principle_set.short_name,
        **extra,
    }


def _pages(feedback_round) -> list[list]:
    return selectors.pages_of(selectors.round_principles(feedback_round))


def _already_sent(request, feedback_round, submission_key: str) -> bool:
    """This browser sent answers through this link, and they were this check page's.

    A double-click whose first post has already cleared the answers from the session.
    """
    return (
        bool(submission_key)
        and request.session.get(SENT_KEY) == feedback_round.token
        and feedback_round.responses.filter(submission_key=submission_key).exists()
    )


def _session_ended(request, feedback_round, progress) -> bool:
    """A page was sent with no "who" in the session: it ended while the page was open.

    Not after this browser sent its answers through this link: a page sent again from
    the browser's history then has nothing lost to explain.
    """
    return (
        request.method == "POST"
        and not progress.answering_as
        and request.session.get(SENT_KEY) != feedback_round.token
    )


def answers_kept_seconds(request) -> int:
    """How long this person's answers are kept once they stop: staff keep the idle limit."""
    if request.user.is_authenticated:
        return settings.SESSION_COOKIE_AGE
    return ANSWERS_KEPT_SECONDS


@public
def start(request, feedback_round):
    pages = _pages(feedback_round)
    count = sum(len(page) for page in pages)
    kept_for = idle_limit_text(answers_kept_seconds(request))
    return render(
        request,
        "voice/public/start.html",
        _context(feedback_round, count=count, kept_for=kept_for),
    )


@public
def who(request, feedback_round):
    progress = Progress(request, feedback_round)
    if request.method == "POST":
        form = AnsweringAsForm(request.POST)
        if form.is_robot:
            return _pretend_sent(request, feedback_round)
        if form.is_valid():
            lost = progress.lost
            progress.save(**{"as": form.cleaned_data["answering_as"], LOST_KEY: ""})
            # After a lost session, on to the first page whose answers were not kept.
            part = progress.first_unanswered_part(_pages(feedback_round)) if lost else 1
            if part is None:
                return redirect("voice:check", token=feedback_round.token)
            return redirect("voice:questions", token=feedback_round.token, part=part)
    else:
        form = AnsweringAsForm(initial={"answering_as": progress.answering_as})
    back = reverse("voice:start", args=[feedback_round.token])
    context = _context(feedback_round, form=form, back=back, lost=progress.lost)
    return render(request, "voice/public/who.html", context)


@public
def questions(request, feedback_round, part: int):
    pages = _pages(feedback_round)
    progress = Progress(request, feedback_round)
    session_lost = _session_ended(request, feedback_round, progress)
    if not progress.answering_as and not session_lost:
        return redirect("voice:who", token=feedback_round.token)
    if not 1 <= part <= len(pages):
        return redirect("voice:questions", token=feedback_round.token, part=1)
    principles = pages[part - 1]
    first_number = 1 + sum(len(page) for page in pages[: part - 1])
    if request.method == "POST":
        form = StatementsForm(request.POST, principles=principles, first_number=first_number)
        if form.is_robot:
            return _pretend_sent(request, feedback_round)
        if form.is_valid():
            progress.answers.update(form.answers())
            if session_lost:
                # Keep what was just sent and say what was not: never start again silently.
                progress.mark_lost(LOST_EARLIER)
                return redirect("voice:who", token=feedback_round.token)
            progress.save()
            if part < len(pages):
                return redirect("voice:questions", token=feedback_round.token, part=part + 1)
            return redirect("voice:check", token=feedback_round.token)
    else:
        form = StatementsForm(
            initial=StatementsForm.initial_from(principles, progress.answers),
            principles=principles,
            first_number=first_number,
        )
    back = (
        reverse("voice:questions", args=[feedback_round.token, part - 1])
        if part > 1
        else reverse("voice:who", args=[feedback_round.token])
    )
    return render(
        request,
        "voice/public/questions.html",
        _context(feedback_round, form=form, part=part, parts=len(pages), back=back),
    )


@public
def check(request, feedback_round):
    principles = selectors.round_principles(feedback_round)
    pages = selectors.pages_of(principles)
    progress = Progress(request, feedback_round)
    submission_key = services.submission_key_from(request.POST.get("submission_key"))
    missing = progress.first_unanswered_part(pages)
    if not progress.answering_as:
        if request.method == "POST":
            if _already_sent(request, feedback_round, submission_key):
                return redirect("voice:sent", token=feedback_round.token)
            if robot_posted(request.POST):
                return _pretend_sent(request, feedback_round)
            if _session_ended(request, feedback_round, progress):
                progress.mark_lost(LOST_ALL)  # say why the answers are gone
        return redirect("voice:who", token=feedback_round.token)
    if missing:
        return redirect("voice:questions", token=feedback_round.token, part=missing)
    if request.method == "POST":
        if robot_posted(request.POST):
            return _pretend_sent(request, feedback_round)
        wanted = {str(p.pk) for p in principles}
        submission_key = submission_key or services.new_submission_key()  # none sent: as before
        try:
            services.feedback_response_create(
                round_id=feedback_round.pk,
                answering_as=progress.answering_as,
                answers=answer_inputs({k: v for k, v in progress.answers.items() if k in wanted}),
                submission_key=submission_key,
            )
        except services.FeedbackRefused as refusal:
            if refusal.code == "closed":
                return closed_page(request)
            progress.answers = {}  # what the session kept no longer fits the form: start again
            progress.save()
            return redirect("voice:questions", token=feedback_round.token, part=1)
        progress.forget()
        request.session[SENT_KEY] = feedback_round.token
        return redirect("voice:sent", token=feedback_round.token)
    labels = dict(Agreement.choices)
    rows = []
    for number, principle in enumerate(principles, start=1):
        answer = progress.answers[str(principle.pk)]
        part = next(i for i, page in enumerate(pages, start=1) if principle in page)
        rows.append(
            {
                "number": number,
                "statement": principle.feedback_statement,
                "answer": labels.get(answer.get("answer"), ""),
                "comment": answer.get("comment", ""),
                "change": reverse("voice:questions", args=[feedback_round.token, part]),
            }
        )
    context = _context(
        feedback_round,
        rows=rows,
        answering_as=dict(AnsweringAs.choices)[progress.answering_as],
        back=reverse("voice:questions", args=[feedback_round.token, len(pages)]),
        submission_key=services.new_submission_key(),
    )
    return render(request, "voice/public/check.html", context)


@public(needs_open_round=False)
def sent(request, token):
    """Thank you, for whoever sent answers through this link from this browser."""
    if request.session.get(SENT_KEY) != token:
        return closed_page(request)
    return render(request, "voice/public/sent.html")
