"""Generate random operations on lethe's builtin numbers: int, float and bool.

Used by ``runtime-tests/cpython_differential.rs`` (test ``numbers_random``): the
same ops text is run by ``numbers_run.py`` on CPython and by ``numbers::run`` in
that file on lethe, and the two outputs must agree line by line (each result's type
and repr, or the error).  Written by review helper-102, with ``numbers_edge.ops``
for the bugs it found.

Usage: ``python3 numbers_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` (`` py`` after an odd one, which the runners ignore) and
made from ``random.Random(s)`` alone.

An operand is ``i:N`` (an int, within lethe's 64 bits), ``f:REPR`` (a float, as
``repr`` writes it: ``inf``, ``nan`` included), ``b:True``/``b:False``, ``n:`` (None)
or ``s:TEXT`` (a str, percent-encoded: each byte of its UTF-8 other than a letter,
a digit, ``.``, ``_``, ``+`` or ``-`` written ``%XX``), or ``I:N`` and ``F:REPR``,
an instance of a subclass of int (``IntSub``) or float (``FloatSub``) made from the
number.  The ops:

- ``bin X OP Y``: ``X OP Y`` and ``X OP= Y`` for a binary operator OP (``+ - * /
  // % ** << >> & | ^ @``);
- ``un OP X``: ``-X``, ``+X``, ``~X`` or ``abs(X)`` (OP ``neg``, ``pos``,
  ``invert``, ``abs``);
- ``repr X``: ``repr(X)`` and ``str(X)``;
- ``hash X``, ``truth X`` (``bool(X)`` by the truth protocol);
- ``cmp X Y``: ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``;
- ``int X``, ``float X``, ``bool X``: the constructors called with X;
- ``intb X BASE``: ``int(X, BASE)``;
- ``index X``: ``operator.index(X)``.
"""
import math
import struct

from common import write_sequences

BINARY = ["+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"]
BIN_WEIGHTS = [4, 4, 4, 4, 4, 4, 5, 3, 3, 2, 2, 2, 1]
UNARY = ["neg", "pos", "invert", "abs"]
I64 = 2 ** 63

SPECIAL_INTS = [0, 1, -1, 2, -2, 3, -3, 5, 7, -7, 10, -10, 31, 32, 33, 53, 62, 63, 64,
                65, 100, 1000, 10 ** 15, 10 ** 16, 10 ** 18, -(10 ** 18), 2 ** 31,
                2 ** 32, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 54 + 1,
                2 ** 60, 2 ** 61 - 2, 2 ** 61 - 1, 2 ** 61, 2 ** 62, -(2 ** 61) + 1,
                -(2 ** 61), -(2 ** 61) - 1, 2 ** 63 - 1, 2 ** 63 - 2, -(2 ** 63),
                -(2 ** 63) + 1, 3037000499, 3037000500, -3037000500, 2097151, 2097152,
                1 << 40, (1 << 63) - (1 << 10), (1 << 63) - 512, (1 << 63) - 513]
SMALL_INTS = [-3, -2, -1, 0, 1, 2, 3, 4, 7, 8, 10, 64, -64]

SPECIAL_FLOATS = [0.0, -0.0, 0.1, 0.2, 0.1 + 0.2, 0.3, 0.5, -0.5, 1.0, -1.0, 1.5, -1.5,
                  2.0, 3.0, -7.5, 7.5, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0,
                  1e16 + 2, 123456789012345680.0, 1e-5, 1e-4, 0.0001, 0.00011, 9.999e-5,
                  1e22, 1e23, 1e21, 1e-7, 5e-324, -5e-324, 2.2250738585072014e-308,
                  2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308,
                  1e308, 1e300, 1e-300, math.inf, -math.inf, math.nan, 2.0 ** 53,
                  2.0 ** 53 + 2, 2.0 ** 52 + 0.5, 2.0 ** 63, -(2.0 ** 63), 2.0 ** 64,
                  2.0 ** 62, 2.0 ** 61, 2.0 ** 60, 9.223372036854775e18, 1e15 + 0.3,
                  0.125, 0.375, 2.5, 3.5, -2.5, 0.7, 100.0, 1e100, 1.0000000000000002,
                  0.9999999999999999, 4.35, 0.15, 1e-310, 3.0e-5, 123456.789, math.pi,
                  math.e, 1234567890123456.7, 12345678901234567.0, 0.1 * 3, 10.0,
                  -10.0, 1e9, 1e10, 0.3333333333333333, 8.0, 0.25, -0.25, 1e200,
                  1.5e-323, 1e-320]


