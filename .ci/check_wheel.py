"""Check that the built wheel ships what a host needs and nothing it does not."""

import sys
import zipfile

REQUIRED = [
    "icc_practices/py.typed",
    "icc_practices/migrations/0001_initial.py",
    "icc_practices/templates/icc_practices/base.html",
    "icc_practices/templates/icc_practices/practice_page.html",
    "icc_practices/templates/icc_practices/practice_index_page.html",
    "icc_practices/static/icc_practices/css/icc_practices.css",
    "icc_practices/locale/fr/LC_MESSAGES/django.mo",
    "icc_practices/management/commands/load_icc_taxonomy.py",
]
FORBIDDEN_PREFIXES = ("tests/", "example_site/", "benchmarks/", "docs/", ".ci/")


def main(path: str) -> int:
    names = zipfile.ZipFile(path).namelist()
    missing = [name for name in REQUIRED if name not in names]
    forbidden = [name for name in names if name.startswith(FORBIDDEN_PREFIXES)]
    stray = [name for name in names if "__pycache__" in name or name.endswith((".pyc", ".po~"))]
    for label, items in (("missing", missing), ("forbidden", forbidden), ("stray", stray)):
        for item in items:
            print(f"wheel {label}: {item}")
    if missing or forbidden or stray:
        return 1
    print(f"{path}: {len(names)} files, contents as expected")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
