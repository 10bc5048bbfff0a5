"""Finding practices: parameters, facets, the query layer, privacy, the taxonomy snapshot,
and the caching that keeps them fast. Every public channel reads practices through here."""
