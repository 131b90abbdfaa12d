"""Generate random calls of the builtin containers' methods reached as attributes.

Used by ``runtime-tests/cpython_differential.rs`` (test ``methods_random``): the
same ops text is run by ``methods_run.py`` on CPython and by ``methods::run`` in
that file on lethe, and the two outputs must agree line by line.

Usage: ``python3 methods_gen.py SEED0 COUNT``.

A sequence first makes its items (``item eN CODE``: an object with a user
``__eq__`` that logs and then, by ``CODE``, compares its key ``N`` with the
other's (``T``), raises (``R``), returns ``NotImplemented`` (``N``), ``'yes'``
(``X``), ``0`` (``Z``) or an object whose ``__bool__`` raises (``B``), or
changes receiver ``rN`` if it is a list (``M:rN:clear|pop|append``) and returns
``False``; hashed as
``1000 + N``, or unhashable for ``U``), its classes (``class CN BASE OVERRIDES…``:
derived from ``list``, ``dict``, ``set``, ``frozenset``, ``tuple`` or an earlier
class, overriding some of the builtin methods by a method that logs and returns
its tag, and maybe ``__getattr__`` (which logs and returns a tag), ``__eq__`` (by a code as above), ``__hash__`` (``2000 + the
receiver's number``), ``__iter__`` (which logs and yields ``'it'``) and
``__len__`` (which logs and says 3)), and its
receivers (``new rN TYPE ITEMS…``: a list, dict (``K=>V`` items), set,
frozenset, tuple, bytes or an instance of a class, made from the items; ``pN``
is a ``weakref.proxy`` to ``rN`` where one can be made), then runs ops:

- ``m R NAME STYLE ARGS… [; K=V…]``: calls method ``NAME`` of ``R`` (a receiver
  or a proxy): STYLE ``d`` as ``r.name(a0, …)``, ``b`` by the bound method
  (``m = r.name; m(a0, …)``), ``k`` by the bound method with the keywords
  (``m(*args, **kw)``);
- ``a R NAME ATTR``: an attribute of the bound method (``__self__``,
  ``__name__``, ``__qualname__``, ``__text_signature__``, ``__module__``,
  ``__class__``);
- ``e R1 NAME1 R2 NAME2``: two bound methods' ``==``, ``!=``, ``is``, whether
  their hashes are equal (when they are), ``<`` and the first's repr;
- ``set R NAME VALUE``, ``del R NAME``: ``setattr``/``delattr`` of the method's
  name on the receiver (an instance attribute then shadows the method);
  ``aset R NAME ATTR VALUE``: ``setattr`` on the bound method; ``h R NAME``:
  ``hasattr``; ``wr R NAME``: a weak reference to a bound method;
- ``vm R VIEW NAME STYLE ARGS…``: method ``NAME`` (``isdisjoint``,
  ``__reversed__``, or one views lack) of dict ``R``'s view ``VIEW``.

An index argument ``ixN`` is an object whose ``__index__`` logs and returns
``N`` (``ixR`` raises; ``ixaN`` first appends an item to the op's receiver if it
is a list, ``ixcN`` clears it).

Each op prints its result (or error), the methods the user code logged, and
every receiver's contents (in a canonical form: sets sorted, receivers and
proxies inside containers by their names).

Left out, as src/differences.rs has them differ: the unbound methods
(``list.append(l, 1)``), ``fromkeys``, ``__sizeof__`` and the methods lethe does
not have, ``__doc__``, ints past 64 bits, two stored dict keys of one hash that are
not equal (every user object hashes apart).
"""

from common import write_sequences

METHODS = {
    "list": ["append", "extend", "insert", "remove", "pop", "clear", "copy", "index",
             "count", "reverse", "sort", "__reversed__"],
    "tuple": ["index", "count"],
    "dict": ["get", "setdefault", "pop", "popitem", "update", "copy", "clear", "keys",
             "values", "items", "__reversed__"],
    "set": ["add", "discard", "remove", "pop", "clear", "copy", "update",
            "intersection_update", "difference_update", "symmetric_difference_update",
            "union", "intersection", "difference", "symmetric_difference", "issubset",
            "issuperset", "isdisjoint"],
    "frozenset": ["copy", "union", "intersection", "difference", "symmetric_difference",
                  "issubset", "issuperset", "isdisjoint"],
    "bytes": ["count", "find", "rfind", "index", "rindex", "startswith", "endswith",
              "decode", "__bytes__"],
}
BUILTIN = {"list": list, "tuple": tuple, "dict": dict, "set": set,
           "frozenset": frozenset, "bytes": bytes}
