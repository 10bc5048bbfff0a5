"""The facet index kept in the database (``icc_practices.search.snapshots``): what a deploy,
a restart or a failing cache leaves, read back in one query and never for another state
of the collection."""

from contextlib import contextmanager, nullcontext

import pytest
from django.db import connection, transaction
from django.test import TestCase
from hypothesis import given, settings
from hypothesis import strategies as st

from icc_practices import degraded
from icc_practices.models import FacetIndexSnapshot
from icc_practices.search.cache import forget_in_process, generation_scope
from icc_practices.search.index import FacetIndex
from icc_practices.search.query import search_practices
from icc_practices.search.snapshots import KEPT_PER_INDEX
from tests.factories import PracticeIndexPageFactory, PracticePageFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def failures_reported_anew():
    """Failures are logged once a minute per process: each test sees its own."""
    degraded.reset()


def forget_caches() -> None:
    """What a deploy or a restart does to every cache the package keeps."""
    from django.core.cache import caches

    caches["default"].clear()
    forget_in_process()


def facet_aggregates(queries) -> list[str]:
    """The statements that read the collection to build a facet index."""
    return [
        query["sql"]
        for query in queries
        if "icc_practices_practicepage_topics" in query["sql"] and "GROUP BY" not in query["sql"]
    ]


@contextmanager
def snapshot_table_away():
    """The snapshot table gone for a while (a missing migration, a refusing replica)."""
    table = FacetIndexSnapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")


def results(index_page, **params):
    """A request's worth of work; the snapshot is stored when its transaction commits (a
    test's transaction never does: its commit callbacks are run here instead)."""
    with TestCase.captureOnCommitCallbacks(execute=True), generation_scope():
        found = search_practices(index_page, {k: [v] for k, v in params.items()}, per_page=25)
        return found.total, found.counts


@pytest.mark.parametrize("count", [3, 30])
def test_after_a_deploy_the_index_is_read_back_in_one_query(
    index_page, count, django_assert_max_num_queries
):
    """Generations (1), taxonomy (1), restrictions (1), the snapshot (1, 3 with the
    savepoint of a test's transaction); no statement reads the collection."""
    topic = TopicFactory(slug="education")
    for _ in range(count):
        PracticePageFactory(parent=index_page, topics=[topic])
    before = results(index_page, topic="education")
    assert FacetIndexSnapshot.objects.filter(index_page=index_page).count() == 1
    forget_caches()
    with django_assert_max_num_queries(6) as captured:
        after = results(index_page, topic="education")
    assert not facet_aggregates(captured.captured_queries)
    assert after == before == (count, after[1])


def test_a_publication_is_never_answered_from_an_older_snapshot(index_page):
    topic = TopicFactory(slug="education")
    PracticePageFactory(parent=index_page, topics=[topic])
    assert results(index_page, topic="education")[0] == 1
    PracticePageFactory(parent=index_page, topics=[topic])  # a new generation
    forget_caches()
    assert results(index_page, topic="education")[0] == 2


def test_an_unpublished_practice_leaves_every_snapshot_behind(index_page):
    practice = PracticePageFactory(parent=index_page)
    PracticePageFactory(parent=index_page)
    assert results(index_page)[0] == 2
    practice.unpublish()
    forget_caches()
    assert results(index_page)[0] == 1


def test_only_the_newest_snapshots_of_an_index_are_kept(index_page):
    other_index = PracticeIndexPageFactory(parent=index_page.get_parent(), slug="other")
    PracticePageFactory(parent=other_index)
    results(other_index)
    for _ in range(KEPT_PER_INDEX + 3):
        PracticePageFactory(parent=index_page)
        results(index_page)
    assert FacetIndexSnapshot.objects.filter(index_page=index_page).count() == KEPT_PER_INDEX
    assert FacetIndexSnapshot.objects.filter(index_page=other_index).count() == 1


def test_a_damaged_snapshot_is_rebuilt_not_served(index_page, caplog):
    PracticePageFactory(parent=index_page, topics=[TopicFactory(slug="education")])
    expected = results(index_page, topic="education")
    FacetIndexSnapshot.objects.update(data=b"\x05\x00\x00\x00{not json")
    forget_caches()
    assert results(index_page, topic="education") == expected
    assert "facet index snapshots is failing" in caplog.text


