//! # lethe
//!
//! An embeddable object runtime with a tracing garbage collector that reproduces
//! Python's `weakref` semantics: weak references with callbacks, proxies,
//! `WeakMethod`, `finalize`, `WeakValueDictionary`, `WeakKeyDictionary` (with an
//! optional ephemeron mode) and `WeakSet`, with collection happening only when the
//! application asks for it.
//!
//! ```
//! use lethe::{Heap, Value};
//!
//! let heap = Heap::new();
//! let employee = heap
//!     .class("Employee")
//!     .method("__repr__", |_, _| Ok("William".into()))
//!     .build()?;
//! let william = heap.call(&employee, &[])?;
//!
//! let log = heap.list(&[])?;
//! let callback = heap.closure("callback", &[log.clone()], |heap, args| {
//!     heap.list_append(&args.captures[0], &heap.repr(args.get(0)?)?.into())?;
//!     Ok(Value::None)
//! })?;
//! let r = heap.weakref(&william, Some(&callback))?;
//! assert!(heap.call(&r, &[])?.is(&william));
//!
//! drop(william);                          // eligible, still there
//! assert!(!heap.call(&r, &[])?.is_none());
//! let report = heap.collect();             // cleared, callback run, freed
//! assert_eq!(report.freed, 1);
//! assert!(heap.call(&r, &[])?.is_none());
//! assert!(heap.repr(&log)?.contains("; dead>"));
//! # Ok::<(), lethe::Error>(())
//! ```
//!
//! ## The API at a glance
//!
//! - [`Heap`]: the heap (single-threaded: neither `Send` nor `Sync`). Objects are made
//!   with [`Heap::list`], [`Heap::dict`], [`Heap::class`] (a [`ClassBuilder`]; a class
//!   declared with [`ClassBuilder::fields`] gets a `@dataclass`-style `__init__`, and
//!   a call with one positional argument per field makes the instance in one pass),
//!   [`Heap::function`]/[`Heap::closure`] and by calling classes ([`Heap::call`]).
//!   A native function receives its arguments as [`Args`]; [`Args::bind`] binds them
//!   to named parameters as a Python function's are, with CPython's messages.
//! - [`Value`]: what the application holds; heap objects through [`Obj`] handles.
//! - `bytes`, CPython's immutable byte string, is a heap object: [`Heap::bytes`] makes
//!   one, [`Heap::as_bytes`] reads one back, and the type object
//!   ([`Builtin::Bytes`]) is CPython's constructor (`bytes(3)`, `bytes([1, 2])`,
//!   `bytes(s, "utf-8")`, a class's `__bytes__`, a proxy's referent's). It has
//!   `len`, `in`, indexing, iteration, comparisons, hashing, `+`, `*` and the
//!   methods `count`, `find`, `rfind`, `index`, `rindex`, `startswith`,
//!   `endswith`, `decode` (UTF-8, ASCII, Latin-1) and `__bytes__`.
//!
//!   ```
//!   let heap = lethe::Heap::new();
//!   let b = heap.bytes(b"it's")?;
//!   assert_eq!(heap.repr(&b)?, r#"b"it's""#);
//!   assert_eq!(heap.call_method(&b, "decode", &[])?.as_str(), Some("it's"));
//!   let err = heap.contains(&b, &"i".into()).unwrap_err();
//!   assert_eq!(err.to_string(), "TypeError: a bytes-like object is required, not 'str'");
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - Slices: [`Heap::slice`] makes `slice(start, stop, step)` (the type object,
//!   [`Builtin::Slice`], is CPython's constructor), and [`Heap::getitem`] of a list,
//!   tuple, str or bytes with one is `seq[start:stop:step]`; [`Heap::setitem`] and
//!   [`Heap::delitem`] of a list with one assign and delete a slice; a user class's
//!   `__getitem__` receives the slice object.
//!
//!   ```
//!   use lethe::Value;
//!   let heap = lethe::Heap::new();
//!   let l = heap.list(&[1.into(), 2.into(), 3.into(), 4.into()])?;
//!   let odd = heap.slice(&Value::None, &Value::None, &2.into())?;
//!   assert_eq!(heap.repr(&heap.getitem(&l, &odd)?)?, "[1, 3]");
//!   heap.delitem(&l, &odd)?;
//!   assert_eq!(heap.repr(&l)?, "[2, 4]");
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - Python's protocols as methods: [`Heap::repr`], [`Heap::eq`], [`Heap::hash`],
//!   [`Heap::getattr`], [`Heap::getitem`], [`Heap::iter`], [`Heap::compare`]… (the
//!   comparisons as `bool`s; [`Heap::rich_eq`], [`Heap::rich_ne`] and
//!   [`Heap::rich_compare`] give what the expression gives, a user method's result
//!   as it returned it); calling [`Builtin::Int`] or [`Builtin::Float`]
//!   ([`Heap::builtin`]) is `int(x)` or `float(x)`, which ask a user class's
//!   `__int__` or `__float__`, `__index__` and `__trunc__` as CPython 3.11 does
//! - Python's iterator protocol: [`Heap::iterator`] (`iter(x)`), [`Heap::next`]
//!   (`next(it)`, `None` at the end), [`Heap::reversed`], with CPython's builtin
//!   iterator objects (`list_iterator`, `dict_keyiterator`, `reversed`…) and a user
//!   class's `__iter__`, `__next__` (ended by [`Error::StopIteration`]),
//!   `__reversed__` and `__getitem__`; [`Heap::as_index`] is `operator.index`
//!   (`__index__`) and [`Heap::length_hint`] is `operator.length_hint` (`__len__`,
//!   `__length_hint__`, a builtin iterator's items left). A proxy forwards them to
//!   its referent.
//!
//!   ```
//!   let heap = lethe::Heap::new();
//!   let countdown = heap
//!       .class("Countdown")
//!       .attr("n", 3.into())
//!       .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
//!       .method("__next__", |h, a| {
//!           let n = h.getattr(a.get(0)?, "n")?.as_int().unwrap_or(0);
//!           if n == 0 {
//!               return Err(lethe::Error::StopIteration(String::new()));
//!           }
//!           h.setattr(a.get(0)?, "n", &(n - 1).into())?;
//!           Ok(n.into())
//!       })
//!       .build()?;
//!   let c = heap.call(&countdown, &[])?;
//!   let l = heap.list(&[])?;
//!   heap.call_method(&l, "extend", &[heap.proxy(&c, None)?])?;
//!   assert_eq!(heap.repr(&l)?, "[3, 2, 1]");
//!   assert!(heap.next(&c)?.is_none());
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - Python's operators: [`Heap::binary_op`] (`a + b`, every [`BinaryOp`]),
//!   [`Heap::inplace_op`] (`a += b`) and [`Heap::unary_op`] (`-a`, `+a`, `~a`,
//!   `abs(a)`: [`UnaryOp`]), with CPython's order of asking the operands' methods
//!   (`__add__`, the reflected `__radd__`, the in-place `__iadd__`) and
//!   [`NotImplemented`](Heap::not_implemented), which a user method returns to
//!   decline (comparison methods too); a proxy operand stands for its referent.
//!
//!   ```
//!   use lethe::{BinaryOp, Heap};
//!   let heap = Heap::new();
//!   let money = heap
//!       .class("Money")
//!       .method("__add__", |h, a| match a.get(1)?.as_int() {
//!           Some(n) => Ok(format!("money + {n}").into()),
//!           None => Ok(h.not_implemented()),
//!       })
//!       .build()?;
//!   let m = heap.call(&money, &[])?;
//!   let p = heap.proxy(&m, None)?;
//!   assert_eq!(heap.binary_op(&p, &2.into(), BinaryOp::Add)?.as_str(), Some("money + 2"));
//!   let err = heap.binary_op(&m, &"x".into(), BinaryOp::Add).unwrap_err();
//!   assert_eq!(err.to_string(), "TypeError: unsupported operand type(s) for +: 'Money' and 'str'");
//!   let l = heap.list(&[1.into()])?;
//!   heap.inplace_op(&l, &heap.tuple(&[2.into()])?, BinaryOp::Add)?;
//!   assert_eq!(heap.repr(&l)?, "[1, 2]");
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - Methods by name: [`Heap::getattr`], [`Heap::call_method`] and [`Heap::hasattr`]
//!   reach a user class's methods, the Python-level methods of the weak containers
//!   and of `finalize` (`keyrefs`, `peek`…), and the methods of the builtin
//!   containers, each a bound `builtin_function_or_method` made per access as in
//!   CPython ([`Builtin::BuiltinMethod`]), with CPython's argument binding and
//!   messages: `list` `append`, `extend`, `insert`, `remove`, `pop`, `clear`, `copy`,
//!   `index`, `count`, `reverse`, `sort(key=, reverse=)` (CPython 3.11's timsort:
//!   the same `<` comparisons in the same order, whatever the length); `dict` `get`, `setdefault`,
//!   `pop`, `popitem`, `update`, `copy`, `clear`, `keys`, `values`, `items` (these
//!   three return CPython's live views, [`Builtin::DictKeys`], [`Builtin::DictValues`],
//!   [`Builtin::DictItems`]: `len`, iteration, `reversed`, `in`, repr, `==`, and for
//!   keys and items the set comparisons, `&`, `|`, `-`, `^` and `isdisjoint`); `set`
//!   `add`, `discard`, `remove`, `pop`,
//!   `clear`, `copy`, `union`, `intersection`, `difference`, `symmetric_difference`,
//!   `update`, `intersection_update`, `difference_update`,
//!   `symmetric_difference_update`, `issubset`, `issuperset`, `isdisjoint`
//!   (`frozenset` those that do not change it, and `copy`); `tuple` `index` and
//!   `count`. The typed methods ([`Heap::get`], [`Heap::list_append`]…) do the same
//!   without the lookup.
//!
//!   ```
//!   let heap = lethe::Heap::new();
//!   let l = heap.list(&[3.into(), 1.into(), 2.into()])?;
//!   heap.call_method(&l, "sort", &[])?;
//!   let append = heap.getattr(&l, "append")?;
//!   heap.call(&append, &[4.into()])?;
//!   assert_eq!(heap.repr(&l)?, "[1, 2, 3, 4]");
//!   assert!(heap.repr(&append)?.starts_with("<built-in method append of list object at 0x"));
//!   let err = heap.call(&append, &[]).unwrap_err();
//!   assert_eq!(err.to_string(), "TypeError: list.append() takes exactly one argument (0 given)");
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - The `weakref` module: [`Heap::weakref`], [`Heap::proxy`], [`Heap::weak_method`],
//!   [`Heap::finalize`], [`Heap::getweakrefcount`], [`Heap::weak_value_dict`],
//!   [`Heap::weak_key_dict`] (and [`Heap::weak_key_dict_ephemeron`]), [`Heap::weak_set`].
//!   The weak containers also have typed handles, [`WeakValueDictionary`],
//!   [`WeakKeyDictionary`] and [`WeakSet`], whose methods take the heap and answer
//!   `None` for an absent or dead entry:
//!
//!   ```
//!   let heap = lethe::Heap::new();
//!   let cls = heap.class("Image").build()?;
//!   let cache = lethe::WeakValueDictionary::new(&heap)?;
//!   let logo = heap.call(&cls, &[])?;
//!   cache.insert(&heap, &"logo".into(), &logo)?;
//!   assert!(cache.get(&heap, &"logo".into())?.is_some_and(|v| v.is(&logo)));
//!   drop(logo);
//!   heap.collect();
//!   assert!(cache.get(&heap, &"logo".into())?.is_none());
//!   // The same container, for the generic methods:
//!   assert!(heap.repr(cache.as_value())?.starts_with("<WeakValueDictionary at 0x"));
//!   # Ok::<(), lethe::Error>(())
//!   ```
//! - Collection: [`Heap::collect`], [`Heap::step`], [`Heap::stats`], [`Heap::shutdown`],
//!   [`Heap::verify`]; what a collection did is its [`CollectReport`].
//!
//! ## The order of one collection
//!
//! 1. Mark from the roots (the handles the application holds, live finalizers,
//!    queued callbacks). The unmarked set is U.
//! 2. Clear every weak reference whose referent is in U, and every weak reference
//!    that is itself in U.
//! 3. Queue the callbacks of the cleared references that are reachable.
//! 4. Run them: referents in allocation order (oldest first), and for one referent
//!    the newest reference first. `finalize` finalizers are callbacks and run here.
//! 5. Run `__del__` once for each object of U whose class defines it.
//! 6. Mark again: what a callback or `__del__` made reachable survives (old weak
//!    references to it stay dead).
//! 7. Clear weak references made during 4–5 whose referent is still unreachable,
//!    without their callbacks (but a weak container's own removal, which runs no
//!    user code, still drops its entry). Objects made by 4–5 and dropped again were
//!    never in U: their callbacks and `__del__` run as in 4–5, and 4–7 repeat.
//! 8. Free the rest.
//!
//! When no object of U has a `__del__` to run, nothing can resurrect an object of U,
//! and lethe frees U first (8) and runs the callbacks after (4), which no program can
//! tell apart from the order above but costs time in proportion to the dead instead
//! of to everything weakly referenced: the moment freeing starts, every weak
//! reference to U reads `None` (2); each is cleared as its referent is freed (3);
//! the callbacks run when freeing is over, in the order of 4, before `collect()`
//! returns (or in the [`Heap::step`] that finishes the cycle). What the callbacks make
//! and drop is freed within the same `collect()` (7). Two differences are visible: a
//! freed object's payload is dropped before the callbacks run, not after, and
//! [`Heap::stats`] called from a callback no longer counts U.
//!
//! An error raised by a callback, finalizer or `__del__` is reported (a `WARN` event
//! `Exception ignored in: …` and an entry in [`CollectReport::errors`]); the
//! collection goes on. A panic in a native function is caught at the call and
//! becomes [`Error::Panic`]; a payload's `Drop` that panics when the collector frees
//! its object is reported the same way (`Exception ignored in: <payload of a freed
//! object>`); one that panics when the heap itself is dropped is caught too, and
//! reported by a `WARN` event only. Catching needs `panic = "unwind"` (the default), and the panic hook
//! still prints its message first.
//!
//! ## Which objects can be weakly referenced
//!
//! Instances of classes, functions, bound methods, classes, sets, frozensets (and
//! weak containers, `WeakMethod`s). Not lists, dicts, tuples, ints, strings, bytes, slices,
//! floats, bools, `None`, plain `object()`, refs, proxies or finalizers; instances of user
//! subclasses of list, dict, str, float, set and frozenset can be, of tuple and int cannot.
//!
//! ## Threads
//!
//! A [`Heap`] and the handles it gives out belong to the thread that made them:
//! neither [`Heap`] nor [`Value`] is `Send` or `Sync` (the collector's roots are
//! reference-counted cells, and a callback runs on the heap's thread, in its
//! collection). A thread may make as many heaps as it likes; each collects on its
//! own, and a handle given to a heap that did not make it is refused:
//!
//! ```
//! let (a, b) = (lethe::Heap::new(), lethe::Heap::new());
//! let cls = a.class("C").build()?;
//! let obj = a.call(&cls, &[])?;
//! let err = b.weakref(&obj, None).unwrap_err();
//! assert_eq!(err.to_string(), "RuntimeError: handle belongs to another heap");
//! # Ok::<(), lethe::Error>(())
//! ```
//!
//! To hand work to another thread, send what the values say (numbers, text) and
//! make the objects there, in that thread's heap. An [`Error`] holds only text, so
//! it is `Send + Sync + 'static` and goes into `Box<dyn std::error::Error + Send +
//! Sync>` or across a channel:
//!
//! ```
//! fn is_portable<E: std::error::Error + Send + Sync + 'static>(_: &E) {}
//! let heap = lethe::Heap::new();
//! let err = heap.getitem(&heap.list(&[])?, &0.into()).unwrap_err();
//! is_portable(&err);
//! let text = std::thread::spawn(move || err.to_string()).join().unwrap();
//! assert_eq!(text, "IndexError: list index out of range");
//! # Ok::<(), lethe::Error>(())
//! ```
//!
//! Moving a heap or a handle to another thread does not compile:
//!
//! ```compile_fail,E0277
//! let heap = lethe::Heap::new();
//! std::thread::spawn(move || heap.collect());
//! ```
//!
//! ```compile_fail,E0277
//! let heap = lethe::Heap::new();
//! let list = heap.list(&[]).unwrap();
//! std::thread::spawn(move || drop(list));
//! ```
//!
//! ## Where lethe differs from CPython
//!
//! The [`differences`] page lists where lethe answers otherwise than CPython 3.11, what
//! of Python it leaves out, and the known costs and limits of its design.
//!
//! ## Logging
//!
//! lethe logs through `tracing` under the target `lethe`:
//!
//! - **Spans**: `cycle` (`INFO`, field `n`) around each `collect()` cycle or
//!   [`Heap::step`], and inside it one per phase (`DEBUG`): `mark`, `clear`,
//!   `callbacks`, `del`, `remark`, `sweep`; `shutdown` (`INFO`) around
//!   [`Heap::shutdown`]'s finalizers.
//! - **`INFO` events**: `collection finished`, once per cycle, with the counts and
//!   phase times of its [`CollectReport`] (`cycle`, `freed`, `weakrefs_cleared`,
//!   `callbacks`, `finalizers`, `dels`, `resurrected`, `errors`, `mark_us`, `clear_us`,
//!   `callbacks_us`, `del_us`, `remark_us`, `sweep_us`) and the heap's totals after it
//!   (`live_objects`, `weakrefs`, `pending_finalizers`, as [`Heap::stats`] counts them);
//!   `shutdown finished`, with the finalizers it ran (`finalizers`), the `errors` it
//!   returns, and the same totals.
//! - **`DEBUG` events**: `weak reference cleared` (`weakref`, `referent`), `callback
//!   run` (`weakref`, `type_name`, `finalizer`, `ok`), `object freed` (`id`,
//!   `type_name`), `finalizer run at shutdown` (`finalizer`, `ok`). An object is named
//!   by its address (`0x…`), as its repr and [`Heap::id`] show it; a finalizer's
//!   callback by the address its `ref(obj, finalizer)` has or will have.
//! - **`WARN` events**: `Exception ignored in: …`, one per error a callback,
//!   finalizer, `__del__` or payload's `Drop` raised, with the error.
//!
//! The `object freed` events come from gc-arena's sweep, so they sit in gc-arena's
//! own span (`gc_arena`, `phase=Sweep`: its `tracing` feature), made when the sweep
//! began, rather than in lethe's `sweep`; dropping a heap frees
//! every object left, the builtin type objects (which [`Heap::stats`] leaves out)
//! among them, each with its `object freed` event. A finalizer that a `shutdown()`
//! called from a callback runs is logged and counted by `shutdown finished`, not by
//! the collection's report.
//!
//! A subscriber may call [`Heap::stats`] at any event; it must not call the heap's
//! other methods, as most events are emitted while the collector holds the arena (a
//! call then panics, saying so; the heap stays consistent, and collects as before
//! once the calls stop, though the objects freed in the step the panic left are
//! logged but in no report).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod arithmetic;
mod builtin_methods;
mod bytes;
mod class;
mod collector;
mod deferred;
mod dict;
mod dict_view;
pub mod differences;
mod error;
mod fields;
mod hash_index;
mod heap;
mod iteration;
mod list_sort;
mod methods;
mod native;
mod object;
mod ordering;
mod protocols;
mod report;
mod repr;
mod set_ops;
mod shape;
mod slice;
mod string;
mod types;
mod value;
mod verify;
mod weak_slots;
mod weakref;

pub use arithmetic::{BinaryOp, UnaryOp};
pub use class::ClassBuilder;
pub use collector::DEFAULT_STEP_BUDGET;
pub use error::{Error, Result};
pub use heap::Heap;
pub use native::Args;
pub use ordering::CompareOp;
pub use report::{CallbackError, CollectReport, PhaseTimes, Stats};
pub use string::Str;
pub use types::Builtin;
pub use value::{Obj, Value};
pub use weakref::containers::{WeakItems, WeakIter};
pub use weakref::finalize::FinalizerInfo;
pub use weakref::handles::{WeakKeyDictionary, WeakSet, WeakValueDictionary};

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