ALL_NAMES = sorted({n for v in METHODS.values() for n in v})

# (min, max) positional arguments, for the usual calls.
ARITY = {
    ("list", "append"): (1, 1), ("list", "extend"): (1, 1), ("list", "insert"): (2, 2),
    ("list", "remove"): (1, 1), ("list", "pop"): (0, 1), ("list", "index"): (1, 3),
    ("list", "count"): (1, 1), ("tuple", "index"): (1, 3), ("tuple", "count"): (1, 1),
    ("dict", "get"): (1, 2), ("dict", "setdefault"): (1, 2), ("dict", "pop"): (1, 2),
    ("dict", "update"): (0, 1), ("set", "add"): (1, 1), ("set", "discard"): (1, 1),
    ("set", "remove"): (1, 1), ("set", "update"): (0, 3),
    ("set", "intersection_update"): (0, 3), ("set", "difference_update"): (0, 3),
    ("set", "symmetric_difference_update"): (1, 1), ("set", "union"): (0, 3),
    ("set", "intersection"): (0, 3), ("set", "difference"): (0, 3),
    ("set", "symmetric_difference"): (1, 1), ("set", "issubset"): (1, 1),
    ("set", "issuperset"): (1, 1), ("set", "isdisjoint"): (1, 1),
    ("bytes", "count"): (1, 3), ("bytes", "find"): (1, 3), ("bytes", "rfind"): (1, 3),
    ("bytes", "index"): (1, 3), ("bytes", "rindex"): (1, 3),
    ("bytes", "startswith"): (1, 3), ("bytes", "endswith"): (1, 3),
    ("bytes", "decode"): (0, 2),
}
for _n in METHODS["frozenset"]:
    if ("set", _n) in ARITY:
        ARITY[("frozenset", _n)] = ARITY[("set", _n)]

# What each argument position is likely to want.
INDEX_ARGS = {("list", "insert"): [0], ("list", "pop"): [0], ("list", "index"): [1, 2],
              ("tuple", "index"): [1, 2]}
ITERABLE_METHODS = {"extend", "update", "intersection_update", "difference_update",
                    "symmetric_difference_update", "union", "intersection", "difference",
                    "symmetric_difference", "issubset", "issuperset", "isdisjoint"}

INTS = ["0", "1", "2", "3", "-1", "-2", "5", "-10", "100", "9223372036854775807",
        "-9223372036854775808", "4611686018427387904"]
SMALL = ["0", "1", "2", "3", "-1", "5", "1.0", "1.5", "True", "False", "'a'",
         "'b'", "'ab'", "''", "()", "(1,)", "(1,2)", "b'a'", "b''"]
# (None hashes by its address in CPython 3.11 and otherwise in lethe
# (src/differences.rs), so a set holding it iterates, pops and shows its repr in
# another order: None is never an element, a key or an argument a set method could
# store, only an index argument, a sort keyword's or an attribute's value.)
NONE = ["None"]
UNHASHABLE = ["[]", "[1]", "[1,2]", "{}", "{1:2}"]
ITERABLES = ["[]", "[1]", "[1,2]", "[2,3]", "(1,2)", "()", "'ab'", "{1:2}", "{'a':1}",
             "[(1,2)]", "[(1,)]", "[[1,2]]", "['ab']", "[(1,2),('a','b')]", "b'ab'",
             "{1,2}", "frozenset({1})"]
IDX = ["ix0", "ix1", "ix-1", "ix5", "ixR", "ixa-1", "ixa-3", "ixc-1", "ixc2", "ixa2"]
BYTES_ARGS = ["b'a'", "b'b'", "b'ab'", "b''", "97", "98", "256", "-1", "'a'", "(b'a',b'b')",
              "(b'x',)", "()", "(b'a','a')", "[97]", "None"]
KWNAMES = ["key", "reverse", "index", "default", "object", "value", "start", "stop",
           "encoding", "errors", "x", "iterable", "other", "a"]