def rint(R):
    """An int within lethe's 64 bits."""
    k = R.random()
    if k < 0.35:
        return R.choice(SPECIAL_INTS)
    if k < 0.6:
        return R.randint(-20, 20)
    if k < 0.8:
        bits = R.randint(1, 63)
        v = R.getrandbits(bits)
        return -v if R.random() < 0.4 else v
    if k < 0.9:
        # Near a power of two.
        p = R.randint(1, 62)
        v = 2 ** p + R.randint(-3, 3)
        v = -v if R.random() < 0.3 else v
        return max(-I64, min(I64 - 1, v))
    return R.choice([10 ** R.randint(0, 18), -(10 ** R.randint(0, 18))])


def rfloat(R):
    k = R.random()
    if k < 0.35:
        return R.choice(SPECIAL_FLOATS)
    if k < 0.5:
        return R.uniform(-10, 10)
    if k < 0.6:
        return float(rint(R))
    if k < 0.7:
        # Any bit pattern (NaNs and subnormals included).
        return struct.unpack("<d", struct.pack("<Q", R.getrandbits(64)))[0]
    if k < 0.8:
        # Few digits, any scale: repr's switch to exponent notation.
        return float(f"{R.randint(1, 999)}e{R.randint(-330, 310)}")
    if k < 0.9:
        return R.choice([1, -1]) * R.randint(1, 99999) * 10.0 ** R.randint(-8, 22)
    return math.ldexp(R.choice([0.5, 0.25, 1.5, 1.75, -0.5]), R.randint(-1080, 1023))


def encode(s):
    ok = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-")
    return "".join(c if c in ok else "".join(f"%{b:02X}" for b in c.encode()) for c in s)


WS = [" ", " ", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003", "\x1c", "\x1f",
      "\x85", "\u3000", "\u200b"]


def rws(R):
    if R.random() < 0.6:
        return ""
    return "".join(R.choice(WS) for _ in range(R.randint(1, 2)))


