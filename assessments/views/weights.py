"""The weights page: a lead sets each principle's weight, with a reason for each change."""

from html import escape

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .. import selectors, services, workflow
from ..errors import ConflictError, RefusedError
from ..forms import WeightsForm
from ..forms.review import WeightRows
from .common import Allowed, form_again, refusal_page
from .not_saved import Section, Task, not_saved, state_refusal, typed
from .weights_conflict import seen_weights, weights_conflict

# Principles weighted on one page: the published sets (12 principles) fit on one, as the
# page has always been; a large set is weighted a page at a time, so a page costs what it
# shows and not every principle's inputs (issue #15).
WEIGHTS_PER_PAGE = 12


class ListedWeightRows(WeightRows):
    """The principles' fieldsets under a heading for each of the set's lists (its lead-in,
    such as "Services must be…"), each with its statement, which completes the lead-in,
    after its code and title: for a set in lists (Scotland's), whose titles alone drop
    the words the principles are made of."""

    def render(self, form, context, template_pack=None, **kwargs):
        rows = dict(zip((rating.pk for rating in form.ratings), form.rows(), strict=True))
        parts = []
        for group in selectors.groups_of(form.ratings):
            shown = []
            for rating in group.ratings:
                row = dict(rows[rating.pk])
                row["legend"] = format_html(
                    '{} <span class="govuk-!-display-block govuk-!-font-weight-regular '
                    'govuk-!-margin-top-1">{}</span>',
                    row["legend"],
                    rating.statement,
                )
                shown.append(row)
            parts.append(format_html('<h2 class="govuk-heading-m">{}</h2>', group.heading))
            parts.append(self.draw(shown, context))
        return format_html_join("", "{}", ((part,) for part in parts))


def _changed(form) -> list[Section]:
    """The principles whose weight or reason was changed, with what was typed: every other
    weight is as saved, so listing it would hide the changes."""
    sections = []
    for rating in form.ratings:
        names = [f"weight_{rating.pk}", f"reason_{rating.pk}"]
        if any(_text(form[name].value()) != _text(form[name].initial) for name in names):
            sections.append(Section(f"{rating.code} {rating.short_title}", typed(form, names)))
    return sections or [Section("", [], empty="You had not changed any weights.")]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


WEIGHTS = Task(
    workflow.SET_WEIGHTS, "change the weights", "Your weights have not been saved", _changed
)


def _sent(request, assessment) -> WeightsForm:
    """The form as sent from its page of principles, for what was typed on it."""
    ratings = selectors.ratings_for_weights(assessment)
    shown = Paginator(ratings, WEIGHTS_PER_PAGE).get_page(request.GET.get("page"))
    return WeightsForm(request.POST, ratings=list(shown))


def weights(request, pk):
    """A lead sets this assessment's weights, with a reason for each change: a page of
    principles at a time, with every principle's weight summarised when there are more."""
    assessment = selectors.assessment_get(user=request.user, pk=pk)
    if not Allowed.for_user(request.user, assessment).set_weights:
        return state_refusal(
            request,
            assessment,
            WEIGHTS,
            message="Only a lead can change weights, and only in a draft.",
            form=lambda: _sent(request, assessment),
        )
    paginator = Paginator(selectors.ratings_for_weights(assessment), WEIGHTS_PER_PAGE)
    number = paginator.get_page(request.GET.get("page")).number
    # A set in lists (Scotland's) is weighted list by list, each under its lead-in.
    listed = bool(selectors.set_lists(paginator.object_list))

    def split(ratings):
        """This page's ratings, and the rest, from every rating in set order."""
        first = (number - 1) * WEIGHTS_PER_PAGE
        shown = ratings[first : first + WEIGHTS_PER_PAGE]
        return {"ratings": shown, "elsewhere": ratings[:first] + ratings[first + len(shown) :]}

    def page(form, conflict=None, ratings=None):
        """The page; ``ratings`` (every one, as saved now) for the summary after a conflict."""
        if listed:
            form.helper.layout.fields[0] = ListedWeightRows()
        context = {"assessment": assessment, "form": form, "conflict": conflict}
        context["page"] = paginator.page(number)
        if paginator.num_pages > 1:
            context["page_numbers"] = paginator.get_elided_page_range(number, on_each_side=1)
            context["summary"] = summary_rows(ratings or paginator.object_list, listed=listed)
        return render(request, "assessments/weights.html", context, status=409 if conflict else 200)

    parts = split(paginator.object_list)
    if request.method != "POST":
        return page(WeightsForm(initial={"version": assessment.version}, **parts))
    # The saved version, drawn only in place of a tampered one (forms.fields.VersionField).
    form = WeightsForm(request.POST, initial={"version": assessment.version}, **parts)
    if not form.is_valid():
        return page(form)
    try:
        services.assessment_weights_update(
            user=request.user,
            assessment_id=assessment.pk,
            expected_version=form.cleaned_data["version"],
            weights=form.weights(),
            seen=seen_weights(request.POST, parts["ratings"]),
        )
    except RefusedError as error:
        if isinstance(error, ConflictError):
            # The latest weights, with the other person's changes beside what was typed.
            latest = selectors.ratings_for_weights(error.current)
            parts = split(latest)
            conflict = weights_conflict(
                request.POST,
                error.current,
                parts["ratings"],
                since=form.cleaned_data["version"],
                user=request.user,
            )
            form = form_again(WeightsForm, conflict.data, conflict.error, **parts)
            form.changes = conflict.changes
            return page(form, conflict, latest)
        return refusal_page(
            request,
            error,
            assessment=assessment,
            again=lambda e: page(form_again(WeightsForm, request.POST, e, **parts)),
            moved_on=lambda: not_saved(request, assessment=assessment, task=WEIGHTS, form=form),
        )
    messages.success(request, "The weights have been saved")
    if paginator.num_pages > 1:  # back to the page, whose summary shows the new weights
        return redirect(f"{reverse('assessments:weights', args=[assessment.pk])}?page={number}")
    return redirect("assessments:overview", pk=assessment.pk)


def summary_rows(ratings, *, listed: bool = False) -> str:
    """The saved-weights table's body, each principle linked to its weight on its page;
    for a set in lists (``listed``), a body for each list with its lead-in as a header row.

    Written in Python, not a template loop (about a fifth of the page's CPU at 120
    principles), with the standard library's escape: Django's ``format_html`` on every
    cell was still a sixth. Only the code and title are text; the rest are whole numbers.
    """
    numbered = {rating.pk: n for n, rating in enumerate(ratings)}

    def rows(shown) -> str:
        return "\n".join(
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f'<a class="govuk-link" href="?page={numbered[rating.pk] // WEIGHTS_PER_PAGE + 1:d}'
            f'#id_weight_{rating.pk:d}">{escape(rating.code)} {escape(rating.short_title)}</a>'
            f'</th><td class="govuk-table__cell govuk-table__cell--numeric">{rating.weight:d}'
            '</td><td class="govuk-table__cell govuk-table__cell--numeric">'
            f"{rating.principle.default_weight:d}</td></tr>"
            for rating in shown
        )

    body = '<tbody class="govuk-table__body">\n{}\n</tbody>'
    if not listed:
        return mark_safe(body.format(rows(ratings)))  # noqa: S308 - escaped, as above
    return mark_safe(  # noqa: S308 - the headings are escaped, as above
        "\n".join(
            body.format(
                '<tr class="govuk-table__row"><th scope="rowgroup" colspan="3" '
                f'class="govuk-table__header">{escape(group.heading)}</th></tr>\n'
                + rows(group.ratings)
            )
            for group in selectors.groups_of(ratings)
        )
    )
