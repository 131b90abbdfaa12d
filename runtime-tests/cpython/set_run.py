"""Run ``set_gen.py``'s sequences of set algebra on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``set_random``), whose
``sets::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 set_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result> h=<hashes> | v0=… v1=… v2=… v3=… d0=…``:
the result (``None``, a bool, a set, or ``ERR <type>: <message>``), how many
times a user ``__hash__`` was called during the op (its operands made first, not
counted; ``-`` when it did not run: an op without operands, or one whose operands
failed), and every variable after it.  A set is printed as its type's name, the
list of its members' forms in its iteration order, and its ``len``
(``set{K#3,1.0,2} n=3``): lethe's set table is CPython's and its hashes are
CPython's with ``PYTHONHASHSEED=0`` (which the test sets), so the order is
CPython's when every member's hash is such a number (``ordered``). NORMALIZE: a
set holding ``None`` (hashed by its address in CPython 3.11) lists its members'
forms sorted, as a dict lists its keys (``set{1.0,'a',K#3} n=3``), a member's form
being its ``repr`` for ints, floats,
bools and strs, its identity tag for the pooled objects (``K#3``: which of equal
members a result keeps is compared), and the same forms inside tuples and
frozensets.  A result that is one of the op's operands is marked ``is:<i>`` (0
the receiver or left operand).  A dict prints its keys the same way.

An op's operands are made first, with no ``B`` raising and no ``H`` acting (so a
``B`` switched bad is stored in the sets made for the op, whose operations must
then not ask its hash again; a ``B`` in a list operand raises when the op hashes
it), then the op runs.

NORMALIZE (kept from when lethe's sets iterated in insertion order, and CPython's
in hash order; both now iterate in CPython's, but for members hashed by
address): an op in which CPython iterates a set
through the iterator protocol, so in hash order, and stops at the first item that
decides (``s.isdisjoint(x)`` with ``x`` an instance of a set or frozenset subclass
without its own ``__iter__``; an operator or comparison between a dict's
``keys()`` and a set or frozenset, or such a subclass's instance, which the view
iterates) runs *quiet*: no ``B`` raises, no ``H`` or ``M`` acts and the hashes are
not counted (``h=?``), so that which items were reached first cannot show.
"""
import operator

from common import Pooled, err, run_main

ST = None  # the running sequence's State


def pooled_eq(me, o):
    return getattr(o, "kind", None) == me.kind and me.k == o.k


class K(Pooled):
    """Equal to and hashed as the other ``K``s of its key."""
    kind = "K"

    def __eq__(self, o):
        return pooled_eq(self, o)

    def __hash__(self):
        ST.nhash += 1
        return hash(self.k)


class B(Pooled):
    """A ``K`` whose ``__hash__`` raises while ``bad``."""
    kind = "B"
    bad = False

    def __eq__(self, o):
        return pooled_eq(self, o)

    def __hash__(self):
        ST.nhash += 1
        if self.bad and not (ST.quiet or ST.building):
            raise ValueError(f"bad hash {self.tag}")
        return hash(self.k)


class H(Pooled):
    """A ``K`` whose ``__hash__`` runs its action."""
    kind = "H"

    def __eq__(self, o):
        return pooled_eq(self, o)

    def __hash__(self):
        ST.nhash += 1
        if not (ST.quiet or ST.building):
            ST.act(self.act)
        return hash(self.k)


class M(Pooled):
    """Hashed apart (1000 + key); its ``__eq__`` runs its action in a ``mutop``."""
    kind = "M"

    def __eq__(self, o):
        if ST.mut and not ST.quiet:
            ST.act(self.act)
        return pooled_eq(self, o)

    def __hash__(self):
        ST.nhash += 1
        return 1000 + self.k


class U:
    """Unhashable."""

    def __eq__(self, o):
        return self is o


class SS(set):
    pass


class SI(set):
    alt = ["ghost"]

    def __iter__(self):
        return iter(self.alt)


class FS(frozenset):
    pass


class FI(frozenset):
    alt = ["ghost"]

    def __iter__(self):
        return iter(self.alt)


class DS(dict):
    pass


class DI(dict):
    alt = ["ghost"]

    def __iter__(self):
        return iter(self.alt)


TYPES = {"set": set, "frozenset": frozenset, "fz": frozenset, "SS": SS, "SI": SI,
         "FS": FS, "FI": FI}
BINOPS = {"|": operator.or_, "&": operator.and_, "-": operator.sub, "^": operator.xor}
IOPS = {"|=": operator.ior, "&=": operator.iand, "-=": operator.isub, "^=": operator.ixor}
CMPOPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
          "==": operator.eq, "!=": operator.ne}
