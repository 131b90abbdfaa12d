//! Differential test against CPython: the same operations, run on lethe and on
//! CPython 3.11 (`python3`), must print the same lines.
//!
//! Twenty-six tests: seven harnesses with a random and a hand-written part each,
//! eleven with a random part only, and the error paths case by case (`errors`,
//! below):
//!
//! - `refs_random` / `refs_edge`: `weakref.ref`, `proxy` and `WeakMethod` (callbacks
//!   that log, raise or are not callable; every protocol a proxy forwards; equality,
//!   hashing, `getweakrefcount`/`getweakrefs`; WeakMethods whose function dies first),
//!   `refs_gen.py`, `refs_run.py` and `refs_edge.py` under `runtime-tests/cpython/`,
//!   [`refs::run`] and [`refs_edge::run`] here;
//! - `containers_random` / `containers_edge`: `WeakSet` and `WeakKeyDictionary`
//!   (every method and operator, with unhashable and non-weakrefable operands, open
//!   iterators, entries dying at `collect`), `containers_gen.py`,
//!   `containers_run.py` and `containers_edge.ops`, [`containers::run`] here;
//! - `slicing_random`: a list's slicing, slice assignment and deletion with bounds
//!   that are ints, `None`, proxies to objects dying at the next collection and
//!   objects whose `__index__` collects, changes the list or raises; values that are
//!   lists, tuples, iterators that collect or change the list, `WeakSet`s with dying
//!   members, the list itself and objects whose finalizers change the list; and
//!   finalizers registered in advance, `slicing_gen.py` and `slicing_run.py`,
//!   [`slicing::run`] here;
//! - `wvd_random`: `WeakValueDictionary`, every method of `weakref.py`'s class
//!   (item access, `get`, `setdefault`, `pop`, `popitem`, `update` with dicts,
//!   pairs, keywords and malformed input, `copy`, `copy.copy`, the materialized
//!   views, `valuerefs`, `itervaluerefs`, `==`, `|`, `|=`, the constructor) and its
//!   `KeyedRef`s, with int, str, tuple, user-object and unhashable keys, values
//!   that cannot be weakly referenced, open iterators, values dying at `collect`,
//!   and values whose `__del__`, weak reference callback or `finalize` reads or
//!   changes a dictionary as they die; by the typed `Heap` methods or, for odd
//!   seeds, by `Heap::call_method`; `wvd_gen.py` and `wvd_run.py`, [`wvd::run`]
//!   here;
//! - `set_random`: the set algebra of `set` and `frozenset` (`set(x)`,
//!   `frozenset(x)`, `copy`, `union`, `intersection`, `difference`,
//!   `symmetric_difference` and their `_update` forms with 0..3 arguments, `|`, `&`,
//!   `-`, `^` and in place, `issubset`, `issuperset`, `isdisjoint`, `<`, `<=`, `>`,
//!   `>=`, `==`, `!=`) on sets, frozensets, their subclasses (with and without their
//!   own `__iter__`), dicts, dict subclasses, lists, tuples, iterators, `keys()`
//!   views and the same set on both sides; members equal across types (`1`, `1.0`,
//!   `True`), equal but distinct user objects (which one a result keeps is
//!   compared), objects whose `__hash__` raises once stored, or changes a set, or
//!   whose `__eq__` changes a set mid-operation; every result and variable printed
//!   in a canonical (sorted) form, with the user `__hash__` calls counted; by the
//!   typed `Heap` methods or, for odd seeds, by `Heap::call_method`; `set_gen.py`
//!   and `set_run.py`, [`sets::run`] here;
//! - `finalize_random`: `weakref.finalize` (0..3 positional and keyword arguments,
//!   `obj` and `func` among the keywords; functions that log, return, raise, are a
//!   peer's bound method, another finalizer or not callable, or that call, detach,
//!   peek, register, drop or collect while they run; `f()` with 0..2 arguments,
//!   `detach()`, `peek()`, `alive`, `atexit` read and set to any value, reprs; weak
//!   reference callbacks on the same objects, objects in cycles and held by
//!   finalizers' arguments, collections by `collect()` or, for odd seeds, `step()`,
//!   and the interpreter exit, CPython's `finalize._exitfunc` against
//!   `Heap::shutdown`, with what runs after it); by the typed `Heap::finalize*`
//!   methods or, for odd seeds, by name; `finalize_gen.py` and `finalize_run.py`,
//!   [`finalizers::run`] here;
//! - `dictlist_random`: the plain `dict` and `list` methods and operators (item
//!   access, assignment and deletion, `in`, `len`, `get`, `setdefault`, `pop`,
//!   `popitem`, `update` with dicts, pairs, iterators, keywords, mapping objects and
//!   malformed input, `copy`, `clear`, the `keys()`/`values()`/`items()` views with
//!   their reprs, `len`, `reversed`, `in`, set operators and comparisons, `dict(…)`,
//!   `|`, `|=`, `==`, `!=`, `reversed(d)`, iteration while the dict changes;
//!   `append`, `extend`, `insert`, `pop`, `remove`, `index`, `count`, `reverse`,
//!   `sort` with keys that raise or change the list, `copy`, `clear`, indexing,
//!   `del`, `+`, `+=`, `*`, `*=`, the comparisons) with ints, floats and bools equal
//!   across types, strs, tuples, `None`, equal and distinct user objects whose
//!   `__eq__`, `__lt__` and `__hash__` log (and change a list), unhashable lists and
//!   the containers themselves (recursive reprs); every result, the user code run and
//!   every variable's repr printed; by the typed `Heap` methods or, for odd seeds,
//!   by `Heap::call_method`; `dictlist_gen.py` and `dictlist_run.py`,
//!   [`dictlist::run`] here;
//! - `collection_random`: what one collection does with unreachable objects (up to
//!   eight slots of instances with and without `__del__`, chains, cycles and
//!   self-cycles, handles dropped) that have weak references with and without
//!   callbacks, references held by the dying objects themselves and
//!   `weakref.finalize`s: `__del__`s, callbacks and finalizers that log, raise, read
//!   the program's weak references (a peer dying in the same collection reads dead),
//!   drop slots, allocate kept or dying objects, and, in a `__del__`, resurrect
//!   their object or a peer, make new weak references (with a callback) and
//!   finalizers to their object; after each collection every weak reference, every
//!   finalizer's `alive` and what the roots reach (resurrected objects and what they
//!   reach) with its `getweakrefcount`, then resurrected objects dropped and
//!   collected again (their `__del__` never twice); by `collect()` or, for odd seeds,
//!   `step()`s; `gc_gen.py` and `gc_run.py`, [`collection::run`] here;
//! - `classes_random`: user classes and the attribute and method protocol: classes
//!   with 0..3 bases among user classes and the builtin types (C3 orders, MRO
//!   conflicts, duplicate bases, layout conflicts), `fields` classes (against
//!   `dataclasses.make_dataclass`, bad field names included), class attributes and
//!   methods of a few kinds under plain names and `__init__`, `__getattr__`,
//!   `__call__`, `__bool__`, `__len__`, `__repr__`, `__str__`, `__eq__`, `__ne__`,
//!   `__hash__` (returning odd types, `NotImplemented`, raising); instances made
//!   with right and wrong arities and keywords; `getattr`, `setattr`, `delattr`,
//!   `hasattr` of instance and class attributes, methods (bound, from the class),
//!   missing names and the special attributes (`__class__`, `__doc__`,
//!   `__module__`, `__name__`, `__qualname__`, `__mro__`, `__bases__`, `__self__`,
//!   `__func__`, `__weakref__`), read and set; calls, method calls, `bool`, `len`,
//!   `repr`, `str`, `hash`, `==`, `!=`, `is`, `isinstance`, `type`; weak references
//!   and `WeakMethod`s to instances, classes, functions and bound methods, and
//!   collections; `classes_gen.py` and `classes_run.py`, [`classes::run`] here;
//! - `sort_random`: `list.sort` of lists long enough to merge, with and without a
//!   key and `reverse`, a comparison that raises and an inconsistent order: every
//!   `<` the sort asks, its result and the order it leaves; `sort_gen.py` and
//!   `sort_run.py`, [`sorting::run`] here;
//! - `wsorder_random`: the order of a `WeakSet` whose members hash to chosen ints
//!   (collision chains, dummies, resizes, `pop`'s finger) after every change: `add`,
//!   `discard`, `remove`, `pop`, `clear`, the `_update` methods and operators with
//!   lists and WeakSets (the set itself too), the new sets of the algebra and
//!   `copy`, members dying at `collect`, the repr and `ws.data`; in a third of the sequences
//!   half the members have an `__eq__` that logs, so which colliding members each
//!   operation asks, in which order, is compared too; read by `iter()` or, for
//!   odd seeds, `Heap::weak_iter`; `wsorder_gen.py` and `wsorder_run.py`,
//!   [`wsorder::run`] here;
//! - `compare_random`: `==`, `!=`, `<`, `<=`, `>`, `>=` between builtin values and
//!   objects, instances of up to four classes derived from `object`, the builtin
//!   types and one another (proper subclasses either way, siblings, two bases),
//!   each class defining comparison methods that return a tag, `NotImplemented`,
//!   a falsy value or raise, and proxies to them: the result or error and the
//!   methods called, in order; `compare_gen.py` and `compare_run.py`,
//!   [`compare::run`] here;
//! - `operators_random`: every binary operator, plain and in place, and the unary
//!   ones between the same kinds of operands and classes (whose operator methods,
//!   plain, reflected and in place, return a tag, `NotImplemented`, an operand, a
//!   number or a list, or raise): the result, whether it is an operand itself, the
//!   left operand after an in-place operator, and the methods called, in order;
//!   `operators_gen.py` and `operators_run.py`, [`operators::run`] here;
//! - `methods_random` / `methods_edge`: the builtin containers' methods reached as
//!   attributes (review helper-98): receivers of every builtin container type, of
//!   subclasses that override some methods, `__eq__`, `__hash__`, `__iter__`,
//!   `__getattr__` or `__len__`, and proxies to them; calls by `r.name(…)`, by the
//!   bound method and with keywords, with too few or too many arguments, wrong
//!   types, huge and negative indexes, `__index__` objects that raise or change the
//!   list, items whose `__eq__` raises, declines, answers oddly or changes the list;
//!   the bound methods' attributes, equality, hash and weak references, and
//!   `setattr`/`delattr` of their names: the result or error, the user code run, and
//!   every receiver after; `methods_gen.py`, `methods_run.py` and, for what the
//!   review found, `methods_edge.ops`; [`methods::run`] here;
//! - `iteration_random` / `iteration_edge`: the iterator protocol (review
//!   helper-99): up to three classes derived from `object`, the builtin containers,
//!   `str` or one another, whose `__iter__`, `__next__`, `__getitem__`, `__len__`,
//!   `__length_hint__`, `__reversed__` and `__contains__` log and return chosen
//!   results, non-iterators or odd types, raise, or first change the object or
//!   another; builtin values, their iterators and `reversed`, views and proxies;
//!   `next`, `list`, `tuple`, `set`, `frozenset`, `dict`, `bytes`, `extend`, `+=`,
//!   slice assignment, `set.update`, `in`, `len`, length hints, reprs, and changes
//!   between steps: each result or error and the methods called, in order;
//!   `iteration_gen.py` (which draws each op as it runs it on CPython),
//!   `iteration_run.py` and `iteration_edge.ops`; [`iteration::run`] here. Any
//!   harness runs a given ops file instead of its generator's with
//!   `LETHE_CPYTHON_OPS=path`, and lists every differing sequence, not only the
//!   first, with `LETHE_CPYTHON_ALL=1`;
//! - `strings_random` / `strings_edge`: what the public API does with `str` values
//!   (review helper-103), and `bytes` where lethe has them: reprs (quotes chosen by
//!   content, escapes, control, printable and non-printable non-ASCII characters)
//!   alone and in containers, `str()`, `len`, truth, hashes (CPython's run with
//!   `PYTHONHASHSEED=0`) and the order of sets of strs, indexing and slicing with
//!   negative, huge, `bool` and `__index__` bounds, iteration, `reversed` and length
//!   hints, `in`, `+`, `*` and in place (huge counts: `MemoryError`,
//!   `OverflowError`), the comparisons against any type, `sorted`, `int()` (with a
//!   base) and `float()` of numeric text (signs, prefixes, underscores, exponents,
//!   `inf`/`nan`, Unicode whitespace and digits), `bytes(s, …)`, `b.decode(…)`,
//!   `str(…)` and a str subclass called with odd arguments and keywords, objects
//!   whose `__str__` or `__repr__` returns odd results; `strings_gen.py`,
//!   `strings_run.py` and `strings_edge.ops`; [`strings::run`] here;
//! - `numbers_random` / `numbers_edge`: the builtin numbers (review helper-102):
//!   ints (within 64 bits), floats (specials, subnormals, any bit pattern, values
//!   about repr's switch to exponent notation), bools, `None`, strs and instances of
//!   subclasses of int and float, under every binary operator plain and in place
//!   (shift counts, exponents and divisors drawn about their edges), the unary ones,
//!   `repr` and `str`, `hash`, truth, the six comparisons (ints and floats about
//!   2**53 and 2**63), `int(x)`, `float(x)`, `bool(x)`, `int(text, base)` (signs,
//!   whitespace, `_`s, prefixes, words, CPython's 4300-digit limit) and
//!   `operator.index`: each result's type and repr, or the error; `numbers_gen.py`,
//!   `numbers_run.py` and `numbers_edge.ops`; [`numbers::run`] here;
//! - `bytes_random` / `bytes_edge`: `bytes` (review helper-105): reprs of every byte
//!   value, `str()`, `len`, truth, hashes (alone and in tuples) and the order of sets
//!   and dicts of bytes beside equal-looking strs, indexing and slicing with
//!   negative, huge, `bool`, `__index__` (raising, returning odd types) and proxy
//!   bounds, iteration, `reversed` and length hints, `in` with ints and bytes, `+`,
//!   `*` and in place (huge counts), the comparisons against any type, which
//!   results are the operand itself; `count`, `find`, `rfind`, `index`, `rindex`,
//!   `startswith`, `endswith` (empty needles, bounds out of range, int needles in
//!   and out of `range(256)`, tuples of prefixes, wrong types, arities and
//!   keywords), `decode`, `__bytes__` and the bound methods; the constructor's every
//!   form (counts, iterables whose items are out of range, not ints or raise, a
//!   container an item's `__index__` changes, `__bytes__` returning odd results or
//!   raising, through proxies too, strs with and without an encoding, the keywords);
//!   by `Heap::call_method` or, for odd seeds, the bound method; `bytes_gen.py`,
//!   `bytes_run.py` and `bytes_edge.ops`; [`bytes::run`] here;
//! - `errors`: 4,012 cases of the public API, most with bad input (`errors_cases.rs`,
//!   each beside its Python snippet, run by `errors.py`; 869 of them the operators
//!   and comparisons with `NotImplemented`, 615 of those a row of a table of every operator over every pairing of operands;
//!   255 the iterator protocol, `__index__` and `reversed`, with user classes and proxies;
//!   268 the dict views, `dict_keys`, `dict_values`, `dict_items` and their iterators;
//!   458 `bytes`: the constructor, `__bytes__` and a proxy's, repr, comparisons, hash,
//!   `in`, indexing, iteration, `+`, `*`, the methods and the codecs' errors;
//!   655 `slice`: the constructor, attributes, `indices`, repr, comparisons, hashing,
//!   slicing lists, tuples, strs and bytes with negative, huge and `__index__` bounds,
//!   a list's slice assignment and deletion (self-assignment, iterators that change
//!   the list, open iterators, collections run by a bound's `__index__` or by the
//!   iterator, whose finalizers, callbacks and `__del__` change the list, empty a
//!   `WeakSet` or kill a proxy bound), user classes' and proxies' items),
//!   compared with CPython's result or exception and message, the known differences
//!   listed in [`ERRORS_KNOWN`].
//!
//! A random test has the Python generator print sequences for fixed seeds (each
//! sequence made from its own seed only), runs the CPython runner on them with
//! `python3` as a subprocess, runs the lethe runner in-process on the same text, and
//! compares the two outputs line by line. Lethe also checks `Heap::verify` after every
//! op (a failure is an output line CPython does not print). The lethe side varies
//! what CPython has no counterpart for, by seed: `refs_random` collects by `step()`
//! for odd seeds, `containers_random` uses the ephemeron `WeakKeyDictionary` for
//! seeds marked `eph`, `wvd_random`, `set_random`, `finalize_random` and
//! `dictlist_random` call the methods by name for seeds marked `py`
//! (`finalize_random` also collects by `step()` for them, and `collection_random`
//! only that), `classes_random` calls `bool`, `str` and `type` as the builtin
//! types for them, and `bytes_random` the methods through the bound method.
//!
//! The Python runners normalize what differs by design: addresses, the order of sets
//! of objects hashed by address, hashes
//! of objects (`classes_run.py` prints a hash only when it is small), and the
//! differences src/differences.rs lists, each commented there
//! (`NORMALIZE`); the generators avoid ops whose results depend on when CPython's
//! reference counting frees an object (`classes_random` collects before it reads a
//! weak reference), `slicing_gen.py` the assignment to an extended slice of an iterator that
//! shrinks the list, where CPython 3.11 writes past the list's end, `set_gen.py`
//! an operator between two dicts (dict algebra, not the set algebra it tests), and
//! `finalize_gen.py` functions acting on other finalizers in sequences where several
//! objects may die in one collection (the order across them is CPython's
//! collector's), `gc_gen.py` the weak references and finalizers a `__del__` makes
//! for its object without resurrecting it (the spec's step 7 clears them;
//! src/differences.rs), `iteration_gen.py` `reversed()` of an empty dict or its view
//! (CPython 3.11 crashes stepping it after a `clear`), and `classes_gen.py` what lethe's object model leaves out by design (`object`'s and
//! the builtin types' protocol methods as attributes, unbound builtin methods,
//! `__class__` assignment; see its docstring).
//! A difference fails the test with the sequence's seed, the first differing line
//! in context, and how to rerun it.
//!
//! Settings: `LETHE_CPYTHON_SEQS=N` runs N sequences per random test (defaults:
//! [`REFS_SEQS`], [`CONTAINERS_SEQS`], [`SLICING_SEQS`], [`WVD_SEQS`], [`SET_SEQS`],
//! [`FINALIZE_SEQS`], [`DICTLIST_SEQS`], [`SORT_SEQS`], [`COLLECTION_SEQS`], [`CLASSES_SEQS`],
//! [`WSORDER_SEQS`], [`COMPARE_SEQS`], [`OPERATORS_SEQS`], [`METHODS_SEQS`],
//! [`ITERATION_SEQS`], [`STRINGS_SEQS`], [`NUMBERS_SEQS`], [`BYTES_SEQS`]),
//! `LETHE_CPYTHON_SEED0=S` starts them at seed S (to run past the default ones),
//! `LETHE_CPYTHON_SEED=S` only the sequence of seed S. Without `python3` on PATH the tests fail, unless
//! `LETHE_NO_CPYTHON=1`, which skips them with a note.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;

/// Sequences `refs_random` runs by default (seeds from [`REFS_SEED0`]).
const REFS_SEQS: u64 = 5000;
const REFS_SEED0: u64 = 1000;
/// Sequences `containers_random` runs by default (seeds from 0).
const CONTAINERS_SEQS: u64 = 5000;
/// Sequences `slicing_random` runs by default (seeds from 0).
const SLICING_SEQS: u64 = 15000;
/// Sequences `wvd_random` runs by default (seeds from 0).
const WVD_SEQS: u64 = 1500;
/// Sequences `set_random` runs by default (seeds from 0).
const SET_SEQS: u64 = 1500;
/// Sequences `finalize_random` runs by default (seeds from 0).
const FINALIZE_SEQS: u64 = 2000;
/// Sequences `dictlist_random` runs by default (seeds from 0).
const DICTLIST_SEQS: u64 = 2500;
/// Sequences `sort_random` runs by default (seeds from 0).
const SORT_SEQS: u64 = 300;
/// Sequences `collection_random` runs by default (seeds from 0).
const COLLECTION_SEQS: u64 = 2000;
/// Sequences `classes_random` runs by default (seeds from 0).
const CLASSES_SEQS: u64 = 1500;
/// Sequences `wsorder_random` runs by default (seeds from 0).
const WSORDER_SEQS: u64 = 1000;
/// Sequences `compare_random` runs by default (seeds from 0).
const COMPARE_SEQS: u64 = 5000;
/// Sequences `operators_random` runs by default (seeds from 0).
const OPERATORS_SEQS: u64 = 2000;

// ------------------------------------------------------------------ the driver

/// The Python side's directory.
const SCRIPTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/runtime-tests/cpython");

/// Whether to run `test`: false (after a note) with `LETHE_NO_CPYTHON=1`; a panic if
/// `python3` cannot be run.
fn python_available(test: &str) -> bool {
    if std::env::var("LETHE_NO_CPYTHON").is_ok_and(|v| v == "1") {
        // Written past the test harness's capture, so that the skip is seen.
        let _ = writeln!(
            std::io::stderr(),
            "note: {test} skipped (LETHE_NO_CPYTHON=1): it compares lethe with python3"
        );
        return false;
    }
    match Command::new("python3").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => panic!(
            "{test} needs python3 (CPython 3.11) on PATH: it runs the same operations \
             on CPython and compares; set LETHE_NO_CPYTHON=1 to skip it"
        ),
    }
}

fn python_version() -> String {
    Command::new("python3")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

/// `python3 runtime-tests/cpython/<script> <args>`'s standard output.
fn python(script: &str, args: &[&str]) -> String {
    let path = format!("{SCRIPTS}/{script}");
    let out = Command::new("python3")
        // (The runners import `common.py`: no `__pycache__` left in the sources.)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        // (lethe's strs hash as CPython's do with this seed: the same sets' orders.)
        .env("PYTHONHASHSEED", "0")
        .arg(&path)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3 {path}: {e}"));
    assert!(
        out.status.success(),
        "python3 {path} {} failed ({}):\n{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("python3 printed UTF-8")
}

/// A file in cargo's scratch directory for this test target.
fn scratch(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cpython_differential.{name}"))
}

/// The seeds to run: `LETHE_CPYTHON_SEED`, or `LETHE_CPYTHON_SEQS` (else `count`)
/// of them from `LETHE_CPYTHON_SEED0` (else `seed0`, so that a default run is always
/// the same sequences, and a long run can start past the ones already run).
fn seeds(seed0: u64, count: u64) -> (u64, u64) {
    let var = |name: &str| {
        std::env::var(name).ok().map(|v| {
            v.parse::<u64>()
                .unwrap_or_else(|_| panic!("{name}={v}: not a number"))
        })
    };
    match var("LETHE_CPYTHON_SEED") {
        Some(seed) => (seed, 1),
        None => (
            var("LETHE_CPYTHON_SEED0").unwrap_or(seed0),
            var("LETHE_CPYTHON_SEQS").unwrap_or(count),
        ),
    }
}

/// A random harness: a generator and a runner under `runtime-tests/cpython/`, and
/// the lethe runner of the same ops.
struct Harness {
    /// The test's name, for the rerun hint.
    test: &'static str,
    generator: &'static str,
    run: &'static str,
    /// What starts a sequence's first line (its seed follows).
    header: &'static str,
    lethe: fn(&str) -> String,
}

impl Harness {
    fn run_random(&self, seed0: u64, count: u64) {
        if !python_available(self.test) {
            return;
        }
        let (seed0, count) = seeds(seed0, count);
        // (`LETHE_CPYTHON_OPS=path`: that ops file instead of the generator's.)
        let given = std::env::var("LETHE_CPYTHON_OPS").ok();
        let ops = match &given {
            Some(path) => std::fs::read_to_string(path).unwrap(),
            None => python(self.generator, &[&seed0.to_string(), &count.to_string()]),
        };
        let ops_path = scratch(&format!("{}.ops", self.test));
        std::fs::write(&ops_path, &ops).unwrap();
        let cpython = python(self.run, &[ops_path.to_str().unwrap()]);
        let lethe = (self.lethe)(&ops);
        let rerun = |seed: &str| {
            format!(
                "rerun it: LETHE_CPYTHON_SEED={seed} cargo test --test cpython_differential {test}\n\
                 its ops: python3 runtime-tests/cpython/{gen} {seed} 1 > seq.ops; \
                 python3 runtime-tests/cpython/{run} seq.ops\n\
                 this run's ops: {ops}",
                test = self.test,
                gen = self.generator,
                run = self.run,
                ops = ops_path.display(),
            )
        };
        compare(self.test, self.header, &cpython, &lethe, &rerun);
        let n = ops.lines().filter(|l| l.starts_with(self.header)).count() as u64;
        if given.is_some() {
            return;
        }
        assert_eq!(
            n, count,
            "{}: the generator printed {n} sequences",
            self.test
        );
    }
}

/// Splits an output into sequences, each starting at a line beginning with
/// `header` (everything before the first is one sequence headed "").
fn sequences<'a>(text: &'a str, header: &str) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut seqs: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if !header.is_empty() && line.starts_with(header) {
            seqs.push((line, Vec::new()));
        } else {
            if seqs.is_empty() {
                seqs.push(("", Vec::new()));
            }
            seqs.last_mut().unwrap().1.push(line);
        }
    }
    seqs
}

/// Lines of context shown before a difference.
const CONTEXT: usize = 4;

/// Compares CPython's and lethe's outputs sequence by sequence, line by line; panics
/// at the first difference with its sequence, context and `rerun(seed)`.
fn compare(test: &str, header: &str, cpython: &str, lethe: &str, rerun: &dyn Fn(&str) -> String) {
    let (py, rs) = (sequences(cpython, header), sequences(lethe, header));
    let mut lines = 0;
    let mut all: Vec<String> = Vec::new();
    for (k, (p, r)) in py.iter().zip(&rs).enumerate() {
        assert_eq!(p.0, r.0, "{test}: sequence {k}'s header differs");
        let first = (0..p.1.len().max(r.1.len())).find(|&i| p.1.get(i) != r.1.get(i));
        lines += p.1.len();
        let Some(i) = first else { continue };
        // (`LETHE_CPYTHON_ALL=1`: every differing sequence's first differing line,
        // then one failure.)
        if std::env::var("LETHE_CPYTHON_ALL").is_ok_and(|v| v == "1") {
            let ctx = p.1[i.saturating_sub(2)..i]
                .iter()
                .map(|l| l.chars().take(300).collect::<String>())
                .collect::<Vec<_>>()
                .join("\n    ");
            all.push(format!(
                "{}:\n    {ctx}\n  CPython: {}\n  lethe:   {}",
                p.0,
                p.1.get(i)
                    .unwrap_or(&"<end>")
                    .chars()
                    .take(700)
                    .collect::<String>(),
                r.1.get(i)
                    .unwrap_or(&"<end>")
                    .chars()
                    .take(700)
                    .collect::<String>()
            ));
            continue;
        }
        let py_path = scratch(&format!("{test}.cpython.out"));
        let rs_path = scratch(&format!("{test}.lethe.out"));
        std::fs::write(&py_path, cpython).unwrap();
        std::fs::write(&rs_path, lethe).unwrap();
        let seed = p.0.split_whitespace().nth(1).unwrap_or("");
        let shown = |l: Option<&&str>| l.map_or("<end of sequence>".to_string(), |l| l.to_string());
        panic!(
            "{test}: lethe and CPython differ{at}, line {line}:\n\
             {context}\n\
             CPython: {py_line}\n\
             lethe:   {rs_line}\n\n\
             {rerun}\n\
             the outputs: {py_path} and {rs_path} ({version})\n\
             (a documented difference (src/differences.rs) belongs in the Python \
             runner's normalizations; see runtime-tests/cpython/)",
            at = if p.0.is_empty() {
                String::new()
            } else {
                format!(" in `{}` (seed {seed})", p.0)
            },
            line = i + 1,
            context = p.1[i.saturating_sub(CONTEXT)..i]
                .iter()
                .map(|l| format!("         {l}"))
                .collect::<Vec<_>>()
                .join("\n"),
            py_line = shown(p.1.get(i)),
            rs_line = shown(r.1.get(i)),
            rerun = rerun(seed),
            py_path = py_path.display(),
            rs_path = rs_path.display(),
            version = python_version(),
        );
    }
    if !all.is_empty() {
        let py_path = scratch(&format!("{test}.cpython.out"));
        let rs_path = scratch(&format!("{test}.lethe.out"));
        std::fs::write(&py_path, cpython).unwrap();
        std::fs::write(&rs_path, lethe).unwrap();
        panic!(
            "{test}: {} sequences differ:\n{}",
            all.len(),
            all.join("\n")
        );
    }
    assert_eq!(
        py.len(),
        rs.len(),
        "{test}: CPython printed {} sequences, lethe {}",
        py.len(),
        rs.len()
    );
    assert!(lines > 0, "{test}: no output");
}

/// Runs the sequences of `ops` (`SEQ <seed> [flags]` … `END`; blank and `#` lines
/// skipped): each `SEQ` line is copied to the output, and at its `END`
/// `run(its ops, whether its flags include flag, the output)` runs it. Returns the
/// output, one line each, as the runners print it.
fn run_sequences(
    ops: &str,
    flag: &str,
    mut run: impl FnMut(&[String], bool, &mut Vec<String>),
) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut flagged = false;
    for line in ops
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        if line.starts_with("SEQ") {
            cur.clear();
            flagged = line.split_whitespace().any(|f| f == flag);
            out.push(line.to_string());
        } else if line == "END" {
            run(&cur, flagged, &mut out);
        } else {
            cur.push(line.to_string());
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// [`run_sequences`] for a runner that keeps a sequence's state on the heap, in an
/// environment object: each sequence (flagged `py`) runs on a fresh heap, with
/// `env(heap, py)` made first.
fn run_in_env(
    ops: &str,
    env: fn(&lethe::Heap, bool) -> lethe::Result<lethe::Value>,
    run_seq: fn(&lethe::Heap, &lethe::Value, &[String], &mut Vec<String>),
) -> String {
    run_sequences(ops, "py", |cur, py, out| {
        let heap = lethe::Heap::new();
        let env = env(&heap, py).expect("the sequence's classes");
        run_seq(&heap, &env, cur, out);
    })
}

/// One op's outcome as the runners print it: its result, `ERR <error>`, or
/// `PANIC <message>`.
fn outcome(r: std::thread::Result<lethe::Result<String>>) -> String {
    match r {
        Ok(Ok(s)) => s,
        Ok(Err(e)) => format!("ERR {e}"),
        Err(p) => format!("PANIC {}", panic_text(p)),
    }
}

/// Appends `<n> VERIFY FAIL <error>` when the heap is inconsistent after op `n` (a
/// line CPython's runner never prints).
fn check_heap(h: &lethe::Heap, n: usize, out: &mut Vec<String>) {
    if let Err(e) = h.verify() {
        out.push(format!("{n} VERIFY FAIL {e}"));
    }
}

/// Panic payload as text, for an output line.
fn panic_text(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "?".into())
}

/// The runners' environment `env`'s attribute `name` (an instance holding the
/// sequence's state, so that the state is on the heap, as CPython's runner's is).
fn attr(h: &lethe::Heap, env: &lethe::Value, name: &str) -> lethe::Result<lethe::Value> {
    h.getattr(env, name)
}

/// Slot `i` of the env's list `name`.
fn slot(h: &lethe::Heap, env: &lethe::Value, name: &str, i: &str) -> lethe::Result<lethe::Value> {
    h.getitem(&attr(h, env, name)?, &lethe::Value::Int(i.parse().unwrap()))
}

fn set_slot(
    h: &lethe::Heap,
    env: &lethe::Value,
    name: &str,
    i: &str,
    v: &lethe::Value,
) -> lethe::Result<()> {
    h.setitem(
        &attr(h, env, name)?,
        &lethe::Value::Int(i.parse().unwrap()),
        v,
    )
}

/// A hand-written ops file, `runtime-tests/cpython/<test>.ops`, run by `runner` on
/// CPython and by `lethe` here, and compared.
fn run_edge(test: &str, runner: &str, lethe: fn(&str) -> String) {
    if !python_available(test) {
        return;
    }
    let path = format!("{SCRIPTS}/{test}.ops");
    let ops = std::fs::read_to_string(&path).unwrap();
    let cpython = python(runner, &[&path]);
    compare(test, "SEQ ", &cpython, &lethe(&ops), &|_| {
        format!(
            "rerun it: cargo test --test cpython_differential {test}\n\
             CPython's side: python3 runtime-tests/cpython/{runner} \
             runtime-tests/cpython/{test}.ops"
        )
    });
}

/// A collection: `collect()`, or `step()`s (the smallest budget) to the end of a
/// cycle if `stepped`.
fn collect_by(h: &lethe::Heap, stepped: bool) -> lethe::CollectReport {
    if !stepped {
        return h.collect();
    }
    for _ in 0..1_000_000 {
        if let Some(r) = h.step(0.001) {
            return r;
        }
    }
    panic!("step() never finished its cycle")
}

/// Python's spelling of a bool.
fn py_bool(b: bool) -> String {
    if b { "True" } else { "False" }.into()
}

/// Replaces every `0x<hex>` by `0x?` (as the Python runners do).
fn mask_addresses(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("0x") {
        out.push_str(&rest[..i]);
        let hex = rest[i + 2..]
            .bytes()
            .take_while(u8::is_ascii_hexdigit)
            .count();
        if hex == 0 {
            out.push_str("0x");
        } else {
            out.push_str("0x?");
        }
        rest = &rest[i + 2 + hex..];
    }
    out.push_str(rest);
    out
}

/// The `$random` test of a harness whose files have the usual names (`$stem_gen.py`,
/// `$stem_run.py`, sequences headed `SEQ `, seeds from 0), lethe's side `$run`;
/// and, given `$edge`, its test of the hand-written `$stem_edge.ops`.
macro_rules! harness_tests {
    ($random:ident, $stem:literal, $run:path, $seqs:expr $(, $edge:ident)?) => {
        #[test]
        fn $random() {
            Harness {
                test: stringify!($random),
                generator: concat!($stem, "_gen.py"),
                run: concat!($stem, "_run.py"),
                header: "SEQ ",
                lethe: $run,
            }
            .run_random(0, $seqs);
        }
        $(
            #[test]
            fn $edge() {
                run_edge(stringify!($edge), concat!($stem, "_run.py"), $run);
            }
        )?
    };
}

// ------------------------------------------------------------------ the tests

#[test]
fn refs_random() {
    Harness {
        test: "refs_random",
        generator: "refs_gen.py",
        run: "refs_run.py",
        header: "seq ",
        lethe: refs::run,
    }
    .run_random(REFS_SEED0, REFS_SEQS);
}

#[test]
fn refs_edge() {
    if !python_available("refs_edge") {
        return;
    }
    let cpython = python("refs_edge.py", &[]);
    let lethe = refs_edge::run();
    compare("refs_edge", "", &cpython, &lethe, &|_| {
        "rerun it: cargo test --test cpython_differential refs_edge\n\
         CPython's side: python3 runtime-tests/cpython/refs_edge.py"
            .into()
    });
}

harness_tests!(
    containers_random,
    "containers",
    containers::run,
    CONTAINERS_SEQS,
    containers_edge
);

harness_tests!(slicing_random, "slicing", slicing::run, SLICING_SEQS);

harness_tests!(wvd_random, "wvd", wvd::run, WVD_SEQS);

harness_tests!(set_random, "set", sets::run, SET_SEQS);

harness_tests!(finalize_random, "finalize", finalizers::run, FINALIZE_SEQS);

harness_tests!(
    dictlist_random,
    "dictlist",
    dictlist::run,
    DICTLIST_SEQS,
    dictlist_edge
);

harness_tests!(sort_random, "sort", sorting::run, SORT_SEQS);

harness_tests!(wsorder_random, "wsorder", wsorder::run, WSORDER_SEQS);

#[test]
fn collection_random() {
    Harness {
        test: "collection_random",
        generator: "gc_gen.py",
        run: "gc_run.py",
        header: "SEQ ",
        lethe: collection::run,
    }
    .run_random(0, COLLECTION_SEQS);
}

harness_tests!(compare_random, "compare", compare::run, COMPARE_SEQS);

harness_tests!(
    operators_random,
    "operators",
    operators::run,
    OPERATORS_SEQS
);

harness_tests!(classes_random, "classes", classes::run, CLASSES_SEQS);

/// The cases of the error paths that differ from CPython by design, each with the
/// reason src/differences.rs gives. Any other difference fails `errors`, and
/// so does one of these that no longer differs (then remove it here).
const ERRORS_KNOWN: &[(&str, &str)] = &[
    (
        "dpw | {}",
        "Heap::weak_or does not unwrap a proxy (Heap::binary_op does)",
    ),
    (
        "wvd | dp",
        "Heap::weak_or does not unwrap a proxy (Heap::binary_op does)",
    ),
    ("9223372036854775807 + 1", "ints are 64-bit"),
    ("4611686018427387904 * 2", "ints are 64-bit"),
    ("(-9223372036854775807 - 1) // -1", "ints are 64-bit"),
    ("-(-9223372036854775807 - 1)", "ints are 64-bit"),
    ("abs(-9223372036854775807 - 1)", "ints are 64-bit"),
    ("1 << 63", "ints are 64-bit"),
    ("3 ** 40", "ints are 64-bit"),
    ("(-8) ** 0.5", "there are no complex numbers"),
    ("'%s' % 1", "there is no printf-style str formatting"),
    ("'ab' % 1.5", "there is no printf-style str formatting"),
    ("b'%d' % 1", "there is no printf-style bytes formatting"),
    (
        "slice(float('nan')) == slice(float('nan'))",
        "floats are values: two NaNs are the same value",
    ),
    (
        "(1, 2)[5:] is ()",
        "there is no empty tuple singleton: an empty slice is a new tuple",
    ),
    (
        "b'abc'[5:] is b''",
        "there is no empty bytes singleton: an empty slice is new bytes",
    ),
    (
        "repr(slice.indices)",
        "the builtin types' namespaces are empty: no unbound method descriptors",
    ),
    (
        "slice.indices(slice(1), 3)",
        "the builtin types' namespaces are empty: no unbound method descriptors",
    ),
    ("setattr(o, '__dict__', 1)", "instances have no __dict__"),
    ("md.values()", "Heap::values returns the values, not a view"),
    (
        "pmd.values()",
        "Heap::values returns the values, not a view",
    ),
    (
        "setattr(weakref.WeakSet, 'x', 1) ;; weakref.WeakSet.x",
        "the weak types are builtin types",
    ),
    (
        "wvd.get.__func__(1, 'a')",
        "a weak container's method calls the typed Heap method",
    ),
    (
        "wvd.get.__func__(d, 'a')",
        "a weak container's method calls the typed Heap method",
    ),
    (
        "wvd.get.__func__()",
        "a weak container's method calls the typed Heap method",
    ),
    (
        "wvd.__getitem__.__func__(ws, 1)",
        "a weak container's method calls the typed Heap method",
    ),
];

