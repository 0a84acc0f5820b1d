"""Signed off means final, for every figure and word (issue 10, items 1 to 5).

Admin edits to default weights, the scale's words, its levels and principle text never
change a submitted or signed-off report; a draft is never changed silently either.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.errors import RefusedError
from assessments.models import Assessment
from assessments.wording import wording_notices
from partnerships.models import Role
from principles.models import Principle, PrincipleSet, RatingLevel, RatingScale
from principles.services import positions_vacate, principle_wording_mark
from reporting.board_pack import build_board_pack
from reporting.documents import assessment_report_html
from reporting.reports import build_report
from tests import builders
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

REASON = "The board wants outcomes weighted double this year."


def signed(assessment, people, *, weights=None) -> Assessment:
    """``assessment`` completed at level 3, with ``weights``, submitted and signed off."""
    lead = people[Role.LEAD]
    builders.complete(user=lead, assessment=assessment)
    if weights:
        builders.set_weights(user=lead, assessment=assessment, weights=weights)
    builders.submit(user=lead, assessment=assessment)
    return builders.sign_off(user=people[Role.APPROVER], assessment=assessment)


def report_page(client, assessment) -> str:
    return client.get(reverse("assessments:report", args=[assessment.pk])).content.decode()


def admin_save(principle: Principle, **changes) -> None:
    """An admin's edit, saved as the admin saves it (``principle_wording_mark``, then save)."""
    for name, value in changes.items():
        setattr(principle, name, value)
    principle_wording_mark(principle=principle, changed=changes)
    principle.save()


def admin_post_data(response, **changes) -> dict:
    """What an admin change page posts back unchanged, forms and inlines, plus ``changes``."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(
            {
                formset.management_form.add_prefix(k): v
                for k, v in formset.management_form.initial.items()
            }
        )
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None:
                data[form.add_prefix(name)] = value
    return {**data, **changes}


# 1. Default weights ----------------------------------------------------------------------


def test_a_signed_off_report_keeps_the_default_weight_it_was_weighted_against(
    draft, people, viewer_client
):
    """Changing NV-08's default weight later leaves "Changed from the default of 1" in the
    signed-off report and its PDF."""
    nv08 = builders.rating_for(assessment=draft, code="NV-08")
    assessment = signed(draft, people, weights={nv08.pk: (2, REASON)})
    admin_save(Principle.objects.get(code="NV-08"), default_weight=4)

    said = f'2. Changed from the default of 1 because: <span class="prose app-prose">{REASON}'
    assert said in report_page(viewer_client, assessment)
    assert said in assessment_report_html(Assessment.objects.get(pk=assessment.pk))
    assert "default of 4" not in report_page(viewer_client, assessment)


# 2. The words scores are read in -----------------------------------------------------------


def test_the_words_a_submission_was_read_in_never_change(signed_off, viewer_client, partnership):
    """Renaming a level of the scale in admin changes neither a signed-off report's headline
    nor the board pack's key."""
    assert build_report(signed_off).score.band == "Growing"
    level = RatingLevel.objects.get(scale__is_default=True, value=3)
    level.label = "Developing"
    level.save()

    content = report_page(viewer_client, signed_off)
    assert '<strong class="govuk-!-font-size-36">Growing</strong>' in content
    assert "Growing: 38% to 62%" in content and "Developing" not in content
    pack = build_board_pack(partnership, PrincipleSet.objects.get(slug="national-voices"))
    (legend,) = pack.legends
    assert [band.label for band in legend.bands][2] == "Growing"
    assert pack.included[0].cells[0].band == "Growing"


def test_a_returned_assessment_reads_the_scales_words_again(submitted, people):
    """Returned to draft, an assessment shows the scale's current words once more."""
    RatingLevel.objects.filter(scale__is_default=True, value=3).update(label="Developing")
    assert build_report(builders.reload(assessment=submitted)).score.band == "Growing"
    builders.return_(user=people[Role.LEAD], assessment=submitted)
    assert build_report(builders.reload(assessment=submitted)).score.band == "Developing"


# 3. The scale is fixed when the assessment starts ------------------------------------------


def test_a_level_added_to_the_scale_never_rescores_a_draft(draft, people, client):
    """A draft scores the same, and offers the same levels, after a level is added."""
    lead = people[Role.LEAD]
    for code, value in (("NV-01", 2), ("NV-02", 3), ("NV-03", 4)):
        builders.rate(user=lead, assessment=draft, code=code, value=value)
    before = build_report(builders.reload(assessment=draft)).score.weighted_score
    assert before == 50
    six = RatingLevel.objects.create(
        scale=RatingScale.objects.default(), value=6, label="Leading", descriptor="Leading."
    )

    assert build_report(builders.reload(assessment=draft)).score.weighted_score == before
    client.force_login(lead)
    page = client.get(reverse("assessments:principle", args=[draft.pk, "NV-04"]))
    assert "Leading" not in page.content.decode()
    with pytest.raises(RefusedError) as error:
        builders.rate(user=lead, assessment=draft, code="NV-04", value=six.value)
    assert error.value.code == "level_not_on_scale"