def test_the_index_is_served_when_the_snapshot_table_cannot_be_used(index_page, caplog):
    """A database that refuses the snapshots (a read-only replica, a missing migration)
    costs the build, not the page."""
    PracticePageFactory(parent=index_page, topics=[TopicFactory(slug="education")])
    with snapshot_table_away():
        forget_caches()
        assert results(index_page, topic="education")[0] == 1
    assert "facet index snapshots is failing" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_the_snapshot_is_read_in_one_statement(
    index_page, django_assert_max_num_queries
):
    """Without ATOMIC_REQUESTS (``wagtail start``'s default) a read opens no transaction:
    generations, taxonomy, restrictions and the snapshot, nothing else."""
    PracticePageFactory(parent=index_page, topics=[TopicFactory(slug="education")])
    with generation_scope():
        before = search_practices(index_page, {"topic": ["education"]}, per_page=25).total
    forget_caches()
    with django_assert_max_num_queries(4) as captured, generation_scope():
        after = search_practices(index_page, {"topic": ["education"]}, per_page=25).total
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith(("BEGIN", "SAVEPOINT"))]
    assert not facet_aggregates(captured.captured_queries)
    assert after == before == 1


@pytest.mark.django_db(transaction=True)
def test_in_autocommit_a_refused_snapshot_read_leaves_the_connection_usable(index_page, caplog):
    PracticePageFactory(parent=index_page, topics=[TopicFactory(slug="education")])
    with snapshot_table_away():
        forget_caches()
        with generation_scope():
            found = search_practices(index_page, {"topic": ["education"]}, per_page=25)
        assert found.total == 1
        assert list(found.ids) == [index_page.get_children().get().pk]
    assert "facet index snapshots is failing" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_snapshot_is_stored_after_the_request_commits(index_page):
    """Not in the visitor's transaction (ATOMIC_REQUESTS): it would hold row locks that
    other processes' builds wait for until the response is sent."""
    PracticePageFactory(parent=index_page)
    with transaction.atomic(), generation_scope():
        search_practices(index_page, {}, per_page=25)
        assert not FacetIndexSnapshot.objects.exists()
    assert FacetIndexSnapshot.objects.filter(index_page=index_page).count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_index_page_deleted_during_the_request_costs_no_error(index_page):
    """The foreign key is checked at commit: the snapshot is then refused in its own
    transaction, never the request's."""
    PracticePageFactory(parent=index_page)
    with transaction.atomic(), generation_scope():
        search_practices(index_page, {}, per_page=25)
        type(index_page).objects.get(pk=index_page.pk).delete()
    assert not FacetIndexSnapshot.objects.exists()


def test_a_deleted_index_page_takes_its_snapshots_along(index_page):
    PracticePageFactory(parent=index_page)
    results(index_page)
    index_page.delete()
    assert not FacetIndexSnapshot.objects.exists()


positions = st.lists(st.integers(min_value=1, max_value=2**40), unique=True, max_size=200)


@settings(max_examples=60, deadline=None)
@given(
    pks=positions,
    options=st.dictionaries(
        st.sampled_from(["topic", "country", "year", "city_size"]),
        st.dictionaries(st.text(min_size=1, max_size=12), st.integers(min_value=0), max_size=6),
        max_size=4,
    ),
)
def test_the_stored_form_gives_back_the_same_index(pks, options):
    everything = (1 << len(pks)) - 1
    options = {
        name: {v: bits & everything for v, bits in vals.items()} for name, vals in options.items()
    }
    index = FacetIndex(pks=tuple(pks), options=options)
    assert FacetIndex.from_bytes(index.to_bytes()) == index


@settings(max_examples=60, deadline=None)
@given(pks=positions, cut=st.integers(min_value=0))
def test_a_truncated_snapshot_is_refused(pks, cut):
    index = FacetIndex(pks=tuple(pks), options={"topic": {"education": (1 << len(pks)) - 1}})
    data = index.to_bytes()
    with pytest.raises(ValueError, match="not a facet index"):
        FacetIndex.from_bytes(data[: cut % len(data)])


def assert_refused_or_read_exactly(data: bytes) -> None:
    """Decoding ``data`` raises the package's ``ValueError`` or gives an index that
    stores back to the same bytes: nothing else escapes."""
    try:
        index = FacetIndex.from_bytes(data)
    except ValueError as error:
        assert "not a facet index" in str(error)
    else:
        assert index.to_bytes() == data


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=300))
def test_any_other_bytes_are_refused_or_read_exactly(data):
    """Nothing but ``ValueError`` escapes, whatever a damaged row holds."""
    assert_refused_or_read_exactly(data)


headers = st.fixed_dictionaries(
    {},
    optional={
        "size": st.one_of(
            st.integers(min_value=-(2**70), max_value=2**70),
            st.floats(allow_nan=True, allow_infinity=True),
            st.booleans(),
            st.text(max_size=5),
            st.none(),
        ),
        "facets": st.one_of(
            st.lists(st.text(max_size=5), max_size=4),
            st.lists(st.integers(), max_size=3),
            st.text(max_size=5),
        ),
        "options": st.one_of(
            st.lists(st.lists(st.text(max_size=5), max_size=3), max_size=4),
            st.lists(st.integers(), max_size=3),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        ),
    },
)


