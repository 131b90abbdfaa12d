"""Run ``methods_gen.py``'s method calls on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``methods_random``), whose
``methods::run`` runs the same ops on lethe and prints the same format.  Usage:
``python3 methods_run.py OPS_FILE``.

Each op prints ``N OP -> RESULT | LOG | r0=… r1=…``: the result (or the error),
the user code's calls, in order, and every receiver's contents afterwards.
"""
import weakref

from common import HEX, err, method_calls, run_main

LOG = []
NAMED = []  # (name, object): items, receivers, proxies
CALLS = method_calls(sorted({
    "append", "extend", "insert", "remove", "pop", "clear", "copy", "index", "count",
    "reverse", "sort", "__reversed__", "get", "setdefault", "popitem", "update", "keys",
    "values", "items", "add", "discard", "intersection_update", "difference_update",
    "symmetric_difference_update", "union", "intersection", "difference",
    "symmetric_difference", "issubset", "issuperset", "isdisjoint", "find", "rfind",
    "rindex", "startswith", "endswith", "decode", "__bytes__"}), 6)
VIEW_CALLS = method_calls(["isdisjoint", "__reversed__", "union"], 3)
BASES = {"list": list, "dict": dict, "set": set, "frozenset": frozenset, "tuple": tuple,
         "bytes": bytes}


def tn(o):
    return "proxy" if type(o) in weakref.ProxyTypes else type(o).__name__


class Item:
    pass


class Bad:
    def __bool__(self):
        LOG.append("Bad.bool")
        raise ValueError("bool")


CUR = [None]  # the running op's receiver (a proxy's referent)


class Idx:
    def __init__(self, n, act=""):
        self.n = n
        self.act = act

    def __index__(self):
        LOG.append(f"ix.index")
        t = CUR[0]
        if self.act and isinstance(t, list) and type(t) not in weakref.ProxyTypes:
            if self.act == "a":
                list.append(t, "x")
            else:
                list.clear(t)
        if self.n is None:
            raise ValueError("ix")
        return self.n


def make_funcs():
    """``kid`` and ``kraise``, made anew for each sequence (as lethe's are, per heap):
    an op may set attributes on them."""
    def kid(*a, **kw):
        LOG.append("kid")
        return a[0] if a else None

    def kraise(*a, **kw):
        LOG.append("kraise")
        raise ValueError("kraise")

    kid.__qualname__, kraise.__qualname__ = "kid", "kraise"
    return {"kid": kid, "kraise": kraise}


FUNCS = make_funcs()


ENV = {}


def answer(tag, code, self, other, n):
    """An ``__eq__``'s answer by ``code``."""
    if code.startswith("M"):
        _, target, action = code.split(":")
        t = ENV.get(target)
        if isinstance(t, list):
            if action == "clear":
                del t[:]
            elif action == "pop":
                if list.__len__(t):
                    del t[-1]
            elif list.__len__(t) < 12:
                list.append(t, 1)
        return False
    if code in "TU":
        if n is None:
            return other is self
        kk = other if type(other) in (int, bool, float) else getattr(other, "k", None)
        return kk is not None and kk == n
    if code == "R":
        raise ValueError(tag)
    if code == "N":
        return NotImplemented
    if code == "X":
        return "yes"
    if code == "Z":
        return 0
    if code == "B":
        return Bad()
    raise AssertionError(code)


def make_item(name, code):
    n = int(name[1:])

    def eq(self, other):
        LOG.append(f"{name}.eq({tn(other)})")
        return answer(name, code, self, other, n)

    def hash_(self):
        LOG.append(f"{name}.hash")
        return 1000 + n

    ns = {"__eq__": eq, "__hash__": None if code == "U" else hash_, "__module__": "__main__"}
    o = type("E", (Item,), ns)()
    o.k = n
    return o


def make_class(w, classes):
    name, base = w[1], w[2]
    ns = {"__module__": "__main__"}
    for spec in w[3:]:
        if spec.startswith("__eq__="):
            code = spec.split("=")[1]

            def eq(self, other, code=code):
                LOG.append(f"{name}.eq({tn(other)})")
                return answer(name, code, self, other, None)
            ns["__eq__"] = eq
        elif spec == "__hash__":
            def hash_(self):
                LOG.append(f"{name}.hash")
                return 2000 + self.idx
            ns["__hash__"] = hash_
        elif spec == "__len__":
            def len_(self):
                LOG.append(f"{name}.len")
                return 3
            ns["__len__"] = len_
        elif spec == "__getattr__":
            def ga(self, attr):
                LOG.append(f"{name}.getattr({attr})")
                if attr.startswith("__"):
                    raise AttributeError(attr)
                return f"{name}.getattr"
            ns["__getattr__"] = ga
        elif spec == "__iter__":
            def it(self):
                LOG.append(f"{name}.iter")
                return iter(["it"])
            ns["__iter__"] = it
        else:
            def m(self, *a, _tag=f"{name}.{spec}", **kw):
                LOG.append(f"{_tag}({len(a)},{len(kw)})")
                return _tag
            m.__name__, m.__qualname__ = spec, f"{name}.{spec}"
            ns[spec] = m
    b = classes.get(base) or BASES[base]
    classes[name] = type(name, (b,), ns)


def value(tok, env):
    if tok in env:
        return env[tok]
    if tok.startswith("ix"):
        if tok == "ixR":
            return Idx(None)
        if tok[2] in "ac":
            return Idx(int(tok[3:]), tok[2])
        return Idx(int(tok[2:]))
    return eval(tok, dict(FUNCS))


