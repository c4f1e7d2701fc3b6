"""The same sign-up form arriving twice at the same moment (a double click) makes one subscription."""

import re
import threading

import pytest

from django.core import mail
from django.db import connection, connections
from django.test import Client

from alerts.criteria import Frequency
from alerts.models import Subscription

SENDERS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_copies_of_one_form_make_one_subscription_and_one_email(home):
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: SQLite serialises all writers, so the requests cannot overlap.")
    page = Client().get("/alerts/subscribe/").content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page).group(1)
    form = {
        "email": "ada@example.org",
        "keywords": "catering",
        "frequency": Frequency.DAILY,
        "consent": "on",
        "submission_key": key,
    }
    start = threading.Barrier(SENDERS)
    statuses, errors = [], []

    def send():
        try:
            start.wait()
            statuses.append(Client().post("/alerts/subscribe/", form).status_code)
        except Exception as error:  # reported below: the test must see every failure
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [302] * SENDERS
    assert Subscription.objects.filter(email="ada@example.org").count() == 1
    assert len(mail.outbox) == 1
