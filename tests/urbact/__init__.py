"""A host site's app, as a city network would write it: URBACT's "city size" as a field of
its own practice page type, and a facet on it registered with the hook (docs/how-to/
add-a-facet.md walks through the same code)."""
