"""Suppliers in a real browser: a co-op makes a profile without JavaScript, a buyer invites three local
caterers to quote, and a prime posts a subcontract lot. axe checks every page on the way."""

import datetime
import re

from playwright.sync_api import expect

from django.core import mail

from events.factories import PartnerFactory
from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
from portal import clock
from portal.models import Location
from suppliers import links
from suppliers.factories import SupplierFactory
from suppliers.models import PrimeAccess, QuoteInvitation, Subcontract, Supplier
from tests.browser.conftest import assert_accessible


def site_path(message, pattern):
    return re.search(rf"https?://[^/\s]+({pattern}\S*)", message.body).group(1)


def test_a_coop_creates_a_profile_without_javascript(no_js_page, home):
    page = no_js_page
    Location.objects.update_or_create(
        slug="northshire", defaults={"name": "Northshire", "postcode_districts": "PR1, PR2"}
    )
    PartnerFactory(name="Northshire Chamber of Commerce", slug="northshire-chamber")
    mail.outbox.clear()

    page.goto("/suppliers/")
    assert_accessible(page)
    page.get_by_role("link", name="Create a free supplier profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to your supplier profile")
    assert_accessible(page)
    page.get_by_label("Email address").fill("hello@ribble.example")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    page.goto(site_path(mail.outbox[-1], "/suppliers/sign-in/"))
    assert_accessible(page)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your supplier profile")
    assert_accessible(page)

    page.get_by_label("Business or organisation name").fill("Ribble Kitchen Co-operative")
    page.get_by_label("Companies House number (optional)").fill("123")
    page.get_by_label("Business postcode").fill("PR1")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_role("alert")).to_contain_text("Enter a Companies House number in the right format")
    expect(page.get_by_role("alert")).to_contain_text("Enter a real postcode, like PR1 2AB")
    expect(page.get_by_label("Business or organisation name")).to_have_value("Ribble Kitchen Co-operative")
    assert_accessible(page)

    page.get_by_label("Companies House number (optional)").fill("IP031234")
    page.get_by_label("Business postcode").fill("pr1 3ax")
    page.get_by_label("Micro (fewer than 10 staff)").check()
    page.get_by_label("Co-operative", exact=True).check()
    page.get_by_label("What does your business do?").fill("We cook school meals and cater for events.")
    page.get_by_label("Hotel, catering and retail services (CPV 55)").check()
    page.get_by_label("Northshire", exact=True).check()
    page.get_by_label("Northshire Chamber of Commerce").check()
    page.get_by_label("Also show my business in the public directory").check()
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ribble Kitchen Co-operative")
    assert_accessible(page)

    supplier = Supplier.objects.get()
    assert (supplier.email, supplier.kind, supplier.postcode) == ("hello@ribble.example", "coop", "PR1 3AX")

    page.goto("/suppliers/?q=school+meals")
    expect(page.get_by_role("link", name="Ribble Kitchen Co-operative")).to_be_visible()
    page.get_by_role("link", name="Ribble Kitchen Co-operative").click()
    assert_accessible(page)
    page.goto("/suppliers/embed/?partner=northshire-chamber")
    expect(page.get_by_role("link", name=re.compile("Ribble Kitchen Co-operative"))).to_be_visible()
    assert_accessible(page)
    page.goto("/suppliers/market/")
    assert_accessible(page)

    page.goto("/suppliers/profile/")
    page.get_by_role("link", name="Delete your profile").click()
    assert_accessible(page)
    page.get_by_role("button", name="Delete my profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your profile is deleted")
    assert_accessible(page)
    assert not Supplier.objects.exists()


