"""A member enters someone's answers for them, by phone or in person, while the round is open.

Once it has closed, opening the page says why (the not-now page), and answers sent
after it closed are not saved: the page says who closed it and shows what was typed
(409), as every form sent after the assessment moved on does.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from assessments.selectors import assessment_get
from assessments.views.not_saved import Section, Typed, typed

from .. import selectors, services
from ..forms import AssistedForm
from .members import ANSWERS_REFUSED, VoiceAllowed, back_to_voice, closed_page, why_closed


def typed_answers(form: AssistedForm) -> list[Section]:
    """What a member typed, statement by statement, to copy once the form has closed."""
    rows = typed(form, ["answering_as"])
    for principle in form.principles:
        rows += typed(form, [f"answer_{principle.pk}"])
        number = form.numbers[principle.pk]
        comment = typed(form, [f"comment_{principle.pk}"])
        rows += [Typed(f"Comment on sentence {number}", row.value) for row in comment]
    return [Section("", rows, empty="You had not chosen or typed anything.")]


def not_saved_page(request, *, assessment, form: AssistedForm):
    """409: the round closed after the page was opened; nothing saved, everything typed shown."""
    # Read again: who closed the round, or signed the assessment off, during this request.
    assessment = assessment_get(user=request.user, pk=assessment.pk)
    feedback_round = selectors.round_for_assessment(assessment)
    context = {
        "assessment": assessment,
        "heading": "Their answers have not been saved",
        "moved": why_closed(feedback_round, so=ANSWERS_REFUSED),
        "sections": typed_answers(form),
        "back": back_to_voice(assessment),
    }
    return render(request, "voice/not_saved.html", context, status=409)


def assisted(request, pk):
    """Enter one person's answers to every statement, all on one page."""
    assessment = assessment_get(user=request.user, pk=pk)
    if not VoiceAllowed.for_user(request.user, assessment).enter:
        raise PermissionDenied("Your role does not allow this.")
    feedback_round = selectors.round_for_assessment(assessment)
    if feedback_round is None:  # nothing to answer yet: the round's page offers opening one
        messages.error(request, "The feedback form is not open, so answers cannot be entered")
        return redirect("voice:overview", pk=assessment.pk)
    principles = selectors.round_principles(feedback_round)
    if request.method != "POST":
        if not feedback_round.is_open():
            return closed_page(
                request,
                assessment=assessment,
                feedback_round=feedback_round,
                title="You cannot enter someone's answers now",
                so=ANSWERS_REFUSED,
            )
        form = AssistedForm(principles=principles)
        return render(request, "voice/assisted.html", {"assessment": assessment, "form": form})
    form = AssistedForm(request.POST, principles=principles)
    if not form.is_valid():
        if not feedback_round.is_open():  # nothing to put right: it could not be saved
            return not_saved_page(request, assessment=assessment, form=form)
        return render(request, "voice/assisted.html", {"assessment": assessment, "form": form})
    # A valid form goes to the service even if the round has closed: answers it saved
    # already with this page's key (a double-click across the close) are found, not refused.
    submission_key = (  # the same key again (a double-click) stores nothing new
        services.submission_key_from(form.cleaned_data["submission_key"])
        or services.new_submission_key()
    )
    try:
        services.feedback_response_create(
            round_id=feedback_round.pk,
            answering_as=form.cleaned_data["answering_as"],
            answers=[
                services.AnswerInput(
                    principle_id=int(key), answer=a["answer"], comment=a["comment"]
                )
                for key, a in form.answers().items()
            ],
            entered_by=request.user,
            submission_key=submission_key,
        )
    except services.FeedbackRefused as refusal:
        if refusal.code == "closed":  # closed since the page was opened
            return not_saved_page(request, assessment=assessment, form=form)
        form.add_error(None, refusal.message)
        return render(request, "voice/assisted.html", {"assessment": assessment, "form": form})
    _success_once(request, SAVED)
    return redirect("voice:overview", pk=assessment.pk)


SAVED = "The answers have been saved as an assisted response"


def _success_once(request, text: str) -> None:
    """Say it was saved, unless that is already waiting to be said: the same page sent
    twice (a double-click) is stored once, so it is said once on the next page."""
    waiting = messages.get_messages(request)
    already = any(message.message == text for message in waiting)
    waiting.used = False  # looking is not showing: keep them for the next page
    if not already:
        messages.success(request, text)
