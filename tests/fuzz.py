"""Malformed input for the property-based fuzzing of the forms and the API (Hypothesis).

What a careless user or an attacker types: huge strings, control characters and NUL, unusual
Unicode, negative and huge numbers, impossible or far dates, paths, markup, missing fields; and,
in JSON, wrong types and `null`. Runs are reproducible (`derandomize`, no example database) and
bounded: a few examples per form or endpoint, for the whole suite to stay fast.
"""

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# 12 examples per API endpoint (18: about 5 s of CPU); the forms, about 160 kinds, take 3
# each (tests/dashboard/test_fuzz_forms.py: about 20 s, plus the whole demo built once).
FUZZ = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Long(str):
    """A long text, shown by its length in a failure report."""

    def __repr__(self) -> str:
        return f"<{self[:10]!r}… ({len(self)} caractères)>"


ODD_TEXTS = (
    "",
    " ",
    Long("x" * 100_000),  # beyond every max_length
    "é" * 300,  # 600 bytes: beyond a file name's 255
    "\x00",
    "Zo\x00é",
    "Zoé\x01\x07\x1b[31m",
    "\t=1+1",
    '\r\n=HYPERLINK("http://x")',
    "Zoé 🎓 \u202eEDCBA\u200b e\u0301",
    "-1",
    "0",
    "-0",
    "1,5",
    "1e308",
    "NaN",
    "-inf",
    "9" * 40,
    str(2**63),
    str(-(2**63) - 1),
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2027-02-30",
    "31/12/9999",
    "01/01/0001",
    "2027-13-01",
    "../../etc/passwd",
    "/etc",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%s%n{0}{{ 7|add:7 }}",
)

# Text without lone surrogates (they cannot be encoded in a request at all).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
odd_text = st.sampled_from(ODD_TEXTS) | any_text

ODD_NUMBERS = (0, -1, -(2**31), 2**31, 2**63, -(2**63) - 1, 2**64, 10**30)
odd_number = st.sampled_from(ODD_NUMBERS) | st.integers() | st.floats(allow_nan=False)

# Any JSON value of a wrong kind, for a field of any type.
odd_json = st.one_of(
    st.none(),
    st.booleans(),
    odd_number,
    odd_text,
    st.lists(odd_text, max_size=3),
    st.dictionaries(any_text, odd_text, max_size=3),
)
