//! The collection cycle: gc-arena's marking and sweeping, with lethe's weak-reference
//! phases in between.
//!
//! Invariant: no cycle passes gc-arena's *Marked* phase without the weak-slot pass.
//! Cycles are driven only through `finish_marking`/`mark_debt` → `finalize` →
//! `start_sweeping` → `finish_cycle`/`cycle_debt`; `collect_debt` and a `finish_cycle`
//! from a marking phase, which run straight through *Marked*, are never called.
//!
//! One collection, in the order of the spec (§2):
//! 1. mark from the roots; the unmarked set is U;
//! 2. clear every weak reference whose referent is in U, and every weak reference
//!    that is itself in U (all clearing happens before any callback);
//! 3. queue the callbacks of the cleared references that are reachable (held strongly
//!    by the queue until they have run);
//! 4. run them: referents in allocation order, per referent newest reference first;
//! 5. run `__del__` once for each object of U whose class defines it;
//! 6. mark again (what a callback or `__del__` made reachable survives);
//! 7. clear weak references made meanwhile whose referent is still unreachable; for
//!    objects made meanwhile that died, queue their callbacks and `__del__` as in 3
//!    (then 4–7 again, at most `MAX_DEL_ROUNDS` times);
//! 8. sweep.
//!
//! That is the *full* path, taken when some object of U has a `__del__` to run (or a
//! previous collection left work queued): only a `__del__` can resurrect, so only then
//! must clearing visibly precede freeing. Otherwise the *sweep* path runs, with the
//! same observable order and work in proportion to the dead rather than to the weakly
//! referenced: after marking, the sweep starts at once, and from that moment gc-arena
//! refuses to upgrade a weak pointer to any object of U, so every weak reference to U
//! reads dead at the same instant (step 2). As the sweep frees a weakly referenced
//! object, its ticket reports it (`weak_slots.rs`); after each sweep step the
//! collector clears that slot's references and gathers their callbacks (step 3); when
//! the sweep is over they run in the order of step 4. Objects the callbacks made and
//! dropped are freed by a follow-up pass of the same collection (what step 7 does on
//! the full path), and so is what they let go of, on either path, if they allocated.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Instant;

use gc_arena::arena::CollectionPhase;
use gc_arena::{Collect, Finalization, Gc};
use tracing::{debug, debug_span, info, info_span, warn};

use crate::heap::{HeapRoot, LogAddress};
use crate::object::{GcObj, Kind, Val, WeakObj};
use crate::protocols::find_in_class;
use crate::report::{CallbackError, CollectReport, Stats};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Heap, Value};

/// The default work budget of one [`Heap::step`], in gc-arena work units (roughly
/// one unit per object marked or swept, two per object freed): about a quarter of a
/// millisecond on a 2-core x86_64 server of 2026 (`max_step_us` in the benchmarks).
///
/// ```
/// let heap = lethe::Heap::new();
/// let _keep = heap.list(&[])?;
/// let mut steps = 0;
/// while heap.step(lethe::DEFAULT_STEP_BUDGET).is_none() {
///     steps += 1;
/// }
/// assert!(steps < 10, "a tiny heap takes a handful of steps");
/// # Ok::<(), lethe::Error>(())
/// ```
pub const DEFAULT_STEP_BUDGET: f64 = 2048.0;

/// gc-arena's work factors, calibrated so that one unit of a step's budget is about the
/// same time whatever it is spent on (gc-arena's defaults count sweeping a live object
/// as a twentieth of marking one, which made a sweeping step of the default budget
/// twenty times longer than a marking step). lethe never lets gc-arena pace itself
/// (steps set the debt they pay off), so the factors need not sum below 1.
pub(crate) const STEP_PACING: gc_arena::metrics::Pacing = gc_arena::metrics::Pacing {
    sleep_factor: 0.5,
    min_sleep: 256,
    mark_factor: 0.4,
    trace_factor: 0.6,
    keep_factor: 1.0,
    drop_factor: 1.0,
    free_factor: 1.0,
};

/// Marking work a stepped cycle may spend beyond twice the objects there were when it
/// began before a step finishes it in one go (see `step_inner`).
const MARK_SLACK: f64 = 1024.0;

/// Work a step does at least per object the application made since the last step:
/// marking (one unit) and sweeping (one, or two to free) each, so that collection
/// keeps up with a program that allocates faster than its steps' budget.
const ALLOCATION_WORK: f64 = 3.0;

/// The most budgets (of the default, or the step's if larger) a step pays for what
/// was made since the previous one: a burst of allocation is paid off over several
/// steps, not in one long one.
const MAX_PACED_BUDGETS: f64 = 16.0;

/// A cycle during which the program makes more objects than this, and more than the
/// heap had when the cycle began, is finished in one step (see `step`).
const CYCLE_GROWTH_MIN: usize = 65_536;

/// How many rounds of `__del__` (phases 5–7) one collection runs at most.
const MAX_DEL_ROUNDS: usize = 32;

/// The collector's state inside the arena.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct GcState<'gc> {
    /// For every weakly referenced object, its weak references.
    pub weak_slots: crate::weak_slots::WeakSlots<'gc>,
    /// Weak references cleared by this cycle's sweep whose callbacks are to run, with
    /// their referent's and their own allocation numbers (sorted into
    /// `pending_callbacks` when the sweep ends).
    pub swept_callbacks: Vec<(u64, u64, GcObj<'gc>)>,
    /// Objects whose class defines `__del__` and whose `__del__` has not run.
    pub del_candidates: Vec<WeakObj<'gc>>,
    /// Live finalizers (`weakref.finalize`), in registration order: the registry
    /// that keeps them alive until they run or are detached.
    pub finalizers: crate::weakref::finalize_registry::FinalizerRegistry<'gc>,
    /// Weak references whose callbacks are queued; the next to run is last.
    pub pending_callbacks: Vec<GcObj<'gc>>,
    /// Objects whose `__del__` is queued; the next to run is last.
    pub pending_del: Vec<GcObj<'gc>>,
    /// The first allocation number after this cycle's first pass: objects numbered
    /// from it on were made by callbacks or `__del__` and were never in U, so when they
    /// die within the cycle their callbacks are queued as usual.
    pub watermark: u64,
    /// Objects found unreachable by this cycle's first pass and not yet found
    /// reachable again (to count resurrections), until its rounds of `__del__` end.
    pub doomed: Vec<WeakObj<'gc>>,
    /// Ephemeron-mode WeakKeyDictionaries (weakref/containers.rs), for `clear_pass`.
    pub ephemerons: Vec<WeakObj<'gc>>,
    /// Objects whose slots list weak references this sweep freed: pruned once each
    /// when the sweep ends, not at every step that freed one of them (a stepped
    /// sweep of many references to one object would rebuild its slot at each step).
    /// The memory of the freed references is given back by the next sweep either way.
    pub prune_later: Vec<u64>,
}

