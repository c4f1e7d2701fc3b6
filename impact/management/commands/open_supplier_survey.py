import datetime

from django.core.management.base import BaseCommand, CommandError

from impact.survey import open_survey, response_rate
from portal.models import OrganisationPage


class Command(BaseCommand):
    help = (
        "Open an anchor's yearly supplier survey (or every anchor's): one invitation per supplier paid or awarded "
        "in the financial year. Safe to run again; send_impact_emails sends the links."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int, help="The year the financial year starts: 2026 for 2026/27.")
        parser.add_argument("--closes", required=True, help="The closing date, YYYY-MM-DD.")
        parser.add_argument("--anchor", help="The organisation's slug; every organisation when left out.")

    def handle(self, *args, year, closes, anchor=None, **options):
        try:
            closes_on = datetime.date.fromisoformat(closes)
        except ValueError as error:
            raise CommandError("Give the closing date as YYYY-MM-DD, like 2027-06-30.") from error
        anchors = OrganisationPage.objects.order_by("title")
        if anchor:
            anchors = anchors.filter(slug=anchor)
            if not anchors.exists():
                raise CommandError(f"No organisation has the slug {anchor!r}.")
        anchors = list(anchors)
        for position, organisation in enumerate(anchors, start=1):
            survey = open_survey(organisation, year, closes_on)
            rate = response_rate(survey)
            self.stdout.write(
                f"  {position}/{len(anchors)} {survey}: {rate.invited} suppliers from {survey.supplier_source}"
            )
        self.stdout.write(self.style.SUCCESS("Surveys are open."))
