"""Images for the cover tests, made with Pillow: photos carrying the metadata a camera writes
(EXIF with a GPS position and the camera's make, a comment, XMP), and malicious uploads."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

from PIL import Image

# EXIF tags (TIFF/EP): Make, Model, Orientation; the GPS directory
MAKE, MODEL, ORIENTATION, GPS_IFD = 0x010F, 0x0110, 0x0112, 0x8825
SECRET = "Secret Camera 3000"


def photo(fmt: str = "JPEG", size: tuple[int, int] = (1000, 600), *, orientation: int = 1,
          mode: str = "RGB", colour: str | tuple[int, ...] = "teal") -> bytes:
    """A picture with EXIF (camera, GPS position, orientation) and, where the format has them,
    a comment and XMP."""
    picture = Image.new(mode, size, colour)
    picture.paste("orange", (0, 0, size[0] // 2, size[1] // 3))  # a corner to tell the turn by
    exif = picture.getexif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Acme", SECRET, orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (43.0, 15.0, 0.0), 3: "E", 4: (76.0, 53.0, 0.0)})
    out = io.BytesIO()
    extra: dict[str, object] = {"exif": exif.tobytes()}
    if fmt == "JPEG":
        extra["comment"] = SECRET.encode()
    if fmt in ("JPEG", "WEBP", "PNG"):
        extra["xmp"] = f"<x:xmpmeta><rdf:Description>{SECRET}</rdf:Description></x:xmpmeta>".encode()
    if fmt == "PNG":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_text("Comment", SECRET)
        extra["pnginfo"] = info
    picture.save(out, fmt, **extra)
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(width: int = 60_000, height: int = 60_000) -> bytes:
    """A valid PNG header announcing width x height pixels (3.6 billion by default), followed by
    a little compressed data: a decoder that trusted the header would allocate gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 1024 * 1024, 9)  # a megabyte of zeros in a kilobyte
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400">'
       b'<script>alert(1)</script><rect width="800" height="400"/></svg>')


def upload_cover(api: Any, event_id: str, data: bytes, media_type: str = "image/jpeg") -> Any:
    """PUT /events/{id}/image as the client sends it: the bytes as the body, their type."""
    return api.client.put(f"/events/{event_id}/image", data=data, headers={
        "Authorization": f"Bearer {api.token}", "Content-Type": media_type})
