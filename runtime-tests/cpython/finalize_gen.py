"""Generate random operation sequences on ``weakref.finalize``.

Used by ``runtime-tests/cpython_differential.rs`` (test ``finalize_random``): the
same ops text is run by ``finalize_run.py`` on CPython and by ``finalizers::run`` in
that file on lethe, and the two outputs must agree line by line.

Usage: ``python3 finalize_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` (`` py`` when odd) and made from ``random.Random(s)``
alone, so ``python3 finalize_gen.py s 1`` reproduces it.  Odd seeds are flagged
``py``: lethe's runner then calls ``detach``/``peek`` by name
(``Heap::call_method``) and reads ``alive``/``atexit`` by ``getattr`` instead of the
typed ``Heap::finalizer_*`` methods, and collects by ``step()``; CPython's runner
ignores the flag.

A sequence has four object slots ``h0``..``h3`` (``Node``s that hold themselves, so
they die only at ``collect``) and six finalizer slots ``F0``..``F5``; it runs 10 to
40 ops:

- ``new i``; ``drop i``; ``link i j`` (``h<i>.peer = h<j>``: cycles);
  ``wr i`` (a weak reference with a logging callback, kept);
- ``fin k i FUNC ARG…``: ``F<k> = finalize(h<i>, func, *args, **kwargs)``, 0..3
  positional and 0..2 keyword arguments (ints, strs, an object, which keeps it
  alive while the finalizer is, a finalizer; ``obj`` and ``func`` among the
  keywords, ``finalize``'s own parameters being positional-only); FUNC is ``log``
  (logs its arguments), ``ret`` (also returns a value), ``raise`` (raises
  ``ValueError``), ``meth`` (the bound method ``m`` of a new peer object ``p<n>``
  held by nothing else), ``fin<j>`` (finalizer ``F<j>`` itself), ``nc``
  (the int 5, not callable), or ``act:<op>,<arg>`` (logs and runs one of ``call``,
  ``detach``, ``peek``, ``alive`` on a finalizer, ``fin`` (registers a new ``log``
  finalizer on a live object), ``dropf``, ``drop``, ``collect``);
- ``call k`` (``call1``/``call2``: with one argument, which ``__call__`` takes and
  ignores, or two), ``detach k``, ``peek k``, ``peekis k`` (whether two ``peek()``s
  give the same ``args`` tuple and ``kwargs`` dict), ``kwmut k`` (stores ``z=9`` in
  ``peek()``'s ``kwargs``), ``alive k``, ``atexit k``, ``setatexit k VALUE`` (an
  int, a str or ``None``, set as it is), ``repr k``, ``dropf k``;
- ``collect``; and as the last op but a few, ``exit``: the interpreter-exit
  behaviour (CPython's ``finalize._exitfunc``, lethe's ``Heap::shutdown``), after
  which only ``call``/``detach``/``peek``/``alive``/``atexit``/``repr`` follow.

The order of callbacks across objects dying together is not CPython's to define
(it follows its collector's list, which a collection reorders; lethe runs the
oldest referent's first: src/differences.rs), so the runners print what a
collection ran grouped by the object whose callback or finalizer ran it (groups in
the order of the objects' creation), and its errors sorted, as ``refs_run.py``
does; and what a function does to *other* finalizers (``act:call``, ``detach``,
``peek``, ``alive``, ``fin``, a finalizer as function) depends on that order when
their objects die together. So half the sequences (chosen by the seed) are
*solo*: an object dies alone (no ``link`` but to itself, no object among a
finalizer's arguments, every ``drop`` and no ``new`` over a live object followed by
``collect``, no ``act:drop``), and only they have functions that act on other
finalizers; the others have cycles, arguments holding objects, several objects
dying at once, and functions that only ``dropf``, ``drop`` or ``collect``.
``act:fin`` registers on the object in a slot, never on a dying one (which a
finalizer cannot reach without keeping it alive).  ``act:collect`` collects when
the function is called by ``f()``, and does nothing during a collection, as
CPython's ``gc.collect()`` does then.
"""
from common import write_sequences

NH = 4
NF = 6


def arg(R, solo):
    toks = ["i1", "i2", "i7", "sa", "sb", f"F{R.randrange(NF)}"]
    if not solo:
        toks.append(f"h{R.randrange(NH)}")
    return R.choice(toks)


def func(R, solo):
    c = R.random()
    if c < 0.3:
        return "log"
    if c < 0.4:
        return "ret"
    if c < 0.5:
        return "raise"
    if c < 0.58:
        return "meth"
    if c < 0.66 and solo:
        return f"fin{R.randrange(NF)}"
    if c < 0.7:
        return "nc"
    if solo:
        a = R.choice(["call", "detach", "peek", "alive", "dropf", "fin", "collect"])
    else:
        a = R.choice(["dropf", "drop", "collect"])
    if a == "drop":
        return f"act:drop,{R.randrange(NH)}"
    if a == "fin":
        return f"act:fin,{R.randrange(NF)},{R.randrange(NH)},log"
    if a == "collect":
        return "act:collect,0"
    return f"act:{a},{R.randrange(NF)}"


def gen_seq(R):
    solo = R.random() < 0.5  # (see the module's doc)
    nh = R.randrange(1, NH + 1)
    out = [f"new {i}" for i in range(nh)]
    live = set(range(nh))  # the object slots set (mostly chosen)
    fset = set()  # the finalizer slots set

    def pick(s, n):
        return R.choice(sorted(s)) if s and R.random() < 0.9 else R.randrange(n)

    for _ in range(R.randrange(10, 41)):
        c = R.random()
        i, k = pick(live, NH), pick(fset, NF)
        if c < 0.3:
            k = R.randrange(NF)
            words = ["fin", str(k), str(i), func(R, solo)]
            words += [arg(R, solo) for _ in range(R.choice([0, 0, 1, 1, 2, 3]))]
            keys = R.sample(["a", "b", "c", "obj", "func"], R.choice([0, 0, 0, 1, 2]))
            words += [f"k:{a}={arg(R, solo)}" for a in keys]
            out.append(" ".join(words))
            fset.add(k)
        elif c < 0.38:
            i = R.randrange(NH)
            if solo and i in live:  # (it would drop the slot's object)
                continue
            out.append(f"new {i}")
            live.add(i)
        elif c < 0.48:
            out.append(f"drop {i}")
            live.discard(i)
            if solo or R.random() < 0.7:
                out.append("collect")
        elif c < 0.53:
            out.append(f"link {i} {i if solo else pick(live, NH)}")
        elif c < 0.58:
            out.append(f"wr {i}")
        elif c < 0.66:
            out.append("collect")
        else:
            o = R.choice(["call", "call", "detach", "peek", "alive", "atexit", "repr",
                          "dropf", "setatexit", "call1", "call2", "peekis", "kwmut"])
            v = R.choice(["i0", "i1", "i2", "sa", "None"])
            out.append(f"{o} {k}" + (f" {v}" if o == "setatexit" else ""))
            if o == "dropf":
                fset.discard(k)
    if R.random() < 0.6:
        out.append("exit")
        for _ in range(R.randrange(4)):
            out.append(R.choice(["call", "detach", "peek", "alive", "atexit", "repr"])
                       + f" {pick(fset, NF)}")
    return out


if __name__ == "__main__":
    write_sequences(gen_seq)