@settings(max_examples=200, deadline=None)
@given(header=headers, tail=st.binary(max_size=64))
def test_a_crafted_header_is_refused_as_a_value_error(header, tail):
    """Whatever a damaged or hostile row holds, decoding it raises ``ValueError`` or
    gives an index that stores back to the same bytes."""
    import json

    text = json.dumps(header).encode()
    assert_refused_or_read_exactly(len(text).to_bytes(4, "little") + text + tail)


@pytest.mark.parametrize(
    "header",
    [
        b'{"size": Infinity, "facets": [], "options": []}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"size": 0, "options": [], "facets": []}',
        b'{"size": 0, "facets": [], "options": [], "more": 1}',
        b'{"size":0,"facets":[],"options":[]}',
    ],
    ids=["infinity", "deep nesting", "keys reordered", "an extra key", "other spacing"],
)
def test_headers_that_broke_the_decoder_are_refused(header):
    with pytest.raises(ValueError, match="not a facet index"):
        FacetIndex.from_bytes(len(header).to_bytes(4, "little") + header)


def snapshot_bytes(pks, facets, names, bitsets) -> bytes:
    """A snapshot written by hand: header, ids, one bitset per option."""
    import json
    from array import array

    header = json.dumps({"size": len(pks), "facets": facets, "options": names}).encode()
    width = (len(pks) + 7) // 8
    body = array("q", pks).tobytes() + b"".join(b.to_bytes(width, "little") for b in bitsets)
    return len(header).to_bytes(4, "little") + header + body


@pytest.mark.parametrize(
    ("pks", "facets", "names", "bitsets"),
    [
        ((1, 2), ["a", "b"], [["b", "x"], ["a", "y"]], [1, 2]),
        ((5, 5), ["a"], [["a", "x"]], [3]),
        ((-1, 2), ["a"], [["a", "x"]], [3]),
        ((0,), ["a"], [["a", "x"]], [1]),
    ],
    ids=["options not grouped by facet", "an id twice", "a negative id", "id zero"],
)
def test_snapshots_that_to_bytes_never_writes_are_refused(pks, facets, names, bitsets):
    with pytest.raises(ValueError, match="not a facet index"):
        FacetIndex.from_bytes(snapshot_bytes(pks, facets, names, bitsets))


def test_a_header_of_many_options_decodes_and_stores_back_the_same():
    """8,000 options (each option's facet is looked up in a set: a list scan made this
    quadratic, 0.7 s; speed is for benchmarks, not tests)."""
    facets = [f"f{number}" for number in range(8000)]
    names = [[facet, "v"] for facet in facets]
    data = snapshot_bytes((1,), facets, names, [1] * len(names))
    index = FacetIndex.from_bytes(data)
    assert len(index.options) == 8000
    assert index.to_bytes() == data


@pytest.mark.django_db(transaction=True)
def test_with_autocommit_off_a_refused_read_leaves_the_transaction_usable(index_page, caplog):
    """A database configured with AUTOCOMMIT off has a transaction open without an atomic
    block: the read still needs its savepoint (PostgreSQL aborts the transaction on a
    failed statement)."""
    PracticePageFactory(parent=index_page, topics=[TopicFactory(slug="education")])
    with snapshot_table_away():
        forget_caches()
        connection.set_autocommit(False)
        try:
            with generation_scope():
                found = search_practices(index_page, {"topic": ["education"]}, per_page=25)
            assert found.total == 1
            assert [practice.pk for practice in found.practices] == list(found.ids)
        finally:
            connection.rollback()
            connection.set_autocommit(True)
    assert "facet index snapshots is failing" in caplog.text


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("inside_atomic", [False, True], ids=["bare", "inside atomic"])
def test_with_autocommit_off_nothing_is_stored_or_queued(index_page, inside_atomic):
    """Django runs no commit hooks in manual transaction management, and a write at once
    would hold its row locks and its deferred foreign key check until the caller
    commits: the index is served, the snapshot left for another process."""
    PracticePageFactory(parent=index_page)
    forget_caches()
    connection.set_autocommit(False)
    try:
        with transaction.atomic() if inside_atomic else nullcontext(), generation_scope():
            assert search_practices(index_page, {}, per_page=25).total == 1
        assert not FacetIndexSnapshot.objects.exists()
        assert not connection.run_on_commit
    finally:
        connection.rollback()
        connection.set_autocommit(True)
