from django.apps import AppConfig


class ConsensusConfig(AppConfig):
    """Team scoring: each member rates privately, then the team agrees each rating."""

    name = "consensus"
    verbose_name = "Team scoring"
