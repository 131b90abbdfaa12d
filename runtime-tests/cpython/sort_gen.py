"""Generate random sequences of ``list.sort`` calls on lists long enough to merge.

Used by ``runtime-tests/cpython_differential.rs`` (test ``sort_random``): the same
ops text is run by ``sort_run.py`` on CPython and by ``sorting::run`` in that file
on lethe, and the two outputs must agree line by line: every ``<`` the sort asks,
in order, then its result and the list's order after it.

Usage: ``python3 sort_gen.py SEED0 COUNT`` prints COUNT sequences, the one for seed
``s`` headed ``SEQ s`` and made from ``random.Random(s)`` alone.

A sequence runs 2 to 4 ops on one list ``l`` of ``S`` objects, each holding an int
key ``k`` that its ``__lt__`` compares (and logs):

- ``new KEY REV FAIL LIE K,K,…``: ``l`` becomes a list of new ``S``s with those keys,
  then is sorted;
- ``ext KEY REV FAIL LIE K,K,…``: new ``S``s with those keys are appended to ``l`` (a
  sorted list with an unsorted tail, as often met), then it is sorted;
- ``again KEY REV FAIL LIE``: ``l`` is sorted again, in the order the last sort left
  (sorted, reversed, or partly merged after a failure).

``KEY`` is ``none`` or ``id`` (``key=lambda s: s``, so the keys are the items);
``REV`` is ``-`` (no ``reverse`` argument), ``0`` or ``1``; ``FAIL`` is 0, or the
number of the comparison (counted from 1 within the sort) whose ``__lt__`` raises
``ValueError``, so the sort stops wherever it is, inside a run, a binary insertion,
a gallop or a merge, and the order it leaves is compared too. ``LIE`` is 0, or a
number that makes ``__lt__`` answer ``(asked * 40503 + LIE) % 7 < 3`` (``asked``
counting its comparisons) instead of comparing the keys: an inconsistent order,
which takes the merges down the paths CPython keeps for one ("impossible if the
comparison function is consistent").

The keys come in the shapes that steer timsort down its paths: random over a wide
or a narrow range (many equal keys), ascending or descending with a few swaps,
runs of either direction and random lengths, all equal, and sawtooth. The lists
have 64 to 300 items mostly (so ``minrun`` is 32 to 64 and the runs merge), and
now and then fewer (one run, binary insertion only).
"""

from common import pick, write_sequences

KEYS = ["none", "id"]
REVS = ["-", "0", "1"]


def keys(R, n):
    """``n`` int keys in one of the shapes the docstring lists."""
    def wide():
        return [R.randrange(n * 2) for _ in range(n)]

    def narrow():
        m = R.randrange(1, 6)
        return [R.randrange(m) for _ in range(n)]

    def nearly(descending):
        ks = sorted(R.randrange(n * 2) for _ in range(n))
        for _ in range(R.randrange(0, 4)):
            i, j = R.randrange(n), R.randrange(n)
            ks[i], ks[j] = ks[j], ks[i]
        return ks[::-1] if descending else ks

    def runs():
        ks = []
        while len(ks) < n:
            m = min(n - len(ks), R.randrange(1, 80))
            run = sorted(R.randrange(n) for _ in range(m))
            ks += run[::-1] if R.random() < 0.4 else run
        return ks

    def sawtooth():
        w = R.randrange(2, 40)
        return [i % w for i in range(n)]

    return pick(R, [(0.25, wide), (0.40, narrow), (0.55, lambda: nearly(False)),
                    (0.65, lambda: nearly(True)), (0.90, runs),
                    (0.95, lambda: [7] * n)], sawtooth)


def length(R):
    return R.randrange(2, 64) if R.random() < 0.1 else R.randrange(64, 301)


def how(R):
    """``KEY REV FAIL LIE``: a failure in a third of the sorts, at a comparison
    within what a sort of these lengths asks; an inconsistent order in some."""
    fail = R.randrange(1, 2000) if R.random() < 0.33 else 0
    lie = R.randrange(1, 1000) if R.random() < 0.15 else 0
    return f"{R.choice(KEYS)} {R.choice(REVS)} {fail} {lie}"


def gen_seq(R):
    n = length(R)
    out = [f"new {how(R)} " + ",".join(map(str, keys(R, n)))]
    for _ in range(R.randrange(1, 4)):
        if R.random() < 0.5:
            m = R.randrange(1, 120)
            out.append(f"ext {how(R)} " + ",".join(map(str, keys(R, m))))
        else:
            out.append(f"again {how(R)}")
    return out


if __name__ == "__main__":
    write_sequences(gen_seq)
