"""Export the practices of an index, for any filter of the index, to CSV, JSON or XLSX."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from icc_practices.search.facets import registered_facets
from icc_practices.search.params import SORTS
from icc_practices.transfer.export import export_rows, with_city_table, write_images
from icc_practices.transfer.formats import (
    FORMATS,
    FileProblem,
    csv_chunks,
    format_of,
    json_chunks,
    write_xlsx,
)
from icc_practices.transfer.importer import find_index


class Command(BaseCommand):
    help = (
        "Export the practices visitors see under a practice index, narrowed like the "
        "index (--topic education --country es, --q words). JSON and XLSX also carry "
        "the cities they name, so that import_practices --create-cities can recreate "
        "them on another site."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format", choices=FORMATS, help="By default the output's extension, else csv."
        )
        parser.add_argument("--output", help="The file to write (default: standard output).")
        parser.add_argument("--index", type=int, help="The index page's id (default: the site's).")
        parser.add_argument(
            "--translations",
            action="store_true",
            help="Add the practices' translations (rows in other languages, same keys).",
        )
        parser.add_argument("--limit", type=int, help="At most this many practices.")
        parser.add_argument(
            "--images",
            help="Also write the main images the rows name into this ZIP archive "
            "(for import_practices --images).",
        )
        parser.add_argument("--q", default="", help="Search words, as on the index.")
        parser.add_argument("--sort", choices=SORTS, help="The order, as on the index.")
        for facet in registered_facets():
            parser.add_argument(
                f"--{facet.name}", action="append", default=[], help=facet.description
            )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"]
        try:
            file_format = (
                format_of(output or "out.csv", options["format"])
                if output or options["format"]
                else "csv"
            )
            index = find_index(options["index"])
        except FileProblem as problem:
            raise CommandError(" ".join(problem.problems)) from None
        if file_format == "xlsx" and not output:
            raise CommandError("XLSX is written to a file: give --output.")
        params = {facet.name: options[facet.name] for facet in registered_facets()}
        params.update(
            q=[options["q"]] if options["q"] else [],
            sort=[options["sort"]] if options["sort"] else [],
        )
        limit = options["limit"] if options["limit"] is not None else sys.maxsize
        with translation.override(index.locale.language_code):
            total, rows = export_rows(index, params, limit, translations=options["translations"])
            tables: dict[str, list[dict]] = {}
            rows = with_city_table(rows, tables)
            image_names: set[str] = set()
            rows = _noting_images(rows, image_names)
            if file_format == "xlsx":
                write_xlsx(output, rows, tables)
            else:
                chunks = csv_chunks(rows) if file_format == "csv" else json_chunks(rows, tables)
                if output:
                    with open(output, "w", encoding="utf-8", newline="") as target:
                        target.writelines(chunks)
                else:
                    for chunk in chunks:
                        self.stdout.write(chunk, ending="")
        if options["images"]:
            written = write_images(options["images"], image_names)
            self.stderr.write(f"{written} images written to {options['images']}.")
        if output:
            self.stderr.write(f"{min(total, limit)} of {total} practices exported to {output}.")


def _noting_images(rows, names: set[str]):
    for row in rows:
        if row["hero_image"]:
            names.add(row["hero_image"])
        yield row
