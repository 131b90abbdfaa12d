"""Run ``dictlist_gen.py``'s sequences of dict and list methods on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``dictlist_random``), whose
``dictlist::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 dictlist_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result> log=<calls> | d0=… d1=… l0=… l1=…``: the
result (its ``repr``; ``ERR <type>: <message>`` for an exception; NORMALIZE: a set
in a canonical form, ``set{…}`` of its members' sorted reprs: a set made here may
have held ``None``, which CPython 3.11 hashes by its address, and where it sat
decides where later members go, even once it is gone; ``set_random`` compares
sets' orders), the user code the op ran (``eq K#1 K#3``, ``lt Q#0 1``, ``h K#2``, ``keys``,
``getitem 'a'``, ``key 3``…, ``;``-separated, in the order it ran; its operands are
made first and not logged) and every variable's ``repr`` after it.  The pooled
objects' reprs are their tags (``K#3``).

NORMALIZE (src/differences.rs: nesting past 800 levels in a repr or ``==``
raises ``RecursionError``, CPython's limit is 1000): an op that raises
``RecursionError`` prints ``log=?``, as how many comparisons ran before differs.

NORMALIZE: ``vop ^`` prints its log sorted. CPython's ``view ^ iterable`` makes a
set of the iterable and walks it in that set's order, asking each member's
``__eq__`` in that order; lethe's walked it in insertion order when its sets kept
that order, and this log is still compared sorted.

"""

from common import Pooled, err, method_calls, run_main

ST = None  # the running sequence's State


def short(o):
    """An operand's form in the log: a repr for the simple values and the pooled
    objects, else the type's name."""
    if o is None or isinstance(o, (bool, int, float, str, Pooled)):
        return repr(o)
    return type(o).__name__


class K(Pooled):
    """Equal to the other ``K``s of its key, hashed 100 + key // 2 (apart from every
    other key, but the ``K``s of keys 0 and 1 collide unequal); its ``__eq__``,
    ``__lt__`` and ``__hash__`` log."""

    def __eq__(self, o):
        ST.log.append(f"eq {self.tag} {short(o)}")
        if not isinstance(o, K):
            return NotImplemented
        return self.k == o.k

    def __lt__(self, o):
        ST.log.append(f"lt {self.tag} {short(o)}")
        if not isinstance(o, K):
            return NotImplemented
        return self.k < o.k

    def __hash__(self):
        ST.log.append(f"h {self.tag}")
        return 100 + self.k // 2


class Q(Pooled):
    """A ``K`` of its own (200 + key) whose ``__lt__`` also appends ``'q'`` to
    ``l0``."""

    def __eq__(self, o):
        ST.log.append(f"eq {self.tag} {short(o)}")
        if not isinstance(o, Q):
            return NotImplemented
        return self.k == o.k

    def __lt__(self, o):
        ST.log.append(f"lt {self.tag} {short(o)}")
        ST.V["l0"].append("q")
        if not isinstance(o, Q):
            return NotImplemented
        return self.k < o.k

    def __hash__(self):
        ST.log.append(f"h {self.tag}")
        return 200 + self.k


class E(Pooled):
    """Equal to and hashed as the other ``E``s of its key (300 + key), no ``<``;
    its ``__eq__`` changes ``l0`` (``act``: ``pop`` its last item, ``app`` an
    item while it has fewer than 12, ``clr``, ``none``)."""

    def __eq__(self, o):
        ST.log.append(f"eq {self.tag} {short(o)}")
        l0 = ST.V["l0"]
        if self.act == "pop" and l0:
            l0.pop()
        elif self.act == "app" and len(l0) < 12:
            l0.append("e")
        elif self.act == "clr":
            l0.clear()
        if not isinstance(o, E):
            return NotImplemented
        return self.k == o.k

    def __hash__(self):
        ST.log.append(f"h {self.tag}")
        return 300 + self.k