def rdigits(R, alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def underscored(R, digits):
    """``digits`` with ``_`` placed mostly between digits, sometimes wrongly."""
    if R.random() < 0.6 or not digits:
        return digits
    out = []
    for i, c in enumerate(digits):
        out.append(c)
        if R.random() < 0.25:
            out.append("_" if R.random() < 0.85 else "__")
    s = "".join(out)
    if R.random() < 0.1:
        s = "_" + s
    return s


def rsign(R):
    return R.choice(["", "", "", "-", "+", "-", "--", "+-", " -"]) if R.random() < 0.5 else ""


def int_text(R):
    k = R.random()
    if k < 0.02:
        # About CPython's limit of 4300 digits (not in a base that is a power of two).
        d = rdigits(R, R.choice(["0", "1", "0123456789"]), R.choice([4299, 4300, 4301, 4302]))
        return (rws(R) + rsign(R) + R.choice(["", "", "0x", "0b", "0", "_"]) + d
                + R.choice(["", "", "_", "x", " ", "__1", "_1", ".5"]) + rws(R))
    if k < 0.5:
        n = R.choice([1, 1, 2, 3, 5, 10, 18, 19, 19, 20, 25, 30, 38, 39, 40, 45, 60])
        d = rdigits(R, "0123456789", n)
        if R.random() < 0.5:
            d = d.lstrip("0") or "0"
        return rws(R) + rsign(R) + underscored(R, d) + rws(R)
    if k < 0.6:
        return rws(R) + rsign(R) + str(rint(R)).lstrip("-") + rws(R)
    if k < 0.8:
        p = R.choice(["0x", "0X", "0o", "0O", "0b", "0B", "0", "00", "0_", ""])
        alpha = {"0x": "0123456789abcdefABCDEF", "0o": "01234567", "0b": "01"}.get(
            p.lower(), "0123456789")
        d = rdigits(R, alpha, R.choice([1, 2, 4, 8, 15, 16, 17, 22, 32, 64, 65]))
        sep = "_" if R.random() < 0.2 else ""
        return rws(R) + rsign(R) + p + sep + underscored(R, d) + rws(R)
    if k < 0.9:
        return R.choice(["", " ", "-", "+", "_", "1_", "_1", "1__0", "1 0", "0",
                         "00", "0_0", "-0", "+0", "08", "0b2", "0o8", "0x", "0xg",
                         "z", "Z", "zz", "10.0", "1e5", "inf", "nan", "0x_1", "0x__1",
                         "\x00", "1\x00", "9" * 19, "-" + "9" * 19, "9223372036854775808",
                         "-9223372036854775808", "-9223372036854775809", "+_1", "1_000",
                         "1٫5"])
    return float_text(R)


def float_text(R):
    k = R.random()
    if k < 0.3:
        s = repr(rfloat(R))
        if R.random() < 0.3:
            s = s.upper() if R.random() < 0.5 else s.replace("e", "E")
        return rws(R) + s + rws(R)
    if k < 0.6:
        int_part = underscored(R, rdigits(R, "0123456789", R.choice([0, 1, 1, 2, 3, 17, 25])))
        frac = underscored(R, rdigits(R, "0123456789", R.choice([0, 0, 1, 2, 5, 20])))
        s = int_part
        if R.random() < 0.6:
            s += "." + frac
        if R.random() < 0.4:
            s += R.choice("eE") + R.choice(["", "+", "-"]) + underscored(
                R, rdigits(R, "0123456789", R.choice([0, 1, 1, 2, 3, 4])))
        return rws(R) + rsign(R) + s + rws(R)
    if k < 0.8:
        word = R.choice(["inf", "infinity", "nan", "INF", "Infinity", "NaN", "iNf",
                         "infinit", "infinityy", "nanx", "in", "na", "-nan", "+inf",
                         "inf.", "i nf", "snan", "nan(1)", "1e", "e1", ".", "-.",
                         ".e1", "1.e1", ".5", "5.", "0.", "-0.0", "1e+", "1e-5",
                         "1_0.5", "1._5", "1_.5", "1.5_", "1e1_0", "1e_10", "0x1p3",
                         "0x10", "1,5", "1.5.5", "++1", "1e1000", "-1e1000", "1e-1000",
                         "4.9e-324", "2.4703282292062327e-324",
                         "2.4703282292062328e-324", "179769313486231580793728971405301e276",
                         "0.000000000000000000000000000000000001", "1" * 40,
                         "1" * 310, "0" * 30 + "1", "1" * 20 + "." + "1" * 20])
        return rws(R) + word + rws(R)
    # (Other scripts' digits too, which both read as ASCII's.)
    return R.choice(["", " ", "\t\n", "1\x00", "\x001", "1٫5", "1.5\u066b", "١٢", "٣",
                     "１２", "12\u0660", "١", "1.5\u0660"])


def operand(R, kind=None):
    kind = kind or R.choices(["i", "f", "b", "n", "s", "I", "F"], [10, 10, 2, 0.3, 0.4, 1, 1])[0]
    if kind in "iI":
        return f"{kind}:{rint(R)}"
    if kind in "fF":
        return f"{kind}:{rfloat(R)!r}"
    if kind == "b":
        return f"b:{R.choice([True, False])}"
    if kind == "n":
        return "n:"
    return "s:" + encode(R.choice(["", "a", "ab", "1", "1.5"]))


def small(R):
    return R.choice([f"i:{R.choice(SMALL_INTS)}", f"b:{R.choice([True, False])}",
                     f"f:{R.choice([0.5, 2.0, -1.0, 0.0, -0.0, 3.0, 1e300])!r}"])


def binop_pair(R, op):
    """Two operands for ``op``: near each other's domain so that its edges are met
    (shift counts, exponents, divisors and zero)."""
    kinds = "iiiiiiiibI" if op in ("<<", ">>", "&", "|", "^") and R.random() < 0.8 else None
    x = operand(R, kinds and R.choice(kinds))
    y = operand(R, kinds and R.choice(kinds))
    if x.startswith("s:") or y.startswith("s:"):
        # A repetition's count stays small (CPython would try to make it).
        if x.startswith("s:"):
            y = small(R) if R.random() < 0.9 or y.startswith("i:") else y
        else:
            x = small(R)
        return x, y
    r = R.random()
    if op in ("<<", ">>") and r < 0.6:
        y = f"i:{R.choice([0, 1, 2, 10, 31, 32, 52, 53, 60, 61, 62, 63, 64, 65, 100, 1000, -1, -64, 2 ** 62, -(2 ** 63), 2 ** 63 - 1])}"
    elif op == "**" and r < 0.6:
        y = R.choice([f"i:{R.randint(-70, 70)}", f"f:{R.choice([0.5, -0.5, 1 / 3, 2.0, -2.0, 0.0, -0.0, 1.5, 1e300, -1e300, math.inf, -math.inf, math.nan, 3.0, -3.0, 1025.0, -1075.0, 0.1])!r}"])
        if R.random() < 0.5:
            x = R.choice([f"i:{R.randint(-10, 10)}", f"f:{R.choice([-8.0, -1.0, -0.0, 0.0, 1.0, 2.0, 10.0, 0.5, -2.0, 1e308, -1e308, math.inf, -math.inf, math.nan, 1.0000001, 0.9999999])!r}"])
    elif op in ("/", "//", "%") and r < 0.3:
        y = R.choice(["i:0", "f:0.0", "f:-0.0", "b:False", "i:-1", "i:1", "f:inf", "f:-inf",
                      "f:nan", "i:2", "i:-2", "f:2.0", "f:-2.0", "f:0.1", "f:5e-324",
                      "i:3", "i:-3", "f:-0.5"])
    elif r < 0.45:
        # The same magnitude on both sides, as int and float.
        v = rint(R) if R.random() < 0.5 else R.randint(-1000, 1000)
        y = f"f:{float(v)!r}" if R.random() < 0.5 else f"i:{v}"
        if R.random() < 0.5:
            x = f"i:{v}" if y.startswith("f:") else f"f:{float(v)!r}"
    return x, y


def cmp_pair(R):
    r = R.random()
    if r < 0.5:
        # An int and a float near each other (2**53, 2**63 and between).
        base = R.choice([2 ** 53, 2 ** 63, 2 ** 62, 2 ** 54, 2 ** 60, 10 ** 16, 1, 0,
                         2 ** 63 - 1, 2 ** 53 + 1])
        i = base + R.randint(-3, 3)
        i = -i if R.random() < 0.3 else i
        i = max(-I64, min(I64 - 1, i))
        f = float(base) if R.random() < 0.5 else math.nextafter(float(base), R.choice([0, math.inf]))
        f = -f if R.random() < 0.3 else f
        a, b = f"i:{i}", f"f:{f!r}"
        return (a, b) if R.random() < 0.5 else (b, a)
    return operand(R), operand(R)


def gen_seq(R):
    ops = []
    for _ in range(R.randint(5, 25)):
        k = R.choices(["bin", "un", "repr", "hash", "truth", "cmp", "int", "float",
                       "bool", "intb", "index"], [30, 6, 10, 6, 2, 8, 8, 8, 2, 5, 2])[0]
        if k == "bin":
            op = R.choices(BINARY, BIN_WEIGHTS)[0]
            x, y = binop_pair(R, op)
            ops.append(f"bin {x} {op} {y}")
        elif k == "un":
            ops.append(f"un {R.choice(UNARY)} {operand(R)}")
        elif k == "repr":
            ops.append(f"repr {operand(R, R.choice('fffffiIF'))}")
        elif k == "hash":
            # (Not None's: CPython hashes it by its address.)
            ops.append(f"hash {operand(R, R.choice('iiifffffbsIF'))}")
        elif k in ("truth", "bool", "index"):
            ops.append(f"{k} {operand(R)}")
        elif k == "cmp":
            x, y = cmp_pair(R)
            ops.append(f"cmp {x} {y}")
        elif k in ("int", "float"):
            if R.random() < 0.6:
                text = int_text(R) if (k == "int") == (R.random() < 0.7) else float_text(R)
                ops.append(f"{k} s:{encode(text)}")
            else:
                ops.append(f"{k} {operand(R)}")
        else:
            text = int_text(R)
            base = R.choice([0, 0, 2, 8, 10, 16, 16, 36, 3, 7, 1, 37, -1])
            ops.append(f"intb s:{encode(text)} i:{base}")
    return ops


def main():
    write_sequences(gen_seq)


if __name__ == "__main__":
    main()