/// The error paths of the public API (`errors_cases.rs`, 4,012 cases: wrong types,
/// dead proxies, bad arity and keywords, read-only attributes, the operators…): each case's
/// exception type and message, or its result, as CPython 3.11's; no case panics
/// or leaves the heap inconsistent (`Heap::verify`, before and after a collection).
#[test]
fn errors() {
    if !python_available("errors") {
        return;
    }
    let (text, count, panics, inconsistent) = errors_cases::run();
    assert_eq!((panics, inconsistent), (0, 0), "{text}");
    let path = scratch("errors.txt");
    std::fs::write(&path, &text).unwrap();
    let out = python("errors.py", &[path.to_str().unwrap()]);
    let mut unexpected = Vec::new();
    let mut seen = Vec::new();
    for line in out.lines() {
        let case = line.split('\t').nth(1).unwrap_or(line);
        match ERRORS_KNOWN.iter().find(|(c, _)| *c == case) {
            Some((c, _)) => seen.push(*c),
            None => unexpected.push(line.replace('\t', "\n    ")),
        }
    }
    assert!(
        unexpected.is_empty(),
        "{} of {count} cases differ from CPython (case, CPython, lethe):\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
    let stale: Vec<_> = ERRORS_KNOWN
        .iter()
        .filter(|(c, _)| !seen.contains(c))
        .collect();
    assert!(
        stale.is_empty(),
        "now agree with CPython, remove from ERRORS_KNOWN: {stale:?}"
    );
}

#[path = "cpython/errors_cases.rs"]
mod errors_cases;

// ------------------------------------------------------- refs: the lethe runner

/// Runs `refs_gen.py`'s ops on lethe, printing what `refs_run.py` prints.
mod refs {
    use super::{mask_addresses as norm, panic_text, py_bool as b};
    use lethe::{Args, CompareOp, Error, Heap, Result, Value};
    use std::cell::RefCell;

    const NO: usize = 6;
    const NR: usize = 8;
    const NF: usize = 3;
    const NB: usize = 3;

    /// What callbacks see: the reference slots, and the log they write.
    #[derive(Default)]
    struct Shared {
        r: Vec<Option<Value>>,
        cblog: Vec<(String, String)>,
        silent: bool,
    }
    thread_local! { static SH: RefCell<Shared> = RefCell::new(Shared::default()); }

    fn fmt(heap: &Heap, v: &Value) -> Result<String> {
        Ok(norm(&heap.repr(v)?))
    }

    fn slot_of(r: &Value) -> i64 {
        SH.with(|s| {
            s.borrow()
                .r
                .iter()
                .position(|x| x.as_ref().is_some_and(|x| x.is(r)))
                .map_or(-1, |j| j as i64)
        })
    }

    fn desc(heap: &Heap, r: &Value) -> Result<String> {
        if heap.isinstance(r, &heap.proxy_types()?)? {
            return Ok(format!("proxy slot={} repr={}", slot_of(r), fmt(heap, r)?));
        }
        let dead = heap.call(r, &[])?.is_none();
        Ok(format!(
            "ref dead={} slot={} repr={}",
            b(dead),
            slot_of(r),
            fmt(heap, r)?
        ))
    }

    fn make_cb(heap: &Heap, kind: &str, tag: String, group: String) -> Option<Value> {
        let log = move |heap: &Heap, a: &Args<'_>, what: &str| -> Result<String> {
            if !SH.with(|s| s.borrow().silent) {
                let d = desc(heap, a.get(0)?)?;
                SH.with(|s| {
                    s.borrow_mut()
                        .cblog
                        .push((group.clone(), format!("{what} {tag}: {d}")))
                });
            }
            Ok(tag.clone())
        };
        match kind {
            "none" => None,
            "nocall" => Some(Value::Int(42)),
            "log" => Some(heap.function("cb", move |heap, a| {
                log(heap, a, "cb")?;
                Ok(Value::None)
            })),
            _ => Some(heap.function("cbr", move |heap, a| {
                let tag = log(heap, a, "cbraise")?;
                Err(Error::ValueError(format!("boom {tag}")))
            })),
        }
    }

    fn getattr_or(heap: &Heap, v: &Value, name: &str, d: Value) -> Result<Value> {
        match heap.getattr(v, name) {
            Err(e) if e.type_name() == "AttributeError" => Ok(d),
            r => r,
        }
    }

    fn name_of(heap: &Heap, a: &Args<'_>) -> Result<String> {
        Ok(heap
            .getattr(a.get(0)?, "name")?
            .as_str()
            .unwrap_or("?")
            .to_string())
    }

    /// `refs_run.py`'s classes C, E, Q, S and Z.
    fn classes(heap: &Heap) -> Result<Vec<(&'static str, Value)>> {
        let m = |heap: &Heap, a: &Args<'_>| Ok(format!("m:{}", name_of(heap, a)?).into());
        let eq_key = |heap: &Heap, a: &Args<'_>| -> Result<Value> {
            let k = heap.getattr(a.get(0)?, "key")?;
            let o = getattr_or(heap, a.get(1)?, "key", Value::None)?;
            Ok(Value::Bool(heap.eq(&k, &o)?))
        };
        let key = |heap: &Heap, a: &Args<'_>| heap.getattr(a.get(0)?, "key");
        let key_int = |heap: &Heap, a: &Args<'_>| -> Result<i64> {
            Ok(heap.getattr(a.get(0)?, "key")?.as_int().unwrap())
        };
        let c = heap.class("C").method("m", m).build()?;
        let e = heap
            .class("E")
            .method("m", m)
            .method("__eq__", eq_key)
            .method("__hash__", key)
            .build()?;
        let q = heap
            .class("Q")
            .method("m", m)
            .method("__eq__", eq_key)
            .build()?;
        let s = heap
            .class("S")
            .method("m", m)
            .method("__len__", key)
            .method("__getitem__", move |heap, a| {
                let i = a.int(1)?;
                if i >= key_int(heap, a)? {
                    return Err(Error::IndexError("S index out of range".into()));
                }
                Ok(Value::Int(i * 10))
            })
            .method("__call__", |heap, a| {
                Ok(format!("called:{}:{}", name_of(heap, a)?, a.len() - 1).into())
            })
            .method("__repr__", |heap, a| {
                Ok(format!("<S {}>", name_of(heap, a)?).into())
            })
            .method("__lt__", |heap, a| {
                let k = heap.getattr(a.get(0)?, "key")?;
                let o = getattr_or(heap, a.get(1)?, "key", Value::Int(-1))?;
                Ok(Value::Bool(heap.compare(&k, &o, CompareOp::Lt)?))
            })
            .build()?;
        let z = heap
            .class("Z")
            .method("m", m)
            .method("__bool__", move |heap, a| {
                Ok(Value::Bool(key_int(heap, a)? % 2 == 1))
            })
            .method("__contains__", |heap, a| {
                let k = heap.getattr(a.get(0)?, "key")?;
                Ok(Value::Bool(heap.eq(a.get(1)?, &k)?))
            })
            .method("__str__", |heap, a| {
                Ok(format!("Z-str:{}", name_of(heap, a)?).into())
            })
            .build()?;
        Ok(vec![("C", c), ("E", e), ("Q", q), ("S", s), ("Z", z)])
    }

    /// One sequence's state (the reference slots are in [`SH`]).
    struct World {
        heap: Heap,
        classes: Vec<(&'static str, Value)>,
        o: Vec<Option<Value>>,
        f: Vec<Option<Value>>,
        b: Vec<Option<Value>>,
        keep: Vec<Value>,
        /// Collect by `step()` rather than `collect()`.
        stepped: bool,
    }

    impl World {
        fn new(stepped: bool) -> World {
            let heap = Heap::new();
            let classes = classes(&heap).unwrap();
            SH.with(|s| {
                *s.borrow_mut() = Shared {
                    r: vec![None; NR],
                    ..Shared::default()
                }
            });
            World {
                heap,
                classes,
                o: vec![None; NO],
                f: vec![None; NF],
                b: vec![None; NB],
                keep: vec![],
                stepped,
            }
        }

        fn class(&self, n: &str) -> &Value {
            &self.classes.iter().find(|(k, _)| *k == n).unwrap().1
        }
    }

    impl Drop for World {
        fn drop(&mut self) {
            // The sequence's leftovers die silently.
            SH.with(|s| {
                let mut s = s.borrow_mut();
                s.silent = true;
                s.r.clear();
            });
        }
    }

    fn some(v: &Option<Value>) -> Value {
        v.clone().unwrap_or(Value::None)
    }
    fn rget(j: usize) -> Value {
        SH.with(|s| some(&s.borrow().r[j]))
    }
    fn rset(j: usize, v: Option<Value>) {
        SH.with(|s| s.borrow_mut().r[j] = v);
    }

    /// A value of another type, for `refv`.
    fn val(w: &mut World, kind: &str) -> Result<Value> {
        let h = &w.heap;
        Ok(match kind {
            "int" => Value::Int(5),
            "str" => "s".into(),
            "list" => h.list(&[])?,
            "dict" => h.dict(&[])?,
            "tuple" => h.tuple(&[])?,
            "float" => Value::Float(1.5),
            "none" => Value::None,
            "bool" => Value::Bool(true),
            "object" => h.object()?,
            "set" => h.set(&[])?,
            "frozenset" => h.frozenset(&[])?,
            "func" => h.function("g", |_, _| Ok(Value::None)),
            "cls" => w.class("C").clone(),
            _ => {
                let o = h.call(w.class("C"), &[])?;
                h.setattr(&o, "me", &o)?;
                h.setattr(&o, "name", &"x".into())?;
                if kind == "bound" {
                    return h.getattr(&o, "m");
                }
                w.keep.push(o.clone());
                match kind {
                    "ref" => h.weakref(&o, None)?,
                    "proxy" => h.proxy(&o, None)?,
                    _ => h.weak_method(&h.getattr(&o, "m")?, None)?,
                }
            }
        })
    }

    fn collect(w: &World) -> String {
        let heap = &w.heap;
        let rep = if w.stepped {
            let mut n = 0;
            loop {
                n += 1;
                if let Some(r) = heap.step(0.001) {
                    break r;
                }
                assert!(n < 1_000_000, "step() never finished its cycle");
            }
        } else {
            heap.collect()
        };
        let log = SH.with(|s| std::mem::take(&mut s.borrow_mut().cblog));
        // As refs_run.py: grouped by referent, errors sorted.
        let mut groups: Vec<&String> = log.iter().map(|(g, _)| g).collect();
        groups.sort();
        groups.dedup();
        let mut res: Vec<String> = Vec::new();
        for g in groups {
            res.extend(log.iter().filter(|(gg, _)| gg == g).map(|(_, l)| l.clone()));
        }
        let mut errs: Vec<String> = rep
            .errors
            .iter()
            .map(|e| format!("error {}", e.error))
            .collect();
        errs.sort();
        res.extend(errs);
        let mut s = "collected".to_string();
        for l in res {
            s.push_str("\n  ");
            s.push_str(&l);
        }
        s
    }

    fn step(w: &mut World, t: &[&str]) -> Result<String> {
        let op = t[0];
        let a = &t[1..];
        let ai = |k: usize| -> usize { a[k].parse().unwrap() };
        let heap = &w.heap;
        match op {
            "new" => {
                let o = heap.call(w.class(a[1]), &[])?;
                heap.setattr(&o, "me", &o)?;
                heap.setattr(&o, "key", &Value::Int(a[2].parse().unwrap()))?;
                heap.setattr(&o, "name", &format!("o{}", a[3]).into())?;
                w.o[ai(0)] = Some(o);
                return Ok("ok".into());
            }
            "del" => {
                w.o[ai(0)] = None;
                return Ok("ok".into());
            }
            "ref" | "proxy" | "wm" => {
                let (j, i) = (ai(0), ai(1));
                let mut grp = a[4].to_string();
                if op == "wm" {
                    grp = format!("{grp}/wm{}", a[3]);
                }
                let cb = make_cb(heap, a[2], format!("{op}{}", a[3]), grp);
                rset(j, None);
                let o = some(&w.o[i]);
                let r = match op {
                    "ref" => heap.weakref(&o, cb.as_ref())?,
                    "proxy" => heap.proxy(&o, cb.as_ref())?,
                    _ => heap.weak_method(&heap.getattr(&o, "m")?, cb.as_ref())?,
                };
                let t = fmt(heap, &heap.type_of(&r)?)?;
                rset(j, Some(r));
                return Ok(format!("ok {t}"));
            }
            "newf" => {
                let g = heap.function("g", |heap, a| Ok(format!("g:{}", name_of(heap, a)?).into()));
                w.f[ai(0)] = Some(g);
                return Ok("ok".into());
            }
            "delf" => {
                w.f[ai(0)] = None;
                return Ok("ok".into());
            }
            "wmf" => {
                let (j, i, f) = (ai(0), ai(1), ai(2));
                let cb = make_cb(
                    heap,
                    a[3],
                    format!("wmf{}", a[4]),
                    format!("{}/wmf{}", a[5], a[4]),
                );
                rset(j, None);
                let o = some(&w.o[i]);
                let c = heap.type_of(&o)?;
                heap.setattr(&c, "g", &some(&w.f[f]))?;
                let bm = heap.getattr(&o, "g")?;
                heap.delattr(&c, "g")?;
                let r = heap.weak_method(&bm, cb.as_ref())?;
                rset(j, Some(r));
                return Ok("ok".into());
            }
            "bind" => {
                w.b[ai(0)] = Some(heap.getattr(&some(&w.o[ai(1)]), "m")?);
                return Ok("ok".into());
            }
            "unbind" => {
                w.b[ai(0)] = None;
                return Ok("ok".into());
            }
            "refv" => {
                rset(ai(0), None);
                let v = val(w, a[1])?;
                let heap = &w.heap;
                let r = match a[2] {
                    "ref" => heap.weakref(&v, None)?,
                    "proxy" => heap.proxy(&v, None)?,
                    _ => heap.weak_method(&v, None)?,
                };
                return Ok(format!("ok {}", fmt(heap, &heap.type_of(&r)?)?));
            }
            "dref" => {
                rset(ai(0), None);
                return Ok("ok".into());
            }
            "collect" => return Ok(collect(w)),
            "count" => return Ok(heap.getweakrefcount(&some(&w.o[ai(0)]))?.to_string()),
            "refs" => {
                let v: Vec<String> = heap
                    .getweakrefs(&some(&w.o[ai(0)]))?
                    .iter()
                    .map(|r| slot_of(r).to_string())
                    .collect();
                return Ok(format!("[{}]", v.join(", ")));
            }
            _ => {}
        }
        let r = rget(ai(0));
        let oi = |k: usize| some(&w.o[ai(k)]);
        let int = |k: usize| Value::Int(a[k].parse().unwrap());
        Ok(match op {
            "call" => fmt(heap, &heap.call(&r, &[])?)?,
            "callp" => {
                let args: Vec<Value> = (0..ai(1) as i64).map(Value::Int).collect();
                fmt(heap, &heap.call(&r, &args)?)?
            }
            "is" => b(r.is(&rget(ai(1)))),
            "eq" => b(heap.eq(&r, &rget(ai(1)))?),
            "ne" => b(heap.ne(&r, &rget(ai(1)))?),
            "eqo" => b(heap.eq(&r, &oi(1))?),
            "oeq" => b(heap.eq(&oi(1), &r)?),
            "hash" => {
                let h = heap.hash(&r)?;
                if (0..100).contains(&h) {
                    h.to_string()
                } else {
                    "h".into()
                }
            }
            "repr" => fmt(heap, &r)?,
            "str" => norm(&heap.str(&r)?),
            "ga" => fmt(heap, &heap.getattr(&r, a[1])?)?,
            "sa" => {
                heap.setattr(&r, a[1], &int(2))?;
                "ok".into()
            }
            "da" => {
                heap.delattr(&r, a[1])?;
                "ok".into()
            }
            "len" => heap.len(&r)?.to_string(),
            "bool" => b(heap.truthy(&r)?),
            "gi" => fmt(heap, &heap.getitem(&r, &int(1))?)?,
            "iter" => {
                let items = heap.iter(&r)?;
                fmt(heap, &heap.list(&items)?)?
            }
            "in" => b(heap.contains(&r, &int(1))?),
            "lt" => b(heap.compare(&r, &rget(ai(1)), CompareOp::Lt)?),
            "lto" => b(heap.compare(&r, &oi(1), CompareOp::Lt)?),
            "olt" => b(heap.compare(&oi(1), &r, CompareOp::Lt)?),
            "type" => fmt(heap, &heap.type_of(&r)?)?,
            "isi" => b(heap.isinstance(&r, w.class(a[1]))?),
            _ => panic!("unknown op {op}"),
        })
    }

    /// Runs `ops` (sequences headed `seq <seed>`), one line per op.
    pub fn run(ops: &str) -> String {
        let mut out = String::new();
        let mut w: Option<World> = None;
        for line in ops.lines() {
            let line = line.trim();
            let t: Vec<&str> = line.split_whitespace().collect();
            if t.is_empty() {
                continue;
            }
            if t[0] == "seq" {
                drop(w.take());
                // Odd seeds collect by step() (lethe only: CPython has no steps).
                let seed: u64 = t[1].parse().unwrap();
                w = Some(World::new(seed % 2 == 1));
                out.push_str(line);
                out.push('\n');
                continue;
            }
            let ww = w.as_mut().expect("ops before the first `seq`");
            let res = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| step(ww, &t)))
            {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => e.to_string(),
                Err(p) => format!("PANIC {}", panic_text(p)),
            };
            out.push_str(&format!("{line} => {res}\n"));
            if let Err(e) = ww.heap.verify() {
                out.push_str(&format!("VERIFY FAILED: {e}\n"));
            }
        }
        out
    }
}

// -------------------------------------------------- refs_edge: the lethe runner

/// `refs_edge.py`'s cases on lethe, in the same order and format.
mod refs_edge {
    use super::{mask_addresses as norm, py_bool as bs};
    use lethe::{Builtin, CompareOp, Error, Heap, Result, Value};
    use std::cell::RefCell;
    use std::rc::Rc;

    /// The printed lines.
    #[derive(Default)]
    struct Out(RefCell<Vec<String>>);

    impl Out {
        /// `label: result` (the error's text for an error), addresses masked.
        fn show(&self, label: &str, f: impl FnOnce() -> Result<String>) {
            let r = f().unwrap_or_else(|e| e.to_string());
            self.0.borrow_mut().push(format!("{label}: {}", norm(&r)));
        }
    }

    pub fn run() -> String {
        let out = Out::default();
        if let Err(e) = cases(&out) {
            out.0.borrow_mut().push(format!("ERROR {e}"));
        }
        let mut s = out.0.into_inner().join("\n");
        s.push('\n');
        s
    }

    fn cases(out: &Out) -> Result<()> {
        let heap = Heap::new();
        let h = &heap;
        let rp = |v: &Value| -> Result<String> { h.repr(v) };
        let c = h
            .class("C")
            .method("m", |_, _| Ok(1.into()))
            .method("n", |_, _| Ok(2.into()))
            .build()?;
        let never = h
            .class("Never")
            .method("__eq__", |_, _| Ok(false.into()))
            .method("__hash__", |_, _| Ok(7.into()))
            .method("m", |_, _| Ok(1.into()))
            .build()?;
        let calls = Rc::new(RefCell::new(0));
        let cc = calls.clone();
        let cnt = h
            .class("Cnt")
            .method("__eq__", move |_, _| {
                *cc.borrow_mut() += 1;
                Ok(true.into())
            })
            .method("__hash__", |_, _| Ok(7.into()))
            .method("m", |_, _| Ok(1.into()))
            .method("n", |_, _| Ok(2.into()))
            .build()?;
        let scls = h
            .class("S")
            .method("__lt__", |_, _| Ok(true.into()))
            .build()?;
        let mk = |cls: &Value| -> Result<Value> {
            let o = h.call(cls, &[])?;
            h.setattr(&o, "me", &o)?;
            Ok(o)
        };
        let g = h.function("g", |_, _| Ok("g".into()));
        let o = mk(&c)?;
        let cb = h.function("cb", |_, _| Ok(Value::None));
        let r = h.weakref(&o, Some(&cb))?;
        out.show("cb attr", || Ok(bs(h.getattr(&r, "__callback__")?.is(&cb))));
        out.show("cb attr none", || {
            rp(&h.getattr(&h.weakref(&o, None)?, "__callback__")?)
        });
        out.show("ref(o,None) shared", || {
            Ok(bs(h
                .weakref(&o, Some(&Value::None))?
                .is(&h.weakref(&o, None)?)))
        });
        out.show("proxy(o,None) shared", || {
            Ok(bs(h.proxy(&o, Some(&Value::None))?.is(&h.proxy(&o, None)?)))
        });
        out.show("count int", || {
            Ok(h.getweakrefcount(&5.into())?.to_string())
        });
        out.show("refs int", || {
            Ok(format!("{:?}", h.getweakrefs(&5.into())?.len()).replace("0", "[]"))
        });
        out.show("count list", || {
            Ok(h.getweakrefcount(&h.list(&[])?)?.to_string())
        });
        out.show("ref func repr", || rp(&h.weakref(&g, None)?));
        out.show("ref cls repr", || rp(&h.weakref(&c, None)?));
        out.show("proxy func call", || {
            Ok(h.call(&h.proxy(&g, None)?, &[])?
                .as_str()
                .unwrap_or("?")
                .to_string())
        });
        out.show("proxy cls call type", || {
            Ok(h.type_name(&h.call(&h.proxy(&c, None)?, &[])?))
        });
        out.show("proxy func repr", || rp(&h.proxy(&g, None)?));
        out.show("ref call args", || {
            rp(&h.call(&h.weakref(&o, None)?, &[1.into()])?)
        });
        out.show("ref call kw", || {
            rp(&h.call_kw(&h.weakref(&o, None)?, &[], &[("a", 1.into())])?)
        });
        let n = mk(&never)?;
        // Equalities (each operand made afresh, as the Python side writes them).
        type Make<'a> = &'a dyn Fn() -> Result<Value>;
        let (rn, pn, nn) = (
            || h.weakref(&n, None),
            || h.proxy(&n, None),
            || Ok(n.clone()),
        );
        let wmn = || h.weak_method(&h.getattr(&n, "m")?, None);
        let (ro, po) = (|| h.weakref(&o, None), || h.proxy(&o, None));
        let wmo = || h.weak_method(&h.getattr(&o, "m")?, None);
        let equalities: [(&str, bool, Make, Make); 6] = [
            ("ref never == itself", true, &rn, &rn),
            ("ref never != itself", false, &rn, &rn),
            ("proxy never == proxy", true, &pn, &pn),
            ("proxy never == n", true, &pn, &nn),
            ("n == n", true, &nn, &nn),
            ("wm never == itself", true, &wmn, &wmn),
        ];
        let check = |out: &Out, (label, eq, a, b): (&str, bool, Make, Make)| {
            out.show(label, || {
                let (a, b) = (a()?, b()?);
                Ok(bs(if eq { h.eq(&a, &b)? } else { h.ne(&a, &b)? }))
            })
        };
        for case in equalities {
            check(out, case);
        }
        let c1 = mk(&cnt)?;
        let c2 = mk(&cnt)?;
        let w1 = h.weak_method(&h.getattr(&c1, "m")?, None)?;
        let w2 = h.weak_method(&h.getattr(&c2, "n")?, None)?;
        *calls.borrow_mut() = 0;
        out.show("wm diff funcs eq", || Ok(bs(h.eq(&w1, &w2)?)));
        out.show("  __eq__ calls", || Ok(calls.borrow().to_string()));
        let equalities: [(&str, bool, Make, Make); 5] = [
            ("ref == proxy same", true, &ro, &po),
            ("proxy == ref same", true, &po, &ro),
            ("ref != proxy same", false, &ro, &po),
            ("ref == wm", true, &ro, &wmo),
            ("wm == ref", true, &wmo, &ro),
        ];
        for case in equalities {
            check(out, case);
        }
        out.show("hash ref == hash o", || {
            Ok(bs(h.hash(&h.weakref(&o, None)?)? == h.hash(&o)?))
        });
        out.show("hash wm == hash o", || {
            Ok(bs(
                h.hash(&h.weak_method(&h.getattr(&o, "m")?, None)?)? == h.hash(&o)?
            ))
        });
        let s = mk(&scls)?;
        // Orderings (each operand made afresh, as the Python side writes them).
        let three = || Ok(Value::Int(3));
        let ps = || h.proxy(&s, None);
        let orderings: [(&str, Make, Make); 5] = [
            ("3 < proxy(s)", &three, &ps),
            ("proxy(s) < 3", &ps, &three),
            ("3 < proxy(o)", &three, &po),
            ("proxy(o) < 3", &po, &three),
            ("ref < ref", &ro, &ro),
        ];
        for (label, a, b) in orderings {
            out.show(label, || Ok(bs(h.compare(&a()?, &b()?, CompareOp::Lt)?)));
        }
        out.show("callable proxy o", || {
            Ok(bs(h.is_callable(&h.proxy(&o, None)?)?))
        });
        out.show("callable proxy g", || {
            Ok(bs(h.is_callable(&h.proxy(&g, None)?)?))
        });
        out.show("isinstance proxy C", || {
            Ok(bs(h.isinstance(&h.proxy(&o, None)?, &c)?))
        });
        out.show("proxy bool", || Ok(bs(h.truthy(&h.proxy(&o, None)?)?)));
        out.show("proxy str", || h.str(&h.proxy(&o, None)?));
        out.show("proxy getattr m()", || {
            rp(&h.call_method(&h.proxy(&o, None)?, "m", &[])?)
        });
        out.show("wm of proxy.m", || {
            Ok(bs(h.eq(
                &h.call(
                    &h.weak_method(&h.getattr(&h.proxy(&o, None)?, "m")?, None)?,
                    &[],
                )?,
                &h.getattr(&o, "m")?,
            )?))
        });
        out.show("wm instance", || rp(&h.weak_method(&o, None)?));
        out.show("wm call eq", || {
            Ok(bs(h.eq(
                &h.call(&h.weak_method(&h.getattr(&o, "m")?, None)?, &[])?,
                &h.getattr(&o, "m")?,
            )?))
        });
        out.show("wm call is", || {
            Ok(bs(h
                .call(&h.weak_method(&h.getattr(&o, "m")?, None)?, &[])?
                .is(&h.getattr(&o, "m")?)))
        });
        out.show("ref(o) in [ref(o)]", || {
            Ok(bs(h.contains(
                &h.list(&[h.weakref(&o, Some(&cb))?])?,
                &h.weakref(&o, None)?,
            )?))
        });
        out.show("proxy in [o]", || {
            Ok(bs(h.contains(
                &h.list(std::slice::from_ref(&o))?,
                &h.proxy(&o, None)?,
            )?))
        });
        out.show("o in [proxy]", || {
            Ok(bs(h.contains(&h.list(&[h.proxy(&o, None)?])?, &o)?))
        });
        out.show("ref hash set dedup", || {
            Ok(
                h.len(&h.set(&[h.weakref(&o, None)?, h.weakref(&o, Some(&cb))?])?)?
                    .to_string(),
            )
        });
        let d = mk(&c)?;
        let dr = h.weakref(&d, None)?;
        let dr2 = h.weakref(&d, Some(&cb))?;
        let dp = h.proxy(&d, None)?;
        let dwm = h.weak_method(&h.getattr(&d, "m")?, None)?;
        let dwm2 = h.weak_method(&h.getattr(&d, "m")?, None)?;
        let hh = h.hash(&dr2)?;
        drop(d);
        h.collect();
        out.show("dead hash cached==", || Ok(bs(h.hash(&dr2)? == hh)));
        out.show("dead hash not taken", || Ok(h.hash(&dr)?.to_string()));
        out.show("dead wm hash", || Ok(h.hash(&dwm)?.to_string()));
        out.show("dead ref == itself", || Ok(bs(h.eq(&dr, &dr)?)));
        out.show("dead ref == other dead", || Ok(bs(h.eq(&dr, &dr2)?)));
        out.show("dead wm == itself", || Ok(bs(h.eq(&dwm, &dwm)?)));
        out.show("dead wm == other dead", || Ok(bs(h.eq(&dwm, &dwm2)?)));
        out.show("dead proxy repr", || rp(&dp));
        out.show("dead proxy == itself", || Ok(bs(h.eq(&dp, &dp)?)));
        out.show("dead proxy != itself", || Ok(bs(h.ne(&dp, &dp)?)));
        out.show("dead proxy is ProxyType", || {
            Ok(bs(h.isinstance(&dp, &h.builtin(Builtin::Proxy))?))
        });
        out.show("dead proxy isinstance C", || Ok(bs(h.isinstance(&dp, &c)?)));
        out.show("dead proxy type", || rp(&h.type_of(&dp)?));
        out.show("dead proxy bool", || Ok(bs(h.truthy(&dp)?)));
        out.show("dead proxy hash", || Ok(h.hash(&dp)?.to_string()));
        out.show("dead proxy in list", || {
            Ok(bs(h.contains(&h.list(std::slice::from_ref(&dp))?, &dp)?))
        });
        out.show("[dp] == [dp]", || {
            Ok(bs(h.eq(
                &h.list(std::slice::from_ref(&dp))?,
                &h.list(std::slice::from_ref(&dp))?,
            )?))
        });
        out.show("dead ref == live ref", || {
            Ok(bs(h.eq(&dr, &h.weakref(&o, None)?)?))
        });
        out.show("dead ref == live proxy", || {
            Ok(bs(h.eq(&dr, &h.proxy(&o, None)?)?))
        });
        out.show("live ref == dead proxy", || {
            Ok(bs(h.eq(&h.weakref(&o, None)?, &dp)?))
        });
        out.show("dead proxy == live ref", || {
            Ok(bs(h.eq(&dp, &h.weakref(&o, None)?)?))
        });
        h.collect();
        out.show("count after death", || {
            Ok(h.getweakrefcount(&o)?.to_string())
        });
        let kc = h.class("K").build()?;
        let k = mk(&kc)?;
        let f = h.function("f", |_, _| Ok("f".into()));
        h.setattr(&kc, "f", &f)?;
        let bm = h.getattr(&k, "f")?;
        h.delattr(&kc, "f")?;
        let log = Rc::new(RefCell::new(Vec::<String>::new()));
        let l2 = log.clone();
        let wcb = h.function("wcb", move |h, a| {
            let w = a.get(0)?;
            let s = format!("cb {} {}", norm(&h.repr(w)?), h.repr(&h.call(w, &[])?)?);
            l2.borrow_mut().push(s);
            Ok(Value::None)
        });
        let wmf = h.weak_method(&bm, Some(&wcb))?;
        drop(bm);
        drop(f);
        h.collect();
        out.show("wmf log", || {
            Ok(format!("{:?}", log.borrow()).replace('"', "\""))
        });
        out.show("wmf call", || rp(&h.call(&wmf, &[])?));
        out.show("wmf repr", || rp(&wmf));
        out.show("wmf hash==hash k", || Ok(bs(h.hash(&wmf)? == h.hash(&k)?)));
        out.show("wmf == itself", || Ok(bs(h.eq(&wmf, &wmf)?)));
        out.show("wmf == ref(k)", || {
            Ok(bs(h.eq(&wmf, &h.weakref(&k, None)?)?))
        });
        out.show("ref(k) == wmf", || {
            Ok(bs(h.eq(&h.weakref(&k, None)?, &wmf)?))
        });
        h.collect();
        out.show("count k", || Ok(h.getweakrefcount(&k)?.to_string()));
        out.show("refs k types", || {
            Ok(format!(
                "{:?}",
                h.getweakrefs(&k)?
                    .iter()
                    .map(|x| h.type_name(x))
                    .collect::<Vec<_>>()
            )
            .replace('"', "'"))
        });
        let q = mk(&c)?;
        let log2 = Rc::new(RefCell::new(Vec::<String>::new()));
        let mut keep = vec![];
        for i in 0..3 {
            let l = log2.clone();
            keep.push(h.weakref(
                &q,
                Some(&h.function("cb", move |_, _| {
                    l.borrow_mut().push(i.to_string());
                    Ok(Value::None)
                })),
            )?);
        }
        let l = log2.clone();
        keep.push(h.proxy(
            &q,
            Some(&h.function("cb", move |_, _| {
                l.borrow_mut().push("'p'".into());
                Ok(Value::None)
            })),
        )?);
        let l = log2.clone();
        keep.push(h.weak_method(
            &h.getattr(&q, "m")?,
            Some(&h.function("cb", move |_, _| {
                l.borrow_mut().push("'wm'".into());
                Ok(Value::None)
            })),
        )?);
        drop(q);
        h.collect();
        out.show("cb order", || Ok(format!("[{}]", log2.borrow().join(", "))));
        let z = mk(&c)?;
        let log3 = Rc::new(RefCell::new(Vec::<String>::new()));
        let bad = h.function("bad", |_, _| Err(Error::KeyError("'k'".into())));
        let l = log3.clone();
        let za = h.weakref(&z, Some(&bad))?;
        let zb = h.weakref(
            &z,
            Some(&h.function("okcb", move |_, _| {
                l.borrow_mut().push("'ok'".into());
                Ok(Value::None)
            })),
        )?;
        let zc = h.weakref(&z, Some(&7.into()))?;
        drop(z);
        let rep = h.collect();
        let mut errs: Vec<String> = rep
            .errors
            .iter()
            .map(|e| format!("\"{}\"", e.error))
            .collect();
        errs.sort();
        out.show("after raise", || {
            Ok(format!(
                "[{}] [{}]",
                log3.borrow().join(", "),
                errs.join(", ")
            ))
        });
        drop((za, zb, zc, keep, r));
        h.verify()
    }
}

// ------------------------------------------------- containers: the lethe runner

/// Runs `containers_gen.py`'s ops (or `containers_edge.ops`) on lethe, printing
/// what `containers_run.py` prints.
mod containers {
    use super::panic_text;
    use lethe::{Builtin, CompareOp, Heap, Result, Value, WeakItems, WeakIter};
    use std::collections::{HashMap, HashSet};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// An open iterator: keys or values, or items.
    enum It<'h> {
        K(WeakIter<'h>),
        I(WeakItems<'h>),
    }

    /// An iterator slot: the iterator, the kind of container ('S' or 'D'), the ids it yielded.
    type Iter<'h> = (It<'h>, char, HashSet<u64>);

