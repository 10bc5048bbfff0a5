"""Prepare the example site: home page, practice index, taxonomy, demo data, admin login.

Safe to run repeatedly; it prints a fresh admin password each time.
"""

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from home.models import HomePage
from icc_practices.models import PracticeIndexPage


class Command(BaseCommand):
    help = "Create the example site's pages, load taxonomy and demo data, create an admin."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=200)
        parser.add_argument("--username", default="admin")

    def handle(self, *args, count, username, **options):
        with transaction.atomic():
            home = self._home_page()
            if not PracticeIndexPage.objects.child_of(home).exists():
                index = PracticeIndexPage(
                    title="Good practices",
                    slug="practices",
                    show_in_menus=True,
                    intro="<p>Examples of intercultural approaches that cities share: "
                    "how to manage diversity, address conflicts and benefit from the "
                    "diversity advantage.</p>",
                )
                home.add_child(instance=index)
                index.save_revision().publish()
        call_command("load_icc_taxonomy", stdout=self.stdout)
        self._refugees_collection(home)
        call_command("load_demo_practices", count=count, translate=["fr"], stdout=self.stdout)
        self._french_introductions()

        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nAdmin login: http://127.0.0.1:8000/admin/  user: {username}  "
                f"password: {password}\n"
            )
        )

    def _refugees_collection(self, home: HomePage) -> None:
        """A theme on the home page, as the ICC site gathers practices on one subject."""
        if home.body:
            return
        home.body = [
            (
                "practices",
                {
                    "heading": "Welcoming refugees",
                    "filters": ["topic=refugees"],
                    "sort": "newest",
                    "limit": 3,
                },
            )
        ]
        home.save_revision().publish()

    def _french_introductions(self) -> None:
        """The example site's own texts on the French pages the demo translation made."""
        french = {
            HomePage: "<p>Cette ville fonde ses politiques sur la reconnaissance de la "
            "diversité comme une ressource. Voici ce que nous et d'autres villes avons "
            "appris.</p>",
            PracticeIndexPage: "<p>Des exemples d'approches interculturelles partagés par "
            "les villes : gérer la diversité, résoudre les conflits et tirer parti de "
            "l'avantage de la diversité.</p>",
        }
        for model, intro in french.items():
            for page in model.objects.filter(locale__language_code="fr"):
                if page.intro != intro:
                    page.intro = intro
                    if model is HomePage:
                        page.title = "Ville interculturelle"
                    page.save_revision().publish()

    def _home_page(self) -> HomePage:
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) == ("localhost", 80):
            # Absolute links (hreflang, API, PDF source) then point where `make demo` serves.
            site.hostname, site.port = "127.0.0.1", 8000
            site.save()
        if isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        root = Page.get_first_root_node()
        welcome = site.root_page
        home = HomePage(
            title="Intercultural City",
            slug="home-page",
            intro="<p>This city builds its policies on the acknowledgement that diversity "
            "is a resource. Here is what we and other cities have learnt.</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        site.root_page = home
        site.site_name = site.site_name or "Intercultural City"
        site.save()
        if welcome.specific_class is Page and not welcome.get_children().exists():
            welcome.delete()
        return home
