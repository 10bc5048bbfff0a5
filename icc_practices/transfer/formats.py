"""Reading and writing the three formats: CSV, JSON and XLSX (with openpyxl, the
``xlsx`` extra).

Reading checks the whole file before anything is imported, and says what is wrong in
words a spreadsheet user can act on: the encoding, the separator, the columns, duplicate
keys, formulas, the size. A file that fails a check changes nothing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from icc_practices.conf import settings
from icc_practices.transfer.columns import (
    BY_NAME,
    COLUMN_NAMES,
    COLUMNS,
    REQUIRED,
    from_cell,
    to_cell,
)

FORMATS = ("csv", "json", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A cell a spreadsheet would run as a formula; exports write them with a leading
# apostrophe (OWASP's advice against CSV injection), which imports take off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FILE_MARKER = "icc-practices"


class FileProblem(Exception):
    """The file cannot be imported at all; ``problems`` says why, each in a sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ParsedFile:
    """A file's rows (row number, values by column) and the taxonomy it carries."""

    rows: list[tuple[int, dict[str, Any]]]
    taxonomy: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def xlsx_available() -> bool:
    """Whether openpyxl (the ``xlsx`` extra) is installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        return False
    return True


def format_of(name: str, given: str | None = None) -> str:
    """The format named, or the one the file name's extension says."""
    chosen = (given or name.rsplit(".", 1)[-1]).lower()
    if chosen not in FORMATS:
        raise FileProblem(
            [_("Unknown format %(format)r: use csv, json or xlsx.") % {"format": chosen}]
        )
    return chosen


# Writing ---------------------------------------------------------------------------