    /// A sequence's classes and tags.
    struct Ctx<'h> {
        heap: &'h Heap,
        node: Value,
        knode: Value,
        unode: Value,
        idtag: HashMap<u64, String>,
        cnt: u64,
        eph: bool,
    }

    impl<'h> Ctx<'h> {
        fn mk(&mut self, cls: u8, k: i64) -> Result<Value> {
            let h = self.heap;
            self.cnt += 1;
            let c = match cls {
                0 => &self.node,
                1 => &self.knode,
                _ => &self.unode,
            };
            let o = h.call(c, &[])?;
            let tag = format!("o{}", self.cnt);
            h.setattr(&o, "tag", &Value::from(tag.as_str()))?;
            h.setattr(&o, "me", &o)?;
            if cls == 1 {
                h.setattr(&o, "k", &Value::Int(k))?;
            }
            self.idtag.insert(h.id(&o)?, tag);
            Ok(o)
        }
        fn x(&mut self, t: &str, hs: &[Option<Value>]) -> Result<Value> {
            let h = self.heap;
            Ok(match t {
                "s" => Value::from("a"),
                "L" => h.list(&[])?,
                "U" => self.mk(2, 0)?,
                "E" => h.set(&[])?,
                "tN" => self.mk(0, 0)?,
                "None" => Value::None,
                _ if t.starts_with("tK") => self.mk(1, t[2..].parse().unwrap())?,
                _ if t.starts_with('h') => hs[t[1..].parse::<usize>().unwrap()]
                    .clone()
                    .expect("dead handle"),
                _ if t.starts_with('i') => Value::Int(t[1..].parse().unwrap()),
                _ => panic!("bad token {t}"),
            })
        }
        fn it(
            &mut self,
            t: &str,
            hs: &[Option<Value>],
            cs: &HashMap<String, Value>,
        ) -> Result<Value> {
            let h = self.heap;
            if t.len() == 2 && (t.starts_with('S') || t.starts_with('D')) {
                return Ok(cs[t].clone());
            }
            if t == "none" {
                return Ok(Value::None);
            }
            let Some((kind, body)) = t.split_once(':') else {
                return self.x(t, hs);
            };
            let parts: Vec<&str> = body.split(',').filter(|p| !p.is_empty()).collect();
            match kind {
                "list" | "tuple" | "set" => {
                    let mut v = Vec::new();
                    for p in parts {
                        v.push(self.x(p, hs)?);
                    }
                    match kind {
                        "list" => h.list(&v),
                        "tuple" => h.tuple(&v),
                        _ => h.set(&v),
                    }
                }
                "dict" | "pairs" => {
                    let mut v = Vec::new();
                    for p in parts {
                        let (a, b) = p.split_once('=').unwrap();
                        let a = self.x(a, hs)?;
                        let b = self.x(b, hs)?;
                        v.push((a, b));
                    }
                    if kind == "dict" {
                        let d = h.dict(&[])?;
                        for (a, b) in v {
                            h.setitem(&d, &a, &b)?;
                        }
                        Ok(d)
                    } else {
                        let ts: Vec<Value> = v
                            .into_iter()
                            .map(|(a, b)| h.tuple(&[a, b]))
                            .collect::<Result<_>>()?;
                        h.list(&ts)
                    }
                }
                _ => panic!("bad iterable {t}"),
            }
        }
        fn fmt(&self, v: &Value) -> String {
            let h = self.heap;
            match v {
                Value::None => "None".into(),
                Value::Bool(b) => {
                    if *b {
                        "True".into()
                    } else {
                        "False".into()
                    }
                }
                Value::Int(i) => format!("i{i}"),
                Value::Float(f) => format!("f{f}"),
                Value::Str(s) => format!("s:{}", s.as_ref() as &str),
                Value::Obj(_) => {
                    let tn = h.type_name(v);
                    match tn.as_str() {
                        "tuple" => format!(
                            "({})",
                            h.iter(v)
                                .unwrap()
                                .iter()
                                .map(|e| self.fmt(e))
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        "list" => format!(
                            "[{}]",
                            h.iter(v)
                                .unwrap()
                                .iter()
                                .map(|e| self.fmt(e))
                                .collect::<Vec<_>>()
                                .join(",")
                        ),
                        "WeakSet" => format!("WS{}", self.show(v)),
                        "WeakKeyDictionary" => format!("WKD{}", self.show(v)),
                        "ReferenceType" | "weakref" | "weakref.ReferenceType" => {
                            let o = h.call(v, &[]).unwrap();
                            if o.is_none() {
                                "ref(dead)".into()
                            } else {
                                format!("ref({})", self.fmt(&o))
                            }
                        }
                        "set" | "frozenset" => "set".into(),
                        "dict" => "dict".into(),
                        _ => match h.getattr(v, "tag") {
                            Ok(t) => t.as_str().unwrap().to_string(),
                            Err(_) => format!("?{tn}"),
                        },
                    }
                }
            }
        }
        fn show(&self, c: &Value) -> String {
            let h = self.heap;
            if h.type_name(c) == "WeakSet" {
                let mut v: Vec<String> = h.iter(c).unwrap().iter().map(|e| self.fmt(e)).collect();
                v.sort();
                format!("{{{}}}", v.join(","))
            } else {
                let v: Vec<String> = h
                    .items(c)
                    .unwrap()
                    .iter()
                    .map(|(k, x)| format!("{}:{}", self.fmt(k), self.fmt(x)))
                    .collect();
                format!("[{}]", v.join(","))
            }
        }
        fn normrepr(&self, s: &str) -> String {
            if s.starts_with("<WeakKeyDictionary at 0x") {
                return "<WeakKeyDictionary at X>".into();
            }
            if s == "set()" {
                return s.into();
            }
            let mut rest = String::new();
            let mut items = Vec::new();
            let mut cur = s;
            while let Some(i) = cur.find("<weakref at 0x") {
                rest.push_str(&cur[..i]);
                let j = cur[i..].find('>').unwrap() + i;
                let seg = &cur[i..=j];
                if seg.contains("; dead>") {
                    items.push("dead".to_string());
                } else {
                    let a = seg.find("; to '").unwrap() + 6;
                    let b = seg[a..].find('\'').unwrap() + a;
                    let cls = &seg[a..b];
                    let hx = seg[b..].find("0x").unwrap() + b + 2;
                    let hexs: String = seg[hx..]
                        .chars()
                        .take_while(|c| c.is_ascii_hexdigit())
                        .collect();
                    let id = u64::from_str_radix(&hexs, 16).unwrap();
                    items.push(format!(
                        "{cls}:{}",
                        self.idtag.get(&id).cloned().unwrap_or("?".into())
                    ));
                }
                rest.push('R');
                cur = &cur[j + 1..];
            }
            rest.push_str(cur);
            items.sort();
            format!("{rest} {}", items.join(","))
        }
    }

    fn run_seq(heap: &Heap, cx: &mut Ctx<'_>, lines: &[String], out: &mut Vec<String>) {
        let h = heap;
        let mut hs: Vec<Option<Value>> = vec![None; 6];
        let mut cs: HashMap<String, Value> = HashMap::new();
        let mut its: Vec<Option<Iter<'_>>> = vec![None, None];
        // "BAD twice" lines, printed before the op's own.
        let mut bad: Vec<String> = Vec::new();
        for (n, line) in lines.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let op = w[0];
            let r = catch_unwind(AssertUnwindSafe(|| -> Result<String> {
                let c = |k: &str| {
                    cs.get(k)
                        .cloned()
                        .ok_or_else(|| lethe::Error::KeyError(format!("'{k}'")))
                };
                Ok(match op {
                    "new" => {
                        let o = if w[2] == "N" {
                            cx.mk(0, 0)?
                        } else {
                            cx.mk(1, w[3].parse().unwrap())?
                        };
                        hs[w[1].parse::<usize>().unwrap()] = Some(o.clone());
                        cx.fmt(&o)
                    }
                    "drop" => {
                        hs[w[1].parse::<usize>().unwrap()] = None;
                        "None".into()
                    }
                    "collect" => {
                        h.collect();
                        "s:done".into()
                    }
                    "mkws" => {
                        let a = cx.it(w[2], &hs, &cs)?;
                        let s = h.call(&h.builtin(Builtin::WeakSet), &[a])?;
                        cs.insert(w[1].into(), s.clone());
                        cx.fmt(&s)
                    }
                    "mkwkd" => {
                        let a = cx.it(w[2], &hs, &cs)?;
                        let d = if cx.eph {
                            let d = h.weak_key_dict_ephemeron(&[])?;
                            h.update(&d, &a)?;
                            d
                        } else {
                            h.call(&h.builtin(Builtin::WeakKeyDictionary), &[a])?
                        };
                        cs.insert(w[1].into(), d.clone());
                        cx.fmt(&d)
                    }
                    "add" => {
                        let s = c(w[1])?;
                        let x = cx.x(w[2], &hs)?;
                        h.set_add(&s, &x)?;
                        "None".into()
                    }
                    "discard" => {
                        let s = c(w[1])?;
                        let x = cx.x(w[2], &hs)?;
                        h.discard(&s, &x)?;
                        "None".into()
                    }
                    "remove" => {
                        let s = c(w[1])?;
                        let x = cx.x(w[2], &hs)?;
                        h.remove(&s, &x)?;
                        "None".into()
                    }
                    "pop" => {
                        let s = c(w[1])?;
                        if h.iter(&s)?.len() >= 2 {
                            let e = h.set_pop(&s)?;
                            h.set_add(&s, &e)?;
                            "s:popped-one".into()
                        } else {
                            cx.fmt(&h.set_pop(&s)?)
                        }
                    }
                    "contains" => {
                        let s = c(w[1])?;
                        let x = cx.x(w[2], &hs)?;
                        cx.fmt(&h.contains(&s, &x)?.into())
                    }
                    "len" => format!("i{}", h.len(&c(w[1])?)?),
                    "repr" => format!("s:{}", cx.normrepr(&h.repr(&c(w[1])?)?)),
                    "show" => format!("s:{}", cx.show(&c(w[1])?)),
                    "clear" => {
                        h.clear(&c(w[1])?)?;
                        "None".into()
                    }
                    "copy" => {
                        let n2 = h.copy(&c(w[1])?)?;
                        cs.insert(w[2].into(), n2.clone());
                        cx.fmt(&n2)
                    }
                    "update" => {
                        let s = c(w[1])?;
                        let o = cx.it(w[2], &hs, &cs)?;
                        h.update(&s, &o)?;
                        "None".into()
                    }
                    "iop" => {
                        let s = c(w[2])?;
                        let o = cx.it(w[3], &hs, &cs)?;
                        match w[1] {
                            "update" => h.update(&s, &o)?,
                            "intersection_update" => h.intersection_update(&s, &o)?,
                            "difference_update" => h.difference_update(&s, &o)?,
                            _ => h.symmetric_difference_update(&s, &o)?,
                        }
                        "None".into()
                    }
                    "binop" => {
                        let s = c(w[2])?;
                        let o = cx.it(w[3], &hs, &cs)?;
                        let r = match w[1] {
                            "union" => h.union(&s, &o)?,
                            "intersection" => h.intersection(&s, &o)?,
                            "difference" => h.difference(&s, &o)?,
                            _ => h.symmetric_difference(&s, &o)?,
                        };
                        cs.insert(w[4].into(), r.clone());
                        cx.fmt(&r)
                    }
                    "test" => {
                        let s = c(w[2])?;
                        let o = cx.it(w[3], &hs, &cs)?;
                        let b = match w[1] {
                            "issubset" => h.issubset(&s, &o)?,
                            "issuperset" => h.issuperset(&s, &o)?,
                            _ => h.isdisjoint(&s, &o)?,
                        };
                        cx.fmt(&b.into())
                    }
                    "cmp" => {
                        let a = cx.it(w[2], &hs, &cs)?;
                        let b = cx.it(w[3], &hs, &cs)?;
                        let r = match w[1] {
                            "eq" => h.eq(&a, &b)?,
                            "ne" => h.ne(&a, &b)?,
                            "lt" => h.compare(&a, &b, CompareOp::Lt)?,
                            "le" => h.compare(&a, &b, CompareOp::Le)?,
                            "gt" => h.compare(&a, &b, CompareOp::Gt)?,
                            _ => h.compare(&a, &b, CompareOp::Ge)?,
                        };
                        cx.fmt(&r.into())
                    }
                    "or" => {
                        let a = cx.it(w[1], &hs, &cs)?;
                        let b = cx.it(w[2], &hs, &cs)?;
                        cx.fmt(&h.weak_or(&a, &b)?)
                    }
                    "dior" => {
                        let d = c(w[1])?;
                        let o = cx.it(w[2], &hs, &cs)?;
                        h.weak_ior(&d, &o)?;
                        "None".into()
                    }
                    "setitem" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        let v = cx.x(w[3], &hs)?;
                        h.setitem(&d, &k, &v)?;
                        "None".into()
                    }
                    "getitem" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        cx.fmt(&h.getitem(&d, &k)?)
                    }
                    "delitem" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        h.delitem(&d, &k)?;
                        "None".into()
                    }
                    "get" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        let v = cx.x(w[3], &hs)?;
                        cx.fmt(&h.get(&d, &k, &v)?)
                    }
                    "dpop" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        cx.fmt(&h.pop(&d, &k, None)?)
                    }
                    "dpopd" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        let v = cx.x(w[3], &hs)?;
                        cx.fmt(&h.pop(&d, &k, Some(&v))?)
                    }
                    "popitem" => {
                        let (k, v) = h.popitem(&c(w[1])?)?;
                        format!("({},{})", cx.fmt(&k), cx.fmt(&v))
                    }
                    "setdefault" => {
                        let d = c(w[1])?;
                        let k = cx.x(w[2], &hs)?;
                        let v = cx.x(w[3], &hs)?;
                        cx.fmt(&h.setdefault(&d, &k, &v)?)
                    }
                    "keyrefs" => {
                        let v = h.keyrefs(&c(w[1])?)?;
                        format!(
                            "[{}]",
                            v.iter().map(|e| cx.fmt(e)).collect::<Vec<_>>().join(",")
                        )
                    }
                    "items" => {
                        let v = h.items(&c(w[1])?)?;
                        format!(
                            "[{}]",
                            v.iter()
                                .map(|(a, b)| format!("({},{})", cx.fmt(a), cx.fmt(b)))
                                .collect::<Vec<_>>()
                                .join(",")
                        )
                    }
                    "values" => {
                        let v = h.values(&c(w[1])?)?;
                        format!(
                            "[{}]",
                            v.iter().map(|e| cx.fmt(e)).collect::<Vec<_>>().join(",")
                        )
                    }
                    "iter" => {
                        let i: usize = w[1].parse().unwrap();
                        its[i] = None;
                        let cc = c(w[2])?;
                        let it = match w[3] {
                            "keys" => It::K(h.weak_iter(&cc)?),
                            "values" => It::K(h.weak_iter_values(&cc)?),
                            _ => It::I(h.weak_iter_items(&cc)?),
                        };
                        its[i] = Some((it, w[2].chars().next().unwrap(), HashSet::new()));
                        do_next(h, cx, &mut its[i], n, &mut bad)?
                    }
                    "next" => {
                        let i: usize = w[1].parse().unwrap();
                        do_next(h, cx, &mut its[i], n, &mut bad)?
                    }
                    "close" => {
                        let i: usize = w[1].parse().unwrap();
                        if its[i].take().is_none() {
                            "s:noiter".into()
                        } else {
                            "s:closed".into()
                        }
                    }
                    _ => panic!("unknown op {op}"),
                })
            }));
            let res = match r {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    match op {
                        "mkws" if !cs.contains_key(w[1]) => {
                            cs.insert(w[1].into(), h.weak_set(&[]).unwrap());
                        }
                        "binop" if !cs.contains_key(w[4]) => {
                            cs.insert(w[4].into(), h.weak_set(&[]).unwrap());
                        }
                        "mkwkd" if !cs.contains_key(w[1]) => {
                            cs.insert(
                                w[1].into(),
                                if cx.eph {
                                    h.weak_key_dict_ephemeron(&[]).unwrap()
                                } else {
                                    h.weak_key_dict(&[]).unwrap()
                                },
                            );
                        }
                        "iter" => {
                            its[w[1].parse::<usize>().unwrap()] = None;
                        }
                        _ => {}
                    }
                    // (A `KeyError` showing a weak reference: its address masked,
                    // its referent as a tag, as `repr` shows them.)
                    let e = e.to_string();
                    if e.contains("<weakref at 0x") {
                        format!("ERR {}", cx.normrepr(&e))
                    } else {
                        format!("ERR {e}")
                    }
                }
                Err(p) => format!("PANIC {}", panic_text(p)),
            };
            let mut keys: Vec<&String> = cs.keys().collect();
            keys.sort();
            let lens: Vec<String> = keys
                .iter()
                .map(|k| {
                    format!(
                        "{k}={}",
                        h.len(&cs[*k])
                            .map(|l| l.to_string())
                            .unwrap_or_else(|e| format!("ERR{e}"))
                    )
                })
                .collect();
            out.append(&mut bad);
            out.push(format!("{n} {line} => {res} | {}", lens.join(" ")));
            super::check_heap(h, n, out);
        }
        drop(its);
        drop(cs);
        drop(hs);
        h.collect();
    }

    fn do_next(
        h: &Heap,
        cx: &Ctx<'_>,
        slot: &mut Option<Iter<'_>>,
        n: usize,
        bad: &mut Vec<String>,
    ) -> Result<String> {
        Ok(match slot.as_mut() {
            None => "s:noiter".into(),
            Some((it, kind, seen)) => {
                let r = match it {
                    It::K(k) => k.next(),
                    It::I(k) => k.next().map(|r| r.and_then(|(a, b)| h.tuple(&[a, b]))),
                };
                match r {
                    None => {
                        if *kind == 'S' {
                            "s:item".into()
                        } else {
                            "s:stop".into()
                        }
                    }
                    Some(Err(e)) => return Err(e),
                    Some(Ok(v)) => {
                        if *kind == 'S' {
                            if !seen.insert(h.id(&v)?) {
                                bad.push(format!("{n} BAD twice {}", cx.fmt(&v)));
                            }
                            "s:item".into()
                        } else {
                            cx.fmt(&v)
                        }
                    }
                }
            }
        })
    }

    /// `containers_run.py`'s `Node`, `KNode` (equal and hashed by `k`) and `UNode`
    /// (unhashable).
    fn classes(heap: &Heap) -> (Value, Value, Value) {
        let node = heap
            .class("Node")
            .method("__repr__", |h, a| h.getattr(&a.positional[0], "tag"))
            .build()
            .unwrap();
        let knode = heap
            .class("KNode")
            .base(&node)
            .method("__eq__", |h, a| {
                let o = &a.positional[1];
                if !h.hasattr(o, "k")? {
                    return Ok(false.into());
                }
                Ok(
                    h.eq(&h.getattr(&a.positional[0], "k")?, &h.getattr(o, "k")?)?
                        .into(),
                )
            })
            .method("__hash__", |h, a| {
                Ok(Value::Int(h.hash(&h.getattr(&a.positional[0], "k")?)?))
            })
            .build()
            .unwrap();
        let unode = heap
            .class("UNode")
            .base(&node)
            .method("__eq__", |_, a| {
                Ok(a.positional[0].is(&a.positional[1]).into())
            })
            .build()
            .unwrap();
        (node, knode, unode)
    }

    /// Runs `ops` (sequences `SEQ <seed> [eph]` … `END`), each on a fresh heap;
    /// `eph` makes the dictionaries ephemeron ones.
    pub fn run(ops: &str) -> String {
        super::run_sequences(ops, "eph", |cur, eph, out| {
            let heap = Heap::new();
            let (node, knode, unode) = classes(&heap);
            let mut cx = Ctx {
                heap: &heap,
                node,
                knode,
                unode,
                idtag: HashMap::new(),
                cnt: 0,
                eph,
            };
            run_seq(&heap, &mut cx, cur, out);
        })
    }
}

// ------------------------------------------------------- wvd: the lethe runner

/// Runs `wvd_gen.py`'s ops on lethe's `WeakValueDictionary`, printing what
/// `wvd_run.py` prints. A sequence's state lives in the heap, in an `Env` instance
/// (its handles `H`, its dictionaries `W0`/`W1`, the actions' `log`, the callback
/// references it `keep`s, the tag counter `cnt`, its classes and the `py` flag), so
/// that an acting handle's `__del__`, callback or finalizer can run an op on it.
mod wvd {
    use super::{attr, panic_text};
    use lethe::{BinaryOp, Builtin, Heap, Result, Value, WeakItems, WeakIter};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// An open iterator: `iter(d)` (a `list_iterator`), or a live weak iterator over
    /// keys, values or references, or items; and its kind.
    enum It<'h> {
        Builtin(Value),
        K(WeakIter<'h>),
        I(WeakItems<'h>),
    }

    /// A new `Node` (`cls` its class's name in `env`), tagged `o<cnt>`.
    fn mk(h: &Heap, env: &Value, cls: &str, k: Option<i64>) -> Result<Value> {
        let cnt = attr(h, env, "cnt")?.as_int().unwrap() + 1;
        h.setattr(env, "cnt", &Value::Int(cnt))?;
        let o = h.call(&attr(h, env, cls)?, &[])?;
        h.setattr(&o, "tag", &Value::from(format!("o{cnt}").as_str()))?;
        h.setattr(&o, "me", &o)?;
        if let Some(k) = k {
            h.setattr(&o, "k", &Value::Int(k))?;
        }
        Ok(o)
    }

    /// A key or value token (`wvd_run.py`'s `State.X`).
    fn x(h: &Heap, env: &Value, t: &str) -> Result<Value> {
        Ok(match t {
            "kT" => Value::Bool(true),
            "sa" => "a".into(),
            "sb" => "b".into(),
            "sx" => "x".into(),
            "T1" => h.tuple(&[1.into(), "a".into()])?,
            "T2" => {
                let inner = h.tuple(&[1.into(), 2.into()])?;
                h.tuple(&["a".into(), inner])?
            }
            "TL" => {
                let l = h.list(&[])?;
                h.tuple(&[1.into(), l])?
            }
            "L" => h.list(&[])?,
            "E" => h.set(&[])?,
            "U" => mk(h, env, "UNode", None)?,
            "tN" => mk(h, env, "Node", None)?,
            "None" => Value::None,
            _ if t.starts_with("tK") => mk(h, env, "KNode", Some(t[2..].parse().unwrap()))?,
            _ if t.starts_with('h') => {
                h.getitem(&attr(h, env, "H")?, &Value::Int(t[1..].parse().unwrap()))?
            }
            _ if t.starts_with('k') || t.starts_with('i') => Value::Int(t[1..].parse().unwrap()),
            _ => panic!("bad token {t}"),
        })
    }

    /// A source token (`wvd_run.py`'s `State.SRC`).
    fn src(h: &Heap, env: &Value, t: &str) -> Result<Value> {
        match t {
            "W0" | "W1" => return attr(h, env, t),
            "none" => return Ok(Value::None),
            "bad3" => return h.list(&[h.tuple(&[1.into(), 2.into(), 3.into()])?]),
            "badi" => return h.list(&[5.into()]),
            _ => {}
        }
        let Some((kind, body)) = t.split_once(':') else {
            return x(h, env, t);
        };
        let parts: Vec<&str> = body.split(',').filter(|p| !p.is_empty()).collect();
        match kind {
            "dict" => {
                let d = h.dict(&[])?;
                for p in parts {
                    let (a, b) = p.split_once('=').unwrap();
                    let (a, b) = (x(h, env, a)?, x(h, env, b)?);
                    h.setitem(&d, &a, &b)?;
                }
                Ok(d)
            }
            "pairs" => {
                let mut v = Vec::new();
                for p in parts {
                    let (a, b) = p.split_once('=').unwrap();
                    let (a, b) = (x(h, env, a)?, x(h, env, b)?);
                    v.push(h.tuple(&[a, b])?);
                }
                h.list(&v)
            }
            _ => {
                let v = parts
                    .iter()
                    .map(|p| x(h, env, p))
                    .collect::<Result<Vec<_>>>()?;
                h.list(&v)
            }
        }
    }

    /// Keywords `kw:a=v,…`.
    fn kws(h: &Heap, env: &Value, t: Option<&&str>) -> Result<Vec<(String, Value)>> {
        let Some(t) = t else { return Ok(Vec::new()) };
        t[3..]
            .split(',')
            .map(|p| {
                let (a, b) = p.split_once('=').unwrap();
                Ok((a.to_string(), x(h, env, b)?))
            })
            .collect()
    }

    fn fmt(h: &Heap, v: &Value) -> String {
        match v {
            Value::None => "None".into(),
            Value::Bool(b) => super::py_bool(*b),
            Value::Int(i) => format!("i{i}"),
            Value::Float(f) => format!("f{f}"),
            Value::Str(s) => format!("s:{}", s.as_ref() as &str),
            Value::Obj(_) => {
                let tn = h.type_name(v);
                let seq = |open: &str, close: &str| {
                    let items: Vec<String> = h.iter(v).unwrap().iter().map(|e| fmt(h, e)).collect();
                    format!("{open}{}{close}", items.join(","))
                };
                match tn.as_str() {
                    "tuple" => seq("(", ")"),
                    "list" => seq("[", "]"),
                    "WeakValueDictionary" => format!(
                        "WVD[{}]",
                        h.items(v)
                            .unwrap()
                            .iter()
                            .map(|(k, x)| format!("{}:{}", fmt(h, k), fmt(h, x)))
                            .collect::<Vec<_>>()
                            .join(",")
                    ),
                    "KeyedRef" => {
                        let o = h.call(v, &[]).unwrap();
                        let key = fmt(h, &h.getattr(v, "key").unwrap());
                        let o = if o.is_none() {
                            "dead".into()
                        } else {
                            fmt(h, &o)
                        };
                        format!("kr({key}:{o})")
                    }
                    "set" | "frozenset" => "set".into(),
                    "dict" => "dict".into(),
                    _ => match h.getattr(v, "tag") {
                        Ok(t) => t.as_str().unwrap().to_string(),
                        Err(_) => format!("?{tn}"),
                    },
                }
            }
        }
    }

    fn list_fmt(h: &Heap, v: &[Value]) -> String {
        format!(
            "[{}]",
            v.iter().map(|e| fmt(h, e)).collect::<Vec<_>>().join(",")
        )
    }

    /// An acting handle's action, run while it dies; logged in `env.log`.
    fn act(h: &Heap, env: &Value, spec: &str) -> Result<Value> {
        // NORMALIZE: an action always allocates, so that a collection in which one
        // ran has a follow-up pass, whatever the action did (what it let go of is
        // then freed by this collection: src/differences.rs, "What a callback
        // or finalizer lets go of … unless the callbacks allocated"); wvd_run.py
        // collects again after a collection in which actions ran.
        drop(h.list(&[])?);
        let w: Vec<&str> = spec.split_whitespace().collect();
        let r = match op(h, env, &w) {
            Ok(s) => s,
            Err(e) => format!("ERR {e}"),
        };
        h.list_append(
            &attr(h, env, "log")?,
            &format!("{spec} => {r}").as_str().into(),
        )?;
        Ok(Value::None)
    }

    /// Makes `o` act (`spec`) when it dies, through a weak reference callback
    /// (`cb`, the reference kept in `env.keep`) or a `finalize` (`fin`).
    fn watch(h: &Heap, env: &Value, o: &Value, how: &str, spec: &str) -> Result<()> {
        let spec: Value = spec.into();
        if how == "cb" {
            let cb = h.closure("cb", &[env.clone(), spec], |h, a| {
                act(h, &a.captures[0], a.captures[1].as_str().unwrap())
            })?;
            let r = h.weakref(o, Some(&cb))?;
            h.list_append(&attr(h, env, "keep")?, &r)?;
        } else {
            let f = h.function("fin", |h, a| act(h, a.get(0)?, a.get(1)?.as_str().unwrap()));
            h.finalize(o, &f, &[env.clone(), spec], &[])?;
        }
        Ok(())
    }

    /// One op on the dictionaries (an action's too), its result formatted; the
    /// method named (`Heap::call_method`) when `env.py`, else the typed one.
    fn op(h: &Heap, env: &Value, w: &[&str]) -> Result<String> {
        let py = matches!(attr(h, env, "py")?, Value::Bool(true));
        let o = w[0];
        let d = || attr(h, env, w[1]);
        let k = || x(h, env, w[2]);
        let cm = |name: &str, args: &[Value]| h.call_method(&d()?, name, args);
        Ok(match o {
            "set" => {
                let (k, v) = (k()?, x(h, env, w[3])?);
                if py {
                    cm("__setitem__", &[k, v])?;
                } else {
                    h.setitem(&d()?, &k, &v)?;
                }
                "None".into()
            }
            "get" => fmt(
                h,
                &if py {
                    cm("__getitem__", &[k()?])?
                } else {
                    h.getitem(&d()?, &k()?)?
                },
            ),
            "del" => {
                if py {
                    cm("__delitem__", &[k()?])?;
                } else {
                    h.delitem(&d()?, &k()?)?;
                }
                "None".into()
            }
            // `get` and `setdefault`, with their default if given.
            "getd" | "setdefault" => {
                let key = k()?;
                let def = w.get(3).map(|t| x(h, env, t)).transpose()?;
                let name = if o == "getd" { "get" } else { "setdefault" };
                fmt(
                    h,
                    &match (py, def) {
                        (true, Some(v)) => cm(name, &[key, v])?,
                        (true, None) => cm(name, &[key])?,
                        (false, v) => {
                            let (d, v) = (d()?, v.unwrap_or(Value::None));
                            if o == "getd" {
                                h.get(&d, &key, &v)?
                            } else {
                                h.setdefault(&d, &key, &v)?
                            }
                        }
                    },
                )
            }
            "in" => fmt(
                h,
                &if py {
                    cm("__contains__", &[k()?])?
                } else {
                    h.contains(&d()?, &k()?)?.into()
                },
            ),
            "len" => fmt(
                h,
                &if py {
                    cm("__len__", &[])?
                } else {
                    Value::Int(h.len(&d()?)? as i64)
                },
            ),
            "show" => fmt(h, &d()?),
            "pop" => fmt(
                h,
                &if py {
                    cm("pop", &[k()?])?
                } else {
                    h.pop(&d()?, &k()?, None)?
                },
            ),
            "popd" => {
                let (key, v) = (k()?, x(h, env, w[3])?);
                fmt(
                    h,
                    &if py {
                        cm("pop", &[key, v])?
                    } else {
                        h.pop(&d()?, &key, Some(&v))?
                    },
                )
            }
            "popitem" => {
                if py {
                    fmt(h, &cm("popitem", &[])?)
                } else {
                    let (k, v) = h.popitem(&d()?)?;
                    format!("({},{})", fmt(h, &k), fmt(h, &v))
                }
            }
            "update" => {
                let a = src(h, env, w[2])?;
                let kw = kws(h, env, w.get(3))?;
                if py {
                    let kw: Vec<(&str, Value)> =
                        kw.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
                    h.call_kw(&h.getattr(&d()?, "update")?, &[a], &kw)?;
                } else {
                    h.update(&d()?, &a)?;
                    for (n, v) in kw {
                        h.setitem(&d()?, &n.as_str().into(), &v)?;
                    }
                }
                "None".into()
            }
            "clear" => {
                if py {
                    cm("clear", &[])?;
                } else {
                    h.clear(&d()?)?;
                }
                "None".into()
            }
            "keys" => {
                if py {
                    fmt(h, &cm("keys", &[])?)
                } else {
                    list_fmt(h, &h.iter(&d()?)?)
                }
            }
            "values" => {
                if py {
                    fmt(h, &cm("values", &[])?)
                } else {
                    list_fmt(h, &h.values(&d()?)?)
                }
            }
            "items" => {
                if py {
                    fmt(h, &cm("items", &[])?)
                } else {
                    let v = h.items(&d()?)?;
                    format!(
                        "[{}]",
                        v.iter()
                            .map(|(a, b)| format!("({},{})", fmt(h, a), fmt(h, b)))
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                }
            }
            "list" => {
                if py {
                    fmt(h, &h.call(&h.builtin(Builtin::List), &[d()?])?)
                } else {
                    list_fmt(h, &h.iter(&d()?)?)
                }
            }
            "valuerefs" => {
                if py {
                    fmt(h, &cm("valuerefs", &[])?)
                } else {
                    list_fmt(h, &h.valuerefs(&d()?)?)
                }
            }
            "itervaluerefs" => {
                if py {
                    fmt(h, &cm("itervaluerefs", &[])?)
                } else {
                    let v = h.weak_iter_refs(&d()?)?.collect::<Result<Vec<_>>>()?;
                    list_fmt(h, &v)
                }
            }
            "kr" | "krcb" => {
                let refs = h.valuerefs(&d()?)?;
                let i: usize = w[2].parse().unwrap();
                let Some(r) = refs.get(i) else {
                    return Ok("s:none".into());
                };
                let cb = h.getattr(r, "__callback__")?;
                if o == "krcb" {
                    return Ok(fmt(h, &h.call(&cb, std::slice::from_ref(r))?));
                }
                let key = h.getattr(r, "key")?;
                let same = h.call(r, &[])?.is(&h.getitem(&d()?, &key)?);
                format!(
                    "{} {} key={} {} {}",
                    h.type_name(r),
                    fmt(h, r),
                    fmt(h, &key),
                    super::py_bool(same),
                    super::py_bool(!cb.is_none())
                )
            }
            "eq" => {
                let (a, b) = (src(h, env, w[1])?, src(h, env, w[2])?);
                format!(
                    "{} {}",
                    super::py_bool(h.eq(&a, &b)?),
                    super::py_bool(h.ne(&a, &b)?)
                )
            }
            "or" => {
                let (a, b) = (src(h, env, w[1])?, src(h, env, w[2])?);
                fmt(h, &h.binary_op(&a, &b, BinaryOp::Or)?)
            }
            "ior" => {
                let b = src(h, env, w[2])?;
                let r = h.inplace_op(&d()?, &b, BinaryOp::Or)?;
                h.setattr(env, w[1], &r)?;
                "None".into()
            }
            "copy" | "ccopy" => {
                let n = if o == "ccopy" {
                    cm("__copy__", &[])?
                } else if py {
                    cm("copy", &[])?
                } else {
                    h.copy(&d()?)?
                };
                h.setattr(env, w[2], &n)?;
                fmt(h, &n)
            }
            "mk" => {
                let a = src(h, env, w[2])?;
                let kw = kws(h, env, w.get(3))?;
                h.setattr(env, w[1], &h.weak_value_dict(&[])?)?;
                let kw: Vec<(&str, Value)> =
                    kw.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
                let args: &[Value] = if a.is_none() {
                    &[]
                } else {
                    std::slice::from_ref(&a)
                };
                let n = h.call_kw(&h.builtin(Builtin::WeakValueDictionary), args, &kw)?;
                h.setattr(env, w[1], &n)?;
                fmt(h, &n)
            }
            "new" => {
                let i: i64 = w[1].parse().unwrap();
                let o = match w[2] {
                    "N" => mk(h, env, "Node", None)?,
                    "K" => mk(h, env, "KNode", Some(w[3].parse().unwrap()))?,
                    _ if w[3] == "del" => {
                        let o = mk(h, env, "DNode", None)?;
                        h.setattr(&o, "act", &w[4..].join(" ").as_str().into())?;
                        h.setattr(&o, "env", env)?;
                        o
                    }
                    _ => {
                        let o = mk(h, env, "Node", None)?;
                        watch(h, env, &o, w[3], &w[4..].join(" "))?;
                        o
                    }
                };
                h.setitem(&attr(h, env, "H")?, &Value::Int(i), &o)?;
                fmt(h, &o)
            }
            "drop" => {
                h.setitem(
                    &attr(h, env, "H")?,
                    &Value::Int(w[1].parse().unwrap()),
                    &Value::None,
                )?;
                "None".into()
            }
            "watch" => {
                let o = x(h, env, &format!("h{}", w[1]))?;
                watch(h, env, &o, w[2], &w[3..].join(" "))?;
                "None".into()
            }
            "collect" => {
                h.collect();
                let log = attr(h, env, "log")?;
                let lines: Vec<String> = h
                    .iter(&log)?
                    .iter()
                    .map(|l| l.as_str().unwrap().to_string())
                    .collect();
                h.clear(&log)?;
                format!("done [{}]", lines.join("; "))
            }
            _ => panic!("unknown op {o}"),
        })
    }

    /// `wvd_run.py`'s classes, and the sequence's `Env`.
    fn env(h: &Heap, py: bool) -> Result<Value> {
        let node = h
            .class("Node")
            .method("__repr__", |h, a| h.getattr(&a.positional[0], "tag"))
            .build()?;
        let knode = h
            .class("KNode")
            .base(&node)
            .method("__eq__", |h, a| {
                let o = &a.positional[1];
                if !h.hasattr(o, "k")? {
                    return Ok(false.into());
                }
                Ok(
                    h.eq(&h.getattr(&a.positional[0], "k")?, &h.getattr(o, "k")?)?
                        .into(),
                )
            })
            .method("__hash__", |h, a| {
                Ok(Value::Int(h.hash(&h.getattr(&a.positional[0], "k")?)?))
            })
            .build()?;
        let unode = h
            .class("UNode")
            .base(&node)
            .method("__eq__", |_, a| {
                Ok(a.positional[0].is(&a.positional[1]).into())
            })
            .build()?;
        let dnode = h
            .class("DNode")
            .base(&node)
            .method("__del__", |h, a| {
                let me = a.get(0)?;
                act(
                    h,
                    &h.getattr(me, "env")?,
                    h.getattr(me, "act")?.as_str().unwrap(),
                )
            })
            .build()?;
        let env = h.call(&h.class("Env").build()?, &[])?;
        let none6 = vec![Value::None; 6];
        for (name, v) in [
            ("Node", node),
            ("KNode", knode),
            ("UNode", unode),
            ("DNode", dnode),
            ("H", h.list(&none6)?),
            ("W0", h.weak_value_dict(&[])?),
            ("W1", h.weak_value_dict(&[])?),
            ("log", h.list(&[])?),
            ("keep", h.list(&[])?),
            ("cnt", Value::Int(0)),
            ("py", Value::Bool(py)),
        ] {
            h.setattr(&env, name, &v)?;
        }
        Ok(env)
    }

    fn do_next(h: &Heap, slot: &mut Option<It<'_>>) -> Result<String> {
        let Some(it) = slot.as_mut() else {
            return Ok("s:noiter".into());
        };
        let r = match it {
            It::Builtin(i) => h.next(i).transpose(),
            It::K(k) => k.next(),
            It::I(k) => k.next().map(|r| r.and_then(|(a, b)| h.tuple(&[a, b]))),
        };
        match r {
            None => Ok("s:stop".into()),
            Some(v) => Ok(fmt(h, &v?)),
        }
    }

    fn run_seq(h: &Heap, env: &Value, lines: &[String], out: &mut Vec<String>) {
        let mut its: Vec<Option<It<'_>>> = vec![None, None];
        for (n, line) in lines.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let r = catch_unwind(AssertUnwindSafe(|| -> Result<String> {
                match w[0] {
                    "iter" => {
                        let i: usize = w[1].parse().unwrap();
                        its[i] = None;
                        let d = attr(h, env, w[2])?;
                        its[i] = Some(match w[3] {
                            "iter" => It::Builtin(h.iterator(&d)?),
                            "keys" => It::K(h.weak_iter(&d)?),
                            "values" => It::K(h.weak_iter_values(&d)?),
                            "items" => It::I(h.weak_iter_items(&d)?),
                            _ => It::K(h.weak_iter_refs(&d)?),
                        });
                        do_next(h, &mut its[i])
                    }
                    "next" => do_next(h, &mut its[w[1].parse::<usize>().unwrap()]),
                    "close" => Ok(if its[w[1].parse::<usize>().unwrap()].take().is_none() {
                        "s:noiter".into()
                    } else {
                        "s:closed".into()
                    }),
                    _ => op(h, env, &w),
                }
            }));
            let res = match r {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    if w[0] == "iter" {
                        its[w[1].parse::<usize>().unwrap()] = None;
                    }
                    format!("ERR {e}")
                }
                Err(p) => format!("PANIC {}", panic_text(p)),
            };
            let lens: Vec<String> = ["W0", "W1"]
                .iter()
                .map(|k| {
                    let l = attr(h, env, k).and_then(|d| h.len(&d));
                    format!(
                        "{k}={}",
                        l.map_or_else(|e| format!("ERR{e}"), |l| l.to_string())
                    )
                })
                .collect();
            out.push(format!("{n} {line} => {res} | {}", lens.join(" ")));
            super::check_heap(h, n, out);
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap; `py`
    /// calls the dictionaries' methods by name.
    pub fn run(ops: &str) -> String {
        super::run_in_env(ops, env, run_seq)
    }
}

// ---------------------------------------------------- slicing: the lethe runner

/// Runs `slicing_gen.py`'s ops on lethe, printing what `slicing_run.py` prints.
mod slicing {
    use super::panic_text;
    use lethe::{Args, Error, Heap, Result, Value};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// A sequence's heap, its list `X` and `slicing_run.py`'s classes and functions.
    struct World {
        heap: Heap,
        x: Value,
        cyc: Value,
        ci: Value,
        it: Value,
        fin: Value,
        ins88: Value,
    }

    /// `act(a)` for the captures `[X, Cyc, ins88]` of `fin` and of `CI` and `It`'s
    /// methods. The list is changed through its methods, as the Python runner's
    /// `x.clear()`: the bound method is an allocation, so a finalizer that lets an
    /// item go makes `collect()` run a follow-up pass, which `slicing_run.py`'s
    /// `collect` assumes.
    fn act(h: &Heap, env: &[Value], a: &str) -> Result<()> {
        let [x, cyc, ins88] = env else {
            unreachable!("captures [X, Cyc, ins88]")
        };
        match a {
            "gc" => {
                h.collect();
            }
            "app" => {
                h.call_method(x, "append", &[Value::Int(77)])?;
            }
            "clr" => {
                h.call_method(x, "clear", &[])?;
            }
            "del2" => {
                for _ in 0..h.len(x)?.min(2) {
                    h.call_method(x, "pop", &[Value::Int(0)])?;
                }
            }
            "ext3" => {
                for k in 5..8 {
                    h.call_method(x, "append", &[Value::Int(k)])?;
                }
            }
            "gcf" => {
                let c = h.call(cyc, &[])?;
                h.finalize(&c, ins88, &[], &[])?;
                drop(c);
                h.collect();
            }
            "none" => {}
            "raise" => return Err(Error::ValueError("act".into())),
            _ => panic!("bad act {a}"),
        }
        Ok(())
    }

    /// Sets `self.<name> = <value>` for each pair, for an `__init__`.
    fn init(h: &Heap, me: &Value, fields: &[(&str, Value)]) -> Result<Value> {
        for (name, v) in fields {
            h.setattr(me, name, v)?;
        }
        Ok(Value::None)
    }

    /// `CI` and `It`'s `__init__(self, n, a)`.
    fn init_n_a(h: &Heap, a: &Args<'_>) -> Result<Value> {
        init(
            h,
            a.get(0)?,
            &[("n", a.get(1)?.clone()), ("a", a.get(2)?.clone())],
        )
    }

    /// `act(self.a)`, for `CI.__index__` and `It.__next__`.
    fn own_act(h: &Heap, a: &Args<'_>) -> Result<()> {
        act(
            h,
            a.captures,
            h.getattr(a.get(0)?, "a")?.as_str().unwrap_or(""),
        )
    }

    impl World {
        fn new(n: i64) -> World {
            let heap = Heap::new();
            let h = &heap;
            let x = h.list(&(0..n).map(Value::Int).collect::<Vec<_>>()).unwrap();
            let cyc = h
                .class("Cyc")
                .method("__init__", |h, a| {
                    let n = a.get(1).cloned().unwrap_or(Value::Int(0));
                    init(h, a.get(0)?, &[("me", a.get(0)?.clone()), ("n", n)])
                })
                .method("__index__", |h, a| h.getattr(a.get(0)?, "n"))
                .method("__repr__", |h, a| {
                    let n = h.getattr(a.get(0)?, "n")?.as_int().unwrap_or(0);
                    Ok(if n >= 400 {
                        "W".into()
                    } else {
                        format!("Cyc({n})").into()
                    })
                })
                .build()
                .unwrap();
            let ins88 = h
                .closure("ins88", std::slice::from_ref(&x), |h, a| {
                    h.call_method(&a.captures[0], "insert", &[Value::Int(0), Value::Int(88)])
                })
                .unwrap();
            let env = [x.clone(), cyc.clone(), ins88.clone()];
            let fin = h
                .closure("fin", &env, |h, a| {
                    act(h, a.captures, a.get(0)?.as_str().unwrap_or(""))?;
                    Ok(Value::None)
                })
                .unwrap();
            let ci_index = h
                .closure("__index__", &env, |h, a| {
                    own_act(h, a)?;
                    h.getattr(a.get(0)?, "n")
                })
                .unwrap();
            let ci = h
                .class("CI")
                .method("__init__", init_n_a)
                .attr("__index__", ci_index)
                .build()
                .unwrap();
            let it_next = h
                .closure("__next__", &env, |h, a| {
                    own_act(h, a)?;
                    let me = a.get(0)?;
                    let k = h.getattr(me, "k")?.as_int().unwrap_or(0);
                    if k >= h.getattr(me, "n")?.as_int().unwrap_or(0) {
                        return Err(Error::StopIteration(String::new()));
                    }
                    h.setattr(me, "k", &Value::Int(k + 1))?;
                    Ok(Value::Int(101 + k))
                })
                .unwrap();
            let it = h
                .class("It")
                .method("__init__", |h, a| {
                    init_n_a(h, a)?;
                    init(h, a.get(0)?, &[("k", Value::Int(0))])
                })
                .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
                .attr("__next__", it_next)
                .build()
                .unwrap();
            World {
                heap,
                x,
                cyc,
                ci,
                it,
                fin,
                ins88,
            }
        }

        /// `Cyc(n)`.
        fn cyc(&self, n: i64) -> Result<Value> {
            self.heap.call(&self.cyc, &[Value::Int(n)])
        }

        /// A bound token: `N`, `i:k`, `c:k:ACT` or `p:k`.
        fn bound(&self, tok: &str) -> Result<Value> {
            let h = &self.heap;
            let t: Vec<&str> = tok.split(':').collect();
            let k = || Value::Int(t[1].parse().unwrap());
            Ok(match t[0] {
                "N" => Value::None,
                "i" => k(),
                "c" => h.call(&self.ci, &[k(), t[2].into()])?,
                "p" => h.proxy(&self.cyc(t[1].parse().unwrap())?, None)?,
                _ => panic!("bad bound {tok}"),
            })
        }

        /// A value token (see `slicing_gen.py`); the WeakSet members to hold go in
        /// `keep`.
        fn value(&self, tok: &str, keep: &mut Vec<Value>) -> Result<Value> {
            let h = &self.heap;
            let t: Vec<&str> = tok.split(':').collect();
            let n = |j: usize| t[j].parse::<i64>().unwrap();
            let ints = |base: i64| (0..n(1)).map(|k| Value::Int(base + k)).collect::<Vec<_>>();
            Ok(match t[0] {
                "l" => h.list(&ints(200))?,
                "t" => h.tuple(&ints(300))?,
                "it" => h.call(&self.it, &[Value::Int(n(1)), t[2].into()])?,
                "ws" => {
                    let mut members = Vec::new();
                    for k in 0..n(1) {
                        let c = self.cyc(400 + k)?;
                        keep.push(c.clone());
                        members.push(c);
                    }
                    for k in 0..n(2) {
                        members.push(self.cyc(500 + k)?);
                    }
                    h.weak_set(&members)?
                }
                "x" => self.x.clone(),
                "fz" => {
                    let mut cs = Vec::new();
                    for k in 0..n(1) {
                        let c = self.cyc(600 + k)?;
                        h.finalize(&c, &self.fin, &[t[2].into()], &[])?;
                        cs.push(c);
                    }
                    h.list(&cs)?
                }
                "int" => Value::Int(5),
                _ => panic!("bad value {tok}"),
            })
        }

        /// A `pre` op: a finalizer of an object nothing holds.
        fn pre(&self, a: &str) -> Result<()> {
            let c = self.cyc(0)?;
            if a == "gcf" {
                self.heap.finalize(&c, &self.ins88, &[], &[])?;
            } else {
                self.heap.finalize(&c, &self.fin, &[a.into()], &[])?;
            }
            Ok(())
        }

        /// A `get`, `set` or `del` op's result.
        fn op(&self, w: &[&str], keep: &mut Vec<Value>) -> Result<String> {
            let h = &self.heap;
            let v = if w[0] == "set" {
                self.value(w[4], keep)?
            } else {
                Value::None
            };
            let s = h.slice(&self.bound(w[1])?, &self.bound(w[2])?, &self.bound(w[3])?)?;
            Ok(match w[0] {
                "get" => h.repr(&h.getitem(&self.x, &s)?)?,
                "set" => {
                    h.setitem(&self.x, &s, &v)?;
                    "None".into()
                }
                "del" => {
                    h.delitem(&self.x, &s)?;
                    "None".into()
                }
                op => panic!("unknown op {op}"),
            })
        }
    }

    /// Runs `ops` (sequences headed `SEQ <seed> <n>`), one line per op, each
    /// sequence on a fresh heap.
    pub fn run(ops: &str) -> String {
        let mut out = String::new();
        let mut world: Option<World> = None;
        let mut keep: Vec<Value> = Vec::new();
        for line in ops.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let w: Vec<&str> = line.split_whitespace().collect();
            out.push_str(line);
            if w[0] == "SEQ" {
                keep.clear();
                drop(world.take());
                world = Some(World::new(w[2].parse().unwrap()));
                out.push('\n');
                continue;
            }
            let ww = world.as_ref().expect("ops before the first `SEQ`");
            let h = &ww.heap;
            let r = catch_unwind(AssertUnwindSafe(|| {
                if w[0] == "pre" {
                    ww.pre(w[1]).map(|()| None)
                } else {
                    keep.clear();
                    ww.op(&w, &mut keep).map(Some)
                }
            }));
            match r {
                Ok(Ok(None)) => {}
                Ok(Ok(Some(r))) => out.push_str(&format!(" => {r}")),
                Ok(Err(e)) => out.push_str(&format!(" => {e}")),
                Err(p) => out.push_str(&format!(" => PANIC {}", panic_text(p))),
            }
            if w[0] != "pre" {
                let x = h.repr(&ww.x).unwrap_or_else(|e| format!("ERR {e}"));
                out.push_str(&format!(" {x}"));
            }
            out.push('\n');
            if let Err(e) = h.verify() {
                out.push_str(&format!("VERIFY FAILED: {e}\n"));
            }
        }
        out
    }
}

// ------------------------------------------------------- sets: the lethe runner

/// Runs `set_gen.py`'s ops on lethe, printing what `set_run.py` prints.
mod sets {
    use super::py_bool;
    use lethe::{Args, BinaryOp, Builtin, CompareOp, Error, Heap, Result, Value};
    use std::cell::{Cell, RefCell};
    use std::collections::HashMap;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::rc::Rc;

