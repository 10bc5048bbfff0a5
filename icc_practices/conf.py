"""Every setting of icc_practices, with its default, read lazily.

Settings are read on each access rather than at import time so that
``override_settings`` in tests and late configuration in host sites just work.
``docs/reference/settings.md`` lists them for host developers.
"""

from __future__ import annotations

import datetime

from django.conf import settings as django_settings

PREFIX = "ICC_PRACTICES_"
# The facets of ICC_PRACTICES_FACETS by default (icc_practices.search.facets).
BUILT_IN_FACETS = (
    "icc_practices.search.facets.TopicFacet",
    "icc_practices.search.facets.CountryFacet",
    "icc_practices.search.facets.YearFacet",
    "icc_practices.search.facets.CityFacet",
    "icc_practices.search.facets.LanguageFacet",
)


class Settings:
    """Typed, documented accessors for the ``ICC_PRACTICES_*`` settings."""

    def _get(self, name: str, default):
        return getattr(django_settings, PREFIX + name, default)

    @property
    def BASE_TEMPLATE(self) -> str:
        """Host template that the package's page templates extend (it must define
        a ``content`` block, as ``wagtail start`` sites do)."""
        return self._get("BASE_TEMPLATE", "base.html")

    @property
    def RESULTS_PER_PAGE(self) -> int:
        """Results per page given to a new practice index page."""
        return self._get("RESULTS_PER_PAGE", 12)

    @property
    def MAX_RESULTS_PER_PAGE(self) -> int:
        """Upper bound editors may choose for results per page; keeps page weight and
        query cost bounded whatever an editor types."""
        return self._get("MAX_RESULTS_PER_PAGE", 100)

    @property
    def FACETS(self) -> list:
        """The facets of the index, the APIs and the editors' listing, as dotted paths
        of ``icc_practices.search.facets.Facet`` subclasses (or the classes). Replace the
        list to drop a built-in facet; to add one, append to it or use the
        ``register_icc_practices_facet`` hook (docs/how-to/add-a-facet.md)."""
        return list(self._get("FACETS", BUILT_IN_FACETS))

    @property
    def MIN_YEAR(self) -> int:
        """Earliest year a practice may carry."""
        return self._get("MIN_YEAR", 1990)

    @property
    def MAX_YEAR(self) -> int:
        """Latest year a practice may carry; by default next year, so that practices
        announced for the coming year can be entered."""
        value = self._get("MAX_YEAR", None)
        return value if value is not None else datetime.date.today().year + 1

    @property
    def EXPORT_MAX_ROWS(self) -> int:
        """Most practices a visitor's "Download these results" holds (the first ones in
        the order shown); ``manage.py export_practices`` has no cap."""
        return self._get("EXPORT_MAX_ROWS", 1000)

    @property
    def RELATED_PRACTICES(self) -> int:
        """How many related practices a practice page and the API's detail show (0 turns
        them off); editors' pinned practices count towards it."""
        return self._get("RELATED_PRACTICES", 3)

    @property
    def LIST_UNTRANSLATED(self) -> bool:
        """List, in each language's index, the practices that have no translation in that
        language, in the language they exist in (marked as such, counted, searchable);
        ``False`` lists each language's own practices only (docs/translation.md)."""
        return self._get("LIST_UNTRANSLATED", True)

    @property
    def FEED_ITEMS(self) -> int:
        """How many practices a feed of the index holds, the most recently added first."""
        return self._get("FEED_ITEMS", 20)

    @property
    def SHARE_NETWORKS(self) -> list:
        """The share links under a practice, in order: names of the built-in ones
        (``email``, ``bluesky``, ``linkedin``, ``facebook``, ``x``, ``whatsapp``) or
        ``(label, address)`` pairs whose address may hold ``{url}`` and
        ``{title}`` (docs/how-to/discovery-and-sharing.md). Plain links: no script, no
        request to a network when the page loads."""
        value = self._get("SHARE_NETWORKS", ["email", "bluesky", "linkedin", "facebook"])
        if value is None:
            return []
        return [value] if isinstance(value, str) else list(value)

    @property
    def IMPORT_MAX_FILE_SIZE(self) -> int:
        """Largest file, in bytes, that an import reads (the command and the admin)."""
        return self._get("IMPORT_MAX_FILE_SIZE", 20_000_000)

    @property
    def IMPORT_MAX_ROWS(self) -> int:
        """Most rows one import file may hold."""
        return self._get("IMPORT_MAX_ROWS", 20_000)

    @property
    def ADMIN_MENU_ORDER(self) -> int:
        """Position of the "Good practices" menu in the Wagtail admin."""
        return self._get("ADMIN_MENU_ORDER", 250)

    @property
    def CACHE_ALIAS(self) -> str:
        """Django cache that holds facet counts, vocabularies and search results."""
        return self._get("CACHE_ALIAS", "default")

    @property
    def CARDS_IN_PROCESS(self) -> int:
        """Rendered practice cards each server process keeps in its own memory, in front
        of the cache (5,000 take about 9 MB in Latin script; 0 turns it off). Keys carry
        the generations read from the database, so a kept card is never shown after a
        change; cards expire after ``CACHE_TIMEOUT`` as in the cache."""
        return self._get("CARDS_IN_PROCESS", 5000)

    @property
    def CACHE_TIMEOUT(self) -> int:
        """Seconds a cached result lives. Edits invalidate it at once anyway (for every
        process: the generations are read from the database); this only bounds memory."""
        return self._get("CACHE_TIMEOUT", 60 * 60 * 24)

    @property
    def RESPONSE_CACHE(self) -> bool:
        """Keep whole index and practice responses for anonymous visitors in the cache
        (``icc_practices.public.response_cache``), under the same generations as everything
        else. Turn off if the host's base template shows anything personal to visitors
        who have neither a session nor a login."""
        return self._get("RESPONSE_CACHE", True)

    @property
    def RESPONSE_CACHE_TIMEOUT(self) -> int:
        """Seconds a kept response lives. Whatever the package or Wagtail's pages change
        starts new generations at once; this bounds how long a change the package cannot
        hear (a snippet or setting shown by the host's base template) takes to appear."""
        return self._get("RESPONSE_CACHE_TIMEOUT", 300)

    @property
    def HTTP_SHARED_MAX_AGE(self) -> int | None:
        """Seconds a shared cache in front of the site (a CDN, Varnish) may serve an
        anonymous index or practice page without asking again (``s-maxage``). ``None``,
        the default, lets it keep pages but revalidate each time (``no-cache`` with an
        ``ETag``, answered with 304 without rendering). Set it when Wagtail's frontend
        cache purges on publish (``wagtail.contrib.frontend_cache``): filtered index
        addresses are not purged, so this also bounds how long they lag a publish."""
        return self._get("HTTP_SHARED_MAX_AGE", None)

    @property
    def RESPONSE_CACHE_IGNORED_COOKIES(self) -> tuple[str, ...]:
        """Cookies (``fnmatch`` patterns) that do not change what a page shows, so a
        visitor sending only these still gets kept responses: Django's CSRF cookie and
        the usual analytics cookies. A request with any other cookie is rendered for it
        alone, since the host's templates might read it."""
        default = (django_settings.CSRF_COOKIE_NAME, "_ga", "_ga_*", "_gid", "_pk_*")
        return tuple(self._get("RESPONSE_CACHE_IGNORED_COOKIES", default))

    @property
    def MAX_SEARCH_RESULTS(self) -> int:
        """The most relevant matches a search considers, like Elasticsearch's result
        window: bounds memory, and the size of SQL ``IN`` lists on SQLite."""
        return self._get("MAX_SEARCH_RESULTS", 10_000)

    @property
    def TEXT_SIZES(self) -> tuple[int, ...]:
        """Text size steps of the page tools, in percent of the host's root font size.
        WCAG 1.4.4 asks that text can reach 200%."""
        return tuple(self._get("TEXT_SIZES", (100, 125, 150, 175, 200)))

    @property
    def PDF_RENDER_TIMEOUT(self) -> float:
        """Seconds a render may spend fetching the practice's images and files, and a
        visitor waits for a PDF that another request is rendering, before getting a "try
        again" answer (503 with ``Retry-After``)."""
        return self._get("PDF_RENDER_TIMEOUT", 20)

    @property
    def PDF_MAX_CONCURRENT_RENDERS(self) -> int:
        """PDF renders running at once in one web process when tasks run in the request
        (no worker); a visitor asking for another answers 503 at once."""
        return self._get("PDF_MAX_CONCURRENT_RENDERS", 2)

    @property
    def PDF_MAX_WAITING_REQUESTS(self) -> int:
        """Requests of one web process that may wait for a PDF render at once; more are
        answered 503 with ``Retry-After`` at once instead of holding a server thread."""
        return self._get("PDF_MAX_WAITING_REQUESTS", 4)

    @property
    def PDF_RENDER_ON_PUBLISH(self) -> bool | None:
        """Render a practice's PDF when it is published. ``None`` (default): when tasks
        run in a worker; without one the render would run inside the editor's publish."""
        return self._get("PDF_RENDER_ON_PUBLISH", None)

    @property
    def PDF_STORAGE(self) -> str:
        """Alias in Django's ``STORAGES`` where rendered PDFs are kept. Names are
        unguessable, but a storage that is not served publicly keeps even that from a
        restricted practice's file."""
        return self._get("PDF_STORAGE", "default")

    @property
    def TASK_BACKEND(self) -> str:
        """Alias in ``TASKS`` (django-tasks) for the package's background work: PDFs and
        e-mails."""
        return self._get("TASK_BACKEND", "default")

    @property
    def SUBMISSIONS_PER_HOUR(self) -> int:
        """Proposals per hour from one client (IPv4 address, IPv6 /64) and to one e-mail
        address; more answer 429."""
        return self._get("SUBMISSIONS_PER_HOUR", 3)

    @property
    def RATELIMIT_CACHE_ALIAS(self) -> str:
        """Cache holding the proposal rate-limit counters; by default ``CACHE_ALIAS``.
        It must be shared by every process (Redis, Memcached), or each counts alone."""
        return self._get("RATELIMIT_CACHE_ALIAS", None) or self.CACHE_ALIAS

    @property
    def ATTACHMENT_MAX_FILES(self) -> int:
        """Files a proposal may carry (0 turns attachments off)."""
        return self._get("ATTACHMENT_MAX_FILES", 5)

    @property
    def ATTACHMENT_MAX_SIZE(self) -> int:
        """Largest attachment, in bytes."""
        return self._get("ATTACHMENT_MAX_SIZE", 10_000_000)

    @property
    def ATTACHMENT_TYPES(self) -> list[str]:
        """Kinds of attachment accepted, recognised from the file's content, not its name:
        ``jpeg``, ``png``, ``webp`` (re-encoded, metadata dropped), ``pdf``, ``docx``,
        ``odt``."""
        return list(self._get("ATTACHMENT_TYPES", ["jpeg", "png", "webp", "pdf", "docx", "odt"]))

    @property
    def ATTACHMENT_MAX_PIXELS(self) -> int:
        """Largest image, in pixels (width x height): larger ones are refused before they
        are decoded (a small file can hold a huge image)."""
        return self._get("ATTACHMENT_MAX_PIXELS", 40_000_000)

    @property
    def ATTACHMENT_STORAGE(self) -> str | None:
        """Alias in ``STORAGES`` for proposals' attachments; by default a folder beside
        ``MEDIA_ROOT`` (``icc-practices-private``) that no URL serves. Only editors
        download them, through the admin."""
        return self._get("ATTACHMENT_STORAGE", None)

    @property
    def DOSSIER_MAX_PRACTICES(self) -> int:
        """The most practices a PDF dossier of results holds; larger result lists offer
        no dossier (the visitor narrows the filter)."""
        return self._get("DOSSIER_MAX_PRACTICES", 100)

    @property
    def DOSSIER_RENDER_IN_REQUEST(self) -> int:
        """With a task worker, dossiers of at most this many practices are made in the
        visitor's request (a few seconds); larger ones by a background task while a page
        says they are being prepared."""
        return self._get("DOSSIER_RENDER_IN_REQUEST", 10)

    @property
    def DOSSIERS_PER_HOUR(self) -> int:
        """New dossiers one client (IPv4 address, IPv6 /64) may have made per hour; a
        dossier already made is served without counting. More answer 429. Counted in
        ``RATELIMIT_CACHE_ALIAS``."""
        return self._get("DOSSIERS_PER_HOUR", 20)

    @property
    def DOSSIER_RENDER_TIMEOUT(self) -> float:
        """Seconds a dossier's render may spend fetching its images and files."""
        return self._get("DOSSIER_RENDER_TIMEOUT", 120)

    @property
    def MAP(self) -> bool:
        """Offer the results on a map: "List / Map" on every index
        (docs/how-to/map-and-dossier.md)."""
        return self._get("MAP", True)

    @property
    def MAP_TILES(self) -> dict | None:
        """A tile server to draw the map on instead of the shipped outline, with
        JavaScript (``{"url": ".../{z}/{x}/{y}.png", "attribution": "...", "leaflet_js":
        "...", "leaflet_css": "..."}``); ``None``, the default, makes no request anywhere."""
        return self._get("MAP_TILES", None)

    @property
    def ALERTS(self) -> bool:
        """Offer "Get new practices by e-mail" on every index (docs/how-to/alerts.md)."""
        return self._get("ALERTS", True)

    @property
    def ALERT_SIGNUPS_PER_HOUR(self) -> int:
        """Alert sign-ups per hour from one client and confirmation e-mails per hour to one
        address; more answer 429."""
        return self._get("ALERT_SIGNUPS_PER_HOUR", 5)

    @property
    def ALERT_CONFIRMATION_DAYS(self) -> int:
        """Days a confirmation link works; unconfirmed sign-ups older than this are
        deleted, address and all."""
        return self._get("ALERT_CONFIRMATION_DAYS", 7)

    @property
    def ALERT_MAX_PRACTICES(self) -> int:
        """Most practices one alert e-mail lists (the newest; it links to the rest)."""
        return self._get("ALERT_MAX_PRACTICES", 20)

    @property
    def ALERT_BATCH_SIZE(self) -> int:
        """Subscriptions one background task handles; the sending is split into tasks of
        this size."""
        return self._get("ALERT_BATCH_SIZE", 100)

    @property
    def ALERTS_PER_ADDRESS_PER_DAY(self) -> int:
        """Most alert e-mails one address receives in 24 hours, all its filters together;
        the rest wait (nothing is lost: the next message lists them)."""
        return self._get("ALERTS_PER_ADDRESS_PER_DAY", 10)

    @property
    def ALERT_MAILS_PER_HOUR(self) -> int:
        """Most alert e-mails the site sends in an hour (your mail provider's limit); the
        rest wait for the next run."""
        return self._get("ALERT_MAILS_PER_HOUR", 1000)

    @property
    def MAIL_TIMEOUT(self) -> float:
        """Seconds each mail-server operation (connect, each reply) may take when the
        package sends e-mail, so a hung server cannot hold a worker or a request."""
        return self._get("MAIL_TIMEOUT", 10)

    @property
    def SUBMISSION_NOTIFY(self) -> list[str]:
        """Addresses told of each new proposal; by default Django's ``MANAGERS``."""
        value = self._get("SUBMISSION_NOTIFY", None)
        if value is None:
            return [email for _name, email in getattr(django_settings, "MANAGERS", [])]
        return list(value)

    @property
    def CLIENT_IP_HEADER(self) -> str:
        """Request header with the visitor's address, for the rate limit. ``REMOTE_ADDR``
        unless the site runs behind a proxy that sets another (e.g.
        ``HTTP_X_FORWARDED_FOR``; its last address, the one the proxy added, is used)."""
        return self._get("CLIENT_IP_HEADER", "REMOTE_ADDR")


settings = Settings()
