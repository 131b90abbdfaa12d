"""Run ``classes_gen.py``'s sequences of user classes and attribute ops on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``classes_random``), whose
``classes::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 classes_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result>``: the result's ``repr`` (``ERR <type>:
<message>`` for an exception, a line break in it as ``\\n``; ``repr-ERR …`` when
the result's own ``repr`` raises), ``skip`` for an op naming a variable that is
not set.  The classes are made by ``type(name, bases, namespace)`` as a class
statement makes them, or by ``dataclasses.make_dataclass`` (without ``__eq__``
and ``__repr__``) for those with fields; their methods are Python functions
named as the class statement names them (``C.f``, module the class's).

NORMALIZE: addresses in reprs and messages (``0x?``, ``common.norm``); a hash is
printed only when it is small (``|h| < 10**6``), else as ``big``, and a bound
method's always as ``big``: CPython hashes objects, functions, methods and strs
by address or a per-process random key, lethe by its own functions (src/differences.rs); a dataclass that defines its own ``__init__`` has its
``__doc__`` (its name and that ``__init__``'s signature, made by ``inspect``) set
to its name alone, as lethe cannot read a native ``__init__``'s signature
(src/differences.rs); a dataclass's generated ``__init__`` of a module not imported
(``None``, from the globals it is made in) has the class's module as its
``__module__``, as lethe, which has no modules, gives it (src/differences.rs).  A collection runs
before a weak reference is called (``wget``) and before an op on
``__weakref__`` or on a variable holding a weak reference, so that what
CPython's reference counting frees at once is gone on both sides; ``==`` and
``!=`` print their value (what ``Heap::rich_eq`` and ``Heap::rich_ne`` give);
``repr`` and ``str`` the text of a str subclass's instance (what ``Heap::repr``
and ``Heap::str`` give).
"""
import dataclasses
import gc
import types
import warnings
import weakref

from common import err, method_calls, norm, run_main

# (`bool(NotImplemented)`, which a `__eq__` or `__bool__` may return, is what is
# tested: no warning on stderr.)
warnings.filterwarnings("ignore", "NotImplemented should not be used", DeprecationWarning)

IMMEDIATE = {"i0": 0, "i1": 1, "i2": 2, "in1": -1, "sa": "a", "s3": "3", "sZ": "Z",
             "sQ": "Q", "N": None, "T": True}
# Builtin types by name (as bases and operands).
BUILTINS = {"object": object, "int": int, "float": float, "str": str, "tuple": tuple,
            "list": list, "dict": dict, "set": set, "frozenset": frozenset}
# Every name ``cm`` calls (``classes_gen.py``'s pools), as Python code calls it.
CALLS = method_calls(["x", "y", "k", "f", "g", "append", "get", "pop", "count", "copy",
                      "p", "q", "r", "__class__", "__doc__", "__module__", "__name__",
                      "__qualname__", "__mro__", "__bases__", "__self__", "__func__",
                      "__weakref__", "__init__", "__getattr__", "__call__", "__bool__",
                      "__len__", "__repr__", "__str__", "__eq__", "__ne__", "__hash__",
                      "__match_args__"])
RETURNS = {"rT": True, "rF": False, "r0": 0, "r2": 2, "rn": -1, "rN": None,
           "rNI": NotImplemented}


def fmt_args(a, kw):
    """A method's arguments after its receiver, and its keywords, as ``mt``
    prints them."""
    s = repr(tuple(a[1:]))
    if kw:
        s += "{" + ",".join(f"{k}={v!r}" for k, v in kw.items()) + "}"
    return s


def make_fn(kind, cls, name, module):
    """The method ``cls.name`` of ``kind`` (``classes_gen.py``'s docstring)."""
    where = f"{cls}.{name}" if cls else name
    if kind == "mt":
        def f(*a, **kw):
            return where + fmt_args(a, kw)
    elif kind == "ms":
        def f(*a, **kw):
            return a[0] if a else None
    elif kind in RETURNS:
        v = RETURNS[kind]

        def f(*a, **kw):
            return v
    elif kind == "xv":
        def f(*a, **kw):
            raise ValueError(where + fmt_args(a, kw))
    elif kind == "xa":
        def f(*a, **kw):
            raise AttributeError(where + fmt_args(a, kw))
    elif kind == "ia":
        def f(*a, **kw):
            if a:
                a[0].args = fmt_args(a, kw)
    else:
        raise SystemExit("bad method kind " + kind)
    f.__name__ = name
    f.__qualname__ = where
    f.__module__ = module
    return f


def err_text(e):
    """An exception's form: ``common.err``'s, addresses masked, a line break as
    ``\\n``; ``<exception str() failed>`` (CPython's traceback's words) for one
    whose ``str`` raises (a ``KeyError`` whose key's repr raises)."""
    try:
        text = err(e)
    except Exception:
        text = f"{type(e).__name__}: <exception str() failed>"
    return norm(text).replace("\n", "\\n")


def show(v):
    try:
        return norm(repr(v))
    except Exception as e:
        return "repr-ERR " + err_text(e)