    /// The variables, in the order they are printed.
    const VARS: [&str; 5] = ["v0", "v1", "v2", "v3", "d0"];
    /// The builtin-set types and subclasses a result or variable can have.
    const SET_TYPES: [&str; 6] = ["set", "frozenset", "SS", "SI", "FS", "FI"];
    const DICT_TYPES: [&str; 3] = ["dict", "DS", "DI"];

    /// What the pooled objects' methods share with the runner (`set_run.py`'s
    /// `State`).
    #[derive(Default)]
    struct Shared {
        vars: RefCell<Vec<Value>>,
        /// NORMALIZE (as `set_run.py`'s `quiet`): no `B` raises, no `H` or `M`
        /// acts.
        quiet: Cell<bool>,
        /// The op's operands are being made: no `B` raises, no `H` acts.
        building: Cell<bool>,
        /// A `mutop` runs: the `M`s act in their `__eq__`.
        mutating: Cell<bool>,
        /// The user `__hash__` calls.
        nhash: Cell<u64>,
    }

    impl Shared {
        fn var(&self, name: &str) -> Value {
            let i = VARS.iter().position(|v| *v == name).expect("a variable");
            self.vars.borrow()[i].clone()
        }

        fn set_var(&self, name: &str, v: Value) {
            let i = VARS.iter().position(|v| *v == name).expect("a variable");
            self.vars.borrow_mut()[i] = v;
        }

        fn hashed(&self) {
            self.nhash.set(self.nhash.get() + 1);
        }
    }

    /// The value of an immediate member token (`set_run.py`'s `IMMEDIATE`).
    fn immediate(t: &str) -> Option<Value> {
        Some(match t {
            "i0" => 0.into(),
            "i1" => 1.into(),
            "i2" => 2.into(),
            "i3" => 3.into(),
            "i7" => 7.into(),
            "f0" => Value::Float(0.0),
            "f1" => Value::Float(1.0),
            "f2" => Value::Float(2.0),
            "fh" => Value::Float(0.5),
            "fn" => Value::Float(-0.0),
            "T" => Value::Bool(true),
            "F" => Value::Bool(false),
            "sa" => "a".into(),
            "sb" => "b".into(),
            _ => return None,
        })
    }

    /// An `H`'s or `M`'s action (`set_run.py`'s `State.act`).
    fn act(h: &Heap, st: &Shared, spec: &str) -> Result<()> {
        let a: Vec<&str> = spec.split('.').collect();
        if a[0] == "none" {
            return Ok(());
        }
        let args: Vec<Value> = a[2..].iter().map(|t| immediate(t).unwrap()).collect();
        h.call_method(&st.var(a[1]), a[0], &args).map(drop)
    }

    /// `getattr(o, "kind", None) == me.kind and me.k == o.k`.
    fn pooled_eq(h: &Heap, a: &Args<'_>) -> Result<Value> {
        let (me, o) = (a.get(0)?, a.get(1)?);
        let same = matches!(o, Value::Obj(_))
            && h.hasattr(o, "kind")?
            && h.eq(&h.getattr(o, "kind")?, &h.getattr(me, "kind")?)?
            && h.eq(&h.getattr(me, "k")?, &h.getattr(o, "k")?)?;
        Ok(same.into())
    }

    fn key_hash(h: &Heap, a: &Args<'_>) -> Result<i64> {
        h.hash(&h.getattr(a.get(0)?, "k")?)
    }

    fn own_action(h: &Heap, st: &Shared, a: &Args<'_>) -> Result<()> {
        let spec = h.getattr(a.get(0)?, "act")?;
        act(h, st, spec.as_str().unwrap())
    }

    /// A sequence's heap, classes, pooled objects and variables.
    struct World {
        heap: Heap,
        st: Rc<Shared>,
        classes: HashMap<&'static str, Value>,
        pool: HashMap<String, Value>,
        /// Call the methods by name (`SEQ … py`), not the typed ones.
        py: bool,
    }

    impl World {
        fn new(py: bool) -> World {
            let heap = Heap::new();
            let h = &heap;
            let st = Rc::new(Shared::default());
            let mut classes = HashMap::new();
            let pooled = |name: &str| {
                h.class(name)
                    .attr("kind", name.into())
                    .method("__eq__", pooled_eq)
                    .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
            };
            let s = st.clone();
            let k = pooled("K").method("__hash__", move |h, a| {
                s.hashed();
                Ok(key_hash(h, a)?.into())
            });
            let s = st.clone();
            let b = pooled("B")
                .attr("bad", false.into())
                .method("__hash__", move |h, a| {
                    s.hashed();
                    let me = a.get(0)?;
                    if h.truthy(&h.getattr(me, "bad")?)? && !(s.quiet.get() || s.building.get()) {
                        let tag = h.getattr(me, "tag")?;
                        return Err(Error::ValueError(format!(
                            "bad hash {}",
                            tag.as_str().unwrap()
                        )));
                    }
                    Ok(key_hash(h, a)?.into())
                });
            let s = st.clone();
            let hh = pooled("H").method("__hash__", move |h, a| {
                s.hashed();
                if !(s.quiet.get() || s.building.get()) {
                    own_action(h, &s, a)?;
                }
                Ok(key_hash(h, a)?.into())
            });
            let (s, s2) = (st.clone(), st.clone());
            let m = h
                .class("M")
                .attr("kind", "M".into())
                .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
                .method("__eq__", move |h, a| {
                    if s.mutating.get() && !s.quiet.get() {
                        own_action(h, &s, a)?;
                    }
                    pooled_eq(h, a)
                })
                .method("__hash__", move |h, a| {
                    s2.hashed();
                    let k = h.getattr(a.get(0)?, "k")?.as_int().unwrap();
                    Ok((1000 + k).into())
                });
            for (name, c) in [("K", k), ("B", b), ("H", hh), ("M", m)] {
                classes.insert(name, c.build().unwrap());
            }
            let u = h
                .class("U")
                .method("__eq__", |_, a| Ok(a.get(0)?.is(a.get(1)?).into()))
                .build()
                .unwrap();
            classes.insert("U", u);
            let own_iter = |h: &Heap, a: &Args<'_>| h.iterator(&h.getattr(a.get(0)?, "alt")?);
            for (name, base, iter) in [
                ("SS", Builtin::Set, false),
                ("SI", Builtin::Set, true),
                ("FS", Builtin::FrozenSet, false),
                ("FI", Builtin::FrozenSet, true),
                ("DS", Builtin::Dict, false),
                ("DI", Builtin::Dict, true),
            ] {
                let mut c = h.class(name).base(&h.builtin(base));
                if iter {
                    let ghost = h.list(&["ghost".into()]).unwrap();
                    c = c.attr("alt", ghost).method("__iter__", own_iter);
                }
                classes.insert(name, c.build().unwrap());
            }
            classes.insert("set", h.builtin(Builtin::Set));
            classes.insert("fz", h.builtin(Builtin::FrozenSet));
            classes.insert("frozenset", h.builtin(Builtin::FrozenSet));
            // (Sets from the start: an H made before them may change them.)
            *st.vars.borrow_mut() = vec![
                h.set(&[]).unwrap(),
                h.set(&[]).unwrap(),
                h.set(&[]).unwrap(),
                h.set(&[]).unwrap(),
                h.dict(&[]).unwrap(),
            ];
            World {
                heap,
                st,
                classes,
                pool: HashMap::new(),
                py,
            }
        }

        /// A member token (`set_run.py`'s `State.X`).
        fn x(&self, t: &str) -> Result<Value> {
            let h = &self.heap;
            if let Some(v) = self.pool.get(t) {
                return Ok(v.clone());
            }
            if let Some(v) = immediate(t) {
                return Ok(v);
            }
            let p = |n: &str| self.pool[n].clone();
            Ok(match t {
                "t1" => h.tuple(&[1.into(), "a".into()])?,
                "t2" => h.tuple(&[Value::Float(1.0), "a".into()])?,
                "tK" => h.tuple(&[p("K0"), 1.into()])?,
                "tB" => h.tuple(&[p("B0")])?,
                "tL" => h.tuple(&[1.into(), h.list(&[])?])?,
                "z0" => h.frozenset(&[])?,
                "z1" => h.frozenset(&[1.into()])?,
                "z1f" => h.frozenset(&[Value::Float(1.0)])?,
                "z12" => h.frozenset(&[1.into(), 2.into()])?,
                "zK" => h.frozenset(&[p("K0")])?,
                "zB" => h.frozenset(&[p("B0")])?,
                "L" => h.list(&[])?,
                "E" => h.set(&[])?,
                "D" => h.dict(&[])?,
                "U" => h.call(&self.classes["U"], &[])?,
                _ => panic!("bad member token {t}"),
            })
        }

        /// An operand token (`set_run.py`'s `State.O`), made *building*.
        fn o(&self, t: &str) -> Result<Value> {
            self.st.building.set(true);
            let r = self.o1(t);
            self.st.building.set(false);
            r
        }

        fn o1(&self, t: &str) -> Result<Value> {
            let h = &self.heap;
            if VARS.contains(&t) {
                return Ok(self.st.var(t));
            }
            match t {
                "int" => return Ok(5.into()),
                "none" => return Ok(Value::None),
                _ => {}
            }
            let (kind, body) = t.split_once(':').expect("an operand");
            if kind == "str" {
                return Ok(body.into());
            }
            let items = body
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|x| self.x(x))
                .collect::<Result<Vec<_>>>()?;
            let alt = |items: &[Value]| {
                let mut alt = vec![Value::from("ghost")];
                alt.extend(items.iter().rev().cloned());
                h.list(&alt)
            };
            match kind {
                "list" => return h.list(&items),
                "tup" => return h.tuple(&items),
                "it" => return h.iterator(&h.list(&items)?),
                _ => {}
            }
            if let Some(c) = self.classes.get(kind)
                && (SET_TYPES.contains(&kind) || kind == "fz")
            {
                let o = h.call(c, &[h.list(&items)?])?;
                if kind == "SI" || kind == "FI" {
                    h.setattr(&o, "alt", &alt(&items)?)?;
                }
                return Ok(o);
            }
            let d = h.dict(&[])?;
            for x in &items {
                h.setitem(&d, x, &Value::None)?;
            }
            Ok(match kind {
                "dict" => d,
                "keys" => h.call_method(&d, "keys", &[])?,
                "DS" => h.call(&self.classes["DS"], &[d])?,
                "DI" => {
                    let o = h.call(&self.classes["DI"], std::slice::from_ref(&d))?;
                    h.setattr(&o, "alt", &alt(&h.iter(&d)?)?)?;
                    o
                }
                _ => panic!("bad operand {t}"),
            })
        }

        /// A member's canonical form (`set_run.py`'s `mf`).
        fn mf(&self, x: &Value) -> String {
            let h = &self.heap;
            match x {
                Value::Bool(b) => py_bool(*b),
                Value::Int(i) => i.to_string(),
                Value::Float(_) | Value::Str(_) => h.repr(x).unwrap(),
                Value::None => "?NoneType".into(),
                Value::Obj(_) => {
                    let tn = h.type_name(x);
                    match tn.as_str() {
                        "K" | "B" | "H" | "M" => {
                            h.getattr(x, "tag").unwrap().as_str().unwrap().into()
                        }
                        "tuple" => {
                            let items: Vec<String> =
                                h.iter(x).unwrap().iter().map(|e| self.mf(e)).collect();
                            format!("({})", items.join(","))
                        }
                        t if SET_TYPES.contains(&t) => self.members_form(x),
                        _ => format!("?{tn}"),
                    }
                }
            }
        }

        /// Whether `x`'s hash is the same in lethe and in CPython with
        /// `PYTHONHASHSEED=0` (`set_run.py`'s `ordered`).
        fn ordered(&self, x: &Value) -> bool {
            let h = &self.heap;
            match x {
                Value::None => false,
                Value::Obj(_) => match h.type_name(x).as_str() {
                    "tuple" => h.iter(x).unwrap().iter().all(|e| self.ordered(e)),
                    t if SET_TYPES.contains(&t) => self.members(x).iter().all(|e| self.ordered(e)),
                    t => !DICT_TYPES.contains(&t),
                },
                _ => true,
            }
        }

        /// The members of a set, frozenset or dict, read from its table (not by a
        /// subclass's own `__iter__`).
        fn members(&self, x: &Value) -> Vec<Value> {
            let h = &self.heap;
            match h.type_name(x).as_str() {
                // (`set.__iter__(x)`: the class's own `__iter__` set aside meanwhile.)
                t @ ("SI" | "FI") => {
                    let cls = &self.classes[t];
                    let own = h.getattr(cls, "__iter__").unwrap();
                    h.delattr(cls, "__iter__").unwrap();
                    let members = h.iter(x);
                    h.setattr(cls, "__iter__", &own).unwrap();
                    members
                }
                t if DICT_TYPES.contains(&t) => {
                    h.items(x).map(|p| p.into_iter().map(|(k, _)| k).collect())
                }
                _ => h.iter(x),
            }
            .unwrap()
        }

        /// `TYPE{member forms}` of a set, frozenset or dict (`set_run.py`'s
        /// `set_form`): a set's in its iteration order when it is `ordered`, else
        /// sorted.
        fn members_form(&self, x: &Value) -> String {
            let tn = self.heap.type_name(x);
            let forms: Vec<String> = self.members(x).iter().map(|m| self.mf(m)).collect();
            let mut forms = forms;
            if !(SET_TYPES.contains(&tn.as_str()) && self.ordered(x)) {
                forms.sort();
            }
            format!("{tn}{{{}}}", forms.join(","))
        }

        /// A variable's or result's form (`set_run.py`'s `show`).
        fn show(&self, x: &Value) -> String {
            let h = &self.heap;
            match x {
                Value::None => "None".into(),
                Value::Bool(b) => py_bool(*b),
                _ => {
                    let tn = h.type_name(x);
                    if SET_TYPES.contains(&tn.as_str()) || DICT_TYPES.contains(&tn.as_str()) {
                        format!("{} n={}", self.members_form(x), h.len(x).unwrap())
                    } else {
                        format!("?{tn}")
                    }
                }
            }
        }

        fn is_set(&self, x: &Value) -> bool {
            SET_TYPES.contains(&self.heap.type_name(x).as_str())
        }

        /// NORMALIZE (`set_run.py`'s `quiet`): whether CPython iterates a set in
        /// hash order during the op, stopping at the item that decides.
        fn quiet(&self, op: &str, w: &[&str], ops: &[Value]) -> bool {
            let tn = |v: &Value| self.heap.type_name(v);
            match op {
                "m" | "mutop" => {
                    w[2] == "isdisjoint"
                        && ops.len() == 2
                        && ["SS", "FS"].contains(&tn(&ops[1]).as_str())
                }
                "bin" | "ibin" | "cmp" => {
                    let plain = ["set", "frozenset", "SS", "FS"];
                    let (a, b) = (tn(&ops[0]), tn(&ops[1]));
                    (a == "dict_keys" && plain.contains(&b.as_str()))
                        || (b == "dict_keys" && plain.contains(&a.as_str()))
                }
                _ => false,
            }
        }

        /// A method call: by name, or (unless `py`) by the typed `Heap` method
        /// taking the same arguments, if there is one.
        fn method(&self, recv: &Value, name: &str, args: &[Value]) -> Result<Value> {
            let h = &self.heap;
            if self.py {
                return h.call_method(recv, name, args);
            }
            let none = |r: Result<()>| r.map(|()| Value::None);
            match (name, args) {
                ("copy", []) => h.copy(recv),
                ("union", [o]) => h.union(recv, o),
                ("intersection", [o]) => h.intersection(recv, o),
                ("difference", [o]) => h.difference(recv, o),
                ("symmetric_difference", [o]) => h.symmetric_difference(recv, o),
                ("update", [o]) => none(h.update(recv, o)),
                ("intersection_update", [o]) => none(h.intersection_update(recv, o)),
                ("difference_update", [o]) => none(h.difference_update(recv, o)),
                ("symmetric_difference_update", [o]) => {
                    none(h.symmetric_difference_update(recv, o))
                }
                ("issubset", [o]) => h.issubset(recv, o).map(Value::Bool),
                ("issuperset", [o]) => h.issuperset(recv, o).map(Value::Bool),
                ("isdisjoint", [o]) => h.isdisjoint(recv, o).map(Value::Bool),
                _ => h.call_method(recv, name, args),
            }
        }

        /// One op (`set_run.py`'s `State.op`): its result's form, and the hashes
        /// it asked (`None` if it did not run).
        fn op(&mut self, w: &[&str], hashes: &mut Option<String>) -> Result<String> {
            let h = &self.heap;
            let op = w[0];
            if op.ends_with("pool") {
                let (kind, cls) = match op {
                    "kpool" => ("K", "K"),
                    "bpool" => ("B", "B"),
                    "hpool" => ("H", "H"),
                    _ => ("M", "M"),
                };
                for (i, spec) in w[1..].iter().enumerate() {
                    let (k, act) = spec.split_once(':').unwrap_or((spec, ""));
                    let o = h.call(&self.classes[cls], &[])?;
                    h.setattr(&o, "tag", &format!("{kind}#{i}").as_str().into())?;
                    h.setattr(&o, "k", &Value::Int(k.parse().unwrap()))?;
                    if !act.is_empty() {
                        h.setattr(&o, "act", &act.into())?;
                    }
                    self.pool.insert(format!("{kind}{i}"), o);
                }
                return Ok("None".into());
            }
            if op == "bad" {
                h.setattr(&self.pool[w[1]], "bad", &(w[2] == "1").into())?;
                return Ok("None".into());
            }
            if op == "mk" {
                let v = self.o(w[2])?;
                self.st.set_var(w[1], v);
                return Ok("None".into());
            }
            let (w, mut tgt) = match w.last() {
                Some(t) if t.starts_with('>') => (&w[..w.len() - 1], Some(&t[1..])),
                _ => (w, None),
            };
            let ops: Vec<Value> = match op {
                "ctor" => w[2..].iter().map(|t| self.o(t)).collect::<Result<_>>()?,
                "m" | "mutop" => [w[1]]
                    .iter()
                    .chain(&w[3..])
                    .map(|t| self.o(t))
                    .collect::<Result<_>>()?,
                "el" => [self.st.var(w[1])]
                    .into_iter()
                    .map(Ok)
                    .chain(w[3..].iter().map(|t| self.x(t)))
                    .collect::<Result<_>>()?,
                "bin" | "cmp" => vec![self.o(w[2])?, self.o(w[3])?],
                "ibin" => {
                    tgt = Some(w[2]);
                    vec![self.st.var(w[2]), self.o(w[3])?]
                }
                _ => panic!("unknown op {op}"),
            };
            let binop = |s: &str| match s.trim_end_matches('=') {
                "|" => BinaryOp::Or,
                "&" => BinaryOp::And,
                "-" => BinaryOp::Sub,
                _ => BinaryOp::Xor,
            };
            let quiet = self.quiet(op, w, &ops);
            self.st.quiet.set(quiet);
            self.st.mutating.set(op == "mutop");
            self.st.nhash.set(0);
            let r = match op {
                "ctor" => h.call(&self.classes[w[1]], &ops),
                "m" | "mutop" => self.method(&ops[0], w[2], &ops[1..]),
                "el" => h.call_method(&ops[0], w[2], &ops[1..]),
                "bin" => h.binary_op(&ops[0], &ops[1], binop(w[1])),
                "ibin" => h.inplace_op(&ops[0], &ops[1], binop(w[1])),
                _ => {
                    let (a, b) = (&ops[0], &ops[1]);
                    match w[1] {
                        "==" => h.eq(a, b),
                        "!=" => h.ne(a, b),
                        "<" => h.compare(a, b, CompareOp::Lt),
                        "<=" => h.compare(a, b, CompareOp::Le),
                        ">" => h.compare(a, b, CompareOp::Gt),
                        _ => h.compare(a, b, CompareOp::Ge),
                    }
                    .map(Value::Bool)
                }
            };
            *hashes = Some(if quiet {
                "?".into()
            } else {
                self.st.nhash.get().to_string()
            });
            self.st.quiet.set(false);
            self.st.mutating.set(false);
            let r = r?;
            if let Some(t) = tgt
                && self.is_set(&r)
            {
                self.st.set_var(t, r.clone());
            }
            let mut s = match op {
                "el" if !r.is_none() => self.mf(&r),
                _ => self.show(&r),
            };
            if self.is_set(&r)
                && let Some(i) = ops.iter().position(|o| o.is(&r))
            {
                s.push_str(&format!(" is:{i}"));
            }
            Ok(s)
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap.
    pub fn run(ops: &str) -> String {
        super::run_sequences(ops, "py", |cur, py, out| {
            let mut world = World::new(py);
            for (n, line) in cur.iter().enumerate() {
                let w: Vec<&str> = line.split_whitespace().collect();
                let mut hashes = None;
                let r = catch_unwind(AssertUnwindSafe(|| world.op(&w, &mut hashes)));
                let res = super::outcome(r);
                world.st.building.set(false);
                let vars: Vec<String> = VARS
                    .iter()
                    .map(|v| format!("{v}={}", world.show(&world.st.var(v))))
                    .collect();
                out.push(format!(
                    "{n} {line} => {res} h={} | {}",
                    hashes.as_deref().unwrap_or("-"),
                    vars.join(" ")
                ));
                super::check_heap(&world.heap, n, out);
            }
            world.st.vars.borrow_mut().clear();
        })
    }
}

// -------------------------------------------------- finalizers: the lethe runner

/// Runs `finalize_gen.py`'s ops on lethe, printing what `finalize_run.py` prints.
mod finalizers {
    use super::{attr, collect_by, mask_addresses, py_bool, set_slot, slot};
    use lethe::{Error, Heap, Result, Value};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// Appends `line` to the env's list `name` (`log`, `errs`).
    fn push(h: &Heap, env: &Value, name: &str, line: &str) -> Result<()> {
        h.list_append(&attr(h, env, name)?, &line.into())
    }

    /// Logs `line` under the running group (`finalize_run.py`'s `State.line`).
    fn line(h: &Heap, env: &Value, line: &str) -> Result<()> {
        let entry = h.tuple(&[attr(h, env, "group")?, line.into()])?;
        h.list_append(&attr(h, env, "log")?, &entry)
    }

    /// Runs `body` as a callback or function of object `group` (`State.running`):
    /// its lines and those of what it calls go under `group` unless called by another.
    fn running<T>(
        h: &Heap,
        env: &Value,
        group: &Value,
        body: impl FnOnce() -> Result<T>,
    ) -> Result<T> {
        let depth = attr(h, env, "depth")?.as_int().unwrap();
        if depth == 0 {
            h.setattr(env, "group", group)?;
        }
        h.setattr(env, "depth", &Value::Int(depth + 1))?;
        let r = body();
        h.setattr(env, "depth", &Value::Int(depth))?;
        r
    }

    fn fmt(h: &Heap, env: &Value, v: &Value) -> String {
        match v {
            Value::None => "None".into(),
            Value::Bool(b) => py_bool(*b),
            Value::Int(i) => format!("i{i}"),
            Value::Str(s) => format!("s:{}", s.as_ref() as &str),
            Value::Float(f) => format!("f{f}"),
            Value::Obj(_) => {
                let tn = h.type_name(v);
                match tn.as_str() {
                    "tuple" => {
                        let items: Vec<String> =
                            h.iter(v).unwrap().iter().map(|e| fmt(h, env, e)).collect();
                        format!("({})", items.join(","))
                    }
                    "dict" => {
                        let items: Vec<String> = h
                            .items(v)
                            .unwrap()
                            .iter()
                            .map(|(k, x)| format!("{}:{}", k.as_str().unwrap(), fmt(h, env, x)))
                            .collect();
                        format!("{{{}}}", items.join(","))
                    }
                    "finalize" => {
                        let fins = h.iter(&attr(h, env, "fins").unwrap()).unwrap();
                        match fins.iter().position(|f| f.is(v)) {
                            Some(n) => format!("z{n}"),
                            None => "z?".into(),
                        }
                    }
                    "method" => {
                        let me = h.getattr(v, "__self__").unwrap();
                        format!("m({})", fmt(h, env, &me))
                    }
                    _ => {
                        if let Ok(t) = h.getattr(v, "tag") {
                            return t.as_str().unwrap().to_string();
                        }
                        let funcs = h.iter(&attr(h, env, "funcs").unwrap()).unwrap();
                        for pair in funcs {
                            let p = h.iter(&pair).unwrap();
                            if p[1].is(v) {
                                return p[0].as_str().unwrap().to_string();
                            }
                        }
                        format!("?{tn}")
                    }
                }
            }
        }
    }

    /// A function's arguments as `finalize_run.py`'s `State.args` prints them.
    fn args(h: &Heap, env: &Value, pos: &[Value], kw: &[(std::rc::Rc<str>, Value)]) -> String {
        let mut v: Vec<String> = pos.iter().map(|x| fmt(h, env, x)).collect();
        for (k, x) in kw {
            v.push(format!("{k}={}", fmt(h, env, x)));
        }
        v.join(",")
    }

    /// A value token: `i<n>`, `s<str>`, `h<i>`, `F<k>`.
    fn x(h: &Heap, env: &Value, t: &str) -> Result<Value> {
        Ok(match &t[..1] {
            "i" => Value::Int(t[1..].parse().unwrap()),
            "s" => t[1..].into(),
            "h" => slot(h, env, "H", &t[1..])?,
            "F" => slot(h, env, "F", &t[1..])?,
            _ => panic!("bad token {t}"),
        })
    }

    /// The function token `t` of a `fin` op whose function is named `label`.
    fn func(h: &Heap, env: &Value, t: &str, label: &str, group: &Value) -> Result<Value> {
        if t == "meth" {
            let cnt = attr(h, env, "cnt")?.as_int().unwrap() + 1;
            h.setattr(env, "cnt", &Value::Int(cnt))?;
            let p = h.call(&attr(h, env, "Peer")?, &[])?;
            h.setattr(&p, "tag", &format!("p{cnt}").as_str().into())?;
            h.setattr(&p, "group", group)?;
            h.setattr(&p, "env", env)?;
            return h.getattr(&p, "m");
        }
        if let Some(j) = t.strip_prefix("fin") {
            return slot(h, env, "F", j);
        }
        if t == "nc" {
            return Ok(Value::Int(5));
        }
        let caps = [env.clone(), label.into(), t.into(), group.clone()];
        let f = h.closure(label, &caps, |h, a| {
            let (env, label) = (&a.captures[0], a.captures[1].as_str().unwrap());
            let kind = a.captures[2].as_str().unwrap();
            // NORMALIZE: every function allocates, so that a collection in which
            // one ran has a follow-up pass (finalize_run.py's header).
            drop(h.list(&[])?);
            let argl = args(h, env, a.positional, a.keywords);
            if let Some(spec) = kind.strip_prefix("act:") {
                return running(h, env, &a.captures[3], || {
                    let spec = spec.replace(',', " ");
                    let w: Vec<&str> = spec.split_whitespace().collect();
                    let r = op(h, env, &w).unwrap_or_else(|e| format!("ERR {e}"));
                    line(h, env, &format!("{label}({argl}) {spec} => {r}"))?;
                    Ok(Value::None)
                });
            }
            running(h, env, &a.captures[3], || {
                line(h, env, &format!("{label}({argl})"))
            })?;
            match kind {
                "ret" => Ok(format!("r{label}").as_str().into()),
                "raise" => Err(Error::ValueError(label.into())),
                _ => Ok(Value::None),
            }
        })?;
        let pair = h.tuple(&[label.into(), f.clone()])?;
        h.list_append(&attr(h, env, "funcs")?, &pair)?;
        Ok(f)
    }

    /// Records a collection's (or shutdown's) errors in `env.errs`.
    fn errors(h: &Heap, env: &Value, errs: &[lethe::CallbackError]) -> Result<()> {
        for e in errs {
            push(h, env, "errs", &e.error.to_string())?;
        }
        Ok(())
    }

    /// A collection: `collect()`, or `step()`s to the end of a cycle when `env.py`.
    fn collect(h: &Heap, env: &Value) -> Result<()> {
        let stepped = matches!(attr(h, env, "py")?, Value::Bool(true));
        errors(h, env, &collect_by(h, stepped).errors)
    }