def test_the_scale_help_text_says_it_is_fixed_at_the_start():
    """The help text promises what the code does."""
    field = Assessment._meta.get_field("frozen_scale_values")
    assert "when the assessment started" in field.help_text


# 4. Admin edits to principle text ----------------------------------------------------------


def test_admin_change_page_says_how_many_drafts_an_edit_reaches(
    draft, people, admin_client_user, service
):
    """The principle's change page counts the drafts against its set and those that have
    rated it; the set's page counts the drafts."""
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-05")
    builders.start(user=people[Role.LEAD], service=ServiceFactory(partnership=service.partnership))
    principle = Principle.objects.get(code="NV-05")

    page = admin_client_user.get(reverse("admin:principles_principle_change", args=[principle.pk]))
    assert (
        "2 draft assessments against this set show the current wording of this principle, and "
        "1 of them has already rated this principle."
    ) in page.content.decode()
    set_page = admin_client_user.get(
        reverse("admin:principles_principleset_change", args=[principle.principle_set_id])
    )
    assert (
        "2 draft assessments against this set show the current wording of this set's principles,"
    ) in set_page.content.decode().replace("&#x27;", "'")


def test_rewording_in_admin_is_noted_for_drafts(draft, people, admin_client):
    """Saving a new statement on the principle's admin page (or in its set's inline) notes
    when the wording changed; changing only the default weight does not."""
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-05")
    principle = Principle.objects.get(code="NV-05")
    url = reverse("admin:principles_principle_change", args=[principle.pk])
    unchanged = admin_post_data(admin_client.get(url), default_weight=2)
    assert admin_client.post(url, unchanged).status_code == 302
    assert Principle.objects.get(pk=principle.pk).wording_changed_at is None

    reworded = admin_post_data(admin_client.get(url), statement="be inclusive of everyone")
    assert admin_client.post(url, reworded).status_code == 302
    assert Principle.objects.get(pk=principle.pk).wording_changed_at is not None
    ratings = [builders.rating_for(assessment=draft, code="NV-05")]
    assert wording_notices(draft, ratings) == ratings

    set_url = reverse("admin:principles_principleset_change", args=[principle.principle_set_id])
    page = admin_client.get(set_url)
    inline = next(
        f.formset for f in page.context["inline_admin_formsets"] if f.formset.model is Principle
    )
    nv06 = next(f for f in inline.forms if f.instance.code == "NV-06")
    data = admin_post_data(page, **{nv06.add_prefix("short_title"): "Reworded in the set"})
    assert admin_client.post(set_url, data).status_code == 302
    assert Principle.objects.get(code="NV-06").wording_changed_at is not None
    assert Principle.objects.get(code="NV-07").wording_changed_at is None


