"""Words for the accessibility statement, privacy notice and cookies page, in BodyBlock's raw form.

The accessibility statement follows the structure of the model statement for the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.
"""

# ruff: noqa: E501 -- prose: a sentence is easier to edit kept whole than split to fit 120 columns


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def inset(html):
    return {"type": "inset_text", "value": html}


def warning(text):
    return {"type": "warning_text", "value": text}


def accessibility(brand, email, phone, today):
    return [
        paragraph(
            f"<p>This accessibility statement applies to the {brand} website. It is run by the partnership's "
            "procurement team on behalf of the public bodies in the partnership.</p>"
            "<p>We want as many people as possible to be able to use this website. For example, that means you should be able to:</p>"
            "<ul><li>change colours, contrast levels and fonts using your browser or device settings</li>"
            "<li>zoom in up to 400% without the text spilling off the screen</li>"
            "<li>get around the whole website using just a keyboard</li>"
            "<li>get around the website using speech recognition software</li>"
            "<li>listen to the website using a screen reader</li>"
            "<li>use the website without JavaScript</li></ul>"
            "<p>We have also made the words as simple as possible. Every guide is checked for a reading age of 12 or lower.</p>"
            '<p><a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has advice on making your device easier to use if you have a disability.</p>'
        ),
        heading("How accessible this website is"),
        paragraph(
            "<p>We know some parts of this website are not fully accessible:</p>"
            "<ul><li>some documents that buyers attach to contracts are PDFs that do not work well with screen readers</li>"
            "<li>to send a bid you use each buyer's own e-tendering website, which we do not run</li></ul>"
        ),
        heading("Feedback and contact information"),
        paragraph(
            "<p>If you need information on this website in a different format, like accessible PDF, large print, "
            "easy read, audio recording or braille:</p>"
            f"<ul><li>email {email}</li><li>call {phone}</li></ul>"
            "<p>We will consider your request and get back to you in 5 working days.</p>"
        ),
        heading("Reporting accessibility problems with this website"),
        paragraph(
            "<p>We are always looking to improve the accessibility of this website. If you find any problems not "
            f"listed on this page, or think we are not meeting accessibility requirements, email {email}.</p>"
        ),
        heading("Enforcement procedure"),
        paragraph(
            "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies "
            "(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). "
            "If you are not happy with how we respond to your complaint, "
            '<a href="https://www.equalityadvisoryservice.com/">contact the Equality Advisory and Support Service (EASS)</a>.</p>'
        ),
        heading("Technical information about this website's accessibility"),
        paragraph(
            "<p>The partnership is committed to making its website accessible, in accordance with the Public Sector "
            "Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.</p>"
        ),
        heading("Compliance status", "h3"),
        paragraph(
            '<p>This website is partially compliant with the <a href="https://www.w3.org/TR/WCAG22/">Web Content '
            "Accessibility Guidelines version 2.2</a> AA standard, due to the non-compliances listed below.</p>"
        ),
        heading("Non-accessible content"),
        paragraph("<p>The content listed below is not accessible for the following reasons.</p>"),
        heading("Non-compliance with the accessibility regulations", "h3"),
        paragraph(
            "<p>Some PDF documents attached to contract notices are not tagged for screen readers. This fails WCAG 2.2 "
            "success criterion 1.3.1 (info and relationships). We ask buyers to publish accessible documents and "
            "will replace documents when asked.</p>"
        ),
        heading("Content that's not within the scope of the accessibility regulations", "h3"),
        paragraph(
            "<p>PDFs and other documents published before 23 September 2018 are not in scope, unless they are needed to "
            "take part in a current procurement. The e-tendering websites that buyers use to receive bids are run by "
            "other organisations and have their own accessibility statements.</p>"
        ),
        heading("What we're doing to improve accessibility"),
        paragraph(
            "<p>Every page is tested automatically against WCAG 2.2 A and AA before each release, and checked with a "
            "keyboard and without JavaScript. We are asking buyers to publish documents as accessible web pages where they can.</p>"
        ),
        heading("Preparation of this accessibility statement"),
        paragraph(
            f"<p>This statement was prepared on {today:%-d %B %Y}. It was last reviewed on {today:%-d %B %Y}.</p>"
            f"<p>This website was last tested on {today:%-d %B %Y}. The test was carried out by the partnership's "
            "digital team, using automated checks on every page type and manual checks with a keyboard and a screen reader.</p>"
        ),
    ]


