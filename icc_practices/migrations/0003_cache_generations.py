import secrets

from django.db import migrations, models


def create_generations(apps, schema_editor):
    CacheGeneration = apps.get_model("icc_practices", "CacheGeneration")
    for name in ("content", "structure"):
        CacheGeneration.objects.get_or_create(name=name, defaults={"token": secrets.token_hex(8)})


class Migration(migrations.Migration):
    dependencies = [
        ("icc_practices", "0002_submissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="CacheGeneration",
            fields=[
                ("name", models.CharField(max_length=32, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "cache generation"},
        ),
        migrations.RunPython(create_generations, migrations.RunPython.noop),
    ]