def _escaped(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def flat_row(row: dict[str, Any]) -> list[str]:
    """A row as cells, in column order, formulas defused."""
    return [_escaped(to_cell(column, row.get(column.name))) for column in COLUMNS]


class _Line:
    """A file-like object that hands back what csv.writer writes."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> None:
        self.value = text


def csv_chunks(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A CSV file, line by line: a byte-order mark (so that Excel reads UTF-8), the
    header, then one line per row."""
    line = _Line()
    writer = csv.writer(line, lineterminator="\r\n")
    writer.writerow(COLUMN_NAMES)
    yield "\ufeff" + line.value
    for row in rows:
        writer.writerow(flat_row(row))
        yield line.value


def json_chunks(
    rows: Iterable[dict[str, Any]], taxonomy: dict[str, list[dict]] | None = None
) -> Iterator[str]:
    """A JSON document, practice by practice: ``{"format", "version", "practices",
    "taxonomy"}``. ``taxonomy`` may be filled while the rows are read (it is written
    last)."""
    yield f'{{"format": "{FILE_MARKER}", "version": 1, "practices": ['
    for number, row in enumerate(rows):
        yield ("," if number else "") + "\n" + json.dumps(row, ensure_ascii=False)
    yield '\n], "taxonomy": ' + json.dumps(taxonomy or {}, ensure_ascii=False) + "}\n"


def write_xlsx(
    target: Any, rows: Iterable[dict[str, Any]], taxonomy: dict[str, list[dict]] | None = None
) -> None:
    """An XLSX workbook: a "practices" sheet, then one sheet per taxonomy table."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("practices")
    sheet.append(list(COLUMN_NAMES))
    for row in rows:
        sheet.append(flat_row(row))
    for name, entries in (taxonomy or {}).items():
        table = workbook.create_sheet(name)
        headers = sorted({key for entry in entries for key in entry}, key=_taxonomy_order)
        table.append(headers)
        for entry in entries:
            table.append([_escaped(str(entry.get(header) or "")) for header in headers])
    workbook.save(target)


def _taxonomy_order(header: str) -> tuple[int, str]:
    first = ("slug", "name", "country", "latitude", "longitude", "sort_order")
    return (first.index(header), "") if header in first else (len(first), header)


# Reading ---------------------------------------------------------------------------


def _check_size(data: bytes) -> None:
    limit = settings.IMPORT_MAX_FILE_SIZE
    if len(data) > limit:
        raise FileProblem(
            [
                _("The file is %(size)s MB; at most %(limit)s MB can be imported at once.")
                % {"size": round(len(data) / 1e6, 1), "limit": round(limit / 1e6, 1)}
            ]
        )


def _decoded(data: bytes) -> str:
    """UTF-8 text (a byte-order mark is allowed and dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            [
                _(
                    "The file is not UTF-8 text (line %(line)s). In Excel, save it as "
                    '"CSV UTF-8"; in LibreOffice, choose the Unicode (UTF-8) character set.'
                )
                % {"line": line}
            ]
        ) from None


def _unescaped(text: str) -> str:
    """A cell as typed: an export's defusing apostrophe taken off."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _header(cells: list[str]) -> list[str]:
    names = [cell.strip().lower() for cell in cells]
    problems = []
    unknown = [name for name in names if name and name not in BY_NAME]
    if unknown:
        problems.append(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMN_NAMES)}
        )
    missing = [name for name in REQUIRED if name not in names]
    if missing:
        problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        problems.append(_("Columns given twice: %(columns)s.") % {"columns": ", ".join(repeated)})
    if problems:
        raise FileProblem(problems)
    return names


def _typed(names: list[str], cells: list[Any], number: int, formulas: list[str]) -> dict:
    row: dict[str, Any] = {}
    for name, cell in zip(names, cells, strict=False):
        if not name:
            continue
        text = "" if cell is None else str(cell)
        if text.startswith("="):
            formulas.append(f"{name} {number}")
            continue
        try:
            row[name] = from_cell(BY_NAME[name], _unescaped(text))
        except ValueError:
            row[name] = text  # reported with the row (further material is not JSON)
            row.setdefault("_invalid", []).append(name)
    return row


def _checked(rows: list[tuple[int, dict]], formulas: list[str]) -> list[tuple[int, dict]]:
    problems = []
    if formulas:
        problems.append(
            _(
                "Formulas are not imported (cells %(cells)s): copy the cells and paste "
                "them as values."
            )
            % {"cells": ", ".join(formulas[:10]) + (" ..." if len(formulas) > 10 else "")}
        )
    limit = settings.IMPORT_MAX_ROWS
    if len(rows) > limit:
        problems.append(
            _("The file has %(count)s rows; at most %(limit)s can be imported at once.")
            % {"count": len(rows), "limit": limit}
        )
    seen: dict[tuple[str, str], int] = {}
    for number, row in rows:
        identity = (str(row.get("key", "")).strip(), str(row.get("language", "")).strip())
        if identity[0] and identity in seen:
            problems.append(
                _("Rows %(first)s and %(second)s have the same key and language (%(key)s).")
                % {"first": seen[identity], "second": number, "key": identity[0]}
            )
        seen.setdefault(identity, number)
    if problems:
        raise FileProblem(problems[:20])
    return rows


def read_csv(data: bytes) -> ParsedFile:
    text = _decoded(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise FileProblem(
            [_("The CSV file cannot be read: %(error)s.") % {"error": error}]
        ) from None
    records = [record for record in records if any(cell.strip() for cell in record)]
    if not records:
        raise FileProblem([_("The file is empty.")])
    names = _header(records[0])
    formulas: list[str] = []
    rows = [
        (number, _typed(names, record, number, formulas))
        for number, record in enumerate(records[1:], start=2)
    ]
    notes = [_("Read as semicolon-separated values.")] if delimiter == ";" else []
    return ParsedFile(_checked(rows, formulas), notes=notes)


def read_json(data: bytes) -> ParsedFile:
    try:
        document = json.loads(_decoded(data))
    except json.JSONDecodeError as error:
        raise FileProblem(
            [_("The JSON file cannot be read: %(error)s.") % {"error": error}]
        ) from None
    if isinstance(document, dict):
        practices, taxonomy = document.get("practices"), document.get("taxonomy") or {}
    else:
        practices, taxonomy = document, {}
    if not isinstance(practices, list) or not all(isinstance(row, dict) for row in practices):
        raise FileProblem([_('The JSON file must hold a list of practices under "practices".')])
    if not isinstance(taxonomy, dict):
        taxonomy = {}
    _header(sorted({key for row in practices for key in row}) or list(REQUIRED))
    formulas: list[str] = []
    rows = []
    for number, record in enumerate(practices, start=1):
        row: dict[str, Any] = {}
        for name, value in record.items():
            column = BY_NAME[name.strip().lower()]
            if isinstance(value, str):
                try:
                    row[column.name] = from_cell(column, value)
                except ValueError:
                    row[column.name] = value
                    row.setdefault("_invalid", []).append(column.name)
            elif value is None:
                row[column.name] = ""
            else:
                row[column.name] = value
        rows.append((number, row))
    return ParsedFile(_checked(rows, formulas), taxonomy=_tables(taxonomy))


def _tables(taxonomy: dict) -> dict[str, list[dict[str, Any]]]:
    tables = {}
    for name in ("topics", "cities"):
        entries = taxonomy.get(name)
        if isinstance(entries, list):
            tables[name] = [entry for entry in entries if isinstance(entry, dict)]
    return tables


def read_xlsx(data: bytes) -> ParsedFile:
    from zipfile import BadZipFile

    try:
        return _read_xlsx(data)
    except FileProblem:
        raise
    except (BadZipFile, Exception) as error:  # openpyxl raises many kinds on bad files
        raise FileProblem(
            [_("The XLSX file cannot be read: %(error)s.") % {"error": error}]
        ) from None


def _read_xlsx(data: bytes) -> ParsedFile:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    sheet = workbook["practices"] if "practices" in workbook.sheetnames else workbook.worksheets[0]
    records = []
    for record in sheet.iter_rows(values_only=True):
        if any(cell not in (None, "") for cell in record):
            records.append(list(record))
            if len(records) > settings.IMPORT_MAX_ROWS + 1:  # a small file of many rows
                raise FileProblem(
                    [
                        _("The file has more than %(limit)s rows; no more can be imported at once.")
                        % {"limit": settings.IMPORT_MAX_ROWS}
                    ]
                )
    if not records:
        raise FileProblem([_("The file is empty.")])
    names = _header(["" if cell is None else str(cell) for cell in records[0]])
    formulas: list[str] = []
    rows = [
        (number, _typed(names, record, number, formulas))
        for number, record in enumerate(records[1:], start=2)
    ]
    taxonomy: dict[str, list[dict[str, Any]]] = {}
    for name in ("topics", "cities"):
        if name in workbook.sheetnames:
            table = list(workbook[name].iter_rows(values_only=True))
            if table:
                headers = [str(cell or "") for cell in table[0]]
                taxonomy[name] = [
                    {
                        header: _unescaped("" if cell is None else str(cell))
                        for header, cell in zip(headers, entry, strict=False)
                    }
                    for entry in table[1:]
                ]
    workbook.close()
    return ParsedFile(_checked(rows, formulas), taxonomy=taxonomy)


READERS = {"csv": read_csv, "json": read_json, "xlsx": read_xlsx}


def read_file(data: bytes, file_format: str) -> ParsedFile:
    """The file's rows, or ``FileProblem`` with every reason it cannot be imported."""
    _check_size(data)
    return READERS[file_format](data)
