"""Import practices from a CSV, JSON or XLSX file (an export, or the ICC template)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from icc_practices.transfer.formats import FORMATS, FileProblem, format_of, read_file
from icc_practices.transfer.images import ImageSource
from icc_practices.transfer.importer import FAILED, find_index, run_import


class Command(BaseCommand):
    help = (
        "Import practices from a file. Rows are matched by their external key and "
        "language: new ones are created, changed ones get a new revision, the others "
        "are left alone. Nothing is published without --publish."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--format", choices=FORMATS, help="By default the file's extension.")
        parser.add_argument("--index", type=int, help="The index page's id (default: the site's).")
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument("--publish", action="store_true", help="Publish what is imported.")
        parser.add_argument(
            "--create-cities",
            action="store_true",
            help="Create the cities the site does not have (from the file's cities table, "
            'or "Name (CC)"); without it they are reported.',
        )
        parser.add_argument("--images", help="A folder or ZIP archive holding the images named.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            file_format = format_of(path.name, options["format"])
            index = find_index(options["index"])
            parsed = read_file(path.read_bytes(), file_format)
        except FileProblem as problem:
            raise CommandError(
                "The file was not imported:\n- " + "\n- ".join(problem.problems)
            ) from None
        try:
            images = (
                ImageSource(options["images"], store=not options["dry_run"])
                if options["images"]
                else None
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        step = max(1, len(parsed.rows) // 20)

        def progress(done: int, total: int) -> None:
            if done % step == 0 or done == total:
                self.stderr.write(f"{done}/{total} rows", ending="\r" if done < total else "\n")

        report = run_import(
            parsed,
            index,
            dry_run=options["dry_run"],
            publish=options["publish"],
            create_cities=options["create_cities"],
            images=images,
            progress=progress,
        )
        for note in report.notes:
            self.stdout.write(note)
        for result in report.results:
            for warning in result.warnings:
                self.stdout.write(f"Row {result.row} ({result.key or '-'}), imported: {warning}")
            if result.status == FAILED:
                self.stdout.write(
                    f"Row {result.row} ({result.key or '-'}): " + " ".join(result.problems)
                )
        prefix = "Dry run, nothing changed: " if report.dry_run else ""
        self.stdout.write(prefix + report.summary())
        if report.failed:
            raise CommandError(f"{len(report.failed)} rows failed.", returncode=2)