class P(Pooled):
    """Equal to any ``P``, hashed apart (500 + its number); its ``__eq__`` pops
    the newest item of ``d0``."""

    def __eq__(self, o):
        ST.log.append(f"eq {self.tag} {short(o)}")
        if ST.V["d0"]:
            ST.V["d0"].popitem()
        if not isinstance(o, P):
            return NotImplemented
        return True

    def __hash__(self):
        ST.log.append(f"h {self.tag}")
        return 500 + self.k


class MapObj:
    """A mapping that is not a dict: ``keys()`` and ``[]`` over its ``data``."""

    def __init__(self, data):
        self.data = data

    def keys(self):
        ST.log.append("keys")
        return list(self.data)

    def __getitem__(self, k):
        ST.log.append(f"getitem {short(k)}")
        return self.data[k]


def kid(x):
    ST.log.append(f"key {short(x)}")
    return x


def ktype(x):
    ST.log.append(f"key {short(x)}")
    return type(x).__name__


def kraise(x):
    ST.log.append(f"key {short(x)}")
    if isinstance(x, str) and x == "b":
        raise ValueError("bad key")
    return x


def kmut(x):
    ST.log.append(f"key {short(x)}")
    ST.V["l0"].append("m")
    return x


def kneg(x):
    ST.log.append(f"key {short(x)}")
    return -x


SORT_KEYS = {"none": None, "kid": kid, "ktype": ktype, "kraise": kraise,
             "kmut": kmut, "kneg": kneg}
IMMEDIATE = {"i0": 0, "i1": 1, "i2": 2, "i3": 3, "in1": -1, "in2": -2, "f0": 0.0,
             "f1": 1.0, "fh": 0.5, "T": True, "F": False, "sa": "a", "sb": "b",
             "sc": "c", "N": None}
VARS = ["d0", "d1", "l0", "l1"]
CMP = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b,
       "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
       ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
VOPS = {"&": lambda a, b: a & b, "|": lambda a, b: a | b,
        "-": lambda a, b: a - b, "^": lambda a, b: a ^ b, **CMP}
CALLS = method_calls(("get", "setdefault", "pop", "popitem", "update", "copy", "clear",
                      "append", "extend", "insert", "remove", "index", "count",
                      "reverse"))


def show(x):
    """A result's form: its repr, a set's canonical form."""
    if isinstance(x, (set, frozenset)):
        return type(x).__name__ + "{" + ",".join(sorted(repr(e) for e in x)) + "}"
    return repr(x)


