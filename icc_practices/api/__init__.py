"""Headless access to practices: Wagtail's v3 API (``v3.py``, registered automatically
when ``wagtail.api.v3`` is installed) and a v2 endpoint class (``v2.py``). Both build
their answers with ``payloads.py``, which calls the same query layer as the HTML index."""
