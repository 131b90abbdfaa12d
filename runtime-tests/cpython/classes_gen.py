"""Generate random sequences of user classes and the attribute/method protocol.

Used by ``runtime-tests/cpython_differential.rs`` (test ``classes_random``): the
same ops text is run by ``classes_run.py`` on CPython and by ``classes::run`` in
that file on lethe, and the two outputs must agree line by line.

Usage: ``python3 classes_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s [py]`` and made from ``random.Random(s)`` alone, so
``python3 classes_gen.py s 1`` reproduces it.  Odd seeds are flagged ``py``:
lethe's runner then makes ``bool(x)``, ``str(x)``, ``type(x)`` by calling the
builtin types (not by ``Heap::truthy``, ``Heap::str``, ``Heap::type_of``);
CPython's runner ignores the flag.

A sequence defines classes ``A``..``F`` (``class NAME [m=MODULE] b=BASES
[fields=FIELDS] [ATTR=KIND…]``: 0 to 3 bases among the classes before it and the
builtin types ``object``, ``int``, ``float``, ``str``, ``tuple``, ``list``,
``dict``, ``set``, ``frozenset``, so multiple inheritance, MRO conflicts,
duplicate bases and layout conflicts; fields, as ``ClassBuilder::fields`` and a
``dataclass`` declare them, some of them bad names; class attributes that are
values (an int, a str, ``None``, a free function ``fn``, which becomes a method)
or methods of a few kinds (``mt``: returns ``'C.name(args)'`` with its
positional arguments after the receiver and its keywords; ``ms``: returns its
receiver; ``rT``, ``rF``, ``r0``, ``r2``, ``rn`` (-1), ``rN`` (``None``),
``rNI`` (``NotImplemented``): return that; ``xv``, ``xa``: raise ``ValueError``
or ``AttributeError`` naming the method and its arguments; ``ia``: stores its
arguments in ``args``) under plain names and under ``__init__``,
``__getattr__``, ``__call__``, ``__bool__``, ``__len__``, ``__repr__``,
``__str__``, ``__eq__``, ``__ne__``, ``__hash__``, or a ``__qualname__``),
makes instances (``new VAR CLASS ARGS… [k=V…]``: wrong arities, keywords,
builtin bases' arguments) and runs 20 to 45 ops on variables holding instances,
classes, bound methods, functions and weak references:

- ``get X NAME [>VAR]``, ``set X NAME VALUE``, ``del X NAME``, ``has X NAME``:
  instance and class attributes (shadowing, deletion revealing the class's,
  setting on the class seen by the instances), methods inherited and overridden
  (bound, and as plain functions from the class), ``__getattr__``, the special
  attributes (``__class__``, ``__doc__``, ``__module__``, ``__name__``,
  ``__qualname__``, ``__mro__``, ``__bases__``, ``__self__``, ``__func__``,
  ``__weakref__``, an instance's and a class's: its descriptor, set and
  deleted on the class too) read and set;
- ``call X ARGS… [>VAR]`` (an instance's ``__call__``, a class, a bound method,
  a function), ``cm X NAME ARGS… [>VAR]`` (a method call by name);
- ``bool``, ``len``, ``repr``, ``str``, ``hash`` of a variable; ``eq``, ``ne``,
  ``is``, ``heq`` (``hash(a) == hash(b)``) of two; ``isinst X C``, ``type X``;
- ``wref X >W`` (``weakref.ref``), ``wm X NAME >W`` (``weakref.WeakMethod`` of
  ``X.NAME``, shown after a collection: its ``__self__`` may be a temporary, which
  CPython frees when the constructor returns and lethe at a collection), ``wget W`` (calling it, after a collection), ``drop X`` (the
  variable deleted, then a collection).

An op naming a variable that is not set (its class could not be made, its
instance not made) prints ``skip`` on both sides.

Left out, as src/differences.rs has them differ: ``object``'s own methods
and a builtin type's protocol methods are not attributes (``o.__init__``,
``o.__eq__``, ``list.__len__``): a special name is read or asked for only when a
user class ahead of the target's first builtin base defines it, a builtin
method's name (``append``, ``get``, ``pop``, ``count``, ``copy``) only on an
instance, never on a class (no unbound method descriptors), never on a subclass
of ``str``, ``int`` or ``float`` (whose methods lethe lacks), nor ``pop`` on a
subclass of ``set`` (its members may be objects, which CPython hashes by
address: another order), and a class that derives from ``set`` or ``frozenset`` (or a variable
that may hold one) is called with immediates only (of one item, or ``(1, 2)``,
whose order is CPython's too: not a str such as ``'dict'`` from a variable); a
class with a builtin base is not passed as an argument (``dict(C)`` calls
``C.keys()``, an unbound method), nor a variable that was given an instance's
``__class__``, which may be such a class; ``__dict__``; a builtin's ``__doc__``; a
builtin method's ``__module__`` set or deleted; ``type`` called with three
arguments (no class is made but by ``Heap::class``: only an instance's
``__class__`` is kept in a variable, not that of a class, function or method,
whose constructors are beside the point); assigning ``__class__``; and
``__bases__`` assigned a tuple of classes (lethe refuses it, "``__bases__``
assignment is not supported": only the assignments CPython refuses are made).  Field names are never
class attribute names (a ``dataclass`` takes a class attribute of a field's
name, its own or inherited, as its default), and ``__dataclass_fields__``, which
``dataclass`` adds, is never read.  Keyword
arguments are distinct (Python code cannot pass one twice).
"""