KEYFUNCS = ["kid", "kraise", "None", "1"]
REVERSES = ["True", "False", "0", "1", "2", "None", "1.5", "9223372036854775807", "ix1"]
ATTRS = ["__self__", "__name__", "__qualname__", "__text_signature__", "__module__",
         "__class__"]
CODES = "TTTRNXZBU"
BYTES_RECV = ["b'abcab'", "b''", "b'a'", "b'\\x00a'", "b'hi\\xff'"]


def gen_seq(R):
    out = []
    items = []
    hashable_items = []
    for i in range(R.randint(0, 3)):
        code = R.choice(CODES)
        if R.random() < 0.2:
            # an __eq__ that changes list receiver rN (if it is one) and answers False
            code = f"M:r{R.randint(0, 3)}:{R.choice(['clear', 'pop', 'append'])}"
        out.append(f"item e{i} {code}")
        items.append(f"e{i}")
        if code != "U":
            hashable_items.append(f"e{i}")
    classes = {}  # name -> builtin base
    class_lines = []
    for i in range(R.randint(0, 3)):
        if classes and R.random() < 0.3:
            base = R.choice(list(classes))
            layout = classes[base]
        else:
            base = R.choice(["list", "dict", "set", "frozenset", "tuple", "list", "dict",
                             "set"])
            layout = base
        name = f"C{i}"
        over = [m for m in METHODS[layout] if R.random() < 0.12]
        if R.random() < 0.25:
            over.append("__eq__=" + R.choice(CODES[:-1]))
        if R.random() < 0.25:
            over.append("__hash__")
        if R.random() < 0.2:
            over.append("__iter__")
        if R.random() < 0.1:
            over.append("__getattr__")
        if R.random() < 0.15:
            over.append("__len__")
        classes[name] = layout
        out.append(f"class {name} {base} " + " ".join(over))
        class_lines.append(out[-1])

    hashable = SMALL + hashable_items

    def value(kind="any"):
        x = R.random()
        if kind == "hashable":
            return R.choice(hashable)
        if x < 0.45:
            return R.choice(SMALL)
        if x < 0.6 and items:
            return R.choice(items)
        if x < 0.7:
            return R.choice(UNHASHABLE)
        if x < 0.8 and recvs:
            return R.choice(recvs)
        if x < 0.85 and proxies:
            return R.choice(proxies)
        if x < 0.92:
            return R.choice(INTS)
        return R.choice(ITERABLES)

    recvs, proxies, layouts = [], [], {}
    for i in range(R.randint(1, 4)):
        t = R.choice(list(METHODS) + list(classes) * 2)
        layout = classes.get(t, t)
        if layout == "bytes":
            spec = R.choice(BYTES_RECV)
            out.append(f"new r{i} bytes {spec}")
        else:
            n = R.randint(0, 5)
            if layout == "dict":
                elems = [f"{value('hashable')}=>{value()}" for _ in range(n)]
            elif layout in ("set", "frozenset"):
                elems = [value("hashable") for _ in range(n)]
            else:
                elems = [value() for _ in range(n)]
            out.append(f"new r{i} {t} " + " ".join(elems))
        recvs.append(f"r{i}")
        layouts[f"r{i}"] = layout
        if t in classes and layout != "tuple" or t in ("set", "frozenset"):
            proxies.append(f"p{i}")
            layouts[f"p{i}"] = layout

    def arg(layout, name, pos):
        if name == "decode" and R.random() < 0.7:
            return R.choice(["'utf-8'", "'ascii'", "'latin-1'", "'x'", "'strict'",
                             "'ignore'", "'replace'"])
        if layout == "bytes":
            if R.random() < 0.8:
                return R.choice(BYTES_ARGS if pos == 0 else INTS + ["None", "ix1"])
            return value()
        if pos in INDEX_ARGS.get((layout, name), []):
            x = R.random()
            if x < 0.6:
                return R.choice(INTS)
            if x < 0.8:
                return R.choice(IDX)
            if x < 0.85:
                return R.choice(NONE)
            return value()
        if name in ITERABLE_METHODS and R.random() < 0.6:
            x = R.random()
            if x < 0.6:
                return R.choice(ITERABLES)
            return R.choice(recvs + proxies)
        if layout in ("set", "frozenset", "dict") and R.random() < 0.7:
            return value("hashable")
        return value()

    for _ in range(R.randint(5, 20)):
        x = R.random()
        r = R.choice(recvs + proxies)
        layout = layouts[r]
        if x < 0.8:
            if R.random() < 0.04:
                name = R.choice(ALL_NAMES)
                if name not in METHODS[layout] and hasattr(BUILTIN[layout], name):
                    continue  # a method lethe leaves out (src/differences.rs)
            else:
                name = R.choice(METHODS[layout])
            lo, hi = ARITY.get((layout, name), (0, 0))
            y = R.random()
            if y < 0.8:
                n = R.randint(lo, hi)
            else:
                n = R.randint(0, hi + 2)
            args = [arg(layout, name, i) for i in range(n)]
            if name == "extend" and args and args[0] == "p" + r[1:]:
                # (CPython's extend of a list by a proxy to it never ends)
                args[0] = "r" + r[1:]
            style = R.choice("ddbbk")
            kws = []
            if style == "k":
                if name == "sort" and R.random() < 0.8:
                    if R.random() < 0.7:
                        kws.append(f"key={R.choice(KEYFUNCS)}")
                    if R.random() < 0.6:
                        kws.append(f"reverse={R.choice(REVERSES)}")
                    if R.random() < 0.1:
                        kws.append(f"{R.choice(KWNAMES)}={value()}")
                elif name == "decode" and R.random() < 0.7:
                    if R.random() < 0.7:
                        kws.append("encoding=" + R.choice(["'utf-8'", "'ascii'", "'latin-1'", "'x'"]))
                    if R.random() < 0.5:
                        kws.append("errors=" + R.choice(["'strict'", "'ignore'", "'replace'", "'x'"]))
                else:
                    for _ in range(R.randint(0, 2)):
                        kws.append(f"{R.choice(KWNAMES)}={value()}")
                # no repeated keyword (a SyntaxError / a dict in Python)
                seen = set()
                kws = [k for k in kws if not (k.split('=')[0] in seen or seen.add(k.split('=')[0]))]
            line = f"m {r} {name} {style} " + " ".join(args)
            if kws:
                line += " ; " + " ".join(kws)
            out.append(line.rstrip())
        elif x < 0.86:
            name = R.choice(METHODS[layout])
            out.append(f"a {r} {name} {R.choice(ATTRS)}")
        elif x < 0.89:
            name = R.choice(METHODS[layout])
            y = R.random()
            if y < 0.4:
                out.append(f"set {r} {name} {R.choice(['kraise', '1', 'None', 'kid'])}")
            elif y < 0.6:
                out.append(f"del {r} {name}")
            elif y < 0.8:
                # (__module__ cannot be set in lethe, src/differences.rs.)
                attr = R.choice([a for a in ATTRS if a != "__module__"] + ["__doc__", "foo"])
                out.append(f"aset {r} {name} {attr} {R.choice(['1', 'None', 'kid'])}")
            else:
                out.append(f"h {r} {R.choice(ALL_NAMES + ['foo'])}")
        elif x < 0.9:
            out.append(f"wr {r} {R.choice(METHODS[layout])}")
        elif x < 0.93 and layout == "dict":
            view = R.choice(["keys", "values", "items"])
            name = R.choice(["isdisjoint", "isdisjoint", "__reversed__", "union"])
            n = R.choice([0, 1, 1, 1, 2]) if name == "isdisjoint" else R.choice([0, 0, 1])
            args = []
            for _ in range(n):
                y = R.random()
                args.append(R.choice(ITERABLES) if y < 0.5 else
                            R.choice(recvs + proxies) if y < 0.8 else value())
            out.append(f"vm {r} {view} {name} {R.choice('dbk')} " + " ".join(args))
        else:
            r2 = R.choice([r, r] + recvs + proxies)
            if r2 != r and layouts[r2] in ("tuple", "bytes"):
                r2 = r  # (CPython shares () and one-byte bytes)
            l2 = layouts[r2]
            name = R.choice(METHODS[layout])
            name2 = name if R.random() < 0.6 and name in METHODS[l2] else R.choice(METHODS[l2])
            out.append(f"e {r} {name} {r2} {name2}")
    return out


if __name__ == "__main__":
    write_sequences(gen_seq)
