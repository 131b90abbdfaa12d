"""Generate random sequences of ``WeakSet`` changes whose members hash to chosen ints.

Used by ``runtime-tests/cpython_differential.rs`` (test ``wsorder_random``): the same
ops text is run by ``wsorder_run.py`` on CPython and by ``wsorder::run`` in that file
on lethe, and the two outputs must agree line by line: after every op, each
WeakSet's members in iteration order, so where each member lies in the set's table
(probing, dummies, resizes, the finger of ``pop``) is compared, not only which
members there are.

Usage: ``python3 wsorder_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` (``SEQ s py`` for an odd seed: lethe's side then reads
the sets through ``Heap::weak_iter`` instead of ``iter()``) and made from
``random.Random(s)`` alone.

A member is a ``K`` tagged ``o<i>`` whose ``__hash__`` returns its int ``h`` (equality
is identity), held by the sequence until ``drop``; it holds itself, so that it dies
at the next ``collect`` only, as lethe's objects do. A sequence draws its hashes in
one of five shapes: a few small ints (long collision chains), ints up to a hundred,
multiples of 8 or 32 (the same slot in small tables, apart in larger ones), wide
ints of either sign, and a mix with ``-1`` (hashed as ``-2``).

The ops (``L`` is ``-`` (empty), a comma-separated list of member numbers, or
``S<k>``, another WeakSet or the set itself):

- ``mk I H``: member ``o<I>`` with hash ``H``; ``mke I H``: the same, of class ``E``,
  whose ``__eq__`` (identity) logs its calls (in a third of the sequences, half
  the members), so that the order in which a lookup asks colliding members is
  compared too;
- ``new S``, ``from S L``: WeakSet ``S`` (0 to 2) made empty, or of ``L``'s members;
- ``add S I``, ``discard S I``, ``remove S I``, ``pop S``, ``clear S``;
- ``update S L``, ``isub S L``, ``iand S L``, ``ixor S L``: ``|=``'s method and the
  in-place operators (``difference_update`` and the others through them);
- ``union D S L``, ``inter D S L``, ``diff D S L``, ``symdiff D S L``, ``copy D S``:
  a new WeakSet into ``D``;
- ``drop I``: the sequence lets go of ``o<I>``; ``collect``: ``gc.collect()``, whose
  callbacks take the dead members out;
- ``repr S``: the set's repr, its references shown by their referents' tags;
  ``data S``: the referents of ``S.data``'s references, in its order.
"""

from common import pick, write_sequences


def hashes(R):
    """A function drawing a member's hash, in one of the docstring's shapes."""
    return pick(R, [
        (0.25, lambda: lambda: R.randrange(0, R.choice([3, 6, 12]))),
        (0.50, lambda: lambda: R.randrange(-3, 100)),
        (0.70, lambda: lambda: R.randrange(0, 24) * R.choice([8, 32])),
        (0.85, lambda: lambda: R.randrange(-2**61, 2**61)),
    ], lambda: lambda: R.choice([-1, -2, -1, 0, 1, 2, 7, 9]))


def gen_seq(R):
    h = hashes(R)
    logged = R.random() < 0.35
    out = []
    held = []       # member numbers the sequence holds
    made = 0
    sets = {0}
    out.append("new 0")

    def mk():
        nonlocal made
        kind = "mke" if logged and R.random() < 0.5 else "mk"
        out.append(f"{kind} {made} {h()}")
        held.append(made)
        made += 1
        return made - 1

    def member():
        return R.choice(held) if held and R.random() < 0.85 else mk()

    def many():
        r = R.random()
        if r < 0.1:
            return "-"
        if r < 0.25:
            return f"S{R.choice(sorted(sets))}"
        return ",".join(str(member()) for _ in range(R.randrange(1, 12)))

    def some_set():
        return R.choice(sorted(sets))

    for _ in range(R.randrange(4, 16)):
        mk()
    for _ in range(R.randrange(20, 90)):
        s = some_set()
        d = R.randrange(3)
        op = pick(R, [
            (0.30, lambda: f"add {s} {member()}"),
            (0.38, lambda: f"discard {s} {member()}"),
            (0.42, lambda: f"remove {s} {member()}"),
            (0.48, lambda: f"pop {s}"),
            (0.50, lambda: f"clear {s}"),
            (0.56, lambda: f"update {s} {many()}"),
            (0.61, lambda: f"isub {s} {many()}"),
            (0.65, lambda: f"iand {s} {many()}"),
            (0.69, lambda: f"ixor {s} {many()}"),
            (0.72, lambda: f"union {d} {s} {many()}"),
            (0.74, lambda: f"inter {d} {s} {many()}"),
            (0.76, lambda: f"diff {d} {s} {many()}"),
            (0.78, lambda: f"symdiff {d} {s} {many()}"),
            (0.80, lambda: f"copy {d} {s}"),
            (0.82, lambda: f"from {d} {many()}"),
            (0.84, lambda: f"new {d}"),
            (0.92, lambda: f"drop {R.choice(held)}" if held else "collect"),
            (0.96, lambda: "collect"),
            (0.98, lambda: f"data {s}"),
        ], lambda: f"repr {s}")
        if op.startswith("drop"):
            held.remove(int(op.split()[1]))
        words = op.split()
        if words[0] in ("union", "inter", "diff", "symdiff", "copy", "from", "new"):
            sets.add(d)
        out.append(op)
    return out


if __name__ == "__main__":
    write_sequences(gen_seq)