/// The collector's state outside the arena.
#[derive(Default)]
pub(crate) struct CollectorState {
    /// A collection is running (its weak phase, callbacks or sweep).
    pub active: Cell<bool>,
    pub cycles: Cell<u64>,
    pub shutting_down: Cell<bool>,
    pub shut_down: Cell<bool>,
    /// `shutdown()` was called from inside a collection, which it lets finish its
    /// pass: a cycle that `step()` drives goes on at the next steps (or `collect()`,
    /// `shutdown()` or dropping the heap finishes it), though no new one starts.
    pub finish_pass: Cell<bool>,
    /// Finalizers registered so far (shutdown selects its list again when a finalizer
    /// it runs registers another, as CPython's `finalize._dirty` makes it).
    pub finalizers_registered: Cell<u64>,
    /// The report of the cycle that `step` is advancing.
    pub progress: RefCell<Option<CollectReport>>,
    /// Errors reported outside any collection (at shutdown).
    pub shutdown_errors: RefCell<Vec<CallbackError>>,
    /// The last collection stopped its `__del__` rounds at `MAX_DEL_ROUNDS`: queued
    /// `__del__`s and callbacks wait for the next one.
    pub backlog: Cell<bool>,
    /// Weakly referenced objects, and weak references, the sweep freed (weak_slots.rs).
    pub deaths: crate::weak_slots::Deaths,
    /// Objects of every type dropped so far (each type's counter shares it).
    pub dropped: Rc<Cell<u64>>,
    /// Callbacks run after the last sweep made objects (which may be garbage already).
    pub callbacks_allocated: Cell<bool>,
    /// How many follow-up passes the current collection has started (see `step_inner`).
    pub follow_ups: Cell<usize>,
    /// The work budgets this cycle's marking steps have spent (see `step_inner`).
    pub mark_spent: Cell<f64>,
    /// The allocation number the heap was at when the last step ended: a step of the
    /// same cycle pays for the objects made since ([`ALLOCATION_WORK`] each) if that
    /// is more than its budget.
    pub last_step_id: Cell<u64>,
    /// The allocation number and the count of arena objects when the current cycle
    /// (or follow-up pass) began, recorded by `step_inner`.
    pub cycle_start_id: Cell<u64>,
    pub cycle_start_objects: Cell<usize>,
}

impl CollectorState {
    /// The counter of a new type, reporting to this heap's queue of deaths and count
    /// of objects dropped.
    pub(crate) fn new_counter(&self, name: Rc<str>) -> Rc<crate::types::TypeCounter> {
        crate::types::TypeCounter::new(name, self.deaths.clone(), self.dropped.clone())
    }
}

/// Counts of one clearing pass.
#[derive(Default)]
struct PassCounts {
    /// No `__del__` is due and nothing is queued: the weak slots are left to the sweep
    /// (`process_deaths`), and no other phase runs before it.
    lazy: bool,
    cleared: usize,
    queued: usize,
    dels: usize,
    resurrected: usize,
}

