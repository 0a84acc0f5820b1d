"""Members' pages for an assessment's feedback round: the round, managing it and its
poster (assisted answers and comments have their own modules). Scoped like every
assessment page (other partnerships get 404)."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone

from assessments import workflow
from assessments.errors import OWN_CONFLICT_MESSAGE
from assessments.models import AssessmentState
from assessments.selectors import assessment_get, ratings_for_assessment
from assessments.views.not_saved import Back, MovedOn, Task, not_now, not_saved, person_name
from reporting.views.downloads import pdf_download

from .. import poster, selectors, services
from ..forms import CloseForm, RoundForm
from ..models import FeedbackRound
from ..permissions import VoiceAction, can
from ..we_say import voice_report_for

# A close refused because the round changed after the page was opened.
CLOSE_CONFLICT_MESSAGE = (
    "Another lead changed the feedback form after you opened this page, so it has not been "
    "closed. Check what they changed, then close the form again if it should still close now."
)
OWN_CLOSE_CONFLICT_MESSAGE = (
    "You changed the feedback form after you opened this page, perhaps in another tab or "
    "window, so it has not been closed. Check the form, then close it again if it should "
    "still close now."
)

# The closing date offered when a round is opened: four weeks is long enough for
# posters to be seen and for home visits to come round.
DEFAULT_WEEKS_OPEN = 4

# Feedback can change until sign-off: drafts and submitted assessments, never signed-off ones.
# (For the refusal pages only, which say why the state refuses; the role is checked apart.)
CHANGE_FEEDBACK = workflow.Transition(
    "change_feedback",
    frozenset({AssessmentState.DRAFT, AssessmentState.SUBMITTED}),
    AssessmentState.DRAFT,
    VoiceAction.MANAGE_ROUND,
)
MANAGE_ROUND = Task(
    CHANGE_FEEDBACK,
    "change the feedback form",
    "Your changes to the feedback form have not been saved",
)
MARK_QUOTABLE = Task(
    CHANGE_FEEDBACK,
    "change which comments are quoted",
    "Your choice of comment to quote has not been saved",
    sections=None,  # a button, nothing typed
)


@dataclass(frozen=True)
class VoiceAllowed:
    """What the signed-in user may do with this assessment's feedback."""

    manage: bool
    enter: bool
    mark: bool
    # What the user's role allows whatever the state: a refusal when the state alone
    # refuses says why (the not_now page), not "You cannot do this" (403).
    role_manages: bool
    role_marks: bool

    @classmethod
    def for_user(cls, user, assessment) -> "VoiceAllowed":
        partnership_id = assessment.service.partnership_id
        changeable = not assessment.is_signed_off
        role_manages = can(user, VoiceAction.MANAGE_ROUND, partnership_id)
        role_marks = can(user, VoiceAction.MARK_QUOTABLE, partnership_id)
        return cls(
            manage=changeable and role_manages,
            enter=can(user, VoiceAction.ENTER_ASSISTED, partnership_id),
            mark=changeable and role_marks,
            role_manages=role_manages,
            role_marks=role_marks,
        )


def scale_values(assessment) -> list[int]:
    """The scale the assessment is scored on: frozen at submission, else its current levels."""
    return assessment.frozen_scale_values or list(
        assessment.rating_scale.levels.values_list("value", flat=True)
    )


def back_to_voice(assessment) -> Back:
    return Back(reverse("voice:overview", args=[assessment.pk]), "Go to people's voice")


def public_link(request, feedback_round) -> str:
    return request.build_absolute_uri(reverse("voice:start", args=[feedback_round.token]))


# Why a closed round refuses each thing: said after who closed it and when.
POSTER_REFUSED = "A poster would send people to a form they cannot answer."
ANSWERS_REFUSED = "Answers can be entered for someone only while the form is open."
CLOSING_DATE_REFUSED = "Its closing date was not changed."


def why_closed(feedback_round, *, so: str) -> MovedOn:
    """Why a round takes no answers now, who closed it and when, for the not-now and
    not-saved pages; ``so`` says what that means for what the page was for."""
    assessment = feedback_round.assessment
    if assessment.is_signed_off:  # before a lead's close: sign-off is what keeps it closed
        return MovedOn(
            person_name(assessment.signed_off_by),
            "recorded the board's sign-off of this assessment",
            assessment.signed_off_at,
            f"That closed its feedback form, which cannot be reopened. {so}",
        )
    reopen = "If you need more answers, a lead can reopen the form"
    if feedback_round.closed_at is not None:
        return MovedOn(
            person_name(feedback_round.closed_by),
            "closed the feedback form",
            feedback_round.closed_at,
            f"{so} {reopen}.",
        )
    closed_on = dateformat.format(feedback_round.closes_on, "j F Y")
    return MovedOn(
        "",
        "",
        None,
        f"The feedback form closed at the end of {closed_on}, its closing date. {so} "
        f"{reopen} with a new closing date.",
    )


