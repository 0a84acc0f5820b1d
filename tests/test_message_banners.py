"""Messages after something the person did are announced, whatever their level."""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string


def banner(level) -> str:
    return render_to_string("includes/messages.html", {"messages": [Message(level, "Said")]})


def test_an_important_message_is_an_alert_like_a_success():
    """Both are role="alert"; only the success banner has the success style and title."""
    important, success = banner(messages.INFO), banner(messages.SUCCESS)
    assert 'role="alert"' in important and 'role="region"' not in important
    assert 'role="alert"' in success
    assert "Important" in important and "govuk-notification-banner--success" not in important
    assert "Success" in success and "govuk-notification-banner--success" in success
