"""An event's cover image: PUT /events/{id}/image with the image's bytes as the body (its type in
Content-Type, no multipart), DELETE to remove it; the files themselves at /media/ (local store).
"""

from __future__ import annotations

import functools
import re
from concurrent.futures import Executor
from typing import Any

from flask import Blueprint, Response, request
from werkzeug.exceptions import NotFound, UnsupportedMediaType

from app.api.common import authenticate, caller, now, services
from app.api.serializers import event_json
from app.config import MEDIA_PATH
from app.domain import covers, images
from app.domain.ports import CACHE_FOREVER
from app.domain.sentences import N_
from app.infra.green import os_thread_pool

bp = Blueprint("covers", __name__, url_prefix="/events")
bp.before_request(authenticate)
media = Blueprint("media", __name__, url_prefix=MEDIA_PATH)

_UPLOAD = re.compile(r"/events/[^/]+/image")


def upload_limit(method: str, path: str) -> int | None:
    """The body limit of the upload route (app/api/body_limit.py): the others keep the default."""
    return images.MAX_BYTES if method == "PUT" and _UPLOAD.fullmatch(path) else None


@bp.put("/<id:event_id>/image")
def put_image(event_id: str) -> dict[str, Any]:
    if request.mimetype not in images.MEDIA_TYPES:
        raise UnsupportedMediaType(N_("send the image as image/jpeg, image/png or image/webp"))
    request.max_content_length = images.MAX_BYTES  # past it: 413 before the body is read
    svc = services()
    upload = request.get_data(cache=False)
    event = covers.set_cover(svc.store, svc.files, caller(), event_id, upload, now(), _render_aside)
    return event_json(event, now())


def _render_aside(upload: bytes) -> images.Rendered:
    """Decoding and encoding take a CPU for up to a second: on an OS thread of its own, a gevent
    worker goes on serving its other requests meanwhile (Pillow lets go of the GIL). Only the
    pixels go there; the store and the bucket are called from the request, as everywhere."""
    return _renderers().submit(images.render, upload).result()


@functools.cache
def _renderers() -> Executor:
    return os_thread_pool(2, "covers")


@bp.delete("/<id:event_id>/image")
def delete_image(event_id: str) -> dict[str, Any]:
    svc = services()
    return event_json(covers.remove_cover(svc.store, svc.files, caller(), event_id, now()), now())


@media.get("/<path:key>")
def file(key: str) -> Response:
    found = services().files.get(key)
    if found is None:
        raise NotFound("no such file")
    data, media_type = found
    return Response(data, mimetype=media_type, headers={"Cache-Control": CACHE_FOREVER})
