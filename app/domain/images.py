"""What an uploaded cover image must be, and the files made of it (Pillow).

An upload is never served as sent: it is opened as PNG, JPEG or WebP only (SVG, GIF and anything
else is refused), its size is read from the header and checked before a single pixel is decoded
(a decompression bomb costs nothing), then it is decoded, turned upright by its EXIF orientation,
brought to sRGB, and written anew at a few widths. Writing anew drops every piece of metadata
(EXIF with its GPS position, XMP, comments, colour profiles): nothing the camera knew leaves.

The renditions: WebP at up to three widths for pages (every browser we support decodes WebP; a
`srcset` lets each pick its width), and one JPEG for link previews and search engines, whose
crawlers do not all read WebP.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from app.domain.errors import Invalid

MEDIA_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
MAX_BYTES = 10 * 1024 * 1024
MIN_SIDE = 200  # smaller is a thumbnail, not a cover
MAX_SIDE = 12_000
MAX_PIXELS = 50_000_000  # checked from the header, before decoding
WIDTHS = (480, 960, 1600)  # the page renditions, never wider than the upload
SHARE_WIDTH = 1200  # the JPEG for previews: what Open Graph consumers ask for
RENDER_VERSION = b"1"  # part of every content hash: a new encoder never reuses an old URL

_UNREADABLE = "is not a PNG, JPEG or WebP image this app can read"


@dataclass(frozen=True)
class Rendition:
    name: str  # "480.webp", "share.jpg": the end of its key (app/domain/covers.py)
    media_type: str
    width: int
    height: int
    data: bytes


@dataclass(frozen=True)
class Rendered:
    image_id: str  # a hash of the upload and the encoder: the renditions' URLs never change
    width: int  # of the widest page rendition
    height: int
    renditions: tuple[Rendition, ...]


def page_widths(width: int) -> list[int]:
    """The widths of the page renditions of a cover whose widest one is `width` px."""
    return [w for w in WIDTHS if w < width] + [width]


def page_name(width: int) -> str:
    return f"{width}.webp"


SHARE_NAME = "share.jpg"


def render(data: bytes) -> Rendered:
    """The renditions of an upload, or `Invalid("image", ...)` saying what is wrong with it."""
    if not data:
        raise Invalid("image", "is empty: send the image's bytes as the body")
    try:
        with Image.open(io.BytesIO(data), formats=list(MEDIA_TYPES.values())) as upload:
            _check_size(*upload.size)
            picture = _decoded(upload)
    except Image.DecompressionBombError:
        raise Invalid("image", "has more than {pixels} pixels", pixels=MAX_PIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise Invalid("image", _UNREADABLE) from None
    widest = min(picture.width, WIDTHS[-1])
    picture = _sized(picture, widest)  # each rendition is made from this one: fewer pixels to read
    renditions = [_rendition(picture, w, "WEBP") for w in page_widths(widest)]
    renditions.append(_rendition(picture, min(picture.width, SHARE_WIDTH), "JPEG"))
    page = renditions[-2]
    digest = hashlib.sha256(RENDER_VERSION + data).hexdigest()[:32]
    return Rendered(digest, page.width, page.height, tuple(renditions))


def _check_size(width: int, height: int) -> None:
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise Invalid("image", "is {width}x{height} pixels; at most {side} on a side and {pixels} in all",
                      width=width, height=height, side=MAX_SIDE, pixels=MAX_PIXELS)
    if min(width, height) < MIN_SIDE:
        raise Invalid("image", "is {width}x{height} pixels; a cover needs at least {side} on a side",
                      width=width, height=height, side=MIN_SIDE)


def _decoded(upload: Image.Image) -> Image.Image:
    """The first frame, upright, in sRGB, as RGB or RGBA, decoded at no more than it needs."""
    if upload.format == "JPEG":  # decode a large JPEG at a fraction of its scale: much faster
        # both sides kept at least as wide as the widest rendition, whichever way EXIF turns it
        upload.draft("RGB", (WIDTHS[-1], WIDTHS[-1]))
    picture = ImageOps.exif_transpose(upload)  # loads the pixels
    profile = upload.info.get("icc_profile")
    if profile:
        picture = _to_srgb(picture, profile)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    clean = picture.convert("RGBA" if has_alpha else "RGB")
    clean.info = {}  # an encoder writes what `info` holds (a JPEG comment, EXIF): nothing
    return clean


def _to_srgb(picture: Image.Image, profile: bytes) -> Image.Image:
    if picture.mode not in ("RGB", "RGBA", "CMYK", "L"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        out_mode = "RGBA" if picture.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(picture, source, ImageCms.createProfile("sRGB"),
                                              outputMode=out_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # a broken profile: the pixels as they are
    return converted if converted is not None else picture


def _sized(picture: Image.Image, width: int) -> Image.Image:
    if width == picture.width:
        return picture
    height = max(1, round(picture.height * width / picture.width))
    # reducing_gap: shrink by whole factors first, then Lanczos the rest (fast, as sharp)
    return picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)


def _rendition(picture: Image.Image, width: int, fmt: str) -> Rendition:
    sized = _sized(picture, width)
    height = sized.height
    out = io.BytesIO()
    if fmt == "JPEG":
        if sized.mode == "RGBA":  # JPEG has no transparency: lay it on white
            backdrop = Image.new("RGB", sized.size, "white")
            backdrop.paste(sized, mask=sized.getchannel("A"))
            sized = backdrop
        sized.save(out, "JPEG", quality=82, optimize=True, progressive=True)
        return Rendition(SHARE_NAME, "image/jpeg", width, height, out.getvalue())
    sized.save(out, "WEBP", quality=80, method=4)
    return Rendition(page_name(width), "image/webp", width, height, out.getvalue())
