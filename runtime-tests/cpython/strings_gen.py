"""Generate random sequences of operations on ``str`` values (and ``bytes``).

Used by ``runtime-tests/cpython_differential.rs`` (test ``strings_random``): the
same ops text is run by ``strings_run.py`` on CPython (with ``PYTHONHASHSEED=0``)
and by ``strings::run`` in that file on lethe, and the two outputs must agree line
by line: each op's result (type name and repr, addresses masked) or error.

Usage: ``python3 strings_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` and made from ``random.Random(s)`` alone.

A value is a token without spaces:

- ``s:HEX,HEX,…`` a ``str`` of those code points (``s:`` the empty string),
  ``S:HEX,…`` an instance of ``class S(str)`` with the same text;
- ``b:HEXBYTES`` a ``bytes`` (``b:`` empty);
- ``i:N`` an int, ``f:REPR`` a float, ``N``, ``T``, ``F`` (``None``, ``True``,
  ``False``), ``o`` an ``object()``, ``L`` the list ``['x']``, ``P`` the tuple
  ``('x',)``;
- ``x:N`` an instance of ``Idx``, whose ``__index__`` returns ``N`` (``x:R``: raises
  ``ValueError('ix')``);
- ``q:K`` an instance of ``Q``, whose ``__str__`` answers by ``K``, ``r:K`` of ``R``,
  whose ``__repr__`` does (and no ``__str__``): ``s`` the str ``'q!'``, ``S`` the
  ``S('q!')``, ``i`` the int ``5``, ``R`` raises ``ValueError('q')``.

The ops (each prints its result or error):

- ``repr A``, ``str A`` (``repr(str(A))``), ``len A``, ``bool A``, ``hash A``;
- ``get A K`` (``A[K]``), ``sl A X Y Z`` (``A[X:Y:Z]``);
- ``iter A``, ``rev A``: the iterator's type and every item it gives; ``hint A K``
  (``K`` a number): ``iter(A)``'s length hint after ``K`` steps (or fewer, if it
  ends), ``rhint A K`` the same of ``reversed(A)``;
- ``in A B`` (``A in B``), ``add A B``, ``mul A B``, ``iadd A B``, ``imul A B``
  (``a = A; a op= B``), ``cmp OP A B`` (``OP`` one of ``lt le eq ne gt ge``);
- ``set A…``, ``fset A…``, ``dict A…`` (``{A: 0, …}``), ``list A…``, ``tuple A…``:
  the container's repr (a set's order is CPython's with ``PYTHONHASHSEED=0``),
  ``lstr A…`` (``str([A, …])``), ``sort A…`` (``sorted([A, …])``), ``inl A B…``
  and ``ins A B…`` (``A in [B, …]``, ``A in {B, …}``);
- ``int A``, ``int A B`` (``int(A, B)``), ``float A``;
- ``bytes A…`` (``bytes(A, …)``), ``dec A…`` (``A.decode(…)``), ``strc ARG…``
  (``str(ARG, …)``), ``Sc ARG…`` (``S(ARG, …)``): an ``ARG`` may be ``name=A``, a
  keyword argument.

Strings are drawn from a pool of ASCII letters and digits, quotes of both kinds,
backslashes, control characters, and non-ASCII characters printable or not (Latin-1,
CJK, emoji, combining marks, separators, format characters, private use and
unassigned code points of Unicode 14.0, which CPython 3.11 uses), and numeric text
for ``int()`` and ``float()`` (signs, prefixes, underscores in every position,
exponents, ``inf``/``nan`` in any case, Unicode whitespace around).
"""
import unicodedata

from common import write_sequences

ASCII = "abcZ015 _-+.ex'\"\\\n\r\t\x00\x01\x1b\x7f"
# Non-ASCII: Latin-1 (é, ß, NBSP, soft hyphen, NEL), Ā, İ, CJK, separators, ZWSP,
# combining acute, BOM, private use (BMP and plane 15), unassigned (U+0378,
# U+FFFF, a plane-2 hole unassigned still), emoji, the last code point, Arabic-Indic
# and fullwidth digits, a mathematical digit, superscript two, ideographic space.
OTHER = ["\u00e9", "\u00df", "\u00a0", "\u00ad", "\u0085", "\u0100", "\u0130", "\u4e2d",
         "\u2028", "\u2029", "\u200b", "\u0301", "\ufeff", "\ue000", "\U000f0000",
         "\u0378", "\uffff", "\U0001f600", "\U0010ffff", "\u0661", "\uff15",
         "\U0001d7ce", "\u00b2", "\u3000", "\u1680", "\x1c", "\x1f", "\u00ff",
         "\U0002a6e0", "\U0002fa1f"]
