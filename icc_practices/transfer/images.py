"""Images named in an import file, found in a folder or a ZIP archive given with it.

Only a file's own name is used (never a path inside or outside the folder), only image
types Wagtail renders are accepted, and an image whose content the site has already
(the same file hash) is reused instead of stored twice.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

from django.core.files.images import ImageFile
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from icc_practices.conf import settings

IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp")


class ImageSource:
    """A folder or a ZIP archive of images, looked up by file name."""

    def __init__(self, location: str | Path | bytes, *, store: bool = True) -> None:
        """``store=False`` (a dry run) checks the images and stores none: files written
        to storage would outlive the rolled-back rows."""
        self.store = store
        self._folder: Path | None = None
        self._archive: zipfile.ZipFile | None = None
        if isinstance(location, bytes):
            try:
                self._archive = zipfile.ZipFile(io.BytesIO(location))
            except zipfile.BadZipFile:
                raise ValueError(_("The images are not a ZIP archive.")) from None
        elif zipfile.is_zipfile(location):
            self._archive = zipfile.ZipFile(location)
        else:
            self._folder = Path(location)
        self._members: dict[str, str] = {}
        if self._archive is not None:
            for member in self._archive.infolist():
                if not member.is_dir():
                    self._members.setdefault(os.path.basename(member.filename), member.filename)
        self._made: dict[str, object] = {}

    def forget(self) -> None:
        """Forget the images made so far (a rolled-back row took them with it)."""
        self._made.clear()

    def _read(self, name: str) -> bytes:
        limit = settings.IMPORT_MAX_FILE_SIZE
        if self._archive is not None:
            member = self._members.get(name)
            if member is None:
                raise ValueError(_("%(name)s is not in the archive.") % {"name": name})
            if self._archive.getinfo(member).file_size > limit:
                raise ValueError(_("%(name)s is too large.") % {"name": name})
            return self._archive.read(member)
        path = Path(self._folder or ".") / name
        if not path.is_file():
            raise ValueError(_("%(name)s is not in the folder.") % {"name": name})
        if path.stat().st_size > limit:
            raise ValueError(_("%(name)s is too large.") % {"name": name})
        return path.read_bytes()

    def image(self, name: str):
        """The site's image for this file name: stored once, reused after."""
        name = os.path.basename(name.replace("\\", "/")).strip()
        if not name.lower().endswith(IMAGE_TYPES):
            raise ValueError(
                _("%(name)s: only JPEG, PNG, GIF and WebP images are imported.") % {"name": name}
            )
        if name in self._made:
            return self._made[name]
        data = self._read(name)
        try:
            with PillowImage.open(io.BytesIO(data)) as check:
                check.verify()
        except Exception:
            raise ValueError(
                _("%(name)s is not an image that can be read.") % {"name": name}
            ) from None
        image_model = get_image_model()
        image = image_model(title=os.path.splitext(name)[0].replace("-", " ").replace("_", " "))
        image.file = ImageFile(io.BytesIO(data), name=name)
        image._set_file_hash()
        existing = image_model.objects.filter(file_hash=image.file_hash).first()
        if existing is not None:
            self._made[name] = existing
            return existing
        if not self.store:
            return None
        image.file.seek(0)
        image.save()
        self._made[name] = image
        return image
