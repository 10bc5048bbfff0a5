"""A good-practice database for municipal Wagtail sites."""