def test_a_draft_says_when_a_rated_principles_wording_changed_until_confirmed(
    draft, people, client
):
    """After an admin rewords a rated principle, its page and check answers say so, until
    someone confirms the rating still stands; the history says who did."""
    lead = people[Role.LEAD]
    builders.rate(user=lead, assessment=draft, code="NV-05", value=4)
    builders.rate(user=lead, assessment=draft, code="NV-06", value=4)
    admin_save(Principle.objects.get(code="NV-05"), statement="be inclusive of every community")
    admin_save(Principle.objects.get(code="NV-07"), statement="be reworded before rating")
    builders.rate(user=lead, assessment=draft, code="NV-07", value=4)  # rated after the change

    client.force_login(people[Role.CONTRIBUTOR])
    principle_url = reverse("assessments:principle", args=[draft.pk, "NV-05"])
    notice = "The wording changed on"
    assert notice in client.get(principle_url).content.decode()
    check = client.get(reverse("assessments:check", args=[draft.pk])).content.decode()
    assert check.count(notice) == 1  # NV-05 only: NV-06 kept its wording, NV-07 rated after
    assert "check the rating still stands" in check

    response = client.post(
        reverse("assessments:wording_confirm", args=[draft.pk, "NV-05"]), {"back_to": "check"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:check", args=[draft.pk])
    assert notice not in client.get(principle_url).content.decode()
    history = client.get(reverse("assessments:history", args=[draft.pk])).content.decode()
    assert "Confirmed the rating of NV-05 Inclusive of all communities still stands" in history


def test_saving_a_rating_again_answers_the_notice(draft, people):
    """Saving the rating with the new wording on the page counts as checking it."""
    lead = people[Role.LEAD]
    builders.rate(user=lead, assessment=draft, code="NV-05", value=4)
    admin_save(Principle.objects.get(code="NV-05"), short_title="Inclusive for all")
    ratings = [builders.rating_for(assessment=draft, code="NV-05")]
    assert wording_notices(draft, ratings) == ratings
    builders.rate(user=lead, assessment=draft, code="NV-05", value=4)
    assert wording_notices(draft, [builders.rating_for(assessment=draft, code="NV-05")]) == []


def test_submitted_assessments_never_show_the_notice(submitted, people, client):
    """A submitted assessment keeps the wording it was rated against: nothing to check."""
    admin_save(Principle.objects.get(code="NV-05"), statement="be inclusive of every community")
    ratings = list(submitted.ratings.select_related("principle"))
    assert wording_notices(submitted, ratings) == []
    client.force_login(people[Role.LEAD])
    url = reverse("assessments:wording_confirm", args=[submitted.pk, "NV-05"])
    refused = client.post(url, {"back_to": "principle"})
    assert refused.status_code == 409  # not saved: it was submitted, not the role's fault
    assert "You have not confirmed this rating still stands" in refused.content.decode()


def test_only_people_who_may_edit_the_draft_can_confirm(draft, people, client):
    """A viewer cannot confirm; the button is a form that only takes POST."""
    url = reverse("assessments:wording_confirm", args=[draft.pk, "NV-05"])
    client.force_login(people[Role.VIEWER])
    assert client.post(url, {"back_to": "principle"}).status_code == 403
    client.force_login(people[Role.CONTRIBUTOR])
    assert client.get(url).status_code == 405


# 5. Restoring the published text -----------------------------------------------------------


def restore(*args) -> str:
    out = io.StringIO()
    call_command("restore_published_text", *args, stdout=out)
    return out.getvalue()


def test_restoring_a_set_writes_history_with_the_reason(principle_sets, draft, people):
    """The command puts the published statement back through the ORM: History shows the
    published text as the latest, with the reason, and drafts that rated it are told."""
    published = Principle.objects.get(code="NV-03").statement
    builders.rate(user=people[Role.LEAD], assessment=draft, code="NV-03")
    admin_save(Principle.objects.get(code="NV-03"), statement="Edited by an admin")

    out = restore("national-voices", "--reason", "Undo a mistaken edit (ticket 42)")

    principle = Principle.objects.get(code="NV-03")
    assert principle.statement == published
    latest = principle.history.first()
    assert (latest.statement, latest.history_change_reason) == (
        published,
        "Undo a mistaken edit (ticket 42)",
    )
    assert "Restored principle NV-03: statement" in out
    assert "1 restored, 0 added" in out
    rating = builders.rating_for(assessment=draft, code="NV-03")
    assert wording_notices(draft, [rating]) == [rating]
    assert "nothing changed" in restore("national-voices", "--reason", "Again")


def test_restoring_puts_back_a_scales_words(principle_sets):
    """A rating scale's level labels are restored the same way."""
    level = RatingLevel.objects.get(scale__slug="maturity-1-5", value=3)
    level.label = "Developing"
    level.save()
    restore("maturity-1-5", "--reason", "Published words")
    level.refresh_from_db()
    assert level.label == "Growing"
    assert level.history.first().history_change_reason == "Published words"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["national-voices", "--reason", "  "], "Give a reason"),
        (["national-voices", "--reason", "x" * 101], "100 characters or fewer"),
        (["no-such-set", "--reason", "Why"], "No shipped fixture publishes"),
    ],
)
def test_restoring_needs_a_reason_and_a_known_set(principle_sets, args, message):
    """A blank or overlong reason, or an unknown slug, stops the command and changes nothing."""
    Principle.objects.filter(code="NV-03").update(statement="Edited by an admin")
    with pytest.raises(CommandError, match=message):
        restore(*args)
    assert Principle.objects.get(code="NV-03").statement == "Edited by an admin"


def test_restoring_puts_back_positions_an_admin_swapped(principle_sets):
    """Two principles an admin swapped go back to their published places."""
    first, second = Principle.objects.get(code="NV-01"), Principle.objects.get(code="NV-02")
    positions_vacate(model=Principle, ids=[first.pk, second.pk])
    Principle.objects.filter(pk=first.pk).update(order=second.order)
    Principle.objects.filter(pk=second.pk).update(order=first.order)
    out = restore("national-voices", "--reason", "Published order")
    assert Principle.objects.get(code="NV-01").order == first.order
    assert Principle.objects.get(code="NV-02").order == second.order
    assert "Restored principle NV-01: order" in out
