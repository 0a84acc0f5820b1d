"""The page where people choose which emails they get."""

from django.contrib import messages
from django.shortcuts import redirect, render

from notifications import selectors, services
from notifications.forms import PreferencesForm


def preferences(request):
    """Any signed-in person turns the optional emails on or off for themselves."""
    preference = selectors.preference_get(user=request.user)
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, preference=preference)
    if form.is_bound and form.is_valid():
        services.preference_update(user=request.user, wanted=form.wanted_notices())
        messages.success(request, "Your email notifications have been saved")
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
