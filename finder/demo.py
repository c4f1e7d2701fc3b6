"""Demo content for the finder: its page under the home page, and an index of whatever opportunities exist."""

from portal.demo import home_page

from .indexing import rebuild
from .models import FinderPage


def seed(progress=print):
    home = home_page()
    page = FinderPage.objects.first()
    if page is None:
        page = FinderPage(title="Find opportunities", slug="opportunities")
        home.add_child(instance=page)
        page.save_revision().publish()
        progress("  Created the opportunity finder at /opportunities/")
    count = rebuild(progress=lambda done, total: progress(f"  Indexed {done} of {total} opportunities"))
    progress(f"  Finder index holds {count} live opportunities")