class State:
    def __init__(self):
        self.V = {"d0": {}, "d1": {}, "l0": [], "l1": []}
        self.pool = {}
        self.log = []

    def X(self, t):
        """A key, item or value token."""
        if t in self.pool:
            return self.pool[t]
        if t in IMMEDIATE:
            return IMMEDIATE[t]
        if t in self.V:
            return self.V[t]
        P = self.pool
        return {
            "t1": lambda: (1, "a"), "t2": lambda: (1.0, "a"), "tK": lambda: (P["K0"],),
            "t0": lambda: (), "tL": lambda: (1, []), "L": lambda: [],
        }[t]()

    def I(self, t):
        """An index token: an int, or ``T``, ``fh``, ``sa``, ``N``."""
        if t.lstrip("-").isdigit():
            return int(t)
        return IMMEDIATE[t]

    def pairs(self, body):
        out = []
        for p in body.split(","):
            if p:
                k, _, v = p.partition("=")
                out.append((self.X(k), self.X(v)))
        return out

    def O(self, t):
        """An operand token."""
        if t in self.V:
            return self.V[t]
        if t == "int":
            return 5
        if t == "none":
            return None
        if t == "bad1":
            return [(1,)]
        if t == "bad3":
            return [(1, 2, 3)]
        if t == "badnon":
            return [5]
        if ":" not in t:
            return self.X(t)
        kind, _, body = t.partition(":")
        if kind == "str":
            return body
        if kind == "set":
            return {int(x) for x in body.split(",") if x}
        if kind == "keysof":
            return self.V[body].keys()
        if kind == "itemsof":
            return self.V[body].items()
        if kind == "swapof":
            swap = {self.pool["P0"]: self.pool["P1"], self.pool["P1"]: self.pool["P0"]}
            return {k: swap.get(v, v) if isinstance(v, P) else v
                    for k, v in self.V[body].items()}
        if kind in ("dict", "pairs", "itp", "mapobj", "mapbad"):
            ps = self.pairs(body)
            if kind == "pairs":
                return ps
            if kind == "itp":
                return iter(ps)
            d = {}
            for k, v in ps:
                d[k] = v
            if kind == "dict":
                return d
            m = MapObj(d)
            if kind == "mapbad":
                m.keys = lambda: ST.log.append("keys") or [*d, "zz"]
            return m
        items = [self.X(x) for x in body.split(",") if x]
        if kind == "list":
            return items
        if kind == "tup":
            return tuple(items)
        if kind == "it":
            return iter(items)
        raise SystemExit("bad operand " + t)

    def kwargs(self, body):
        return {k: self.X(v) for k, _, v in (p.partition("=") for p in body.split(","))}

    def op(self, w):
        """One op: its result's form, ``None`` for one that only sets up."""
        op = w[0]
        V = self.V
        if op in ("kpool", "qpool", "epool", "ppool"):
            name = op[0].upper()
            cls = {"K": K, "Q": Q, "E": E, "P": P}[name]
            for i, spec in enumerate(w[1:]):
                k, _, act = spec.partition(":")
                o = self.pool[f"{name}{i}"] = cls(f"{name}#{i}", int(k))
                if act:
                    o.act = act
            return "None"
        if op == "mk":
            V[w[1]] = self.O(w[2])
            return "None"
        tgt = None
        if w[-1].startswith(">"):
            tgt, w = w[-1][1:], w[:-1]
        if op == "dset":
            d, k, v = V[w[1]], self.X(w[2]), self.X(w[3])
            f = lambda: d.__setitem__(k, v)  # noqa: E731
        elif op == "dget":
            d, k = V[w[1]], self.X(w[2])
            f = lambda: d[k]  # noqa: E731
        elif op == "ddel":
            d, k = V[w[1]], self.X(w[2])
            f = lambda: d.__delitem__(k)  # noqa: E731
        elif op in ("din", "lin"):
            c, k = V[w[1]], self.X(w[2])
            f = lambda: k in c  # noqa: E731
        elif op == "dm":
            d = V[w[1]]
            args = [self.O(t) if w[2] == "update" else self.X(t) for t in w[3:]]
            f = lambda: CALLS[w[2], len(args)](d, *args)  # noqa: E731
        elif op == "dkw":
            d = V[w[1]]
            kw = self.kwargs(w[2])
            args = [self.O(t) for t in w[3:]]
            f = lambda: d.update(*args, **kw)  # noqa: E731
        elif op == "view":
            d = V[w[1]]
            v = getattr(d, w[2])()
            f = lambda: f"{v!r} len={len(v)} rev={list(reversed(v))!r}"  # noqa: E731
        elif op == "vin":
            v = getattr(V[w[1]], w[2])()
            x = self.O(w[3]) if ":" in w[3] else self.X(w[3])
            f = lambda: x in v  # noqa: E731
        elif op == "vop":
            v = getattr(V[w[2]], w[3])()
            b = self.O(w[4])
            g = VOPS[w[1]]
            f = lambda: g(v, b)  # noqa: E731
        elif op == "dctor":
            kw = self.kwargs(w[2]) if len(w) > 2 else {}
            args = [] if w[1] == "-" else [self.O(w[1])]
            f = lambda: dict(*args, **kw)  # noqa: E731
        elif op == "dbin":
            a, b = V[w[2]], self.O(w[3])
            f = lambda: a | b  # noqa: E731
        elif op == "dibin":
            a, b = V[w[2]], self.O(w[3])
            tgt = w[2]

            def f():
                x = a
                x |= b
                return x
        elif op in ("dcmp", "lcmp"):
            a, b = V[w[2]], self.O(w[3])
            g = CMP[w[1]]
            f = lambda: g(a, b)  # noqa: E731
        elif op == "drev":
            d = V[w[1]]
            f = lambda: list(reversed(d))  # noqa: E731
        elif op in ("diter", "diterf"):
            d = V[w[1]] if op == "diter" else self.O(w[1])
            act, x = w[2], self.X(w[3])

            def f():
                got = []
                it = iter(d)
                try:
                    while True:
                        try:
                            k = next(it)
                        except StopIteration:
                            break
                        got.append(k)
                        if len(got) == 1:
                            if act == "add":
                                d[x] = "new"
                            elif act == "del":
                                del d[k]
                            elif act == "set":
                                d[k] = "set"
                            elif act == "popadd":
                                d.popitem()
                                d[x] = "new"
                            elif act == "deladd":
                                del d[k]
                                d[x] = "new"
                            elif act == "cycle":
                                for _ in range(7):
                                    del d[k]
                                    d[k] = "new"
                            elif act == "clear":
                                d.clear()
                except Exception as e:
                    got = f"{got!r} ERR {err(e)}"
                else:
                    got = repr(got)
                return got if op == "diter" else f"{got} d={d!r}"
        elif op == "lm":
            lst, m = V[w[1]], w[2]
            args = [self.O(t) if m == "extend"
                    else self.I(t) if (m == "insert" and i == 0) or m == "pop"
                    or (m == "index" and i > 0)
                    else self.X(t)
                    for i, t in enumerate(w[3:])]
            f = lambda: CALLS[m, len(args)](lst, *args)  # noqa: E731
        elif op == "lsort":
            lst, key = V[w[1]], SORT_KEYS[w[2]]
            kw = {} if key is None else {"key": key}
            if w[3] != "-":
                kw["reverse"] = int(w[3])
            f = lambda: lst.sort(**kw)  # noqa: E731
        elif op == "lget":
            lst, i = V[w[1]], self.I(w[2])
            f = lambda: lst[i]  # noqa: E731
        elif op == "lset":
            lst, i, v = V[w[1]], self.I(w[2]), self.X(w[3])
            f = lambda: lst.__setitem__(i, v)  # noqa: E731
        elif op == "ldel":
            lst, i = V[w[1]], self.I(w[2])
            f = lambda: lst.__delitem__(i)  # noqa: E731
        elif op == "lbin":
            a = V[w[2]]
            b = self.O(w[3]) if w[1] == "+" else self.I(w[3])
            f = (lambda: a + b) if w[1] == "+" else (lambda: a * b)
        elif op == "libin":
            a = V[w[2]]
            b = self.O(w[3]) if w[1] == "+=" else self.I(w[3])
            tgt = w[2]

            def f():
                x = a
                if w[1] == "+=":
                    x += b
                else:
                    x *= b
                return x
        else:
            raise SystemExit("unknown op " + op)
        self.log = []
        self.ran = True
        r = f()
        if tgt is not None:
            V[tgt] = r
        return r if op in ("diter", "diterf", "view") else show(r)


def run_seq(lines, out):
    global ST
    ST = st = State()
    for n, line in enumerate(lines):
        st.log = []
        st.ran = False
        log = None
        try:
            res = st.op(line.split())
            log = st.log if st.ran else []
        except RecursionError as e:
            res = "ERR " + err(e)
        except Exception as e:
            res = "ERR " + err(e)
            log = st.log if st.ran else []
        try:
            vs = " ".join(f"{v}={st.V[v]!r}" for v in VARS)
        except RecursionError as e:
            vs = "ERR " + err(e)
        if log is not None and line.startswith("vop ^ "):
            log = sorted(log)  # NORMALIZE: see the docstring
        logs = "?" if log is None else ";".join(log)
        out.append(f"{n} {line} => {res} log={logs} | {vs}")
    ST = None


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
