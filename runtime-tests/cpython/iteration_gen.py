"""Generate random sequences of the iteration protocol on builtin values, user
classes and proxies.

Used by ``runtime-tests/cpython_differential.rs`` (test ``iteration_random``): the
same ops text is run by ``iteration_run.py`` on CPython and by ``iteration::run`` in
that file on lethe, and the two outputs must agree line by line: each op's result
(type name and repr, addresses masked) or error, and the user methods called, in
order.

Usage: ``python3 iteration_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` and made from ``random.Random(s)`` alone.

The ops:

- ``class NAME BASE M=CODE ...``: a class ``NAME`` (``A`` to ``C``) derived from
  ``BASE`` (``object``, ``list``, ``tuple``, ``dict``, ``set``, ``frozenset``,
  ``str`` or an earlier class), with class attribute ``n = 0`` and each method ``M``
  logging its call (``A.__len__()``, ``A.__getitem__(2)``) then answering by
  ``CODE`` (``X`` anywhere: the method is ``None``):

  - ``__iter__``: ``S`` self, ``L`` ``iter([7, 8, 9])``, ``N`` ``5``, ``Q`` ``[1]``,
    ``P`` ``weakref.proxy(self)``, ``D`` ``iter([1, 2])``, ``W`` ``iter(slot 0)`` (``iter([4, 5])`` unless slot 0 holds an exact list, dict, set, tuple or str), ``R`` raise ``ValueError``, ``T`` raise
    ``TypeError``;
  - ``__next__``: ``K<k>`` counts ``n`` up to ``k`` then raises ``StopIteration``
    (for good); ``Z<k>`` the same, but goes on counting after that
    ``StopIteration``, up to ``2k + 1``, then stops for good; ``E<k>`` raises ``ValueError`` at ``k``; ``J<k>``
    ``StopIteration('stop')`` at ``k``; ``I<k>`` ``IndexError`` at ``k``;
  - ``__getitem__``: ``G<k><e>``: ``i * 10`` for ``0 <= i < k``, else raise ``e``:
    ``I`` IndexError, ``S`` StopIteration, ``K`` KeyError, ``V`` ValueError, ``T``
    TypeError;
  - ``__len__``: ``L<n>`` (``n`` an int, maybe negative), ``La`` ``'a'``, ``Lf``
    ``1.5``, ``Lb`` ``True``, ``LN`` ``NotImplemented``, ``LR``/``LT`` raise
    ``ValueError``/``TypeError``;
  - ``__length_hint__``: ``H<n>``, ``Ha``, ``Hf``, ``Hb``, ``HN``, ``HR``, ``HT``,
    likewise;
  - ``__reversed__``: ``S`` self, ``L`` ``iter([3, 2, 1])``, ``N`` ``5``, ``R`` raise;
  - ``__contains__``: ``T`` ``True``, ``F`` ``False``, ``Z`` ``0``, ``E`` ``[]``,
    ``O`` ``'x'``, ``R`` raise ``ValueError``.

  A code may end in an action, run (and logged as ``act<a>``) before the method
  answers: ``+a`` adds an item (``101``, ``102``… appended, added, or stored as a
  key), ``+p`` pops one (``list.pop``, ``set.pop``, ``dict.popitem``), ``+c``
  clears, on ``self`` when it is a list, dict or set (a subclass's instance),
  else on slot 0 when that is one: so user code changes what is being iterated,
  the container an iterator was made over, or the list an ``extend`` reads.

- ``new SLOT SPEC``: slot ``SLOT`` set to ``SPEC`` (its outcome printed; ``None``
  on error): ``v:VALUE`` a builtin value among ``VALUES``, ``i:C:K`` a new instance
  of class ``C`` made from ``K`` (``make``), ``lst:C:N`` a list of ``N`` new
  instances of ``C`` made from 1, ``p:S`` ``weakref.proxy(slot S)``,
  ``it:S`` ``iter(slot S)``, ``rv:S`` ``reversed(slot S)``, ``vw:S:KIND``
  ``slot S.keys()`` (``values``, ``items``).
- ``OP S [ARG]`` on slot ``S``: ``next`` (``END`` when exhausted), ``mnext``
  (``s.__next__()``), ``list``, ``tuple``, ``set``, ``frozenset``, ``dict``, ``bytes``
  (the constructors), ``extend`` (``[0].extend(s)``), ``iadd`` (``l = [0]; l +=
  s``), ``slice`` (``l = [0, 9]; l[1:1] = s``), ``supd`` (``set().update(s)``),
  ``in ARG`` (``ARG in s``), ``len``, ``hint`` (``operator.length_hint(s, 99)``),
  ``lhm`` (``s.__length_hint__()``), ``isself`` (``iter(s) is s``), ``repr``,
  ``append ARG``, ``add ARG``, ``discard ARG``, ``pop``, ``popitem``, ``clear``,
  ``setitem K V``, ``delitem K``, ``remove ARG``, ``insert I V``, ``mrev``
  (``s.__reversed__()``), ``sext T`` (``s.extend(slot T)``, ``T`` maybe ``s``
  itself), ``siadd T`` (``s += slot T``).

The generator runs each op on CPython as it draws it (``iteration_run``), so that
most ops fit what their slot holds (``next`` an iterator, ``append`` a list…), and
leaves out what never ends there (an op still running after half a second ends
the sequence before it; ``l.extend(iter(l))``, which runs in C code, is not drawn).

Normalized, a documented difference (the runners' ``NORMALIZE``): the order of a
set's members (sorted: objects hash by lethe's own function). Left out, a CPython
3.11 crash: ``reversed()`` of an empty dict or its view (whose table may hold
deleted entries, which a ``clear`` then makes the iterator read past). What review helper-99 found
with it is in ``iteration_edge.ops``.
"""
import random
import signal
import sys

