"""Send the alert e-mails that are due, and forget sign-ups nobody confirmed. Run it from
cron every 10 minutes (docs/how-to/alerts.md)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from icc_practices.alerts.tasks import dispatch_alerts
from icc_practices.conf import settings
from icc_practices.models import AlertDelivery, AlertSubscription


class Command(BaseCommand):
    help = (
        "Queue the due alert e-mails as background tasks (sent here without a worker), "
        "delete unconfirmed sign-ups older than ICC_PRACTICES_ALERT_CONFIRMATION_DAYS and "
        "delivery records older than 30 days."
    )

    def handle(self, *args, **options) -> None:
        now = timezone.now()
        expired = now - datetime.timedelta(days=settings.ALERT_CONFIRMATION_DAYS)
        forgotten, _ = AlertSubscription.objects.filter(
            confirmed_at__isnull=True, created_at__lt=expired
        ).delete()
        pruned, _ = AlertDelivery.objects.filter(
            sent_at__lt=now - datetime.timedelta(days=30)
        ).delete()
        result = dispatch_alerts.using(backend=settings.TASK_BACKEND).enqueue()
        batches = result.return_value if result.is_finished else "queued"
        self.stdout.write(
            f"Alert batches: {batches}. Unconfirmed sign-ups deleted: {forgotten}; "
            f"old delivery records: {pruned}."
        )
