//! The registry of live `weakref.finalize` objects: what keeps a finalizer alive until
//! it runs or is detached (CPython's `finalize._registry`).
//!
//! Invariant: `places` lists the live finalizers in registration order (allocation
//! numbers grow, so that is also their order by number), with an empty place where one
//! has left; each live finalizer records its own index in `places`
//! (`FinalizerData::place`), so leaving is one store. The list is compacted, and the
//! finalizers told their new places, once it has at least 64 places and at least
//! half of them are empty (empty places at its end are dropped at once). `refs`
//! holds the weak reference objects made for live or running finalizers
//! (`getweakrefs` asked for them), under the finalizer's number: a finalizer's entry
//! goes when it leaves, or, when it leaves to run, once its function has returned.

use std::cell::Cell;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use gc_arena::{Collect, Gc, Mutation, Static};

use crate::object::{GcObj, Kind};

/// The live finalizers, in registration order (see the module's invariant).
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct FinalizerRegistry<'gc> {
    places: Vec<Option<GcObj<'gc>>>,
    /// How many are live, shared with the heap ([`FinalizerRegistry::shared_len`]), so
    /// that `Heap::stats()` reads it without entering the arena.
    len: Static<Rc<Cell<usize>>>,
    /// The weak references made for live (or running) finalizers, by finalizer number
    /// (few: made only when asked for, `weakref/finalize.rs`).
    refs: HashMap<u64, GcObj<'gc>, BuildHasherDefault<crate::dict::HashHasher>>,
}

impl<'gc> FinalizerRegistry<'gc> {
    /// The live count, as a cell the heap reads outside the arena.
    pub(crate) fn shared_len(&self) -> Rc<Cell<usize>> {
        self.len.0.clone()
    }

    /// Registers finalizer `f` (newer than every registered one), which must not be
    /// borrowed.
    pub(crate) fn insert(&mut self, mc: &Mutation<'gc>, f: GcObj<'gc>) {
        set_place(mc, f, self.places.len());
        self.places.push(Some(f));
        self.len.set(self.len.get() + 1);
    }

    /// Whether finalizer `f`, which records `place`, is registered (alive).
    pub(crate) fn contains(&self, f: GcObj<'gc>, place: usize) -> bool {
        matches!(self.places.get(place), Some(Some(g)) if Gc::ptr_eq(*g, f))
    }

    /// Unregisters `f`; true if it was registered. No finalizer may be borrowed (a
    /// compaction tells the others their new places).
    pub(crate) fn remove(&mut self, mc: &Mutation<'gc>, f: GcObj<'gc>) -> bool {
        let Some(place) = place_of(f).filter(|p| self.contains(f, *p)) else {
            return false;
        };
        self.places[place] = None;
        self.len.set(self.len.get() - 1);
        if self.places.len() >= 64 && self.len.get() * 2 <= self.places.len() {
            self.places.retain(Option::is_some);
            if self.places.capacity() > 4 * self.places.len().max(16) {
                self.places.shrink_to(2 * self.places.len());
            }
            for (i, g) in self.places.iter().flatten().enumerate() {
                set_place(mc, *g, i);
            }
        } else {
            while matches!(self.places.last(), Some(None)) {
                self.places.pop();
            }
        }
        true
    }

    /// The weak reference made for finalizer number `id` (live or running), if one was
    /// and it is still kept.
    pub(crate) fn made_ref(&self, id: u64) -> Option<GcObj<'gc>> {
        self.refs.get(&id).copied()
    }

    /// Keeps `wr`, made for finalizer number `id`, until the finalizer lets go of it
    /// (`finalize::release_entry`: when detached, or once its function has run).
    pub(crate) fn keep_ref(&mut self, id: u64, wr: GcObj<'gc>) {
        self.refs.insert(id, wr);
    }

    /// Lets go of the weak reference made for finalizer number `id`, which is leaving.
    pub(crate) fn drop_ref(&mut self, id: u64) -> Option<GcObj<'gc>> {
        let wr = self.refs.remove(&id);
        if self.refs.capacity() > 64 && self.refs.len() * 4 < self.refs.capacity() {
            self.refs.shrink_to(self.refs.len() * 2);
        }
        wr
    }

    /// The live finalizers, oldest first.
    pub(crate) fn iter(&self) -> impl Iterator<Item = GcObj<'gc>> + '_ {
        self.places.iter().flatten().copied()
    }

    /// Whether every live finalizer records its place (for the verifier); else what
    /// does not.
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut live = 0;
        for (i, f) in self.places.iter().enumerate() {
            let Some(f) = f else { continue };
            live += 1;
            if place_of(*f) != Some(i) {
                return Err(format!(
                    "finalizer {} is in place {i} of the registry but records {:?}",
                    f.borrow().id(),
                    place_of(*f)
                ));
            }
        }
        if live != self.len.get() {
            return Err(format!(
                "the finalizer registry counts {} but holds {live}",
                self.len.get()
            ));
        }
        Ok(())
    }
}

/// The place finalizer `f` records.
fn place_of(f: GcObj<'_>) -> Option<usize> {
    match &f.borrow().kind {
        Kind::Finalizer(d) => Some(d.place),
        _ => None,
    }
}

fn set_place<'gc>(mc: &Mutation<'gc>, f: GcObj<'gc>, place: usize) {
    if let Kind::Finalizer(d) = &mut f.borrow_mut(mc).kind {
        d.place = place;
    }
}
