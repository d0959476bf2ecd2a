"""What an upload must be to become a cover, and what is made of it (app/domain/images.py)."""

from __future__ import annotations

import io
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from app.domain import images
from app.domain.errors import Invalid
from tests.support.pictures import GPS_IFD, SECRET, SVG, photo, png_bomb


def _opened(rendition: images.Rendition) -> Image.Image:
    return Image.open(io.BytesIO(rendition.data))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_every_rendition_is_rewritten_without_any_metadata(fmt):
    upload = photo(fmt)
    assert SECRET.encode() in upload  # the camera's name went in
    rendered = images.render(upload)
    for rendition in rendered.renditions:
        assert SECRET.encode() not in rendition.data
        with _opened(rendition) as out:
            assert not out.getexif() and not out.getexif().get_ifd(GPS_IFD)
            assert not {"exif", "xmp", "comment", "icc_profile", "Comment"} & out.info.keys()
            assert out.size == (rendition.width, rendition.height)
            assert out.format == {"image/webp": "WEBP", "image/jpeg": "JPEG"}[rendition.media_type]


def test_widths_never_pass_the_upload_nor_the_widest_rendition():
    small = images.render(photo("PNG", (700, 400)))
    assert [r.name for r in small.renditions] == ["480.webp", "700.webp", "share.jpg"]
    assert (small.width, small.height) == (700, 400)
    assert [r.width for r in small.renditions] == [480, 700, 700]
    large = images.render(photo("JPEG", (3200, 1800)))
    assert [r.width for r in large.renditions] == [480, 960, 1600, 1200]
    assert (large.width, large.height) == (1600, 900)
    assert images.page_widths(large.width) == [480, 960, 1600]


def test_a_photo_is_turned_upright_by_its_exif_orientation():
    rendered = images.render(photo("JPEG", (1000, 600), orientation=6))  # "rotate 90° clockwise"
    assert (rendered.width, rendered.height) == (600, 1000)
    with _opened(rendered.renditions[-2]) as out:
        rgb = out.convert("RGB")
        # the orange corner was top-left; turned clockwise it is top-right
        assert rgb.getpixel((out.width - 5, 5))[0] > 200 and rgb.getpixel((5, 5))[0] < 100


def test_transparency_is_kept_for_pages_and_laid_on_white_for_previews():
    rendered = images.render(photo("PNG", (600, 400), mode="RGBA", colour=(0, 0, 0, 0)))
    page, share = rendered.renditions[-2], rendered.renditions[-1]
    with _opened(page) as out:
        assert out.mode == "RGBA" and out.getpixel((590, 390))[3] == 0
    with _opened(share) as out:
        assert out.mode == "RGB" and out.getpixel((590, 390)) == (255, 255, 255)


def test_the_id_names_the_content_and_the_encoder():
    upload = photo("PNG")
    assert images.render(upload).image_id == images.render(upload).image_id
    assert images.render(upload).image_id != images.render(photo("PNG", colour="navy")).image_id


@pytest.mark.parametrize(("upload", "says"), [
    (b"", "is empty"),
    (b"just some text, named cover.png", "is not a PNG, JPEG or WebP image"),
    (SVG, "is not a PNG, JPEG or WebP image"),
    (photo("GIF", (400, 400)), "is not a PNG, JPEG or WebP image"),
    (photo("JPEG")[:200], "is not a PNG, JPEG or WebP image"),  # cut short
    (photo("PNG", (150, 600)), "at least 200 on a side"),
    (photo("PNG", (12_001, 200)), "at most 12000 on a side"),
])
def test_what_is_not_a_usable_image_is_refused_with_the_reason(upload, says):
    with pytest.raises(Invalid, match=says) as refused:
        images.render(upload)
    assert refused.value.field == "image"


def test_a_decompression_bomb_is_refused_from_its_header_without_decoding():
    bomb = png_bomb()
    assert len(bomb) < 10_000
    started = time.perf_counter()
    with pytest.raises(Invalid, match="has more than") as refused:
        images.render(bomb)
    assert refused.value.params == {"pixels": 50_000_000}
    # not a speed assertion: decoding 3.6 billion pixels would take minutes and gigabytes, so
    # a refusal in any sane time shows that nothing was decoded
    assert time.perf_counter() - started < 30
    with pytest.raises(Invalid, match="in all") as refused:
        images.render(png_bomb(10_000, 8_000))  # within a side, too many in all
    assert refused.value.params["pixels"] == 50_000_000


SEEDS = [photo("JPEG", (400, 300)), photo("PNG", (400, 300)), photo("WEBP", (400, 300))]


@pytest.mark.filterwarnings("ignore::UserWarning")  # Pillow warns of the EXIF we damaged on purpose
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEEDS), changes=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)),
                                                     min_size=1, max_size=20),
       cut=st.floats(0.05, 1))
def test_a_damaged_image_is_refused_as_invalid_never_with_another_error(seed, changes, cut):
    damaged = bytearray(seed)
    for where, value in changes:
        damaged[int(where * (len(damaged) - 1))] = value
    damaged = damaged[: max(1, int(len(damaged) * cut))]
    try:
        rendered = images.render(bytes(damaged))
    except Invalid as refused:
        assert refused.field == "image"
    else:
        assert rendered.renditions and all(r.data for r in rendered.renditions)
