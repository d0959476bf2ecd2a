"""HTTP layer: one blueprint per resource. Routes parse, call a domain function, shape the reply."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter

from app.api import (
    auth,
    covers,
    events,
    health,
    notifications,
    orders,
    organizers,
    payments,
    profile,
    promo_codes,
    pubsub,
    questions,
    registrations,
    reviews,
    spec,
    tasks,
    team,
    ticket_types,
    unsubscribe,
    web,
)
from app.api.schemas import ID_PATTERN, USERNAME_PATTERN


class IdConverter(BaseConverter):
    """Path ids: a malformed one is simply a resource that does not exist (404)."""

    regex = ID_PATTERN.strip("^$")


class PersonConverter(IdConverter):
    """A person's id in /profile/{id}: any id but the names of the caller's own sub-resources
    (/profile/password, ...), which would otherwise also answer GET as a person nobody is."""

    regex = f"(?!(?:{'|'.join(profile.OWN)})$)" + IdConverter.regex


class EventConverter(IdConverter):
    """An event's id in /events/{id}: any id but the names of the caller's own lists
    (/events/recommended, ...), so that no event route also answers for them (OPTIONS would
    otherwise advertise PATCH and DELETE on /events/recommended)."""

    regex = f"(?!(?:{'|'.join(events.OWN)})$)" + IdConverter.regex


class UsernameConverter(BaseConverter):
    """Usernames in paths (`/o/{username}`): a malformed one is a person who does not exist."""

    regex = USERNAME_PATTERN.strip("^$")


def register_blueprints(app: Flask) -> None:
    app.url_map.converters["id"] = IdConverter
    app.url_map.converters["name"] = UsernameConverter
    app.url_map.converters["person"] = PersonConverter
    app.url_map.converters["event"] = EventConverter
    for module in (health, spec, auth, profile, organizers, events, covers, ticket_types, promo_codes,
                   questions, registrations, orders, team, reviews, notifications, payments, pubsub,
                   tasks, unsubscribe, web):
        app.register_blueprint(module.bp)
    app.register_blueprint(covers.media)
