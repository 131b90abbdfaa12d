"""Run ``iteration_gen.py``'s iteration sequences on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``iteration_random``), whose
``iteration::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 iteration_run.py OPS_FILE``.

One line per op: ``N OP... -> RESULT | CALLS``, the result as ``TYPE REPR``
(addresses as ``0x?``, a proxy's type as ``proxy``) or the error, then the user
methods called, in order.
"""
import operator
import weakref

from common import err, norm, run_main

LOG = []
BUILTIN_TYPES = {"object": object, "list": list, "tuple": tuple, "dict": dict, "set": set,
                 "frozenset": frozenset, "str": str}


class Stop(Exception):
    pass


def type_name(o):
    return "proxy" if type(o) in weakref.ProxyTypes else type(o).__name__


def fmt(v):
    if type(v) in (set, frozenset) and v:
        # NORMALIZE (src/differences.rs: objects hash by lethe's own function): a
        # set's members in sorted order.
        items = ", ".join(sorted(norm(repr(x)) for x in v))
        return f"{type(v).__name__} {{{items}}}"
    try:
        r = norm(repr(v))
    except Exception as e:
        r = "<repr " + err(e) + ">"
    return f"{type_name(v)} {r}"


STATE = {"slot0": None, "acts": 0}


def do_act(self, a):
    """A method's action ``+a`` (add), ``+p`` (pop) or ``+c`` (clear), on ``self``
    when it is a list, dict or set, else on slot 0 when that is one (not a proxy);
    each logged as ``act<a>``."""
    LOG.append(f"act{a}")
    t = self if isinstance(self, (list, dict, set)) else STATE["slot0"]
    if type(t) in weakref.ProxyTypes or not isinstance(t, (list, dict, set)):
        return
    STATE["acts"] += 1
    k = 100 + STATE["acts"]
    base = list if isinstance(t, list) else dict if isinstance(t, dict) else set
    try:
        if a == "a":
            if base is list:
                list.append(t, k)
            elif base is dict:
                dict.__setitem__(t, k, 0)
            else:
                set.add(t, k)
        elif a == "p":
            {list: list.pop, dict: dict.popitem, set: set.pop}[base](t)
        else:
            base.clear(t)
    except (IndexError, KeyError):
        pass


def method(cname, m, code):
    code, _, act = code.partition("+")
    f = method_body(cname, m, code)
    if f is None or not act:
        return f

    def g(self, *args):
        do_act(self, act)
        return f(self, *args)
    return g


def method_body(cname, m, code):
    tag = f"{cname}.{m}"
    if code == "X":
        return None

    def fail(e):
        raise {"I": IndexError, "S": StopIteration, "K": KeyError, "V": ValueError,
               "T": TypeError, "R": ValueError}[e](tag)

    if m == "__iter__":
        def f(self):
            LOG.append(f"{tag}()")
            if code == "S":
                return self
            if code == "L":
                return iter([7, 8, 9])
            if code == "N":
                return 5
            if code == "Q":
                return [1]
            if code == "P":
                return weakref.proxy(self)
            if code == "D":
                return iter([1, 2])
            if code == "W":
                t = STATE["slot0"]
                return iter(t if type(t) in (list, dict, set, tuple, str) else [4, 5])
            fail(code)
        return f
    if m == "__next__":
        kind, k = code[0], int(code[1:])

        def f(self):
            LOG.append(f"{tag}()")
            n = self.n
            if kind == "Z":
                self.n = n + 1
                if n == k or n > 2 * k + 1:
                    raise StopIteration
                return n + 1
            if n >= k:
                if kind == "K":
                    raise StopIteration
                if kind == "J":
                    raise StopIteration("stop")
                fail({"E": "V", "I": "I"}[kind])
            self.n = n + 1
            return n + 1
        return f
    if m == "__getitem__":
        k, e = int(code[1:-1]), code[-1]

        def f(self, i):
            LOG.append(f"{tag}({i!r})")
            if isinstance(i, int) and 0 <= i < k:
                return i * 10
            fail(e)
        return f
    if m in ("__len__", "__length_hint__"):
        c = code[1:]

        def f(self):
            LOG.append(f"{tag}()")
            if c in ("R", "T"):
                fail(c)
            return {"a": "a", "f": 1.5, "b": True, "N": NotImplemented}.get(c) \
                if not c.lstrip("-").isdigit() else int(c)
        return f
    if m == "__reversed__":
        def f(self):
            LOG.append(f"{tag}()")
            if code == "S":
                return self
            if code == "L":
                return iter([3, 2, 1])
            if code == "N":
                return 5
            fail("R")
        return f
    if m == "__contains__":
        def f(self, x):
            LOG.append(f"{tag}({x!r})")
            if code == "R":
                fail("R")
            return {"T": True, "F": False, "Z": 0, "E": [], "O": "x"}[code]
        return f
    raise ValueError(m)