    /// One op (a function's `act` too), its result formatted.
    fn op(h: &Heap, env: &Value, w: &[&str]) -> Result<String> {
        let py = matches!(attr(h, env, "py")?, Value::Bool(true));
        let f = || slot(h, env, "F", w[1]);
        let is_fin = |v: &Value| h.type_name(v) == "finalize";
        let info = |i: Option<lethe::FinalizerInfo>| -> Result<String> {
            Ok(match i {
                None => "None".into(),
                Some(i) => {
                    let t = h.tuple(&[i.obj, i.func, i.args, i.kwargs])?;
                    fmt(h, env, &t)
                }
            })
        };
        Ok(match w[0] {
            "new" => {
                let cnt = attr(h, env, "cnt")?.as_int().unwrap() + 1;
                h.setattr(env, "cnt", &Value::Int(cnt))?;
                let o = h.call(&attr(h, env, "Node")?, &[])?;
                h.setattr(&o, "tag", &format!("o{cnt}").as_str().into())?;
                h.setattr(&o, "me", &o)?;
                set_slot(h, env, "H", w[1], &o)?;
                fmt(h, env, &o)
            }
            "drop" => {
                set_slot(h, env, "H", w[1], &Value::None)?;
                "None".into()
            }
            "link" => {
                let o = slot(h, env, "H", w[1])?;
                h.setattr(&o, "peer", &slot(h, env, "H", w[2])?)?;
                "None".into()
            }
            "wr" => {
                let o = slot(h, env, "H", w[1])?;
                let cnt = attr(h, env, "cnt")?.as_int().unwrap() + 1;
                h.setattr(env, "cnt", &Value::Int(cnt))?;
                let label = format!("cb{cnt}");
                let caps = [env.clone(), label.as_str().into(), h.getattr(&o, "tag")?];
                let cb = h.closure("cb", &caps, |h, a| {
                    drop(h.list(&[])?);
                    let env = &a.captures[0];
                    running(h, env, &a.captures[2], || {
                        line(h, env, a.captures[1].as_str().unwrap())
                    })?;
                    Ok(Value::None)
                })?;
                let r = h.weakref(&o, Some(&cb))?;
                h.list_append(&attr(h, env, "keep")?, &r)?;
                label
            }
            "collect" => {
                // (A function's: `step()` during a stepped collection's callbacks
                // would not finish a cycle, so it is `collect()`, which does
                // nothing there, as CPython's `gc.collect()` during a collection.)
                // (What it runs is grouped by its own callbacks' objects, not by
                // the function that collects.)
                if !matches!(attr(h, env, "exiting")?, Value::Bool(true)) {
                    let (depth, group) = (attr(h, env, "depth")?, attr(h, env, "group")?);
                    h.setattr(env, "depth", &Value::Int(0))?;
                    let rep = h.collect();
                    h.setattr(env, "depth", &depth)?;
                    h.setattr(env, "group", &group)?;
                    errors(h, env, &rep.errors)?;
                }
                "None".into()
            }
            "fin" => {
                let n = attr(h, env, "nfin")?.as_int().unwrap();
                h.setattr(env, "nfin", &Value::Int(n + 1))?;
                let label = format!("f{n}");
                let o = slot(h, env, "H", w[2])?;
                let group = h.getattr(&o, "tag").unwrap_or(Value::None);
                let func = func(h, env, w[3], &label, &group)?;
                let mut pos = Vec::new();
                let mut kw: Vec<(String, Value)> = Vec::new();
                for t in &w[4..] {
                    match t.strip_prefix("k:") {
                        Some(kv) => {
                            let (k, v) = kv.split_once('=').unwrap();
                            kw.push((k.to_string(), x(h, env, v)?));
                        }
                        None => pos.push(x(h, env, t)?),
                    }
                }
                let kw: Vec<(&str, Value)> =
                    kw.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                set_slot(h, env, "F", w[1], &Value::None)?;
                let fz = if py {
                    let fin = h.builtin(lethe::Builtin::Finalize);
                    h.call_kw(&fin, &[&[o, func][..], &pos].concat(), &kw)?
                } else {
                    h.finalize(&o, &func, &pos, &kw)?
                };
                let fins = attr(h, env, "fins")?;
                h.list_append(&fins, &fz)?;
                set_slot(h, env, "F", w[1], &fz)?;
                format!("z{}", h.len(&fins)? - 1)
            }
            "dropf" => {
                set_slot(h, env, "F", w[1], &Value::None)?;
                "None".into()
            }
            "call" => fmt(h, env, &h.call(&f()?, &[])?),
            "detach" | "peek" => {
                let f = f()?;
                if py || !is_fin(&f) {
                    fmt(h, env, &h.call_method(&f, w[0], &[])?)
                } else if w[0] == "detach" {
                    info(h.finalizer_detach(&f)?)?
                } else {
                    info(h.finalizer_peek(&f)?)?
                }
            }
            "alive" | "atexit" => {
                let f = f()?;
                if py || !is_fin(&f) {
                    fmt(h, env, &h.getattr(&f, w[0])?)
                } else if w[0] == "alive" {
                    py_bool(h.finalizer_alive(&f)?)
                } else {
                    py_bool(h.finalizer_atexit(&f)?)
                }
            }
            "setatexit" => {
                let f = f()?;
                let v = if w[2] == "None" {
                    Value::None
                } else {
                    x(h, env, w[2])?
                };
                if py || !is_fin(&f) {
                    h.setattr(&f, "atexit", &v)?;
                } else {
                    h.set_finalizer_atexit(&f, h.truthy(&v)?)?;
                }
                "None".into()
            }
            "call1" => fmt(h, env, &h.call(&f()?, &[1.into()])?),
            "call2" => fmt(h, env, &h.call(&f()?, &[1.into(), 2.into()])?),
            "peekis" => {
                let f = f()?;
                let (a, b) = (
                    h.call_method(&f, "peek", &[])?,
                    h.call_method(&f, "peek", &[])?,
                );
                if a.is_none() {
                    "None".into()
                } else {
                    let item = |t: &Value, i: i64| h.getitem(t, &Value::Int(i));
                    let same =
                        |i| -> Result<String> { Ok(py_bool(item(&a, i)?.is(&item(&b, i)?))) };
                    format!("({},{})", same(2)?, same(3)?)
                }
            }
            "kwmut" => {
                let p = h.call_method(&f()?, "peek", &[])?;
                if !p.is_none() {
                    h.setitem(&h.getitem(&p, &Value::Int(3))?, &"z".into(), &9.into())?;
                }
                "None".into()
            }
            "repr" => mask_addresses(&h.repr(&f()?)?),
            o => panic!("unknown op {o}"),
        })
    }

    /// `done [<log>] errors [<errs>]`, emptying both; the lines grouped by object
    /// (in creation order) and the errors sorted if `grouped` (`State.drain`).
    fn drain(h: &Heap, env: &Value, grouped: bool) -> Result<String> {
        let mut log: Vec<(i64, String)> = Vec::new();
        for e in h.iter(&attr(h, env, "log")?)? {
            let e = h.iter(&e)?;
            let group = e[0].as_str().map_or(0, |g| g[1..].parse().unwrap());
            log.push((group, e[1].as_str().unwrap().to_string()));
        }
        let mut errs: Vec<String> = h
            .iter(&attr(h, env, "errs")?)?
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        h.setattr(env, "log", &h.list(&[])?)?;
        h.setattr(env, "errs", &h.list(&[])?)?;
        if grouped {
            log.sort_by_key(|e| e.0);
            errs.sort();
        }
        let log: Vec<String> = log.into_iter().map(|e| e.1).collect();
        Ok(format!(
            "done [{}] errors [{}]",
            log.join("; "),
            errs.join("; ")
        ))
    }

    fn pending(h: &Heap, env: &Value) -> bool {
        ["log", "errs"]
            .iter()
            .any(|n| attr(h, env, n).and_then(|l| h.len(&l)).unwrap_or(0) > 0)
    }

    fn env(h: &Heap, py: bool) -> Result<Value> {
        let node = h.class("Node").build()?;
        let peer = h
            .class("Peer")
            .method("m", |h, a| {
                let me = a.get(0)?;
                let env = h.getattr(me, "env")?;
                drop(h.list(&[])?);
                let rest = args(h, &env, &a.positional[1..], a.keywords);
                let text = format!("m({})({rest})", fmt(h, &env, me));
                running(h, &env, &h.getattr(me, "group")?, || line(h, &env, &text))?;
                Ok(Value::None)
            })
            .build()?;
        let env = h.call(&h.class("Env").build()?, &[])?;
        for (name, v) in [
            ("Node", node),
            ("Peer", peer),
            ("depth", Value::Int(0)),
            ("group", Value::None),
            ("H", h.list(&vec![Value::None; 4])?),
            ("F", h.list(&vec![Value::None; 6])?),
            ("fins", h.list(&[])?),
            ("funcs", h.list(&[])?),
            ("keep", h.list(&[])?),
            ("log", h.list(&[])?),
            ("errs", h.list(&[])?),
            ("cnt", Value::Int(0)),
            ("nfin", Value::Int(0)),
            ("exiting", Value::Bool(false)),
            ("py", Value::Bool(py)),
        ] {
            h.setattr(&env, name, &v)?;
        }
        Ok(env)
    }

    fn run_seq(h: &Heap, env: &Value, lines: &[String], out: &mut Vec<String>) {
        for (n, line) in lines.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let r = catch_unwind(AssertUnwindSafe(|| -> Result<String> {
                match w[0] {
                    "collect" => {
                        collect(h, env)?;
                        drain(h, env, true)
                    }
                    "exit" => {
                        h.setattr(env, "exiting", &Value::Bool(true))?;
                        let errs = h.shutdown();
                        errors(h, env, &errs)?;
                        drain(h, env, false)
                    }
                    _ => {
                        let res = op(h, env, &w);
                        let res = match res {
                            Ok(s) => s,
                            Err(e) => format!("ERR {e}"),
                        };
                        Ok(if pending(h, env) {
                            format!("{res} {}", drain(h, env, true)?)
                        } else {
                            res
                        })
                    }
                }
            }));
            let res = super::outcome(r);
            out.push(format!("{n} {line} => {res}"));
            super::check_heap(h, n, out);
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap; `py`
    /// calls the finalizers' methods by name and collects by `step()`.
    pub fn run(ops: &str) -> String {
        super::run_in_env(ops, env, run_seq)
    }
}

// --------------------------------------------------- dictlist: the lethe runner

/// `dictlist_random`'s lethe side: `dictlist_run.py`'s ops on lethe, printed in its
/// format.
mod dictlist {
    use super::panic_text;
    use lethe::{Args, BinaryOp, Builtin, CompareOp, Error, Heap, Result, UnaryOp, Value};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::panic::{AssertUnwindSafe, catch_unwind};
    use std::rc::Rc;

    /// The variables, in the order they are printed.
    const VARS: [&str; 4] = ["d0", "d1", "l0", "l1"];

    /// What the pooled objects' methods and the sort keys share with the runner
    /// (`dictlist_run.py`'s `State`).
    #[derive(Default)]
    struct Shared {
        vars: RefCell<Vec<Value>>,
        /// The user code the op ran.
        log: RefCell<Vec<String>>,
    }

    impl Shared {
        fn var(&self, name: &str) -> Value {
            let i = VARS.iter().position(|v| *v == name).expect("a variable");
            self.vars.borrow()[i].clone()
        }

        fn set_var(&self, name: &str, v: Value) {
            let i = VARS.iter().position(|v| *v == name).expect("a variable");
            self.vars.borrow_mut()[i] = v;
        }

        fn log(&self, entry: String) {
            self.log.borrow_mut().push(entry);
        }
    }

    /// An operand's form in the log (`dictlist_run.py`'s `short`).
    fn short(h: &Heap, o: &Value) -> String {
        match o {
            Value::Obj(_) => {
                let tn = h.type_name(o);
                if matches!(tn.as_str(), "K" | "Q" | "E" | "P") {
                    h.repr(o).unwrap()
                } else {
                    tn
                }
            }
            _ => h.repr(o).unwrap(),
        }
    }

    /// The value of an immediate token (`dictlist_run.py`'s `IMMEDIATE`).
    fn immediate(t: &str) -> Option<Value> {
        Some(match t {
            "i0" => 0.into(),
            "i1" => 1.into(),
            "i2" => 2.into(),
            "i3" => 3.into(),
            "in1" => (-1).into(),
            "in2" => (-2).into(),
            "f0" => Value::Float(0.0),
            "f1" => Value::Float(1.0),
            "fh" => Value::Float(0.5),
            "T" => Value::Bool(true),
            "F" => Value::Bool(false),
            "sa" => "a".into(),
            "sb" => "b".into(),
            "sc" => "c".into(),
            "N" => Value::None,
            _ => return None,
        })
    }

    /// An index token: an int, or `T`, `fh`, `sa`, `N`.
    fn index(t: &str) -> Value {
        match t.parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => immediate(t).expect("an index token"),
        }
    }

    /// A sequence's heap, classes, pooled objects and variables.
    struct World {
        heap: Heap,
        st: Rc<Shared>,
        classes: HashMap<&'static str, Value>,
        keys: HashMap<&'static str, Value>,
        pool: HashMap<String, Value>,
        /// Call the methods by name (`SEQ … py`), not the typed ones.
        py: bool,
    }

    impl World {
        fn new(py: bool) -> World {
            let heap = Heap::new();
            let h = &heap;
            let st = Rc::new(Shared::default());
            let mut classes = HashMap::new();
            // `K` (hashed as 100 + key / 2: the keys 0 and 1 collide unequal) and
            // `Q` (200 + key, whose `__lt__` appends `'q'` to `l0`): equal to the
            // others of their class and key.
            for (name, base) in [("K", 100), ("Q", 200)] {
                let (s1, s2, s3) = (st.clone(), st.clone(), st.clone());
                let c = h
                    .class(name)
                    .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
                    .method("__eq__", move |h, a| {
                        let (me, o) = (a.get(0)?, a.get(1)?);
                        s1.log(format!("eq {} {}", short(h, me), short(h, o)));
                        if h.type_name(o) != name {
                            return Ok(h.not_implemented());
                        }
                        Ok(h.eq(&h.getattr(me, "k")?, &h.getattr(o, "k")?)?.into())
                    })
                    .method("__lt__", move |h, a| {
                        let (me, o) = (a.get(0)?, a.get(1)?);
                        s2.log(format!("lt {} {}", short(h, me), short(h, o)));
                        if name == "Q" {
                            h.list_append(&s2.var("l0"), &"q".into())?;
                        }
                        if h.type_name(o) != name {
                            return Ok(h.not_implemented());
                        }
                        let lt =
                            h.compare(&h.getattr(me, "k")?, &h.getattr(o, "k")?, CompareOp::Lt)?;
                        Ok(lt.into())
                    })
                    .method("__hash__", move |h, a| {
                        let me = a.get(0)?;
                        s3.log(format!("h {}", short(h, me)));
                        let k = h.getattr(me, "k")?.as_int().unwrap();
                        Ok((base + if name == "K" { k / 2 } else { k }).into())
                    })
                    .build()
                    .unwrap();
                classes.insert(name, c);
            }
            // `E` (300 + key), whose `__eq__` changes `l0` (its `act`).
            let (s1, s2) = (st.clone(), st.clone());
            let e = h
                .class("E")
                .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
                .method("__eq__", move |h, a| {
                    let (me, o) = (a.get(0)?, a.get(1)?);
                    s1.log(format!("eq {} {}", short(h, me), short(h, o)));
                    let l0 = s1.var("l0");
                    let n = h.len(&l0)?;
                    match h.getattr(me, "act")?.as_str().unwrap() {
                        "pop" if n > 0 => drop(h.pop(&l0, &(-1).into(), None)?),
                        "app" if n < 12 => h.list_append(&l0, &"e".into())?,
                        "clr" => h.clear(&l0)?,
                        _ => {}
                    }
                    if h.type_name(o) != "E" {
                        return Ok(h.not_implemented());
                    }
                    Ok(h.eq(&h.getattr(me, "k")?, &h.getattr(o, "k")?)?.into())
                })
                .method("__hash__", move |h, a| {
                    let me = a.get(0)?;
                    s2.log(format!("h {}", short(h, me)));
                    Ok((300 + h.getattr(me, "k")?.as_int().unwrap()).into())
                })
                .build()
                .unwrap();
            classes.insert("E", e);
            // `P` (500 + key), equal to any `P`, whose `__eq__` pops `d0`'s newest item.
            let (s1, s2) = (st.clone(), st.clone());
            let p = h
                .class("P")
                .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
                .method("__eq__", move |h, a| {
                    let (me, o) = (a.get(0)?, a.get(1)?);
                    s1.log(format!("eq {} {}", short(h, me), short(h, o)));
                    let d0 = s1.var("d0");
                    if h.len(&d0)? > 0 {
                        h.popitem(&d0)?;
                    }
                    if h.type_name(o) != "P" {
                        return Ok(h.not_implemented());
                    }
                    Ok(true.into())
                })
                .method("__hash__", move |h, a| {
                    let me = a.get(0)?;
                    s2.log(format!("h {}", short(h, me)));
                    Ok((500 + h.getattr(me, "k")?.as_int().unwrap()).into())
                })
                .build()
                .unwrap();
            classes.insert("P", p);
            let (s1, s2) = (st.clone(), st.clone());
            let mapobj = h
                .class("MapObj")
                .attr("bad", false.into())
                .method("keys", move |h, a| {
                    s1.log("keys".into());
                    let me = a.get(0)?;
                    let mut keys = h.iter(&h.getattr(me, "data")?)?;
                    if h.truthy(&h.getattr(me, "bad")?)? {
                        keys.push("zz".into());
                    }
                    h.list(&keys)
                })
                .method("__getitem__", move |h, a| {
                    let k = a.get(1)?;
                    s2.log(format!("getitem {}", short(h, k)));
                    h.getitem(&h.getattr(a.get(0)?, "data")?, k)
                })
                .build()
                .unwrap();
            classes.insert("MapObj", mapobj);
            // The sort keys (`dictlist_run.py`'s `SORT_KEYS`), each logging its call.
            let mut keys = HashMap::new();
            type KeyFn = fn(&Heap, &Shared, &Value) -> Result<Value>;
            let key_fns: [(&'static str, KeyFn); 5] = [
                ("kid", |_, _, x| Ok(x.clone())),
                ("ktype", |h, _, x| Ok(h.type_name(x).as_str().into())),
                ("kraise", |_, _, x| {
                    if x.as_str() == Some("b") {
                        return Err(Error::ValueError("bad key".into()));
                    }
                    Ok(x.clone())
                }),
                ("kmut", |h, s, x| {
                    h.list_append(&s.var("l0"), &"m".into())?;
                    Ok(x.clone())
                }),
                ("kneg", |h, _, x| h.unary_op(x, UnaryOp::Neg)),
            ];
            for (name, f) in key_fns {
                let s = st.clone();
                let func = h.function(name, move |h, a: &Args<'_>| {
                    let x = a.get(0)?;
                    s.log(format!("key {}", short(h, x)));
                    f(h, &s, x)
                });
                keys.insert(name, func);
            }
            *st.vars.borrow_mut() = vec![
                h.dict(&[]).unwrap(),
                h.dict(&[]).unwrap(),
                h.list(&[]).unwrap(),
                h.list(&[]).unwrap(),
            ];
            World {
                heap,
                st,
                classes,
                keys,
                pool: HashMap::new(),
                py,
            }
        }

        /// A key, item or value token (`dictlist_run.py`'s `State.X`).
        fn x(&self, t: &str) -> Result<Value> {
            let h = &self.heap;
            if let Some(v) = self.pool.get(t) {
                return Ok(v.clone());
            }
            if let Some(v) = immediate(t) {
                return Ok(v);
            }
            if VARS.contains(&t) {
                return Ok(self.st.var(t));
            }
            Ok(match t {
                "t1" => h.tuple(&[1.into(), "a".into()])?,
                "t2" => h.tuple(&[Value::Float(1.0), "a".into()])?,
                "tK" => h.tuple(&[self.pool["K0"].clone()])?,
                "t0" => h.tuple(&[])?,
                "tL" => h.tuple(&[1.into(), h.list(&[])?])?,
                "L" => h.list(&[])?,
                _ => panic!("bad token {t}"),
            })
        }

        fn pairs(&self, body: &str) -> Result<Vec<(Value, Value)>> {
            body.split(',')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').expect("a pair");
                    Ok((self.x(k)?, self.x(v)?))
                })
                .collect()
        }

        /// An operand token (`dictlist_run.py`'s `State.O`).
        fn o(&self, t: &str) -> Result<Value> {
            let h = &self.heap;
            if VARS.contains(&t) {
                return Ok(self.st.var(t));
            }
            match t {
                "int" => return Ok(5.into()),
                "none" => return Ok(Value::None),
                "bad1" => return h.list(&[h.tuple(&[1.into()])?]),
                "bad3" => return h.list(&[h.tuple(&[1.into(), 2.into(), 3.into()])?]),
                "badnon" => return h.list(&[5.into()]),
                _ => {}
            }
            let Some((kind, body)) = t.split_once(':') else {
                return self.x(t);
            };
            match kind {
                "str" => return Ok(body.into()),
                "set" => {
                    let items: Vec<Value> = body
                        .split(',')
                        .filter(|x| !x.is_empty())
                        .map(|x| Value::Int(x.parse().unwrap()))
                        .collect();
                    return h.set(&items);
                }
                "keysof" => return h.call_method(&self.st.var(body), "keys", &[]),
                "itemsof" => return h.call_method(&self.st.var(body), "items", &[]),
                "swapof" => {
                    let (p0, p1) = (&self.pool["P0"], &self.pool["P1"]);
                    let d = h.dict(&[])?;
                    for (k, v) in h.items(&self.st.var(body))? {
                        let v = if v.is(p0) {
                            p1.clone()
                        } else if v.is(p1) {
                            p0.clone()
                        } else {
                            v
                        };
                        h.setitem(&d, &k, &v)?;
                    }
                    return Ok(d);
                }
                _ => {}
            }
            if matches!(kind, "dict" | "pairs" | "itp" | "mapobj" | "mapbad") {
                let ps = self.pairs(body)?;
                let tuples = || -> Result<Value> {
                    let ts = ps
                        .iter()
                        .map(|(k, v)| h.tuple(&[k.clone(), v.clone()]))
                        .collect::<Result<Vec<_>>>()?;
                    h.list(&ts)
                };
                match kind {
                    "pairs" => return tuples(),
                    "itp" => return h.iterator(&tuples()?),
                    _ => {}
                }
                let d = h.dict(&[])?;
                for (k, v) in &ps {
                    h.setitem(&d, k, v)?;
                }
                if kind == "dict" {
                    return Ok(d);
                }
                let m = h.call(&self.classes["MapObj"], &[])?;
                h.setattr(&m, "data", &d)?;
                if kind == "mapbad" {
                    h.setattr(&m, "bad", &true.into())?;
                }
                return Ok(m);
            }
            let items = body
                .split(',')
                .filter(|x| !x.is_empty())
                .map(|x| self.x(x))
                .collect::<Result<Vec<_>>>()?;
            match kind {
                "list" => h.list(&items),
                "tup" => h.tuple(&items),
                "it" => h.iterator(&h.list(&items)?),
                _ => panic!("bad operand {t}"),
            }
        }

        /// Keyword arguments `k=V,…`, a key given twice keeping its first place and
        /// its last value (as Python's `**dict`).
        fn kwargs(&self, body: &str) -> Result<Vec<(String, Value)>> {
            let mut kw: Vec<(String, Value)> = Vec::new();
            for p in body.split(',') {
                let (k, v) = p.split_once('=').expect("a keyword");
                let v = self.x(v)?;
                match kw.iter_mut().find(|(n, _)| n == k) {
                    Some(e) => e.1 = v,
                    None => kw.push((k.to_string(), v)),
                }
            }
            Ok(kw)
        }

        /// A result's form (`dictlist_run.py`'s `show`): its repr, a set's
        /// canonical form.
        fn show(&self, x: &Value) -> Result<String> {
            let h = &self.heap;
            let tn = h.type_name(x);
            if matches!(x, Value::Obj(_)) && (tn == "set" || tn == "frozenset") {
                let mut forms = h
                    .iter(x)?
                    .iter()
                    .map(|e| h.repr(e))
                    .collect::<Result<Vec<_>>>()?;
                forms.sort();
                return Ok(format!("{tn}{{{}}}", forms.join(",")));
            }
            h.repr(x)
        }

        fn compare(&self, op: &str, a: &Value, b: &Value) -> Result<Value> {
            let h = &self.heap;
            Ok(match op {
                "==" => h.eq(a, b)?,
                "!=" => h.ne(a, b)?,
                "<" => h.compare(a, b, CompareOp::Lt)?,
                "<=" => h.compare(a, b, CompareOp::Le)?,
                ">" => h.compare(a, b, CompareOp::Gt)?,
                _ => h.compare(a, b, CompareOp::Ge)?,
            }
            .into())
        }

        /// A method call: by name, or (unless `py`) by the typed `Heap` method
        /// taking the same arguments, if there is one.
        fn method(&self, recv: &Value, name: &str, args: &[Value]) -> Result<Value> {
            let h = &self.heap;
            if self.py {
                return h.call_method(recv, name, args);
            }
            let none = |r: Result<()>| r.map(|()| Value::None);
            let list = h.type_name(recv) == "list";
            match (name, args) {
                ("get", [k]) => h.get(recv, k, &Value::None),
                ("get", [k, d]) => h.get(recv, k, d),
                ("setdefault", [k]) => h.setdefault(recv, k, &Value::None),
                ("setdefault", [k, d]) => h.setdefault(recv, k, d),
                ("pop", [k]) => h.pop(recv, k, None),
                ("pop", [k, d]) if !list => h.pop(recv, k, Some(d)),
                ("popitem", []) => {
                    let (k, v) = h.popitem(recv)?;
                    h.tuple(&[k, v])
                }
                ("update", [o]) => none(h.update(recv, o)),
                ("copy", []) => h.copy(recv),
                ("clear", []) => none(h.clear(recv)),
                ("append", [x]) => none(h.list_append(recv, x)),
                _ => h.call_method(recv, name, args),
            }
        }

        /// One op (`dictlist_run.py`'s `State.op`): its result's form. `ran` is set
        /// once the op's operands are made and it runs.
        fn op(&mut self, w: &[&str], ran: &mut bool) -> Result<String> {
            let h = &self.heap;
            let op = w[0];
            if let Some(name) = match op {
                "kpool" => Some("K"),
                "qpool" => Some("Q"),
                "epool" => Some("E"),
                "ppool" => Some("P"),
                _ => None,
            } {
                for (i, spec) in w[1..].iter().enumerate() {
                    let (k, act) = spec.split_once(':').unwrap_or((spec, ""));
                    let o = h.call(&self.classes[name], &[])?;
                    h.setattr(&o, "tag", &format!("{name}#{i}").as_str().into())?;
                    h.setattr(&o, "k", &Value::Int(k.parse().unwrap()))?;
                    if !act.is_empty() {
                        h.setattr(&o, "act", &act.into())?;
                    }
                    self.pool.insert(format!("{name}{i}"), o);
                }
                return Ok("None".into());
            }
            self.run_op(w, ran)
        }

        /// The ops but the pools'.
        fn run_op(&self, w: &[&str], ran: &mut bool) -> Result<String> {
            let h = &self.heap;
            let op = w[0];
            if op == "mk" {
                let v = self.o(w[2])?;
                self.st.set_var(w[1], v);
                return Ok("None".into());
            }
            let (w, mut tgt) = match w.last() {
                Some(t) if t.starts_with('>') => (&w[..w.len() - 1], Some(&t[1..])),
                _ => (w, None),
            };
            let var = |t: &str| self.st.var(t);
            // The operands, then the op as a closure run with the log cleared.
            let f: Box<dyn Fn() -> Result<Value> + '_> = match op {
                "dset" => {
                    let (d, k, v) = (var(w[1]), self.x(w[2])?, self.x(w[3])?);
                    Box::new(move || h.setitem(&d, &k, &v).map(|()| Value::None))
                }
                "dget" | "lget" => {
                    let d = var(w[1]);
                    let k = if op == "dget" {
                        self.x(w[2])?
                    } else {
                        index(w[2])
                    };
                    Box::new(move || h.getitem(&d, &k))
                }
                "ddel" | "ldel" => {
                    let d = var(w[1]);
                    let k = if op == "ddel" {
                        self.x(w[2])?
                    } else {
                        index(w[2])
                    };
                    Box::new(move || h.delitem(&d, &k).map(|()| Value::None))
                }
                "lset" => {
                    let (l, i, v) = (var(w[1]), index(w[2]), self.x(w[3])?);
                    Box::new(move || h.setitem(&l, &i, &v).map(|()| Value::None))
                }
                "din" | "lin" => {
                    let (c, k) = (var(w[1]), self.x(w[2])?);
                    Box::new(move || h.contains(&c, &k).map(Value::Bool))
                }
                "dm" => {
                    let d = var(w[1]);
                    let args = w[3..]
                        .iter()
                        .map(|t| {
                            if w[2] == "update" {
                                self.o(t)
                            } else {
                                self.x(t)
                            }
                        })
                        .collect::<Result<Vec<_>>>()?;
                    Box::new(move || self.method(&d, w[2], &args))
                }
                "dkw" => {
                    let d = var(w[1]);
                    let kw = self.kwargs(w[2])?;
                    let args = w[3..]
                        .iter()
                        .map(|t| self.o(t))
                        .collect::<Result<Vec<_>>>()?;
                    Box::new(move || {
                        let kw: Vec<(&str, Value)> =
                            kw.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                        h.call_kw(&h.getattr(&d, "update")?, &args, &kw)
                    })
                }
                "view" => {
                    let v = h.call_method(&var(w[1]), w[2], &[])?;
                    Box::new(move || {
                        let rev = h.list(&h.iter(&h.reversed(&v)?)?)?;
                        let s = format!("{} len={} rev={}", h.repr(&v)?, h.len(&v)?, h.repr(&rev)?);
                        Ok(s.as_str().into())
                    })
                }
                "vin" => {
                    let v = h.call_method(&var(w[1]), w[2], &[])?;
                    let x = if w[3].contains(':') {
                        self.o(w[3])?
                    } else {
                        self.x(w[3])?
                    };
                    Box::new(move || h.contains(&v, &x).map(Value::Bool))
                }
                "vop" => {
                    let v = h.call_method(&var(w[2]), w[3], &[])?;
                    let b = self.o(w[4])?;
                    let opr = w[1];
                    Box::new(move || match opr {
                        "&" => h.binary_op(&v, &b, BinaryOp::And),
                        "|" => h.binary_op(&v, &b, BinaryOp::Or),
                        "-" => h.binary_op(&v, &b, BinaryOp::Sub),
                        "^" => h.binary_op(&v, &b, BinaryOp::Xor),
                        c => self.compare(c, &v, &b),
                    })
                }
                "dctor" => {
                    let kw = match w.get(2) {
                        Some(body) => self.kwargs(body)?,
                        None => Vec::new(),
                    };
                    let args = if w[1] == "-" {
                        Vec::new()
                    } else {
                        vec![self.o(w[1])?]
                    };
                    Box::new(move || {
                        let kw: Vec<(&str, Value)> =
                            kw.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                        h.call_kw(&h.builtin(Builtin::Dict), &args, &kw)
                    })
                }
                "dbin" | "dibin" | "lbin" | "libin" => {
                    let a = var(w[2]);
                    let b = if w[1].starts_with('*') {
                        index(w[3])
                    } else {
                        self.o(w[3])?
                    };
                    let bop = match w[1].trim_end_matches('=') {
                        "|" => BinaryOp::Or,
                        "+" => BinaryOp::Add,
                        _ => BinaryOp::Mul,
                    };
                    if op.contains("ibin") {
                        tgt = Some(w[2]);
                        Box::new(move || h.inplace_op(&a, &b, bop))
                    } else {
                        Box::new(move || h.binary_op(&a, &b, bop))
                    }
                }
                "dcmp" | "lcmp" => {
                    let (a, b) = (var(w[2]), self.o(w[3])?);
                    Box::new(move || self.compare(w[1], &a, &b))
                }
                "drev" => {
                    let d = var(w[1]);
                    Box::new(move || h.list(&h.iter(&h.reversed(&d)?)?))
                }
                "diter" | "diterf" => {
                    let d = if op == "diter" {
                        var(w[1])
                    } else {
                        self.o(w[1])?
                    };
                    let (act, x) = (w[2], self.x(w[3])?);
                    Box::new(move || {
                        let mut got = Vec::new();
                        let r = (|| -> Result<()> {
                            let it = h.iterator(&d)?;
                            while let Some(k) = h.next(&it)? {
                                got.push(k.clone());
                                if got.len() == 1 {
                                    match act {
                                        "add" => h.setitem(&d, &x, &"new".into())?,
                                        "del" => h.delitem(&d, &k)?,
                                        "set" => h.setitem(&d, &k, &"set".into())?,
                                        "popadd" => {
                                            h.popitem(&d)?;
                                            h.setitem(&d, &x, &"new".into())?;
                                        }
                                        "deladd" => {
                                            h.delitem(&d, &k)?;
                                            h.setitem(&d, &x, &"new".into())?;
                                        }
                                        "cycle" => {
                                            for _ in 0..7 {
                                                h.delitem(&d, &k)?;
                                                h.setitem(&d, &k, &"new".into())?;
                                            }
                                        }
                                        "clear" => h.clear(&d)?,
                                        _ => {}
                                    }
                                }
                            }
                            Ok(())
                        })();
                        let got = h.repr(&h.list(&got)?)?;
                        let mut s = match r {
                            Ok(()) => got,
                            Err(e) => format!("{got} ERR {e}"),
                        };
                        if op == "diterf" {
                            s = format!("{s} d={}", h.repr(&d)?);
                        }
                        Ok(s.as_str().into())
                    })
                }
                "lm" => {
                    let (l, m) = (var(w[1]), w[2]);
                    let args = w[3..]
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            if m == "extend" {
                                self.o(t)
                            } else if (m == "insert" && i == 0)
                                || m == "pop"
                                || (m == "index" && i > 0)
                            {
                                Ok(index(t))
                            } else {
                                self.x(t)
                            }
                        })
                        .collect::<Result<Vec<_>>>()?;
                    Box::new(move || self.method(&l, m, &args))
                }
                "lsort" => {
                    let l = var(w[1]);
                    let mut kw: Vec<(&str, Value)> = Vec::new();
                    if w[2] != "none" {
                        kw.push(("key", self.keys[w[2]].clone()));
                    }
                    if w[3] != "-" {
                        kw.push(("reverse", Value::Int(w[3].parse().unwrap())));
                    }
                    Box::new(move || h.call_kw(&h.getattr(&l, "sort")?, &[], &kw))
                }
                _ => panic!("unknown op {op}"),
            };
            self.st.log.borrow_mut().clear();
            *ran = true;
            let r = f()?;
            if let Some(t) = tgt {
                self.st.set_var(t, r.clone());
            }
            if matches!(op, "diter" | "diterf" | "view") {
                return Ok(r.as_str().unwrap().to_string());
            }
            self.show(&r)
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap.
    pub fn run(ops: &str) -> String {
        super::run_sequences(ops, "py", |cur, py, out| {
            let mut world = World::new(py);
            for (n, line) in cur.iter().enumerate() {
                let w: Vec<&str> = line.split_whitespace().collect();
                world.st.log.borrow_mut().clear();
                let mut ran = false;
                let r = catch_unwind(AssertUnwindSafe(|| world.op(&w, &mut ran)));
                // NORMALIZE (as `dictlist_run.py`): no log for a RecursionError;
                // `vop ^`'s sorted (CPython walks a set it makes in hash order).
                let mut log = Some(if ran {
                    let mut log = world.st.log.borrow().clone();
                    if line.starts_with("vop ^ ") {
                        log.sort();
                    }
                    log.join(";")
                } else {
                    String::new()
                });
                let res = match r {
                    Ok(Ok(s)) => s,
                    Ok(Err(e)) => {
                        if e.type_name() == "RecursionError" {
                            log = None;
                        }
                        format!("ERR {e}")
                    }
                    Err(p) => format!("PANIC {}", panic_text(p)),
                };
                let vars = VARS
                    .iter()
                    .map(|v| Ok(format!("{v}={}", world.heap.repr(&world.st.var(v))?)))
                    .collect::<Result<Vec<String>>>()
                    .map_or_else(|e| format!("ERR {e}"), |v| v.join(" "));
                out.push(format!(
                    "{n} {line} => {res} log={} | {vars}",
                    log.as_deref().unwrap_or("?")
                ));
                super::check_heap(&world.heap, n, out);
            }
            world.st.vars.borrow_mut().clear();
        })
    }
}

// ---------------------------------------------------- sorting: the lethe runner

/// `sort_random`'s lethe side: `sort_run.py`'s ops on lethe, printed in its format
/// (see its docstring).
mod sorting {
    use super::run_sequences;
    use lethe::{CompareOp, Error, Heap, Result, Value};
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    /// What the items' `__lt__` shares with the runner (`sort_run.py`'s `State`).
    #[derive(Default)]
    struct Shared {
        out: RefCell<Vec<String>>,
        /// Comparisons asked in the running sort.
        asked: Cell<usize>,
        /// The comparison that raises (0: none).
        fail: Cell<usize>,
        /// Answer `(asked * 40503 + lie) % 7 < 3` instead of comparing (0: compare).
        lie: Cell<usize>,
    }

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "py", |cur, _, out| {
            let heap = Heap::new();
            let st = Rc::new(Shared::default());
            if let Err(e) = run_seq(&heap, &st, cur) {
                st.out.borrow_mut().push(format!("RUNNER ERR {e}"));
            }
            out.append(&mut st.out.borrow_mut());
        })
    }

    fn run_seq(h: &Heap, st: &Rc<Shared>, ops: &[String]) -> Result<()> {
        let s = st.clone();
        let cls = h
            .class("S")
            .fields(&["tag", "k"])
            .method("__lt__", move |h, a| {
                let (me, o) = (a.get(0)?, a.get(1)?);
                let tag = |x: &Value| -> Result<String> {
                    Ok(h.getattr(x, "tag")?.as_str().unwrap_or("?").to_string())
                };
                s.asked.set(s.asked.get() + 1);
                let line = format!("  lt {} {}", tag(me)?, tag(o)?);
                if s.asked.get() == s.fail.get() {
                    s.out.borrow_mut().push(format!("{line} raises"));
                    let msg = format!("comparison {} fails", s.asked.get());
                    return Err(Error::ValueError(msg));
                }
                s.out.borrow_mut().push(line);
                if s.lie.get() != 0 {
                    return Ok(((s.asked.get() * 40503 + s.lie.get()) % 7 < 3).into());
                }
                let (a, b) = (h.getattr(me, "k")?, h.getattr(o, "k")?);
                Ok(h.compare(&a, &b, CompareOp::Lt)?.into())
            })
            .method("__repr__", |h, a| h.getattr(a.get(0)?, "tag"))
            .build()?;
        let identity = h.function("<lambda>", |_, a| Ok(a.get(0)?.clone()));
        let mut made = 0;
        let mut make = |ks: &str| -> Result<Vec<Value>> {
            let mut items = Vec::new();
            for k in ks.split(',') {
                let tag = Value::from(format!("s{made}").as_str());
                items.push(h.call(&cls, &[tag, Value::Int(k.parse().unwrap())])?);
                made += 1;
            }
            Ok(items)
        };
        let mut l = h.list(&[])?;
        for (n, line) in ops.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let (op, key, rev) = (w[0], w[1], w[2]);
            let (fail, lie) = (w[3].parse().unwrap(), w[4].parse().unwrap());
            match op {
                "new" => l = h.list(&make(w[5])?)?,
                "ext" => {
                    for item in make(w[5])? {
                        h.list_append(&l, &item)?;
                    }
                }
                _ => {}
            }
            let mut kw: Vec<(&str, Value)> = Vec::new();
            if key == "id" {
                kw.push(("key", identity.clone()));
            }
            if rev != "-" {
                kw.push(("reverse", Value::Int(rev.parse().unwrap())));
            }
            let len = h.len(&l)?;
            st.out
                .borrow_mut()
                .push(format!("{n} {op} {key} {rev} {fail} {lie} ({len} items)"));
            st.asked.set(0);
            st.fail.set(fail);
            st.lie.set(lie);
            let r = match h.call_kw(&h.getattr(&l, "sort")?, &[], &kw) {
                Ok(v) => h.repr(&v)?,
                Err(e) => format!("ERR {e}"),
            };
            let shown = h.repr(&l)?;
            let mut out = st.out.borrow_mut();
            out.push(format!("  => {r}"));
            out.push(format!("  l = {shown}"));
        }
        Ok(())
    }
}

