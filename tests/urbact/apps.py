from django.apps import AppConfig


class UrbactConfig(AppConfig):
    name = "tests.urbact"
    label = "urbact"
    default_auto_field = "django.db.models.BigAutoField"
