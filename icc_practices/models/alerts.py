"""E-mail alerts: a visitor's address subscribed to one filter of one index.

Stored: the address (to send to), the filter (a canonical query string), the index (which
carries the site and the language), the language the visitor used, the frequency, and
the times that make sending resumable. No account, no name, no IP address. Links in the
e-mails are signed (:mod:`icc_practices.alerts.tokens`), so no secret is stored either.
Deleting a subscription deletes its address and its delivery records.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AlertSubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> AlertSubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def due(self, now: datetime.datetime) -> AlertSubscriptionQuerySet:
        """Confirmed subscriptions whose next message may go out at ``now``: immediate
        ones at most hourly, weekly ones weekly."""
        hour_ago = now - datetime.timedelta(hours=1)
        week_ago = now - datetime.timedelta(days=7)
        never = models.Q(last_sent_at__isnull=True)
        return self.confirmed().filter(
            (
                models.Q(frequency=AlertSubscription.Frequency.IMMEDIATE)
                & (never | models.Q(last_sent_at__lte=hour_ago))
            )
            | (
                models.Q(frequency=AlertSubscription.Frequency.WEEKLY)
                & (
                    (never & models.Q(confirmed_at__lte=week_ago))
                    | models.Q(last_sent_at__lte=week_ago)
                )
            )
        )


class AlertSubscription(models.Model):
    """One address, one filter of one index, confirmed or waiting for confirmation."""

    BOUNCE_LIMIT = 3

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("As soon as they are published (at most once an hour)")
        WEEKLY = "weekly", _("Once a week")

    email = models.EmailField(_("e-mail address"))
    index_page = models.ForeignKey(
        "icc_practices.PracticeIndexPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("practice index"),
    )
    # The filter as the index's canonical query string, without order or page
    # (``topic=education&country=es``; empty: every practice).
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    language = models.CharField(_("language"), max_length=16)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Practices first published up to this time have been considered for a message: the
    # next one lists those published after it. Moved forward before a message is sent
    # (compare-and-set), so that a crash can lose a message but never send one twice.
    sent_through = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent"), null=True, blank=True)
    # Days on which the recipient's mail server refused the address, in a row; at
    # ``BOUNCE_LIMIT`` the subscription is deleted (the address is gone, and retrying
    # would never end).
    refusals = models.PositiveSmallIntegerField(default=0, editable=False)
    refused_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = AlertSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert subscription")
        verbose_name_plural = _("alert subscriptions")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), "index_page", "query", name="icc_alert_one_per_filter"
            )
        ]
        indexes = [models.Index(fields=["confirmed_at", "last_sent_at"], name="icc_alert_due")]
        permissions = [("view_alert_addresses", _("Can see the addresses of alert subscribers"))]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()}: {self.query or '*'}"


class AlertDelivery(models.Model):
    """One message sent (or being sent) to a subscription: the rate limits count these,
    and editors see how much goes out. Deleted with the subscription."""

    subscription = models.ForeignKey(
        AlertSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    practices = models.PositiveIntegerField(default=0)
    # Claimed (False) until the mail server took the message: only a taken message shows
    # that the server delivers, when another address is refused.
    delivered = models.BooleanField(default=False, db_default=False)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")

    def __str__(self) -> str:
        return f"{self.sent_at:%Y-%m-%d %H:%M}: {self.practices}"
