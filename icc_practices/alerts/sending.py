"""Sending alerts: which subscriptions are due, what is new for each, one message each.

What a message lists is decided when it is sent, by the query layer, as the index would
show it to a visitor at that moment: a practice published and then unpublished or
restricted before the send is not in it. "New" means first published after the
subscription's ``sent_through`` and up to the run's start.

Each subscription is claimed before its message goes out, by moving ``sent_through`` and
``last_sent_at`` with a compare-and-set and recording an :class:`AlertDelivery`, in one
transaction. Two workers on the same batch cannot both send it, and a worker that dies
after the claim loses that one message rather than sending it twice when the batch is
retried. If the mail server fails, the claim is given back and the next run sends it; if
the recipient's server refuses the address ``AlertSubscription.BOUNCE_LIMIT`` times in a
row, the subscription is deleted. Limits: ``ICC_PRACTICES_ALERTS_PER_ADDRESS_PER_DAY`` per
address and ``ICC_PRACTICES_ALERT_MAILS_PER_HOUR`` for the site, checked inside the claim
while claims take turns (a PostgreSQL advisory lock; on SQLite the claim's first write
takes the database's lock), so workers running side by side cannot overspend them; what
they hold back waits, and the next message lists it.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
import smtplib
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from django.core.mail import EmailMessage, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Min
from django.db.models.functions import Lower
from django.utils import timezone, translation
from wagtail.models import Site

from icc_practices.alerts.emails import ListedPractice, alert_message, filter_in_words, listed
from icc_practices.conf import settings
from icc_practices.degraded import report_failure
from icc_practices.models import AlertDelivery, AlertSubscription, PracticePage
from icc_practices.search.cache import generation_scope
from icc_practices.search.listing import listed_practices
from icc_practices.search.privacy import visible_practices
from icc_practices.search.query import matching_practice_ids
from icc_practices.submissions.privacy import RedactedError, mask_email

logger = logging.getLogger("icc_practices.alerts")

# How many of a filter's most recently added practices are looked at for new ones: more
# new practices than this in one period are reported as this many.
LOOK_BACK = 500

# Refusals count once per this much time: three in a row take at least two days.
REFUSALS_APART = datetime.timedelta(hours=20)

# The PostgreSQL advisory lock claims take turns on ("ICCA" in ASCII).
CLAIM_LOCK = 0x49434341


@dataclass
class BatchResult:
    sent: int = 0
    nothing_new: int = 0
    held_back: int = 0
    failed: int = 0
    skipped: int = 0  # no longer due, or claimed by another worker

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _NewPractices:
    """Per run: each (index, filter) asked once, however many subscribe to it."""

    until: datetime.datetime
    found: dict[tuple[int, str], list[tuple[int, datetime.datetime]]] = field(default_factory=dict)
    shown: dict[tuple[int, ...], list[ListedPractice]] = field(default_factory=dict)
    in_words: dict[tuple[int, str, str], list[str]] = field(default_factory=dict)
    sites: dict[int, Site | None] = field(default_factory=dict)

    def listed(self, ids: list[int]) -> list[ListedPractice]:
        key = tuple(ids)
        if key not in self.shown:
            self.shown[key] = listed(listed_practices(ids))
        return self.shown[key]

    def site(self, subscription: AlertSubscription) -> Site | None:
        if subscription.index_page_id not in self.sites:
            self.sites[subscription.index_page_id] = subscription.index_page.get_site()
        return self.sites[subscription.index_page_id]

    def words(self, subscription: AlertSubscription) -> list[str]:
        key = (subscription.index_page_id, subscription.query, subscription.language)
        if key not in self.in_words:
            with translation.override(subscription.language):
                self.in_words[key] = filter_in_words(subscription)
        return self.in_words[key]

    def since(self, subscription: AlertSubscription, moment: datetime.datetime) -> list[int]:
        """Ids of the practices first published after ``moment`` (newest first)."""
        key = (subscription.index_page_id, subscription.query)
        if key not in self.found:
            params = {
                name: values
                for name, values in parse_qs(subscription.query).items()
                if name not in ("sort", "page")
            }
            params["sort"] = ["added"]
            _state, _total, ids = matching_practice_ids(subscription.index_page, params, LOOK_BACK)
            published = {
                pk: when
                for pk, when in _first_published(ids).items()
                if when is not None and when <= self.until
            }
            self.found[key] = [(pk, published[pk]) for pk in ids if pk in published]
        return [pk for pk, when in self.found[key] if when > moment]


def _first_published(ids: list[int]) -> dict[int, datetime.datetime | None]:
    """When each practice first appeared. Where an index lists the practices of its
    translations (``ICC_PRACTICES_LIST_UNTRANSLATED``), a practice appeared when its first
    language version that visitors can still see did: a translation published later
    replaces a practice its readers already had in their list, and is not news to them
    (one whose original was withdrawn is)."""
    rows = list(
        PracticePage.objects.filter(pk__in=ids).values_list(
            "pk", "translation_key", "first_published_at"
        )
    )
    if not settings.LIST_UNTRANSLATED:
        return {pk: when for pk, _key, when in rows}
    earliest = dict(
        visible_practices()
        .filter(
            translation_key__in={key for _pk, key, _when in rows},
            first_published_at__isnull=False,
        )
        .order_by()  # pages are ordered by path, which would split the groups
        .values("translation_key")
        .annotate(first=Min("first_published_at"))
        .values_list("translation_key", "first")
    )
    return {pk: earliest.get(key, when) for pk, key, when in rows}


def due_subscription_ids(now: datetime.datetime) -> list[int]:
    return list(AlertSubscription.objects.due(now).order_by("pk").values_list("pk", flat=True))


def _sent_per_address(emails: set[str], now: datetime.datetime) -> Counter[str]:
    since = now - datetime.timedelta(days=1)
    rows = (
        AlertDelivery.objects.filter(sent_at__gt=since)
        .annotate(address=Lower("subscription__email"))
        .filter(address__in=emails)
        .values("address")
        .annotate(sent=Count("pk"))
        .values_list("address", "sent")
    )
    return Counter(dict(rows))


def _take_turns() -> None:
    """Hold the claims' lock until the transaction ends (PostgreSQL). SQLite needs none:
    the claim starts with a write, which waits for any other writer to commit."""
    if db_connection.vendor == "postgresql":
        with db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLAIM_LOCK])


def _within_limits(email: str) -> bool:
    """Whether one more message fits the site's hourly and the address's daily limit,
    counting what every worker has claimed so far. Against the clock, not the dispatch's
    moment: a batch a worker takes late must count what was sent meanwhile."""
    now = timezone.now()
    hour_ago = now - datetime.timedelta(hours=1)
    if AlertDelivery.objects.filter(sent_at__gt=hour_ago).count() >= (
        settings.ALERT_MAILS_PER_HOUR
    ):
        return False
    return _sent_per_address({email.lower()}, now)[email.lower()] < (
        settings.ALERTS_PER_ADDRESS_PER_DAY
    )


def _claim(
    subscription: AlertSubscription, now: datetime.datetime, practices: int
) -> AlertDelivery | str:
    """Move the subscription past ``now`` and record the delivery, unless another
    worker did ("skipped") or a limit is spent ("held_back")."""
    with transaction.atomic():
        _take_turns()
        claimed = AlertSubscription.objects.filter(
            pk=subscription.pk,
            sent_through=subscription.sent_through,
            last_sent_at=subscription.last_sent_at,
        ).update(sent_through=now, last_sent_at=timezone.now())  # a turn by the clock
        if not claimed:
            return "skipped"
        if not _within_limits(subscription.email):
            transaction.set_rollback(True)
            return "held_back"
        return AlertDelivery.objects.create(
            subscription_id=subscription.pk, sent_at=timezone.now(), practices=practices
        )


def _give_back(
    subscription: AlertSubscription,
    delivery: AlertDelivery,
    now: datetime.datetime,
    keep_turn: bool = False,
) -> None:
    """The message did not go out: its practices go in the next one, and, unless
    ``keep_turn``, the next run sends it."""
    last_sent_at = timezone.now() if keep_turn else subscription.last_sent_at
    with transaction.atomic():
        AlertSubscription.objects.filter(pk=subscription.pk, sent_through=now).update(
            sent_through=subscription.sent_through, last_sent_at=last_sent_at
        )
        delivery.delete()


# The oldest transaction that has written and not yet committed, in this database.
_OLDEST_OPEN_WRITE = """
    SELECT min(xact_start) FROM pg_stat_activity
    WHERE datname = current_database() AND backend_xid IS NOT NULL
      AND pid <> pg_backend_pid()
