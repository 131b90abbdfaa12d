"""CPython's side of ``cpython_differential``'s ``errors`` test.

    python3 errors.py LETHE_OUTPUT

Reads what ``errors_cases.rs``'s ``run`` printed: the ``PRELUDE`` lines (the Python
set-up, run afresh before every case) and one ``CASE<TAB>python<TAB>lethe`` line per
case. Runs each case's snippet on CPython and prints one line per case whose result
differs from lethe's (addresses aside), ``DIFF<TAB>case<TAB>CPython<TAB>lethe``; a
lethe-only case (``# expected``) is compared with its expected text, and a ``#!``
case is not compared. The Rust test holds the list of differences src/differences.rs
documents and fails on any other.
"""
import sys
import warnings
import weakref

from common import HEX


def run_python(prelude, src):
    try:
        return run_case(prelude, src)
    finally:
        # The finalizers a case registered hold their objects (and the case's
        # namespace) alive: without this each case's `gc.collect()` takes longer.
        for f in list(weakref.finalize._registry):
            f.detach()


def run_case(prelude, src):
    ns = {"__name__": "__main__"}
    exec(prelude, ns)
    parts = src.split(" ;; ")
    try:
        for stmt in parts[:-1]:
            exec(stmt, ns)
        last = parts[-1]
        try:
            code = compile(last, "<case>", "eval")
        except SyntaxError:
            exec(last, ns)
            return "OK None"
        return "OK " + repr(eval(code, ns))
    except BaseException as e:  # noqa: BLE001 (every error is an answer)
        msg = str(e)
        return f"{type(e).__name__}: {msg}" if msg else type(e).__name__


def main():
    # Snippets such as `1[0]` are meant; finalizers left at exit run quietly.
    warnings.simplefilter("ignore")
    prelude_lines, cases = [], []
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("PRELUDE\t"):
                prelude_lines.append(line.split("\t", 1)[1])
            elif line.startswith("CASE\t"):
                _, py, got = line.split("\t", 2)
                cases.append((py, got))
    prelude = "\n".join(prelude_lines)
    for py, got in cases:
        if py.startswith("#!"):
            continue
        if py.startswith("#"):
            want = py[1:].strip()
        else:
            # `expr  # note` and `expr <- what lethe ran`: the notes are for the reader.
            want = run_python(prelude, py.split("  #")[0].split(" <- ")[0])
        if HEX.sub("0x?", want) != HEX.sub("0x?", got):
            print(f"DIFF\t{py}\t{want}\t{got}".replace("\n", "\\n"))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
