"""Whole responses for anonymous visitors, kept in the package's cache.

Most visitors are anonymous and ask for the same index and practice addresses again and
again. Rendering such a page (the host's base template, the filter form, the cards) costs
several times what reading it back does, so the finished response is kept under the
current generations (``icc_practices.search.cache``): a publish of any page, a restriction or a
taxonomy edit starts new generations, read from the database on every request, so no
process serves a response older than the last such change. What the package cannot hear
(a snippet or a setting shown by the host's base template) appears within
``ICC_PRACTICES_RESPONSE_CACHE_TIMEOUT`` seconds; a deploy that runs ``migrate`` starts new
generations, as ``manage.py icc_practices_invalidate`` does.

What is never kept, or never served from here:

- requests that may be personal: with any cookie but the CSRF and analytics cookies
  (``ICC_PRACTICES_RESPONSE_CACHE_IGNORED_COOKIES``), an ``Authorization`` header, an
  authenticated user, a preview, or a method other than GET and HEAD;
- responses that are not a plain 200, set a cookie, ask for a CSRF token (a form for one
  visitor), or are marked private or ``no-store``.

View restrictions are checked by Wagtail (the ``before_serve_page`` hook) before a page's
``serve`` runs, so a restricted page is never read from here by a visitor who may not see
it. ``ICC_PRACTICES_RESPONSE_CACHE = False`` turns the whole thing off.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from fnmatch import fnmatchcase

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.models import Site

from icc_practices.conf import settings
from icc_practices.search import cache

CACHEABLE_METHODS = ("GET", "HEAD")
_NOT_SHAREABLE = "not-shareable"
# Headers that belong to one response, or that middleware adds again on the way out.
_NOT_STORED = frozenset({"content-length", "set-cookie", "date"})


def _may_be_personal(request: HttpRequest) -> bool:
    """Whether this request might see something of its own (and so must be rendered)."""
    if request.method not in CACHEABLE_METHODS or getattr(request, "is_preview", False):
        return True
    if "HTTP_AUTHORIZATION" in request.META:  # an API token, HTTP authentication
        return True
    ignored = settings.RESPONSE_CACHE_IGNORED_COOKIES
    for cookie in request.COOKIES:
        if not any(fnmatchcase(cookie, pattern) for pattern in ignored):
            return True  # a session, messages, or anything the host's templates may read
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _is_shareable(request: HttpRequest, response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds a form token
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return "private" not in cache_control and "no-store" not in cache_control


def serve_shared(
    request: HttpRequest,
    name: str,
    parts: tuple[object, ...],
    render: Callable[[], HttpResponse],
    *,
    keep: bool = True,
    public: bool = True,
) -> HttpResponse:
    """``render()``'s response, or the same response kept for an anonymous request to
    the same page in the current generations.

    ``parts`` is everything the page depends on besides the path, the language, the site
    and the generations: the caller's parsed parameters (not the raw query string, so that
    ``?utm_source=`` and every other variant of an address do not each fill the cache),
    and the revision it routed to (Wagtail loads the page before the generations are
    read: a publication in between must not be kept under the new generations). With
    ``keep=False`` (parameters the page does not know) nothing is read or kept. With
    ``public=False`` the response is kept and validated here but marked ``private`` for
    the caches in front.
    """
    if not keep or not settings.RESPONSE_CACHE or _may_be_personal(request):
        return render()
    site = Site.find_for_request(request)  # memoised on the request by Wagtail's routing
    key = cache.entry_key(
        "response:" + name,
        (
            *parts,
            settings.BASE_TEMPLATE,
            translation.get_language(),
            request.scheme,
            request.get_host().lower(),
            site.pk if site else None,
            request.path,
        ),
        cache.ALL_GENERATIONS,
    )
    kept = cache.read(key)
    if kept == _NOT_SHAREABLE:
        return render()  # its fragments are kept instead (see kept_whole)
    if kept is not None:
        status, headers, content, etag = kept
        if etag in _requested_etags(request):
            # The visitor's (or a CDN's) copy is this one: no rendering, no body. A 304
            # carries the Vary and Cache-Control the full response would.
            not_modified = HttpResponseNotModified()
            for header in ("Vary", "Cache-Control"):
                if header in headers:
                    not_modified[header] = headers[header]
            patch_vary_headers(not_modified, ("Cookie",))
            return _with_validators(not_modified, etag, public)
        response = HttpResponse(content, status=status, headers=headers)
        # The rendering request read the session (the user bar), which added this.
        patch_vary_headers(response, ("Cookie",))
        return _with_validators(response, etag, public)
    request.icc_practices_kept_whole = True  # type: ignore[attr-defined]
    response = render()
    if hasattr(response, "render"):
        response.render()
    if _is_shareable(request, response):
        headers = {
            header: value for header, value in response.items() if header.lower() not in _NOT_STORED
        }
        etag = _etag(key, response.content)
        kept = (response.status_code, headers, response.content, etag)
        _with_validators(response, etag, public)
    else:
        # A host template with a form (a CSRF token) makes every response personal: say so,
        # so the next requests keep fragments instead of rendering everything each time.
        kept = _NOT_SHAREABLE
    cache.store(key, kept, settings.RESPONSE_CACHE_TIMEOUT)
    return response


def _etag(key: str, content: bytes) -> str:
    """The entity tag of a kept response, from its key (page, parameters, language, site,
    generations) and its body, and kept with it: a 304 is only ever given for the very
    response that is kept, so a change the package cannot hear (the host's base template,
    a snippet) shows once the kept response expires."""
    digest = hashlib.sha256(key.encode())
    digest.update(content)
    return '"' + digest.hexdigest()[:32] + '"'


def _requested_etags(request: HttpRequest) -> set[str]:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return {tag.strip().removeprefix("W/") for tag in header.split(",")[:20] if tag.strip()}


def _with_validators(response: HttpResponse, etag: str, public: bool) -> HttpResponse:
    """The validator, and what a shared cache in front may do with an anonymous page:
    keep it and revalidate (the default), or serve it for ``ICC_PRACTICES_HTTP_SHARED_MAX_AGE``
    seconds. Browsers always revalidate (``max-age=0``): a publish shows on the next visit."""
    response["ETag"] = etag
    shared = settings.HTTP_SHARED_MAX_AGE
    if not public:
        patch_cache_control(response, private=True, no_cache=True)
    elif shared:
        patch_cache_control(response, public=True, max_age=0, s_maxage=int(shared))
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def is_page_view(view: Callable[..., HttpResponse] | None) -> bool:
    """Whether a routable page's ``serve`` is about to show the page itself (its index
    route, or ``Page.serve`` when called without a route), not one of its sub-pages."""
    return view is None or getattr(view, "__name__", "") == "index_route"


def kept_whole(request: HttpRequest | None) -> bool:
    """Whether this request's response will be kept whole: fragments inside it need not be
    kept as well (a page nobody asked for before would store them only to never read them)."""
    return bool(getattr(request, "icc_practices_kept_whole", False))