"""


# How long a dispatch waits for an open transaction's practices, and from when it says so.
HOLD_BACK_LIMIT = datetime.timedelta(hours=1)
HOLD_BACK_REPORTED = datetime.timedelta(minutes=10)


def sending_moment() -> datetime.datetime:
    """The moment a dispatch sends up to: now, or, on PostgreSQL, the start of the oldest
    transaction still open with writes, when that is earlier.

    A practice's first publication is stamped when ``publish()`` runs, not when its
    transaction commits: an import still open while a dispatch runs commits practices
    stamped before the dispatch's moment, which the next dispatch would take for old
    news. Sending only up to the oldest open write keeps them new; they go out with the
    next dispatch. It waits at most ``HOLD_BACK_LIMIT`` and reports a wait longer than
    ``HOLD_BACK_REPORTED`` (an "idle in transaction" session would hold alerts back for
    good). The view shows other roles' sessions only to roles with ``pg_read_all_stats``:
    run imports with the site's role. (SQLite cannot tell: there, a practice published in
    a transaction that commits after a dispatch has run may go unmailed;
    docs/how-to/alerts.md.)"""
    now = timezone.now()
    if db_connection.vendor != "postgresql":
        return now
    try:
        with transaction.atomic(), db_connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed per transaction
            cursor.execute(_OLDEST_OPEN_WRITE)
            row = cursor.fetchone()
    except Exception as error:  # the view cannot be read: sending up to now is still right
        report_failure("alerts", error)
        return now
    oldest = row[0] if row else None
    if not oldest or oldest >= now:
        return now
    if now - oldest > HOLD_BACK_REPORTED:
        # Another session has written and not committed for that long (an import, or an
        # "idle in transaction" connection): say so, and wait for it only so long.
        report_failure(
            "alerts",
            RuntimeError(
                f"A database transaction open since {oldest:%Y-%m-%d %H:%M} holds alerts "
                f"back (at most {HOLD_BACK_LIMIT})"
            ),
        )
    return max(oldest, now - HOLD_BACK_LIMIT)


def send_batch(ids: list[int], now: datetime.datetime) -> BatchResult:
    """Send the due subscriptions among ``ids`` their new practices, as of ``now``."""
    result = BatchResult()
    subscriptions = list(
        AlertSubscription.objects.due(now)
        .filter(pk__in=ids)
        .exclude(sent_through__gte=now)  # considered up to ``now`` already: a retried batch
        .select_related("index_page")
        .order_by("pk")
    )
    result.skipped = len(set(ids)) - len(subscriptions)
    if not subscriptions:
        return result
    clock = timezone.now()  # the limits' windows: see _within_limits
    site_budget = settings.ALERT_MAILS_PER_HOUR - (
        AlertDelivery.objects.filter(sent_at__gt=clock - datetime.timedelta(hours=1)).count()
    )
    per_address = _sent_per_address({s.email.lower() for s in subscriptions}, clock)
    new = _NewPractices(until=now)
    refused: list[AlertSubscription] = []
    delivered: list[int] = []  # deliveries the mail server took
    connection = get_connection(timeout=settings.MAIL_TIMEOUT)
    try:
        connection.open()  # one connection for the batch
    except Exception as error:  # nothing claimed: the next run sends them all
        report_failure("mail", RedactedError(error))
        result.failed = len(subscriptions)
        return result
    try:
        with generation_scope():
            for subscription in subscriptions:
                try:
                    outcome = _send_one(
                        subscription, now, new, connection, per_address, site_budget, delivered
                    )
                except Exception as error:  # one broken subscription must not stop its batch
                    logger.exception("Alert %s could not be built", subscription.pk)
                    report_failure("alerts", error)
                    outcome = "failed"
                if outcome == "refused":
                    refused.append(subscription)
                    outcome = "failed"
                setattr(result, outcome, getattr(result, outcome) + 1)
                if outcome == "sent":
                    site_budget -= 1
                    per_address[subscription.email.lower()] += 1
    finally:
        with contextlib.suppress(Exception):
            connection.close()
        if delivered:
            AlertDelivery.objects.filter(pk__in=delivered).update(delivered=True)
    if refused and (result.sent or _delivered_to_others(refused, clock)):
        # The server delivers to others: these addresses are the problem.
        for subscription in refused:
            _count_refusal(subscription, clock)  # a day by the clock, not the moment
    return result


def _delivered_to_others(refused: list[AlertSubscription], clock: datetime.datetime) -> bool:
    """Whether the mail server took an alert for another address in the last day: a
    batch of one, or one where everybody else had nothing new, still tells a refused
    address from a relay that refuses everyone (which must delete nobody). Only taken
    messages count: another worker's claim may still be waiting for the same relay."""
    return (
        AlertDelivery.objects.filter(delivered=True, sent_at__gt=clock - datetime.timedelta(days=1))
        .exclude(subscription__in=refused)
        .exists()
    )