impl Heap {
    /// Runs one full collection and reports what it did.
    ///
    /// Everything unreachable is freed, in the order described in the crate
    /// documentation: weak references to it are cleared, their callbacks and
    /// finalizers run, `__del__` runs, and what they made reachable again survives. A
    /// cycle that [`step`](Heap::step) had started is finished first (and counted in
    /// this report), then a full one runs, unless the first shut the heap down.
    ///
    /// Called from inside a callback, finalizer or `__del__`, or during or after
    /// [`shutdown`](Heap::shutdown), it does nothing and reports zero; except that
    /// after a shutdown called from inside a collection that [`step`](Heap::step)s
    /// drive, it finishes that collection (its report).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let a = heap.list(&[])?;
    /// let b = heap.list(&[a.clone()])?;
    /// heap.list_append(&a, &b)?;            // a cycle
    /// drop((a, b));
    /// assert_eq!(heap.collect().freed, 2);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn collect(&self) -> CollectReport {
        if self.collector.active.get()
            || self.collector.shutting_down.get()
            || self.collector.shut_down.get()
        {
            if !self.collector.active.get() && self.pass_to_finish() {
                return self.finish_current_cycle();
            }
            debug!(target: "lethe", "collect() called during a collection or after shutdown: nothing done");
            return CollectReport::default();
        }
        // A cycle that step() started is finished first: what it marked early may
        // have been dropped since, so a full cycle follows.
        let mut report = CollectReport::default();
        if self.phase() != CollectionPhase::Sleeping {
            report = self.finish_current_cycle();
        }
        // (Unless that cycle shut the heap down, from a callback, finalizer, `__del__`
        // or payload's `Drop`: it let that pass finish, not start another.)
        if !self.collector.shut_down.get() {
            report.absorb(self.finish_current_cycle());
        }
        report
    }

    /// After a shutdown called from inside a collection: whether that collection's
    /// pass, which the shutdown lets finish, is still underway (a cycle `step()`
    /// drives, whose next steps go on with it).
    pub(crate) fn pass_to_finish(&self) -> bool {
        let underway =
            self.collector.finish_pass.get() && self.collector.progress.borrow().is_some();
        if !underway {
            self.collector.finish_pass.set(false);
        }
        underway
    }

    /// Runs the current cycle (a new one if none is underway) to its end.
    pub(crate) fn finish_current_cycle(&self) -> CollectReport {
        while self.step_inner(f64::INFINITY).is_none() {}
        self.collector
            .progress
            .borrow_mut()
            .take()
            .unwrap_or_default()
    }

    /// Advances the collection by about `budget` units of work (objects marked or
    /// swept) and returns the cycle's report when this step completed a cycle.
    ///
    /// A cycle advanced only by steps ends in the same state as
    /// [`collect`](Heap::collect) would leave it for objects that were unreachable
    /// when the cycle began. An object dropped while marking is underway may be
    /// freed by this cycle or, if it was marked before the drop, by the next; so a
    /// weak reference dropped during marking before its referent may still get its
    /// callback, if the referent is freed by this cycle and the reference only by the
    /// next (a known limit: gc-arena's incremental marking keeps no snapshot of what
    /// was reachable when the cycle began). Each step does about `budget` units of marking or sweeping
    /// (or, when more objects were made since the cycle's previous step than a third
    /// of the budget, three units per object made, up to sixteen budgets of the default
    /// or of `budget` if it is larger, so
    /// that collection keeps up with allocation. Two exceptions finish a cycle's
    /// marking or the whole cycle in one step, so that a cycle advanced only by steps
    /// always ends: a cycle during which the program has made more objects than the
    /// heap had when it began, and more than 65,536; and a marking that has spent twice
    /// as many units as the heap had objects, because the application keeps making
    /// handles to objects it has not reached yet, each of which sends a set of
    /// handles back to be traced again);
    /// weak references are cleared as the sweep frees their objects, and callbacks run
    /// in the step that finishes the sweep (with a `__del__` due, the phases before the
    /// sweep run in the step that finishes marking: see the crate documentation).
    ///
    /// So between the steps of a sweep the application sees a collection half done,
    /// as CPython's callbacks see one: every weak reference to an object the cycle
    /// frees already reads `None`, but the callbacks have not run yet (their
    /// `__callback__` is still set), and the weak containers' removals are among
    /// them: their `len()` still counts those entries (as CPython's does until the
    /// callbacks run), while lookups and iteration skip them; a `finalize` whose
    /// object was freed is still `alive`, and its `peek()` and `detach()` return
    /// `None`, as CPython's do once the object is gone. [`shutdown`] and
    /// dropping the heap finish such a cycle first. Use
    /// [`DEFAULT_STEP_BUDGET`] unless you have measured otherwise; a budget below 1 (or
    /// NaN) counts as 1, and an infinite one finishes the cycle in this step (its
    /// report is returned). Called from inside a collection or after [`shutdown`], it
    /// does nothing and returns `None`; except that a collection that called
    /// [`shutdown`] from inside (a callback, finalizer, `__del__` or payload's `Drop`)
    /// goes on at the next steps until it ends (no new one starts).
    ///
    /// A stepped collector leaves floating garbage: objects made or dropped while a
    /// cycle is underway may outlive it and be freed by the next, so
    /// [`stats`](Heap::stats)`().live_objects` of a program that allocates while it
    /// steps stays above what it holds.
    ///
    /// [`shutdown`]: Heap::shutdown
    ///
    /// ```
    /// use lethe::{Heap, DEFAULT_STEP_BUDGET};
    /// let heap = Heap::new();
    /// let l = heap.list(&[])?;
    /// drop(l);
    /// let report = loop {
    ///     if let Some(r) = heap.step(DEFAULT_STEP_BUDGET) { break r; }
    /// };
    /// assert_eq!(report.freed, 1);
    /// drop(heap.list(&[])?);
    /// assert_eq!(heap.step(f64::INFINITY).map(|r| r.freed), Some(1)); // one step
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn step(&self, budget: f64) -> Option<CollectReport> {
        if self.collector.active.get()
            || self.collector.shutting_down.get()
            || (self.collector.shut_down.get() && !self.pass_to_finish())
        {
            return None;
        }
        let budget = budget.max(1.0);
        let now = self.peek_next_id();
        let budget = match self.phase() {
            // A step that starts a cycle: what was made before is what it collects.
            CollectionPhase::Sleeping => budget,
            // The program has made more objects during this cycle than the heap had
            // when it began: the steps are not keeping up (objects kept through a
            // cycle, by `__del__` or a finalizer, cost more than the pacing below
            // pays for). Finish the cycle now, so that memory stays bounded.
            _ if now - self.collector.cycle_start_id.get()
                > self
                    .collector
                    .cycle_start_objects
                    .get()
                    .max(CYCLE_GROWTH_MIN) as u64 =>
            {
                f64::INFINITY
            }
            // Pay for the objects made since the previous step (made by the program
            // or by the previous step's callbacks), up to `MAX_PACED_BUDGETS` default
            // budgets.
            _ => {
                let made = (now - self.collector.last_step_id.get()) as f64;
                let most = budget.max(DEFAULT_STEP_BUDGET) * MAX_PACED_BUDGETS;
                budget.max((made * ALLOCATION_WORK).min(most))
            }
        };
        self.collector.last_step_id.set(now);
        if budget.is_infinite() {
            // The cycle the program outgrew ends in this step.
            return Some(self.finish_current_cycle());
        }
        self.step_inner(budget)?;
        self.collector.progress.borrow_mut().take()
    }

    pub(crate) fn phase(&self) -> CollectionPhase {
        match self.arena_mut() {
            Some(a) => a.collection_phase(),
            None => CollectionPhase::Sleeping,
        }
    }

    /// One unit of progress; `Some(())` when a cycle completed (its report is then in
    /// `collector.progress`).
    fn step_inner(&self, budget: f64) -> Option<()> {
        let Some(mut arena) = self.arena_mut() else {
            return Some(());
        };
        let start_phase = arena.collection_phase();
        // A follow-up pass goes on with the collection's report.
        if start_phase == CollectionPhase::Sleeping && self.collector.follow_ups.get() == 0 {
            let n = self.collector.cycles.get() + 1;
            *self.collector.progress.borrow_mut() = Some(CollectReport {
                cycle: n,
                ..Default::default()
            });
        }
        let cycle = self
            .collector
            .progress
            .borrow()
            .as_ref()
            .map_or(0, |r| r.cycle);
        let _span = info_span!(target: "lethe", "cycle", n = cycle).entered();
        match start_phase {
            CollectionPhase::Sleeping | CollectionPhase::Marking | CollectionPhase::Marked => {
                let t = Instant::now();
                let marked = {
                    let _s = debug_span!(target: "lethe", "mark").entered();
                    let c = &self.collector;
                    if start_phase == CollectionPhase::Sleeping {
                        c.cycle_start_id.set(self.peek_next_id());
                        c.cycle_start_objects.set(arena.metrics().total_gc_count());
                        c.mark_spent.set(0.0);
                    }
                    // Marking traces each object once, and again after a write barrier:
                    // twice the objects there were as the cycle began is ample. Past
                    // that the application is undoing the marking, or adding to it, as
                    // fast as steps do it (each handle it makes to an unmarked object
                    // between steps sends that object's root set back to be traced,
                    // the handle gone by then; each object it makes is more to mark):
                    // the step finishes it, so that a cycle advanced only by steps
                    // always ends. (A cap that grew with the heap would let a program
                    // that allocates faster than the budget keep a cycle from ending.)
                    let spent = c.mark_spent.get() + budget;
                    c.mark_spent.set(spent);
                    let cap = 2.0 * c.cycle_start_objects.get() as f64 + MARK_SLACK;
                    if budget.is_finite() && spent <= cap {
                        set_debt(arena.metrics(), budget);
                        arena.mark_debt().is_some()
                    } else {
                        arena.finish_marking().is_some()
                    }
                };
                self.progress_mut(|r| r.times.mark += t.elapsed());
                drop(arena);
                if marked {
                    self.weak_phases();
                }
                None
            }
            CollectionPhase::Sweeping => {
                let t = Instant::now();
                let before = self.dropped_total();
                {
                    let _s = debug_span!(target: "lethe", "sweep").entered();
                    if budget.is_finite() {
                        set_debt(arena.metrics(), budget);
                        arena.cycle_debt();
                    } else {
                        arena.finish_cycle();
                    }
                }
                let done = arena.collection_phase() == CollectionPhase::Sleeping;
                drop(arena);
                let freed = (self.dropped_total() - before) as usize;
                {
                    // Payloads and closures of the freed objects are dropped here, out of
                    // the arena; a collect() from their Drop does nothing.
                    let _active = ActiveGuard::enter(&self.collector.active);
                    for error in self.drain_graveyard() {
                        self.report_error_as("<payload of a freed object>".into(), error);
                    }
                }
                self.progress_mut(|r| {
                    r.freed += freed;
                    r.times.sweep += t.elapsed();
                });
                let t = Instant::now();
                let cleared = {
                    let _s = debug_span!(target: "lethe", "clear").entered();
                    self.process_deaths()
                };
                self.progress_mut(|r| {
                    r.weakrefs_cleared += cleared;
                    r.times.clear += t.elapsed();
                });
                if done {
                    self.prune_slots();
                    self.run_swept_callbacks();
                    self.release_buffers();
                    self.prune_class_counters();
                    // Callbacks run after the sweep (in a cycle without a `__del__`
                    // due): what they made and dropped is freed by another pass of
                    // the same collection.
                    // (Not after shutdown, which a callback may have called: no
                    // memory is freed from then on.)
                    let rounds = self.collector.follow_ups.get();
                    let allocated = self.collector.callbacks_allocated.replace(false);
                    if allocated && rounds < MAX_DEL_ROUNDS && !self.collector.shut_down.get() {
                        self.collector.follow_ups.set(rounds + 1);
                        return None;
                    }
                    self.collector.follow_ups.set(0);
                    self.collector.cycles.set(self.collector.cycles.get() + 1);
                    if let Some(r) = self.collector.progress.borrow().as_ref() {
                        info!(
                            target: "lethe",
                            cycle = r.cycle,
                            freed = r.freed,
                            weakrefs_cleared = r.weakrefs_cleared,
                            callbacks = r.callbacks_run,
                            finalizers = r.finalizers_run,
                            dels = r.dels_run,
                            resurrected = r.resurrected,
                            errors = r.errors.len(),
                            mark_us = r.times.mark.as_micros() as u64,
                            clear_us = r.times.clear.as_micros() as u64,
                            callbacks_us = r.times.callbacks.as_micros() as u64,
                            del_us = r.times.del.as_micros() as u64,
                            remark_us = r.times.remark.as_micros() as u64,
                            sweep_us = r.times.sweep.as_micros() as u64,
                            live_objects = self.live_objects(),
                            weakrefs = self.live_weakrefs(),
                            pending_finalizers = self.pending_finalizers(),
                            "collection finished"
                        );
                    }
                    Some(())
                } else {
                    None
                }
            }
        }
    }

    /// Calls `each` with the name and live count of every type that has objects, as
    /// [`Heap::stats`] counts them (the builtin type objects and `NotImplemented`,
    /// made with the heap, and the builtin types' `__weakref__` descriptors, which
    /// live as long, not counted). A type name may come more than once (two
    /// classes of one name).
    fn each_type_count(&self, mut each: impl FnMut(&str, usize)) {
        let builtin_types = Builtin::ALL.len();
        self.each_counter(|i, c| {
            let mut n = c.live.get();
            if i == Builtin::Type.index() {
                n = n.saturating_sub(builtin_types);
            }
            if i == Builtin::NotImplementedType.index() {
                n = n.saturating_sub(1);
            }
            if i == Builtin::GetSetDescriptor.index() {
                n = n.saturating_sub(self.builtin_descriptors.get());
            }
            if n > 0 {
                each(&c.name, n);
            }
        });
    }

    /// [`Stats::live_objects`], without the counts by type.
    pub(crate) fn live_objects(&self) -> usize {
        let mut live = 0;
        self.each_type_count(|_, n| live += n);
        live
    }

    fn progress_mut(&self, f: impl FnOnce(&mut CollectReport)) {
        if let Some(r) = self.collector.progress.borrow_mut().as_mut() {
            f(r);
        }
    }

    fn dropped_total(&self) -> u64 {
        self.collector.dropped.get()
    }

    /// Phases 2–7, run when marking has just completed; leaves the arena sweeping.
    fn weak_phases(&self) {
        // Reset even if something panics out of a phase (a tracing subscriber, say):
        // a heap stuck "active" would never collect again.
        let _active = ActiveGuard::enter(&self.collector.active);
        // 2–3 (and finding 5's objects).
        let t = Instant::now();
        let counts = {
            let _s = debug_span!(target: "lethe", "clear").entered();
            self.clear_pass(true)
        };
        self.progress_mut(|r| {
            r.weakrefs_cleared += counts.cleared;
            r.times.clear += t.elapsed();
        });
        if counts.lazy {
            debug!(target: "lethe", "no __del__ due: weak references are cleared as the sweep frees their objects");
            // Room for every weakly referenced object to die, made before the sweep
            // frees anything: growing these while the sweep's small blocks sit freed
            // makes glibc's malloc consolidate its free lists again and again.
            let refs = self.live_weakrefs();
            self.with(|cx| {
                let mut st = cx.state();
                let n = st.weak_slots.len();
                st.swept_callbacks.reserve(n);
                // Each weakly referenced object and each weak reference may die.
                self.collector
                    .deaths
                    .borrow_mut()
                    .reserve(n + refs + self.pending_finalizers());
            });
            self.start_sweeping();
            return;
        }
        debug!(target: "lethe", cleared = counts.cleared, queued = counts.queued, dels = counts.dels, "weak references cleared");
        let before = self.allocations();
        let mut rounds = 0;
        loop {
            // 4.
            self.run_callbacks_timed();
            // 5.
            let t = Instant::now();
            {
                let _s = debug_span!(target: "lethe", "del").entered();
                self.run_dels();
            }
            self.progress_mut(|r| r.times.del += t.elapsed());
            // 6.
            let t = Instant::now();
            if let Some(mut arena) = self.arena_mut() {
                let _s = debug_span!(target: "lethe", "remark").entered();
                arena.finish_marking();
            }
            self.progress_mut(|r| r.times.remark += t.elapsed());
            // 7.
            let t = Instant::now();
            let counts = {
                let _s = debug_span!(target: "lethe", "clear").entered();
                self.clear_pass(false)
            };
            self.progress_mut(|r| {
                r.weakrefs_cleared += counts.cleared;
                r.resurrected += counts.resurrected;
                r.times.clear += t.elapsed();
            });
            rounds += 1;
            // A __del__ that always leaves new garbage with a __del__ behind would keep
            // this loop going: after MAX_DEL_ROUNDS, the queued ones (held by the queue)
            // run in the next collection.
            let more = counts.dels > 0 || counts.queued > 0;
            self.collector.backlog.set(more && rounds >= MAX_DEL_ROUNDS);
            if !more || rounds >= MAX_DEL_ROUNDS {
                break;
            }
        }
        // The rounds are over: the rest of U is freed (a weak pointer to it would
        // keep its memory until dropped).
        self.with(|cx| cx.state().doomed = Vec::new());
        // What the callbacks and `__del__`s let go of (reachable when this cycle
        // marked) is freed by a follow-up pass if they allocated, as on the sweep
        // path (`run_swept_callbacks`): src/differences.rs. (Not after a
        // backlog: a `__del__` chain that never ends gets its rounds per collection.)
        if self.allocations() != before && !self.collector.backlog.get() {
            self.collector.callbacks_allocated.set(true);
        }
        self.start_sweeping();
    }

    fn start_sweeping(&self) {
        if let Some(mut arena) = self.arena_mut() {
            // What the last marking reached may include ephemeron keys: settle their
            // values before anything is freed.
            if finish_marking_with_ephemerons(&mut arena)
                && let Some(marked) = arena.finish_marking()
            {
                marked.start_sweeping();
            }
        }
    }

    /// Clears the weak references to the weakly referenced objects the sweep has
    /// freed so far (their numbers are in `deaths`, with those of the objects whose
    /// weak references it freed) and queues the callbacks of those that survive the
    /// collection: work in proportion to the dead.
    fn process_deaths(&self) -> usize {
        let mut ids = std::mem::take(&mut *self.collector.deaths.borrow_mut());
        if ids.is_empty() {
            return 0;
        }
        let cleared = self.with(|cx| {
            let mut cleared = 0;
            let mut st = cx.state();
            let st = &mut *st;
            // The slots of the dead (gone already if the full pass, in a cycle with
            // __del__, cleared them).
            let dead = ids.iter().filter(|d| !d.of_ref).map(|d| d.id);
            st.weak_slots.remove_all(cx.mc, dead, |slot| {
                // gc-arena refuses to upgrade a weak reference that dies in this cycle.
                let live = slot.refs().filter_map(|w| w.upgrade(cx.mc));
                cleared += clear_refs(cx.mc, live, Some(&mut st.swept_callbacks));
            });
            // Slots of live objects to prune of the weak references freed, once each,
            // when the sweep ends.
            st.prune_later
                .extend(ids.iter().filter(|d| d.of_ref).map(|d| d.id));
            ids.clear();
            cleared
        });
        // The buffer goes back for the next sweep step, if none has started another.
        let mut deaths = self.collector.deaths.borrow_mut();
        if deaths.is_empty() {
            *deaths = ids;
        }
        cleared
    }

    /// At the end of a sweep: prunes, once each, the slots that list weak references
    /// the sweep freed.
    fn prune_slots(&self) {
        self.with(|cx| {
            let mut st = cx.state();
            let st = &mut *st;
            let mut ids = std::mem::take(&mut st.prune_later);
            ids.sort_unstable();
            ids.dedup();
            for id in ids {
                st.weak_slots.prune(cx.mc, id);
            }
        });
    }

    /// At the end of a sweep: runs the callbacks `process_deaths` queued, in the
    /// spec's order.
    fn run_swept_callbacks(&self) {
        let queued = self.with(|cx| {
            let mut st = cx.state();
            let mut queued = std::mem::take(&mut st.swept_callbacks);
            // In place, and into the queue in place when it is empty (as it is unless
            // a collection left a backlog): a large allocation right after a sweep
            // makes glibc's malloc consolidate everything the sweep freed.
            queued.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let n = queued.len();
            let wrs = queued.into_iter().map(|(_, _, wr)| wr);
            if st.pending_callbacks.is_empty() {
                st.pending_callbacks = wrs.collect();
            } else {
                st.pending_callbacks.extend(wrs);
            }
            n
        });
        if queued == 0 {
            return;
        }
        let _active = ActiveGuard::enter(&self.collector.active);
        let before = self.allocations();
        self.run_callbacks_timed();
        if self.allocations() != before {
            self.collector.callbacks_allocated.set(true);
        }
    }

    /// Runs the queued callbacks under their span, timing them in the report.
    fn run_callbacks_timed(&self) {
        let t = Instant::now();
        {
            let _s = debug_span!(target: "lethe", "callbacks").entered();
            self.run_callbacks();
        }
        self.progress_mut(|r| r.times.callbacks += t.elapsed());
    }

    /// How many weak reference objects (refs, proxies, `WeakMethod`s, `KeyedRef`s)
    /// exist.
    pub(crate) fn live_weakrefs(&self) -> usize {
        let counters = self.counters.borrow();
        [
            Builtin::Ref,
            Builtin::Proxy,
            Builtin::CallableProxy,
            Builtin::WeakMethod,
            Builtin::KeyedRef,
        ]
        .iter()
        .map(|b| counters[b.index()].live.get())
        .sum()
    }

    /// Gives back the large buffers a cycle sized for its dead.
    fn release_buffers(&self) {
        const KEEP: usize = 4096;
        self.with(|cx| {
            let mut st = cx.state();
            if st.pending_callbacks.is_empty() && st.pending_callbacks.capacity() > KEEP {
                st.pending_callbacks = Vec::new();
            }
            if st.swept_callbacks.is_empty() && st.swept_callbacks.capacity() > KEEP {
                st.swept_callbacks = Vec::new();
            }
        });
        let mut deaths = self.collector.deaths.borrow_mut();
        if deaths.is_empty() && deaths.capacity() > KEEP {
            *deaths = Vec::new();
        }
    }

    /// One clearing pass over the weak registries, on a fully marked arena.
    fn clear_pass(&self, first: bool) -> PassCounts {
        let Some(mut arena) = self.arena_mut() else {
            return PassCounts::default();
        };
        // Ephemerons (issue 4, weakref/containers.rs `mark_ephemerons`): mark the values
        // of ephemeron WeakKeyDictionary entries whose key is marked, re-mark, and
        // repeat until nothing changes; only then decide what is unreachable.
        if !finish_marking_with_ephemerons(&mut arena) {
            return PassCounts::default();
        }
        let Some(marked) = arena.finish_marking() else {
            return PassCounts::default();
        };
        let next_id = self.peek_next_id();
        marked.finalize(|fc, root| clear_weak_slots(fc, root, first, next_id))
    }

    fn run_callbacks(&self) {
        use crate::protocols::calls::{NativeCall, native_of};
        use crate::weakref::finalize::{Take, take_finalizer_in};
        use std::rc::Rc;
        /// One queued callback, taken out of the arena.
        enum Job {
            /// `cb(wr)`; `cb` is `None` when it is the cached native function.
            Call {
                wr: Value,
                cb: Option<Value>,
                native: Option<Rc<NativeCall>>,
            },
            /// A `weakref.finalize` object (allocation number `id`): `func(*args,
            /// **kwargs)` if it was alive.
            Finalizer {
                id: u64,
                parts: Option<crate::weakref::finalize::FinalizerParts>,
                native: Option<Rc<NativeCall>>,
            },
        }
        /// Who is named when a callback fails.
        enum Culprit {
            /// The callable (`Value::None` when the call succeeded: nothing is reported).
            Callable(Value),
            /// A finalizer, by allocation number: taken out of the registry to run,
            /// it reads as dead (as in CPython).
            Finalizer(u64),
        }
        // The native function called last, by address, with its handle (which keeps
        // it alive, so that the address keeps naming it): the callbacks of a queue
        // usually share one function, which is then looked up once.
        type Cache = Option<(usize, Value, Rc<NativeCall>)>;
        /// The native function `v` is, from the cache (`true`) or looked up and put
        /// in `fresh`.
        fn native_for<'gc>(
            cx: &crate::heap::Ctx<'_, 'gc>,
            v: &Val<'gc>,
            cache: &Cache,
            fresh: &mut Cache,
        ) -> Option<(Rc<NativeCall>, bool)> {
            let Val::Obj(o) = v else { return None };
            let addr = Gc::as_ptr(*o) as usize;
            if let Some((a, _, n)) = cache
                && *a == addr
            {
                return Some((n.clone(), true));
            }
            let n = Rc::new(native_of(cx, v)?);
            *fresh = Some((addr, cx.value(v), n.clone()));
            Some((n, false))
        }
        let mut cache: Cache = None;
        loop {
            let mut fresh: Cache = None;
            // A finalizer taken to run that lets go of its reference once it has run
            // (`finalize::release_entry`). (Beside the job, not in it: a larger job
            // costs every callback ~40 instructions to move.)
            let mut release: Option<Value> = None;
            let next = self.with(|cx| loop {
                let wr = cx.state().pending_callbacks.pop()?;
                let mut d = wr.borrow_mut(cx.mc);
                let mut wid = d.id();
                let cb = match &mut d.kind {
                    Kind::WeakRef(w) => w.callback.take(),
                    // A finalizer queued for the reference it has not made, numbered
                    // as that: its callback is itself. (Alive or running: it clears
                    // it once run or detached. Running, it is called and runs
                    // nothing, counting as a callback, as CPython's
                    // `finalize.__call__(ref)` does nothing then.)
                    Kind::Finalizer(_) => {
                        wid = crate::weakref::finalize::ref_number(wid);
                        Some(Val::Obj(wr))
                    }
                    _ => None,
                };
                drop(d);
                // Its callback went meanwhile (a finalizer detached by an earlier
                // callback): skip it, and go on with the rest of the queue.
                let Some(cb) = cb else { return Some(None) };
                // A library callback that runs no user code (a weak container's
                // removal) runs here, in the arena, in its turn: no handles, and the
                // queue goes on in this same entry.
                if run_in_arena(cx, &cb, wr) {
                    debug!(target: "lethe", weakref = %LogAddress(wid), type_name = tp_name(cx, &Val::Obj(wr)), finalizer = false, ok = true, "callback run");
                    self.progress_mut(|r| r.callbacks_run += 1);
                    continue;
                }
                let finalizer = match &cb {
                    Val::Obj(o) => {
                        let od = o.borrow();
                        match &od.kind {
                            Kind::Finalizer(fd) => Some((*o, od.id(), fd.func.clone())),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let job = match finalizer {
                    // A finalizer is called as `f()` (what calling it with the ref
                    // would do), taken out of the registry in this same pass.
                    Some((f, id, func)) => {
                        let native = native_for(cx, &func, &cache, &mut fresh).map(|n| n.0);
                        let how = match native {
                            Some(_) => Take::RunWithoutFunc,
                            None => Take::Run,
                        };
                        // Its reference, if uncleared (it is the callback of another's)
                        // or made, is let go of once it has run.
                        let holds = crate::weakref::finalize::holds_entry(f);
                        let mut parts = take_finalizer_in(cx, f, how);
                        if holds && parts.is_some() {
                            release = Some(cx.value(&Val::Obj(f)));
                        }
                        // After shutdown (a callback of this collection shut the heap
                        // down) it leaves and runs nothing, as CPython's `__call__`.
                        if self.collector.shut_down.get() {
                            parts = None;
                        }
                        Job::Finalizer { id, parts, native }
                    }
                    None => {
                        let native = native_for(cx, &cb, &cache, &mut fresh);
                        let cached = native.as_ref().is_some_and(|n| n.1);
                        Job::Call {
                            wr: cx.scratch_value(&Val::Obj(wr)),
                            cb: (!cached).then(|| cx.value(&cb)),
                            native: native.map(|n| n.0),
                        }
                    }
                };
                break Some(Some((job, wid)));
            });
            if fresh.is_some() {
                cache = fresh;
            }
            let Some(next) = next else { break };
            let Some((job, wid)) = next else {
                continue;
            };
            // A finalizer that had already run or been detached, called as a callback,
            // runs nothing: it counts as the callback it is (`f(wr)`).
            let is_finalizer = matches!(job, Job::Finalizer { parts: Some(_), .. });
            let (result, culprit) = match job {
                Job::Call { wr, cb, native } => {
                    let result = match (&native, &cb) {
                        (Some(n), _) => self.call_native(n, std::slice::from_ref(&wr), &[]),
                        (None, Some(cb)) => self.call(cb, std::slice::from_ref(&wr)),
                        (None, None) => unreachable!("only a native function is cached"),
                    };
                    debug!(target: "lethe", weakref = %LogAddress(wid), type_name = self.type_name(&wr), finalizer = false, ok = result.is_ok(), "callback run");
                    // The callable, for an error report: the cached one unless given.
                    let callable = match result {
                        Err(_) => cb.or_else(|| cache.as_ref().map(|c| c.1.clone())),
                        Ok(_) => None,
                    };
                    (result, Culprit::Callable(callable.unwrap_or_default()))
                }
                Job::Finalizer { id, parts, native } => {
                    let result = match (parts, native) {
                        (None, _) => Ok(Value::None),
                        (Some((_, _, args, kwargs)), Some(n)) => {
                            kwargs.and_then(|kwargs| self.call_native(&n, &args, &kwargs))
                        }
                        (Some((_, func, args, kwargs)), None) => {
                            kwargs.and_then(|kwargs| self.call_full(&func, &args, &kwargs))
                        }
                    };
                    if let Some(f) = release.take() {
                        self.with(|cx| {
                            if let Ok(o) = cx.obj(&f) {
                                crate::weakref::finalize::release_entry(cx, o);
                            }
                        });
                    }
                    // A dead finalizer runs nothing and counts as a callback (below).
                    debug!(target: "lethe", weakref = %LogAddress(wid), finalizer = is_finalizer, ok = result.is_ok(), "callback run");
                    (result, Culprit::Finalizer(id))
                }
            };
            self.progress_mut(|r| {
                if is_finalizer {
                    r.finalizers_run += 1
                } else {
                    r.callbacks_run += 1
                }
            });
            if let Err(error) = result {
                let what = match culprit {
                    Culprit::Callable(c) => self.repr_for_report(&c),
                    Culprit::Finalizer(id) => crate::repr::dead_finalizer(id),
                };
                self.report_error_as(what, error);
            }
        }
    }

    fn run_dels(&self) {
        loop {
            // `type(obj).__del__(obj)`: a function is called with the object as its
            // first argument (no bound method is allocated); another callable is called
            // as the class attribute it is.
            let next = self.with(|cx| {
                let o = cx.state().pending_del.pop()?;
                // Its class lost __del__ since it was queued: skip it.
                let Some(m) = find_in_class(cx, o, "__del__") else {
                    return Some(None);
                };
                let is_function =
                    matches!(&m, Val::Obj(f) if matches!(f.borrow().kind, Kind::Function(_)));
                let receiver = is_function.then(|| cx.value(&Val::Obj(o)));
                Some(Some((cx.value(&m), receiver)))
            });
            let Some(next) = next else { break };
            let Some((func, receiver)) = next else {
                continue;
            };
            let result = self.call(&func, receiver.as_slice());
            self.progress_mut(|r| r.dels_run += 1);
            if let Err(error) = result {
                self.report_error(&func, error);
            }
        }
    }

    pub(crate) fn report_error(&self, callable: &Value, error: crate::Error) {
        self.report_error_as(self.repr_for_report(callable), error);
    }

    /// `repr(callable)` as an error report shows it.
    fn repr_for_report(&self, callable: &Value) -> String {
        self.repr(callable)
            .unwrap_or_else(|_| "<object repr() failed>".into()) // CPython's words
    }

    /// Reports `error`, raised by the callable whose repr is `what`.
    fn report_error_as(&self, what: String, error: crate::Error) {
        let context = format!("Exception ignored in: {what}");
        warn!(target: "lethe", "{context}\n{error}");
        let e = CallbackError { context, error };
        if !self.collector.shutting_down.get()
            && let Some(r) = self.collector.progress.borrow_mut().as_mut()
        {
            r.errors.push(e);
            return;
        }
        self.collector.shutdown_errors.borrow_mut().push(e);
    }

    /// A snapshot of what the heap holds. It does not enter the arena, so it may be
    /// called at any time, even from a `tracing` subscriber during a collection.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("Employee").build()?;
    /// let e = heap.call(&c, &[])?;
    /// let stats = heap.stats();
    /// assert!(stats.by_type.contains(&("Employee".to_string(), 1)));
    /// drop(e);
    /// heap.collect();
    /// assert_eq!(heap.stats().cycles, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn stats(&self) -> Stats {
        let mut by_type: Vec<(String, usize)> = Vec::new();
        let mut live = 0;
        self.each_type_count(|name, n| {
            live += n;
            match by_type.iter_mut().find(|(known, _)| **known == *name) {
                Some(entry) => entry.1 += n,
                None => by_type.push((name.to_string(), n)),
            }
        });
        by_type.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let pending_finalizers = self.pending_finalizers();
        Stats {
            live_objects: live,
            by_type,
            weakrefs: self.live_weakrefs(),
            pending_finalizers,
            cycles: self.collector.cycles.get(),
            bytes_held: live * OBJECT_ALLOCATION,
        }
    }
}

