"""A set's sections and principles edited inline on the set's page: rows can swap
positions, and no two principles share a code in any case."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from .models import DUPLICATE_CODE


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