VARS = ["v0", "v1", "v2", "v3", "d0"]
# ``r.name(a0, a1)``, a method call as Python code writes it, with its arguments
# listed (not a call of the bound method ``getattr(r, name)``, nor ``r.name(*a)``,
# which calls it too, whose argument errors name the receiver's type where the
# method call's name the method's: ``frozenset.union()``, as lethe's
# ``Heap::call_method``).
CALLS = {(name, n): eval(f"lambda r, {''.join(f'a{i}, ' for i in range(n))}: "
                         f"r.{name}({', '.join(f'a{i}' for i in range(n))})")
         for n in range(4) for name in (
    "copy", "union", "intersection", "difference", "symmetric_difference", "update",
    "intersection_update", "difference_update", "symmetric_difference_update",
    "issubset", "issuperset", "isdisjoint")}
IMMEDIATE = {"i0": 0, "i1": 1, "i2": 2, "i3": 3, "i7": 7, "f0": 0.0, "f1": 1.0, "f2": 2.0,
             "fh": 0.5, "fn": -0.0, "T": True, "F": False, "sa": "a", "sb": "b"}


def members(s):
    """A set's, frozenset's or dict's members, read from its table (not by a
    subclass's own ``__iter__``)."""
    if isinstance(s, frozenset):
        return list(frozenset.__iter__(s))
    if isinstance(s, set):
        return list(set.__iter__(s))
    return list(dict.__iter__(s))


def ordered(x):
    """Whether ``x``'s hash is the same number in lethe and in CPython run with
    ``PYTHONHASHSEED=0``, as the test runs it (ints, floats, bools, strs, the
    pooled objects, whose hashes are their keys', and tuples and frozensets of
    those; not ``None``, hashed by its address in 3.11): a set of such members
    iterates in the same order in both."""
    if x is None:
        return False
    if isinstance(x, tuple):
        return all(ordered(e) for e in x)
    if isinstance(x, (set, frozenset)):
        return all(ordered(e) for e in members(x))
    return True


def set_form(x):
    """``TYPE{member forms}``: a set's or frozenset's in its iteration order when
    every member is ``ordered``, else sorted; a dict's keys sorted."""
    forms = [mf(e) for e in members(x)]
    if not (isinstance(x, (set, frozenset)) and ordered(x)):
        forms.sort()
    return type(x).__name__ + "{" + ",".join(forms) + "}"


def mf(x):
    """A member's canonical form."""
    if isinstance(x, Pooled):
        return x.tag
    if isinstance(x, (bool, int, float, str)):
        return repr(x)
    if isinstance(x, tuple):
        return "(" + ",".join(mf(e) for e in x) + ")"
    if isinstance(x, (set, frozenset)):
        return set_form(x)
    return "?" + type(x).__name__


def show(x):
    """A variable's or result's form."""
    if x is None or isinstance(x, bool):
        return str(x)
    if isinstance(x, (set, frozenset, dict)):
        return set_form(x) + f" n={len(x)}"
    return "?" + type(x).__name__