BASES = ["object", "object", "object", "list", "tuple", "dict", "set", "frozenset", "str"]
VALUES = ["[]", "[1,2,3]", "[1]", "()", "(1,2)", "''", "'ab'", "'a\u00e9'", "b''",
          "b'ab'", "{}", "{1:2,3:4}", "set()", "{1,2,3}", "frozenset({1,2})", "5", "None"]


def method_code(r, m):
    if r.random() < 0.07:
        return "X"
    if r.random() < 0.25:
        c = "X"
        while c == "X":
            c = method_code(r, m)
        return c.split("+")[0] + "+" + r.choice("aappc")
    k = r.randint(0, 4)
    if m == "__iter__":
        return r.choice("SSSLLNQPRTWWDD")
    if m == "__next__":
        return r.choice("KKKZEJI") + str(k)
    if m == "__getitem__":
        return "G" + str(k) + r.choice("IIIISKVT")
    if m in ("__len__", "__length_hint__"):
        c = m[2].upper() if m == "__len__" else "H"
        return c + r.choice(["0", "1", "2", "3", "5", "-1", "a", "f", "b", "N", "R", "T"])
    if m == "__reversed__":
        return r.choice("SLLNR")
    if m == "__contains__":
        return r.choice("TFZEOR")
    raise ValueError(m)


METHODS = [("__iter__", 0.5), ("__next__", 0.5), ("__getitem__", 0.45), ("__len__", 0.35),
           ("__length_hint__", 0.25), ("__reversed__", 0.2), ("__contains__", 0.2)]


def user_base(v):
    """The builtin base of ``v``'s class when it is a user class, else ``None``."""
    t = type(v)
    if t.__module__ != "__main__":
        return None
    for b in t.__mro__:
        if b in (list, tuple, dict, set, frozenset, str):
            return b
    return object


class Endless(Exception):
    """An op that ran too long on CPython (an iteration that never ends): the
    sequence stops before it."""


def _alarm(*_):
    raise Endless


def gen_seq(r):
    try:
        return _gen_seq(r)
    except Endless:
        return OUT[0]


OUT = [None]


