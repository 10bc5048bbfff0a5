"""URLs the package needs outside Wagtail's page tree: the one-click unsubscribe of alert
e-mails (RFC 8058), which mail providers POST without a CSRF token, so it cannot be a
page route. Include once in the host's ``urls.py``, outside ``i18n_patterns``::

    path("", include("icc_practices.urls")),
"""

from django.urls import path

from icc_practices.alerts.views import one_click_unsubscribe

urlpatterns = [
    path(
        "icc-practices/alerts/unsubscribe/<str:token>/",
        one_click_unsubscribe,
        name="icc_practices_alert_unsubscribe",
    ),
]