class State:
    def __init__(self):
        # (Sets from the start: an H made before them may change them.)
        self.V = {"v0": set(), "v1": set(), "v2": set(), "v3": set(), "d0": {}}
        self.pool = {}
        self.quiet = False
        self.building = False  # while the op's operands are made
        self.mut = False
        self.nhash = 0
        self.h = "-"  # the op's hashes, once it ran

    def act(self, spec):
        """An ``H``'s or ``M``'s action: ``none``, ``clear.VAR``, ``add.VAR.ITEM``
        or ``discard.VAR.ITEM``, a method call on the variable."""
        a = spec.split(".")
        if a[0] == "none":
            return
        getattr(self.V[a[1]], a[0])(*[self.X(t) for t in a[2:]])

    def X(self, t):
        """A member token."""
        if t in self.pool:
            return self.pool[t]
        if t in IMMEDIATE:
            return IMMEDIATE[t]
        P = self.pool
        return {
            "t1": lambda: (1, "a"), "t2": lambda: (1.0, "a"),
            "tK": lambda: (P["K0"], 1), "tB": lambda: (P["B0"],), "tL": lambda: (1, []),
            "z0": lambda: frozenset(), "z1": lambda: frozenset([1]),
            "z1f": lambda: frozenset([1.0]), "z12": lambda: frozenset([1, 2]),
            "zK": lambda: frozenset([P["K0"]]), "zB": lambda: frozenset([P["B0"]]),
            "L": lambda: [], "E": lambda: set(), "D": lambda: {}, "U": lambda: U(),
        }[t]()

    def O(self, t):
        """An operand token, made *building*: no ``B`` raises and no ``H`` acts, so
        that a ``B`` switched bad is still stored in the sets made for the op (whose
        operations must then not ask its hash again)."""
        self.building = True
        try:
            return self.O1(t)
        finally:
            self.building = False

    def O1(self, t):
        if t in self.V:
            return self.V[t]
        if t == "int":
            return 5
        if t == "none":
            return None
        kind, _, body = t.partition(":")
        if kind == "str":
            return body
        items = [self.X(x) for x in body.split(",") if x]
        if kind == "list":
            return items
        if kind == "tup":
            return tuple(items)
        if kind == "it":
            return iter(items)
        if kind in TYPES:
            o = TYPES[kind](items)
            if kind in ("SI", "FI"):
                o.alt = ["ghost"] + items[::-1]
            return o
        d = {}
        for x in items:
            d[x] = None
        if kind == "dict":
            return d
        if kind == "keys":
            return d.keys()
        if kind == "DS":
            return DS(d)
        o = DI(d)
        o.alt = ["ghost"] + list(d)[::-1]
        return o

    def pool_op(self, w):
        cls = {"kpool": K, "bpool": B, "hpool": H, "mpool": M}[w[0]]
        for i, spec in enumerate(w[1:]):
            k, _, act = spec.partition(":")
            o = cls(f"{cls.kind}#{i}", int(k))
            if act:
                o.act = act
            self.pool[f"{cls.kind}{i}"] = o

    def op(self, w):
        """One op: its result's form (the variables are printed after it)."""
        op = w[0]
        if op.endswith("pool"):
            self.pool_op(w)
            return "None"
        if op == "bad":
            self.pool[w[1]].bad = w[2] == "1"
            return "None"
        if op == "mk":
            self.V[w[1]] = self.O(w[2])
            return "None"
        tgt = None
        if w[-1].startswith(">"):
            tgt, w = w[-1][1:], w[:-1]
        if op == "ctor":
            args = [self.O(t) for t in w[2:]]
            T = TYPES[w[1]]
            ops = args
            f = lambda: T(*args)  # noqa: E731
        elif op in ("m", "mutop"):
            recv = self.O(w[1])
            args = [self.O(t) for t in w[3:]]
            ops = [recv] + args
            f = lambda: CALLS[w[2], len(args)](recv, *args)  # noqa: E731
        elif op == "el":
            recv = self.V[w[1]]
            args = [self.X(t) for t in w[3:]]
            ops = [recv] + args
            f = lambda: getattr(recv, w[2])(*args)  # noqa: E731
        elif op in ("bin", "cmp"):
            a, b = self.O(w[2]), self.O(w[3])
            ops = [a, b]
            g = (BINOPS if op == "bin" else CMPOPS)[w[1]]
            f = lambda: g(a, b)  # noqa: E731
        elif op == "ibin":
            a, b = self.V[w[2]], self.O(w[3])
            ops = [a, b]
            tgt = w[2]
            f = lambda: IOPS[w[1]](a, b)  # noqa: E731
        else:
            raise SystemExit("unknown op " + op)
        self.quiet = quiet(op, w, ops)
        self.mut = op == "mutop"
        self.nhash = 0
        try:
            r = f()
        finally:
            self.h = "?" if self.quiet else str(self.nhash)
            self.quiet = self.mut = False
        if tgt is not None and isinstance(r, (set, frozenset)):
            self.V[tgt] = r
        s = mf(r) if op == "el" and r is not None else show(r)
        for i, o in enumerate(ops):
            if r is o and isinstance(r, (set, frozenset)):
                s += f" is:{i}"
                break
        return s


def quiet(op, w, ops):
    """NORMALIZE: whether CPython iterates a set in hash order during the op,
    stopping at the item that decides (see the module's docstring)."""
    plain = (set, frozenset, SS, FS)
    if op in ("m", "mutop"):
        return w[2] == "isdisjoint" and len(ops) == 2 and type(ops[1]) in (SS, FS)
    if op in ("bin", "ibin", "cmp"):
        a, b = (type(o) for o in ops)
        keys = type({}.keys())
        return (a is keys and b in plain) or (b is keys and a in plain)
    return False


def run_seq(lines, out):
    global ST
    ST = st = State()
    for n, line in enumerate(lines):
        st.h = "-"
        try:
            res = st.op(line.split())
        except Exception as e:
            res = "ERR " + err(e)
        vs = " ".join(f"{v}={show(st.V[v])}" for v in VARS)
        out.append(f"{n} {line} => {res} h={st.h} | {vs}")
    ST = None


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
