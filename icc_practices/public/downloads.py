"""What visitors take away from an index: the results of their filter as CSV or JSON,
and the ICC template for collecting practices (CSV or XLSX).

Results come from the query layer, so a download holds exactly what the visitor sees
(live, public practices, in the index's language), in the same order, capped by
``ICC_PRACTICES_EXPORT_MAX_ROWS``. They are streamed, never kept in a shared cache, and
marked ``noindex``.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.cache import patch_cache_control

from icc_practices.conf import settings
from icc_practices.transfer.columns import COLUMNS
from icc_practices.transfer.export import export_rows, with_city_table
from icc_practices.transfer.formats import CONTENT_TYPES, csv_chunks, json_chunks, write_xlsx

if TYPE_CHECKING:
    from icc_practices.models import PracticeIndexPage

DOWNLOAD_FORMATS = ("csv", "json")
TEMPLATE_FORMATS = ("csv", "xlsx")


def _attachment(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, max_age=0)


def results_download(
    request: HttpRequest, page: PracticeIndexPage, file_format: str
) -> StreamingHttpResponse:
    """The practices of the request's filter, as a streamed CSV or JSON file."""
    total, rows = export_rows(page, request.GET, settings.EXPORT_MAX_ROWS, request=request)
    tables: dict[str, list[dict]] = {}
    rows = with_city_table(rows, tables)
    chunks = csv_chunks(rows) if file_format == "csv" else json_chunks(rows, tables)
    response = StreamingHttpResponse(
        (chunk.encode() for chunk in chunks), content_type=CONTENT_TYPES[file_format]
    )
    response["X-Total-Count"] = str(total)
    _attachment(response, f"{page.slug}.{file_format}")
    return response


def example_row() -> dict:
    """The template's one example row, from the column list."""
    return {column.name: column.example for column in COLUMNS}


def template_download(file_format: str) -> HttpResponse:
    """The ICC template for collecting practices: the columns and one example row (and
    in XLSX, a sheet that explains each column in the visitor's language)."""
    if file_format == "csv":
        response = HttpResponse("".join(csv_chunks([example_row()])), CONTENT_TYPES["csv"])
    else:
        buffer = io.BytesIO()
        help_sheet = [
            {
                "slug": column.name,
                "name": str(column.label),
                "description": str(column.help),
                "required": "yes" if column.required else "",
            }
            for column in COLUMNS
            if not column.export_only
        ]
        write_xlsx(buffer, [example_row()], {"columns": help_sheet})
        response = HttpResponse(buffer.getvalue(), CONTENT_TYPES["xlsx"])
    _attachment(response, f"good-practice-template.{file_format}")
    return response
