"""openapi.yaml: a valid OpenAPI 3.0 document, the Cloud Endpoints configuration, the app's exact
route list, and what the app answers (schemathesis)."""

from __future__ import annotations

import re
from dataclasses import replace

import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from openapi_spec_validator import validate
from schemathesis import checks as st_checks

from tests.conftest import sign_up
from tools.servers import ROOT

SPEC = yaml.safe_load((ROOT / "openapi.yaml").read_text())
METHODS = {"get", "post", "put", "patch", "delete"}


def test_the_spec_is_valid_openapi_3():
    assert SPEC["openapi"].startswith("3.0")
    validate(SPEC)


def test_cloud_endpoints_extensions():
    assert "x-google-endpoint" in SPEC["servers"][0]
    schemes = SPEC["components"]["securitySchemes"]
    firebase = schemes["firebase"]["x-google-auth"]
    assert firebase["issuer"].startswith("https://securetoken.google.com/")
    assert "securetoken@system.gserviceaccount.com" in firebase["jwksUri"]
    assert schemes["pubsub_push"]["x-google-auth"]["issuer"] == "https://accounts.google.com"
    push = SPEC["paths"]["/pubsub/{subscription}"]["post"]["security"]
    assert {"pubsub_push": []} in push and {"firebase": []} not in push


def test_spec_and_app_routes_match_both_ways(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        routes |= {(m.lower(), path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {(m, p) for p, item in SPEC["paths"].items() for m in item if m in METHODS}
    assert routes - documented == set(), "routes the spec does not document"
    assert documented - routes == set(), "documented operations the app lacks"


def test_the_app_serves_this_spec(client):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200 and response.data == (ROOT / "openapi.yaml").read_bytes()


# Schema fuzzing: every operation, generated inputs, against the app on the embedded backend.
# (Driven by hand: schemathesis' pytest plugin does not load under pytest 9.)
CHECKS = [st_checks.not_a_server_error, st_checks.status_code_conformance,
          st_checks.content_type_conformance, st_checks.response_schema_conformance]
EXAMPLES = 15


def _fuzzer_of(operation, headers):
    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def fuzz(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    return fuzz


def test_no_operation_answers_5xx_or_off_spec(app, client):
    fuzzer = {"Authorization": f"Bearer {sign_up(client, 'fuzzer').token}"}
    leaver = {"Authorization": f"Bearer {sign_up(client, 'leaver').token}"}  # signing out is its own
    services = app.extensions["events"]
    # streams end quickly here
    app.extensions["events"] = replace(services, config=replace(services.config, stream_seconds=0.3))
    schema = schemathesis.openapi.from_wsgi("/openapi.yaml", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    # every documented operation but GET /openapi.yaml, which schemathesis loads the spec from
    assert len(operations) == sum(len(set(item) & METHODS) for item in SPEC["paths"].values()) - 1
    for operation in operations:
        _fuzzer_of(operation, leaver if operation.path == "/auth/logout" else fuzzer)()


def _forget_all_but(store, user_id: str) -> None:
    """Every scenario starts from the same store: only the fuzzing person's account."""

    def forget(conn) -> None:
        for table in ("reviews", "payments", "registrations", "orders", "ticket_types", "events",
                      "notifications", "processed_messages", "outbox", "login_attempts"):
            conn.execute(f"DELETE FROM {table}")
        conn.execute("DELETE FROM credentials WHERE user_id != ?", (user_id,))
        conn.execute("DELETE FROM users WHERE id != ?", (user_id,))

    store.db.write(forget)


def test_chained_operations_never_answer_5xx_or_off_spec(app, client, store):
    """Stateful: operations chained through the links schemathesis infers from the spec (an
    event's id into its registrations, check-in, reviews; a registration into its cancel; ...),
    so the fuzz reaches real records instead of 404s. Signing out is left out: it would end the
    run's own session."""
    chainer = sign_up(client, "chainer")
    headers = {"Authorization": f"Bearer {chainer.token}"}
    services = app.extensions["events"]
    app.extensions["events"] = replace(services, config=replace(services.config, stream_seconds=0.3))
    # the web client's pages chain to nothing, and the payment provider's and the scheduler's
    # routes prove their caller otherwise (tests/api/test_payments.py): the API alone. Opening a
    # checkout needs a held seat of a paid event, and changing a promo code needs one made with a
    # name random chains hardly ever repeat (tests/api/test_orders.py walks both).
    schema = (schemathesis.openapi.from_wsgi("/openapi.yaml", app).exclude(operation_id="logout")
              .exclude(operation_id=["openCheckout", "openOrderCheckout"])
              .exclude(operation_id=["updatePromoCode", "deletePromoCode"])
              .exclude(tag="web client").exclude(tag="payments").exclude(tag="tasks"))
    machine = schema.as_state_machine()
    steps: list[int] = []

    class Chain(machine):  # type: ignore[misc, valid-type]
        def setup(self):
            _forget_all_but(store, chainer.uid)

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            steps.append(response.status_code)
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs)

    Chain.run(settings=settings(max_examples=60, stateful_step_count=6, deadline=None, database=None,
                                derandomize=True, suppress_health_check=list(HealthCheck)))
    assert len(steps) > 40 and all(code < 500 for code in steps)
    # chains reach real records: a fifth or more answered 2xx (runs measured 23% and above; ids
    # are random, so the chains differ a little from run to run even with derandomize)
    assert sum(200 <= code < 300 for code in steps) > len(steps) // 5


def test_the_schema_states_the_zones_and_currencies_the_server_accepts():
    """Every rule a schema can state is stated: a schema-valid zone or currency is never refused,
    and the schema offers none the server refuses."""
    from app.api.schemas import zones
    from app.domain.currencies import CHARGEABLE

    schemas = SPEC["components"]["schemas"]
    assert set(schemas["TimeZone"]["enum"]) == zones()
    assert set(schemas["EventFields"]["properties"]["currency"]["enum"]) == CHARGEABLE


def test_the_schema_offers_exactly_the_categories_of_the_taxonomy():
    from app.domain.catalog import Category

    assert SPEC["components"]["schemas"]["Category"]["enum"] == [c.value for c in Category]
