//! What a collection did, and what the heap holds: the figures lethe reports.
//!
//! Invariant: every figure here is counted while the work happens (never estimated
//! afterwards), except [`Stats::bytes_held`], whose basis its documentation states.

use std::time::Duration;

use crate::Error;

/// An error raised by a weak-reference callback, finalizer or `__del__` during a
/// collection. The collection reported it and went on.
///
/// ```
/// use lethe::{Error, Heap};
/// let heap = Heap::new();
/// let cls = heap.class("C").build()?;
/// let o = heap.call(&cls, &[])?;
/// let bad = heap.function("bad", |_, _| Err(Error::ValueError("no".into())));
/// let _r = heap.weakref(&o, Some(&bad))?;
/// drop(o);
/// let report = heap.collect();
/// assert!(report.errors[0].context.starts_with("Exception ignored in: <function bad at 0x"));
/// assert_eq!(report.errors[0].error.to_string(), "ValueError: no");
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackError {
    /// `Exception ignored in: <repr of the callable>`, as CPython prints it.
    pub context: String,
    /// The error the callable returned.
    pub error: Error,
}

/// Time spent in each phase of one collection, each measured apart (their sum is
/// within the collection's own time). A slow callback shows in `callbacks`:
///
/// ```
/// use std::time::{Duration, Instant};
/// let heap = lethe::Heap::new();
/// let cls = heap.class("C").build()?;
/// let o = heap.call(&cls, &[])?;
/// let slow = heap.function("slow", |_, _| {
///     std::thread::sleep(Duration::from_millis(20));
///     Ok(lethe::Value::None)
/// });
/// let _r = heap.weakref(&o, Some(&slow))?;
/// drop(o);
/// let start = Instant::now();
/// let t = heap.collect().times;
/// let elapsed = start.elapsed();
/// assert!(t.callbacks >= Duration::from_millis(20));
/// let phases = [t.mark, t.clear, t.callbacks, t.del, t.remark, t.sweep];
/// assert!(phases.iter().sum::<Duration>() <= elapsed);
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhaseTimes {
    /// Marking from the roots (phase 1).
    pub mark: Duration,
    /// Clearing weak references and queueing callbacks (phases 2–3), and the clearing
    /// after the second marking (phase 7).
    pub clear: Duration,
    /// Running callbacks and finalizers (phase 4).
    pub callbacks: Duration,
    /// Running `__del__` (phase 5).
    pub del: Duration,
    /// Marking again (phase 6).
    pub remark: Duration,
    /// Freeing (phase 8).
    pub sweep: Duration,
}

/// The report of one collection, returned by [`Heap::collect`](crate::Heap::collect)
/// and by the [`step`](crate::Heap::step) that completes a cycle.
///
/// ```
/// let heap = lethe::Heap::new();
/// let cls = heap.class("C").build()?;
/// let o = heap.call(&cls, &[])?;
/// let _r = heap.weakref(&o, Some(&heap.function("cb", |_, _| Ok(lethe::Value::None))))?;
/// drop(o);
/// let report = heap.collect();
/// assert_eq!(report.freed, 1);
/// assert_eq!(report.weakrefs_cleared, 1);
/// assert_eq!(report.callbacks_run, 1);
/// assert!(report.errors.is_empty());
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CollectReport {
    /// The cycle's number (1 for the heap's first collection); 0 for a `collect()`
    /// that did nothing because it was called from inside a collection.
    pub cycle: u64,
    /// Objects freed (resurrected ones are not counted).
    pub freed: usize,
    /// Weak references (refs, proxies, WeakMethods, KeyedRefs) cleared, including
    /// those the library makes for itself: a weak container's references to its
    /// entries, a `WeakMethod`'s reference to its function, and the `ref(obj,
    /// finalizer)` of a live `finalize` (as CPython's `finalize` holds one; the
    /// finalizer stands for it until something asks for it, so it counts here
    /// without counting in [`Stats::weakrefs`]).
    pub weakrefs_cleared: usize,
    /// Weak-reference callbacks run (finalizers not included), including the
    /// library's own, as in CPython, where they are Python callbacks too: a weak
    /// container's removal of a dead entry, and a `WeakMethod`'s own callbacks on
    /// the deaths of its instance and of its function (CPython's `_cb`: one for each
    /// that dies, whether or not the `WeakMethod` was given a callback; the
    /// application's callback, which the first of them calls, does not count
    /// again). A finalizer that had already run or been detached, called as a
    /// callback, runs nothing and counts here.
    pub callbacks_run: usize,
    /// `weakref.finalize` finalizers run.
    pub finalizers_run: usize,
    /// `__del__` methods run.
    pub dels_run: usize,
    /// Objects that were unreachable at the first marking (and had weak references or
    /// a `__del__`) but were made reachable again by a callback or `__del__`.
    pub resurrected: usize,
    /// Errors raised by callbacks, finalizers and `__del__`, in the order they ran.
    pub errors: Vec<CallbackError>,
    /// Time per phase.
    pub times: PhaseTimes,
}

