"""Shared models: the base page, home and standard pages, organisations, site settings, taxonomy."""

from .base import BasePage, IndexPage
from .organisations import OrganisationIdentifier, OrganisationIndexPage, OrganisationPage
from .pages import HomePage, StandardPage
from .settings import PortalSettings
from .taxonomy import CPVCode, Location, SocialValueTheme

__all__ = [
    "BasePage",
    "CPVCode",
    "HomePage",
    "IndexPage",
    "Location",
    "OrganisationIdentifier",
    "OrganisationIndexPage",
    "OrganisationPage",
    "PortalSettings",
    "SocialValueTheme",
    "StandardPage",
]