// ------------------------------------------------- collection: the lethe runner

/// `collection_random`'s lethe side: `gc_run.py`'s ops on lethe, printed in its
/// format (see its docstring).
mod collection {
    use super::{attr, collect_by, py_bool, set_slot, slot};
    use lethe::{Error, Heap, Result, Value};
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// The object slots (`gc_run.py`'s `NH`).
    const NH: usize = 8;

    fn tag(h: &Heap, o: &Value) -> String {
        if o.is_none() {
            return "None".into();
        }
        h.getattr(o, "tag").unwrap().as_str().unwrap().to_string()
    }

    fn int(h: &Heap, env: &Value, name: &str) -> i64 {
        attr(h, env, name).unwrap().as_int().unwrap()
    }

    fn bump(h: &Heap, env: &Value, name: &str) -> Result<i64> {
        let n = int(h, env, name) + 1;
        h.setattr(env, name, &Value::Int(n))?;
        Ok(n)
    }

    /// A new object tagged `tag`, of class `N`, or `D` running `acts` in its
    /// `__del__`; it holds itself, as `gc_run.py`'s.
    fn new(h: &Heap, env: &Value, tag: &str, acts: Option<&str>) -> Result<Value> {
        let o = h.call(&attr(h, env, if acts.is_some() { "D" } else { "N" })?, &[])?;
        h.setattr(&o, "tag", &tag.into())?;
        h.setattr(&o, "me", &o)?;
        if let Some(acts) = acts {
            h.setattr(&o, "acts", &acts.into())?;
        }
        Ok(o)
    }

    /// A callback or finalizer function `label` running `acts` (`State.callable`).
    fn callable(h: &Heap, env: &Value, label: &str, acts: &str) -> Result<Value> {
        h.closure(label, &[env.clone(), label.into(), acts.into()], |h, a| {
            let env = &a.captures[0];
            bump(h, env, "cbs")?;
            let (label, acts) = (&a.captures[1], &a.captures[2]);
            run_acts(
                h,
                env,
                label.as_str().unwrap(),
                acts.as_str().unwrap(),
                None,
            )
        })
    }

    /// Runs a callable's `acts` and logs them (`State.run`); `me` is a `__del__`'s
    /// object.
    fn run_acts(
        h: &Heap,
        env: &Value,
        label: &str,
        acts: &str,
        me: Option<&Value>,
    ) -> Result<Value> {
        // NORMALIZE: every callable allocates, so that a collection in which one
        // ran has a follow-up pass (`common.collect_settled`).
        drop(h.list(&[])?);
        let mut words = vec![label.to_string()];
        if let Some(me) = me
            && !tag(h, me).starts_with("n:")
        {
            words.push(format!("cbs={}", int(h, env, "cbs")));
        }
        let mut raise = false;
        for a in acts.split(',').filter(|a| *a != "-") {
            if a == "raise" {
                raise = true;
                continue;
            }
            words.push(format!("{a}={}", act(h, env, a, label, me)?));
        }
        h.list_append(&attr(h, env, "log")?, &words.join(" ").as_str().into())?;
        if raise {
            return Err(Error::ValueError(label.into()));
        }
        Ok(Value::None)
    }

    /// One action of a callable (`State.act`), its result formatted.
    fn act(h: &Heap, env: &Value, a: &str, label: &str, me: Option<&Value>) -> Result<String> {
        let me_tag = me.map(|m| tag(h, m)).unwrap_or_default();
        let me = || me.expect("a __del__'s action");
        let keep = |k: &str, v: &Value| h.setitem(&attr(h, env, "NW")?, &k.into(), v);
        if let Some(k) = a.strip_prefix("rd:") {
            return Ok(tag(h, &h.call(&slot(h, env, "W", k)?, &[])?));
        }
        if let Some(i) = a.strip_prefix("drop:") {
            set_slot(h, env, "H", i, &Value::None)?;
            return Ok("None".into());
        }
        Ok(match a {
            "newk" => {
                let o = new(h, env, &format!("n:{label}"), None)?;
                h.list_append(&attr(h, env, "R")?, &o)?;
                tag(h, &o)
            }
            "newd" => tag(h, &new(h, env, &format!("n:{label}"), Some("-"))?),
            "res" => {
                h.list_append(&attr(h, env, "R")?, me())?;
                me_tag
            }
            "resp" => {
                let p = h.getattr(me(), "p0").unwrap_or(Value::None);
                if !p.is_none() {
                    h.list_append(&attr(h, env, "R")?, &p)?;
                }
                tag(h, &p)
            }
            "nwr" => {
                keep(&format!("nw:{me_tag}"), &h.weakref(me(), None)?)?;
                "None".into()
            }
            "nwrc" => {
                let k = format!("nwc:{me_tag}");
                let cb = callable(h, env, &k, "-")?;
                keep(&k, &h.weakref(me(), Some(&cb))?)?;
                "None".into()
            }
            "nfin" => {
                let k = format!("nf:{me_tag}");
                let f = callable(h, env, &k, "-")?;
                let fz = h.finalize(me(), &f, &[], &[])?;
                h.setitem(&attr(h, env, "NF")?, &k.as_str().into(), &fz)?;
                "None".into()
            }
            _ => panic!("unknown action {a}"),
        })
    }

    /// One op of the program, its result formatted.
    fn op(h: &Heap, env: &Value, w: &[&str]) -> Result<String> {
        let h_slot = |i: &str| slot(h, env, "H", i);
        Ok(match w[0] {
            "new" => {
                let n = bump(h, env, "cnt")?;
                let acts = (w[2] == "D").then(|| w[3]);
                let o = new(h, env, &format!("o{n}"), acts)?;
                set_slot(h, env, "H", w[1], &o)?;
                tag(h, &o)
            }
            "drop" => {
                set_slot(h, env, "H", w[1], &Value::None)?;
                "None".into()
            }
            "link" => {
                h.setattr(&h_slot(w[1])?, &format!("p{}", w[2]), &h_slot(w[3])?)?;
                "None".into()
            }
            "wr" => {
                let refs = attr(h, env, "W")?;
                let label = format!("w{}", h.len(&refs)?);
                let cb = match w[2] {
                    "-" => None,
                    acts => Some(callable(h, env, &label, acts)?),
                };
                h.list_append(&refs, &h.weakref(&h_slot(w[1])?, cb.as_ref())?)?;
                label
            }
            "wrin" => {
                let label = format!("x{}", bump(h, env, "X")? - 1);
                let cb = callable(h, env, &label, w[3])?;
                let r = h.weakref(&h_slot(w[2])?, Some(&cb))?;
                h.setattr(&h_slot(w[1])?, "w", &r)?;
                label
            }
            "fin" => {
                let fins = attr(h, env, "F")?;
                let label = format!("f{}", h.len(&fins)?);
                let f = callable(h, env, &label, w[2])?;
                h.list_append(&fins, &h.finalize(&h_slot(w[1])?, &f, &[], &[])?)?;
                label
            }
            "unres" => {
                h.setattr(env, "R", &h.list(&[])?)?;
                "None".into()
            }
            "collect" => {
                let stepped = matches!(attr(h, env, "py")?, Value::Bool(true));
                let rep = collect_by(h, stepped);
                let text = |name: &str| -> Result<Vec<String>> {
                    let l = h.iter(&attr(h, env, name)?)?;
                    h.setattr(env, name, &h.list(&[])?)?;
                    Ok(l.iter().map(|v| v.as_str().unwrap().to_string()).collect())
                };
                let mut log = text("log")?;
                let mut errs: Vec<String> =
                    rep.errors.iter().map(|e| e.error.to_string()).collect();
                // NORMALIZE: the order (gc_run.py's docstring).
                log.sort();
                errs.sort();
                format!(
                    "done [{}] errors [{}] {}",
                    log.join("; "),
                    errs.join("; "),
                    state(h, env)?
                )
            }
            o => panic!("unknown op {o}"),
        })
    }

    /// `state W […] NW […] F […] reach […]` (`State.state`).
    fn state(h: &Heap, env: &Value) -> Result<String> {
        let deref = |r: &Value| -> Result<String> { Ok(tag(h, &h.call(r, &[])?)) };
        let alive = |f: &Value| -> Result<String> { Ok(py_bool(h.finalizer_alive(f)?)) };
        let mut w = Vec::new();
        for (k, r) in h.iter(&attr(h, env, "W")?)?.iter().enumerate() {
            w.push(format!("w{k}={}", deref(r)?));
        }
        let sorted = |name: &str| -> Result<Vec<(String, Value)>> {
            let mut items: Vec<(String, Value)> = h
                .items(&attr(h, env, name)?)?
                .into_iter()
                .map(|(k, v)| (k.as_str().unwrap().to_string(), v))
                .collect();
            items.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(items)
        };
        let mut nw = Vec::new();
        for (k, r) in sorted("NW")? {
            nw.push(format!("{k}={}", deref(&r)?));
        }
        let mut f = Vec::new();
        for (k, x) in h.iter(&attr(h, env, "F")?)?.iter().enumerate() {
            f.push(format!("f{k}={}", alive(x)?));
        }
        for (k, x) in sorted("NF")? {
            f.push(format!("{k}={}", alive(&x)?));
        }
        let mut seen = std::collections::BTreeMap::new();
        let mut todo: Vec<Value> = h.iter(&attr(h, env, "H")?)?;
        todo.extend(h.iter(&attr(h, env, "R")?)?);
        while let Some(o) = todo.pop() {
            if o.is_none() || seen.contains_key(&tag(h, &o)) {
                continue;
            }
            seen.insert(tag(h, &o), h.getweakrefcount(&o)?);
            todo.extend(["p0", "p1"].iter().filter_map(|p| h.getattr(&o, p).ok()));
        }
        let reach: Vec<String> = seen.iter().map(|(t, n)| format!("{t}:{n}")).collect();
        Ok(format!(
            "state W [{}] NW [{}] F [{}] reach [{}]",
            w.join(","),
            nw.join(","),
            f.join(","),
            reach.join(",")
        ))
    }

    fn env(h: &Heap, py: bool) -> Result<Value> {
        let env = h.call(&h.class("Env").build()?, &[])?;
        let n = h.class("N").attr("env", env.clone()).build()?;
        let d = h
            .class("D")
            .base(&n)
            .method("__del__", |h, a| {
                let me = a.get(0)?;
                let env = h.getattr(me, "env")?;
                let label = format!("del:{}", tag(h, me));
                let acts = h.getattr(me, "acts")?;
                run_acts(h, &env, &label, acts.as_str().unwrap(), Some(me))
            })
            .build()?;
        for (name, v) in [
            ("N", n),
            ("D", d),
            ("H", h.list(&vec![Value::None; NH])?),
            ("R", h.list(&[])?),
            ("W", h.list(&[])?),
            ("X", Value::Int(0)),
            ("NW", h.dict(&[])?),
            ("F", h.list(&[])?),
            ("NF", h.dict(&[])?),
            ("cnt", Value::Int(0)),
            ("cbs", Value::Int(0)),
            ("log", h.list(&[])?),
            ("py", Value::Bool(py)),
        ] {
            h.setattr(&env, name, &v)?;
        }
        Ok(env)
    }

    fn run_seq(h: &Heap, env: &Value, lines: &[String], out: &mut Vec<String>) {
        for (n, line) in lines.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let res = super::outcome(catch_unwind(AssertUnwindSafe(|| op(h, env, &w))));
            out.push(format!("{n} {line} => {res}"));
            super::check_heap(h, n, out);
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap; `py`
    /// collects by `step()`s.
    pub fn run(ops: &str) -> String {
        super::run_in_env(ops, env, run_seq)
    }
}

// ---------------------------------------------------- classes: the lethe runner

/// Runs `classes_gen.py`'s ops on lethe, printing what `classes_run.py` prints.
mod classes {
    use super::{mask_addresses, panic_text};
    use lethe::{Args, Builtin, Error, Heap, Result, Value};
    use std::collections::HashMap;
    use std::panic::{AssertUnwindSafe, catch_unwind};

    /// Why an op did not print a result of its own.
    enum Fail {
        /// It names a variable that is not set (`skip`).
        Skip,
        Err(Error),
    }

    impl From<Error> for Fail {
        fn from(e: Error) -> Fail {
            Fail::Err(e)
        }
    }

    type Res<T> = std::result::Result<T, Fail>;

    /// Keyword arguments, in the order given.
    type Keywords = Vec<(String, Value)>;

    /// The builtin types by name (`classes_run.py`'s `BUILTINS`, and
    /// `compare_gen.py`'s).
    pub(super) fn builtin(name: &str) -> Option<Builtin> {
        Some(match name {
            "object" => Builtin::Object,
            "int" => Builtin::Int,
            "float" => Builtin::Float,
            "str" => Builtin::Str,
            "tuple" => Builtin::Tuple,
            "list" => Builtin::List,
            "dict" => Builtin::Dict,
            "set" => Builtin::Set,
            "frozenset" => Builtin::FrozenSet,
            _ => return None,
        })
    }

    /// A method's arguments after its receiver, and its keywords, as `mt` prints
    /// them (`classes_run.py`'s `fmt_args`).
    fn fmt_args(h: &Heap, a: &Args<'_>) -> Result<String> {
        let rest = a.positional.get(1..).unwrap_or_default();
        let mut s = h.repr(&h.tuple(rest)?)?;
        if !a.keywords.is_empty() {
            let kw = a
                .keywords
                .iter()
                .map(|(k, v)| Ok(format!("{k}={}", h.repr(v)?)))
                .collect::<Result<Vec<_>>>()?;
            s = format!("{s}{{{}}}", kw.join(","));
        }
        Ok(s)
    }

    /// The method `place` (`C.name`) of `kind` (`classes_run.py`'s `make_fn`).
    fn method(kind: &str, place: String) -> impl Fn(&Heap, &Args<'_>) -> Result<Value> + 'static {
        let kind = kind.to_string();
        move |h: &Heap, a: &Args<'_>| -> Result<Value> {
            let me = || a.positional.first().cloned().unwrap_or(Value::None);
            Ok(match kind.as_str() {
                "mt" => format!("{place}{}", fmt_args(h, a)?).as_str().into(),
                "ms" => me(),
                "rT" => true.into(),
                "rF" => false.into(),
                "r0" => 0.into(),
                "r2" => 2.into(),
                "rn" => (-1).into(),
                "rN" => Value::None,
                "rNI" => h.not_implemented(),
                "xv" => return Err(Error::ValueError(format!("{place}{}", fmt_args(h, a)?))),
                "xa" => {
                    return Err(Error::AttributeError(format!("{place}{}", fmt_args(h, a)?)));
                }
                "ia" => {
                    if let Some(me) = a.positional.first() {
                        h.setattr(me, "args", &fmt_args(h, a)?.as_str().into())?;
                    }
                    Value::None
                }
                k => panic!("bad method kind {k}"),
            })
        }
    }

    /// A result's form: its repr, addresses masked.
    fn show(h: &Heap, v: &Value) -> String {
        match h.repr(v) {
            Ok(s) => mask_addresses(&s),
            Err(e) => format!("repr-ERR {}", err_text(&e)),
        }
    }

    /// An error's form: addresses masked, a line break as `\n`.
    fn err_text(e: &Error) -> String {
        mask_addresses(&e.to_string()).replace('\n', "\\n")
    }

    /// A sequence's heap and variables.
    struct World {
        heap: Heap,
        vars: HashMap<String, Value>,
        free: Value,
        /// Call `bool`, `str` and `type` (`SEQ … py`), not the typed methods.
        py: bool,
    }

    impl World {
        fn new(py: bool) -> World {
            let heap = Heap::new();
            let free = heap.function("free", method("mt", "free".into()));
            World {
                heap,
                vars: HashMap::new(),
                free,
                py,
            }
        }

        /// A value token (`classes_run.py`'s `State.X`).
        fn x(&self, t: &str) -> Res<Value> {
            let h = &self.heap;
            Ok(match t {
                "i0" => 0.into(),
                "i1" => 1.into(),
                "i2" => 2.into(),
                "in1" => (-1).into(),
                "sa" => "a".into(),
                "s3" => "3".into(),
                "sZ" => "Z".into(),
                "sQ" => "Q".into(),
                "N" => Value::None,
                "T" => true.into(),
                "fn" => self.free.clone(),
                "tup" => h.tuple(&[1.into(), 2.into()])?,
                "t0" => h.tuple(&[])?,
                "lst" => h.list(&[1.into(), 2.into()])?,
                "prs" => h.list(&[h.tuple(&[1.into(), "a".into()])?])?,
                "tupcls" => {
                    let mut items = vec![h.builtin(Builtin::Int)];
                    items.extend(self.vars.get("A").cloned());
                    h.tuple(&items)?
                }
                _ => match builtin(t) {
                    Some(b) => h.builtin(b),
                    None => self.vars.get(t).cloned().ok_or(Fail::Skip)?,
                },
            })
        }

        /// Positional and keyword (`k=V`) arguments.
        fn call_args(&self, words: &[&str]) -> Res<(Vec<Value>, Keywords)> {
            let (mut args, mut kw) = (Vec::new(), Vec::new());
            for w in words {
                match w.split_once('=') {
                    Some((k, v)) => kw.push((k.to_string(), self.x(v)?)),
                    None => args.push(self.x(w)?),
                }
            }
            Ok((args, kw))
        }

        fn call_kw(&self, f: &Value, args: &[Value], kw: &[(String, Value)]) -> Result<Value> {
            let kw: Vec<(&str, Value)> = kw.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            self.heap.call_kw(f, args, &kw)
        }

        /// `class NAME [m=MODULE] b=BASES [fields=F,…] [NAME=KIND…]`.
        fn class(&self, w: &[&str]) -> Res<Value> {
            let name = w[1];
            let mut b = self.heap.class(name);
            for word in &w[2..] {
                let (k, v) = word.split_once('=').expect("NAME=VALUE");
                b = match k {
                    "m" => b.module(v),
                    "b" if v == "-" => b,
                    "b" => {
                        for base in v.split(',') {
                            b = b.base(&self.x(base)?);
                        }
                        b
                    }
                    "fields" => {
                        let fields: Vec<&str> = v.split(',').filter(|f| !f.is_empty()).collect();
                        b.fields(&fields)
                    }
                    _ => match v.strip_prefix("v:") {
                        Some(t) => b.attr(k, self.x(t)?),
                        None => b.method(k, method(v, format!("{name}.{k}"))),
                    },
                };
            }
            Ok(b.build()?)
        }

        /// One op: its result's form.
        fn op(&mut self, w: &[&str]) -> Res<String> {
            let (w, tgt) = match w.last() {
                Some(t) if t.starts_with('>') => (&w[..w.len() - 1], Some(&t[1..])),
                _ => (w, None),
            };
            let op = w[0];
            match op {
                "class" => {
                    let c = self.class(w)?;
                    self.vars.insert(w[1].to_string(), c.clone());
                    return Ok(show(&self.heap, &c));
                }
                "new" => {
                    let c = self.x(w[2])?;
                    let (args, kw) = self.call_args(&w[3..])?;
                    let r = self.call_kw(&c, &args, &kw)?;
                    self.vars.insert(w[1].to_string(), r.clone());
                    return Ok(show(&self.heap, &r));
                }
                "drop" => {
                    self.x(w[1])?;
                    self.vars.remove(w[1]);
                    self.heap.collect();
                    return Ok("None".into());
                }
                _ => {}
            }
            let h = &self.heap;
            let x = self.x(w[1])?;
            // (As `classes_run.py`: a collection first.)
            let is_ref = |t: &&str| {
                self.vars
                    .get(*t)
                    .is_some_and(|v| h.isinstance(v, &h.builtin(Builtin::Ref)).unwrap_or(false))
            };
            if w.contains(&"__weakref__") || w[1..].iter().any(is_ref) {
                h.collect();
            }
            let none = |r: Result<()>| r.map(|()| Value::None);
            let r = match op {
                "get" => h.getattr(&x, w[2])?,
                "set" => none(h.setattr(&x, w[2], &self.x(w[3])?))?,
                "del" => none(h.delattr(&x, w[2]))?,
                "has" => h.hasattr(&x, w[2])?.into(),
                "call" => {
                    let (args, kw) = self.call_args(&w[2..])?;
                    self.call_kw(&x, &args, &kw)?
                }
                "cm" => {
                    let (args, _) = self.call_args(&w[3..])?;
                    h.call_method(&x, w[2], &args)?
                }
                "bool" if self.py => h.call(&h.builtin(Builtin::Bool), &[x])?,
                "bool" => h.truthy(&x)?.into(),
                "len" => Value::try_from(h.len(&x)?)?,
                "repr" => h.repr(&x)?.as_str().into(),
                // (`str(x)` keeps the str subclass's instance a `__str__` returned;
                // its text, as `classes_run.py`'s `str.__str__(str(x))`.)
                "str" if self.py => match h.call(&h.builtin(Builtin::Str), &[x])? {
                    s @ Value::Str(_) => s,
                    r => h.str(&r)?.as_str().into(),
                },
                "str" => h.str(&x)?.as_str().into(),
                "hash" => {
                    // NORMALIZE (as `classes_run.py`'s `show_hash`).
                    let v = h.hash(&x)?;
                    let method = matches!(
                        h.type_name(&x).as_str(),
                        "method" | "builtin_function_or_method"
                    );
                    return Ok(if !method && v.abs() < 1_000_000 {
                        v.to_string()
                    } else {
                        "big".into()
                    });
                }
                "eq" | "ne" | "is" | "heq" => {
                    let y = self.x(w[2])?;
                    match op {
                        "eq" => h.rich_eq(&x, &y)?,
                        "ne" => h.rich_ne(&x, &y)?,
                        "is" => x.is(&y).into(),
                        _ => (h.hash(&x)? == h.hash(&y)?).into(),
                    }
                }
                "isinst" => h.isinstance(&x, &self.x(w[2])?)?.into(),
                "type" if self.py => h.call(&h.builtin(Builtin::Type), &[x])?,
                "type" => h.type_of(&x)?,
                "wref" => h.weakref(&x, None)?,
                "wm" => {
                    // (As `classes_run.py`: a collection after.)
                    let r = h.weak_method(&h.getattr(&x, w[2])?, None)?;
                    h.collect();
                    r
                }
                "wget" => {
                    // (As `classes_run.py`: a collection first.)
                    h.collect();
                    h.call(&x, &[])?
                }
                _ => panic!("unknown op {op}"),
            };
            if let Some(t) = tgt {
                self.vars.insert(t.to_string(), r.clone());
            }
            Ok(show(h, &r))
        }
    }

    /// Runs `ops` (sequences `SEQ <seed> [py]` … `END`), each on a fresh heap.
    pub fn run(ops: &str) -> String {
        super::run_sequences(ops, "py", |cur, py, out| {
            let mut world = World::new(py);
            for (n, line) in cur.iter().enumerate() {
                let w: Vec<&str> = line.split_whitespace().collect();
                let res = match catch_unwind(AssertUnwindSafe(|| world.op(&w))) {
                    Ok(Ok(s)) => s,
                    Ok(Err(Fail::Skip)) => "skip".into(),
                    Ok(Err(Fail::Err(e))) => format!("ERR {}", err_text(&e)),
                    Err(p) => format!("PANIC {}", panic_text(p)),
                };
                out.push(format!("{n} {line} => {res}"));
                super::check_heap(&world.heap, n, out);
            }
            world.vars.clear();
        })
    }
}

// ------------------------------------------------- wsorder: the lethe runner

/// Runs `wsorder_gen.py`'s ops on lethe's `WeakSet`, printing what `wsorder_run.py`
/// prints: after every op, each set's members in iteration order (through
/// `Heap::iter`, or `Heap::weak_iter` for a sequence flagged `py`).
mod wsorder {
    use super::run_sequences;
    use lethe::{Heap, Result, Value};
    use std::cell::RefCell;
    use std::collections::{BTreeMap, HashMap};
    use std::rc::Rc;

    /// The running op's `E.__eq__` calls.
    type Eqs = Rc<RefCell<Vec<String>>>;

    /// `wsorder_run.py`'s `K` (`__hash__` returns its `h`) and `E` (a `K` whose
    /// `__eq__`, identity, logs its calls in `eqs`).
    fn classes(h: &Heap, eqs: &Eqs) -> (Value, Value) {
        let k = h
            .class("K")
            .method("__hash__", |h, a| h.getattr(&a.positional[0], "h"))
            .build()
            .unwrap();
        let log = eqs.clone();
        let e = h
            .class("E")
            .base(&k)
            .method("__eq__", move |h, a| {
                let tag = |v: &Value| {
                    h.getattr(v, "tag")
                        .ok()
                        .and_then(|t| t.as_str().map(str::to_string))
                        .unwrap_or_else(|| "?".into())
                };
                let (x, y) = (&a.positional[0], &a.positional[1]);
                log.borrow_mut().push(format!("{}={}", tag(x), tag(y)));
                Ok(x.is(y).into())
            })
            .method("__hash__", |h, a| h.getattr(&a.positional[0], "h"))
            .build()
            .unwrap();
        (k, e)
    }

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "py", |cur, live_iter, out| {
            let heap = Heap::new();
            let eqs = Eqs::default();
            let classes = classes(&heap, &eqs);
            run_seq(&heap, &classes, &eqs, cur, live_iter, out);
            heap.collect();
        })
    }

    /// The tags of `s`'s members in iteration order.
    fn members(h: &Heap, s: &Value, live_iter: bool) -> Result<Vec<String>> {
        let items = if live_iter {
            h.weak_iter(s)?.collect::<Result<Vec<_>>>()?
        } else {
            h.iter(s)?
        };
        items
            .iter()
            .map(|o| Ok(h.getattr(o, "tag")?.as_str().unwrap_or("?").to_string()))
            .collect()
    }

    fn run_seq(
        h: &Heap,
        (k, e): &(Value, Value),
        eqs: &Eqs,
        ops: &[String],
        live_iter: bool,
        out: &mut Vec<String>,
    ) {
        let mut objs: HashMap<i64, Value> = HashMap::new();
        let mut sets: BTreeMap<i64, Value> = BTreeMap::new();
        let mut tags: HashMap<u64, String> = HashMap::new();
        for (n, line) in ops.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            let num = |i: usize| w[i].parse::<i64>().unwrap();
            let many = |t: &str,
                        objs: &HashMap<i64, Value>,
                        sets: &BTreeMap<i64, Value>|
             -> Result<Value> {
                if t == "-" {
                    return h.list(&[]);
                }
                if let Some(s) = t.strip_prefix('S') {
                    return Ok(sets[&s.parse::<i64>().unwrap()].clone());
                }
                let v: Vec<Value> = t
                    .split(',')
                    .map(|i| objs[&i.parse().unwrap()].clone())
                    .collect();
                h.list(&v)
            };
            let mut step = || -> Result<String> {
                match w[0] {
                    "mk" | "mke" => {
                        let o = h.call(if w[0] == "mk" { k } else { e }, &[])?;
                        let tag = format!("o{}", w[1]);
                        h.setattr(&o, "tag", &Value::from(tag.as_str()))?;
                        h.setattr(&o, "h", &Value::Int(num(2)))?;
                        h.setattr(&o, "me", &o)?;
                        tags.insert(h.id(&o)?, tag);
                        objs.insert(num(1), o);
                    }
                    "new" => {
                        sets.insert(num(1), h.weak_set(&[])?);
                    }
                    "from" => {
                        let items = h.iter(&many(w[2], &objs, &sets)?)?;
                        sets.insert(num(1), h.weak_set(&items)?);
                    }
                    "add" => h.set_add(&sets[&num(1)], &objs[&num(2)])?,
                    "discard" => h.discard(&sets[&num(1)], &objs[&num(2)])?,
                    "remove" => {
                        if let Err(e) = h.remove(&sets[&num(1)], &objs[&num(2)]) {
                            if !e.to_string().starts_with("KeyError") {
                                return Err(e);
                            }
                            return Ok("KeyError".into());
                        }
                    }
                    "pop" => {
                        let o = h.set_pop(&sets[&num(1)])?;
                        return Ok(h.getattr(&o, "tag")?.as_str().unwrap_or("?").to_string());
                    }
                    "clear" => h.clear(&sets[&num(1)])?,
                    "update" => h.update(&sets[&num(1)], &many(w[2], &objs, &sets)?)?,
                    "isub" => h.difference_update(&sets[&num(1)], &many(w[2], &objs, &sets)?)?,
                    "iand" => h.intersection_update(&sets[&num(1)], &many(w[2], &objs, &sets)?)?,
                    "ixor" => {
                        h.symmetric_difference_update(&sets[&num(1)], &many(w[2], &objs, &sets)?)?
                    }
                    "union" | "inter" | "diff" | "symdiff" => {
                        let (s, other) = (&sets[&num(2)], &many(w[3], &objs, &sets)?);
                        let r = match w[0] {
                            "union" => h.union(s, other)?,
                            "inter" => h.intersection(s, other)?,
                            "diff" => h.difference(s, other)?,
                            _ => h.symmetric_difference(s, other)?,
                        };
                        sets.insert(num(1), r);
                    }
                    "copy" => {
                        let c = h.copy(&sets[&num(2)])?;
                        sets.insert(num(1), c);
                    }
                    "drop" => {
                        objs.remove(&num(1));
                    }
                    "collect" => {
                        h.collect();
                    }
                    "data" => {
                        let data = h.getattr(&sets[&num(1)], "data")?;
                        let shown: Vec<String> = h
                            .iter(&data)?
                            .iter()
                            .map(|r| {
                                let o = h.call(r, &[])?;
                                Ok(if o.is_none() {
                                    "dead".into()
                                } else {
                                    h.getattr(&o, "tag")?.as_str().unwrap_or("?").to_string()
                                })
                            })
                            .collect::<Result<_>>()?;
                        return Ok(format!("[{}]", shown.join(" ")));
                    }
                    "repr" => {
                        let r = h.repr(&sets[&num(1)])?;
                        let shown: Vec<String> = r
                            .split("<weakref at 0x")
                            .skip(1)
                            .map(|seg| match seg.split_once("' at 0x") {
                                Some((_, rest)) => {
                                    let hex: String =
                                        rest.chars().take_while(char::is_ascii_hexdigit).collect();
                                    let id = u64::from_str_radix(&hex, 16).unwrap_or(0);
                                    tags.get(&id).cloned().unwrap_or_else(|| "?".into())
                                }
                                _ => "dead".into(),
                            })
                            .collect();
                        return Ok(format!("[{}]", shown.join(" ")));
                    }
                    _ => panic!("bad op {line}"),
                }
                Ok("None".into())
            };
            let mut res = step().unwrap_or_else(|e| format!("ERR {e}"));
            let asked = std::mem::take(&mut *eqs.borrow_mut());
            if !asked.is_empty() {
                res = format!("{res} eq {}", asked.join(" "));
            }
            out.push(format!("{n} {line} => {res}"));
            for (i, s) in &sets {
                let shown = members(h, s, live_iter)
                    .map(|m| m.join(" "))
                    .unwrap_or_else(|e| format!("ERR {e}"));
                out.push(format!("  S{i} [{shown}]"));
            }
            super::check_heap(h, n, out);
        }
    }
}

// ------------------------------------------------- compare: the lethe runner

/// Runs `compare_gen.py`'s comparisons on lethe, printing what `compare_run.py`
/// prints on CPython. (What `operators` shares with it: the classes, the operands.)
mod compare {
    use super::classes::builtin;
    use super::run_sequences;
    use lethe::{CompareOp, Error, Heap, Value};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    /// The methods called by the running operation.
    pub(super) type Calls = Rc<RefCell<Vec<String>>>;

    /// Each class of the sequence, with the builtin type whose value its instances
    /// hold.
    pub(super) type Classes = HashMap<String, (Value, String)>;

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            run_seq(&heap, cur, out);
            heap.verify().expect("the heap after the sequence");
        })
    }

    /// `compare_run.py`'s `type_name`.
    pub(super) fn type_name(h: &Heap, v: &Value) -> String {
        match h.type_name(v) {
            t if t.starts_with("weakref.") => "proxy".into(),
            t => t,
        }
    }

    /// A `v:` operand, as Python writes it (`compare_gen.py`'s and
    /// `operators_gen.py`'s `VALUES`).
    pub(super) fn value(h: &Heap, text: &str) -> Value {
        let ints = |items: &[i64]| -> Vec<Value> { items.iter().map(|&i| i.into()).collect() };
        match text {
            "False" => false.into(),
            "True" => true.into(),
            "None" => Value::None,
            "'x'" => "x".into(),
            "'y'" => "y".into(),
            "''" => "".into(),
            "'ab'" => "ab".into(),
            "b'x'" => h.bytes(b"x").unwrap(),
            "b''" => h.bytes(b"").unwrap(),
            "[]" => h.list(&[]).unwrap(),
            "[2]" => h.list(&ints(&[2])).unwrap(),
            "[1,2]" => h.list(&ints(&[1, 2])).unwrap(),
            "()" => h.tuple(&[]).unwrap(),
            "(2,)" => h.tuple(&ints(&[2])).unwrap(),
            "(1,2)" => h.tuple(&ints(&[1, 2])).unwrap(),
            "{}" => h.dict(&[]).unwrap(),
            "{1:2}" => h.dict(&[(1.into(), 2.into())]).unwrap(),
            "set()" => h.set(&[]).unwrap(),
            "{2}" => h.set(&ints(&[2])).unwrap(),
            "{1,2}" => h.set(&ints(&[1, 2])).unwrap(),
            "frozenset()" => h.frozenset(&[]).unwrap(),
            "frozenset({2})" => h.frozenset(&ints(&[2])).unwrap(),
            "float('inf')" => f64::INFINITY.into(),
            "float('nan')" => f64::NAN.into(),
            _ if text.ends_with("()") => {
                let (dict, view) = text.split_once('.').unwrap();
                h.call_method(&value(h, dict), view.trim_end_matches("()"), &[])
                    .unwrap()
            }
            _ if text.contains('.') || text.contains('e') => text.parse::<f64>().unwrap().into(),
            _ => text.parse::<i64>().unwrap().into(),
        }
    }

    /// `compare_run.py`'s `build_class`: the `class` op `w`, each method added by
    /// `method(builder, class name, method name, code)`, into `classes`.
    pub(super) fn build_class<'h>(
        h: &'h Heap,
        w: &[&str],
        classes: &mut Classes,
        method: impl Fn(lethe::ClassBuilder<'h>, &str, &str, &str) -> lethe::ClassBuilder<'h>,
    ) {
        let mut b = h.class(w[1]);
        let mut layout = "object".to_string();
        for base in w[2].split(',') {
            let (class, of) = match builtin(base) {
                Some(t) => (h.builtin(t), base.to_string()),
                None => classes[base].clone(),
            };
            b = b.base(&class);
            if layout == "object" {
                layout = of;
            }
        }
        for spec in &w[3..] {
            let (name, code) = spec.split_once('=').unwrap();
            b = method(b, w[1], name, code);
        }
        classes.insert(w[1].to_string(), (b.build().expect("the class"), layout));
    }

    /// An operand, and the referent of a proxy.
    pub(super) struct Operand {
        pub v: Value,
        pub referent: Option<Value>,
    }

    /// `compare_run.py`'s `make_operands`: the operands of the `pair` or `same` op
    /// `w`, new ones (instances kept in `keep`).
    pub(super) fn make_operands(
        h: &Heap,
        w: &[&str],
        classes: &Classes,
        keep: &mut Vec<Value>,
    ) -> Vec<Operand> {
        let mut made = Vec::new();
        let mut shared: Option<Value> = None;
        for spec in &w[1..3] {
            let (kind, rest) = spec.split_once(':').unwrap();
            if kind == "v" {
                let v = value(h, rest);
                made.push(Operand { v, referent: None });
                continue;
            }
            let (class, k) = rest.split_once(':').unwrap();
            let k: i64 = k.parse().unwrap();
            let (class, layout) = &classes[class];
            // `compare_gen.py`'s `make`.
            let one = |k: i64| -> Vec<Value> { if k == 0 { vec![] } else { vec![k.into()] } };
            let args = match layout.as_str() {
                "int" => vec![k.into()],
                "float" => vec![[-1.5, 1.5, 2.0][k as usize].into()],
                "str" => vec!["x".repeat(k as usize).as_str().into()],
                "list" => vec![h.list(&one(k)).unwrap()],
                "tuple" => vec![h.tuple(&one(k)).unwrap()],
                "dict" if k == 0 => vec![h.dict(&[]).unwrap()],
                "dict" => vec![h.dict(&[(1.into(), k.into())]).unwrap()],
                "set" | "frozenset" => vec![h.set(&one(k)).unwrap()],
                _ => vec![],
            };
            let o = match &shared {
                Some(o) => o.clone(),
                None => h.call(class, &args).expect("the instance"),
            };
            if w[0] == "same" {
                shared = Some(o.clone());
            }
            keep.push(o.clone());
            made.push(match kind {
                "i" => Operand {
                    v: o,
                    referent: None,
                },
                _ => Operand {
                    v: h.proxy(&o, None).expect("the proxy"),
                    referent: Some(o),
                },
            });
        }
        made
    }

    /// `compare_run.py`'s `method`: logs its call, then answers by `code`.
    fn method<'h>(
        b: lethe::ClassBuilder<'h>,
        class: &str,
        name: &str,
        code: &str,
        calls: &Calls,
    ) -> lethe::ClassBuilder<'h> {
        let tag = format!("{class}.{name}");
        let (code, calls) = (code.to_string(), calls.clone());
        b.method(name, move |h, a| {
            let (me, other) = (a.get(0)?, a.get(1)?);
            calls.borrow_mut().push(format!(
                "{tag}({},{})",
                type_name(h, me),
                type_name(h, other)
            ));
            match code.as_str() {
                "T" => Ok(tag.as_str().into()),
                "N" => Ok(h.not_implemented()),
                "R" => Err(Error::ValueError(tag.clone())),
                "F" => Ok(false.into()),
                "Z" => Ok(0.into()),
                "E" => h.list(&[]),
                _ => panic!("code {code}"),
            }
        })
    }

    /// `compare_run.py`'s `run_pairs`: each `class` op made, its methods added by
    /// `method` (logging in `calls`), and `each(w, operands)` for each `pair` or
    /// `same` op `w`, `operands()` making new ones whenever called.
    pub(super) fn run_pairs<'h>(
        h: &'h Heap,
        ops: &[String],
        calls: &Calls,
        method: impl Fn(lethe::ClassBuilder<'h>, &str, &str, &str, &Calls) -> lethe::ClassBuilder<'h>,
        mut each: impl FnMut(&[&str], &mut dyn FnMut() -> Vec<Operand>),
    ) {
        let mut classes = Classes::new();
        let mut keep = Vec::new();
        for line in ops {
            let w: Vec<&str> = line.split_whitespace().collect();
            if w[0] == "class" {
                build_class(h, &w, &mut classes, |b, class, name, code| {
                    method(b, class, name, code, calls)
                });
            } else {
                each(&w, &mut || make_operands(h, &w, &classes, &mut keep));
            }
        }
    }

    fn run_seq(h: &Heap, ops: &[String], out: &mut Vec<String>) {
        let calls = Calls::default();
        run_pairs(h, ops, &calls, method, |w, operands| {
            let operands = operands();
            let (a, b) = (&operands[0].v, &operands[1].v);
            for (sym, op) in [
                ("==", None),
                ("!=", None),
                ("<", Some(CompareOp::Lt)),
                ("<=", Some(CompareOp::Le)),
                (">", Some(CompareOp::Gt)),
                (">=", Some(CompareOp::Ge)),
            ] {
                calls.borrow_mut().clear();
                let result = match (sym, op) {
                    ("==", _) => h.rich_eq(a, b),
                    (_, None) => h.rich_ne(a, b),
                    (_, Some(op)) => h.rich_compare(a, b, op),
                };
                let result = match result {
                    Ok(v) => h.repr(&v).unwrap().to_string(),
                    Err(e) => e.to_string(),
                };
                let calls = calls.borrow().join(" ");
                out.push(format!("{} {sym} {} -> {result} | {calls}", w[1], w[2]));
            }
        });
    }
}