from common import pick, write_sequences

NAMES = "ABCDEF"
BUILTINS = ["object", "int", "float", "str", "tuple", "list", "dict", "set", "frozenset"]
PLAIN = ["x", "y", "k"]
METHS = ["f", "g"]
# Builtin methods' names: lethe has these for list, dict, set, frozenset, tuple.
BMETHS = ["append", "get", "pop", "count", "copy"]
FIELDS = ["p", "q", "r"]
SPECIAL = ["__class__", "__doc__", "__module__", "__name__", "__qualname__", "__mro__",
           "__bases__", "__self__", "__func__", "__weakref__", "__match_args__"]
DUNDER_KINDS = {
    "__init__": ["ia"] * 8 + ["rN", "mt", "r0", "xv", "v:N"],
    "__getattr__": ["mt", "mt", "xa", "xa", "xv", "rN", "ms"],
    "__call__": ["mt", "ms", "xv", "v:i1"],
    "__bool__": ["rT", "rF", "r0", "rN", "xv", "mt"],
    "__len__": ["r0", "r2", "rn", "rT", "rN", "mt", "xv"],
    "__repr__": ["mt", "mt", "r0", "xv", "ms"],
    "__str__": ["mt", "mt", "r0", "xv", "ms"],
    "__eq__": ["rT", "rF", "rNI", "rNI", "mt", "xv"],
    "__ne__": ["rT", "rF", "rNI"],
    "__hash__": ["r2", "rn", "rT", "rN", "mt", "v:N"],
}
DUNDERS = list(DUNDER_KINDS)
METHOD_KINDS = ["mt", "mt", "mt", "ms", "xv", "xa", "rT", "r2", "rNI"]
IMMEDIATES = ["i0", "i1", "i2", "in1", "sa", "s3", "N", "T", "fn", "tup", "lst", "prs"]
INSTANCES = ["o0", "o1", "o2", "o3"]
MVARS = ["m0", "m1", "m2"]
WVARS = ["w0", "w1"]
# What each builtin base's instances need to be made from.
BUILTIN_ARGS = {"object": [], "int": ["i2", "s3"], "float": ["i2"], "str": ["sa", "i1"],
                "tuple": ["tup", "lst"], "list": ["tup", "lst"], "dict": ["prs"],
                "set": ["tup", "lst"], "frozenset": ["tup"]}


