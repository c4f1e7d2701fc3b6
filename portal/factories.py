"""Factories for the shared app's models and pages (used by tests and benchmarks)."""

import factory
import wagtail_factories

from django.contrib.auth import get_user_model

from portal.models import (
    CPVCode,
    HomePage,
    Location,
    OrganisationIndexPage,
    OrganisationPage,
    SocialValueTheme,
    StandardPage,
)


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct-horse-battery")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    summary = "A plain page."

    class Meta:
        model = StandardPage


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Buyers"
    slug = "buyers"

    class Meta:
        model = OrganisationIndexPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Anchor organisation {n}")
    organisation_type = OrganisationPage.OrganisationType.COUNCIL
    intro = "We buy goods and services for local people."
    contact_email = "procurement@example.org"

    class Meta:
        model = OrganisationPage


class CPVCodeFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"{(n % 89) + 3:02d}{n:06d}"[:8])
    label = factory.Sequence(lambda n: f"CPV label {n}")

    class Meta:
        model = CPVCode
        django_get_or_create = ("code",)


class LocationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")
    kind = Location.Kind.LOCAL_AREA

    class Meta:
        model = Location


class SocialValueThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")

    class Meta:
        model = SocialValueTheme
