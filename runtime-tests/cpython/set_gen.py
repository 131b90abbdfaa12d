"""Generate random sequences of set and frozenset algebra.

Used by ``runtime-tests/cpython_differential.rs`` (test ``set_random``): the same
ops text is run by ``set_run.py`` on CPython and by ``sets::run`` in that file on
lethe, and the two outputs must agree line by line.

Usage: ``python3 set_gen.py SEED0 COUNT`` prints COUNT sequences, the one for seed
``s`` headed ``SEQ s [py]`` and made from ``random.Random(s)`` alone, so
``python3 set_gen.py s 1`` reproduces it.  Odd seeds are flagged ``py``: lethe's
runner then calls every method by name (``Heap::call_method``) instead of the typed
``Heap`` methods (``Heap::union``, ``Heap::update``…) where one takes the same
arguments; CPython's runner ignores the flag.

A sequence first makes its pooled objects (``kpool``: five ``K``s equal and hashed
by a key 0..2, so ``K1`` and ``K3`` may be equal and distinct; ``bpool``: three
``B``s, the same but whose ``__hash__`` raises once switched by ``bad``;
``hpool``: two ``H``s whose ``__hash__`` also changes a variable; ``mpool``: three
``M``s hashed apart from everything else (1000 + key), whose ``__eq__`` changes a
variable during a ``mutop``), four set variables ``v0``..``v3`` and a dict
variable ``d0``, then runs 15 to 40 ops:

- ``mk VAR OPERAND``; ``bad Bi 0|1``; ``el VAR add|discard|remove|pop|clear
  [MEMBER]``, a set variable's own members changed (its table then holds dummies
  and its ``pop`` a finger, which later orders show);
- ``ctor TYPE [OPERAND…] [>VAR]`` (``set``, ``frozenset`` and the subclasses ``SS``,
  ``SI`` (of set) and ``FS``, ``FI`` (of frozenset), ``SI``/``FI`` with their own
  ``__iter__``);
- ``m RECV METHOD OPERAND… [>VAR]``: every method of the set algebra, with 0..3
  arguments where it takes several (and a few wrong argument counts);
- ``mutop VAR METHOD OPERAND``: a method given a list, tuple or iterator holding
  ``M``s, whose ``__eq__`` then changes a variable (often the receiver) each time
  it is asked, mid-operation: only methods that read the operand in its order and
  look its items up in the receiver (so CPython's result does not depend on its
  hash order: not ``symmetric_difference_update`` or ``issubset``, which read a
  set's table);
- ``bin OP A B [>VAR]``, ``ibin OP VAR B`` (the variable is rebound to the result,
  as ``a |= b`` does), ``cmp OP A B``: a set and any operand, either way round
  (never two dicts, whose ``|`` and ``==`` are the dict's).

Operands: the variables, ``set:``/``fz:``/``SS:``/``SI:``/``FS:``/``FI:`` tokens
(made from their items at the op), ``dict:``/``DS:``/``DI:`` (a dict, a dict
subclass, one with its own ``__iter__``), ``list:``, ``tup:``, ``it:`` (an
iterator over a list), ``keys:`` (a dict's ``keys()``), ``str:ab``, ``int``,
``none``; the same variable is often given twice (``s & s``, ``s.update(s)``).
Items: ints, floats and bools equal across types (``i1``, ``f1``, ``T``…), strs,
tuples (``t1`` is ``(1, 'a')``, ``t2`` the equal ``(1.0, 'a')``), frozensets
(``z1``, and the equal ``z1f`` of ``1.0``), the pooled objects, and in iterables
unhashable items (a list, a set, a dict, a tuple holding a list, a ``U`` with
``__eq__`` and no ``__hash__``).  Left out, as src/differences.rs has them
differ: NaN (a value in lethe, so two NaNs are one member) and ints past 64 bits.
"""

from common import write_sequences

NUMS = ["i0", "i1", "i2", "i3", "f0", "f1", "f2", "fh", "fn", "T", "F"]
STRS = ["sa", "sb"]
TUPS = ["t1", "t2", "tK", "tB"]
FZS = ["z0", "z1", "z1f", "z12", "zK", "zB"]
KS = [f"K{i}" for i in range(5)]
BS = [f"B{i}" for i in range(3)]
HS = ["H0", "H1"]
MS = ["M0", "M1", "M2"]
UNH = ["L", "E", "D", "tL", "U"]
VARS = ["v0", "v1", "v2", "v3"]
SETKINDS = ["set", "fz", "SS", "SI", "FS", "FI"]
DICTKINDS = ["dict", "DS", "DI"]
CTORS = ["set", "frozenset", "SS", "SI", "FS", "FI"]
# What the H and M actions add or discard.
ACT_ITEMS = ["i7", "i1", "f1", "sa", "i2"]
MULTI = ["union", "intersection", "difference", "update", "intersection_update",
         "difference_update"]
ONE = ["symmetric_difference", "symmetric_difference_update", "issubset",
       "issuperset", "isdisjoint"]
EL = ["add", "add", "discard", "remove", "pop", "clear"]
RESULTS = ["union", "intersection", "difference", "symmetric_difference", "copy"]
MUTOPS = ["update", "intersection_update", "difference_update", "intersection",
          "union", "difference", "issuperset", "isdisjoint"]
BINOPS = ["|", "&", "-", "^"]
CMPOPS = ["<", "<=", ">", ">=", "==", "!="]


