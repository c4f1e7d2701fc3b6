"""Opportunity pages with 1, 3 and 6 lots (with awards) and an organisation page with 40 opportunities:
server time and queries per request through the full stack. Query counts must not grow with lots."""

from bench._harness import report, setup_django, test_database, time_requests


def main():
    setup_django()
    from django.test import Client

    from opportunities.factories import AwardFactory, LotFactory, OpportunityPageFactory
    from opportunities.models import Stage
    from portal.factories import OrganisationIndexPageFactory, OrganisationPageFactory
    from portal.models import CPVCode
    from tests.conftest import ensure_home_page

    with test_database():
        home = ensure_home_page()
        organisation = OrganisationPageFactory(parent=OrganisationIndexPageFactory(parent=home))
        codes = list(CPVCode.objects.all()[:3])
        pages = {}
        for count in (1, 3, 6):
            urls = []
            for _ in range(10):
                opportunity = OpportunityPageFactory(parent=organisation, stage=Stage.AWARDED)
                for number in range(1, count + 1):
                    lot = LotFactory(opportunity=opportunity, number=number)
                    lot.cpv_codes.set(codes)
                    lot.save()
                    AwardFactory(lot=lot)
                urls.append(opportunity.url)
            pages[count] = urls
        for index in range(40):
            opportunity = OpportunityPageFactory(parent=organisation, stage=Stage.OPEN if index % 2 else Stage.PIPELINE)
            LotFactory(opportunity=opportunity, number=1)
        client = Client()
        for count, urls in pages.items():
            report(f"opportunity page, {count} lot(s)", *time_requests(client, urls * 10))
        report("organisation page, 70 opportunities", *time_requests(client, [organisation.url] * 50))
