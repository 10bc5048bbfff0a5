"""Which structure should hold the facet index? Python ``int`` bitsets (what the package
uses), pyroaring's compressed bitmaps, or numpy boolean arrays, on the same collection.

    pip install --target /tmp/structures pyroaring numpy   # neither is a dependency
    PYTHONPATH=/tmp/structures python -m benchmarks.facet_structures --sizes 10000 100000

The collection is synthetic with the demo's shape: 22 topics (1-3 per practice), 30
countries, 10 years, 150 cities (0-2 per practice), about 210 options. For each structure
it reports the time to build it from lists of positions, to count every option for a
random filter state (disjunctive: each facet's counts ignore its own selection), to list
the first page of 12 matching positions, and the memory the options take (its pickled
size, which is also what a cache or a snapshot stores). Medians of 200 filter states.
"""

from __future__ import annotations

import argparse
import os
import pickle
import random
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from icc_practices.search.index import _ascending, bitset  # noqa: E402


def synthetic(size: int, seed: int = 2018) -> dict[str, dict[str, list[int]]]:
    rng = random.Random(seed)
    members: dict[str, dict[str, list[int]]] = {"topic": {}, "country": {}, "year": {}, "city": {}}
    for position in range(size):
        for topic in rng.sample(range(22), rng.choice((1, 2, 3))):
            members["topic"].setdefault(f"t{topic}", []).append(position)
        members["country"].setdefault(f"c{rng.randrange(30)}", []).append(position)
        members["year"].setdefault(str(2015 + rng.randrange(10)), []).append(position)
        for city in rng.sample(range(150), rng.choice((0, 1, 1, 2))):
            members["city"].setdefault(f"x{city}", []).append(position)
    return members


def states(members, rng: random.Random, count: int):
    """Random selections: 1-2 topics, 0-2 countries, 0-1 year."""
    found = []
    for _ in range(count):
        found.append(
            {
                "topic": rng.sample(sorted(members["topic"]), rng.randint(1, 2)),
                "country": rng.sample(sorted(members["country"]), rng.randint(0, 2)),
                "year": rng.sample(sorted(members["year"]), rng.randint(0, 1)),
            }
        )
    return found


class IntBitsets:
    name = "Python int (the package's)"

    def __init__(self, members, size):
        self.size = size
        self.options = {
            f: {v: bitset(p, size) for v, p in values.items()} for f, values in members.items()
        }

    def everything(self):
        return (1 << self.size) - 1

    def union(self, facet, values):
        chosen = 0
        for value in values:
            chosen |= self.options[facet][value]
        return chosen

    def cardinality(self, bits, others) -> int:
        """How many positions ``bits`` and ``others`` share."""
        return (bits & others).bit_count()

    def counts(self, state):
        """Disjunctive counts for every option, and the matching positions: the same
        algorithm for every structure, which only supplies ``&`` and a cardinality."""
        selected = {f: self.union(f, v) for f, v in state.items() if v}
        result = {}
        for facet, options in self.options.items():
            others = self.everything()
            for other, chosen in selected.items():
                if other != facet:
                    others = others & chosen
            result[facet] = {
                value: self.cardinality(bits, others) for value, bits in options.items()
            }
        matching = self.everything()
        for chosen in selected.values():
            matching = matching & chosen
        return result, matching

    def first(self, matching, limit):
        page = []
        for position in _ascending(matching):
            page.append(position)
            if len(page) == limit:
                break
        return page


class Roaring(IntBitsets):
    name = "pyroaring BitMap"

    def __init__(self, members, size):
        from pyroaring import BitMap

        self.size = size
        self.all = BitMap(range(size))
        self.options = {
            f: {v: BitMap(p) for v, p in values.items()} for f, values in members.items()
        }

    def everything(self):
        return self.all

    def union(self, facet, values):
        from pyroaring import BitMap

        return BitMap.union(*(self.options[facet][value] for value in values))

    def cardinality(self, bits, others) -> int:
        return bits.intersection_cardinality(others)

    def first(self, matching, limit):
        return list(matching[:limit]) if len(matching) else []


class Numpy(IntBitsets):
    name = "numpy bool arrays"

    def __init__(self, members, size):
        import numpy

        self.np = numpy
        self.size = size
        self.options = {}
        for facet, values in members.items():
            self.options[facet] = {}
            for value, positions in values.items():
                array = numpy.zeros(size, dtype=bool)
                array[positions] = True
                self.options[facet][value] = array

    def everything(self):
        return self.np.ones(self.size, dtype=bool)

    def union(self, facet, values):
        return self.np.logical_or.reduce([self.options[facet][value] for value in values])

    def cardinality(self, bits, others) -> int:
        return int(self.np.count_nonzero(bits & others))

    def first(self, matching, limit):
        return self.np.flatnonzero(matching)[:limit].tolist()


def measure(structure_class, members, size, filter_states):
    started = time.perf_counter()
    structure = structure_class(members, size)
    build_ms = (time.perf_counter() - started) * 1000
    count_times, page_times, answers = [], [], []
    for state in filter_states:
        started = time.perf_counter()
        counts, matching = structure.counts(state)
        count_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        page = structure.first(matching, 12)
        page_times.append(time.perf_counter() - started)
        answers.append((counts, page))
    return {
        "structure": structure.name,
        "build_ms": round(build_ms, 1),
        "counts_ms": round(statistics.median(count_times) * 1000, 3),
        "page_ms": round(statistics.median(page_times) * 1000, 3),
        "options_kb": round(len(pickle.dumps(structure.options, protocol=5)) / 1024, 1),
    }, answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--states", type=int, default=200)
    args = parser.parse_args()
    print("| practices | structure | build | counts, one filter state | first page | size |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        members = synthetic(size)
        chosen = states(members, random.Random(size), args.states)
        reference = None
        for structure_class in (IntBitsets, Roaring, Numpy):
            try:
                row, answers = measure(structure_class, members, size, chosen)
            except ImportError as error:
                print(f"| {size:,} | {structure_class.name} | not installed: {error} | | | |")
                continue
            if reference is None:
                reference = answers
            assert answers == reference, f"{row['structure']} counts differently"
            print(
                f"| {size:,} | {row['structure']} | {row['build_ms']} ms | {row['counts_ms']} ms "
                f"| {row['page_ms']} ms | {row['options_kb']:,} kB |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
