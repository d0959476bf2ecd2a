"""GET /events/{id}/attendees.csv and .xlsx (app/api/exports.py): what a spreadsheet opens, and
nothing it would run."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from app.api.exports import inert
from tests.conftest import answer_checkout, sign_up


@pytest.mark.parametrize("cell", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_a_spreadsheet_would_run_is_written_inert(cell):
    assert inert(cell) == "'" + cell


def test_plain_cells_are_left_as_they_are():
    assert [inert(c) for c in ("Ada", "", "1", "a=b")] == ["Ada", "", "1", "a=b"]


def attendees(client, clock):
    olga = sign_up(client, "olga")
    event = olga.create_event(clock, capacity=5, title="Gala", price=150_000, currency="KZT")
    ada, bob = sign_up(client, "ada"), sign_up(client, "bob")
    ada.buy(event["id"])
    bob.patch("/profile", json={"first_name": "=cmd|' /C calc'!A0"})  # typed by the holder
    bob.buy(event["id"], outcome="decline")
    return olga, ada, event


def test_the_csv_has_every_ticket_its_holder_and_money_with_a_bom(client, clock):
    olga, _, event = attendees(client, clock)
    answer = olga.get(f"/events/{event['id']}/attendees.csv")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert answer.headers["Content-Disposition"] == f'attachment; filename="attendees-{event["id"]}.csv"'
    assert answer.headers["Cache-Control"] == "private, no-store"
    body = answer.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with it
    header, *rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[:4] == ["ticket", "name", "email", "status"]
    by_email = {row[2]: row for row in rows}
    assert by_email["ada@example.com"][1] == "Ada Tester" and by_email["ada@example.com"][3] == "confirmed"
    assert by_email["ada@example.com"][4] == "General admission"  # its ticket type
    assert by_email["ada@example.com"][7:] == ["1500.00", "0.00", "KZT", "", "Ada Tester"]  # bought alone
    assert by_email["bob@example.com"][1] == "'=cmd|' /C calc'!A0 Tester"  # inert
    assert by_email["bob@example.com"][3] == "cancelled" and by_email["bob@example.com"][7] == "0.00"


def test_an_orders_tickets_are_rows_of_whom_they_are_for_with_their_share(client, clock):
    olga, gus = sign_up(client, "olga"), sign_up(client, "gus")
    event = olga.create_event(clock, capacity=5, price=1_000, currency="KZT")
    kid = olga.post(f"/events/{event['id']}/ticket-types", json={"name": "Child", "price": 400}).get_json()
    placed = gus.post("/orders", json={"event_id": event["id"], "items": [
        {"quantity": 1}, {"ticket_type_id": kid["id"], "quantity": 1}],
        "attendees": [{}, {"name": "Ida", "email": "ida@example.com"}]}).get_json()
    answer_checkout(client, placed["payment"]["checkout_url"], "pay")
    header, *rows = list(csv.reader(io.StringIO(
        olga.get(f"/events/{event['id']}/attendees.csv").get_data().decode("utf-8-sig"))))
    cells = [dict(zip(header, row, strict=True)) for row in rows]
    columns = ("name", "email", "ticket type", "paid", "order", "bought by")
    assert [tuple(c[k] for k in columns) for c in cells] == [
        ("Gus Tester", "gus@example.com", "General admission", "10.00", placed["id"], "Gus Tester"),
        ("Ida", "ida@example.com", "Child", "4.00", placed["id"], "Gus Tester")]
    board = olga.get(f"/events/{event['id']}/dashboard").get_json()
    assert {t["name"]: t["revenue"] for t in board["types"]} == {"General admission": 1_000, "Child": 400}
    assert sum(d["revenue"] for d in board["days"]) == 1_400


def test_the_spreadsheet_says_the_same_and_holds_no_formula(client, clock):
    olga, _, event = attendees(client, clock)
    answer = olga.get(f"/events/{event['id']}/attendees.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.get_data())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["ticket", "name", "email"] and len(rows) == 3
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert {row[2]: row[7] for row in rows[1:]} == {"ada@example.com": 1500, "bob@example.com": 0}


def test_only_the_organizer_takes_the_list_away(client, clock):
    olga, ada, event = attendees(client, clock)
    assert ada.get(f"/events/{event['id']}/attendees.csv").status_code == 403
    assert client.get(f"/events/{event['id']}/attendees.csv").status_code == 401
    assert olga.get(f"/events/{event['id']}/attendees.pdf").status_code == 404


def test_the_dashboard_counts_tickets_and_money_per_day_in_the_events_zone(client, clock):
    olga = sign_up(client, "olga")
    # 12:00 UTC is 17:00 in Almaty: a ticket taken 8 hours later is the next day there
    event = olga.create_event(clock, capacity=5, title="Gala", price=150_000, currency="KZT",
                              timezone="Asia/Almaty")
    ada, bob, cyd = sign_up(client, "ada"), sign_up(client, "bob"), sign_up(client, "cyd")
    ada.buy(event["id"])
    clock.advance(hours=8)
    bob.buy(event["id"])
    gone = cyd.buy(event["id"])
    cyd.delete(f"/registrations/{gone['id']}")  # no longer held: not counted
    olga.post(f"/events/{event['id']}/check-in", json={"ticket_code": ada.get("/registrations").get_json()[
        "items"][0]["ticket_code"]})
    board = olga.get(f"/events/{event['id']}/dashboard").get_json()
    assert (board["confirmed"], board["checked_in"], board["timezone"]) == (2, 1, "Asia/Almaty")
    assert board["days"] == [
        {"day": "2026-11-24", "tickets": 1, "cumulative": 1, "revenue": 150_000},
        {"day": "2026-11-25", "tickets": 1, "cumulative": 2, "revenue": 150_000}]
    assert board["types"] == [{"id": "general", "name": "General admission", "confirmed": 2, "held": 0,
                               "left": 3, "revenue": 300_000}]
    assert ada.get(f"/events/{event['id']}/dashboard").status_code == 403


def test_the_dashboard_gives_each_ticket_types_figures(client, clock):
    olga = sign_up(client, "olga")
    event = olga.create_event(clock, capacity=10, price=0)
    vip = olga.post(f"/events/{event['id']}/ticket-types",
                    json={"name": "VIP", "price": 5000, "cap": 3}).get_json()
    ada, bob = sign_up(client, "ada"), sign_up(client, "bob")
    ada.post("/registrations", json={"event_id": event["id"], "ticket_type_id": vip["id"]})  # held, unpaid
    bob.post("/registrations", json={"event_id": event["id"]})
    types = olga.get(f"/events/{event['id']}/dashboard").get_json()["types"]
    assert types == [
        {"id": "general", "name": "General admission", "confirmed": 1, "held": 0, "left": 8, "revenue": 0},
        {"id": vip["id"], "name": "VIP", "confirmed": 0, "held": 1, "left": 2, "revenue": 0}]
