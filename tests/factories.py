"""factory_boy factories. Principle sets come from the shipped fixtures (see conftest)."""

import factory
from django.contrib.auth import get_user_model

from partnerships.models import Membership, Partnership, Role, Service
from principles.models import (
    Nation,
    Principle,
    PrincipleGroup,
    PrincipleSet,
    RatingLevel,
    RatingScale,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("a-long-password-1")


class RatingScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScale
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"scale-{n}")
    name = factory.Sequence(lambda n: f"Scale {n}")

    @factory.post_generation
    def levels(scale, create, extracted, **kwargs):
        for value in extracted or range(1, 6):
            RatingLevel.objects.create(
                scale=scale, value=value, label=f"Level {value}", descriptor=f"Level {value}."
            )


class PrincipleSetFactory(factory.django.DjangoModelFactory):
    """A made-up set with ``principles`` principles spread over ``groups`` groups."""

    class Meta:
        model = PrincipleSet
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"set-{n}")
    title = factory.Sequence(lambda n: f"Test principles {n}")
    short_name = factory.Sequence(lambda n: f"Test set {n}")
    jurisdiction = "england"
    publisher = "Test publisher"

    @factory.post_generation
    def principles(principle_set, create, extracted, **kwargs):
        count = extracted if extracted is not None else 12
        group_count = kwargs.get("groups", 3)
        groups = [
            PrincipleGroup.objects.create(
                principle_set=principle_set, code=f"g{g}", order=g, title=f"Group {g}"
            )
            for g in range(1, group_count + 1)
        ]
        Principle.objects.bulk_create(
            Principle(
                principle_set=principle_set,
                group=groups[(n - 1) * group_count // max(count, 1)],
                code=f"{principle_set.slug.upper()}-{n:03d}",
                order=n,
                short_title=f"Principle {n}",
                statement=f"statement number {n}",
                guidance=f"Question about principle {n}?",
                default_weight=1,
            )
            for n in range(1, count + 1)
        )


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    nation = Nation.ENGLAND
    signoff_body = "Health and Wellbeing Board"
    default_principle_set = factory.LazyFunction(
        lambda: PrincipleSet.objects.get(slug="national-voices")
    )


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Service {n}")
    description = "A community service."
    care_group = "Older people"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Role.CONTRIBUTOR


def member(partnership, role, **user_fields):
    """A user with ``role`` in ``partnership``."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, partnership=partnership, role=role)
    return user


# Roles refused an action, for parametrized tests.
NOT_LEADS = [Role.CONTRIBUTOR, Role.APPROVER, Role.VIEWER]
NOT_ALLOWED_TO_EDIT = [Role.APPROVER, Role.VIEWER]