def show(v, top=False):
    for name, o in NAMED:
        # (Not exact tuples and bytes: CPython shares ``()`` and one-byte bytes.)
        if o is v and (not top or isinstance(o, Item)) and type(o) not in (tuple, bytes):
            return name
    t = type(v)
    if t in weakref.ProxyTypes:
        return "proxy?"
    n = t.__name__
    if isinstance(v, (set, frozenset)):
        return n + "{" + ", ".join(sorted(show(x) for x in (frozenset() | v))) + "}"
    if isinstance(v, list):
        return n + "[" + ", ".join(show(x) for x in [] + v) + "]"
    if isinstance(v, tuple):
        return n + "(" + ", ".join(show(x) for x in () + v) + ")"
    if isinstance(v, dict):
        return n + "{" + ", ".join(f"{show(k)}: {show(x)}" for k, x in dict.items(v)) + "}"
    if n in ("dict_keys", "dict_values", "dict_items") or n.endswith("iterator"):
        return n + "[" + ", ".join(show(x) for x in v) + "]"
    return HEX.sub("0x?", repr(v))


def run_seq(ops, out):
    global NAMED, FUNCS
    NAMED = []
    FUNCS = make_funcs()
    CUR[0] = None
    env = ENV
    env.clear()
    classes = {}
    recvs = []

    def state():
        return " ".join(f"{nm}={show(o, True)}" for nm, o in recvs)

    for i, line in enumerate(ops):
        w = line.split()
        LOG.clear()
        if w[0] == "item":
            env[w[1]] = make_item(w[1], w[2])
            NAMED.append((w[1], env[w[1]]))
            continue
        if w[0] == "class":
            make_class(w, classes)
            continue
        if w[0] == "new":
            name, t = w[1], w[2]
            try:
                if t == "bytes":
                    o = eval(w[3])
                else:
                    cls = classes.get(t) or BASES[t]
                    base = next(b for b in cls.__mro__ if b in BASES.values())
                    if base is dict:
                        elems = [tuple(value(x, env) for x in e.split("=>")) for e in w[3:]]
                    else:
                        elems = [value(x, env) for x in w[3:]]
                    o = cls(elems)
                    if cls not in BASES.values():
                        o.idx = int(name[1:])
                result = "ok"
            except Exception as e:
                result = err(e)
                o = None
            env[name] = o
            recvs.append((name, o))
            NAMED.append((name, o))
            try:
                p = weakref.proxy(o)
                env["p" + name[1:]] = p
                NAMED.append(("p" + name[1:], p))
            except TypeError:
                pass
            out.append(f"{i} {line} -> {result} | {' '.join(LOG)} | {state()}")
            continue
        try:
            if w[0] == "m":
                r, name, style = env[w[1]], w[2], w[3]
                rest = w[4:]
                kw = {}
                if ";" in rest:
                    j = rest.index(";")
                    for spec in rest[j + 1:]:
                        k, x = spec.split("=", 1)
                        kw[k] = value(x, env)
                    rest = rest[:j]
                args = [value(x, env) for x in rest]
                CUR[0] = env.get("r" + w[1][1:])
                LOG.clear()
                if style == "d":
                    f = CALLS.get((name, len(args)))
                    result = f(r, *args) if f else getattr(r, name)(*args)
                elif style == "b":
                    m = getattr(r, name)
                    result = m(*args)
                else:
                    m = getattr(r, name)
                    result = m(*args, **kw)
                result = show(result)
            elif w[0] == "vm":
                v = getattr(env[w[1]], w[2])()
                args = [value(x, env) for x in w[5:]]
                CUR[0] = env.get("r" + w[1][1:])
                LOG.clear()
                if w[4] == "d":
                    f = VIEW_CALLS.get((w[3], len(args)))
                    result = f(v, *args) if f else getattr(v, w[3])(*args)
                else:
                    result = getattr(v, w[3])(*args)
                result = show(result)
            elif w[0] == "a":
                result = show(getattr(getattr(env[w[1]], w[2]), w[3]))
            elif w[0] == "e":
                m1 = getattr(env[w[1]], w[2])
                m2 = getattr(env[w[3]], w[4])
                # (unequal methods' hashes may collide in CPython)
                same_hash = hash(m1) == hash(m2) if m1 == m2 else "-"
                try:
                    lt = m1 < m2
                except Exception as e:
                    lt = err(e)
                result = (f"{m1 == m2} {m1 != m2} {m1 is m2} {same_hash} {lt} "
                          f"{HEX.sub('0x?', repr(m1))}")
            elif w[0] == "set":
                setattr(env[w[1]], w[2], value(w[3], env))
                result = "None"
            elif w[0] == "del":
                delattr(env[w[1]], w[2])
                result = "None"
            elif w[0] == "aset":
                setattr(getattr(env[w[1]], w[2]), w[3], value(w[4], env))
                result = "None"
            elif w[0] == "h":
                result = str(hasattr(env[w[1]], w[2]))
            elif w[0] == "wr":
                m = getattr(env[w[1]], w[2])
                r = weakref.ref(m)
                result = f"ref {r() is m}"
            else:
                raise AssertionError(line)
        except Exception as e:
            result = HEX.sub("0x?", err(e))
        log = " ".join(LOG)
        out.append(f"{i} {line} -> {result} | {log} | {state()}")


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
