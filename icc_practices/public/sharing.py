"""Share links and the meta that social networks read, without third-party code.

Each share link is a plain address of the network's own "share" form, with the page's
address and title filled in: no script, no icon fetched, nothing sent to a network until
the visitor follows the link. "Copy link" is a plain link to the page that the page tools'
script turns into a copy button (``icc-page-tools.js``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from django.utils.translation import gettext_lazy as _

from icc_practices.conf import settings

# name -> (label, address with {url} and {title}, percent-encoded when filled in)
BUILT_IN_NETWORKS: dict[str, tuple[object, str]] = {
    "email": (_("E-mail"), "mailto:?subject={title}&body={url}"),
    "bluesky": ("Bluesky", "https://bsky.app/intent/compose?text={title}%20{url}"),
    "linkedin": ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={url}"),
    "facebook": ("Facebook", "https://www.facebook.com/sharer/sharer.php?u={url}"),
    "x": ("X", "https://x.com/intent/post?text={title}&url={url}"),
    "whatsapp": ("WhatsApp", "https://wa.me/?text={title}%20{url}"),
}


@dataclass(frozen=True)
class ShareLink:
    name: str
    label: str
    url: str


def configured_networks() -> list[tuple[str, object, str]]:
    """(name, label, address template) of ``ICC_PRACTICES_SHARE_NETWORKS``; names that are
    not built in are left out (the system check ``icc_practices.W005`` names them)."""
    networks = []
    for entry in settings.SHARE_NETWORKS:
        if isinstance(entry, str):
            if entry in BUILT_IN_NETWORKS:
                label, address = BUILT_IN_NETWORKS[entry]
                networks.append((entry, label, address))
        elif isinstance(entry, list | tuple) and len(entry) == 2:
            label, address = entry
            name = "".join(c for c in str(label).lower() if c.isalnum()) or "custom"
            networks.append((name, label, str(address)))
    return networks


def unknown_networks() -> list[object]:
    """The entries of ``ICC_PRACTICES_SHARE_NETWORKS`` that name no network."""
    return [
        entry
        for entry in settings.SHARE_NETWORKS
        if not (isinstance(entry, str) and entry in BUILT_IN_NETWORKS)
        and not (isinstance(entry, list | tuple) and len(entry) == 2)
    ]


def share_links(url: str, title: str) -> list[ShareLink]:
    """The share links for a page's full address and title."""
    values = {"url": quote(url, safe=""), "title": quote(title, safe="")}
    return [
        ShareLink(
            name,
            str(label),
            address.replace("{url}", values["url"]).replace("{title}", values["title"]),
        )
        for name, label, address in configured_networks()
    ]
