"""Models and migrations agree, so hosts never get a migration of their own."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = io.StringIO()
    call_command("makemigrations", "icc_practices", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_the_places_and_years_migration_keeps_existing_practices(index_page):
    """0007 (optional year, further countries, partner cities) there and back: the
    practices made before it keep their year, country and cities."""
    from django.core.management import call_command

    from icc_practices.models import PracticePage
    from tests.factories import CityFactory, CountryFactory, PracticePageFactory

    spain = CountryFactory(code="ES")
    barcelona = CityFactory(name="Barcelona", country=spain)
    practice = PracticePageFactory(parent=index_page, country=spain, year=2018, cities=[barcelona])
    call_command("migrate", "icc_practices", "0006", verbosity=0)
    call_command("migrate", "icc_practices", verbosity=0)
    kept = PracticePage.objects.get(pk=practice.pk)
    assert (kept.year, kept.country, list(kept.cities.all())) == (2018, spain, [barcelona])
    assert list(kept.other_countries.all()) == list(kept.partner_cities.all()) == []


@pytest.mark.django_db
def test_the_previous_release_can_still_record_a_delivery(index_page):
    """Between ``migrate`` and the workers' restart, the previous release inserts
    deliveries without the ``delivered`` column: the database supplies it."""
    from django.db import connection, transaction
    from django.utils import timezone

    from icc_practices.models import AlertDelivery, AlertSubscription

    subscription = AlertSubscription.objects.create(email="ana@example.org", index_page=index_page)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO icc_practices_alertdelivery (subscription_id, sent_at, practices) "
            "VALUES (%s, %s, %s)",
            [subscription.pk, timezone.now(), 1],
        )
    assert AlertDelivery.objects.get().delivered is False