/// The bytes of one object's arena allocation: its record and the header gc-arena 0.7
/// puts before each value (two words: the next object in its list, and the value's
/// tagged vtable). 120 on a 64-bit target.
const OBJECT_ALLOCATION: usize = 2 * std::mem::size_of::<usize>()
    + std::mem::size_of::<gc_arena::lock::RefLock<crate::object::ObjectData<'static>>>();

/// Finishes marking, then marks the values of ephemeron entries whose key is marked
/// and marks again, until nothing changes. False if the arena was not marking.
fn finish_marking_with_ephemerons(arena: &mut crate::heap::HeapArena) -> bool {
    loop {
        let Some(marked) = arena.finish_marking() else {
            return false;
        };
        if !marked.finalize(crate::weakref::containers::mark_ephemerons) {
            return true;
        }
    }
}

/// Sets a flag for its lifetime (and clears it on unwinding too).
struct ActiveGuard<'a>(&'a Cell<bool>);

impl<'a> ActiveGuard<'a> {
    fn enter(flag: &'a Cell<bool>) -> ActiveGuard<'a> {
        flag.set(true);
        ActiveGuard(flag)
    }
}

impl Drop for ActiveGuard<'_> {
    fn drop(&mut self) {
        self.0.set(false);
    }
}

/// Makes gc-arena's allocation debt exactly `budget`, whatever its pacing had it at
/// (it may be far below zero while the pacing would have the collector sleep), so
/// that the next debt-driven call does about `budget` units of work.
fn set_debt(metrics: &gc_arena::metrics::Metrics, budget: f64) {
    let mut add = budget;
    while metrics.allocation_debt() <= 0.0 {
        metrics.adjust_debt(add);
        add *= 2.0;
    }
    metrics.adjust_debt(budget - metrics.allocation_debt());
}