def closed_page(request, *, assessment, feedback_round, title: str, so: str):
    """The not-now page for a closed round: why it closed, and the way back to it."""
    return render(
        request,
        "voice/not_now.html",
        {
            "assessment": assessment,
            "title": title,
            "moved": why_closed(feedback_round, so=so),
            "back": back_to_voice(assessment),
        },
    )


def overview(request, pk):
    """The round: its link, dates, how many answered and what they said so far."""
    assessment = assessment_get(user=request.user, pk=pk)
    feedback_round = selectors.round_for_assessment(assessment)
    context = {
        "assessment": assessment,
        "feedback_round": feedback_round,
        "allowed": VoiceAllowed.for_user(request.user, assessment),
    }
    if feedback_round is not None:
        voice = voice_report_for(
            feedback_round,
            ratings_for_assessment(assessment),
            scale_values=scale_values(assessment),
        )
        context.update(
            link=public_link(request, feedback_round),
            is_open=feedback_round.is_open(),
            respondents=voice.respondents,
            voice=voice,
        )
    return render(request, "voice/overview.html", context)


def manage(request, pk):
    """Open the round, change its closing date, close it or reopen it (leads only)."""
    assessment = assessment_get(user=request.user, pk=pk)
    allowed = VoiceAllowed.for_user(request.user, assessment)
    if not allowed.role_manages:
        raise PermissionDenied("Only a lead can manage feedback.")
    action = request.POST.get("action", "")
    if not allowed.manage:  # signed off
        back = back_to_voice(assessment)
        if request.method != "POST":
            return not_now(request, assessment=assessment, task=MANAGE_ROUND, back=back)
        sent = None if action == "close" else RoundForm(request.POST)
        return not_saved(request, assessment=assessment, task=MANAGE_ROUND, form=sent, back=back)
    feedback_round = selectors.round_for_assessment(assessment)
    if request.method == "POST" and action == "close" and feedback_round is not None:
        return _close(request, assessment, feedback_round)
    if request.method != "POST":
        initial = {"closes_on": _closing_date_offered(feedback_round)}
        form = RoundForm(initial={**initial, "version": version_of(feedback_round)})
        return manage_page(request, assessment, feedback_round, form)
    # The saved version, drawn only in place of a tampered one (VersionField).
    form = RoundForm(request.POST, initial={"version": version_of(feedback_round)})
    if not form.is_valid():
        return manage_page(request, assessment, feedback_round, form)
    try:
        message = _save_round(request.user, assessment, feedback_round, form.cleaned_data, action)
    except services.FeedbackConflict as conflict:
        return conflict_page(request, assessment, conflict)
    except services.FeedbackRefused as refusal:
        return _refused(request, assessment, form, refusal)
    messages.success(request, message)
    return redirect("voice:overview", pk=assessment.pk)


def _close(request, assessment, feedback_round):
    """Close the round now; a change another lead made since the page was opened is shown
    (409) with the round as saved now, and nothing closed."""
    form = CloseForm(request.POST)
    if not form.is_valid():  # a tampered or broken page: draw it again as saved now
        messages.error(request, form.errors.as_data()["version"][0].message)
        return redirect("voice:manage", pk=assessment.pk)
    try:
        services.feedback_round_close(
            user=request.user,
            round_id=feedback_round.pk,
            expected_version=form.cleaned_data["version"],
        )
    except services.FeedbackConflict as conflict:
        return conflict_page(request, assessment, conflict, closing=True)
    except services.FeedbackRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, "The feedback form is closed")
    return redirect("voice:overview", pk=assessment.pk)


def version_of(feedback_round) -> int:
    """The round's version as a page opened now carries it: 0 before there is a round."""
    return 0 if feedback_round is None else feedback_round.version


def _closing_date_offered(feedback_round):
    today = timezone.localdate()
    if feedback_round is not None and feedback_round.closes_on >= today:
        return feedback_round.closes_on
    return today + timezone.timedelta(weeks=DEFAULT_WEEKS_OPEN)


def _save_round(user, assessment, feedback_round, data, action: str) -> str:
    """Open the round, or change or reopen it, as the page asked; says what was done."""
    if feedback_round is None:
        services.feedback_round_open(
            user=user,
            assessment=assessment,
            closes_on=data["closes_on"],
            expected_version=data["version"],
        )
        return "The feedback form is open"
    services.feedback_round_update(
        user=user,
        round_id=feedback_round.pk,
        closes_on=data["closes_on"],
        expected_version=data["version"],
        reopen=action == "reopen",
    )
    return (
        "The feedback form is open" if action == "reopen" else "The closing date has been changed"
    )