// ----------------------------------------------- operators: the lethe runner

/// Runs `operators_gen.py`'s operators on lethe, printing what `operators_run.py`
/// prints on CPython.
mod operators {
    use super::compare::{Calls, run_pairs, type_name};
    use super::{mask_addresses as norm, run_sequences};
    use lethe::{BinaryOp, Builtin, Error, Heap, UnaryOp, Value};

    const UNARY: [(&str, UnaryOp); 4] = [
        ("-", UnaryOp::Neg),
        ("+", UnaryOp::Pos),
        ("~", UnaryOp::Invert),
        ("abs()", UnaryOp::Abs),
    ];

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            run_seq(&heap, cur, out);
            heap.verify().expect("the heap after the sequence");
        })
    }

    fn err(e: &Error) -> String {
        match e.to_string() {
            // NORMALIZE (as `operators_run.py`'s `shown`): CPython's complex result.
            m if m.contains("the result is complex") => "complex".into(),
            m => format!("!{m}"),
        }
    }

    fn shown(h: &Heap, v: &Value) -> String {
        match h.repr(v) {
            Ok(r) => format!("{} {}", type_name(h, v), norm(&r)),
            Err(e) => format!("{} <repr {}>", type_name(h, v), err(&e)),
        }
    }

    /// `operators_run.py`'s `method`: logs its call, then answers by `code`.
    fn method<'h>(
        b: lethe::ClassBuilder<'h>,
        class: &str,
        name: &str,
        code: &str,
        calls: &Calls,
    ) -> lethe::ClassBuilder<'h> {
        let tag = format!("{class}.{name}");
        let unary = matches!(
            name,
            "__neg__" | "__pos__" | "__invert__" | "__abs__" | "__index__"
        );
        let index = name == "__index__";
        let (code, calls) = (code.to_string(), calls.clone());
        b.method(name, move |h, a| {
            let me = a.get(0)?.clone();
            let other = if unary {
                Value::None
            } else {
                a.get(1)?.clone()
            };
            calls.borrow_mut().push(match unary {
                true => format!("{tag}({})", type_name(h, &me)),
                false => format!("{tag}({},{})", type_name(h, &me), type_name(h, &other)),
            });
            match code.as_str() {
                "T" => Ok(tag.as_str().into()),
                "N" => Ok(h.not_implemented()),
                "R" => Err(Error::ValueError(tag.clone())),
                "S" => Ok(me),
                "O" => Ok(other),
                "I" => Ok(if index { 2 } else { 7 }.into()),
                "L" => h.list(&[tag.as_str().into()]),
                _ => panic!("code {code}"),
            }
        })
    }

    fn run_seq(h: &Heap, ops: &[String], out: &mut Vec<String>) {
        let calls = Calls::default();
        run_pairs(h, ops, &calls, method, |w, operands| {
            let skip: Vec<&str> = match w.get(3) {
                Some(s) => s.trim_start_matches("skip=").split(',').collect(),
                None => Vec::new(),
            };
            let (x, y) = (w[1], w[2]);
            let list = h.builtin(Builtin::List);
            for op in BinaryOp::ALL {
                let sym = op.symbol();
                if skip.contains(&sym) {
                    out.push(format!("{x} {sym} {y} -> skipped"));
                    out.push(format!("{x} {sym}= {y} -> skipped"));
                    continue;
                }
                let o = operands();
                calls.borrow_mut().clear();
                let result = match h.binary_op(&o[0].v, &o[1].v, op) {
                    Ok(r) => shown(h, &r),
                    Err(e) => err(&e),
                };
                let called = calls.borrow().join(" ");
                out.push(format!("{x} {sym} {y} -> {result} | {called}"));
                let o = operands();
                let (a, b) = (&o[0].v, &o[1].v);
                if sym == "+"
                    && w[0] == "same"
                    && o[1]
                        .referent
                        .as_ref()
                        .is_some_and(|r| h.isinstance(r, &list).unwrap())
                {
                    out.push(format!("{x} += {y} -> skipped"));
                    continue;
                }
                calls.borrow_mut().clear();
                let result = match h.inplace_op(a, b, op) {
                    Ok(r) => {
                        let mut s = shown(h, &r);
                        // NORMALIZE (as `operators_run.py`): no identity for a str,
                        // bytes or tuple result.
                        let value =
                            |v: &Value| !matches!(v, Value::Obj(_)) || h.type_name(v) == "bytes";
                        if !matches!(h.type_name(&r).as_str(), "str" | "bytes" | "tuple") {
                            if !value(a) && r.is(a) {
                                s += " is:L";
                            }
                            if o[0].referent.as_ref().is_some_and(|re| r.is(re)) {
                                s += " is:ref";
                            }
                            if !value(b) && r.is(b) {
                                s += " is:R";
                            }
                        }
                        s
                    }
                    Err(e) => err(&e),
                };
                let left = match h.repr(a) {
                    Ok(r) => norm(&r),
                    Err(e) => err(&e),
                };
                let called = calls.borrow().join(" ");
                out.push(format!(
                    "{x} {sym}= {y} -> {result} ; left={left} | {called}"
                ));
            }
            for (sym, op) in UNARY {
                let o = operands();
                for (spec, operand) in [x, y].iter().zip(&o) {
                    calls.borrow_mut().clear();
                    let result = match h.unary_op(&operand.v, op) {
                        Ok(r) => shown(h, &r),
                        Err(e) => err(&e),
                    };
                    let called = calls.borrow().join(" ");
                    out.push(format!("{sym} {spec} -> {result} | {called}"));
                }
            }
        });
    }
}

// ------------------------------------------------- methods: the lethe runner

harness_tests!(
    methods_random,
    "methods",
    methods::run,
    METHODS_SEQS,
    methods_edge
);

/// Sequences `methods_random` runs by default (seeds from 0).
const METHODS_SEQS: u64 = 2000;

/// Runs `methods_gen.py`'s builtin method calls on lethe, printing what
/// `methods_run.py` prints on CPython.
mod methods {
    use super::{mask_addresses, run_sequences};
    use lethe::{BinaryOp, Builtin, Error, Heap, Result, Value};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    type Log = Rc<RefCell<Vec<String>>>;
    type Env = Rc<RefCell<HashMap<String, Value>>>;

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            run_seq(&heap, cur, out);
            heap.verify().expect("the heap after the sequence");
        })
    }

    fn tn(h: &Heap, v: &Value) -> String {
        match h.type_name(v) {
            t if t.starts_with("weakref.") => "proxy".into(),
            t => t,
        }
    }

    struct World<'h> {
        h: &'h Heap,
        log: Log,
        named: Vec<(String, Value)>,
        env: Env,
        classes: HashMap<String, (Value, String)>,
        recvs: Vec<(String, Value)>,
        bad: Value,
        idx: Value,
        kid: Value,
        kraise: Value,
        /// The running op's receiver (a proxy's referent).
        cur: Rc<RefCell<Option<Value>>>,
    }

    /// `methods_run.py`'s `answer`: an `__eq__`'s answer by `code`, for `me ==
    /// other`.
    fn answer(
        h: &Heap,
        env: &Env,
        bad: &Value,
        (tag, code): (&str, &str),
        (me, other): (&Value, &Value),
        n: Option<i64>,
    ) -> Result<Value> {
        if let Some(rest) = code.strip_prefix("M:") {
            let (target, action) = rest.split_once(':').unwrap();
            let t = env.borrow().get(target).cloned();
            if let Some(t) = t
                && h.isinstance(&t, &h.builtin(Builtin::List))?
            {
                // (the list's own length: `len([] + t)`, whatever its class defines)
                let n = h.len(&h.binary_op(&h.list(&[])?, &t, BinaryOp::Add)?)?;
                match action {
                    "clear" => {
                        let all = h.slice(&Value::None, &Value::None, &Value::None)?;
                        h.delitem(&t, &all)?;
                    }
                    "pop" if n > 0 => h.delitem(&t, &(-1).into())?,
                    "append" if n < 12 => h.list_append(&t, &1.into())?,
                    _ => {}
                }
            }
            return Ok(false.into());
        }
        match code {
            "T" | "U" => {
                let Some(n) = n else {
                    return Ok(other.is(me).into());
                };
                let kk = match other {
                    Value::Int(_) | Value::Bool(_) | Value::Float(_) => Some(other.clone()),
                    _ => h.getattr(other, "k").ok(),
                };
                Ok(match kk {
                    Some(kk) => h.eq(&kk, &Value::Int(n))?.into(),
                    None => false.into(),
                })
            }
            "R" => Err(Error::ValueError(tag.into())),
            "N" => Ok(h.not_implemented()),
            "X" => Ok("yes".into()),
            "Z" => Ok(0.into()),
            "B" => h.call(bad, &[]),
            _ => panic!("code {code}"),
        }
    }

    impl<'h> World<'h> {
        fn new(h: &'h Heap) -> World<'h> {
            let log = Log::default();
            let l = log.clone();
            let bad = h
                .class("Bad")
                .method("__bool__", move |_, _| {
                    l.borrow_mut().push("Bad.bool".into());
                    Err(Error::ValueError("bool".into()))
                })
                .build()
                .unwrap();
            let l = log.clone();
            let cur: Rc<RefCell<Option<Value>>> = Default::default();
            let c = cur.clone();
            let idx = h
                .class("Idx")
                .method("__index__", move |h, a| {
                    l.borrow_mut().push("ix.index".into());
                    let act = h.getattr(a.get(0)?, "act")?;
                    let t = c.borrow().clone();
                    if let (Some(act), Some(t)) = (act.as_str(), t)
                        && !act.is_empty()
                        && h.isinstance(&t, &h.builtin(Builtin::List))?
                    {
                        if act == "a" {
                            h.list_append(&t, &"x".into())?;
                        } else {
                            let all = h.slice(&Value::None, &Value::None, &Value::None)?;
                            h.delitem(&t, &all)?;
                        }
                    }
                    let n = h.getattr(a.get(0)?, "n")?;
                    if n.is_none() {
                        return Err(Error::ValueError("ix".into()));
                    }
                    Ok(n)
                })
                .build()
                .unwrap();
            let l = log.clone();
            let kid = h.function("kid", move |_, a| {
                l.borrow_mut().push("kid".into());
                Ok(a.positional.first().cloned().unwrap_or(Value::None))
            });
            let l = log.clone();
            let kraise = h.function("kraise", move |_, _| {
                l.borrow_mut().push("kraise".into());
                Err(Error::ValueError("kraise".into()))
            });
            World {
                h,
                log,
                named: Vec::new(),
                env: Env::default(),
                classes: HashMap::new(),
                recvs: Vec::new(),
                bad,
                idx,
                kid,
                kraise,
                cur,
            }
        }

        fn make_item(&mut self, name: &str, code: &str) {
            let h = self.h;
            let n: i64 = name[1..].parse().unwrap();
            let (l, l2) = (self.log.clone(), self.log.clone());
            let (tag, tag2, code_s, bad, env) = (
                name.to_string(),
                name.to_string(),
                code.to_string(),
                self.bad.clone(),
                self.env.clone(),
            );
            let mut b = h.class("E").method("__eq__", move |h, a| {
                let (me, other) = (a.get(0)?, a.get(1)?);
                l.borrow_mut().push(format!("{tag}.eq({})", tn(h, other)));
                answer(h, &env, &bad, (&tag, &code_s), (me, other), Some(n))
            });
            b = if code == "U" {
                b.attr("__hash__", Value::None)
            } else {
                b.method("__hash__", move |_, _| {
                    l2.borrow_mut().push(format!("{tag2}.hash"));
                    Ok((1000 + n).into())
                })
            };
            let cls = b.build().unwrap();
            let o = h.call(&cls, &[]).unwrap();
            h.setattr(&o, "k", &n.into()).unwrap();
            self.env.borrow_mut().insert(name.into(), o.clone());
            self.named.push((name.into(), o));
        }

        fn make_class(&mut self, w: &[&str]) {
            let h = self.h;
            let (name, base) = (w[1], w[2]);
            let (base_v, layout) = match self.classes.get(base) {
                Some(c) => c.clone(),
                None => {
                    let b = match base {
                        "list" => Builtin::List,
                        "dict" => Builtin::Dict,
                        "set" => Builtin::Set,
                        "frozenset" => Builtin::FrozenSet,
                        "tuple" => Builtin::Tuple,
                        _ => panic!("base {base}"),
                    };
                    (h.builtin(b), base.to_string())
                }
            };
            let mut b = h.class(name).base(&base_v);
            for spec in &w[3..] {
                let l = self.log.clone();
                let cname = name.to_string();
                if let Some(code) = spec.strip_prefix("__eq__=") {
                    let (code, bad, env) = (code.to_string(), self.bad.clone(), self.env.clone());
                    b = b.method("__eq__", move |h, a| {
                        let (me, other) = (a.get(0)?, a.get(1)?);
                        l.borrow_mut().push(format!("{cname}.eq({})", tn(h, other)));
                        answer(h, &env, &bad, (&cname, &code), (me, other), None)
                    });
                } else if *spec == "__hash__" {
                    b = b.method("__hash__", move |h, a| {
                        l.borrow_mut().push(format!("{cname}.hash"));
                        let idx = h.getattr(a.get(0)?, "idx")?;
                        Ok((2000 + idx.as_int().unwrap()).into())
                    });
                } else if *spec == "__len__" {
                    b = b.method("__len__", move |_, _| {
                        l.borrow_mut().push(format!("{cname}.len"));
                        Ok(3.into())
                    });
                } else if *spec == "__getattr__" {
                    b = b.method("__getattr__", move |_, a| {
                        let attr = a.get(1)?.as_str().unwrap_or("?").to_string();
                        l.borrow_mut().push(format!("{cname}.getattr({attr})"));
                        if attr.starts_with("__") {
                            return Err(Error::AttributeError(attr));
                        }
                        Ok(format!("{cname}.getattr").as_str().into())
                    });
                } else if *spec == "__iter__" {
                    b = b.method("__iter__", move |h, _| {
                        l.borrow_mut().push(format!("{cname}.iter"));
                        h.iterator(&h.list(&["it".into()])?)
                    });
                } else {
                    let tag = format!("{name}.{spec}");
                    b = b.method(spec, move |_, a| {
                        l.borrow_mut()
                            .push(format!("{tag}({},{})", a.len() - 1, kw_count(a)));
                        Ok(tag.as_str().into())
                    });
                }
            }
            let cls = b.build().unwrap();
            self.classes.insert(name.into(), (cls, layout));
        }

        /// A value token.
        fn value(&self, tok: &str) -> Value {
            if let Some(v) = self.env.borrow().get(tok) {
                return v.clone();
            }
            let h = self.h;
            if let Some(n) = tok.strip_prefix("ix") {
                let o = h.call(&self.idx, &[]).unwrap();
                let (act, n) = match n.strip_prefix(['a', 'c']) {
                    Some(m) => (&n[..1], m),
                    None => ("", n),
                };
                let n = if n == "R" {
                    Value::None
                } else {
                    n.parse::<i64>().unwrap().into()
                };
                h.setattr(&o, "n", &n).unwrap();
                h.setattr(&o, "act", &act.into()).unwrap();
                return o;
            }
            match tok {
                "kid" => return self.kid.clone(),
                "kraise" => return self.kraise.clone(),
                _ => {}
            }
            let mut p = Parser {
                s: tok.as_bytes(),
                i: 0,
                h,
            };
            let v = p.value();
            assert_eq!(p.i, tok.len(), "token {tok}");
            v
        }

        fn show(&self, v: &Value, top: bool) -> String {
            let h = self.h;
            let t = h.type_name(v);
            for (name, o) in &self.named {
                if o.is(v) && (!top || name.starts_with('e')) && t != "tuple" && t != "bytes" {
                    return name.clone();
                }
            }
            if t.starts_with("weakref.") {
                return "proxy?".into();
            }
            let is = |b: Builtin| h.isinstance(v, &h.builtin(b)).unwrap();
            if is(Builtin::Set) || is(Builtin::FrozenSet) {
                let all = h
                    .binary_op(&h.frozenset(&[]).unwrap(), v, BinaryOp::Or)
                    .unwrap();
                let mut items: Vec<String> = h
                    .iter(&all)
                    .unwrap()
                    .iter()
                    .map(|x| self.show(x, false))
                    .collect();
                items.sort();
                return format!("{t}{{{}}}", items.join(", "));
            }
            if is(Builtin::List) || is(Builtin::Tuple) {
                // (`[] + v`, `() + v`: the items, whatever the class defines)
                let list = is(Builtin::List);
                let empty = if list { h.list(&[]) } else { h.tuple(&[]) }.unwrap();
                let all = h.binary_op(&empty, v, BinaryOp::Add).unwrap();
                let items: Vec<String> = h
                    .iter(&all)
                    .unwrap()
                    .iter()
                    .map(|x| self.show(x, false))
                    .collect();
                let (o, c) = if list { ("[", "]") } else { ("(", ")") };
                return format!("{t}{o}{}{c}", items.join(", "));
            }
            if is(Builtin::Dict) {
                let items: Vec<String> = h
                    .items(v)
                    .unwrap()
                    .iter()
                    .map(|(k, x)| format!("{}: {}", self.show(k, false), self.show(x, false)))
                    .collect();
                return format!("{t}{{{}}}", items.join(", "));
            }
            if matches!(t.as_str(), "dict_keys" | "dict_values" | "dict_items")
                || t.ends_with("iterator")
            {
                let items: Vec<String> = h
                    .iter(v)
                    .unwrap()
                    .iter()
                    .map(|x| self.show(x, false))
                    .collect();
                return format!("{t}[{}]", items.join(", "));
            }
            mask_addresses(&h.repr(v).unwrap_or_else(|e| format!("<repr failed: {e}>")))
        }

        fn state(&self) -> String {
            self.recvs
                .iter()
                .map(|(n, o)| format!("{n}={}", self.show(o, true)))
                .collect::<Vec<_>>()
                .join(" ")
        }

        fn new_recv(&mut self, w: &[&str]) -> Result<()> {
            let h = self.h;
            let (name, t) = (w[1], w[2]);
            let o = if t == "bytes" {
                self.value(w[3])
            } else {
                let (cls, layout) = match self.classes.get(t) {
                    Some((c, l)) => (c.clone(), l.clone()),
                    None => {
                        let b = match t {
                            "list" => Builtin::List,
                            "dict" => Builtin::Dict,
                            "set" => Builtin::Set,
                            "frozenset" => Builtin::FrozenSet,
                            "tuple" => Builtin::Tuple,
                            _ => panic!("type {t}"),
                        };
                        (h.builtin(b), String::new())
                    }
                };
                let dict = layout == "dict" || t == "dict";
                let elems: Vec<Value> = w[3..]
                    .iter()
                    .map(|e| {
                        if dict {
                            let (k, v) = e.split_once("=>").unwrap();
                            h.tuple(&[self.value(k), self.value(v)]).unwrap()
                        } else {
                            self.value(e)
                        }
                    })
                    .collect();
                let o = h.call(&cls, &[h.list(&elems)?])?;
                if !layout.is_empty() {
                    h.setattr(&o, "idx", &name[1..].parse::<i64>().unwrap().into())?;
                }
                o
            };
            self.env.borrow_mut().insert(name.into(), o.clone());
            self.recvs.push((name.into(), o.clone()));
            self.named.push((name.into(), o.clone()));
            if let Ok(p) = h.proxy(&o, None) {
                let pn = format!("p{}", &name[1..]);
                self.env.borrow_mut().insert(pn.clone(), p.clone());
                self.named.push((pn, p));
            }
            Ok(())
        }

        fn op(&self, w: &[&str]) -> Result<String> {
            let h = self.h;
            match w[0] {
                "m" => {
                    let (r, name, style) = (self.value(w[1]), w[2], w[3]);
                    let mut rest = &w[4..];
                    let mut kw: Vec<(String, Value)> = Vec::new();
                    if let Some(j) = rest.iter().position(|x| *x == ";") {
                        for spec in &rest[j + 1..] {
                            let (k, x) = spec.split_once('=').unwrap();
                            kw.push((k.to_string(), self.value(x)));
                        }
                        rest = &rest[..j];
                    }
                    let args: Vec<Value> = rest.iter().map(|x| self.value(x)).collect();
                    let referent = format!("r{}", &w[1][1..]);
                    *self.cur.borrow_mut() = self.env.borrow().get(&referent).cloned();
                    self.log.borrow_mut().clear();
                    let result = match style {
                        "d" => h.call_method(&r, name, &args)?,
                        "b" => h.call(&h.getattr(&r, name)?, &args)?,
                        _ => {
                            let m = h.getattr(&r, name)?;
                            let kw: Vec<(&str, Value)> =
                                kw.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
                            h.call_kw(&m, &args, &kw)?
                        }
                    };
                    Ok(self.show(&result, false))
                }
                "vm" => {
                    let v = h.call_method(&self.value(w[1]), w[2], &[])?;
                    let args: Vec<Value> = w[5..].iter().map(|x| self.value(x)).collect();
                    let referent = format!("r{}", &w[1][1..]);
                    *self.cur.borrow_mut() = self.env.borrow().get(&referent).cloned();
                    self.log.borrow_mut().clear();
                    let result = match w[4] {
                        "d" => h.call_method(&v, w[3], &args)?,
                        _ => h.call(&h.getattr(&v, w[3])?, &args)?,
                    };
                    Ok(self.show(&result, false))
                }
                "a" => {
                    let m = h.getattr(&self.value(w[1]), w[2])?;
                    Ok(self.show(&h.getattr(&m, w[3])?, false))
                }
                "e" => {
                    let m1 = h.getattr(&self.value(w[1]), w[2])?;
                    let m2 = h.getattr(&self.value(w[3]), w[4])?;
                    let b = |x: bool| if x { "True" } else { "False" };
                    let equal = h.eq(&m1, &m2)?;
                    let same_hash = if equal {
                        b(h.hash(&m1)? == h.hash(&m2)?)
                    } else {
                        "-"
                    };
                    let lt = match h.compare(&m1, &m2, lethe::CompareOp::Lt) {
                        Ok(x) => b(x).to_string(),
                        Err(e) => e.to_string(),
                    };
                    Ok(format!(
                        "{} {} {} {} {lt} {}",
                        b(equal),
                        b(h.ne(&m1, &m2)?),
                        b(m1.is(&m2)),
                        same_hash,
                        mask_addresses(&h.repr(&m1)?)
                    ))
                }
                "set" => {
                    h.setattr(&self.value(w[1]), w[2], &self.value(w[3]))?;
                    Ok("None".into())
                }
                "del" => {
                    h.delattr(&self.value(w[1]), w[2])?;
                    Ok("None".into())
                }
                "aset" => {
                    let m = h.getattr(&self.value(w[1]), w[2])?;
                    h.setattr(&m, w[3], &self.value(w[4]))?;
                    Ok("None".into())
                }
                "h" => Ok(if h.hasattr(&self.value(w[1]), w[2])? {
                    "True".into()
                } else {
                    "False".into()
                }),
                "wr" => {
                    let m = h.getattr(&self.value(w[1]), w[2])?;
                    let r = h.weakref(&m, None)?;
                    let same = h.call(&r, &[])?.is(&m);
                    Ok(format!("ref {}", if same { "True" } else { "False" }))
                }
                _ => panic!("op {w:?}"),
            }
        }
    }

    fn kw_count(a: &lethe::Args<'_>) -> usize {
        a.keywords.len()
    }

    /// A literal of the ops, as Python writes it.
    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
        h: &'a Heap,
    }

    impl Parser<'_> {
        fn peek(&self) -> u8 {
            self.s.get(self.i).copied().unwrap_or(0)
        }
        fn eat(&mut self, c: u8) -> bool {
            if self.peek() == c {
                self.i += 1;
                true
            } else {
                false
            }
        }
        fn seq(&mut self, close: u8) -> (Vec<Value>, bool) {
            let mut items = Vec::new();
            let mut comma = false;
            while !self.eat(close) {
                items.push(self.value());
                comma = self.eat(b',');
            }
            (items, comma)
        }
        fn string(&mut self) -> Vec<u8> {
            assert!(self.eat(b'\''));
            let mut out = Vec::new();
            while !self.eat(b'\'') {
                if self.eat(b'\\') {
                    assert!(self.eat(b'x'));
                    let hex = std::str::from_utf8(&self.s[self.i..self.i + 2]).unwrap();
                    out.push(u8::from_str_radix(hex, 16).unwrap());
                    self.i += 2;
                } else {
                    out.push(self.peek());
                    self.i += 1;
                }
            }
            out
        }
        fn value(&mut self) -> Value {
            let h = self.h;
            let rest = &self.s[self.i..];
            for (word, v) in [
                ("None", Value::None),
                ("True", Value::Bool(true)),
                ("False", Value::Bool(false)),
            ] {
                if rest.starts_with(word.as_bytes()) {
                    self.i += word.len();
                    return v;
                }
            }
            if rest.starts_with(b"frozenset(") {
                self.i += "frozenset(".len();
                let inner = self.value();
                assert!(self.eat(b')'));
                return h.frozenset(&h.iter(&inner).unwrap()).unwrap();
            }
            match self.peek() {
                b'(' => {
                    self.i += 1;
                    let (items, comma) = self.seq(b')');
                    assert!(items.len() != 1 || comma);
                    h.tuple(&items).unwrap()
                }
                b'[' => {
                    self.i += 1;
                    h.list(&self.seq(b']').0).unwrap()
                }
                b'{' => {
                    self.i += 1;
                    if self.eat(b'}') {
                        return h.dict(&[]).unwrap();
                    }
                    let first = self.value();
                    if self.eat(b':') {
                        let mut pairs = vec![(first, self.value())];
                        while self.eat(b',') {
                            let k = self.value();
                            assert!(self.eat(b':'));
                            pairs.push((k, self.value()));
                        }
                        assert!(self.eat(b'}'));
                        h.dict(&pairs).unwrap()
                    } else {
                        let mut items = vec![first];
                        while self.eat(b',') {
                            items.push(self.value());
                        }
                        assert!(self.eat(b'}'));
                        h.set(&items).unwrap()
                    }
                }
                b'\'' => Value::from(String::from_utf8(self.string()).unwrap().as_str()),
                b'b' => {
                    self.i += 1;
                    h.bytes(&self.string()).unwrap()
                }
                _ => {
                    let n = rest
                        .iter()
                        .take_while(|c| c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'e'))
                        .count();
                    let t = std::str::from_utf8(&rest[..n]).unwrap();
                    self.i += n;
                    if t.contains('.') {
                        t.parse::<f64>().unwrap().into()
                    } else {
                        t.parse::<i64>()
                            .unwrap_or_else(|_| panic!("number {t}"))
                            .into()
                    }
                }
            }
        }
    }

    fn run_seq(h: &Heap, ops: &[String], out: &mut Vec<String>) {
        let mut w = World::new(h);
        for (i, line) in ops.iter().enumerate() {
            let words: Vec<&str> = line.split_whitespace().collect();
            w.log.borrow_mut().clear();
            match words[0] {
                "item" => {
                    w.make_item(words[1], words[2]);
                    continue;
                }
                "class" => {
                    w.make_class(&words);
                    continue;
                }
                "new" => {
                    let result = match w.new_recv(&words) {
                        Ok(()) => "ok".to_string(),
                        Err(e) => e.to_string(),
                    };
                    let log = w.log.borrow().join(" ");
                    out.push(format!("{i} {line} -> {result} | {log} | {}", w.state()));
                    continue;
                }
                _ => {}
            }
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| w.op(&words)));
            let result = match r {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => mask_addresses(&e.to_string()),
                Err(p) => format!("PANIC {}", super::panic_text(p)),
            };
            let log = w.log.borrow().join(" ");
            out.push(format!("{i} {line} -> {result} | {log} | {}", w.state()));
            super::check_heap(h, i, out);
        }
        w.env.borrow_mut().clear();
        w.cur.borrow_mut().take();
    }
}

// ----------------------------------------------- iteration: the lethe runner

/// Sequences `iteration_random` runs by default (seeds from 0).
const ITERATION_SEQS: u64 = 2000;

harness_tests!(
    iteration_random,
    "iteration",
    iteration::run,
    ITERATION_SEQS,
    iteration_edge
);

/// Runs `iteration_gen.py`'s sequences on lethe, printing what `iteration_run.py`
/// prints on CPython.
mod iteration {
    use super::classes::builtin;
    use super::compare::type_name;
    use super::{mask_addresses, run_sequences};
    use lethe::{BinaryOp, Builtin, Error, Heap, Value};
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::rc::Rc;

    /// The sequence's state its methods share: the calls logged, slot 0 (which
    /// actions and `__iter__=W` use) and the actions' count.
    #[derive(Default)]
    struct Shared {
        log: RefCell<Vec<String>>,
        slot0: RefCell<Option<Value>>,
        acts: std::cell::Cell<i64>,
    }

    type Log = Rc<Shared>;