WS = [" ", " ", "\t", "\n", "\x0b", "\x0c", "\r", "\x1c", "\x1d", "\x1e", "\x1f",
      "\x85", "\xa0", "\u1680", "\u2000", "\u2009", "\u2028", "\u2029", "\u202f",
      "\u205f", "\u3000", "\u200b", "\ufeff", "\u180e"]
DIGITS = "0123456789"
ODD_DIGITS = ["\u0661", "\u0662", "\uff15", "\U0001d7ce", "\u00b2", "\u0966"]
# (No count between 2**20 and 2**50: CPython would allocate it, and fill it.)
HUGE = [2**62, -2**62, 2**63 - 1, -2**63, 2**61, 2**50, -2**31]
BYTES = [0x61, 0x62, 0x27, 0x22, 0x5c, 0x00, 0x0a, 0x7f, 0x80, 0xc3, 0xa9, 0xe2, 0x82,
         0xac, 0xff, 0xf0, 0x9f, 0x98, 0x80, 0xed, 0xa0, 0xc0, 0xf4, 0x90, 0xe9]
ENCODINGS = ["utf-8", "utf8", "UTF-8", "ascii", "latin-1", "latin1", "iso-8859-1",
             "bogus", "utf_8", "U8", "us-ascii", "", "utf-8\x00"]
ERRORS = ["strict", "ignore", "replace", "bogus", ""]


def tok_str(s, cls="s"):
    return cls + ":" + ",".join("%x" % ord(c) for c in s)


def rand_text(r):
    n = r.choice([0, 0, 1, 1, 2, 3, 3, 4, 5, 6, 8])
    out = []
    for _ in range(n):
        if r.random() < 0.6:
            out.append(r.choice(ASCII) if r.random() < 0.5 else r.choice("abcdxyz"))
        else:
            out.append(r.choice(OTHER))
    return "".join(out)


def digits(r, alphabet, n):
    out = []
    for _ in range(n):
        if r.random() < 0.06:
            out.append(r.choice(ODD_DIGITS))
        else:
            out.append(r.choice(alphabet))
    # Underscores, anywhere (mostly between digits).
    if r.random() < 0.3:
        for _ in range(r.randint(1, 2)):
            i = r.randint(0, len(out)) if r.random() < 0.4 else r.randint(1, max(1, len(out) - 1))
            out.insert(i, "_" * r.choice([1, 1, 1, 2]))
    return "".join(out)


def ws(r):
    if r.random() < 0.6:
        return ""
    return "".join(r.choice(WS) for _ in range(r.randint(1, 2)))


def num_text(r):
    """Text for ``int()`` or ``float()``: mostly valid, often not."""
    sign = r.choice(["", "", "", "-", "+", "--", "+-"])
    k = r.random()
    if k < 0.15:
        word = r.choice(["inf", "nan", "infinity", "infinit", "in", "nana", "infinityy"])
        word = "".join(c.upper() if r.random() < 0.4 else c for c in word)
        body = word
    elif k < 0.35:
        prefix = r.choice(["0x", "0X", "0o", "0O", "0b", "0B", "0x_", "0_x", "0"])
        alpha = {"x": "0123456789abcdefABCDEF", "o": "01234567", "b": "01"}.get(
            prefix[-1].lower() if prefix[-1] != "_" else prefix[1].lower(), DIGITS)
        body = prefix + digits(r, alpha, r.randint(0, 10))
    else:
        lead = "0" * r.choice([0, 0, 0, 1, 2, 30])
        body = lead + digits(r, DIGITS, r.randint(0, 10) if r.random() < 0.95 else r.randint(18, 45))
        if r.random() < 0.35:
            body += "." + digits(r, DIGITS, r.randint(0, 4))
        if r.random() < 0.25:
            body += r.choice("eE") + r.choice(["", "+", "-"]) + digits(r, DIGITS, r.randint(0, 3))
    if r.random() < 0.05:
        i = r.randint(0, len(body))
        body = body[:i] + r.choice(" \x00a.") + body[i:]
    return ws(r) + sign + body + ws(r)


def str_tok(r):
    k = r.random()
    if k < 0.75:
        return tok_str(rand_text(r), "S" if r.random() < 0.12 else "s")
    return tok_str(num_text(r), "S" if r.random() < 0.1 else "s")


def int_tok(r):
    k = r.random()
    if k < 0.6:
        return "i:%d" % r.randint(-6, 6)
    if k < 0.8:
        return "i:%d" % r.choice(HUGE)
    return "i:%d" % r.randint(-100, 100)


