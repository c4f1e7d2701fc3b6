"""Admin wiring: a read-only list of alert subscriptions for staff who answer suppliers' questions.

Email addresses are personal data, so only users granted `alerts.view_subscription` (give it to the
editors' group) see the list; buyers do not. Nobody edits a subscriber's answers or consent on their
behalf: subscribers change their own through the manage link. Users with `delete_subscription` can
delete one, for a data request made by post or phone.
"""

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from alerts.models import Subscription


class SubscriptionViewSet(ModelViewSet):
    model = Subscription
    icon = "mail"
    menu_label = "Alert subscriptions"
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    exclude_form_fields = []  # never shown: nobody may add or change (see the permission policy)
    search_backend_name = None  # a plain database filter; subscriptions are not in a search index
    search_fields = ["email"]
    list_display = [
        "email",
        "frequency",
        BooleanColumn("is_confirmed", label="Confirmed"),
        BooleanColumn("paused", label="Paused"),
        DateColumn("created_at", label="Signed up"),
    ]
    list_filter = {"frequency": ["exact"], "paused": ["exact"], "confirmed_at": ["isnull"]}
    inspect_view_fields = [
        "email",
        "search",
        "frequency",
        "wants_events",
        "paused",
        "consent_text",
        "consent_at",
        "created_at",
        "confirmed_at",
    ]


@hooks.register("register_admin_viewset")
def register_subscription_viewset():
    return SubscriptionViewSet("alert_subscriptions")
