"""Each round keeps the statements people answered, frozen when it opened.

Rounds opened before this have their wording filled in: a round closed for sign-off keeps
the wording its reports already show (stored with its figures); any other round gets the
principles' current statements, the words its form shows today.
"""

from django.db import migrations, models


def fill_statements(apps, schema_editor):
    FeedbackRound = apps.get_model("voice", "FeedbackRound")
    Principle = apps.get_model("principles", "Principle")
    for feedback_round in FeedbackRound.objects.select_related("assessment"):
        if feedback_round.frozen_counts is not None:
            statements = dict(feedback_round.frozen_counts.get("statements", {}))
        else:
            rows = (
                Principle.objects.filter(
                    principle_set_id=feedback_round.assessment.principle_set_id
                )
                .exclude(feedback_statement="")
                .values_list("pk", "feedback_statement")
            )
            statements = {str(pk): text for pk, text in rows}
        feedback_round.statements = statements
        feedback_round.save(update_fields=["statements"])


class Migration(migrations.Migration):
    dependencies = [
        ("principles", "0002_principle_feedback_statement"),
        ("voice", "0003_round_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedbackround",
            name="statements",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text=(
                    "Each principle's statement for people's feedback as the form asks it, by "
                    "principle id, frozen when the round opened: every answer in the round is "
                    "to these words, whatever an admin changes later."
                ),
            ),
        ),
        migrations.RunPython(fill_statements, migrations.RunPython.noop),
    ]
