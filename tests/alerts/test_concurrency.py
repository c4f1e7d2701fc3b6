"""The same sign-up form arriving twice at the same moment (a double click) makes one subscription."""

import re
import threading
import uuid

import pytest

from django.core import mail
from django.db import connection, connections
from django.test import Client

from alerts.criteria import Frequency
from alerts.forms import SubscribeForm
from alerts.models import Subscription
from alerts.views import start_subscription

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


@pytest.mark.django_db
def test_a_copy_saved_after_the_check_for_an_earlier_one_is_reused(home):
    """The window the threads above can hit only sometimes: request B looks for an earlier subscription
    from its form and finds none, then request A saves one, then B goes on to subscribe."""
    form_data = {
        "email": "ada@example.org",
        "keywords": "catering",
        "frequency": Frequency.DAILY,
        "consent": "on",
        "submission_key": str(uuid.uuid4()),
    }
    first, second = SubscribeForm(form_data), SubscribeForm(form_data)
    assert first.is_valid() and second.is_valid()
    assert second.earlier_submission() is None
    made = start_subscription(first)

    assert start_subscription(second) == made
    assert Subscription.objects.filter(email="ada@example.org").count() == 1
    assert len(mail.outbox) == 1
