"""Who is mailed what, once (app/domain/mailing.py): through the embedded bus and the real push
route to a real SMTP server (aiosmtpd) that is down, slow or refusing half the time."""

from __future__ import annotations

import pytest

from app.mail.compose import Composer
from app.mail.smtp import SmtpMailer
from tests.conftest import answer_checkout, sign_up
from tests.stack import LocalStack, push
from tests.support.smtp import SmtpServer


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


@pytest.fixture
def mailing(tmp_path, store, clock, smtp):
    stack = LocalStack(tmp_path, store, clock,
                       mailer=SmtpMailer(Composer("http://127.0.0.1:8080", "Events <no-reply@localhost>"),
                                         smtp.url, None, None))
    stack.bus.max_attempts = 50  # these tests are about recovery; dead letters have their own
    return stack


SIGN_UP = "Confirm your address for Events"  # every sign-up's (tests/api/test_account_links.py)


def letters(smtp: SmtpServer) -> list:
    """What the server took, beside the sign-ups' confirmations."""
    return [m for m in smtp.inbox.mails if m["Subject"] != SIGN_UP]


def subjects(smtp: SmtpServer) -> list[tuple[str, str]]:
    return sorted((str(m["To"]).split("<")[1].rstrip(">"), str(m["Subject"])) for m in letters(smtp))


def test_a_server_refusing_half_the_time_delays_mail_but_loses_and_doubles_none(mailing, smtp, clock):
    smtp.inbox.refuse = lambda n: n % 2 == 1  # every other letter: "451 try again later"
    olga = sign_up(mailing.client, "olga")
    people = [sign_up(mailing.client, f"fan{i}") for i in range(6)]
    event = olga.create_event(clock, capacity=10, title="Rooftop")
    for person in people:
        person.post("/registrations", json={"event_id": event["id"]})
    mailing.drain()
    olga.delete(f"/events/{event['id']}")
    mailing.drain()
    wanted = sorted([(f"fan{i}@example.com", "Your ticket: Rooftop") for i in range(6)]
                    + [(f"fan{i}@example.com", "Cancelled: Rooftop") for i in range(6)])
    assert subjects(smtp) == wanted  # each once
    assert smtp.inbox.asked > len(wanted)  # the refused ones were tried again
    assert mailing.bus.dead_letters() == []


def test_a_server_that_is_down_then_back_gets_everything_once(mailing, smtp, clock):
    smtp.inbox.refuse = lambda n: n <= 8  # down for the first eight attempts
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=1, title="Quiz")
    gus.post("/registrations", json={"event_id": event["id"]})
    mailing.drain()
    assert subjects(smtp) == [("gus@example.com", "Your ticket: Quiz")]


def test_a_letter_delivered_twice_is_mailed_once(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, title="Talk")
    mailing.drain()
    gus.post("/registrations", json={"event_id": event["id"]})
    letters = mailing.envelopes(lambda _: None)  # the cause, captured: then pushed by hand
    cause = letters["mail-topic-sub"]
    for envelope in cause * 2:
        assert push(mailing.client, "mail-topic-sub", envelope).status_code == 204
    due = mailing.envelopes(lambda _: None)["mail-topic-sub"]  # what the cause fanned out
    assert len(due) == 1  # the second delivery of the cause fanned out nothing
    for envelope in due * 3:
        assert push(mailing.client, "mail-topic-sub", envelope).status_code == 204
    assert subjects(smtp) == [("gus@example.com", "Your ticket: Talk")]


def test_a_paid_ticket_is_one_mail_with_its_receipt(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=1, price=150_000, currency="KZT", title="Gala")
    gus.buy(event["id"])
    mailing.drain()
    (mail,) = letters(smtp)  # once per cause and person (docs/invariants.md, 13)
    assert mail["Subject"] == "Your ticket: Gala"
    assert "Amount: 1,500.00 KZT" in mail.get_body(("plain",)).get_content()


def test_a_ticket_cancelled_before_its_mail_leaves_its_receipt_and_refund(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=1, price=150_000, currency="KZT", title="Gala",
                              refund_hours_before=24)
    ticket = gus.buy(event["id"])
    gus.delete(f"/registrations/{ticket['id']}")  # refunded by the policy
    mailing.drain()
    # the ticket was cancelled before its mail went (a ticket must be valid when it is sent); the
    # money was paid all the same, so its receipt goes alone, and then the refund
    assert subjects(smtp) == [("gus@example.com", "Receipt for Gala"), ("gus@example.com", "Refund for Gala")]