def _gen_seq(r):
    """A sequence's ops, drawn while they run on CPython (``iteration_run``'s
    ``op``), so that most ops fit what their slot holds."""
    import weakref
    import iteration_run as run
    out = []
    OUT[0] = out
    run.STATE.update(slot0=None, acts=0)
    classes, live = {}, {}
    names = []
    for name in "ABC"[:r.randint(0, 3)]:
        if names and r.random() < 0.25:
            base = r.choice(names)
        else:
            base = r.choice(BASES)
        ms = [f"{m}={method_code(r, m)}" for m, p in METHODS if r.random() < p]
        line = f"class {name} {base} " + " ".join(ms)
        ns = {"__module__": "__main__", "n": 0}
        for spec in ms:
            m, code = spec.split("=")
            ns[m] = run.method(name, m, code)
        try:
            classes[name] = type(name, (classes.get(base) or run.BUILTIN_TYPES[base],), ns)
        except TypeError:
            continue
        out.append(line)
        names.append(name)
    slots = 0

    def do(line):
        out.append(line)
        run.LOG.clear()
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        try:
            run.op(line.split(), classes, live)
        except Endless:
            out.pop()
            raise
        except Exception:
            if line.startswith("new"):
                live[int(line.split()[1])] = None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def new(spec):
        nonlocal slots
        s = slots
        slots += 1
        do(f"new {s} {spec}")

    def base_value():
        if names and r.random() < 0.6:
            new(f"i:{r.choice(names)}:{r.randint(0, 3)}")
        else:
            new("v:" + r.choice(VALUES))

    if names and r.random() < 0.25:
        new(f"lst:{r.choice(names)}:{r.randint(1, 3)}")
    elif r.random() < 0.4:
        new("v:" + r.choice(["[]", "[1,2,3]", "[1]", "{}", "{1:2,3:4}", "set()", "{1,2,3}"]))
    for _ in range(r.randint(1, 4)):
        base_value()

    def arg():
        return r.choice(["0", "1", "2", "3", "7", "10", "20"])

    def target(v):
        return v.__repr__.__self__ if type(v) in weakref.ProxyTypes else v

    def where(pred):
        ok = [s for s in range(slots) if pred(live.get(s))]
        return r.choice(ok) if ok and r.random() < 0.9 else r.randrange(slots)

    def weakable(v):
        try:
            weakref.ref(v)
            return True
        except TypeError:
            return False

    def empty_dict(v):
        """An empty dict, or a view of one."""
        try:
            t = target(v)
        except ReferenceError:
            return False
        if type(t) in (type({}.keys()), type({}.values()), type({}.items())):
            return not len(t)
        return isinstance(t, dict) and not dict.__len__(t)

    def is_iter(v):
        return hasattr(type(v), "__next__") or type(v) in weakref.ProxyTypes

    MUT = {list: ["append", "pop", "insert", "remove", "clear", "setitem", "delitem",
                  "append", "pop"],
           dict: ["setitem", "delitem", "pop", "popitem", "clear", "setitem"],
           set: ["add", "discard", "pop", "clear", "remove", "add"]}

    def mutable(v):
        try:
            v = target(v)
        except ReferenceError:
            return None
        for t in MUT:
            if isinstance(v, t):
                return t
        return None

    for _ in range(r.randint(4, 24)):
        x = r.random()
        if x < 0.08:
            base_value()
        elif x < 0.14:
            new(f"p:{where(weakable)}")
        elif x < 0.30:
            new(f"it:{where(lambda v: v is not None)}")
        elif x < 0.36:
            s = where(lambda v: v is not None)
            if empty_dict(live.get(s)):
                # CPython 3.11 crashes on the next step of a reverse iterator made
                # over an empty dict (or its view) whose table holds deleted entries
                # once the dict is cleared (it reads an entry of the empty table;
                # seed 34,492,679).
                continue
            new(f"rv:{s}")
        elif x < 0.39:
            kind = r.choice(['keys', 'values', 'items'])
            new(f"vw:{where(lambda v: isinstance(v, dict))}:{kind}")
        elif x < 0.58:
            op = r.choice(["next", "next", "next", "mnext", "hint", "lhm"])
            s = where(is_iter)
            do(f"{op} {s}")
        elif x < 0.80:
            op = r.choice(["list", "tuple", "set", "frozenset", "dict", "bytes", "extend",
                           "iadd", "slice", "supd", "in", "len", "hint", "isself", "repr"])
            s = where(lambda v: v is not None)
            if r.random() < 0.15:
                op = r.choice(["sext", "siadd"])
                # (Neither a proxy nor, as the operand, an iterator or an object of
                # the sequence's classes, which may iterate the list itself while it
                # grows: l.extend(iter(l)) never ends, in C code no alarm stops.)
                ok = [s for s in range(slots)
                      if isinstance(live.get(s), list) and not is_iter(live.get(s))]
                src = [s for s in range(slots)
                       if not is_iter(live.get(s)) and user_base(live.get(s)) is None]
                if ok and src:
                    s = r.choice(ok)
                    do(f"{op} {s} {r.choice([s, r.choice(src)])}")
                continue
            do(f"{op} {s}" + (f" {arg()}" if op == "in" else ""))
        else:
            s = where(mutable)
            t = mutable(live.get(s))
            if t is None:
                op = r.choice(["append", "add", "pop", "clear", "mrev"])
            else:
                op = r.choice(MUT[t] + ["mrev"])
            a = {"append": 1, "add": 1, "discard": 1, "remove": 1, "delitem": 1,
                 "setitem": 2, "insert": 2}.get(op, 0)
            if op == "pop" and t is dict:
                a = 1
            args = [arg() for _ in range(a)]
            do(f"{op} {s}" + "".join(f" {x}" for x in args))
    return out


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    lines = []
    for s in range(seed0, seed0 + count):
        lines.append(f"SEQ {s}")
        lines += gen_seq(random.Random(s))
        lines.append("END")
    sys.stdout.write("\n".join(lines) + "\n")