def gen_seq(R):
    out = []

    def member(unhashable=0.0, m_weight=1.0):
        if R.random() < unhashable:
            return R.choice(UNH)
        r = R.random()
        if r < 0.34:
            return R.choice(NUMS)
        if r < 0.40:
            return R.choice(STRS)
        if r < 0.47:
            return R.choice(TUPS)
        if r < 0.54:
            return R.choice(FZS)
        if r < 0.78:
            return R.choice(KS)
        if r < 0.88:
            return R.choice(BS)
        if r < 0.93:
            return R.choice(HS)
        if R.random() < m_weight:
            return R.choice(MS)
        return R.choice(NUMS)

    def items(n=None, unhashable=0.0):
        n = R.randrange(0, 6) if n is None else n
        return ",".join(member(unhashable) for _ in range(n))

    def var_kind():
        return R.choices(SETKINDS, [8, 3, 3, 3, 2, 2])[0]

    def set_token():
        return f"{R.choice(SETKINDS)}:{items(unhashable=0.01)}"

    def operand():
        r = R.random()
        if r < 0.33:
            return R.choice(VARS)
        if r < 0.55:
            return set_token()
        if r < 0.63:
            return R.choice(["d0", f"{R.choice(DICTKINDS)}:{items()}"])
        if r < 0.86:
            return f"{R.choice(['list', 'tup', 'it'])}:{items(unhashable=0.06)}"
        if r < 0.93:
            return f"keys:{items()}"
        return R.choice(["str:ab", "str:a", "int", "none"])

    def set_side():
        """A left operand or receiver: mostly a set."""
        return R.choice(VARS) if R.random() < 0.7 else set_token()

    def pair():
        """An operator's operands: a set and any operand, either way round (not two
        dicts: their ``|`` and ``==`` are the dict's, outside the set algebra)."""
        a = set_side()
        b = a if a in VARS and R.random() < 0.1 else operand()
        return (b, a) if R.random() < 0.15 else (a, b)

    def target():
        return f" >{R.choice(VARS)}" if R.random() < 0.4 else ""

    def action():
        r = R.random()
        v = R.choice(VARS)
        if r < 0.15:
            return "none"
        if r < 0.45:
            return f"clear.{v}"
        if r < 0.8:
            return f"add.{v}.{R.choice(ACT_ITEMS)}"
        return f"discard.{v}.{R.choice(ACT_ITEMS)}"

    out.append("kpool " + " ".join(str(R.randrange(3)) for _ in KS))
    out.append("bpool " + " ".join(str(R.randrange(3)) for _ in BS))
    out.append("hpool " + " ".join(f"{R.randrange(3)}:{action()}" for _ in HS))
    m_acts = [action() for _ in MS]
    out.append("mpool " + " ".join(f"{R.randrange(3)}:{a}" for a in m_acts))
    for v in VARS:
        out.append(f"mk {v} {var_kind()}:{items(R.randrange(0, 7))}")
    out.append(f"mk d0 {R.choice(DICTKINDS)}:{items()}")
    for _ in range(R.randrange(15, 40)):
        r = R.random()
        if r < 0.05:
            out.append(f"mk {R.choice(VARS)} {var_kind()}:{items(unhashable=0.01)}")
        elif r < 0.07:
            out.append(f"mk d0 {R.choice(DICTKINDS)}:{items()}")
        elif r < 0.14:
            out.append(f"bad {R.choice(BS)} {int(R.random() < 0.6)}")
        elif r < 0.21:
            n = 0 if R.random() < 0.1 else (2 if R.random() < 0.03 else 1)
            args = " ".join(operand() for _ in range(n))
            out.append(f"ctor {R.choice(CTORS)} {args}".rstrip() + target())
        elif r < 0.50 and R.random() < 0.3:
            # A set variable's own members changed, so that its table holds dummies
            # and has a finger: the order it iterates in afterwards is compared.
            meth = R.choice(EL)
            arg = member() if meth in ("add", "discard", "remove") else ""
            out.append(f"el {R.choice(VARS)} {meth} {arg}".rstrip())
        elif r < 0.50:
            recv = set_side()
            meth = R.choice(MULTI + ONE + ["copy"])
            if meth in MULTI:
                n = R.choices([0, 1, 2, 3], [1, 6, 2, 1])[0]
            elif meth == "copy":
                n = 0
            else:
                n = R.choices([1, 0, 2], [30, 1, 1])[0]
            args = [operand() for _ in range(n)]
            if args and recv in VARS and R.random() < 0.15:
                args[R.randrange(n)] = recv  # the receiver as an operand
            t = target() if meth in RESULTS else ""
            out.append(" ".join(["m", recv, meth] + args) + t)
        elif r < 0.58:
            # Which variables the M actions change: often the receiver.
            changed = [a.split(".")[1] for a in m_acts if a != "none"]
            recv = R.choice(changed) if changed and R.random() < 0.7 else R.choice(VARS)
            its = [member(0.03, m_weight=1.0) for _ in range(R.randrange(1, 5))]
            its.insert(R.randrange(len(its) + 1), R.choice(MS))
            kind = R.choice(["list", "tup", "it"])
            out.append(f"mutop {recv} {R.choice(MUTOPS)} {kind}:{','.join(its)}")
        elif r < 0.74:
            a, b = pair()
            out.append(f"bin {R.choice(BINOPS)} {a} {b}" + target())
        elif r < 0.86:
            v = R.choice(VARS)
            b = v if R.random() < 0.1 else operand()
            out.append(f"ibin {R.choice(BINOPS)}= {v} {b}")
        else:
            a, b = pair()
            out.append(f"cmp {R.choice(CMPOPS)} {a} {b}")
    return out


def main():
    write_sequences(gen_seq)


if __name__ == "__main__":
    main()
