"""The lead's pages: rate individually first, choose raters, follow progress, open agreement.

The lead sees who has completed which principles, never what anyone rated.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.utils.text import get_text_list

from assessments import selectors as assessment_selectors
from assessments import workflow
from assessments.errors import RefusedError
from assessments.views.common import form_again, post_form, refusal_page
from assessments.views.not_saved import Task, not_saved, state_refusal

from .. import selectors, services
from ..forms import OpenAgreementForm, RatersForm, ReportNamesForm, VersionForm
from .common import TeamAllowed, back_to_team, team_assessment_get

CHOOSE_RATERS = Task(
    workflow.CHOOSE_RATERS, "choose raters", "The people you chose have not been added as raters"
)
RATE_INDIVIDUALLY_FIRST = Task(
    workflow.RATE_INDIVIDUALLY_FIRST,
    "switch to individual ratings",
    "This draft has not been switched to individual ratings",
    sections=None,  # a button, nothing typed
)
OPEN_AGREEMENT = Task(
    workflow.OPEN_AGREEMENT,
    "open agreement",
    "You have not opened agreement",
    sections=None,  # a box to tick, nothing typed
)


def switch(request, pk):
    """A lead switches a shared draft nobody has rated yet to individual ratings first."""
    assessment = assessment_selectors.assessment_get(user=request.user, pk=pk)
    if not TeamAllowed.for_user(request.user, assessment).rate_individually_first:
        return state_refusal(
            request,
            assessment,
            RATE_INDIVIDUALLY_FIRST,
            message="Only a lead can change how a draft is rated.",
        )
    form = None  # a form in error is shown in the error summary (a tampered version)
    if request.method == "POST":
        form = VersionForm(request.POST)
        if form.is_valid():
            try:
                services.team_scoring_start(
                    user=request.user,
                    assessment_id=assessment.pk,
                    expected_version=form.cleaned_data["version"],
                )
            except RefusedError as error:
                return refusal_page(request, error, assessment=assessment)
            messages.success(request, "Team members will rate individually first")
            return redirect("consensus:team", pk=assessment.pk)
    ratings = assessment_selectors.ratings_for_assessment(assessment)
    return render(
        request,
        "consensus/switch.html",
        {"assessment": assessment, "started": any(r.is_started for r in ratings), "form": form},
    )


def team(request, pk):
    """Raters and their progress; the lead adds raters here and moves on to agreement."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if not allowed.manage:
        raise PermissionDenied("Only a lead can manage the raters.")
    members = selectors.members_who_may_rate(assessment) if allowed.choose_raters else []

    def page(form):
        return _team_page(request, assessment, allowed, form=form)

    if request.method != "POST":
        return page(RatersForm(members=members) if members else None)
    if not allowed.choose_raters:
        return state_refusal(
            request,
            assessment,
            CHOOSE_RATERS,
            message="Raters can be chosen only while people rate individually.",
            form=lambda: RatersForm(
                request.POST, members=selectors.members_who_may_rate(assessment)
            ),
            back=back_to_team(assessment),
        )
    raters = {str(r.user_id): r.name for r in selectors.raters_for(assessment)}
    form = RatersForm(request.POST, members=members, raters=raters)
    if not members or (form.already and not form.sent_new):
        # Everyone chosen became a rater after the page was opened, or nobody is left to
        # choose (the page would have no boxes to tick, nor an error to link to them).
        messages.info(request, _already_raters(form.already) or EVERYONE_IS_A_RATER)
        return redirect("consensus:team", pk=assessment.pk)
    if not form.is_valid():
        return page(form)
    try:
        added = services.raters_add(
            user=request.user, assessment_id=assessment.pk, user_ids=form.user_ids
        )
    except RefusedError as error:
        return refusal_page(
            request,
            error,
            assessment=assessment,
            again=lambda e: page(
                form_again(RatersForm, request.POST, e, members=members, raters=raters)
            ),
            moved_on=lambda: not_saved(
                request,
                assessment=assessment,
                task=CHOOSE_RATERS,
                form=form,
                back=back_to_team(assessment),
            ),
        )
    count = len(added)
    if count:
        people = pluralize(count, "person,people")
        messages.success(request, f"{count} {people} added as {pluralize(count, 'a rater,raters')}")
    # The service leaves out anyone added meanwhile, between this page's read and its lock.
    names = {m.user_id: m.user.name or m.user.email for m in members}
    added_ids = {rater.user_id for rater in added}
    meanwhile = [names[pk] for pk in form.user_ids if pk not in added_ids]
    if form.already or meanwhile:
        messages.info(request, _already_raters([*form.already, *meanwhile]))
    return redirect("consensus:team", pk=assessment.pk)