/// Whether callback `cb` is a library function with an in-arena body (a weak
/// container's removal: it runs no user code).
fn runs_in_arena(cb: &Val<'_>) -> bool {
    matches!(cb, Val::Obj(f) if matches!(&f.borrow().kind, Kind::Function(fd) if fd.in_arena.is_some()))
}

/// Runs `cb` as the callback of the dead weak reference `wr` inside the arena if it is
/// a library function with an in-arena body (`FunctionData::in_arena`) and the body
/// can do what the call would; returns whether it ran. It enters the call as a call
/// does: at the recursion limit it does not run (the call then raises
/// `RecursionError`).
fn run_in_arena<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, cb: &Val<'gc>, wr: GcObj<'gc>) -> bool {
    let Val::Obj(f) = cb else { return false };
    let data = f.borrow();
    let Kind::Function(fd) = &data.kind else {
        return false;
    };
    let Some(body) = fd.in_arena else {
        return false;
    };
    let Ok(_call) = cx.heap.enter_call() else {
        return false;
    };
    (body.0)(cx, fd, wr)
}

/// Clears the weak references `live` (those of a freed object that survive the
/// collection) and, given a queue, queues the ones with callbacks as (referent, own
/// allocation number, reference). A finalizer listed for the reference it has not
/// made (`FinalizerData`) is cleared and queued as that reference, under the number
/// reserved for it. Returns how many it cleared.
#[inline]
fn clear_refs<'gc>(
    mc: &gc_arena::Mutation<'gc>,
    live: impl Iterator<Item = GcObj<'gc>>,
    queue: Option<&mut Vec<(u64, u64, GcObj<'gc>)>>,
) -> usize {
    clear_refs_queueing(mc, live, queue, |_| true)
}

