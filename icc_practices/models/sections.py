"""The ICC template's four sections, as both a practice page and a proposal ask for them."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "purpose": _("purpose"),
    "rationale": _("stimulus and rationale"),
    "process": _("process"),
    "impact": _("impact"),
}

SECTION_HELP = {
    "purpose": _("What the practice set out to achieve, and for whom."),
    "rationale": _("Why the practice was started: the need or event that prompted it."),
    "process": _("How it was carried out: steps, people involved, resources."),
    "impact": _("What changed, with evidence where there is some."),
}


def section_heading(key: str) -> str:
    """A section's heading on the page and in its PDF: the field's label, capitalised (one
    definition, one catalogue entry)."""
    return capfirst(str(SECTION_LABELS[key]))
