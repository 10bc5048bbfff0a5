"""What visitors are served: the index and practice page views, the back link, language
links, whole-response caching, cards and the host template's head."""
