"""A person, an event, a ticket and its payment, as the mail tests write letters about them."""

from __future__ import annotations

from datetime import timedelta

from app.domain.models import CONFIRMED, PAID, Payment, Registration, User
from tests.support.records import T0, event

HOME = "https://events.example.com"
ADA = User(id="u-ada", email="ada@example.com", username="ada", first_name="Ada", last_name="Lovelace",
           created_at=T0, updated_at=T0)
JAZZ = event(title="Jazz <night> & \"friends\"", timezone="Asia/Almaty", location="Abay 10, Almaty",
             starts_at=T0 + timedelta(days=7), price=150_000, currency="KZT")
TICKET = Registration(id="r-1", event_id=JAZZ.id, user_id=ADA.id, status=CONFIRMED, ticket_code="TK7Q2M9X",
                      created_at=T0, updated_at=T0)
PAYMENT = Payment(id="r-1", event_id=JAZZ.id, user_id=ADA.id, amount=150_000, currency="KZT", status=PAID,
                  expires_at=T0, created_at=T0, updated_at=T0, paid_at=T0 + timedelta(minutes=3),
                  checkout_url="https://pay.example.com/c/1")