def show_hash(x):
    """NORMALIZE: ``hash(x)`` if small, else ``big`` (see the docstring); a bound
    method's is ``big`` whatever it is (CPython's XORs two addresses' hashes,
    small when the two objects lie close)."""
    h = hash(x)
    if isinstance(x, (types.MethodType, types.BuiltinMethodType)):
        return "big"
    return str(h) if abs(h) < 10**6 else "big"


class Skip(Exception):
    """An op naming a variable that is not set."""


class State:
    def __init__(self):
        self.V = {}
        self.fn = make_fn("mt", None, "free", "__main__")

    def X(self, t):
        """A value token: an immediate, a variable, a builtin type."""
        if t in IMMEDIATE:
            return IMMEDIATE[t]
        if t == "fn":
            return self.fn
        if t == "tup":
            return (1, 2)
        if t == "t0":
            return ()
        if t == "lst":
            return [1, 2]
        if t == "prs":
            return [(1, "a")]
        if t == "tupcls":
            return (int, self.V["A"]) if "A" in self.V else (int,)
        if t in BUILTINS:
            return BUILTINS[t]
        if t in self.V:
            return self.V[t]
        raise Skip

    def call_args(self, words):
        args, kw = [], {}
        for w in words:
            if "=" in w:
                k, _, v = w.partition("=")
                kw[k] = self.X(v)
            else:
                args.append(self.X(w))
        return args, kw

    def klass(self, w):
        name = w[1]
        module = "__main__"
        bases, fields, ns = (), None, {}
        for word in w[2:]:
            k, _, v = word.partition("=")
            if k == "m":
                module = v
            elif k == "b":
                bases = tuple(self.X(b) for b in v.split(",")) if v != "-" else ()
            elif k == "fields":
                fields = [f for f in v.split(",") if f]
            elif v.startswith("v:"):
                ns[k] = self.X(v[2:])
            else:
                ns[k] = make_fn(v, name, k, module)
        ns["__module__"] = module
        if fields is None:
            c = type(name, bases, ns)
        else:
            c = dataclasses.make_dataclass(name, fields, bases=bases, namespace=ns,
                                           eq=False, repr=False)
            if "__init__" in ns:
                c.__doc__ = c.__name__  # NORMALIZE: see the docstring
            elif c.__init__.__module__ is None:
                c.__init__.__module__ = module  # NORMALIZE: see the docstring
        self.V[name] = c
        return c

    def op(self, w):
        op = w[0]
        V = self.V
        tgt = None
        if w[-1].startswith(">"):
            tgt, w = w[-1][1:], w[:-1]
        if op == "class":
            return show(self.klass(w))
        if op == "new":
            c = self.X(w[2])
            args, kw = self.call_args(w[3:])
            r = V[w[1]] = c(*args, **kw)
            return show(r)
        if op == "drop":
            self.X(w[1])
            del V[w[1]]
            gc.collect()
            return "None"
        x = self.X(w[1])
        if "__weakref__" in w or any(isinstance(V.get(t), weakref.ref) for t in w[1:]):
            # An object's first weak reference, or an op on a weak reference: a
            # collection first, as for `wget` (CPython frees at once a weak reference
            # a variable let go of, and an object a variable no longer holds).
            gc.collect()
        if op == "get":
            r = getattr(x, w[2])
        elif op == "set":
            r = setattr(x, w[2], self.X(w[3]))
        elif op == "del":
            r = delattr(x, w[2])
        elif op == "has":
            r = hasattr(x, w[2])
        elif op == "call":
            args, kw = self.call_args(w[2:])
            r = x(*args, **kw)
        elif op == "cm":
            args, _ = self.call_args(w[3:])
            r = CALLS[w[2], len(args)](x, *args)
        elif op == "bool":
            r = bool(x)
        elif op == "len":
            r = len(x)
        # (The text of a str subclass's instance a `__repr__` or `__str__` returned:
        # `Heap::repr` and `Heap::str` give the text.)
        elif op == "repr":
            r = str.__str__(repr(x))
        elif op == "str":
            r = str.__str__(str(x))
        elif op == "hash":
            return show_hash(x)
        elif op in ("eq", "ne", "is", "heq"):
            y = self.X(w[2])
            # (`Heap::rich_eq` and `Heap::rich_ne`: the expression's value.)
            if op == "eq":
                r = x == y
            elif op == "ne":
                r = x != y
            elif op == "is":
                r = x is y
            else:
                r = hash(x) == hash(y)
        elif op == "isinst":
            r = isinstance(x, self.X(w[2]))
        elif op == "type":
            r = type(x)
        elif op == "wref":
            r = weakref.ref(x)
        elif op == "wm":
            r = weakref.WeakMethod(getattr(x, w[2]))
            # (Its referent may be a temporary: a collection makes lethe free it
            # as CPython has.)
            gc.collect()
        elif op == "wget":
            # A collection first: what the variables let go of is then gone on
            # both sides (CPython frees it at once by reference counting).
            gc.collect()
            r = x()
        else:
            raise SystemExit("unknown op " + op)
        if tgt is not None:
            V[tgt] = r
        return show(r)


def run_seq(lines, out):
    st = State()
    for n, line in enumerate(lines):
        try:
            res = st.op(line.split())
        except Skip:
            res = "skip"
        except Exception as e:
            res = "ERR " + err_text(e)
        out.append(f"{n} {line} => {res}")
    st.V.clear()
    gc.collect()


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
