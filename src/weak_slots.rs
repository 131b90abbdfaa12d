//! Weak slots: for every weakly referenced object, the weak references made to it, kept
//! outside the object so that they outlive it.
//!
//! Invariant: an object has a slot exactly while its [`SlotTicket`] (in its extras)
//! names a slot of this table; the slot lists every weak reference made to the object
//! since the slot was made, oldest first, except those the sweep has freed since (each
//! weak reference holds a ticket too, and the slot is pruned when it dies: a listed
//! weak pointer would keep gc-arena from freeing its memory). When gc-arena frees the
//! object, its ticket's `Drop` queues the slot's id on the heap's [`Deaths`]; the
//! collector then clears that slot's references and queues their callbacks. Clearing
//! therefore costs time in proportion to the objects that died, not to the objects
//! weakly referenced.
//!
//! The table is split into chunks of at most [`CHUNK`] slots, each its own gc-arena
//! allocation, so that marking traces it a chunk at a time (gc-arena traces one
//! allocation in one go, and a step cannot be shorter than that).

use std::cell::RefCell;
use std::rc::Rc;

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc, Mutation};
use slotmap::SlotMap;

use crate::object::{GcObj, Kind, WeakObj};

slotmap::new_key_type! {
    /// A slot's key within its chunk.
    pub(crate) struct SlotKey;
}

/// Slots per chunk: tracing a full chunk takes well under a millisecond.
pub(crate) const CHUNK: usize = 1024;

/// Which slot: the chunk and the key within it. Keys are generational, so the id of a
/// removed slot never names a later one.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct SlotId {
    chunk: u32,
    key: SlotKey,
}

/// A death the sweep reported: of a weakly referenced object (its slot is to be
/// cleared), or of one of the weak references a slot lists (the slot is to be pruned).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Death {
    pub id: SlotId,
    pub of_ref: bool,
}

impl SlotId {
    /// A total order (for sorting and deduplicating ids).
    pub(crate) fn order(&self) -> (u32, u64) {
        (self.chunk, slotmap::Key::data(&self.key).as_ffi())
    }
}

/// Deaths reported by the sweep, waiting for the collector.
pub(crate) type Deaths = Rc<RefCell<Vec<Death>>>;

/// Held (as `Static`) by a weakly referenced object, and by each weak reference to
/// it: names the slot, and reports the holder's death when gc-arena drops it.
pub(crate) struct SlotTicket {
    pub id: SlotId,
    pub of_ref: bool,
    pub deaths: Deaths,
}

impl Drop for SlotTicket {
    fn drop(&mut self) {
        // Never borrowed across a sweep (the collector takes the queue out first).
        if let Ok(mut d) = self.deaths.try_borrow_mut() {
            d.push(Death {
                id: self.id,
                of_ref: self.of_ref,
            });
        }
    }
}

/// The weak references to one object, oldest first: the first inline (most objects
/// have one), the rest boxed. May include weak references that have died since. The
/// object itself is not recorded: a live weak reference in the slot names it.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct WeakSlot<'gc> {
    first: Option<WeakObj<'gc>>,
    rest: Option<Box<Rest<'gc>>>,
}

/// The second and later weak references of a slot.
#[derive(Collect)]
#[collect(no_drop)]
struct Rest<'gc> {
    refs: Vec<WeakObj<'gc>>,
    /// Prune the dead out when the slot lists this many.
    prune_at: usize,
}

impl<'gc> WeakSlot<'gc> {
    /// The listed weak references, oldest first.
    pub(crate) fn refs(&self) -> impl Iterator<Item = WeakObj<'gc>> + '_ {
        let rest = self.rest.as_deref().map_or(&[][..], |r| &r.refs[..]);
        self.first.into_iter().chain(rest.iter().copied())
    }

    fn len(&self) -> usize {
        usize::from(self.first.is_some()) + self.rest.as_ref().map_or(0, |r| r.refs.len())
    }

    /// The object, read from the first listed weak reference that still names it.
    pub(crate) fn referent(&self, mc: &Mutation<'gc>) -> Option<GcObj<'gc>> {
        self.refs()
            .find_map(|w| match &w.upgrade(mc)?.borrow().kind {
                Kind::WeakRef(d) => d.referent?.upgrade(mc),
                _ => None,
            })
    }

    /// Keeps the weak references for which `keep` says so, in order.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(WeakObj<'gc>) -> bool) {
        let mut kept: Vec<WeakObj<'gc>> = self.refs().filter(|w| keep(*w)).collect();
        let prune_at = (kept.len() * 2).max(4);
        self.first = (!kept.is_empty()).then(|| kept.remove(0));
        self.rest = (!kept.is_empty()).then(|| {
            Box::new(Rest {
                refs: kept,
                prune_at,
            })
        });
    }

