"""What wagtail-localize may offer translators, when a site uses it (it is optional).

Identity and classification are synchronised from the source page, never translated and
never overridden: the slug, the year, the country, topics and cities (many-to-many fields,
which wagtail-localize leaves out unless named), the contact person and e-mail, the main
image. Without ``overridable=False`` wagtail-localize's editor offers "Change country" on a
translation; the change is then overwritten on publish (``icc_practices.sync``), after the
translator has fought a validation error about a field they cannot see. Everything else
that is text (title, summary, sections, period, organisation, partners) is translated.
"""

from __future__ import annotations

try:
    from wagtail_localize.fields import SynchronizedField
except ImportError:  # wagtail-localize is not installed: nothing to declare
    SynchronizedField = None


def synchronized(*field_names: str) -> list:
    """``SynchronizedField``s, not overridable by translators, for wagtail-localize's
    ``override_translatable_fields``."""
    if SynchronizedField is None:
        return []
    return [SynchronizedField(name, overridable=False) for name in field_names]
