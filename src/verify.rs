//! The heap verifier: checks the invariants the rest of the crate keeps, for tests and
//! for applications that want to assert their embedding is sound.
//!
//! Invariant checked (outside a collection): the table of weak slots counts what it
//! holds; every weak slot's object is live and owns
//! the slot, and the slot lists only weak references that are uncleared and point back
//! at it (or were freed since);
//! the finalizer registry lists its finalizers in registration order, each where it
//! records its place, and every one is a finalizer whose weak reference watches its
//! object; every weak container's table agrees with its indexes and counts (and a
//! `WeakSet`'s order lists each entry once: `weakref/containers.rs`); no callback or
//! `__del__` is left queued; no type counts fewer than zero
//! objects; the live counts agree with gc-arena's count of allocations.

use gc_arena::Gc;

use crate::object::{Kind, Val};
use crate::{Error, Heap, Result};

impl Heap {
    /// Checks the heap's internal invariants; `Err(RuntimeError)` describes the first
    /// one broken. Meant for tests and debugging: it walks every weakly referenced
    /// object and every weak container's table, so it costs time proportional to
    /// them.
    ///
    /// Returns `Ok` without checking when called during a collection (from a callback),
    /// where queues are legitimately non-empty.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let _r = heap.weakref(&o, None)?;
    /// heap.verify()?;
    /// drop(o);
    /// heap.collect();
    /// heap.verify()?;
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn verify(&self) -> Result<()> {
        if self.collector.active.get() {
            return Ok(());
        }
        let broken = |what: String| {
            Err(Error::RuntimeError(format!(
                "heap invariant broken: {what}"
            )))
        };
        // Mid-cycle (between steps) the sweep may have freed objects whose slots the
        // collector has not yet cleared.
        let sleeping = self.phase() == gc_arena::arena::CollectionPhase::Sleeping;
        let found = self.with(|cx| -> std::result::Result<(), String> {
            let st = cx.root.state.borrow();
            let backlog = self.collector.backlog.get();
            if !backlog && (!st.pending_callbacks.is_empty() || !st.pending_del.is_empty()) {
                return Err("callbacks or __del__ left queued outside a collection".into());
            }
            st.weak_slots.check()?;
            for id in st.weak_slots.ids().into_iter().filter(|_| sleeping) {
                let Some((referent, refs)) = st
                    .weak_slots
                    .get(id, |s| (s.referent(cx.mc), s.refs().collect::<Vec<_>>()))
                else {
                    continue;
                };
                let Some(obj) = referent else {
                    // Every reference it lists was freed since: pruned later.
                    continue;
                };
                let data = obj.borrow();
                if data.id() != id || !data.has_had_slot() {
                    return Err(format!("object {} does not own its weak slot", data.id()));
                }
                // (Every weak container is weakly referenced: by its removal
                // function's reference to it.)
                if let Some(c) = crate::weakref::containers::container(&data) {
                    c.check()?;
                }
                let mut seen_unshared = false;
                for wr in refs {
                    let Some(wr) = wr.upgrade(cx.mc) else {
                        // A weak reference freed since is pruned later.
                        continue;
                    };
                    let wd = wr.borrow();
                    let (referent, referent_id, shared) = match &wd.kind {
                        Kind::WeakRef(d) => (d.referent, d.referent_id(), d.shared()),
                        // A finalizer standing for its weak reference (object.rs).
                        Kind::Finalizer(d) => (d.referent, d.referent_id(), false),
                        _ => {
                            return Err(format!(
                                "object {} lists a non-weakref in its weak slot",
                                data.id()
                            ));
                        }
                    };
                    match referent.and_then(|r| r.upgrade(cx.mc)) {
                        Some(target) if Gc::ptr_eq(target, obj) => {}
                        Some(_) => {
                            return Err(format!(
                                "weakref {} is listed by object {} but refers elsewhere",
                                wd.id(),
                                data.id()
                            ));
                        }
                        None if matches!(wd.kind, Kind::Finalizer(_)) => {
                            // A finalizer that left the registry (pruned later).
                            continue;
                        }
                        None => {
                            return Err(format!(
                                "cleared weakref {} still listed by live object {}",
                                wd.id(),
                                data.id()
                            ));
                        }
                    }
                    if referent_id != data.id() {
                        return Err(format!(
                            "weakref {} records referent {} but refers to {}",
                            wd.id(),
                            referent_id,
                            data.id()
                        ));
                    }
                    // (A finalizer listed uncleared is alive, or running: it keeps the
                    // reference it stands for while its function runs.)
                    // The shared ones are listed first (weak_slots.rs).
                    if shared && seen_unshared {
                        return Err(format!(
                            "shared weakref {} is listed after others by object {}",
                            wd.id(),
                            data.id()
                        ));
                    }
                    seen_unshared |= !shared;
                }
            }
            st.finalizers.check()?;
            let mut last = None;
            for f in st.finalizers.iter() {
                let fd = f.borrow();
                let id = fd.id();
                if last.is_some_and(|l| l >= id) {
                    return Err(format!("finalizer {id} is registered out of order"));
                }
                last = Some(id);
                let Kind::Finalizer(d) = &fd.kind else {
                    return Err(format!("finalizer registry holds non-finalizer {id}"));
                };
                // It stands for its weak reference in its object's slot until it
                // is cleared, or holds the reference made for it.
                let made = st.finalizers.made_ref(id);
                if d.ref_made() != made.is_some() || (d.ref_made() && d.referent.is_some()) {
                    return Err(format!(
                        "finalizer {id} disagrees on its weakref being made"
                    ));
                }
                if let Some(wr) = made {
                    let wd = wr.borrow();
                    let Kind::WeakRef(w) = &wd.kind else {
                        return Err(format!("finalizer {id} watches through a non-weakref"));
                    };
                    if !matches!(&w.callback, Some(Val::Obj(cb)) if Gc::ptr_eq(*cb, f)) {
                        return Err(format!("finalizer {id} is not its weakref's callback"));
                    }
                    if wd.id() != crate::weakref::finalize::ref_number(id) {
                        return Err(format!("finalizer {id}'s weakref is misnumbered"));
                    }
                }
            }
            // (It also keeps the references of finalizers whose functions are running.)
            Ok(())
        });
        if let Err(what) = found {
            return broken(what);
        }
        let (mut live, mut negative) = (0usize, false);
        self.each_counter(|_, c| {
            live = live.wrapping_add(c.live.get());
            negative |= c.live.get() > usize::MAX / 2;
        });
        let arena_count = self.arena_mut().map(|a| a.metrics().total_gc_count());
        if let Some(total) = arena_count {
            // gc-arena also counts its own root allocations (the handle sets and the
            // collector state), the weak-slot chunks and objects dropped but still
            // weakly remembered.
            if live + 2 > total {
                return broken(format!(
                    "{live} live objects counted but gc-arena holds {total} allocations"
                ));
            }
        }
        if negative {
            return broken("a type's live count went below zero".into());
        }
        Ok(())
    }
}