    /// `iteration_run.py`'s `do_act`.
    fn do_act(h: &Heap, st: &Shared, me: &Value, a: char) -> lethe::Result<()> {
        st.log.borrow_mut().push(format!("act{a}"));
        let is = |v: &Value, b: Builtin| -> bool {
            !type_name(h, v).starts_with("proxy") && h.isinstance(v, &h.builtin(b)).unwrap_or(false)
        };
        let kinds = [Builtin::List, Builtin::Dict, Builtin::Set];
        let t = if kinds.iter().any(|&b| is(me, b)) {
            me.clone()
        } else {
            match st.slot0.borrow().clone() {
                Some(v) => v,
                None => return Ok(()),
            }
        };
        let Some(&base) = kinds.iter().find(|&&b| is(&t, b)) else {
            return Ok(());
        };
        st.acts.set(st.acts.get() + 1);
        let k = Value::Int(100 + st.acts.get());
        let r = match (a, base) {
            ('a', Builtin::List) => h.call_method(&t, "append", &[k]).map(drop),
            ('a', Builtin::Dict) => h.setitem(&t, &k, &0.into()),
            ('a', _) => h.call_method(&t, "add", &[k]).map(drop),
            ('p', Builtin::Dict) => h.call_method(&t, "popitem", &[]).map(drop),
            ('p', _) => h.call_method(&t, "pop", &[]).map(drop),
            _ => h.call_method(&t, "clear", &[]).map(drop),
        };
        match r {
            Err(Error::IndexError(_) | Error::KeyError(_)) => Ok(()),
            r => r,
        }
    }

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            run_seq(&heap, cur, out);
            heap.verify().expect("the heap after the sequence");
        })
    }

    /// `iteration_run.py`'s `fmt`: a set's members' reprs raise as the op's error.
    fn fmt(h: &Heap, v: &Value) -> lethe::Result<String> {
        let t = type_name(h, v);
        if (t == "set" || t == "frozenset") && h.len(v).unwrap_or(0) > 0 {
            // NORMALIZE (as `iteration_run.py`'s `fmt`): sorted members.
            let mut items = h
                .iter(v)?
                .iter()
                .map(|x| Ok(mask_addresses(&h.repr(x)?)))
                .collect::<lethe::Result<Vec<String>>>()?;
            items.sort();
            return Ok(format!("{t} {{{}}}", items.join(", ")));
        }
        let r = match h.repr(v) {
            Ok(r) => mask_addresses(&r),
            Err(e) => format!("<repr {e}>"),
        };
        Ok(format!("{} {r}", type_name(h, v)))
    }

    fn ints(items: &[i64]) -> Vec<Value> {
        items.iter().map(|&i| i.into()).collect()
    }

    /// `iteration_gen.py`'s `VALUES`.
    fn value(h: &Heap, text: &str) -> Value {
        match text {
            "[]" => h.list(&[]).unwrap(),
            "[1,2,3]" => h.list(&ints(&[1, 2, 3])).unwrap(),
            "[1]" => h.list(&ints(&[1])).unwrap(),
            "()" => h.tuple(&[]).unwrap(),
            "(1,2)" => h.tuple(&ints(&[1, 2])).unwrap(),
            "''" => "".into(),
            "'ab'" => "ab".into(),
            "'a\u{e9}'" => "a\u{e9}".into(),
            "b''" => h.bytes(b"").unwrap(),
            "b'ab'" => h.bytes(b"ab").unwrap(),
            "{}" => h.dict(&[]).unwrap(),
            "{1:2,3:4}" => h
                .dict(&[(1.into(), 2.into()), (3.into(), 4.into())])
                .unwrap(),
            "set()" => h.set(&[]).unwrap(),
            "{1,2,3}" => h.set(&ints(&[1, 2, 3])).unwrap(),
            "frozenset({1,2})" => h.frozenset(&ints(&[1, 2])).unwrap(),
            "5" => 5.into(),
            "None" => Value::None,
            _ => panic!("value {text}"),
        }
    }

    fn fail(tag: &str, e: char) -> Error {
        match e {
            'I' => Error::IndexError(tag.into()),
            'S' => Error::StopIteration(tag.into()),
            'K' => Error::key_error_msg(tag),
            'V' | 'R' => Error::ValueError(tag.into()),
            'T' => Error::TypeError(tag.into()),
            _ => panic!("error {e}"),
        }
    }

    fn counter(h: &Heap, me: &Value) -> lethe::Result<i64> {
        Ok(h.getattr(me, "n")?.as_int().unwrap_or(0))
    }

    /// `iteration_run.py`'s `method`: the body by `code`, after its action
    /// (`+a`, `+p`, `+c`) if it has one.
    fn method<'h>(
        b: lethe::ClassBuilder<'h>,
        class: &str,
        m: &str,
        code: &str,
        st: &Log,
    ) -> lethe::ClassBuilder<'h> {
        if code == "X" {
            return b.attr(m, Value::None);
        }
        let (code, act) = match code.split_once('+') {
            Some((c, a)) => (c, a.chars().next()),
            None => (code, None),
        };
        let body = method_body(class, m, code, st);
        let st = st.clone();
        b.method(m, move |h, a| {
            if let Some(act) = act {
                do_act(h, &st, a.get(0)?, act)?;
            }
            body(h, a)
        })
    }

    type Body = Box<dyn Fn(&Heap, &lethe::Args<'_>) -> lethe::Result<Value>>;

    /// `iteration_run.py`'s `method_body`.
    fn method_body(class: &str, m: &str, code: &str, st: &Log) -> Body {
        let tag = format!("{class}.{m}");
        let code = code.to_string();
        let shared = st.clone();
        let st = st.clone();
        let log = move |s: String| st.log.borrow_mut().push(s);
        match m {
            "__iter__" => Box::new(move |h, a| {
                log(format!("{tag}()"));
                let me = a.get(0)?.clone();
                match code.as_str() {
                    "S" => Ok(me),
                    "L" => h.iterator(&h.list(&ints(&[7, 8, 9]))?),
                    "N" => Ok(5.into()),
                    "Q" => h.list(&ints(&[1])),
                    "P" => h.proxy(&me, None),
                    "D" => h.iterator(&h.list(&ints(&[1, 2]))?),
                    "W" => {
                        let s0 = shared.slot0.borrow().clone().unwrap_or(Value::None);
                        match type_name(h, &s0).as_str() {
                            "list" | "dict" | "set" | "tuple" | "str" => h.iterator(&s0),
                            _ => h.iterator(&h.list(&ints(&[4, 5]))?),
                        }
                    }
                    c => Err(fail(&tag, c.chars().next().unwrap())),
                }
            }),
            "__next__" => {
                let kind = code.chars().next().unwrap();
                let k: i64 = code[1..].parse().unwrap();
                Box::new(move |h, a| {
                    log(format!("{tag}()"));
                    let me = a.get(0)?.clone();
                    let n = counter(h, &me)?;
                    if kind == 'Z' {
                        h.setattr(&me, "n", &(n + 1).into())?;
                        if n == k || n > 2 * k + 1 {
                            return Err(Error::StopIteration(String::new()));
                        }
                        return Ok((n + 1).into());
                    }
                    if n >= k {
                        return Err(match kind {
                            'K' => Error::StopIteration(String::new()),
                            'J' => Error::StopIteration("stop".into()),
                            'E' => fail(&tag, 'V'),
                            _ => fail(&tag, 'I'),
                        });
                    }
                    h.setattr(&me, "n", &(n + 1).into())?;
                    Ok((n + 1).into())
                })
            }
            "__getitem__" => {
                let k: i64 = code[1..code.len() - 1].parse().unwrap();
                let e = code.chars().last().unwrap();
                Box::new(move |h, a| {
                    let i = a.get(1)?.clone();
                    log(format!("{tag}({})", h.repr(&i)?));
                    match i {
                        Value::Int(i) if 0 <= i && i < k => Ok((i * 10).into()),
                        _ => Err(fail(&tag, e)),
                    }
                })
            }
            "__len__" | "__length_hint__" => Box::new(move |h, _| {
                log(format!("{tag}()"));
                match &code[1..] {
                    "R" => Err(fail(&tag, 'R')),
                    "T" => Err(fail(&tag, 'T')),
                    "a" => Ok("a".into()),
                    "f" => Ok(1.5.into()),
                    "b" => Ok(true.into()),
                    "N" => Ok(h.not_implemented()),
                    n => Ok(n.parse::<i64>().unwrap().into()),
                }
            }),
            "__reversed__" => Box::new(move |h, a| {
                log(format!("{tag}()"));
                match code.as_str() {
                    "S" => Ok(a.get(0)?.clone()),
                    "L" => h.iterator(&h.list(&ints(&[3, 2, 1]))?),
                    "N" => Ok(5.into()),
                    _ => Err(fail(&tag, 'R')),
                }
            }),
            "__contains__" => Box::new(move |h, a| {
                log(format!("{tag}({})", h.repr(a.get(1)?)?));
                match code.as_str() {
                    "T" => Ok(true.into()),
                    "F" => Ok(false.into()),
                    "Z" => Ok(0.into()),
                    "E" => h.list(&[]),
                    "O" => Ok("x".into()),
                    _ => Err(fail(&tag, 'R')),
                }
            }),
            _ => panic!("method {m}"),
        }
    }

    type Classes = HashMap<String, (Value, String)>;

    fn make(h: &Heap, class: &Value, layout: &str, k: i64) -> lethe::Result<Value> {
        let items: Vec<i64> = (1..=k).collect();
        let arg = match layout {
            "object" => return h.call(class, &[]),
            "dict" => h.dict(
                &items
                    .iter()
                    .map(|&i| (i.into(), (i * 10).into()))
                    .collect::<Vec<_>>(),
            )?,
            "str" => "abc"[..k as usize].into(),
            "tuple" => h.tuple(&ints(&items))?,
            _ => h.list(&ints(&items))?,
        };
        h.call(class, &[arg])
    }

    fn op(
        h: &Heap,
        w: &[&str],
        classes: &Classes,
        slots: &mut HashMap<i64, Value>,
        st: &Shared,
    ) -> lethe::Result<String> {
        fn get(slots: &HashMap<i64, Value>, s: &str) -> Value {
            slots
                .get(&s.parse::<i64>().unwrap())
                .cloned()
                .unwrap_or(Value::None)
        }
        if w[0] == "new" {
            let (kind, rest) = w[2].split_once(':').unwrap();
            let v = match kind {
                "v" => value(h, rest),
                "i" => {
                    let (c, k) = rest.split_once(':').unwrap();
                    let (class, layout) = &classes[c];
                    make(h, class, layout, k.parse().unwrap())?
                }
                "lst" => {
                    let (c, k) = rest.split_once(':').unwrap();
                    let (class, layout) = &classes[c];
                    let items = (0..k.parse::<i64>().unwrap())
                        .map(|_| make(h, class, layout, 1))
                        .collect::<lethe::Result<Vec<_>>>()?;
                    h.list(&items)?
                }
                _ => {
                    let parts: Vec<&str> = rest.split(':').collect();
                    let s = get(slots, parts[0]);
                    match kind {
                        "p" => h.proxy(&s, None)?,
                        "it" => h.iterator(&s)?,
                        "rv" => h.reversed(&s)?,
                        _ => h.call_method(&s, parts[1], &[])?,
                    }
                }
            };
            slots.insert(w[1].parse().unwrap(), v.clone());
            if w[1] == "0" {
                *st.slot0.borrow_mut() = Some(v.clone());
            }
            return fmt(h, &v);
        }
        let s = get(slots, w[1]);
        let a: Vec<Value> = w[2..]
            .iter()
            .map(|x| Value::Int(x.parse().unwrap()))
            .collect();
        let l0 = || h.list(&ints(&[0]));
        Ok(match w[0] {
            "next" => match h.next(&s)? {
                Some(x) => fmt(h, &x)?,
                None => "END".into(),
            },
            "mnext" => fmt(h, &h.call_method(&s, "__next__", &[])?)?,
            "list" | "tuple" | "set" | "frozenset" | "dict" | "bytes" => {
                let t = match w[0] {
                    "bytes" => Builtin::Bytes,
                    name => builtin(name).unwrap(),
                };
                fmt(h, &h.call(&h.builtin(t), &[s])?)?
            }
            "extend" => {
                let l = l0()?;
                h.call_method(&l, "extend", &[s])?;
                fmt(h, &l)?
            }
            "iadd" => {
                let l = l0()?;
                let r = h.inplace_op(&l, &s, BinaryOp::Add)?;
                fmt(h, &r)?
            }
            "slice" => {
                let l = h.list(&ints(&[0, 9]))?;
                let sl = h.slice(&1.into(), &1.into(), &Value::None)?;
                h.setitem(&l, &sl, &s)?;
                fmt(h, &l)?
            }
            "sext" => {
                let t = get(slots, w[2]);
                h.call_method(&s, "extend", &[t])?;
                fmt(h, &s)?
            }
            "siadd" => {
                let t = get(slots, w[2]);
                let r = h.inplace_op(&s, &t, BinaryOp::Add)?;
                slots.insert(w[1].parse().unwrap(), r.clone());
                fmt(h, &r)?
            }
            "supd" => {
                let t = h.set(&[])?;
                h.call_method(&t, "update", &[s])?;
                fmt(h, &t)?
            }
            "in" => fmt(h, &h.contains(&s, &a[0])?.into())?,
            "len" => fmt(h, &(h.len(&s)? as i64).into())?,
            "hint" => fmt(h, &(h.length_hint(&s, 99)? as i64).into())?,
            "lhm" => fmt(h, &h.call_method(&s, "__length_hint__", &[])?)?,
            "isself" => fmt(h, &h.iterator(&s)?.is(&s).into())?,
            "repr" => fmt(h, &s)?,
            "setitem" => {
                h.setitem(&s, &a[0], &a[1])?;
                "None".into()
            }
            "delitem" => {
                h.delitem(&s, &a[0])?;
                "None".into()
            }
            "mrev" => fmt(h, &h.call_method(&s, "__reversed__", &[])?)?,
            name => fmt(h, &h.call_method(&s, name, &a)?)?,
        })
    }

    fn run_seq(h: &Heap, ops: &[String], out: &mut Vec<String>) {
        let log = Log::default();
        let mut classes = Classes::new();
        let mut slots = HashMap::new();
        for (n, line) in ops.iter().enumerate() {
            let w: Vec<&str> = line.split_whitespace().collect();
            log.log.borrow_mut().clear();
            if w[0] == "class" {
                let mut b = h.class(w[1]).attr("n", 0.into());
                let (base, layout) = match builtin(w[2]) {
                    Some(t) => (h.builtin(t), w[2].to_string()),
                    None => classes[w[2]].clone(),
                };
                b = b.base(&base);
                for spec in &w[3..] {
                    let (m, code) = spec.split_once('=').unwrap();
                    b = method(b, w[1], m, code, &log);
                }
                let res = match b.build() {
                    Ok(c) => {
                        classes.insert(w[1].to_string(), (c, layout));
                        "ok".to_string()
                    }
                    Err(e) => e.to_string(),
                };
                out.push(format!("{n} {line} -> {res}"));
                continue;
            }
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                op(h, &w, &classes, &mut slots, &log)
            }));
            let res = match r {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => {
                    if w[0] == "new" {
                        slots.insert(w[1].parse().unwrap(), Value::None);
                    }
                    e.to_string()
                }
                Err(p) => format!("PANIC {}", super::panic_text(p)),
            };
            let calls = log.log.borrow().join(" ");
            out.push(format!("{n} {line} -> {res} | {calls}"));
            super::check_heap(h, n, out);
        }
    }
}

// ---------------------------- strings, bytes: the operations their runners share

/// What the `strings` and `bytes` runners share: the operations of their
/// generators' common vocabulary (`common.py`'s `value_op` is CPython's side) and
/// the printed form of a result.
mod value_ops {
    use super::mask_addresses;
    use lethe::{BinaryOp, CompareOp, Heap, Result, Value};

    /// The operations [`run`] answers.
    const OPS: &[&str] = &[
        "cmp", "hint", "rhint", "repr", "str", "len", "bool", "hash", "get", "sl", "iter", "rev",
        "in", "add", "mul", "iadd", "imul", "set", "fset", "dict", "list", "sort", "inl", "ins",
    ];

    /// Runs one sequence's lines through `op`, printing `N LINE -> RESULT` (what
    /// `op` returned, its error's message, or `PANIC …`; `common.py`'s `run_lines`
    /// is CPython's side), and checks the heap after each line and at the end.
    pub fn run_lines(
        h: &Heap,
        lines: &[String],
        out: &mut Vec<String>,
        op: impl Fn(&[&str]) -> Result<String>,
    ) {
        for (n, line) in lines.iter().enumerate() {
            let words: Vec<&str> = line.split_whitespace().collect();
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| op(&words)));
            let res = match r {
                Ok(Ok(s)) => s,
                Ok(Err(e)) => e.to_string(),
                Err(p) => format!("PANIC {}", super::panic_text(p)),
            };
            out.push(format!("{n} {line} -> {res}"));
            super::check_heap(h, n, out);
        }
        h.verify().expect("the heap after the sequence");
    }

    /// A token of the two vocabularies' shared part (`common.py`'s `basic_value`):
    /// `N`, `T`, `F`, `o` (a new `object()`), `L` (`['x']`), `s:`, `b:`, `i:`, `f:`;
    /// `None` for another.
    pub fn basic_value(h: &Heap, t: &str) -> Result<Option<Value>> {
        Ok(Some(match t {
            "N" => Value::None,
            "T" => true.into(),
            "F" => false.into(),
            "o" => h.object()?,
            "L" => h.list(&["x".into()])?,
            _ => match t.split_once(':') {
                Some(("s", rest)) => text(rest).into(),
                Some(("b", rest)) => h.bytes(&hex_bytes(rest))?,
                Some(("i", rest)) => Value::Int(rest.parse().unwrap()),
                Some(("f", rest)) => Value::Float(rest.parse().unwrap()),
                _ => return Ok(None),
            },
        }))
    }

    /// A call's positional and keyword arguments.
    pub type Args<'t> = (Vec<Value>, Vec<(&'t str, Value)>);

    /// The positional and keyword (`name=TOKEN`) arguments of a call, each token
    /// read by `val` (`common.py`'s `args_of`).
    pub fn args_of<'t>(toks: &[&'t str], val: &dyn Fn(&str) -> Result<Value>) -> Result<Args<'t>> {
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        for t in toks {
            match t.split_once('=') {
                Some((k, v)) => kwargs.push((k, val(v)?)),
                None => args.push(val(t)?),
            }
        }
        Ok((args, kwargs))
    }

    /// `common.py`'s `fmt`: the type's name and the repr.
    pub fn fmt(h: &Heap, v: &Value) -> Result<String> {
        Ok(format!(
            "{} {}",
            h.type_name(v),
            mask_addresses(&h.repr(v)?)
        ))
    }

    /// The text of a `s:` token's code points (hex, comma-separated).
    pub fn text(hex: &str) -> String {
        hex.split(',')
            .filter(|c| !c.is_empty())
            .map(|c| char::from_u32(u32::from_str_radix(c, 16).unwrap()).unwrap())
            .collect()
    }

    /// The bytes of a `b:` token's hex.
    pub fn hex_bytes(hex: &str) -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    }

    /// The operation of line `w` (its tokens read by `val`) if it is one the two
    /// harnesses share: `Some` of what it prints; else `None` (the runner's own).
    pub fn run(
        h: &Heap,
        w: &[&str],
        val: &dyn Fn(&str) -> Result<Value>,
    ) -> Option<Result<String>> {
        OPS.contains(&w[0]).then(|| shared(h, w, val))
    }

    fn shared(h: &Heap, w: &[&str], val: &dyn Fn(&str) -> Result<Value>) -> Result<String> {
        match w[0] {
            "cmp" => {
                let (a, b) = (val(w[2])?, val(w[3])?);
                let r = match w[1] {
                    "eq" => h.rich_eq(&a, &b)?,
                    "ne" => h.rich_ne(&a, &b)?,
                    op => {
                        let op = match op {
                            "lt" => CompareOp::Lt,
                            "le" => CompareOp::Le,
                            "gt" => CompareOp::Gt,
                            _ => CompareOp::Ge,
                        };
                        h.rich_compare(&a, &b, op)?
                    }
                };
                return fmt(h, &r);
            }
            "hint" | "rhint" => {
                let x = val(w[1])?;
                let it = if w[0] == "hint" {
                    h.iterator(&x)?
                } else {
                    h.reversed(&x)?
                };
                for _ in 0..w[2].parse::<usize>().unwrap() {
                    if h.next(&it)?.is_none() {
                        break;
                    }
                }
                return fmt(h, &Value::Int(h.length_hint(&it, 99)? as i64));
            }
            _ => {}
        }
        let a = w[1..].iter().map(|t| val(t)).collect::<Result<Vec<_>>>()?;
        let r = match w[0] {
            "repr" => a[0].clone(),
            "str" => h.str(&a[0])?.into(),
            "len" => Value::Int(h.len(&a[0])? as i64),
            "bool" => h.truthy(&a[0])?.into(),
            "hash" => h.hash(&a[0])?.into(),
            "get" => h.getitem(&a[0], &a[1])?,
            "sl" => h.getitem(&a[0], &h.slice(&a[1], &a[2], &a[3])?)?,
            "iter" | "rev" => {
                let it = if w[0] == "iter" {
                    h.iterator(&a[0])?
                } else {
                    h.reversed(&a[0])?
                };
                let mut items = Vec::new();
                while let Some(x) = h.next(&it)? {
                    items.push(h.repr(&x)?);
                }
                return Ok(format!("{} [{}]", h.type_name(&it), items.join(", ")));
            }
            "in" => h.contains(&a[1], &a[0])?.into(),
            "add" => h.binary_op(&a[0], &a[1], BinaryOp::Add)?,
            "mul" => h.binary_op(&a[0], &a[1], BinaryOp::Mul)?,
            "iadd" => h.inplace_op(&a[0], &a[1], BinaryOp::Add)?,
            "imul" => h.inplace_op(&a[0], &a[1], BinaryOp::Mul)?,
            "set" => h.set(&a)?,
            "fset" => h.frozenset(&a)?,
            "dict" => {
                // (`{x: i for i, x in enumerate(a)}`: a later equal key keeps the
                // first key and takes the later value.)
                let d = h.dict(&[])?;
                for (i, x) in a.iter().enumerate() {
                    h.setitem(&d, x, &Value::Int(i as i64))?;
                }
                d
            }
            "list" => h.list(&a)?,
            "sort" => {
                let l = h.list(&a)?;
                h.call_method(&l, "sort", &[])?;
                l
            }
            "inl" => h.contains(&h.list(&a[1..])?, &a[0])?.into(),
            "ins" => h.contains(&h.set(&a[1..])?, &a[0])?.into(),
            op => unreachable!("{op} is in OPS"),
        };
        fmt(h, &r)
    }
}

// ------------------------------------------------- strings: the lethe runner

harness_tests!(
    strings_random,
    "strings",
    strings::run,
    STRINGS_SEQS,
    strings_edge
);

/// Sequences `strings_random` runs by default (seeds from 0).
const STRINGS_SEQS: u64 = 1000;

/// Runs `strings_gen.py`'s operations on `str` values on lethe, printing what
/// `strings_run.py` prints on CPython.
mod strings {
    use super::run_sequences;
    use super::value_ops::{args_of, basic_value, fmt, text};
    use lethe::{Builtin, Error, Heap, Result, Value};

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            let w = World::new(&heap);
            super::value_ops::run_lines(&heap, cur, out, |words| w.op(words));
        })
    }

    struct World<'h> {
        h: &'h Heap,
        /// `class S(str): pass`
        s_class: Value,
        /// `Idx`: `__index__` returns its `n`, or raises `ValueError('ix')`.
        idx: Value,
        /// `Q`, whose `__str__` answers by its `code`, and `R`, whose `__repr__`
        /// does.
        q_class: Value,
        r_class: Value,
    }

    /// `strings_run.py`'s `answer`: a `__str__`'s or `__repr__`'s by `code`.
    fn answer(h: &Heap, s_class: &Value, me: &Value) -> Result<Value> {
        match h.getattr(me, "code")?.as_str() {
            Some("s") => Ok("q!".into()),
            Some("S") => h.call(s_class, &["q!".into()]),
            Some("i") => Ok(5.into()),
            _ => Err(Error::ValueError("q".into())),
        }
    }

    impl<'h> World<'h> {
        fn new(h: &'h Heap) -> World<'h> {
            let s_class = h.class("S").base(&h.builtin(Builtin::Str)).build().unwrap();
            let idx = h
                .class("Idx")
                .method("__index__", |h, a| {
                    let n = h.getattr(a.get(0)?, "n")?;
                    if n.is_none() {
                        return Err(Error::ValueError("ix".into()));
                    }
                    Ok(n)
                })
                .build()
                .unwrap();
            let sc = s_class.clone();
            let q_class = h
                .class("Q")
                .method("__str__", move |h, a| answer(h, &sc, a.get(0)?))
                .build()
                .unwrap();
            let sc = s_class.clone();
            let r_class = h
                .class("R")
                .method("__repr__", move |h, a| answer(h, &sc, a.get(0)?))
                .build()
                .unwrap();
            World {
                h,
                s_class,
                idx,
                q_class,
                r_class,
            }
        }

        /// A value token (`strings_gen.py`'s docstring).
        fn val(&self, t: &str) -> Result<Value> {
            let h = self.h;
            if let Some(v) = basic_value(h, t)? {
                return Ok(v);
            }
            Ok(match t {
                "P" => h.tuple(&["x".into()])?,
                _ => {
                    let (kind, rest) = t.split_once(':').unwrap();
                    match kind {
                        "S" => h.call(&self.s_class, &[text(rest).into()])?,
                        "q" | "r" => {
                            let class = if kind == "q" {
                                &self.q_class
                            } else {
                                &self.r_class
                            };
                            let o = h.call(class, &[])?;
                            h.setattr(&o, "code", &rest.into())?;
                            o
                        }
                        "x" => {
                            let o = h.call(&self.idx, &[])?;
                            let n = match rest {
                                "R" => Value::None,
                                n => Value::Int(n.parse().unwrap()),
                            };
                            h.setattr(&o, "n", &n)?;
                            o
                        }
                        _ => panic!("token {t}"),
                    }
                }
            })
        }

        fn vals(&self, toks: &[&str]) -> Result<Vec<Value>> {
            toks.iter().map(|t| self.val(t)).collect()
        }

        /// The positional and keyword (`name=TOKEN`) arguments of a call.
        fn call(&self, f: &Value, toks: &[&str]) -> Result<Value> {
            let (args, kwargs) = args_of(toks, &|t| self.val(t))?;
            self.h.call_kw(f, &args, &kwargs)
        }

        fn op(&self, w: &[&str]) -> Result<String> {
            let h = self.h;
            if let Some(shown) = super::value_ops::run(h, w, &|t| self.val(t)) {
                return shown;
            }
            match w[0] {
                "bytes" | "strc" | "Sc" => {
                    let f = match w[0] {
                        "bytes" => h.builtin(Builtin::Bytes),
                        "strc" => h.builtin(Builtin::Str),
                        _ => self.s_class.clone(),
                    };
                    return fmt(h, &self.call(&f, &w[1..])?);
                }
                "dec" => {
                    let b = self.val(w[1])?;
                    let m = h.getattr(&b, "decode")?;
                    return fmt(h, &self.call(&m, &w[2..])?);
                }
                _ => {}
            }
            let a = self.vals(&w[1..])?;
            let r = match w[0] {
                "tuple" => h.tuple(&a)?,
                "lstr" => h.str(&h.list(&a)?)?.into(),
                "int" => h.call(&h.builtin(Builtin::Int), &a)?,
                "float" => h.call(&h.builtin(Builtin::Float), &a)?,
                op => panic!("op {op}"),
            };
            fmt(h, &r)
        }
    }
}

// ------------------------------------------------- numbers: the lethe runner

/// Sequences `numbers_random` runs by default (seeds from 0).
const NUMBERS_SEQS: u64 = 1000;

harness_tests!(
    numbers_random,
    "numbers",
    numbers::run,
    NUMBERS_SEQS,
    numbers_edge
);

/// Runs `numbers_gen.py`'s operations on ints, floats and bools on lethe, printing
/// what `numbers_run.py` prints on CPython.
mod numbers {
    use super::{py_bool, run_sequences};
    use lethe::{BinaryOp, Builtin, CompareOp, Error, Heap, UnaryOp, Value};

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "", |cur, _, out| {
            let heap = Heap::new();
            let class = |name: &str, base: Builtin| {
                let b = heap.builtin(base);
                heap.class(name).base(&b).build().expect("a subclass")
            };
            let subs = [
                class("IntSub", Builtin::Int),
                class("FloatSub", Builtin::Float),
            ];
            for (i, line) in cur.iter().enumerate() {
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    op(&heap, &subs, line)
                }));
                let result = match r {
                    Ok(s) => s,
                    Err(p) => format!("PANIC {}", super::panic_text(p)),
                };
                out.push(format!("{i} {line} -> {result}"));
                super::check_heap(&heap, i, out);
            }
        })
    }

    /// `%XX` escapes decoded (`numbers_gen.py`'s `encode`).
    fn unquote(s: &str) -> String {
        let b = s.as_bytes();
        let mut bytes = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' {
                bytes.push(u8::from_str_radix(&s[i + 1..i + 3], 16).expect("an escape"));
                i += 3;
            } else {
                bytes.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(bytes).expect("UTF-8")
    }

    /// An operand: `i:N`, `f:REPR`, `b:True`, `n:`, `s:TEXT`, or `I:N` and `F:REPR`,
    /// an instance of `subs`, the subclasses of int and float, made from the number.
    fn value(h: &Heap, subs: &[Value; 2], tok: &str) -> Value {
        let (kind, text) = tok.split_once(':').expect("kind:text");
        match kind {
            "i" => Value::Int(text.parse().expect("an int")),
            "f" => Value::Float(text.parse().expect("a float")),
            "I" | "F" => {
                let (class, n) = match kind {
                    "I" => (&subs[0], Value::Int(text.parse().expect("an int"))),
                    _ => (&subs[1], Value::Float(text.parse().expect("a float"))),
                };
                h.call(class, &[n]).expect("an instance")
            }
            "b" => Value::Bool(text == "True"),
            "n" => Value::None,
            "s" => unquote(text).into(),
            _ => panic!("operand {tok}"),
        }
    }

    fn err(e: &Error) -> String {
        match e.to_string() {
            // NORMALIZE (as `numbers_run.py`'s `shown`): CPython's complex result.
            m if m.contains("the result is complex") => "complex".into(),
            m => format!("!{m}"),
        }
    }

    fn shown(h: &Heap, r: lethe::Result<Value>) -> String {
        match r.and_then(|v| Ok(format!("{} {}", h.type_name(&v), h.repr(&v)?))) {
            Ok(s) => s,
            Err(e) => err(&e),
        }
    }

    fn op(h: &Heap, subs: &[Value; 2], line: &str) -> String {
        let w: Vec<&str> = line.split_whitespace().collect();
        let value = |tok| value(h, subs, tok);
        let x = value(if w[0] == "un" { w[2] } else { w[1] });
        match w[0] {
            "bin" => {
                let op = BinaryOp::ALL
                    .into_iter()
                    .find(|o| o.symbol() == w[2])
                    .expect("an operator");
                let y = value(w[3]);
                if op == BinaryOp::Mod && matches!(x, Value::Str(_)) {
                    return "skipped".into();
                }
                format!(
                    "{} ; {}",
                    shown(h, h.binary_op(&x, &y, op)),
                    shown(h, h.inplace_op(&x, &y, op))
                )
            }
            "un" => {
                let op = match w[1] {
                    "neg" => UnaryOp::Neg,
                    "pos" => UnaryOp::Pos,
                    "invert" => UnaryOp::Invert,
                    "abs" => UnaryOp::Abs,
                    o => panic!("unary {o}"),
                };
                shown(h, h.unary_op(&x, op))
            }
            "repr" => match (h.repr(&x), h.str(&x)) {
                (Ok(r), Ok(s)) => format!("{r} ; {s}"),
                (Err(e), _) | (_, Err(e)) => err(&e),
            },
            "hash" => {
                let float = h.builtin(Builtin::Float);
                let nan = h.isinstance(&x, &float).unwrap()
                    && h.call(&float, std::slice::from_ref(&x))
                        .unwrap()
                        .as_float()
                        .unwrap()
                        .is_nan();
                match h.hash(&x) {
                    // NORMALIZE (as `numbers_run.py`): a NaN's hash.
                    Ok(_) if nan => "hash of nan".into(),
                    r => shown(h, r.map(Value::Int)),
                }
            }
            "truth" => match h.truthy(&x) {
                Ok(b) => py_bool(b),
                Err(e) => err(&e),
            },
            "cmp" => {
                let y = value(w[2]);
                let b = |r: lethe::Result<bool>| match r {
                    Ok(b) => py_bool(b),
                    Err(e) => err(&e),
                };
                let mut all = vec![b(h.eq(&x, &y)), b(h.ne(&x, &y))];
                for op in [CompareOp::Lt, CompareOp::Le, CompareOp::Gt, CompareOp::Ge] {
                    all.push(b(h.compare(&x, &y, op)));
                }
                all.join(" ")
            }
            "int" | "float" | "bool" => {
                let t = match w[0] {
                    "int" => Builtin::Int,
                    "float" => Builtin::Float,
                    _ => Builtin::Bool,
                };
                shown(h, h.call(&h.builtin(t), &[x]))
            }
            "intb" => shown(h, h.call(&h.builtin(Builtin::Int), &[x, value(w[2])])),
            "index" => shown(h, h.as_index(&x).map(Value::Int)),
            o => panic!("op {o}"),
        }
    }
}

// --------------------------------------------------- bytes: the lethe runner

/// Sequences `bytes_random` runs by default (seeds from 0).
const BYTES_SEQS: u64 = 5000;

harness_tests!(bytes_random, "bytes", bytes::run, BYTES_SEQS, bytes_edge);

/// Runs `bytes_gen.py`'s operations on `bytes` values on lethe, printing what
/// `bytes_run.py` prints on CPython.
mod bytes {
    use super::run_sequences;
    use super::value_ops::{Args, args_of, basic_value, fmt};
    use lethe::{BinaryOp, Builtin, Error, Heap, Result, Value};

    pub fn run(ops: &str) -> String {
        run_sequences(ops, "py", |cur, py, out| {
            let heap = Heap::new();
            let w = World::new(&heap, py);
            super::value_ops::run_lines(&heap, cur, out, |words| w.op(words));
        })
    }

    struct World<'h> {
        h: &'h Heap,
        /// Whether to call methods through the bound method (a `py` sequence), not
        /// `Heap::call_method`.
        py: bool,
        /// `Idx`: `__index__` answers by its `code` (`R` raises `ValueError('ix')`,
        /// `E` `TypeError('ixt')`, `s` returns `'a'`, else that int).
        idx: Value,
        /// `Bb`: `__bytes__` answers by its `code`.
        bb: Value,
        /// `It`: an iterator over its list `items` (the class itself among them
        /// raises `ValueError('it')`).
        it: Value,
        /// `class I(int)`.
        int_class: Value,
        /// `Y(Idx)`, whose `__iter__` gives `97, 98`.
        y: Value,
        /// `Z` (a plain class) and `Zn` (`__bytes__ = None`).
        z: Value,
        zn: Value,
        /// `M`, whose `__index__` changes its container `c` by its `k`.
        m: Value,
        /// The referents of the sequence's proxies.
        keep: std::cell::RefCell<Vec<Value>>,
    }

    impl<'h> World<'h> {
        fn new(h: &'h Heap, py: bool) -> World<'h> {
            let int_class = h.class("I").base(&h.builtin(Builtin::Int)).build().unwrap();
            let idx = h
                .class("Idx")
                .attr("int_class", int_class.clone())
                .method("__index__", |h, a| {
                    let code = h.getattr(a.get(0)?, "code")?;
                    match code.as_str().unwrap() {
                        "R" => Err(Error::ValueError("ix".into())),
                        "E" => Err(Error::TypeError("ixt".into())),
                        "s" => Ok("a".into()),
                        "t" => Ok(true.into()),
                        "i" => {
                            let int_class = h.getattr(a.get(0)?, "int_class")?;
                            h.call(&int_class, &[Value::Int(97)])
                        }
                        n => Ok(Value::Int(n.parse().unwrap())),
                    }
                })
                .build()
                .unwrap();
            let bb = h
                .class("Bb")
                .method("__bytes__", |h, a| {
                    let code = h.getattr(a.get(0)?, "code")?;
                    match code.as_str().unwrap() {
                        "b" => h.bytes(b"by"),
                        "s" => Ok("by".into()),
                        "i" => Ok(5.into()),
                        _ => Err(Error::ValueError("bb".into())),
                    }
                })
                .build()
                .unwrap();
            let it = h
                .class("It")
                .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
                .method("__next__", |h, a| {
                    let me = a.get(0)?;
                    let items = h.getattr(me, "items")?;
                    let at = h.getattr(me, "at")?.as_int().unwrap();
                    if at >= h.len(&items)? as i64 {
                        return Err(Error::StopIteration(String::new()));
                    }
                    let x = h.getitem(&items, &Value::Int(at))?;
                    h.setattr(me, "at", &Value::Int(at + 1))?;
                    if x.is(&h.type_of(me)?) {
                        return Err(Error::ValueError("it".into()));
                    }
                    Ok(x)
                })
                .build()
                .unwrap();
            let y = h
                .class("Y")
                .base(&idx)
                .method("__iter__", |h, _| {
                    h.iterator(&h.list(&[Value::Int(97), Value::Int(98)])?)
                })
                .build()
                .unwrap();
            let z = h.class("Z").build().unwrap();
            let zn = h
                .class("Zn")
                .attr("__bytes__", Value::None)
                .build()
                .unwrap();
            let m = h
                .class("M")
                .method("__index__", |h, a| {
                    let me = a.get(0)?;
                    let c = h.getattr(me, "c")?;
                    let k = h.getattr(me, "k")?;
                    let kind = h.type_name(&c);
                    let int = |i: i64| Value::Int(i);
                    match (k.as_str().unwrap(), kind.as_str()) {
                        ("a", "list") => drop(h.call_method(&c, "append", &[int(99)])?),
                        ("a", "dict") => h.setitem(&c, &int(99), &int(3))?,
                        ("a", "set") => drop(h.call_method(&c, "add", &[int(99)])?),
                        ("c", "list" | "dict" | "set") => drop(h.call_method(&c, "clear", &[])?),
                        ("p", "dict") => drop(h.call_method(&c, "popitem", &[])?),
                        ("p", "list" | "set") => drop(h.call_method(&c, "pop", &[])?),
                        ("x", "list") => h.setitem(&c, &int(2), &int(300))?,
                        ("x", "dict") => h.setitem(&c, &int(100), &int(5))?,
                        ("x", "set") => drop(h.call_method(&c, "discard", &[int(5)])?),
                        ("k", "dict") => {
                            h.call_method(&c, "pop", &[int(98)])?;
                            h.setitem(&c, &int(99), &int(0))?;
                        }
                        ("k", "list") => {
                            h.setattr(me, "k", &"n".into())?;
                            h.call_method(&c, "insert", &[int(0), int(97)])?;
                        }
                        _ => {}
                    }
                    Ok(int(97))
                })
                .build()
                .unwrap();
            World {
                h,
                py,
                m,
                idx,
                bb,
                it,
                int_class,
                y,
                z,
                zn,
                keep: Default::default(),
            }
        }

        /// A value token (`bytes_gen.py`'s docstring).
        fn val(&self, t: &str) -> Result<Value> {
            let h = self.h;
            if let Some(v) = basic_value(h, t)? {
                return Ok(v);
            }
            Ok(match t {
                "R" => self.it.clone(),
                _ => {
                    let (kind, rest) = t.split_once(':').unwrap();
                    match kind {
                        "I" => h.call(&self.int_class, &[Value::Int(rest.parse().unwrap())])?,
                        "Z" if rest == "n" => h.call(&self.zn, &[])?,
                        "Z" => {
                            let o = h.call(&self.z, &[])?;
                            h.setattr(&o, "__bytes__", &h.bytes(b"z")?)?;
                            o
                        }
                        "p" => {
                            let o = self.val(rest)?;
                            self.keep.borrow_mut().push(o.clone());
                            h.proxy(&o, None)?
                        }
                        "D" => {
                            let d = h.dict(&[])?;
                            if !rest.is_empty() {
                                for (i, t) in rest.split('|').enumerate() {
                                    h.setitem(&d, &self.val(t)?, &Value::Int(i as i64))?;
                                }
                            }
                            d
                        }
                        "x" | "B" | "Y" => {
                            let class = match kind {
                                "x" => &self.idx,
                                "Y" => &self.y,
                                _ => &self.bb,
                            };
                            let o = h.call(class, &[])?;
                            h.setattr(&o, "code", &rest.into())?;
                            o
                        }
                        "t" | "l" | "g" => {
                            let items = match rest {
                                "" => Vec::new(),
                                _ => self.vals(&rest.split('|').collect::<Vec<_>>())?,
                            };
                            match kind {
                                "t" => h.tuple(&items)?,
                                "l" => h.list(&items)?,
                                _ => {
                                    let o = h.call(&self.it, &[])?;
                                    h.setattr(&o, "items", &h.list(&items)?)?;
                                    h.setattr(&o, "at", &Value::Int(0))?;
                                    o
                                }
                            }
                        }
                        _ => panic!("token {t}"),
                    }
                }
            })
        }

        fn vals(&self, toks: &[&str]) -> Result<Vec<Value>> {
            toks.iter().map(|t| self.val(t)).collect()
        }

        /// The positional and keyword (`name=TOKEN`) arguments of a call.
        fn args<'t>(&self, toks: &[&'t str]) -> Result<Args<'t>> {
            args_of(toks, &|t| self.val(t))
        }

        fn op(&self, w: &[&str]) -> Result<String> {
            let h = self.h;
            if let Some(shown) = super::value_ops::run(h, w, &|t| self.val(t)) {
                return shown;
            }
            match w[0] {
                "bytes" => {
                    let (args, kwargs) = self.args(&w[1..])?;
                    return fmt(h, &h.call_kw(&h.builtin(Builtin::Bytes), &args, &kwargs)?);
                }
                "mut" => {
                    let m = h.call(&self.m, &[])?;
                    h.setattr(&m, "k", &w[2].into())?;
                    let items = [Value::Int(98), m.clone(), Value::Int(100)];
                    let c = match w[1] {
                        "l" => h.list(&items)?,
                        "t" => h.tuple(&items)?,
                        "S" => h.set(std::slice::from_ref(&m))?,
                        _ => {
                            let d = h.dict(&[])?;
                            for (i, x) in items.iter().enumerate() {
                                h.setitem(&d, x, &Value::Int(i as i64))?;
                            }
                            d
                        }
                    };
                    h.setattr(&m, "c", &c)?;
                    return fmt(h, &h.call(&h.builtin(Builtin::Bytes), &[c])?);
                }
                "attr" => return fmt(h, &h.getattr(&self.val(w[2])?, w[1])?),
                "m" => {
                    let me = self.val(w[2])?;
                    let (args, kwargs) = self.args(&w[3..])?;
                    let r = if self.py || !kwargs.is_empty() {
                        h.call_kw(&h.getattr(&me, w[1])?, &args, &kwargs)?
                    } else {
                        h.call_method(&me, w[1], &args)?
                    };
                    return fmt(h, &r);
                }
                "is" => {
                    let a = self.val(w[2])?;
                    let empty = h.bytes(b"")?;
                    let r = match w[1] {
                        "bytes" => h.call(&h.builtin(Builtin::Bytes), std::slice::from_ref(&a))?,
                        "addr" => h.binary_op(&a, &empty, BinaryOp::Add)?,
                        "addl" => h.binary_op(&empty, &a, BinaryOp::Add)?,
                        "mul" => h.binary_op(&a, &self.val(w[3])?, BinaryOp::Mul)?,
                        "sl" => {
                            let s =
                                h.slice(&self.val(w[3])?, &self.val(w[4])?, &self.val(w[5])?)?;
                            h.getitem(&a, &s)?
                        }
                        _ => h.call_method(&a, "__bytes__", &[])?,
                    };
                    return fmt(h, &Value::Bool(r.is(&a)));
                }
                _ => {}
            }
            let a = self.vals(&w[1..])?;
            let r = match w[0] {
                "hasht" => h.hash(&h.tuple(&a)?)?.into(),
                op => panic!("op {op}"),
            };
            fmt(h, &r)
        }
    }
}