    /// Adds a weak reference, first pruning the dead ones when the slot has doubled
    /// since the last prune (so that the dead never outnumber the live by much, at
    /// amortized constant cost).
    fn push(&mut self, mc: &Mutation<'gc>, wr: WeakObj<'gc>) {
        if self.len() >= self.rest.as_ref().map_or(4, |r| r.prune_at) {
            self.retain(|w| is_uncleared(mc, w));
        }
        if self.first.is_none() {
            self.first = Some(wr);
            return;
        }
        self.rest
            .get_or_insert_with(|| {
                Box::new(Rest {
                    refs: Vec::new(),
                    prune_at: 4,
                })
            })
            .refs
            .push(wr);
    }
}

type Chunk<'gc> = Gc<'gc, RefLock<SlotMap<SlotKey, WeakSlot<'gc>>>>;

/// The table of weak slots.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct WeakSlots<'gc> {
    chunks: Vec<Chunk<'gc>>,
    /// Chunks with room; the next slot goes into the last.
    open: Vec<u32>,
    len: usize,
}

impl<'gc> WeakSlots<'gc> {
    /// How many objects have slots.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Makes a slot listing `first`.
    pub(crate) fn insert(&mut self, mc: &Mutation<'gc>, first: WeakObj<'gc>) -> SlotId {
        let chunk = match self.open.last() {
            Some(&c) => c,
            None => {
                let c = self.chunks.len() as u32;
                self.chunks
                    .push(Gc::new(mc, RefLock::new(SlotMap::with_key())));
                self.open.push(c);
                c
            }
        };
        let mut map = self.chunks[chunk as usize].borrow_mut(mc);
        let key = map.insert(WeakSlot {
            first: Some(first),
            rest: None,
        });
        if map.len() >= CHUNK {
            self.open.pop();
        }
        self.len += 1;
        SlotId { chunk, key }
    }

    /// Whether `id` names a slot.
    pub(crate) fn contains(&self, id: SlotId) -> bool {
        self.chunks
            .get(id.chunk as usize)
            .is_some_and(|c| c.borrow().contains_key(id.key))
    }

    /// Reads a slot.
    pub(crate) fn get<R>(&self, id: SlotId, f: impl FnOnce(&WeakSlot<'gc>) -> R) -> Option<R> {
        let chunk = self.chunks.get(id.chunk as usize)?.borrow();
        chunk.get(id.key).map(f)
    }

    /// Adds a weak reference to a slot (see `WeakSlot::push`). False if there is no
    /// such slot.
    pub(crate) fn push_ref(&self, mc: &Mutation<'gc>, id: SlotId, wr: WeakObj<'gc>) -> bool {
        let Some(chunk) = self.chunks.get(id.chunk as usize) else {
            return false;
        };
        let mut map = chunk.borrow_mut(mc);
        let Some(slot) = map.get_mut(id.key) else {
            return false;
        };
        slot.push(mc, wr);
        true
    }

    /// Removes a slot, giving it back.
    pub(crate) fn remove(&mut self, mc: &Mutation<'gc>, id: SlotId) -> Option<WeakSlot<'gc>> {
        let chunk = self.chunks.get(id.chunk as usize)?;
        let mut map = chunk.borrow_mut(mc);
        let slot = map.remove(id.key)?;
        if map.len() == CHUNK - 1 {
            self.open.push(id.chunk);
        }
        self.len -= 1;
        Some(slot)
    }

    /// Every slot's id (for the collector's full pass and the verifier).
    pub(crate) fn ids(&self) -> Vec<SlotId> {
        let mut ids = Vec::with_capacity(self.len);
        for (c, chunk) in self.chunks.iter().enumerate() {
            ids.extend(chunk.borrow().keys().map(|key| SlotId {
                chunk: c as u32,
                key,
            }));
        }
        ids
    }

    /// Drops the weak references that are gone (or going: freed by this sweep) from a
    /// slot, if it still exists.
    pub(crate) fn prune(&self, mc: &Mutation<'gc>, id: SlotId) {
        self.get_mut(mc, id, |s| s.retain(|w| w.upgrade(mc).is_some()));
    }

    /// Runs `f` on a slot, mutably.
    pub(crate) fn get_mut<R>(
        &self,
        mc: &Mutation<'gc>,
        id: SlotId,
        f: impl FnOnce(&mut WeakSlot<'gc>) -> R,
    ) -> Option<R> {
        let mut map = self.chunks.get(id.chunk as usize)?.borrow_mut(mc);
        map.get_mut(id.key).map(f)
    }
}

/// Whether a listed weak reference still exists and still refers to its object.
pub(crate) fn is_uncleared<'gc>(mc: &Mutation<'gc>, w: WeakObj<'gc>) -> bool {
    w.upgrade(mc)
        .is_some_and(|wr| matches!(&wr.borrow().kind, Kind::WeakRef(d) if d.referent.is_some()))
}