EVERYONE_IS_A_RATER = "Every contributor, lead and approver of the partnership is already a rater"


def _already_raters(names: list[str]) -> str:
    """Who was a rater already, as the page says it: "Aisha Rahman is already a rater", or
    "A and B are already raters"; "" for nobody."""
    if not names:
        return ""
    verb = "is already a rater" if len(names) == 1 else "are already raters"
    return f"{get_text_list(names, 'and')} {verb}"


def open_agreement(request, pk):
    """The lead opens agreement, naming anyone who has not finished."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    if not TeamAllowed.for_user(request.user, assessment).open_agreement:
        return state_refusal(
            request,
            assessment,
            OPEN_AGREEMENT,
            message="Only a lead can open agreement, while people rate individually.",
            back=back_to_team(assessment),
        )
    progress = selectors.progress(assessment)
    unfinished = [p.rater.name for p in progress if not p.is_finished]

    def page(form):
        context = {"assessment": assessment, "progress": progress, "form": form}
        return render(request, "consensus/open.html", context)

    if not progress:
        # Nothing to agree: the page says to choose raters first, with no form to send
        # (``services.agreement_open`` refuses it too, for any other caller).
        return page(None)
    if request.method != "POST":
        return page(
            OpenAgreementForm(initial={"version": assessment.version}, unfinished=unfinished)
        )
    shown = post_form(
        request,
        OpenAgreementForm,
        page=page,
        assessment=assessment,
        task=OPEN_AGREEMENT,
        initial={"version": assessment.version},  # drawn in place of a tampered version
        save=lambda form: services.agreement_open(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            although_unfinished=form.confirmed_unfinished,
        ),
        unfinished=unfinished,
    )
    if shown is not None:
        return shown
    messages.success(request, "Agreement is open: the team can now see everyone's ratings")
    return redirect("consensus:agreement", pk=assessment.pk)


def _team_page(request, assessment, allowed, *, form, names_form=None):
    return render(
        request,
        "consensus/team.html",
        {
            "assessment": assessment,
            "allowed": allowed,
            "progress": selectors.progress(assessment),
            "form": form,
            "names_form": _report_names_form(assessment) if names_form is None else names_form,
        },
    )


def _report_names_form(assessment, data=None) -> ReportNamesForm | None:
    """The choice of names in reports, until the assessment is signed off (then fixed)."""
    if assessment.is_signed_off:
        return None
    initial = {"show": "yes" if assessment.report_rater_names else "no"}
    return ReportNamesForm(data, initial=initial)


def report_names(request, pk):
    """The lead chooses whether the assessment's reports name who wrote each rationale."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if not allowed.manage:
        raise PermissionDenied("Only a lead can choose whether reports show raters' names.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = _report_names_form(assessment, request.POST)
    if form is not None and not form.is_valid():
        members = selectors.members_who_may_rate(assessment) if allowed.choose_raters else []
        raters = RatersForm(members=members) if members else None
        return _team_page(request, assessment, allowed, form=raters, names_form=form)
    try:
        # Signed off (no form): the service says why nothing can change.
        updated = services.report_rater_names_set(
            user=request.user,
            assessment_id=assessment.pk,
            show=form.cleaned_data["show"] if form is not None else False,
        )
    except RefusedError as error:
        messages.error(request, error.message)
        return redirect("consensus:team", pk=assessment.pk)
    shown = "show" if updated.report_rater_names else "do not show"
    messages.success(request, f"Reports {shown} raters' names")
    return redirect("consensus:team", pk=assessment.pk)