def builtin_base(cls):
    for b in cls.__mro__:
        if b in (list, tuple, dict, set, frozenset, str):
            return b
    return object


def make(cls, k):
    base = builtin_base(cls)
    items = list(range(1, k + 1))
    if base is object:
        return cls()
    if base is dict:
        return cls({i: i * 10 for i in items})
    if base is str:
        return cls("abc"[:k])
    return cls(items if base is not tuple else tuple(items))


def run_seq(ops, out):
    classes, slots = {}, {}
    STATE.update(slot0=None, acts=0)
    for n, line in enumerate(ops):
        w = line.split()
        LOG.clear()
        if w[0] == "class":
            ns = {"__module__": "__main__", "n": 0}
            for spec in w[3:]:
                m, code = spec.split("=")
                ns[m] = method(w[1], m, code)
            base = classes.get(w[2]) or BUILTIN_TYPES[w[2]]
            try:
                classes[w[1]] = type(w[1], (base,), ns)
                res = "ok"
            except Exception as e:
                res = err(e)
            out.append(f"{n} {line} -> {res}")
            continue
        try:
            res = op(w, classes, slots)
        except Exception as e:
            res = err(e)
            if w[0] == "new":
                slots[int(w[1])] = None
        out.append(f"{n} {line} -> {res} | {' '.join(LOG)}")


def op(w, classes, slots):
    if w[0] == "new":
        kind, rest = w[2].split(":", 1)
        if kind == "v":
            v = eval(rest)
        elif kind == "i":
            c, k = rest.split(":")
            v = make(classes[c], int(k))
        elif kind == "lst":
            c, k = rest.split(":")
            v = [make(classes[c], 1) for _ in range(int(k))]
        else:
            parts = rest.split(":")
            s = slots[int(parts[0])]
            if kind == "p":
                v = weakref.proxy(s)
            elif kind == "it":
                v = iter(s)
            elif kind == "rv":
                v = reversed(s)
            else:
                v = getattr(s, parts[1])()
        slots[int(w[1])] = v
        if w[1] == "0":
            STATE["slot0"] = v
        return fmt(v)
    s = slots[int(w[1])]
    a = [int(x) for x in w[2:]]
    o = w[0]
    if o == "next":
        try:
            return fmt(next(s))
        except StopIteration:
            return "END"
    if o == "mnext":
        return fmt(s.__next__())
    if o in ("list", "tuple", "set", "frozenset", "dict", "bytes"):
        return fmt(BUILTIN_TYPES.get(o, bytes)(s))
    if o == "extend":
        l = [0]
        l.extend(s)
        return fmt(l)
    if o == "iadd":
        l = [0]
        l += s
        return fmt(l)
    if o == "slice":
        l = [0, 9]
        l[1:1] = s
        return fmt(l)
    if o == "sext":
        s.extend(slots[a[0]])
        return fmt(s)
    if o == "siadd":
        s += slots[a[0]]
        slots[int(w[1])] = s
        return fmt(s)
    if o == "supd":
        t = set()
        t.update(s)
        return fmt(t)
    if o == "in":
        return fmt(a[0] in s)
    if o == "len":
        return fmt(len(s))
    if o == "hint":
        return fmt(operator.length_hint(s, 99))
    if o == "lhm":
        return fmt(s.__length_hint__())
    if o == "isself":
        return fmt(iter(s) is s)
    if o == "repr":
        return fmt(s)
    if o in ("delitem", "pop", "popitem", "clear"):
        r = None
        if o == "delitem":
            del s[a[0]]
        else:
            r = getattr(s, o)(*a)
        return "None" if o == "delitem" else fmt(r)
    if o == "setitem":
        s[a[0]] = a[1]
        return "None"
    if o == "delitem":
        del s[a[0]]
        return "None"
    if o == "mrev":
        return fmt(s.__reversed__())
    return fmt(getattr(s, o)(*a))


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