def manage_page(request, assessment, feedback_round, form, *, conflict=None, closing=False):
    """The manage page for the round as it is (None before one is opened); ``closing``
    when the change refused was closing the form rather than a closing date."""
    context = {
        "assessment": assessment,
        "feedback_round": feedback_round,
        "form": form,
        "conflict": conflict,
        "closing": closing,
    }
    return render(request, "voice/manage.html", context, status=409 if conflict else 200)


@dataclass(frozen=True)
class RoundConflict:
    """Another lead's change that came first, for the banner above the form."""

    who: str  # "You" for the user's own change in another tab or window
    did: str
    when: datetime
    feedback_round: FeedbackRound  # as saved now
    is_open: bool


def conflict_page(
    request, assessment, conflict: services.FeedbackConflict, *, closing: bool = False
):
    """The page drawn again (409) for the round as saved now, with what the other lead did
    beside the closing date typed, which stays in the form: saving it again is then a
    knowing choice, checked against the version shown. A refused close has no date typed:
    the form shows the saved one, and closing again is the knowing choice."""
    current = conflict.current
    current.assessment = assessment
    change = selectors.last_change(current)
    yours = change.user is not None and change.user.pk == request.user.pk
    data = request.POST.copy()
    data["version"] = str(current.version)
    if closing:  # the saved date, in the date field's three boxes
        day = current.closes_on
        data.update({"closes_on_0": day.day, "closes_on_1": day.month, "closes_on_2": day.year})
    form = RoundForm(data)
    form.is_valid()
    if closing:  # a saved date now past is what the banner says, not a typing error
        form.errors.pop("closes_on", None)
    if closing:
        message = OWN_CLOSE_CONFLICT_MESSAGE if yours else CLOSE_CONFLICT_MESSAGE
    else:
        message = OWN_CONFLICT_MESSAGE if yours else conflict.message
    form.add_error(None, ValidationError(message, code=conflict.code))
    banner = RoundConflict(
        who="You" if yours else person_name(change.user),
        did=change.did,
        when=change.when,
        feedback_round=current,
        is_open=current.is_open(),
    )
    return manage_page(request, assessment, current, form, conflict=banner, closing=closing)


def _refused(request, assessment, form, refusal: services.FeedbackRefused):
    """A refusal other than a conflict: a close or sign-off since the page was opened says
    who did it and when, with what was typed (409); any other is the form's error."""
    feedback_round = selectors.round_for_assessment(assessment)
    back = back_to_voice(assessment)
    if refusal.code == "signed_off":
        return not_saved(request, assessment=assessment, task=MANAGE_ROUND, form=form, back=back)
    if refusal.code == "closed":
        return not_saved(
            request,
            assessment=assessment,
            task=MANAGE_ROUND,
            form=form,
            back=back,
            template="voice/not_saved.html",
            moved=why_closed(feedback_round, so=CLOSING_DATE_REFUSED),
        )
    # Drawn again at the saved version, so a page sent with a bad one can be saved.
    data = request.POST.copy()
    data["version"] = str(version_of(feedback_round))
    again = RoundForm(data)
    again.is_valid()
    again.add_error(None, ValidationError(refusal.message, code=refusal.code))
    return manage_page(request, assessment, feedback_round, again)


def poster_pdf(request, pk):
    """An A4 poster with the link written out and as a QR code, for waiting rooms."""
    assessment = assessment_get(user=request.user, pk=pk)
    if not VoiceAllowed.for_user(request.user, assessment).enter:
        raise PermissionDenied("Your role does not allow this.")
    feedback_round = selectors.round_for_assessment(assessment)
    if feedback_round is None:
        raise Http404("No feedback round")
    if not feedback_round.is_open():
        # A printed poster outlives the round: it would send people to a closed form.
        return closed_page(
            request,
            assessment=assessment,
            feedback_round=feedback_round,
            title="You cannot download the poster now",
            so=POSTER_REFUSED,
        )
    return pdf_download(
        request,
        html=poster.poster_html(
            service_name=assessment.service.name,
            link=public_link(request, feedback_round),
            closes_on=feedback_round.closes_on,
        ),
        filename=poster.filename(assessment),
        title=f"Feedback poster: {assessment.service.name}",
        back_url=reverse("voice:overview", args=[assessment.pk]),
        back_label="people's voice",
    )