class Gen:
    def __init__(self, R):
        self.R = R
        self.out = []
        # name -> {"bases": [...], "names": the names defined on it, "mro": its C3
        # order}: the classes CPython makes
        self.classes = {}
        # variable -> the classes of the instances it may hold (a `new` may fail)
        self.inst = {}
        # class name -> its own fields (None: it declares none)
        self.fields = {}
        # how many classes were made (or tried): the next one's name
        self.made = 0
        # whether this sequence makes WeakMethods
        self.weak_methods = R.random() < 0.5
        # the variables an op has assigned (which may have failed)
        self.assigned = set()
        # the classes whose variable was dropped (an op on it is skipped, and sets or
        # deletes nothing)
        self.dropped = set()
        # the ``m`` variables that may hold a class read through ``__class__``
        # (perhaps one with a builtin base: never passed as an argument)
        self.class_vars = set()

    def var(self, pool):
        """A variable of ``pool``, mostly one assigned before."""
        have = [v for v in pool if v in self.assigned]
        if have and self.R.random() < 0.9:
            return self.R.choice(have)
        return self.R.choice(pool)

    def store(self, pool):
        """A ``>VAR`` target of ``pool``."""
        v = self.R.choice(pool)
        self.assigned.add(v)
        return f" >{v}"

    def ancestry(self, c, seen=None):
        """The user classes and builtin types along ``c``'s bases (``c`` too)."""
        seen = set() if seen is None else seen
        if c in seen:
            return seen
        seen.add(c)
        for b in self.classes.get(c, {}).get("bases", []):
            self.ancestry(b, seen)
        return seen

    def defined(self, c):
        """The names a user class along ``c``'s MRO defines ahead of its first
        builtin base (whose protocol methods lethe keeps out of its namespace)."""
        names = set()
        for a in self.mro(c) if c in self.classes else []:
            if a in BUILTINS:
                break
            names |= self.classes[a]["names"]
        return names

    def value(self):
        """A value token: an immediate, an instance, a class, a ``m`` variable."""
        R = self.R
        # (Classes without a builtin base: one with one has the builtin's unbound
        # methods as attributes in CPython, `dict(C)` calls `C.keys()`.)
        plain = [c for c in self.classes if not self.ancestry(c) & set(BUILTINS[1:])]
        mvars = [m for m in MVARS if m not in self.class_vars]
        return pick(R, [(0.6, lambda: R.choice(IMMEDIATES)),
                        (0.8, lambda: self.var(INSTANCES)),
                        (0.9, lambda: R.choice(plain or ["int"]))],
                    lambda: self.var(mvars) if mvars else R.choice(IMMEDIATES))

    def args(self, lo=0, hi=3, plain=False):
        """``lo`` to ``hi`` positional argument tokens; only immediates if
        ``plain`` (for a call that may make a set: see the docstring)."""
        return [self.value() if self.R.random() < 0.3 and not plain
                else self.R.choice(IMMEDIATES[:7])
                for _ in range(self.R.randrange(lo, hi + 1))]

    def set_like(self, c):
        """Whether class ``c`` derives from ``set`` or ``frozenset``."""
        return c in self.classes and bool(self.ancestry(c) & {"set", "frozenset"})

    def kwargs(self, fields=False):
        """Now and then keyword arguments (``k=V`` tokens): field names (and one
        that is not) for a class call, others for any call."""
        R = self.R
        if R.random() > (0.35 if fields else 0.12):
            return []
        names = FIELDS + ["z"] if fields else ["kw", "p"]
        # (Distinct: Python code cannot pass a keyword twice.)
        return [f"{k}={R.choice(IMMEDIATES[:7])}"
                for k in R.sample(names, R.randrange(1, 3))]

    def method_kind(self, name):
        """What a class attribute ``name`` is: ``v:VALUE`` or a method kind."""
        R = self.R
        if name in DUNDER_KINDS:
            return R.choice(DUNDER_KINDS[name])
        if name in PLAIN and R.random() < 0.7:
            return "v:" + R.choice(["i1", "i2", "sa", "N", "fn", "tup"])
        if R.random() < 0.1:
            return "v:" + R.choice(["i1", "fn"])
        return R.choice(METHOD_KINDS)

    def mro(self, c):
        """``c``'s C3 order (as ``valid`` predicted it), ``c`` a class made."""
        if c in BUILTINS:
            return [c] if c == "object" else [c, "object"]
        return self.classes[c]["mro"]

    def valid(self, name, bases):
        """The MRO of a class ``name`` with ``bases``, if CPython makes it: no base
        twice, at most one builtin layout but ``object``'s, a C3 order."""
        if len(set(bases)) < len(bases):
            return None
        seqs = [list(self.mro(b)) for b in bases] + [list(bases)]
        layouts = {m for s in seqs for m in s if m in BUILTINS and m != "object"}
        if len(layouts) > 1:
            return None
        out = [name]
        while any(seqs):
            seqs = [s for s in seqs if s]
            for s in seqs:
                head = s[0]
                if not any(head in t[1:] for t in seqs):
                    break
            else:
                return None
            out.append(head)
            for t in seqs:
                if t[0] == head:
                    del t[0]
        return out if bases else [name, "object"]

    def klass(self):
        """A ``class`` op: the next class, recorded if CPython will make it."""
        R = self.R
        name = NAMES[self.made]
        self.made += 1
        # Mostly a class CPython makes; now and then whatever comes (a duplicate
        # base, a layout conflict, no consistent order).
        any_bases = R.random() < 0.1
        for _ in range(20):
            bases = []
            for _ in range(R.choices([0, 1, 2, 3], [3, 5, 3, 1])[0]):
                if self.classes and R.random() < 0.8:
                    bases.append(R.choice(list(self.classes)))
                else:
                    bases.append(R.choice(BUILTINS))
            mro = self.valid(name, bases)
            if any_bases or mro:
                break
        else:
            bases, mro = [], [name, "object"]
        words = ["class", name]
        if R.random() < 0.1:
            words.append("m=" + R.choice(["mod", "pkg.mod"]))
        words.append("b=" + (",".join(bases) or "-"))
        fields = []
        bad = False
        if R.random() < 0.25:
            fields = R.sample(FIELDS, R.randrange(0, 4))
            r = R.random()
            bad = r < 0.12
            if r < 0.04:
                fields.append("class")
            elif r < 0.08:
                fields.append("1a")
            elif r < 0.12:
                fields += ["p", "p"]
            words.append("fields=" + ",".join(fields))
        declared = words[-1].startswith("fields=")
        self.fields[name] = [f for f in fields if f in FIELDS] if declared else None
        names = set()
        pool = PLAIN + METHS + BMETHS + DUNDERS + DUNDERS
        for _ in range(R.randrange(0, 6)):
            a = R.choice(pool)
            if a in names:
                continue
            kind = self.method_kind(a)
            names.add(a)
            words.append(f"{a}={kind}")
        if R.random() < 0.05:
            q = R.choice(["sQ", "sQ", "i1"])
            bad = bad or q == "i1"
            words.append("__qualname__=v:" + q)
        if "__eq__" in names and "__hash__" not in names:
            names.add("__hash__")  # (CPython's type() sets it to None)
        if mro and not bad:
            self.classes[name] = {"bases": bases, "names": names, "mro": mro}
        self.out.append(" ".join(words))

    def new(self, var=None, good=False):
        """A ``new`` op: an instance of a class in ``var``, with the arguments it
        takes (its builtin base's, one per field, a few for an ``__init__``) or,
        unless ``good``, now and then any."""
        R = self.R
        if not self.classes:
            return
        var = var or R.choice(INSTANCES)
        c = R.choice(list(self.classes))
        ancestry = self.ancestry(c)
        builtins = [b for b in ancestry if b in BUILTIN_ARGS and b != "object"]
        fields = {f for a in ancestry for f in self.fields.get(a) or []}
        kw = []
        if not good and R.random() < 0.25:
            args = self.args(0, 3, plain=self.set_like(c))
            kw = self.kwargs(True)
        elif builtins:
            args = [R.choice(BUILTIN_ARGS[R.choice(builtins)])]
        elif fields:
            args = [R.choice(IMMEDIATES[:7]) for _ in fields]
        elif "__init__" in self.defined(c):
            args = self.args(0, 2)
        else:
            args = []
        self.inst.setdefault(var, set()).add(c)
        self.assigned.add(var)
        self.out.append(" ".join(["new", var, c] + args + kw))

    def target(self):
        """A variable an attribute op acts on, the user classes it may be (a class)
        or be an instance of, and whether it is a class."""
        R = self.R
        r = R.random()
        if r < 0.55 or not self.classes:
            v = self.var(INSTANCES)
            return v, self.inst.get(v, set()), False
        if r < 0.75:
            c = R.choice(list(self.classes))
            return c, {c}, True
        if r < 0.8:
            return R.choice(BUILTINS), set(), True
        if r < 0.95:
            return self.var(MVARS), set(), False
        return R.choice(["fn", "i1", "sa"]), set(), False

    def attr(self, classes, is_class, for_set=False):
        """A name to read, set or delete on a target that is one of ``classes``
        (or an instance of one; none: neither)."""
        R = self.R
        builtin = set().union(*(self.ancestry(c) for c in classes)) & {"str", "int", "float"}
        known = set.intersection(*(self.defined(c) for c in classes)) if classes else set()
        for _ in range(10):
            r = R.random()
            if r < 0.3:
                name = R.choice(PLAIN)
            elif r < 0.5:
                name = R.choice(METHS)
            elif r < 0.58:
                if for_set and (is_class or not classes):
                    # (A dataclass's default: see the docstring. A variable of no
                    # known class may hold a class: `get X __class__ >m0`.)
                    continue
                name = R.choice(FIELDS)
            elif r < 0.75:
                name = R.choice(SPECIAL)
                if name == "__class__" and for_set:
                    continue
                if name == "__doc__" and not classes:
                    continue  # (builtins have no `__doc__`: src/differences.rs)
                if name == "__module__" and for_set and not classes:
                    continue  # (a variable may hold a builtin method: src/differences.rs)
            elif r < 0.9:
                if for_set and classes:
                    name = R.choice(DUNDERS)
                else:
                    dunders = [d for d in DUNDERS if d in known]
                    if not dunders:
                        continue
                    name = R.choice(dunders)
            else:
                if is_class or builtin or not classes:
                    continue
                name = R.choice(BMETHS)
                if name == "pop" and any("set" in self.ancestry(c) for c in classes):
                    continue  # (which member: sets iterate in another order)
            return name
        return R.choice(PLAIN)

    def set_value(self, name):
        R = self.R
        if name == "__bases__":
            return R.choice(["i1", "t0", "tup", "sa"])
        if name in ("__name__", "__qualname__", "__module__", "__doc__"):
            return R.choice(["sZ", "sZ", "i1", "N"])
        if name in DUNDER_KINDS:
            return R.choice(["fn", "N", "i1"])
        return self.value()

    def op(self):
        """One random op after the first classes and instances."""
        R = self.R
        out = self.out
        r = R.random()
        if r < 0.04 and self.made < len(NAMES):
            self.klass()
        elif r < 0.12:
            self.new()
        elif r < 0.32:
            x, cls, is_class = self.target()
            name = self.attr(cls, is_class)
            # (Only a user class: not `type`, which lethe cannot call with three
            # arguments, nor `function` or `method`, whose constructors are beside
            # the point.)
            keep = R.random() < 0.35 and not (x not in INSTANCES and name == "__class__")
            target = self.store(MVARS) if keep else ''
            if keep and name == "__class__":
                self.class_vars.add(target[2:])
            out.append(f"get {x} {name}{target}")
        elif r < 0.42:
            x, cls, is_class = self.target()
            name = self.attr(cls, is_class, for_set=True)
            if is_class and x in self.classes and x not in self.dropped:
                self.classes[x]["names"].add(name)
            out.append(f"set {x} {name} {self.set_value(name)}")
        elif r < 0.48:
            x, cls, is_class = self.target()
            name = self.attr(cls, is_class, for_set=True)
            if is_class and x in self.classes and x not in self.dropped:
                self.classes[x]["names"].discard(name)
            out.append(f"del {x} {name}")
        elif r < 0.52:
            x, cls, is_class = self.target()
            out.append(f"has {x} {self.attr(cls, is_class)}")
        elif r < 0.58:
            x = pick(R, [(0.5, lambda: self.var(INSTANCES)), (0.75, lambda: self.var(MVARS))],
                     lambda: R.choice(list(self.classes) + ["fn"]))
            tgt = self.store(MVARS) if R.random() < 0.2 else ""
            plain = x in MVARS or self.set_like(x)
            out.append(" ".join(["call", x] + self.args(plain=plain) + self.kwargs()) + tgt)
        elif r < 0.66:
            x = self.var(INSTANCES)
            name = self.attr(self.inst.get(x, set()), False)
            tgt = self.store(MVARS) if R.random() < 0.2 else ""
            out.append(" ".join(["cm", x, name] + self.args()) + tgt)
        elif r < 0.8:
            x = pick(R, [(0.75, lambda: self.var(INSTANCES)), (0.9, lambda: self.var(MVARS))],
                     lambda: R.choice(list(self.classes) + ["fn"]))
            out.append(f"{R.choice(['bool', 'len', 'repr', 'str', 'hash'])} {x}")
        elif r < 0.87:
            def operand():
                return pick(R, [(0.7, lambda: self.var(INSTANCES)),
                                (0.85, lambda: self.var(MVARS))],
                            lambda: R.choice(["i1", "sa", "N"] + list(self.classes)))
            op = R.choice(["eq", "eq", "ne", "is", "heq"])
            out.append(f"{op} {operand()} {operand()}")
        elif r < 0.9:
            c = pick(R, [(0.7, lambda: R.choice(list(self.classes))),
                         (0.85, lambda: R.choice(BUILTINS))],
                     lambda: R.choice(["i1", "tupcls"]))
            out.append(f"isinst {self.var(INSTANCES + MVARS)} {c}")
        elif r < 0.92:
            out.append(f"type {self.var(INSTANCES + MVARS)}")
        elif r < 0.94:
            x = pick(R, [(0.6, lambda: self.var(INSTANCES)), (0.8, lambda: self.var(MVARS))],
                     lambda: R.choice(list(self.classes) + ["fn", "i1"]))
            out.append(f"wref {x}{self.store(WVARS)}")
        elif r < 0.96 and self.weak_methods:
            x = self.var(INSTANCES)
            name = R.choice(METHS + PLAIN) if R.random() < 0.8 else "__call__"
            if name == "__call__" and not all("__call__" in self.defined(c)
                                              for c in self.inst.get(x) or [""]):
                name = "f"
            out.append(f"wm {x} {name}{self.store(WVARS)}")
        elif r < 0.985:
            out.append(f"wget {self.var(WVARS)}")
        else:
            x = self.var(INSTANCES + MVARS + list(self.classes))
            self.inst.pop(x, None)
            self.assigned.discard(x)
            if x in self.classes:
                self.dropped.add(x)
            out.append(f"drop {x}")


def gen_seq(R):
    g = Gen(R)
    for _ in range(R.randrange(2, 5)):
        g.klass()
    while not g.classes and g.made < len(NAMES):
        g.klass()
    for v in INSTANCES[:R.randrange(2, 5)]:
        g.new(v, good=True)
    for _ in range(R.randrange(20, 46)):
        g.op()
    return g.out


def main():
    write_sequences(gen_seq)


if __name__ == "__main__":
    main()
