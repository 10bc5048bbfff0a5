"""The editors' side: the page form, the "Good practices" listing and its filters, and
the taxonomy's admin views."""
