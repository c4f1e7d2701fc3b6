"""Guidance, the glossary, the support directory and the common procurement statement."""

from .glossary import GlossaryTerm
from .pages import (
    GlossaryPage,
    GuidanceIndexPage,
    GuidancePage,
    RelatedGuidance,
    StatementPage,
    SupportDirectoryPage,
    Topic,
)
from .statement import CommonStatement, Signatory, StatementVersion
from .support import SupportProvider, SupportService

__all__ = [
    "CommonStatement",
    "GlossaryPage",
    "GlossaryTerm",
    "GuidanceIndexPage",
    "GuidancePage",
    "RelatedGuidance",
    "Signatory",
    "StatementPage",
    "StatementVersion",
    "SupportDirectoryPage",
    "SupportProvider",
    "SupportService",
    "Topic",
]
