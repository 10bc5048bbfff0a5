import io

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from wagtail.models import Locale, Page, Site

from icc_practices.search.cache import forget_in_process
from tests.factories import PracticeIndexPageFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """The cache and each process's memory outlive each test's database rollback; start
    every test without them."""
    caches["default"].clear()
    forget_in_process()
    yield
    caches["default"].clear()
    forget_in_process()


@pytest.fixture
def site(db) -> Site:
    """The default site. Transactional tests (the browser ones) flush the database, taking
    the locale, root page and site that Wagtail's migrations created: rebuild them."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return site
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    home = root.add_child(title="Home", slug="home")
    return Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.fixture
def index_page(site):
    return PracticeIndexPageFactory(parent=site.root_page, slug="practices", results_per_page=5)


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


@pytest.fixture
def icc_taxonomy(db) -> None:
    call_command("load_icc_taxonomy", stdout=io.StringIO())


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


@pytest.fixture
def pdf_renderer() -> None:
    """WeasyPrint, which needs the system's Pango. Missing, it skips the PDF tests locally
    and fails them in CI (where .ci/run installs it)."""
    import os

    from icc_practices.pdf.availability import pdf_renderer_problem

    problem = pdf_renderer_problem()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"WeasyPrint cannot load: {problem}")
        pytest.skip(f"WeasyPrint cannot load ({problem}): apt-get install libpango-1.0-0")


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium_browser():
    """Debian's Chromium driven by Playwright (Playwright's own browser download cannot
    run here). Missing Chromium skips these tests locally and fails them in CI."""
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs it with apt")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls the
    # tests make around it are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


def _new_tab(chromium_browser, javascript: bool):
    context = chromium_browser.new_context(java_script_enabled=javascript)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.javascript = javascript
    return context, tab


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def tab(request, chromium_browser):
    """A browser tab, with JavaScript on and off."""
    context, tab = _new_tab(chromium_browser, request.param)
    yield tab
    context.close()


@pytest.fixture
def js_tab(chromium_browser):
    """A browser tab with JavaScript, for behaviour that only the script provides."""
    context, tab = _new_tab(chromium_browser, True)
    yield tab
    context.close()


@pytest.fixture
def editor_tab(js_tab, live_server, django_user_model):
    """A tab logged in to the admin as a superuser (the session cookie of a test client)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    js_tab.context.add_cookies(
        [{"name": "sessionid", "value": cookie.value, "url": live_server.url}]
    )
    js_tab.admin_url = live_server.url + "/admin"
    return js_tab


@pytest.fixture
def localize_source(index_page, french, django_user_model):
    """An English practice about to go through wagtail-localize, by an editor."""
    from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory

    italy = CountryFactory(code="IT")
    roma = TopicFactory(name="Roma", slug="roma")
    education = TopicFactory(name="Education", slug="education")
    housing = TopicFactory(name="Housing", slug="housing")
    turin = CityFactory(name="Turin", slug="turin", country=italy)
    practice = PracticePageFactory(
        parent=index_page, title="Roma mediators in schools", slug="roma-mediators",
        country=italy, year=2019, topics=[roma, education], cities=[turin],
        summary="Mediators work with families.", purpose="<p>Trust between school and home.</p>",
        contact_name="Giulia Rossi",
    )  # fmt: skip
    practice.save_revision().publish()
    user = django_user_model.objects.create_superuser("editor", "e@example.org", "pw")
    return {"practice": practice, "user": user, "housing": housing, "turin": turin}


@pytest.fixture
def mixed(index_page, french):
    """Two English practices, one of them translated; one practice written in French."""
    from tests.factories import CountryFactory, PracticePageFactory, TopicFactory
    from tests.test_multilingual import translate

    spain, italy = CountryFactory(code="ES"), CountryFactory(code="IT")
    roma = TopicFactory(name="Roma", slug="roma")
    schools = PracticePageFactory(
        parent=index_page, title="Schools together", country=spain, year=2018, topics=[roma],
        summary="Open schools.",
    )  # fmt: skip
    mediators = PracticePageFactory(
        parent=index_page, title="Roma mediators", country=italy, year=2019, topics=[roma],
        summary="Mediators between families and schools.",
    )  # fmt: skip
    french_index = translate(index_page, french, title="Bonnes pratiques")
    french_schools = translate(schools, french, title="Écoles ensemble", summary="Écoles ouvertes.")
    only_french = PracticePageFactory(
        parent=french_index, title="Cafés des langues", country=spain, year=2020,
        topics=[roma], summary="Des cafés où l'on parle toutes les langues.", locale=french,
    )  # fmt: skip
    return {
        "index": index_page,
        "french_index": french_index,
        "schools": schools,
        "french_schools": french_schools,
        "mediators": mediators,
        "only_french": only_french,
    }


@pytest.fixture
def translated(index_page, french):
    """Five English practices, each in another state in French (tests of the coverage
    report)."""
    from tests.factories import CityFactory, CountryFactory, PracticePageFactory, TopicFactory
    from tests.test_multilingual import translate
    from tests.test_translation_coverage import publish

    spain = CountryFactory(code="ES")
    education, housing = TopicFactory(slug="education"), TopicFactory(slug="housing")
    translate(education, french, name="Éducation")
    CityFactory(slug="barcelona", country=spain)
    translate(index_page, french, title="Bonnes pratiques")
    pages = {}
    for title in ("Current", "Draft", "Missing", "Outdated", "Retagged"):
        pages[title] = publish(
            PracticePageFactory(parent=index_page, title=title, country=spain, topics=[education])
        )
    for title in ("Current", "Outdated", "Retagged"):
        pages[f"{title} FR"] = translate(pages[title], french, title=f"{title} FR")
    draft = pages["Draft"].copy_for_translation(french)
    draft.save_revision()
    pages["Outdated"] = publish(pages["Outdated"], summary="A new summary to translate.")
    pages["Retagged"] = publish(pages["Retagged"], year=2011)  # classification only
    pages["Retagged"].topics.set([education, housing])
    pages["Retagged"].save_revision().publish()
    return pages
