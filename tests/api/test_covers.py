"""An event's cover image through the API (app/api/covers.py, app/domain/covers.py): who may set
it, what is refused and how, what the event and its page say, and the files' own headers."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.support.pictures import SECRET, SVG, photo, png_bomb, upload_cover

MiB = 1024 * 1024


_put = upload_cover


def _files(tmp_path):
    root = tmp_path / "files"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_the_organizer_sets_a_cover_and_the_event_shows_it(client, people, clock, tmp_path):
    (olga,) = people(1)
    event = olga.create_event(clock)
    answer = _put(olga, event["id"], photo("JPEG", (2000, 1000)))
    assert answer.status_code == 200, answer.get_json()
    body = answer.get_json()
    assert body["image"]["width"] == 1600 and body["image"]["height"] == 800
    sources = body["image"]["sources"]
    assert [s["width"] for s in sources] == [480, 960, 1600]
    assert body["image_url"].startswith("http://127.0.0.1:8080/media/covers/" + event["id"] + "/")
    assert body["image_url"].endswith("-share.jpg") and body["image_alt"] == ""
    assert client.get(f"/events/{event['id']}").get_json()["image"] == body["image"]  # anyone
    assert len(_files(tmp_path)) == 4  # three page widths and the preview
    for url in [s["url"] for s in sources] + [body["image_url"]]:
        served = client.get(url.removeprefix("http://127.0.0.1:8080"))
        assert served.status_code == 200
        assert served.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.mimetype == ("image/jpeg" if url.endswith(".jpg") else "image/webp")
        assert SECRET.encode() not in served.data
        assert Image.open(io.BytesIO(served.data)).size[0] in (480, 960, 1600, 1200)


def test_alt_text_is_the_organizers_to_write(people, clock):
    (olga,) = people(1)
    event = olga.create_event(clock, image_alt="The band on stage")
    assert event["image_alt"] == "The band on stage"
    changed = olga.patch(f"/events/{event['id']}", json={"image_alt": "A full hall"})
    assert changed.get_json()["image_alt"] == "A full hall"
    assert olga.patch(f"/events/{event['id']}", json={"image_alt": "x" * 301}).status_code == 422


def test_a_new_cover_replaces_the_old_one_and_delete_removes_it(client, people, clock, tmp_path):
    (olga,) = people(1)
    event = olga.create_event(clock)
    first = _put(olga, event["id"], photo("PNG", (800, 400)), "image/png").get_json()
    second = _put(olga, event["id"], photo("WEBP", (900, 500), colour="navy"), "image/webp").get_json()
    assert first["image_url"] != second["image_url"]
    assert client.get(first["image_url"].removeprefix("http://127.0.0.1:8080")).status_code == 404
    assert all(first["image_url"].split("/")[-1].split("-")[0] not in f for f in _files(tmp_path))
    removed = olga.delete(f"/events/{event['id']}/image")
    assert removed.status_code == 200
    assert removed.get_json()["image"] is None and removed.get_json()["image_url"] is None
    assert _files(tmp_path) == []
    assert olga.delete(f"/events/{event['id']}/image").status_code == 200  # nothing to remove


def test_only_the_organizer_may_change_the_cover(client, people, clock, tmp_path):
    olga, gus = people(2)
    event = olga.create_event(clock)
    assert _put(gus, event["id"], photo()).status_code == 403
    assert gus.delete(f"/events/{event['id']}/image").status_code == 403
    visitor = client.put(f"/events/{event['id']}/image", data=photo(), content_type="image/jpeg")
    assert visitor.status_code == 401
    forged = client.put(f"/events/{event['id']}/image", data=photo(), content_type="image/jpeg",
                        headers={"Authorization": "Bearer " + olga.token[:-4] + "AAAA"})
    assert forged.status_code == 401
    assert _put(olga, "nosuchevent", photo()).status_code == 404
    assert _files(tmp_path) == []


@pytest.mark.parametrize(("data", "media_type", "status", "says"), [
    (SVG, "image/svg+xml", 415, "image/jpeg, image/png or image/webp"),
    (photo(), "application/octet-stream", 415, "image/jpeg"),
    (SVG, "image/png", 422, "is not a PNG, JPEG or WebP image"),
    (b"hello, I am a text file named cover.png", "image/png", 422, "is not a PNG, JPEG or WebP"),
    (b"", "image/jpeg", 422, "is empty"),
    (png_bomb(), "image/png", 422, "50,000,000"),
    (photo("PNG", (100, 100)), "image/png", 422, "at least 200"),
])
def test_what_is_not_a_cover_is_refused_and_nothing_is_stored(people, clock, tmp_path, data,
                                                              media_type, status, says):
    (olga,) = people(1)
    event = olga.create_event(clock)
    answer = _put(olga, event["id"], data, media_type)
    assert answer.status_code == status
    problem = answer.get_json()
    assert answer.mimetype == "application/problem+json"
    if status == 422:
        assert problem["errors"][0]["field"] == "image" and says in problem["errors"][0]["message"]
    else:
        assert says in problem["detail"]
    assert _files(tmp_path) == []
    assert olga.get(f"/events/{event['id']}").get_json()["image"] is None


def test_over_ten_mebibytes_is_413_before_the_body_is_read(people, clock, tmp_path):
    (olga,) = people(1)
    event = olga.create_event(clock)
    big = photo("PNG", (400, 400)) + b"\0" * (10 * MiB)
    answer = _put(olga, event["id"], big, "image/png")
    assert answer.status_code == 413 and "10 MiB" in answer.get_json()["detail"]

    class Endless(io.RawIOBase):  # a chunked upload that would never end
        sent = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            self.sent += len(buffer)
            buffer[:] = b"\0" * len(buffer)
            return len(buffer)

    stream = Endless()
    environ = EnvironBuilder(path=f"/events/{event['id']}/image", method="PUT", headers={
        "Authorization": f"Bearer {olga.token}", "Content-Type": "image/png",
        "Transfer-Encoding": "chunked"}).get_environ()
    environ["wsgi.input"] = stream
    _, status, _ = run_wsgi_app(olga.client.application.wsgi_app, environ)
    assert status.startswith("413")
    assert stream.sent <= 11 * MiB  # it stopped reading just past the limit
    assert _files(tmp_path) == []
    # the default limit stays for everything else
    assert olga.post("/events", data=b"{" + b" " * 70_000 + b"}",
                     content_type="application/json").status_code == 413


def test_a_cancelled_events_cover_stays_but_cannot_change(people, clock):
    (olga,) = people(1)
    event = olga.create_event(clock)
    _put(olga, event["id"], photo())
    olga.delete(f"/events/{event['id']}")
    assert _put(olga, event["id"], photo("PNG"), "image/png").status_code == 409
    assert olga.delete(f"/events/{event['id']}/image").status_code == 409
    assert olga.get(f"/events/{event['id']}").get_json()["image"] is not None


def test_attendees_are_not_told_of_a_new_cover(people, clock, drain):
    olga, gus = people(2)
    event = olga.create_event(clock)
    gus.post("/registrations", json={"event_id": event["id"]})
    drain()
    before = len(gus.get("/notifications").get_json()["items"])
    _put(olga, event["id"], photo())
    drain()
    assert len(gus.get("/notifications").get_json()["items"]) == before