def _send_one(
    subscription: AlertSubscription,
    now: datetime.datetime,
    new: _NewPractices,
    connection,
    per_address: Counter[str],
    site_budget: int,
    delivered: list[int],
) -> str:
    """One subscription's turn: the name of the :class:`BatchResult` count it adds to."""
    moment = subscription.sent_through or subscription.confirmed_at or now
    fresh = new.since(subscription, moment)
    if not fresh:
        AlertSubscription.objects.filter(
            pk=subscription.pk, sent_through=subscription.sent_through
        ).update(sent_through=now)
        return "nothing_new"
    if site_budget <= 0 or (
        per_address[subscription.email.lower()] >= settings.ALERTS_PER_ADDRESS_PER_DAY
    ):
        return "held_back"
    message = alert_message(
        subscription,
        new.listed(fresh[: settings.ALERT_MAX_PRACTICES]),
        len(fresh),
        new.words(subscription),
        new.site(subscription),
    )
    delivery = _claim(subscription, now, len(fresh))
    if isinstance(delivery, str):
        return delivery
    outcome = _send(connection, message, subscription)
    if outcome == "sent":
        delivered.append(delivery.pk)
        if subscription.refusals:
            AlertSubscription.objects.filter(pk=subscription.pk).update(refusals=0, refused_at=None)
        return "sent"
    # A message refused for good waits its next turn (an hour, a week), whatever the reason:
    # retrying it every run would only hurt the site's sender reputation. Any other
    # failure (the server, the network) is retried by the next run.
    _give_back(subscription, delivery, now, keep_turn=outcome in ("refused", "declined"))
    return "failed" if outcome == "declined" else outcome


