"""The site's sitemap with every language's pages and their ``hreflang`` alternates: the
one line a host adds to its ``urls.py`` (``icc_practices.public.sitemaps`` has the rest)::

    from icc_practices.sitemaps import sitemap

    path("sitemap.xml", sitemap),
"""

from icc_practices.public.sitemaps import Sitemap, sitemap, sitemap_urls

__all__ = ["Sitemap", "sitemap", "sitemap_urls"]
