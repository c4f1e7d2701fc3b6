import pytest

from guidance.factories import (
    GlossaryPageFactory,
    GuidanceIndexPageFactory,
    StatementPageFactory,
    SupportDirectoryPageFactory,
)
from guidance.models import GuidanceIndexPage


@pytest.fixture
def guidance_index(home):
    return GuidanceIndexPage.objects.child_of(home).first() or GuidanceIndexPageFactory(parent=home)


@pytest.fixture
def glossary_page(guidance_index):
    return GlossaryPageFactory(parent=guidance_index)


@pytest.fixture
def support_page(home):
    return SupportDirectoryPageFactory(parent=home)


@pytest.fixture
def statement_page(home):
    return StatementPageFactory(parent=home)
