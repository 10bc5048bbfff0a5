"""Whether this machine can render PDFs at all, asked without importing WeasyPrint's
rendering (which fails to import where the system lacks Pango)."""

from __future__ import annotations


def pdf_renderer_problem() -> str | None:
    """Why PDFs cannot be made here (WeasyPrint needs the system's Pango), or ``None``."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        return str(error)
    return None
