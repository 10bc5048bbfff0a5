"""The ICC good-practice database's own taxonomy, from its public listing page.

Order matters: topics keep the order the ICC shows them in, which becomes the
editor-controlled ``sort_order``.
"""

ICC_TOPICS: tuple[str, ...] = (
    "Anti-discrimination and Equality",
    "Anti-rumour",
    "Business and Employment",
    "Communication and public awareness",
    "Culture, Leisure and Heritage",
    "Developing a culture of openness and Interculturality",
    "Education",
    "Gender equality and Intersectionality",
    "Health, Social care and Family support",
    "Housing and urban planning",
    "International outlook",
    "Leadership and Political Commitment",
    "Mediation and conflict resolution",
    "Multilingualism",
    "Neighbourhood",
    "Political and public participation",
    "Public and Community Services",
    "Refugees",
    "Religion and Interfaith",
    "Roma",
    "Security, Justice and Safety",
    "Welcoming and social integration",
)

# ISO 3166-1 alpha-2 codes of the 30 countries with practices, in the ICC's order
# (Australia ... United Kingdom); names come from django-countries.
ICC_COUNTRY_CODES: tuple[str, ...] = (
    "AU", "AT", "BE", "CA", "HR", "CY", "DK", "FR", "DE", "GR",
    "IS", "IE", "IL", "IT", "JP", "LU", "MX", "NL", "NZ", "NO",
    "PL", "PT", "RO", "RS", "KR", "ES", "SE", "CH", "UA", "GB",
)  # fmt: skip

ICC_YEARS: tuple[int, ...] = tuple(range(2015, 2025))