def _send(connection, message: EmailMessage, subscription: AlertSubscription) -> str:
    """How it went: "sent", "refused" (the recipient's server refused the address for
    good: it is gone), "declined" (refused for good for another reason: a policy, a reply
    without an addressing code) or "failed" (anything else: the server, the network; the
    next run tries)."""
    try:
        return "sent" if connection.send_messages([message]) else "failed"
    except Exception as error:  # SMTP, network, provider API
        logger.warning(
            "Could not send alert %s to %s: %s",
            subscription.pk,
            mask_email(subscription.email),
            type(error).__name__,
        )
        report_failure("mail", RedactedError(error))
        if _refused_for_good(error):
            return "refused"
        return "declined" if _refused_permanently(error) else "failed"


# RFC 3463's "addressing status" (5.1.x: bad mailbox 5.1.1, bad domain 5.1.2, null MX
# 5.1.10...). Policy refusals (5.7.x: "Relay access denied" when the site's relay stops
# relaying for it) and every reply without such a code are not the address's fault.
_BAD_ADDRESS = re.compile(rb"^\s*5\.1\.\d{1,3}\b")


def _refused_for_good(error: Exception) -> bool:
    """Every recipient refused permanently because of the address itself (5xx with an
    enhanced code 5.1.x): it does not exist or takes no mail. A relay's policy (5.7.x),
    a full mailbox (4xx), a reply without an enhanced code or a broken connection is not
    the address's fault."""
    if not isinstance(error, smtplib.SMTPRecipientsRefused) or not _refused_permanently(error):
        return False
    return all(
        bool(_BAD_ADDRESS.match(_reply_bytes(reply))) for _code, reply in error.recipients.values()
    )


def _refused_permanently(error: Exception) -> bool:
    """Every recipient refused with a permanent (5xx) reply, for whatever reason."""
    if not isinstance(error, smtplib.SMTPRecipientsRefused) or not error.recipients:
        return False
    return all(500 <= code < 600 for code, _reply in error.recipients.values())


def _reply_bytes(reply: object) -> bytes:
    """smtplib gives bytes; a provider's backend may give text."""
    if isinstance(reply, bytes):
        return reply
    return str(reply or "").encode("utf-8", "replace")


def _count_refusal(subscription: AlertSubscription, now: datetime.datetime) -> None:
    """One more day on which the address was refused; after ``BOUNCE_LIMIT`` of them in a
    row the subscription and its address go. Counted once a day at most, so that a
    receiving server's bad hour does not add up to a deletion."""
    if subscription.refused_at and now - subscription.refused_at < REFUSALS_APART:
        return
    refusals = subscription.refusals + 1
    if refusals >= AlertSubscription.BOUNCE_LIMIT:
        AlertSubscription.objects.filter(pk=subscription.pk).delete()
        logger.info("Alert %s deleted: its address refused %s times", subscription.pk, refusals)
    else:
        AlertSubscription.objects.filter(pk=subscription.pk).update(
            refusals=refusals, refused_at=now
        )
