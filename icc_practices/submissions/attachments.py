"""Files attached to a proposal: checked from their content, stored privately.

What a file is comes from its bytes, never from its name or the browser's content type:
images are decoded by Pillow within a pixel limit and re-encoded (which drops metadata,
such as a phone's GPS position, and anything hidden after the image data); PDFs must
start as PDFs; DOCX and ODT are ZIP archives whose entries are counted and whose
uncompressed size is bounded before anything is read (a "zip bomb" is refused). Names are
reduced to safe characters and given the extension of what the file really is; files are
stored under random names in a storage no URL serves, and editors download them through
the admin.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from icc_practices.conf import settings

IMAGES = {"JPEG": ("jpeg", "image/jpeg", "jpg"), "PNG": ("png", "image/png", "png"),
          "WEBP": ("webp", "image/webp", "webp"),
          # A JPEG carrying a second picture (cameras' previews, phones' HDR gain or depth
          # maps): Pillow calls it MPO; it is kept as a JPEG of its first picture.
          "MPO": ("jpeg", "image/jpeg", "jpg")}  # fmt: skip
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ZIP_MAX_ENTRIES = 2000
ZIP_MAX_UNCOMPRESSED = 100_000_000


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed: what it is, its safe name, and the bytes to store."""

    kind: str  # "image" or "document"
    type_name: str  # "jpeg", "pdf"...
    content_type: str
    name: str
    content: bytes


def _safe_name(original: str, extension: str) -> str:
    """The name without a folder, control or direction characters, with the extension of
    what the file is; "attachment" when nothing safe is left (an emoji, a lone "%")."""
    stem = Path(original.replace("\\", "/")).name.rsplit(".", 1)[0]
    try:
        cleaned = get_valid_filename(stem)[:80] if stem.strip(" .") else ""
    except SuspiciousFileOperation:  # Django's answer when no character is left
        cleaned = ""
    return f"{cleaned or 'attachment'}.{extension}"


def _refuse(name: str, reason: str) -> ValidationError:
    return ValidationError(
        _("%(name)s: %(reason)s"), params={"name": Path(name).name[:80], "reason": reason}
    )


def _image(data: bytes, name: str) -> CheckedFile | None:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGES:
                return None
            type_name, content_type, extension = IMAGES[image.format]
            if type_name not in settings.ATTACHMENT_TYPES:
                return None
            if image.width * image.height > settings.ATTACHMENT_MAX_PIXELS:
                raise _refuse(name, _("the image is too large (in pixels)."))
            image.seek(0)  # the first picture of a multi-picture file
            image.load()
            upright = ImageOps.exif_transpose(image)
            if type_name == "jpeg" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            out = io.BytesIO()
            saved_as = "JPEG" if type_name == "jpeg" else image.format
            upright.save(out, format=saved_as, **({"quality": 88} if type_name == "jpeg" else {}))
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:  # past Pillow's own limit: too large too
        raise _refuse(name, _("the image is too large (in pixels).")) from error
    # Pillow's decoders answer a crafted file with many exception types (OSError,
    # SyntaxError, struct.error...): whatever it is, the file is not an image we accept.
    except Exception:
        return None
    return CheckedFile(
        "image", type_name, content_type, _safe_name(name, extension), out.getvalue()
    )


def _starts(archive: zipfile.ZipFile, entry: str) -> bytes:
    """The first bytes of an entry: enough to recognise it, whatever it claims to hold."""
    with archive.open(entry) as opened:
        return opened.read(len(ODT_TYPE) + 2).strip()


# What real DOCX and ODT files use. BZIP2 and LZMA entries are decompressed by zipfile
# without a bound on the output (a 4 KB entry can unpack to gigabytes while asked for 41
# bytes); deflate's is bounded.
_READABLE_METHODS = frozenset((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
_END_OF_DIRECTORY = b"PK\x05\x06"


def _declared_entries(data: bytes) -> int | None:
    """The entry count the archive's end record declares, read before zipfile parses the
    central directory (200,000 entries took a second of CPU to parse); ``None`` when
    there is no such record, it defers to ZIP64 (no office document needs that), or the
    directory is too large for the entries allowed."""
    found = data.rfind(_END_OF_DIRECTORY, max(0, len(data) - 22 - 65_535))
    if found < 0 or len(data) < found + 22:
        return None
    total = int.from_bytes(data[found + 10 : found + 12], "little")
    # zipfile walks the directory by its size, whatever the count says: a directory
    # larger than the entries allowed could hold (46 bytes and a name each) is a lie.
    directory_size = int.from_bytes(data[found + 12 : found + 16], "little")
    if total == 0xFFFF or directory_size > ZIP_MAX_ENTRIES * (46 + 300):
        return None
    return total


def _zip_document(data: bytes) -> tuple[str, str, str] | None:
    declared = _declared_entries(data)
    if declared is None or declared > ZIP_MAX_ENTRIES:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > ZIP_MAX_ENTRIES:
                return None
            if any(entry.compress_type not in _READABLE_METHODS for entry in entries):
                return None
            if sum(entry.file_size for entry in entries) > ZIP_MAX_UNCOMPRESSED:
                return None
            names = {entry.filename for entry in entries}
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx", DOCX_TYPE, "docx"
            if "mimetype" in names and _starts(archive, "mimetype") == ODT_TYPE.encode():
                return "odt", ODT_TYPE, "odt"
    # A crafted archive makes zipfile raise nearly anything (RuntimeError for an encrypted
    # entry, zlib.error, EOFError, OverflowError for a ZIP64 offset past any file...):
    # whatever it is, the file is not a document this form accepts.
    except Exception:
        return None
    return None


def _document(data: bytes, name: str) -> CheckedFile | None:
    found: tuple[str, str, str] | None = None
    if data.startswith(b"%PDF-"):
        found = ("pdf", "application/pdf", "pdf")
    elif data.startswith(b"PK\x03\x04"):
        found = _zip_document(data)
    if found is None or found[0] not in settings.ATTACHMENT_TYPES:
        return None
    type_name, content_type, extension = found
    return CheckedFile("document", type_name, content_type, _safe_name(name, extension), data)


def check_upload(upload: UploadedFile) -> CheckedFile:
    """The upload as it will be stored, or a ``ValidationError`` that names the file."""
    name = upload.name or "attachment"
    if upload.size is not None and upload.size > settings.ATTACHMENT_MAX_SIZE:
        raise _refuse(
            name,
            _("the file is larger than %(size)s MB.")
            % {"size": round(settings.ATTACHMENT_MAX_SIZE / 1_000_000, 1)},
        )
    data = upload.read(settings.ATTACHMENT_MAX_SIZE + 1)
    if len(data) > settings.ATTACHMENT_MAX_SIZE:
        raise _refuse(name, _("the file is too large."))
    checked = _document(data, name) or _image(data, name)
    if checked is None:
        raise _refuse(name, _("this kind of file is not accepted."))
    return checked


def stored_name(checked: CheckedFile) -> str:
    """A random name: nothing of the sender's in the storage's paths."""
    extension = checked.name.rsplit(".", 1)[-1]
    return f"icc_practices/proposals/{uuid.uuid4().hex}.{extension}"
