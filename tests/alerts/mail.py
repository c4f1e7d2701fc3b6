"""Mail backends that fail on purpose, to prove that a failed or crashed run loses and repeats nothing."""

from django.core.mail.backends.locmem import EmailBackend


class FailingBackend(EmailBackend):
    """Refuses the Nth message it is given (counting across connections), like a mail server hiccup."""

    fail_on = 3
    error = ConnectionRefusedError
    attempts = 0

    def send_messages(self, messages):
        for _ in messages:
            type(self).attempts += 1
            if type(self).attempts == self.fail_on:
                raise self.error(f"simulated failure on message {self.fail_on}")
        return super().send_messages(messages)


class CrashingBackend(FailingBackend):
    """Stops the whole run on the Nth message, as if the worker process were killed."""

    error = SystemExit
