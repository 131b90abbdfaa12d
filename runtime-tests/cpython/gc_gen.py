"""Generate random sequences of what one collection does with unreachable objects
that have ``__del__``, weak reference callbacks and ``weakref.finalize``.

Used by ``runtime-tests/cpython_differential.rs`` (test ``collection_random``): the
same ops text is run by ``gc_run.py`` on CPython and by ``collection::run`` in that
file on lethe, and the two outputs must agree line by line (``gc_run.py``'s
docstring has the ops, the actions and the output).

Usage: ``python3 gc_gen.py SEED0 COUNT`` prints COUNT sequences, the one for seed
``s`` headed ``SEQ s`` (`` py`` when odd) and made from ``random.Random(s)`` alone.
For ``py`` seeds lethe's runner collects by ``step()`` until the cycle ends;
CPython's runner ignores the flag.

A sequence has up to eight object slots; each of 1 to 3 rounds makes objects
(``new i N`` or ``new i D <acts>``), links them (``link i a j``: ``h<i>.p<a> =
h<j>``, chains, cycles, self-cycles), adds weak references with or without a
callback (``wr``), references held by the objects themselves (``wrin``, so some
die with their holders, without their callback) and finalizers (``fin``), drops
slots, and collects; later rounds may first drop what the ``__del__``s resurrected
(``unres``), so that a resurrected object dies again.

Avoided, as lethe differs from CPython there by design (each named):

- a ``__del__`` makes a reference with a callback (``nwrc``) or a finalizer
  (``nfin``) to its own object only if it also resurrects it (``res``): one made
  for an object still unreachable gets no callback in that collection on lethe
  (the spec's step 7; src/differences.rs), CPython runs it when it frees the
  object;
- no callable makes a weak reference to another dying object, nor reads one made
  during the collection (``rd`` reads only the program's references, ``W``): the
  same step 7, and the order across callables, which CPython leaves undefined.
"""
from common import write_sequences

NH = 8


def acts(R, nw, in_del):
    """0..3 actions of a callable (``in_del``: a ``__del__``'s)."""
    kinds = ["raise", "drop", "newk", "newd"] + (["rd"] if nw else [])
    if in_del:
        kinds += ["res", "res", "resp", "resp", "nwr"]
    out = []
    for _ in range(R.choice([0, 1, 1, 2, 3])):
        k = R.choice(kinds)
        if k == "rd":
            out.append(f"rd:{R.randrange(nw)}")
        elif k == "drop":
            out.append(f"drop:{R.randrange(NH)}")
        elif k != "raise" and k not in out:
            out.append(k)
    if "res" in out:  # (the first item of the module's doc)
        out += [k for k in ("nwrc", "nfin") if R.random() < 0.3]
    if R.random() < 0.15:
        out.append("raise")
    return ",".join(out) or "-"


def gen_seq(R):
    out = []
    live = set()
    nw = 0
    for rnd in range(R.randrange(1, 4)):
        if rnd and R.random() < 0.5:
            out.append("unres")
        for i in R.sample(range(NH), R.randrange(1 if live else 2, NH + 1)):
            if R.random() < 0.6:
                out.append(f"new {i} D {acts(R, nw, True)}")
            else:
                out.append(f"new {i} N")
            live.add(i)
        slots = sorted(live)
        for _ in range(R.randrange(len(slots) * 2)):
            i, j = R.choice(slots), R.choice(slots)
            out.append(f"link {i} {R.randrange(2)} {i if R.random() < 0.2 else j}")
        for _ in range(R.randrange(6)):
            out.append(f"wr {R.choice(slots)} {'-' if R.random() < 0.3 else acts(R, nw, False)}")
            nw += 1
        for _ in range(R.randrange(3)):
            out.append(f"wrin {R.choice(slots)} {R.choice(slots)} {acts(R, nw, False)}")
        for _ in range(R.randrange(3)):
            out.append(f"fin {R.choice(slots)} {acts(R, nw, False)}")
        for i in slots:
            if R.random() < 0.6:
                out.append(f"drop {i}")
                live.discard(i)
        out.append("collect")
        if R.random() < 0.3:
            out.append("collect")
    out.append("unres")
    out.append("collect")
    return out


if __name__ == "__main__":
    write_sequences(gen_seq)
