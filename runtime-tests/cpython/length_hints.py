"""The length hints CPython 3.11 asks where it reads an iterable.

``python3 length_hints.py > length_hints.expected`` writes what
``runtime-tests/iteration.rs`` (test ``length_hints_are_asked_as_cpython_asks_them``)
compares lethe with: for each way of reading an iterable (``list(x)``,
``l.extend(x)``, ``tuple(x)``, ``l += x``, ``l[1:1] = x``, ``bytes(x)``) and each
case below (a class ``X`` whose ``__iter__`` gives ``iter([1, 2])`` and which may
define ``__len__`` and ``__length_hint__``, returning the value given or raising
``KeyError`` or ``TypeError`` when given that class), a line ``WHAT CASE RESULT LOG``: the result or the
error, and the methods called, in order.  (Hints past 64 bits, which lethe's ints
cannot hold, are left out, and so are hints whose room only some machines lack:
CPython's ``MemoryError`` for ``2**40`` depends on the machine's memory.)
"""

CASES = [(None, None), (3, None), (-1, None), ("a", None), ("a", -2), ("a", "b"),
         (None, NotImplemented), (None, 5), (KeyError, None), (None, KeyError),
         (2**62, None), (None, 2**62), (True, None), (None, True),
         (1.5, None), (None, 1.5), (-2, 3), (None, TypeError), ("a", TypeError)]
log = []


def make(len_, hint):
    ns = {"__iter__": lambda self: (log.append("iter"), iter([1, 2]))[1]}

    def answer(name, value):
        def method(self):
            log.append(name)
            if value is KeyError:
                raise KeyError(name[0])
            if value is TypeError:
                raise TypeError(name[0])
            return value
        return method
    if len_ is not None:
        ns["__len__"] = answer("len", len_)
    if hint is not None:
        ns["__length_hint__"] = answer("hint", hint)
    return type("X", (), ns)()


def read(what, x):
    if what == "list":
        return list(x)
    if what == "extend":
        l = [0]
        l.extend(x)
        return l
    if what == "tuple":
        return tuple(x)
    if what == "iadd":
        l = [0]
        l += x
        return l
    if what == "slice":
        l = [0, 9]
        l[1:1] = x
        return l
    return bytes(x)


for what in ["list", "extend", "tuple", "iadd", "slice", "bytes"]:
    for i, (len_, hint) in enumerate(CASES):
        log.clear()
        try:
            r = repr(read(what, make(len_, hint)))
        except Exception as e:
            r = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        print(what, i, r, log)