def bytes_tok(r):
    """Bytes whose UTF-8 text has no code point unassigned in Unicode 14.0 (one
    assigned since shows as it is in lethe's repr: src/differences.rs)."""
    while True:
        b = bytes(r.choice(BYTES) for _ in range(r.choice([0, 1, 1, 2, 3, 4, 5])))
        if all(unicodedata.category(c) != "Cn" for c in b.decode("utf-8", "ignore")):
            return "b:" + b.hex()


def any_tok(r):
    k = r.random()
    if k < 0.55:
        return str_tok(r)
    if k < 0.65:
        return bytes_tok(r)
    if k < 0.78:
        return int_tok(r)
    if k < 0.82:
        return "f:" + repr(r.choice([1.5, -0.0, 0.0, 2.0, float("inf"), float("nan"), 1e300]))
    if k < 0.88:
        return "x:" + (r.choice(["R"] + [str(i) for i in (-3, -1, 0, 1, 2, 5, 2**62)]))
    if k < 0.92:
        return r.choice("qr") + ":" + r.choice("sSiR")
    return r.choice(["N", "T", "F", "o", "L", "P"])


def hashable_tok(r):
    """A value whose hash lethe computes as CPython does: not an object or ``None``
    (hashed by lethe's own function, by address in CPython) nor a NaN (by its bits;
    by identity in CPython): src/differences.rs."""
    t = any_tok(r)
    while t.startswith(("x:", "q:", "r:")) or t in ("o", "f:nan", "N"):
        t = any_tok(r)
    return t


def no_nan_tok(r):
    t = any_tok(r)
    while t == "f:nan":
        t = any_tok(r)
    return t


def index_tok(r):
    k = r.random()
    if k < 0.6:
        return "i:%d" % r.randint(-8, 8)
    if k < 0.7:
        return "i:%d" % r.choice(HUGE)
    if k < 0.8:
        return r.choice(["T", "F"])
    if k < 0.9:
        return "x:" + r.choice(["R", "-1", "0", "2", "-2", str(2**62)])
    return any_tok(r)


def bound_tok(r):
    k = r.random()
    if k < 0.3:
        return "N"
    if k < 0.7:
        return "i:%d" % r.randint(-7, 7)
    if k < 0.82:
        return "i:%d" % r.choice(HUGE)
    if k < 0.9:
        return r.choice(["T", "F", "x:3", "x:-2", "x:R", "x:0"])
    return any_tok(r)


def count_tok(r):
    k = r.random()
    if k < 0.6:
        return "i:%d" % r.randint(-3, 4)
    if k < 0.7:
        return r.choice(["T", "F"])
    if k < 0.8:
        # Huge counts: each string of the pool times one of these needs more than
        # 2**50 bytes, which no allocation gives (no CPython run fills memory).
        return "i:%d" % r.choice([2**62, 2**63 - 1, 2**61, 2**50, -2**63])
    if k < 0.9:
        return "x:" + r.choice(["2", "0", "-1", "R", str(2**62)])
    return any_tok(r)


def text_or_bytes(r):
    return bytes_tok(r) if r.random() < 0.5 else str_tok(r)


def call_args(r, first):
    args = [first] if first is not None else []
    for i in range(r.choice([0, 1, 1, 2, 2, 3])):
        # (An encoding second, mostly, and an error handler third.)
        k = r.random()
        if k < 0.75:
            args.append(tok_str(r.choice(ENCODINGS if i == 0 else ERRORS)))
        elif k < 0.85:
            args.append(tok_str(r.choice(ERRORS if i == 0 else ENCODINGS)))
        else:
            args.append(any_tok(r))
    if r.random() < 0.3:
        name = r.choice(["encoding", "errors", "object", "x", "encoding"])
        val = tok_str(r.choice(ENCODINGS + ERRORS)) if r.random() < 0.7 else any_tok(r)
        args.append(name + "=" + val)
    return args