def test_one_ticket_of_a_paid_order_given_back_mails_its_share_not_the_order(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=5, price=10_000, currency="KZT", title="Gala",
                              refund_hours_before=24)
    placed = gus.post("/orders", json={"event_id": event["id"], "items": [{"quantity": 3}]}).get_json()
    answer_checkout(mailing.client, placed["payment"]["checkout_url"], "pay")
    mailing.drain()
    smtp.inbox.mails.clear()
    cancelled = gus.delete(f"/registrations/{placed['tickets'][2]['id']}")
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    mailing.drain()
    (refund,) = letters(smtp)
    assert refund["Subject"] == "Refund for Gala"
    text = refund.get_body(("plain",)).get_content()
    assert "100.00 KZT" in text and "300.00 KZT" not in text  # the ticket's share, not the order's
    assert gus.get(f"/registrations/{placed['tickets'][2]['id']}").get_json()["refunded_at"] is not None
    sales = olga.get(f"/events/{event['id']}/sales").get_json()
    assert (sales["paid_amount"], sales["refunded_amount"], sales["net_amount"]) == (30_000, 10_000, 20_000)


def test_a_seat_from_the_waitlist_held_for_payment_says_where_to_pay(mailing, smtp, clock):
    olga, gus, wendy = (sign_up(mailing.client, n) for n in ("olga", "gus", "wendy"))
    event = olga.create_event(clock, capacity=1, price=50_000, currency="KZT", title="Dinner")
    ticket = gus.buy(event["id"])
    mailing.drain()
    wendy.post("/registrations", json={"event_id": event["id"], "waitlist": True})
    gus.delete(f"/registrations/{ticket['id']}")
    mailing.drain()
    (held,) = [m for m in letters(smtp) if "wendy" in str(m["To"])]
    assert str(held["Subject"]).startswith("A seat at Dinner is held for you until")
    text = held.get_body(("plain",)).get_content()
    hold = wendy.get("/registrations").get_json()["items"][0]
    assert f"Pay for your seat: http://127.0.0.1:8080/tickets/{hold['id']}" in text


def test_a_moved_start_is_mailed_to_everyone_coming_and_a_new_title_is_not(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=5, title="Meetup")
    gus.post("/registrations", json={"event_id": event["id"]})
    mailing.drain()
    olga.patch(f"/events/{event['id']}", json={"title": "Meetup!"})
    mailing.drain()
    assert len(letters(smtp)) == 1  # the ticket alone
    olga.patch(f"/events/{event['id']}", json={"location": "Hall B"})
    mailing.drain()
    assert subjects(smtp)[0] == ("gus@example.com", "Changed: Meetup!")


def test_tickets_bought_for_others_are_mailed_to_them_and_the_receipt_to_the_buyer(mailing, smtp, clock):
    olga, gus = sign_up(mailing.client, "olga"), sign_up(mailing.client, "gus")
    event = olga.create_event(clock, capacity=5, price=10_000, currency="KZT", title="Gala")
    placed = gus.post("/orders", json={"event_id": event["id"], "items": [{"quantity": 3}], "attendees": [
        {"name": "Gus"}, {"name": "Ida", "email": "ida@example.com"}, {"name": "Max"}]}).get_json()
    answer_checkout(mailing.client, placed["payment"]["checkout_url"], "pay")
    mailing.drain()
    # the order's first with the receipt and Max's (no address) to the buyer; Ida's to her
    ticket = "Your ticket: Gala"
    assert subjects(smtp) == [("gus@example.com", ticket)] * 2 + [("ida@example.com", ticket)]
    to_ida = next(m for m in letters(smtp) if "ida@" in str(m["To"]))
    assert "Ida" in str(to_ida["To"]) and "Amount" not in to_ida.get_body(("plain",)).get_content()
    smtp.inbox.mails.clear()
    zoe = {"name": "Zoe", "email": "zoe@example.com"}
    assert gus.patch(f"/registrations/{placed['tickets'][2]['id']}", json=zoe).status_code == 200
    mailing.drain()
    assert subjects(smtp) == [("zoe@example.com", ticket)]  # passed on: mailed to her
