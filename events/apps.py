from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from events import live, signals  # noqa: F401  (registers the places-left fragment; connects the receivers)
        from events.signposts import partner_signposts
        from portal import signposts

        signposts.register(partner_signposts)
