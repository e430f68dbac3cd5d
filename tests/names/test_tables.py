"""The packaged tables of token -> number read as the plain line-by-line parse reads them,
whether looked up by bisection (sorted lines) or parsed whole."""

from __future__ import annotations

import gc
import pickle

from hypothesis import given
from hypothesis import strategies as st

from watchlist.names.tables import TokenTable, lines_values, table_lines, token_values


def parsed(lines: list[str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for line in lines:
        token, _, value = line.partition("\t")
        if token and value:
            out[token] = float(value)
    return out


def test_the_shipped_tables_are_sorted_token_tables_equal_to_the_parse() -> None:
    for name in ("word_frequencies.tsv.gz", "name_frequencies.tsv.gz"):
        lines = table_lines(name)
        tokens = [line.partition("\t")[0] for line in lines]
        # What bisection needs: one tab a line, and each token once, in order.
        assert all(line.count("\t") == 1 for line in lines), name
        assert all(a < b for a, b in zip(tokens, tokens[1:], strict=False)), name
        table = token_values(name)
        # type(), not isinstance: compiled, TokenTable shares Mapping's ABC registry, and
        # a dict is an instance of it then.
        assert type(table) is TokenTable
        expected = parsed(lines)
        assert dict(table.items()) == expected
        assert len(table) == len(expected)
        for token in list(expected)[::997] + ["", "zzzzzz-not-a-word", "a"]:
            assert table.get(token) == expected.get(token), token
            assert (token in table) == (token in expected), token


_TOKENS = st.text(alphabet="abcé-0\U0010ffff", min_size=0, max_size=5)
_VALUES = st.floats(allow_nan=False, allow_infinity=False, width=32)


@given(st.dictionaries(_TOKENS, _VALUES, max_size=30), st.lists(_TOKENS, max_size=10))
def test_a_token_table_finds_what_the_parse_finds(
    values: dict[str, float], others: list[str]
) -> None:
    lines = sorted(f"{t}\t{v!r}" for t, v in values.items() if t)
    expected = parsed(lines)
    table = pickle.loads(pickle.dumps(TokenTable(lines)))
    for token in [*values, *others]:
        assert table.get(token, -1.0) == expected.get(token, -1.0)
        assert (token in table) == (token in expected)


def test_unsorted_lines_are_parsed_whole() -> None:
    found = lines_values(["b\t2", "a\t1", "c\t"])
    assert type(found) is dict
    assert found == {"a": 1.0, "b": 2.0}


def test_a_token_tables_lines_are_out_of_the_collectors_sweeps() -> None:
    # The word table's 220,000 lines, kept for a process's life: a list of them a collection
    # of the oldest generation would walk through every time; a tuple of strings it stops
    # tracking.
    for table in (TokenTable(["a\t1", "b\t2"]), pickle.loads(pickle.dumps(TokenTable(["a\t1"])))):
        gc.collect()
        assert not any(gc.is_tracked(x) for x in gc.get_referents(table) if x is not TokenTable)
