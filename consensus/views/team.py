"""The lead's pages: rate individually first, choose raters, follow progress, open agreement.

The lead sees who has completed which principles, never what anyone rated.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from assessments import selectors as assessment_selectors
from assessments.errors import RefusedError
from assessments.views.common import form_again, post_form, refusal_page

from .. import selectors, services
from ..forms import OpenAgreementForm, RatersForm, VersionForm
from .common import TeamAllowed, team_assessment_get


def switch(request, pk):
    """A lead switches a shared draft nobody has rated yet to individual ratings first."""
    assessment = assessment_selectors.assessment_get(user=request.user, pk=pk)
    if not TeamAllowed.for_user(request.user, assessment).rate_individually_first:
        raise PermissionDenied("Only a lead can change how a draft is rated.")
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
        {"assessment": assessment, "started": any(r.is_started for r in ratings)},
    )


def team(request, pk):
    """Raters and their progress; the lead adds raters here and moves on to agreement."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    allowed = TeamAllowed.for_user(request.user, assessment)
    if not allowed.manage:
        raise PermissionDenied("Only a lead can manage the raters.")
    members = selectors.members_who_may_rate(assessment) if allowed.choose_raters else []

    def page(form):
        return render(
            request,
            "consensus/team.html",
            {
                "assessment": assessment,
                "allowed": allowed,
                "progress": selectors.progress(assessment),
                "form": form,
            },
        )

    if request.method != "POST":
        return page(RatersForm(members=members) if members else None)
    if not allowed.choose_raters:
        raise PermissionDenied("Raters can be chosen only while people rate individually.")
    form = RatersForm(request.POST, members=members)
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
            again=lambda e: page(form_again(RatersForm, request.POST, e, members=members)),
        )
    count = len(added)
    messages.success(request, f"{count} {'person' if count == 1 else 'people'} added as raters")
    return redirect("consensus:team", pk=assessment.pk)


def open_agreement(request, pk):
    """The lead opens agreement, naming anyone who has not finished."""
    assessment = team_assessment_get(user=request.user, pk=pk)
    if not TeamAllowed.for_user(request.user, assessment).open_agreement:
        raise PermissionDenied("Only a lead can open agreement, while people rate individually.")
    progress = selectors.progress(assessment)
    unfinished = [p.rater.name for p in progress if not p.is_finished]

    def page(form):
        context = {"assessment": assessment, "progress": progress, "form": form}
        return render(request, "consensus/open.html", context)

    if request.method != "POST":
        return page(
            OpenAgreementForm(initial={"version": assessment.version}, unfinished=unfinished)
        )
    shown = post_form(
        request,
        OpenAgreementForm,
        page=page,
        assessment=assessment,
        save=lambda form: services.agreement_open(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            although_unfinished=form.cleaned_data["although_unfinished"],
        ),
        unfinished=unfinished,
    )
    if shown is not None:
        return shown
    messages.success(request, "Agreement is open: the team can now see everyone's ratings")
    return redirect("consensus:agreement", pk=assessment.pk)
