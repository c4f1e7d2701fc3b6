import pytest

from portal import demo as portal_demo
from spend import demo
from spend.figures import Analysis
from spend.models import Payment, SupplierMerge


@pytest.mark.django_db
def test_demo_tells_a_baseline_and_update_story_and_is_idempotent(home):
    portal_demo.seed(progress=lambda message: None)
    messages = []
    demo.seed(progress=messages.append)
    baseline, update = demo.demo_years()
    payments = Payment.objects.count()
    assert payments == 3 * 2 * (demo.LINES_PER_FILE - 1)  # one unreadable amount left out of each file
    assert SupplierMerge.objects.filter(status="proposed").exists()  # "Northshire Ground Care" and friends
    anchor_ids = list(Payment.objects.values_list("anchor_id", flat=True).distinct())
    headlines = Analysis(anchor_ids, update, baseline).headlines()
    assert headlines[update].local_share > headlines[baseline].local_share + 10
    assert headlines[update].influenceable < headlines[update].total
    demo.seed(progress=lambda message: None)
    assert Payment.objects.count() == payments