/// [`clear_refs`], queueing only the references with a callback that `queues`
/// accepts (given `None` for a finalizer). (Inlined: the sweep clears through it
/// once per freed object with references.)
#[inline(always)]
fn clear_refs_queueing<'gc>(
    mc: &gc_arena::Mutation<'gc>,
    live: impl Iterator<Item = GcObj<'gc>>,
    mut queue: Option<&mut Vec<(u64, u64, GcObj<'gc>)>>,
    queues: impl Fn(Option<&Val<'gc>>) -> bool,
) -> usize {
    let mut cleared = 0;
    for wr in live {
        let mut wd = wr.borrow_mut(mc);
        let id = wd.id();
        let (wid, referent_id, has_callback) = match &mut wd.kind {
            Kind::WeakRef(d) => match d.referent.take() {
                Some(_) => (
                    id,
                    d.referent_id(),
                    d.callback.as_ref().is_some_and(|cb| queues(Some(cb))),
                ),
                None => continue,
            },
            // (Listed uncleared, it is alive or running: it leaves the slot as it
            // lets go of its reference.)
            Kind::Finalizer(d) => match d.referent.take() {
                Some(_) => (
                    crate::weakref::finalize::ref_number(id),
                    d.referent_id(),
                    queues(None),
                ),
                None => continue,
            },
            _ => continue,
        };
        cleared += 1;
        debug!(target: "lethe", weakref = %LogAddress(wid), referent = %LogAddress(referent_id), "weak reference cleared");
        if has_callback && let Some(q) = queue.as_deref_mut() {
            q.push((referent_id, wid, wr));
        }
    }
    cleared
}

/// Phases 2–3 (`first`) or 7: clears weak references to unreachable objects and weak
/// references that are themselves unreachable; queues the callbacks (first pass only)
/// and the `__del__`s of unreachable objects.
fn clear_weak_slots<'gc>(
    fc: &Finalization<'gc>,
    root: &HeapRoot<'gc>,
    first: bool,
    next_id: u64,
) -> PassCounts {
    let mut counts = PassCounts::default();
    let mut st = root.state.borrow_mut(fc);
    if first {
        st.watermark = next_id;
    }
    let watermark = st.watermark;
    let mut doomed: Vec<WeakObj<'gc>> = Vec::new();
    // __del__ first: only a __del__ can make an object of U reachable again (nothing
    // else can reach it), so the objects of U are tracked for the resurrection count
    // only when some __del__ is about to run.
    let candidates = std::mem::take(&mut st.del_candidates);
    let mut keep = Vec::with_capacity(candidates.len());
    let mut dels: Vec<(u64, GcObj<'gc>)> = Vec::new();
    for w in candidates {
        let Some(obj) = w.upgrade(fc) else { continue };
        let data = obj.borrow();
        if Gc::is_dead(fc, obj) {
            if !data.is_finalized() {
                data.set_finalized();
                dels.push((data.id(), obj));
                if first {
                    doomed.push(w);
                }
            }
        } else {
            keep.push(w);
        }
    }
    st.del_candidates = keep;
    if first && dels.is_empty() && st.pending_callbacks.is_empty() && st.pending_del.is_empty() {
        // Nothing can resurrect an object of U, so nothing can tell clearing now from
        // clearing as the sweep frees: gc-arena refuses to upgrade a weak pointer to an
        // object it is about to free from the moment the sweep starts.
        counts.lazy = true;
        return counts;
    }
    dels.sort_by_key(|d| std::cmp::Reverse(d.0));
    counts.dels = dels.len();
    st.pending_del.extend(dels.into_iter().map(|(_, o)| o));
    let track_doomed = first && counts.dels > 0;
    let ids = st.weak_slots.ids();
    let mut queued: Vec<(u64, u64, GcObj<'gc>)> = Vec::new();
    for id in ids {
        // A slot none of whose references names its object any more has nothing to
        // clear (the object's flag stays set: the next ref makes a new slot).
        let Some(obj) = st.weak_slots.get(id, |s| s.referent(fc)).flatten() else {
            st.weak_slots.remove(fc, id);
            continue;
        };
        let referent = Gc::downgrade(obj);
        if Gc::is_dead(fc, obj) {
            let Some(slot) = st.weak_slots.remove(fc, id) else {
                continue;
            };
            let referent_id = obj.borrow().id();
            if track_doomed {
                doomed.push(referent);
            }
            let (live, in_u): (Vec<_>, Vec<_>) = slot
                .refs()
                .filter_map(|x| x.upgrade(fc))
                .partition(|wr| !Gc::is_dead(fc, *wr));
            // Step 7: a reference made by a callback or `__del__` (phases 4–5) to an
            // object still in U gets no callback, except a weak container's removal,
            // which runs no user code: the container drops the entry, as CPython's
            // does when its callback runs at the object's deallocation (else a dead
            // entry would stay counted in `len()` for good).
            counts.cleared += if first || referent_id >= watermark {
                clear_refs(fc, live.into_iter(), Some(&mut queued))
            } else {
                clear_refs_queueing(fc, live.into_iter(), Some(&mut queued), |cb| {
                    cb.is_some_and(runs_in_arena)
                })
            };
            // A weak reference in U is cleared too (a `__del__` may resurrect it), but
            // is not counted and gets no callback.
            for wr in in_u {
                crate::weak_slots::clear_entry(&mut wr.borrow_mut(fc).kind);
            }
        } else {
            // A weak reference in U is cleared (it is freed with U).
            st.weak_slots.retain(fc, id, |x| match x.upgrade(fc) {
                Some(wr) if Gc::is_dead(fc, wr) => {
                    crate::weak_slots::clear_entry(&mut wr.borrow_mut(fc).kind);
                    false
                }
                Some(_) => true,
                None => false,
            });
        }
    }
    // Referents oldest first; for one referent, the newest reference first. The queue
    // is popped from its end.
    queued.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    counts.queued = queued.len();
    st.pending_callbacks
        .extend(queued.into_iter().map(|(_, _, wr)| wr));

    if first {
        // An object can be doomed twice (weakly referenced and with a __del__).
        doomed.sort_by_key(|w| w.as_ptr() as usize);
        doomed.dedup_by(|a, b| WeakObj::ptr_eq(*a, *b));
        st.doomed = doomed;
    } else {
        // Counted at the first pass that finds it reachable again, once: a later
        // round's `__del__` may resurrect what the earlier rounds left unreachable.
        let before = st.doomed.len();
        st.doomed
            .retain(|w| w.upgrade(fc).is_none_or(|o| Gc::is_dead(fc, o)));
        counts.resurrected = before - st.doomed.len();
    }
    counts
}
