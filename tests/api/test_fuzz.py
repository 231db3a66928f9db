"""Property-based fuzzing of every API endpoint: whatever the body, path or query, never a 500.

The endpoints, their parameters and their bodies are read from the OpenAPI schema, so a new
endpoint is fuzzed with no change here. Each request is sent with an administrator's token (the
widest reach: the handlers run, not only the access checks), with JSON generated from the
schema where each value may be replaced by one of a wrong kind (`tests/fuzz.py`: `null`, huge
numbers, control characters, far dates…), fields left out, or a body that is not the expected
object at all (another JSON value, deep nesting, not JSON, not UTF-8). Any answer but a server
error is fine: 400, 401, 403, 404, 405, 409, 413, 422 say what is wrong.
"""

import json
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from ndrc.api.api import api
from ndrc.api.models import ApiToken
from tests import snapshot
from tests.api.test_access_matrix import schema_operations
from tests.fuzz import FUZZ, ODD_NUMBERS, any_text, odd_json, odd_text


class Raw(bytes):
    """A request body sent as it is, not encoded as JSON."""

    def __repr__(self) -> str:
        return f"Raw({bytes(self[:20])!r}… ({len(self)} octets))"


RAW_BODIES = (
    Raw(b"[" * 100_000 + b"]" * 100_000),  # deeply nested
    Raw(b'{"a":' * 50_000 + b"1" + b"}" * 50_000),
    Raw(b"[{"),
    Raw(b"\xff\xfe\x00"),  # not UTF-8
    Raw(b""),
    Raw(b"null"),
    Raw(b'[{"id": "c", "session": 1e999999, "category": "scolaire", "grades": {"U1": -0}}]'),
)


def resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    return schema


def valid(schema: dict, components: dict) -> st.SearchStrategy:
    """Values of the type the schema asks for (dates, integers, strings of a plausible size)."""
    schema = resolve(schema, components)
    if "anyOf" in schema:
        return st.one_of([valid(option, components) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(lambda day: day.isoformat())
    if kind == "string":
        return any_text
    if kind == "integer":
        return st.integers(min_value=-5, max_value=3000)
    if kind == "number":
        return st.decimals(allow_nan=False, allow_infinity=False, places=2).map(float)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "array":
        return st.lists(value(schema.get("items", {}), components), max_size=3)
    if kind == "object" and "properties" in schema:
        return obj(schema, components)
    return odd_json


def value(schema: dict, components: dict) -> st.SearchStrategy:
    """A value of the schema's type, or one of a wrong kind."""
    return st.one_of(valid(schema, components), odd_json)


def obj(schema: dict, components: dict) -> st.SearchStrategy:
    """An object with the schema's properties, each odd or of the right type; the required ones
    all there, or any of them left out and an unknown one added."""
    fields = {name: value(spec, components) for name, spec in schema.get("properties", {}).items()}
    required = set(schema.get("required", ()))
    unknown = {"champ_inconnu": odd_json}
    complete = st.fixed_dictionaries(
        {name: field for name, field in fields.items() if name in required},
        optional={name: field for name, field in fields.items() if name not in required},
    )
    return complete | st.fixed_dictionaries({}, optional={**fields, **unknown})


def body_of(operation: dict, components: dict) -> st.SearchStrategy | None:
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return None
    expected = valid(content["application/json"]["schema"], components)
    return st.one_of(expected, expected, odd_json, st.sampled_from(RAW_BODIES))


def parameter(spec: dict, ids: dict, components: dict) -> st.SearchStrategy:
    if spec["in"] == "path":
        known = ids.get(spec["name"], [])
        return st.one_of(st.sampled_from(known or [1]), st.sampled_from(ODD_NUMBERS), odd_text)
    return st.one_of(
        valid(spec.get("schema", {}), components), odd_text, st.sampled_from(ODD_NUMBERS)
    )


OPERATIONS = schema_operations()
# Each test's writes are undone by its own transaction, within the module's.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, demo_rows):
    """The demo population and an administrator's token, built once for the module (its
    transaction is rolled back at the end)."""
    from ndrc.demo.population import create_demo_population

    with django_db_blocker.unblock(), transaction.atomic():
        snapshot.restore(demo_rows)
        demo = create_demo_population()
        _record, token = ApiToken.issue(user=demo.users["admin"], now=timezone.now())
        demo.headers = {"Authorization": f"Bearer {token}"}
        demo.path_ids = {
            "cohort_id": [demo.second_year.pk, demo.first_year.pk],
            "learner_id": [learner.pk for learner in demo.learners.values()],
            "company_id": [company.pk for company in demo.companies.values()],
        }
        yield demo
        transaction.set_rollback(True)


@pytest.mark.parametrize("method,path", sorted(OPERATIONS), ids=lambda part: part)
def test_no_input_makes_an_endpoint_fail_with_a_server_error(world, client, method, path):
    operation = OPERATIONS[(method, path)]
    components = api.get_openapi_schema()["components"]["schemas"]
    parameters = {
        spec["name"]: parameter(spec, world.path_ids, components)
        for spec in operation.get("parameters", [])
    }
    in_path = {spec["name"] for spec in operation.get("parameters", []) if spec["in"] == "path"}
    body = body_of(operation, components)
    if body is None:
        body = st.none()

    @FUZZ
    @given(
        values=st.fixed_dictionaries(
            {name: strategy for name, strategy in parameters.items() if name in in_path},
            optional={n: s for n, s in parameters.items() if n not in in_path},
        ),
        payload=body,
    )
    def send(values, payload):
        url = path
        for name in in_path:
            url = url.replace("{" + name + "}", quote(str(values[name]), safe=""))
        query = {name: str(v) for name, v in values.items() if name not in in_path}
        if query:
            url += "?" + urlencode(query)
        data = payload if isinstance(payload, Raw) else json.dumps(payload)
        kwargs = {"data": data, "content_type": "application/json"} if payload is not None else {}
        response = client.generic(method, url, headers=world.headers, **kwargs)
        assert response.status_code < 500, (method, url, payload)

    send()
