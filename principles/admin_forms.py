"""Forms of principles admin: a set's sections and principles, which can swap positions
and of which no two share a code in any case; a principle on its own page, checked against
its set's others whether or not its set can be changed; and a scale's levels, of which it
keeps at least two, no two with one label."""

from collections import defaultdict

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.formsets import DELETION_FIELD_NAME
from django.forms.models import BaseInlineFormSet

from .models import DUPLICATE_CODE
from .models.scales import DUPLICATE_LABEL, MIN_LEVELS, TOO_FEW_LEVELS


class PositionedForm(forms.ModelForm):
    """One section or principle of the set. Its position is checked against the other rows
    of the page (``PositionedFormSet``), which are every row of the set, not against the
    database: in a swap each row takes a position the other holds until both are saved."""

    def validate_unique(self):
        self._validate_without_position(self.instance.validate_unique)

    def validate_constraints(self):
        self._validate_without_position(self.instance.validate_constraints)

    def _validate_without_position(self, validate) -> None:
        try:
            validate(exclude=self._get_validation_exclusions() | {"order"})
        except ValidationError as error:
            self._update_errors(error)


class PositionedFormSet(BaseInlineFormSet):
    """Every row of the set, positions unique among them (Django's own check of a formset)."""

    def vacated_ids(self) -> list[int]:
        """The saved rows whose position changes or which are deleted: ``positions_vacate``
        moves them aside first."""
        return [
            form.instance.pk
            for form in self.initial_forms
            if form.instance.pk and ("order" in form.changed_data or form in self.deleted_forms)
        ]


class PrincipleFormSet(PositionedFormSet):
    """The set's principles, whose codes are unique in any case: the database checks each
    row against the saved ones, this the rows of the page against each other."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if form in self.deleted_forms or not form.is_valid():
                continue
            code = form.cleaned_data.get("code", "").casefold()
            if code in seen:
                form.add_error("code", ValidationError(DUPLICATE_CODE, code="duplicate_code"))
            seen.add(code)


class RemovableRowMixin:
    """Before Django's own check of a deleted row of the set's page (protected ratings): a
    principle nothing keeps goes, with its drafts' untouched ratings (``save_formset``), as
    on its own delete page; one a feedback form asks about stays, said so."""

    def hand_clean_DELETE(self):
        from assessments.set_growth import asking_rounds, principle_in_use

        pk = self.instance.pk
        if not self.cleaned_data.get(DELETION_FIELD_NAME) or pk is None:
            return
        if not principle_in_use(principle_id=pk):
            return
        if asking_rounds(principle_id=pk).exists():
            raise ValidationError(
                f"{self.instance.code} cannot be deleted: a feedback form asks people about it",
                code="asked_about",
            )
        super().hand_clean_DELETE()


DUPLICATE_POSITION = "Another principle in this set has this position"
POSITION_IN_SET = ("principle_set", "order")  # the fields of ``unique_principle_order``


class PrincipleForm(forms.ModelForm):
    """A principle on its own page. Once it is rated its set is read-only (``PrincipleAdmin``),
    so not a field of the form, and Django would check the code and position, unique within
    the set, without the set: a clash would reach the database as a server error. The
    principle keeps its set, so they are checked with it, as when the set can be changed."""

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        if "principle_set" not in self.fields and self.instance.principle_set_id is not None:
            exclusions.discard("principle_set")
        return exclusions

    def validate_constraints(self):
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError as error:
            self._update_errors(_positions_named(error))


def _positions_named(error: ValidationError) -> ValidationError:
    """Django words a taken position "Principle with this Principle set and Order already
    exists": say it as a taken code is said, and beside the position."""
    errors = error.update_error_dict({})
    refused = errors.pop(NON_FIELD_ERRORS, [])
    for each in refused:
        params = each.params or {}
        if each.code == "unique_together" and params.get("unique_check") == POSITION_IN_SET:
            errors.setdefault("order", []).append(
                ValidationError(DUPLICATE_POSITION, code="duplicate_order")
            )
        else:
            errors.setdefault(NON_FIELD_ERRORS, []).append(each)
    return ValidationError(errors)


class RatingLevelFormSet(BaseInlineFormSet):
    """A scale's levels, at least ``MIN_LEVELS`` of them: scores and bands run from the lowest
    level to the highest, so with fewer every report and submission of an assessment on the
    scale would fail. Two levels with one value are refused by Django's own check of the
    formset and the database's (the unique value per scale); two with one label in any case
    here, as a draft would offer two levels of one name to choose between."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            # A blank extra row is not a level; nor is a new row on a scale in use, which
            # admin ignores (RatingLevelInline allows no adding there).
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        if len(kept) < MIN_LEVELS and not self._in_use():
            raise ValidationError(TOO_FEW_LEVELS, code="too_few_levels")
        by_label = defaultdict(list)
        for form in kept:
            if form.is_valid():
                # Django strips the label already; "limited" is "Limited" all the same.
                by_label[form.cleaned_data.get("label", "").strip().casefold()].append(form)
        for same in by_label.values():
            # The error goes where the admin typed the label, else on each level after the first.
            typed = [form for form in same if "label" in form.changed_data]
            for form in typed if typed and len(typed) < len(same) else same[1:]:
                form.add_error("label", ValidationError(DUPLICATE_LABEL, code="duplicate_label"))

    def _in_use(self) -> bool:
        # A scale in use can neither gain nor lose a level in admin (RatingLevelInline): one
        # that got fewer some other way could only be refused every save, even a label's fix.
        scale = self.instance
        return scale.pk is not None and scale.assessments.exists()
