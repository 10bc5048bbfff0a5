# ruff: noqa: F811 - pytest fixtures imported from test_submissions
"""Files attached to proposals (issue 19): kinds checked from the content, images
re-encoded, names sanitised, limits, private storage for editors only, carried into the
draft practice, deleted with the proposal."""

import bz2
import io
import struct
import tracemalloc
import zipfile
import zlib

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from icc_practices.models import PracticePage, PracticeSubmission, ProposalAttachment
from tests.test_submissions import (  # noqa: F401 - fixtures
    convert_url,
    proposal,
    propose_url,
    taxonomy,
)

pytestmark = pytest.mark.django_db
ADMIN = "/admin/snippets/icc_practices/practicesubmission/"


def jpeg_with_location(size=(40, 30)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x010E] = "Home, 41.38 N 2.17 E"  # ImageDescription
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png(size=(20, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def odt(encrypted: bool = False, corrupt: bool = False) -> bytes:
    """An OpenDocument text, or one whose "mimetype" entry is flagged as encrypted or
    whose compressed bytes are garbage (each made zipfile raise past the checks)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        entry = zipfile.ZipInfo("mimetype")
        entry.compress_type = zipfile.ZIP_DEFLATED if corrupt else zipfile.ZIP_STORED
        archive.writestr(entry, "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    data = bytearray(out.getvalue())
    if encrypted:  # zipfile writes no encrypted entries: set the flag in both headers
        data[6] |= 0x1
        data[data.index(b"PK\x01\x02") + 8] |= 0x1
    if corrupt:  # the entry's data starts after its 30-byte header and its name
        data[38:48] = b"\xff" * 10
    return bytes(data)


def upload(name: str, content: bytes, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def send(client, index_page, proposal, *files):
    return client.post(propose_url(index_page), {**proposal, "attachments": list(files)})


def test_files_are_checked_re_encoded_renamed_and_kept_private(client, index_page, proposal):
    response = send(
        client, index_page, proposal,
        upload("../../etc/photo of Raval.jpeg", jpeg_with_location(), "image/jpeg"),
        upload("plan.txt", b"%PDF-1.7\n1 0 obj\n%%EOF\n", "text/plain"),  # a PDF, whatever its name
        upload("report.docx", docx()),
    )  # fmt: skip
    assert response.status_code == 302
    attachments = list(PracticeSubmission.objects.get().attachments.all())
    assert [(a.name, a.kind) for a in attachments] == [
        ("photo_of_Raval.jpg", "image"), ("plan.pdf", "document"), ("report.docx", "document"),
    ]  # fmt: skip
    photo = attachments[0]
    assert photo.file.storage is storages["icc_private"] or photo.file.storage.location == (
        storages["icc_private"].location
    )
    assert "Raval" not in photo.file.name  # stored under a random name
    with photo.file.open("rb") as handle, Image.open(handle) as stored:
        assert stored.size == (40, 30)
        assert not stored.getexif()  # the phone's location is gone
    assert client.get("/media/" + photo.file.name).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("virus.pdf", b"MZ\x90\x00 an executable", "not accepted"),
        ("bomb.docx", None, "not accepted"),
        ("huge.png", None, "too large (in pixels)"),
        ("locked.odt", None, "not accepted"),
        ("broken.odt", None, "not accepted"),
    ],
)
@override_settings(ICC_PRACTICES_ATTACHMENT_MAX_PIXELS=1_000_000)
def test_hostile_files_are_refused_and_what_was_typed_kept(
    client,
    index_page,
    proposal,
    name,
    content,
    reason,
):
    if name == "bomb.docx":  # a small archive that would unpack to 200 MB
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"0" * 200_000_000)
        content = out.getvalue()
    elif name == "huge.png":
        content = png((2000, 1000))  # 2 million pixels, a small file
    elif name == "locked.odt":
        content = odt(encrypted=True)  # opening "mimetype" asks for a password
    elif name == "broken.odt":
        content = odt(corrupt=True)  # "mimetype" does not inflate
    response = send(client, index_page, proposal, upload(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html and name in html
    assert 'value="Open schools"' in html  # the proposal is not lost
    assert PracticeSubmission.objects.count() == 0 and ProposalAttachment.objects.count() == 0


@override_settings(ICC_PRACTICES_ATTACHMENT_MAX_FILES=2, ICC_PRACTICES_ATTACHMENT_MAX_SIZE=5000)
def test_count_and_size_are_bounded(client, index_page, proposal):
    too_many = send(client, index_page, proposal, *(upload(f"{n}.png", png()) for n in range(3)))
    assert "Attach at most 2 files." in too_many.content.decode()
    too_big = send(client, index_page, proposal, upload("big.pdf", b"%PDF-" + b"0" * 6000))
    assert "larger than" in too_big.content.decode()
    assert PracticeSubmission.objects.count() == 0


def test_only_editors_download_them(client, admin_client, index_page, proposal, django_user_model):
    send(client, index_page, proposal, upload("plan.pdf", b"%PDF-1.7 plan"))
    attachment = ProposalAttachment.objects.get()
    url = f"{ADMIN}attachment/{attachment.pk}/"
    assert Client().get(url).status_code == 302  # to the login
    from django.contrib.auth.models import Permission

    stranger = django_user_model.objects.create_user("stranger", "s@example.org", "pw")
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = Client()
    outsider.force_login(stranger)
    assert outsider.get(url).status_code in (302, 403)
    response = admin_client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 plan"
    edit = admin_client.get(f"{ADMIN}edit/{attachment.submission_id}/").content.decode()
    assert url in edit and "plan.pdf" in edit


def test_they_become_images_and_documents_of_the_draft(
    client,
    admin_client,
    index_page,
    proposal,
):
    send(client, index_page, proposal, upload("raval.png", png()), upload("plan.pdf", b"%PDF-1 x"))
    submission = PracticeSubmission.objects.get()
    response = admin_client.post(convert_url(submission), {"index": index_page.pk})
    assert response.status_code == 302
    practice = PracticePage.objects.get(pk=PracticeSubmission.objects.get().practice_id)
    draft = practice.get_latest_revision_as_object()
    kinds = [block.block_type for block in draft.body]
    assert kinds == ["image", "document"]
    assert draft.body[0].value["image"].title == "raval"
    assert draft.body[1].value["document"].title == "plan"


def test_deleting_the_proposal_deletes_its_files(
    client,
    index_page,
    proposal,
    django_capture_on_commit_callbacks,
):
    send(client, index_page, proposal, upload("plan.pdf", b"%PDF-1 x"))
    attachment = ProposalAttachment.objects.get()
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        PracticeSubmission.objects.get().delete()
    assert not storage.exists(name)


@pytest.mark.parametrize("name", ["🙂.png", "%.png", "\u202e.png", "\u202egnp.exe.png"])
def test_names_with_nothing_safe_left_become_attachment(client, index_page, proposal, name):
    response = send(client, index_page, proposal, upload(name, png(), "image/png"))
    assert response.status_code == 302
    stored = PracticeSubmission.objects.get().attachments.get().name
    assert stored.endswith(".png") and "\u202e" not in stored
    assert stored == "attachment.png" or stored.isascii()


@pytest.mark.parametrize("email", ["root@localhost", "webmaster@[10.0.0.1]"])
def test_the_author_must_give_an_address_on_the_internet(client, index_page, proposal, email):
    response = client.post(propose_url(index_page), {**proposal, "contact_email": email})
    assert response.status_code == 200
    assert "Enter an address on the internet" in response.content.decode()
    assert not PracticeSubmission.objects.exists()


# Archives zipfile does not write: one entry, every header field as given.
MIMETYPE = b"application/vnd.oasis.opendocument.text"


def raw_zip(name: bytes, data: bytes, method=0, size=None, crc=0, central_extra=b"",
            header_offset=None, entries=1) -> bytes:  # fmt: skip
    """Local header, central directory and end record of one entry (the end record may
    declare ``entries``)."""
    size = len(data) if size is None else size
    local = struct.pack(
        "<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), size,
        len(name), len(central_extra), 0, 0, 0, 0, 0 if header_offset is None else header_offset,
    ) + name + central_extra  # fmt: skip
    body = local + name + data
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, entries, entries, len(central), len(body), 0)
    return body + central + end


def test_a_hand_written_odt_is_recognised():
    from icc_practices.submissions.attachments import _zip_document

    assert _zip_document(raw_zip(b"mimetype", MIMETYPE, crc=zlib.crc32(MIMETYPE)))[0] == "odt"


@pytest.mark.parametrize(
    "content",
    [
        # LZMA (method 14) with properties liblzma refuses, then a garbage stream
        raw_zip(b"mimetype", b"\x09\x14\x05\x00" + b"\xff" * 5 + b"\x00" * 40, 14, 41),
        raw_zip(b"mimetype", b"\x09\x14\x05\x00\x5d\x00\x00\x10\x00" + b"\xff" * 60, 14, 41),
        # a ZIP64 extra field puts the entry 2**64 - 1 bytes in (OverflowError)
        raw_zip(b"mimetype", MIMETYPE, crc=zlib.crc32(MIMETYPE),
                central_extra=struct.pack("<HHQ", 1, 8, 2**64 - 1), header_offset=0xFFFFFFFF),
        # an end record that declares more entries than an office document has
        raw_zip(b"mimetype", MIMETYPE, crc=zlib.crc32(MIMETYPE), entries=60_000),
    ],
    ids=["lzma-properties", "lzma-stream", "zip64-offset", "declared-entries"],
)  # fmt: skip
def test_crafted_archives_are_refused_not_a_500(client, index_page, proposal, content):
    response = send(client, index_page, proposal, upload("crafted.odt", content))
    assert response.status_code == 200 and "not accepted" in response.content.decode()
    assert PracticeSubmission.objects.count() == 0


def test_a_bzip2_entry_is_refused_before_it_unpacks():
    """41 bytes declared, 100 MB packed in a few hundred: zipfile would unpack it all to
    read the first 41 (bzip2 and LZMA have no bound on their output there)."""
    from icc_practices.submissions.attachments import _zip_document

    compressor, packed = bz2.BZ2Compressor(9), bytearray()
    for _megabyte in range(100):
        packed += compressor.compress(b"A" * 1_000_000)
    packed += compressor.flush()
    content = raw_zip(b"mimetype", bytes(packed), method=12, size=41)
    tracemalloc.start()
    try:
        assert _zip_document(content) is None
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000


def test_a_phone_photo_with_a_second_picture_is_kept_as_a_jpeg(client, index_page, proposal):
    """Cameras' previews and phones' HDR gain maps make a JPEG that Pillow calls MPO."""
    photo, gain_map = Image.new("RGB", (64, 48), "red"), Image.new("L", (16, 12), "white")
    out = io.BytesIO()
    photo.save(out, format="MPO", save_all=True, append_images=[gain_map])
    response = send(client, index_page, proposal, upload("IMG_2024.jpg", out.getvalue()))
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    with attachment.file.open("rb") as stored:
        kept = Image.open(stored)
        assert kept.format == "JPEG" and kept.size == (64, 48)


def test_an_image_past_pillows_own_limit_is_called_too_large(client, index_page, proposal):
    header = struct.pack(">2L5B", 20_000, 10_000, 8, 2, 0, 0, 0)  # 200 million pixels

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">L", len(data)) + kind + data + struct.pack(">L", zlib.crc32(kind + data))
        )

    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    response = send(client, index_page, proposal, upload("panorama.png", content))
    assert "too large (in pixels)" in response.content.decode()


def test_an_end_record_that_lies_about_its_entries_is_refused_unparsed():
    from icc_practices.submissions.attachments import _declared_entries

    name = b"a"
    local = struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0)
    record = (
        struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, len(name), 0, 0, 0, 0, 0, 0
        )
        + name
    )
    directory = record * 200_000  # what zipfile would walk, whatever the count says
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 1, 1, len(directory), len(local) + 1, 0)
    assert _declared_entries(local + name + directory + end) is None