def gen_op(r):
    k = r.random()
    if k < 0.10:
        return ["repr", any_tok(r) if r.random() < 0.2 else str_tok(r)]
    if k < 0.14:
        return ["str", any_tok(r)]
    if k < 0.17:
        return ["len", any_tok(r) if r.random() < 0.2 else str_tok(r)]
    if k < 0.19:
        return ["bool", str_tok(r)]
    if k < 0.25:
        return ["hash", hashable_tok(r) if r.random() < 0.2 else text_or_bytes(r)]
    if k < 0.31:
        return ["get", str_tok(r) if r.random() < 0.85 else (bytes_tok(r) if r.random() < 0.5 else any_tok(r)),
                index_tok(r)]
    if k < 0.39:
        return ["sl", str_tok(r) if r.random() < 0.9 else bytes_tok(r),
                bound_tok(r), bound_tok(r), bound_tok(r) if r.random() < 0.6 else "N"]
    if k < 0.43:
        a = str_tok(r) if r.random() < 0.85 else (bytes_tok(r) if r.random() < 0.5 else any_tok(r))
        op = r.choice(["iter", "rev", "hint", "rhint"])
        return [op, a] + ([str(r.randint(0, 4))] if "hint" in op else [])
    if k < 0.49:
        a, b = str_tok(r), str_tok(r)
        if r.random() < 0.3:
            # A substring of b, or the empty string.
            if b.split(":")[1]:
                cps = b.split(":")[1].split(",")
                i = r.randint(0, len(cps))
                j = r.randint(i, len(cps))
                a = "s:" + ",".join(cps[i:j])
            else:
                a = "s:"
        if r.random() < 0.15:
            a = any_tok(r)
        if r.random() < 0.1:
            b = any_tok(r)
        if r.random() < 0.1:
            a, b = (bytes_tok(r) if r.random() < 0.5 else index_tok(r)), bytes_tok(r)
        return ["in", a, b]
    if k < 0.55:
        a = str_tok(r) if r.random() < 0.9 else bytes_tok(r)
        b = str_tok(r) if r.random() < 0.8 else (bytes_tok(r) if r.random() < 0.5 else any_tok(r))
        if r.random() < 0.2:
            a, b = b, a
        return [r.choice(["add", "add", "iadd"]), a, b]
    if k < 0.61:
        a, b = (str_tok(r) if r.random() < 0.9 else bytes_tok(r)), count_tok(r)
        if r.random() < 0.3:
            a, b = b, a
        return [r.choice(["mul", "mul", "imul"]), a, b]
    if k < 0.68:
        a = str_tok(r)
        b = str_tok(r) if r.random() < 0.75 else any_tok(r)
        if r.random() < 0.5:
            if b.startswith(("s:", "S:")) and r.random() < 0.5:
                b = a  # equal texts
            elif r.random() < 0.3:
                b = "S" + a[1:] if a[0] == "s" else "s" + a[1:]
        if r.random() < 0.2:
            a, b = b, a
        return ["cmp", r.choice(["lt", "le", "eq", "ne", "gt", "ge"]), a, b]
    if k < 0.74:
        kind = r.choice(["set", "set", "fset", "dict", "list", "tuple", "lstr", "sort",
                         "sort", "inl", "ins"])
        # (Hashable by value in a set: its order is CPython's. No NaN in any: two
        # are one value in lethe, src/differences.rs.)
        other = hashable_tok if kind in ("set", "fset", "ins") else no_nan_tok
        items = [str_tok(r) if r.random() < 0.85 else other(r)
                 for _ in range(r.randint(0, 7))]
        if items and r.random() < 0.3:
            items.append(r.choice(items))
        if kind in ("inl", "ins"):
            if items and r.random() < 0.5:
                a = r.choice(items)
                if a[0] in "sS" and r.random() < 0.5:
                    a = ("S" if a[0] == "s" else "s") + a[1:]
            else:
                a = str_tok(r) if r.random() < 0.8 else other(r)
            items.insert(0, a)
        return [kind] + items
    if k < 0.84:
        a = str_tok(r) if r.random() < 0.85 else (bytes_tok(r) if r.random() < 0.5 else any_tok(r))
        if r.random() < 0.3:
            a = tok_str(num_text(r), "S" if r.random() < 0.1 else "s")
        if r.random() < 0.45:
            return ["float", a]
        if r.random() < 0.6:
            return ["int", a]
        base = r.random()
        if base < 0.7:
            b = "i:%d" % r.choice([0, 0, 2, 8, 10, 16, 36, 1, 37, -1, 3, 7])
        elif base < 0.85:
            b = r.choice(["T", "F", "x:16", "x:0", "x:R", "x:37"])
        else:
            b = any_tok(r)
        return ["int", a, b]
    if k < 0.90:
        return ["bytes"] + call_args(r, str_tok(r) if r.random() < 0.7 else any_tok(r))
    if k < 0.94:
        return ["dec"] + call_args(r, bytes_tok(r))
    if k < 0.98:
        first = text_or_bytes(r) if r.random() < 0.8 else any_tok(r)
        if r.random() < 0.1:
            first = None
        return ["strc"] + call_args(r, first)
    first = text_or_bytes(r) if r.random() < 0.8 else any_tok(r)
    return ["Sc"] + call_args(r, first if r.random() < 0.9 else None)


def gen_seq(r):
    return [" ".join(gen_op(r)) for _ in range(r.randint(4, 12))]


if __name__ == "__main__":
    write_sequences(gen_seq)
