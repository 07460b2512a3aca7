"""Facial photo uploads: JPEG or PNG, size and dimension checks with Pillow, stored under var/. No biometric
processing: the file is only checked, re-encoded (which drops metadata such as location) and kept."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from portcullis.core.settings import get_settings

MAX_BYTES = 5 * 1024 * 1024
MIN_WIDTH, MIN_HEIGHT = 400, 500
MAX_SIDE = 6000
FORMATS = {"JPEG": "jpg", "PNG": "png"}


class PhotoError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(f"photo: {reason}")
        self.field = "photo"
        self.reason = reason


def check(data: bytes) -> Image.Image:
    if not data:
        raise PhotoError("select a photo of your face")
    if len(data) > MAX_BYTES:
        raise PhotoError(f"the photo must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, SyntaxError):
        raise PhotoError("the photo must be a JPEG or PNG image") from None
    if image.format not in FORMATS:
        raise PhotoError("the photo must be a JPEG or PNG image")
    width, height = image.size
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        raise PhotoError(
            f"the photo must be at least {MIN_WIDTH} pixels wide and {MIN_HEIGHT} pixels high "
            f"(it is {width} by {height})"
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        raise PhotoError(f"the photo must be at most {MAX_SIDE} pixels on each side")
    return image


def store(data: bytes) -> str:
    """Check and keep a photo; returns its path relative to the var folder."""
    image = check(data)
    folder = get_settings().var_dir / "travel" / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    ext = FORMATS[str(image.format)]
    name = f"{uuid.uuid4().hex}.{ext}"
    clean = image.convert("RGB") if ext == "jpg" else image
    clean.save(folder / name, format=image.format)
    return str(Path("travel") / "photos" / name)