impl CollectReport {
    pub(crate) fn absorb(&mut self, other: CollectReport) {
        self.cycle = other.cycle.max(self.cycle);
        self.freed += other.freed;
        self.weakrefs_cleared += other.weakrefs_cleared;
        self.callbacks_run += other.callbacks_run;
        self.finalizers_run += other.finalizers_run;
        self.dels_run += other.dels_run;
        self.resurrected += other.resurrected;
        self.errors.extend(other.errors);
        self.times.mark += other.times.mark;
        self.times.clear += other.times.clear;
        self.times.callbacks += other.times.callbacks;
        self.times.del += other.times.del;
        self.times.remark += other.times.remark;
        self.times.sweep += other.times.sweep;
    }
}

/// A snapshot of what a heap holds, from [`Heap::stats`](crate::Heap::stats).
///
/// It counts every object not yet freed, the library's own among them: a weak
/// container's removal function and its weak reference to the container, the
/// `KeyedRef`s of a `WeakValueDictionary`, a `finalize`'s finalizer object. After a
/// collection some garbage may still be counted: what its callbacks and finalizers
/// let go of (a finalizer that just ran and its arguments, the `KeyedRef` of an entry
/// a weak container's callback just removed) was reachable when it marked, and the
/// next collection frees it ([`differences`](crate::differences), Collection). For a
/// leak check, collect twice before reading the counts.
///
/// ```
/// let heap = lethe::Heap::new();
/// let _l = heap.list(&[])?;
/// let stats = heap.stats();
/// assert_eq!(stats.live_objects, 1);
/// assert_eq!(stats.by_type, vec![("list".to_string(), 1)]);
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stats {
    /// Objects allocated and not yet freed (eligible ones included), not counting the
    /// builtin type objects every heap starts with, nor what lives as long as they do
    /// (`NotImplemented`, and a builtin type's `__weakref__` descriptor once read).
    pub live_objects: usize,
    /// The same, by type name, largest first (ties by name).
    pub by_type: Vec<(String, usize)>,
    /// Weak reference objects (refs, proxies, WeakMethods, KeyedRefs) not yet freed. A
    /// finalizer's `ref(obj, finalizer)` is an object only once
    /// [`getweakrefs`](crate::Heap::getweakrefs) (or `obj.__weakref__`, when it is
    /// the first) has asked for it (until then the finalizer stands for it), so it
    /// counts from then on.
    pub weakrefs: usize,
    /// Finalizers registered and not yet run or detached. After
    /// [`shutdown`](crate::Heap::shutdown), those whose `atexit` is false still
    /// count: they stay `alive`, as CPython's do, though nothing will run them.
    pub pending_finalizers: usize,
    /// Collection cycles completed.
    pub cycles: u64,
    /// Bytes held by object records: `live_objects` times the size of one arena
    /// allocation of an object (its record and gc-arena's header: 120 bytes on a
    /// 64-bit target, what the allocator is asked for). Variable-size parts (list
    /// buffers, the attribute vectors of instances with more than three attributes, the boxed attributes of
    /// classes and functions, strings, payloads, the table of weak slots) are not
    /// included.
    pub bytes_held: usize,
}