def privacy(brand, email):
    return [
        paragraph(
            f"<p>This notice explains what personal information the {brand} website collects, why, and what your "
            "rights are. You can search and read everything on this website without giving us any personal information.</p>"
        ),
        heading("Who we are"),
        paragraph(
            "<p>Northshire Borough Council runs this website for the partnership and is the data controller. "
            f"This means it decides how your information is used. Contact us at {email}.</p>"
        ),
        heading("Email alerts"),
        paragraph(
            "<p>If you sign up for alerts, we keep:</p>"
            "<ul><li>your email address</li><li>what you want to hear about, like kinds of work and areas</li>"
            "<li>when you confirmed your email address, and which alerts we have sent you</li></ul>"
            "<p>We use this only to email you contracts that match. Our legal reason is your consent. "
            "Every email has a link to change or stop your alerts. When you stop them, we delete your details within 30 days.</p>"
        ),
        heading("Event registrations"),
        paragraph(
            "<p>If you book a place at an event, we keep your name, email address, business name, the size and type of "
            "your business, and any access needs you tell us about.</p>"
            "<p>We share these with the buyers running the event, so they can plan it and contact you about it. "
            "If a partner organisation referred you, we tell them only how many people they referred, not who.</p>"
            "<p>Our legal reason is our public task of helping local businesses. Access needs can be health information. "
            "We only keep them if you choose to tell us, and only use them to make the event work for you.</p>"
            "<p>We delete registrations 12 months after the event. We keep counts, like how many small businesses came, "
            "without names.</p>"
        ),
        heading("Who sees your information"),
        paragraph(
            "<p>Only the partnership's staff and the buyers running an event you booked. Our hosting company stores the "
            "information in the UK. We never sell your information or use it for marketing.</p>"
        ),
        heading("Your rights"),
        paragraph(
            "<p>You can ask us to show you, correct or delete the information we hold about you, or to stop using it. "
            f"Email {email}. We will reply within one month.</p>"
            "<p>If you are unhappy with how we use your information, you can complain to the "
            '<a href="https://ico.org.uk/make-a-complaint/">Information Commissioner\'s Office</a> or call them on 0303 123 1113.</p>'
        ),
    ]


def cookies():
    return [
        paragraph(
            "<p>Cookies are small files saved on your phone, tablet or computer when you visit a website.</p>"
            "<p>We only use cookies that this website needs to work. We do not use cookies to track you, "
            "to measure how you use the website or for advertising. So we do not need to ask for your permission.</p>"
        ),
        heading("Essential cookies we use"),
        paragraph(
            "<ul>"
            "<li><strong>csrftoken</strong>: protects the forms on this website from being misused by other websites. "
            "It expires after 1 year.</li>"
            "<li><strong>sessionid</strong>: remembers a message to show you after you send a form, and keeps staff "
            "signed in. It expires after 2 weeks, or when staff sign out.</li>"
            "</ul>"
        ),
        inset(
            "<p>You can block cookies in your browser settings, but some forms on this website may not work if you do.</p>"
        ),
        heading("Links to other websites"),
        paragraph(
            "<p>To send a bid, you use a buyer's e-tendering website. Those websites have their own cookies and cookie "
            "notices.</p>"
        ),
    ]


STATEMENT_SUMMARY = (
    "The public bodies in our partnership have agreed how we will buy. We will make it easier for small "
    "businesses, co-ops and social enterprises to win our contracts, and we will treat every supplier fairly."
)

COMMITMENTS = [
    (
        "We will split big contracts into lots",
        "<p>Where it makes sense, we will divide large contracts into smaller lots, by area or by type of work, "
        "so that small businesses can bid for the part that fits them.</p>",
    ),
    (
        "We will pay you within 30 days",
        "<p>We will pay valid invoices within 30 days, and faster for small businesses where we can. We will make "
        "our main suppliers pay their subcontractors within 30 days too.</p>",
    ),
    (
        "We will ask for social value that matters here",
        "<p>We will ask for social value that helps local people, like local jobs and training. We will score it "
        "fairly, so that what small businesses already do counts.</p>",
    ),
    (
        "We will write in plain English",
        "<p>Our notices, documents and questions will use plain English. We will explain any term we must use, "
        "and only ask for what a contract really needs.</p>",
    ),
    (
        "We will tell you what is coming",
        "<p>We will publish our pipeline of planned contracts and talk to businesses before we buy, so you have "
        "time to get ready.</p>",
    ),
]