def test_a_buyer_finds_three_local_caterers_and_invites_them(page, login, home, organisation, buyer_of):
    Location.objects.update_or_create(slug="preston", defaults={"name": "Preston", "postcode_districts": "PR1, PR2"})
    for name, postcode in (
        ("Ribble Kitchen", "PR1 3AX"),
        ("Preston Platters", "PR2 8QT"),
        ("Fishergate Foods", "PR1 8HH"),
    ):
        SupplierFactory(business_name=name, postcode=postcode, divisions=["55"], description="Catering and buffets.")
    SupplierFactory(business_name="Faraway Feasts", postcode="M1 1AE", divisions=["55"], description="Catering.")
    SupplierFactory(business_name="Sparkle Cleaning", postcode="PR1 1AA", divisions=["90"], description="Cleaning.")
    OpportunityPageFactory(parent=organisation, title="Town hall catering").save_revision().publish()
    buyer_of(organisation, username="buyer")
    login("buyer")

    page.goto("/suppliers/")
    page.get_by_label("What do you need?").fill("catering")
    page.get_by_label("Where").select_option("preston")
    page.get_by_role("button", name="Search suppliers").click()
    expect(page.get_by_role("heading", name="3 suppliers")).to_be_visible()
    expect(page.get_by_text("Faraway Feasts")).to_have_count(0)
    assert_accessible(page)
    for name in ("Fishergate Foods", "Preston Platters", "Ribble Kitchen"):
        page.get_by_label(f"Ask {name} for a quote").check()
    page.get_by_role("button", name="Ask the ticked suppliers for a quote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for quotes")
    assert_accessible(page)

    mail.outbox.clear()
    page.get_by_label("What do you need a quote for?").fill("Buffet lunch for 60 people")
    page.get_by_label("Opportunity (optional)").select_option(label="Town hall catering")
    page.get_by_label("Message to the suppliers").fill("At the town hall, vegetarian choices please.")
    page.get_by_label("Quotes needed by").fill((clock.today() + datetime.timedelta(days=10)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Send invitations").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Buffet lunch for 60 people")
    assert_accessible(page)
    assert len(mail.outbox) == 3
    assert QuoteInvitation.objects.count() == 3

    page.goto("/suppliers/quotes/")
    assert_accessible(page)
    page.goto(site_path(mail.outbox[0], "/suppliers/quote/"))
    assert_accessible(page)
    page.get_by_label("Yes, I will send a quote").check()
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Thank you. We have told the buyer your answer.")).to_be_visible()
    assert QuoteInvitation.objects.filter(response="will_quote").count() == 1

    page.goto("/suppliers/quote/not-a-real-link/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)


def test_a_prime_posts_a_subcontract_lot(page, login, home, organisation, buyer_of):
    opportunity = OpportunityPageFactory(parent=organisation, title="Schools catering")
    opportunity.save_revision().publish()
    award = AwardFactory(lot=LotFactory(opportunity=opportunity), supplier_name="Northern Facilities plc")
    buyer_of(organisation, username="buyer")
    login("buyer")
    page.goto("/suppliers/awards/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Send a link")).click()
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_label("Prime contractor's email address").fill("bids@northern.example")
    page.get_by_role("button", name="Send link").click()
    (message,) = mail.outbox

    page.context.clear_cookies()  # the prime is someone else, on another computer
    page.goto(site_path(message, "/suppliers/prime/link/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your subcontracts")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Post a subcontract")).click()
    assert_accessible(page)
    fill_in_a_subcontract(page)
    page.locator("#id_lots-0-value").fill("£12,000")
    page.locator("#id_lots-0-division").select_option("15")
    page.get_by_role("button", name="Publish subcontract").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fresh bread for 40 schools")
    expect(page.get_by_text(f"Subcontract: via Northern Facilities plc, for {organisation.title}")).to_be_visible()
    assert_accessible(page)
    assert Subcontract.objects.get().lots.get().title == "North schools"

    page.goto("/suppliers/subcontracts/")
    expect(page.get_by_role("link", name="Fresh bread for 40 schools")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/suppliers/prime/awards/{award.pk}/report/")
    assert_accessible(page)

    expired = PrimeAccess.objects.create(award=award, email="old@northern.example")
    token = links.make(expired, links.PRIME)
    page.goto(f"/suppliers/prime/link/{token[:-4]}abcd/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)


def fill_in_a_subcontract(page):
    """The prime's form for a subcontract with one lot, as a prime would fill it in (not yet sent)."""
    page.get_by_label("Title", exact=True).fill("Fresh bread for 40 schools")
    page.get_by_label("What the work is").fill("Daily deliveries of bread to school kitchens.")
    page.get_by_label("Replies needed by").fill((clock.today() + datetime.timedelta(days=14)).isoformat())
    page.get_by_label("Contact name").fill("Jo Prime")
    page.get_by_label("Contact email address").fill("jo@northern.example")
    page.locator("#id_lots-0-title").fill("North schools")


def test_a_prime_posts_a_subcontract_lot_that_the_finder_and_a_matching_alert_show(
    no_js_page, home, organisation, live_server
):
    """Without JavaScript: the prime posts a lot through its link; a supplier finds it in the finder,
    headed with who it is via and for; an alert saved for that search emails it once."""
    from alerts.models import Subscription
    from finder.models import FinderPage

    page = no_js_page
    home.add_child(instance=FinderPage(title="Find opportunities", slug="opportunities"))
    opportunity = OpportunityPageFactory(parent=organisation, title="Schools catering")
    opportunity.save_revision().publish()
    award = AwardFactory(lot=LotFactory(opportunity=opportunity), supplier_name="Northern Facilities plc")
    Subscription.objects.create(
        email="baker@example.org",
        search={"q": "bread", "cpv": ["15"]},
        frequency="immediate",
        confirmed_at=clock.now(),
        consent_text="I agree.",
    )
    mail.outbox.clear()

    prime = PrimeAccess.objects.create(award=award, email="bids@northern.example")
    page.goto(f"/suppliers/prime/link/{links.make(prime, links.PRIME)}/")
    page.get_by_role("link", name=re.compile("Post a subcontract")).click()
    fill_in_a_subcontract(page)
    page.locator("#id_lots-0-division").select_option("15")
    page.get_by_role("button", name="Publish subcontract").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fresh bread for 40 schools")
    subcontract = Subcontract.objects.get()

    headline = f"Subcontract: via Northern Facilities plc, for {organisation.title}"
    page.goto("/opportunities/?q=bread&cpv=15")
    result = page.locator(".finder-result")
    expect(result).to_have_count(1)
    expect(result.get_by_text(headline)).to_be_visible()
    assert_accessible(page)
    result.get_by_role("link", name="Lot 1: North schools").click()
    expect(page).to_have_url(re.compile(rf"/suppliers/subcontracts/{subcontract.pk}/#lot-1$"))
    expect(page.get_by_role("link", name="jo@northern.example")).to_be_visible()
    assert_accessible(page)

    (message,) = [m for m in mail.outbox if m.to == ["baker@example.org"]]
    assert "Fresh bread for 40 schools, Lot 1: North schools" in message.subject
    assert headline in message.body
    assert f"/suppliers/subcontracts/{subcontract.pk}/#lot-1" in message.body
