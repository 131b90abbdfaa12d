//! Weak slots: for every weakly referenced object, the weak references made to it, kept
//! outside the object so that they outlive it.
//!
//! Invariant: an object has a slot exactly while this table has one under its
//! allocation number; the slot lists every weak reference made to the object since
//! the slot was made (a finalizer is listed in the place of the `ref(obj, finalizer)`
//! it stands for until that is made, `FinalizerData` in `object.rs`), the shared ones
//! (no callback: `ref(o)`, `proxy(o)`, at most one of each alive) first, newest first,
//! then the others in the order they were listed (the order they were made, but for a
//! `WeakMethod`'s function reference, listed after the `WeakMethod`: method.rs),
//! except those
//! the sweep has freed since (each weak
//! reference holds a [`RefTicket`], and the slot is pruned when it dies: a listed weak
//! pointer would keep gc-arena from freeing its memory); a slot left with none is
//! removed. The object itself carries no more than a flag in its ticket (`object.rs`),
//! set when its first slot is made: when gc-arena frees the object, the ticket's
//! `Drop` queues its number on the heap's [`Deaths`], and the collector then clears
//! that slot's references and queues their callbacks. Clearing therefore costs time
//! in proportion to the objects that died, not to the objects weakly referenced. (The
//! flag outlives a removed slot: the object's death then finds no slot, or the one a
//! later reference made.)
//!
//! The table is split into chunks by allocation number, [`CHUNK`] numbers each, every
//! chunk its own gc-arena allocation, so that marking traces it a chunk at a time
//! (gc-arena traces one allocation in one go, and a step cannot be shorter than that).
//! The chunks are held in groups of [`GROUP`], each group its own allocation too, and
//! the table holds only the groups: tracing the table, or one group, reads at most a
//! group's worth of chunk headers, however many objects are weakly referenced. (The
//! table lives in the collector's state, which any change to the state sends back to
//! be traced again; with one pointer per chunk, that trace read every chunk's header,
//! cold: 1.3 ms in one step at 4,000,000 weakly referenced objects.)
//! A chunk is a hash map while at most a quarter of its numbers have slots, and an
//! array indexed by number once more do (then no larger than the map would grow to,
//! and found without hashing; a chunk made after an array of at least a quarter starts
//! as one); it goes back to a map below an eighth, a map is halved
//! when a quarter full, and an empty chunk is dropped: the table shrinks with the
//! weakly referenced.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;
use std::rc::Rc;

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc, Mutation};

use crate::object::{GcObj, Kind, Numbered, WeakObj};

/// Allocation numbers per chunk: tracing a full chunk takes well under a millisecond.
/// 7/8 of a power of two, the most entries a hash map of that many buckets holds: a
/// chunk whose objects are all weakly referenced, or every other one (an object, then
/// its weak reference), fills its map's buckets instead of using half of twice as many.
pub(crate) const CHUNK: u64 = 896;

/// A death the sweep reported: of a weakly referenced object (its slot, under its
/// allocation number `id`, is to be cleared), or of one of the weak references the
/// slot of object `id` lists (the slot is to be pruned).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Death {
    pub id: u64,
    pub of_ref: bool,
}

/// Deaths reported by the sweep, waiting for the collector.
pub(crate) type Deaths = Rc<RefCell<Vec<Death>>>;

/// Queues a death, unless the collector is reading the queue (it never is across a
/// sweep: it takes the queue out first).
pub(crate) fn report(deaths: &Deaths, death: Death) {
    if let Ok(mut d) = deaths.try_borrow_mut() {
        d.push(death);
    }
}

thread_local! {
    /// One more than the referent number of the weak reference whose data gc-arena
    /// has just dropped (0: none), for its object's ticket, dropped next
    /// ([`take_dropped_ref`]). No destructor: usable while the thread exits.
    static DROPPED_REF: Cell<u64> = const { Cell::new(0) };
}

/// The referent number of the weak reference whose data was dropped since the last
/// call, if one was: an object's ticket, dropped right after its `kind` (object.rs),
/// reports that reference's death on its heap's queue. So a weak reference needs no
/// pointer to the queue of its own, and a report cannot reach another heap's queue.
pub(crate) fn take_dropped_ref() -> Option<u64> {
    DROPPED_REF.with(|c| c.replace(0)).checked_sub(1)
}

/// Held (as `Static`) by each weak reference: has its death reported to its
/// referent's slot when gc-arena drops it (through its object's ticket, see
/// [`take_dropped_ref`]), and keeps the referent's allocation number (the order of
/// callbacks) after the reference is cleared, with 8 bits of the reference's flags
/// beside it (as an object's ticket keeps its own number).
pub(crate) struct RefTicket {
    /// The referent's number, and the reference's flags (`object.rs`).
    pub referent: Numbered,
}

impl RefTicket {
    pub(crate) fn new(referent_id: u64, flags: u8) -> RefTicket {
        RefTicket {
            referent: Numbered::new(referent_id, flags),
        }
    }
}

impl Drop for RefTicket {
    fn drop(&mut self) {
        let id = self.referent.id();
        DROPPED_REF.with(|c| c.set(id + 1));
    }
}

/// A map keyed by allocation number (distinct, mostly dense: one multiplication
/// spreads them, and no key comes from outside).
type IdMap<V> = HashMap<u64, V, BuildHasherDefault<crate::dict::HashHasher>>;

/// The weak references to one object: the shared ones first (newest first), then the
/// others oldest first; the first inline (most objects have one), the rest boxed. May
/// include weak references that have died since. The object itself is not recorded:
/// a live weak reference in the slot names it.
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
    /// A slot listing nothing: a free place in a dense chunk.
    fn empty() -> Self {
        WeakSlot {
            first: None,
            rest: None,
        }
    }

    /// The listed weak references, in order (the shared ones first).
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
            .find_map(|w| entry_referent(&w.upgrade(mc)?.borrow().kind)?.upgrade(mc))
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

    /// Adds a weak reference, last, or first if `shared` (so that finding the shared
    /// ones reads the front of the slot only, as CPython keeps them at the head of
    /// its list), first pruning the dead ones when the slot has doubled since the last
    /// prune (so that the dead never outnumber the live by much, at amortized
    /// constant cost).
    fn push(&mut self, mc: &Mutation<'gc>, wr: WeakObj<'gc>, shared: bool) {
        if self.len() >= self.rest.as_ref().map_or(4, |r| r.prune_at) {
            self.retain(|w| is_uncleared(mc, w));
        }
        let Some(first) = self.first else {
            self.first = Some(wr);
            return;
        };
        let rest = &mut self
            .rest
            .get_or_insert_with(|| {
                Box::new(Rest {
                    refs: Vec::new(),
                    prune_at: 4,
                })
            })
            .refs;
        if shared {
            rest.insert(0, first);
            self.first = Some(wr);
        } else {
            rest.push(wr);
        }
    }
}

type Chunk<'gc> = Gc<'gc, RefLock<ChunkSlots<'gc>>>;

/// A chunk's map becomes an array when a slot is added to this many: the map would
/// grow to 512 buckets (about 12.8 KB), the array takes 14.3 KB and never grows.
const TO_DENSE: usize = (CHUNK / 4) as usize;
/// An array becomes a map again below this many slots (a map of 128 buckets, 3.2 KB).
const TO_SPARSE: usize = (CHUNK / 8) as usize;

/// The slots of one chunk's numbers: a map while few have one, an array of [`CHUNK`]
/// slots (an empty one where a number has none) once more do ([`TO_DENSE`]).
#[derive(Collect)]
#[collect(no_drop)]
enum ChunkSlots<'gc> {
    Sparse(IdMap<WeakSlot<'gc>>),
    Dense {
        /// Indexed by number modulo [`CHUNK`]; occupied exactly when `first` is set
        /// (a slot always lists its first reference there).
        slots: Vec<WeakSlot<'gc>>,
        len: usize,
    },
}

impl<'gc> ChunkSlots<'gc> {
    /// An empty array.
    fn dense() -> Self {
        ChunkSlots::Dense {
            slots: (0..CHUNK).map(|_| WeakSlot::empty()).collect(),
            len: 0,
        }
    }

    fn len(&self) -> usize {
        match self {
            ChunkSlots::Sparse(map) => map.len(),
            ChunkSlots::Dense { len, .. } => *len,
        }
    }

    fn get(&self, id: u64) -> Option<&WeakSlot<'gc>> {
        match self {
            ChunkSlots::Sparse(map) => map.get(&id),
            ChunkSlots::Dense { slots, .. } => {
                Some(&slots[(id % CHUNK) as usize]).filter(|s| s.first.is_some())
            }
        }
    }

    fn get_mut(&mut self, id: u64) -> Option<&mut WeakSlot<'gc>> {
        match self {
            ChunkSlots::Sparse(map) => map.get_mut(&id),
            ChunkSlots::Dense { slots, .. } => {
                Some(&mut slots[(id % CHUNK) as usize]).filter(|s| s.first.is_some())
            }
        }
    }

    /// Keeps the weak references of the slot of `id` for which `keep` says so, and
    /// removes the slot if none is left; true if it removed it.
    fn retain(&mut self, id: u64, keep: impl FnMut(WeakObj<'gc>) -> bool) -> bool {
        match self {
            ChunkSlots::Sparse(map) => {
                let Some(slot) = map.get_mut(&id) else {
                    return false;
                };
                slot.retain(keep);
                slot.first.is_none() && map.remove(&id).is_some()
            }
            ChunkSlots::Dense { slots, len } => {
                let slot = &mut slots[(id % CHUNK) as usize];
                if slot.first.is_none() {
                    return false;
                }
                slot.retain(keep);
                let emptied = slot.first.is_none();
                *len -= usize::from(emptied);
                emptied
            }
        }
    }

    /// Lists `wr` in the slot of `id`, making the slot if there is none; true if it
    /// made it. A map about to grow past [`TO_DENSE`] slots becomes an array first.
    fn add(&mut self, mc: &Mutation<'gc>, id: u64, wr: WeakObj<'gc>, shared: bool) -> bool {
        if let ChunkSlots::Sparse(map) = self
            && map.len() >= TO_DENSE
            && !map.contains_key(&id)
        {
            let mut dense = ChunkSlots::dense();
            if let ChunkSlots::Dense { slots, len } = &mut dense {
                *len = map.len();
                for (k, slot) in map.drain() {
                    slots[(k % CHUNK) as usize] = slot;
                }
            }
            *self = dense;
        }
        match self {
            ChunkSlots::Sparse(map) => match map.entry(id) {
                Entry::Occupied(mut slot) => {
                    slot.get_mut().push(mc, wr, shared);
                    false
                }
                Entry::Vacant(e) => {
                    e.insert(WeakSlot {
                        first: Some(wr),
                        rest: None,
                    });
                    true
                }
            },
            ChunkSlots::Dense { slots, len } => {
                let slot = &mut slots[(id % CHUNK) as usize];
                let made = slot.first.is_none();
                slot.push(mc, wr, shared);
                *len += usize::from(made);
                made
            }
        }
    }

    fn remove(&mut self, id: u64) -> Option<WeakSlot<'gc>> {
        match self {
            ChunkSlots::Sparse(map) => map.remove(&id),
            ChunkSlots::Dense { slots, len } => {
                let slot = &mut slots[(id % CHUNK) as usize];
                slot.first?;
                *len -= 1;
                Some(std::mem::replace(slot, WeakSlot::empty()))
            }
        }
    }

    /// After removals: an array below [`TO_SPARSE`] slots becomes a map; a map is
    /// halved once a quarter full (a hash map never shrinks by itself).
    fn tidy(&mut self, base: u64) {
        match self {
            ChunkSlots::Sparse(map) => {
                if map.capacity() > 4 * map.len() {
                    let len = map.len();
                    map.shrink_to(2 * len);
                }
            }
            ChunkSlots::Dense { slots, len } => {
                if *len < TO_SPARSE {
                    let mut map = IdMap::default();
                    map.reserve(*len);
                    for (i, slot) in slots.drain(..).enumerate() {
                        if slot.first.is_some() {
                            map.insert(base + i as u64, slot);
                        }
                    }
                    *self = ChunkSlots::Sparse(map);
                }
            }
        }
    }

    /// The numbers that have slots, given the chunk's first number `base`.
    fn ids(&self, base: u64, out: &mut Vec<u64>) {
        match self {
            ChunkSlots::Sparse(map) => out.extend(map.keys().copied()),
            ChunkSlots::Dense { slots, .. } => out.extend(
                (0..)
                    .zip(slots)
                    .filter(|(_, s)| s.first.is_some())
                    .map(|(i, _)| base + i),
            ),
        }
    }
}

/// The table of weak slots, keyed by the objects' allocation numbers.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct WeakSlots<'gc> {
    /// Group `g` holds chunks `g * GROUP ..` up to the next; chunk `n` holds the slots
    /// of the objects numbered `n * CHUNK ..` up to the next.
    groups: IdMap<Group<'gc>>,
    /// The chunk looked up last, with its number: weak references are mostly made,
    /// and their objects die, in the order the objects were made, so most lookups are
    /// for the chunk of the one before. Cleared when that chunk is dropped.
    last: Option<(u64, Chunk<'gc>)>,
    len: usize,
}

/// Chunks per group: a group is traced in one go, reading the header of each chunk it
/// holds (about 150 ns each when cold), so a group costs a step at most some 10 µs, and
/// the table one read per 57,344 allocation numbers.
const GROUP: u64 = 64;

type Group<'gc> = Gc<'gc, RefLock<GroupChunks<'gc>>>;

/// The chunks of one group, indexed by chunk number modulo [`GROUP`]; a group is
/// dropped with its last chunk.
#[derive(Collect)]
#[collect(no_drop)]
struct GroupChunks<'gc> {
    chunks: Vec<Option<Chunk<'gc>>>,
    len: usize,
}

impl<'gc> WeakSlots<'gc> {
    /// How many objects have slots.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Chunk `key`, if it has one.
    #[inline]
    fn chunk(&self, key: u64) -> Option<Chunk<'gc>> {
        if let Some((k, chunk)) = self.last
            && k == key
        {
            return Some(chunk);
        }
        self.chunk_in_group(key)
    }

    /// Chunk `key` found through its group (kept out of line: most lookups are of
    /// the last chunk).
    #[inline(never)]
    fn chunk_in_group(&self, key: u64) -> Option<Chunk<'gc>> {
        let group = self.groups.get(&(key / GROUP))?;
        group.borrow().chunks[(key % GROUP) as usize]
    }

    /// [`chunk`](Self::chunk), remembered for the next lookup.
    #[inline]
    fn find(&mut self, key: u64) -> Option<Chunk<'gc>> {
        let chunk = self.chunk(key)?;
        self.last = Some((key, chunk));
        Some(chunk)
    }

    /// Makes `chunk` chunk `key` (which has none), making its group on first use.
    fn insert_chunk(&mut self, mc: &Mutation<'gc>, key: u64, chunk: Chunk<'gc>) {
        let group = *self.groups.entry(key / GROUP).or_insert_with(|| {
            let chunks = vec![None; GROUP as usize];
            Gc::new(mc, RefLock::new(GroupChunks { chunks, len: 0 }))
        });
        let mut group = group.borrow_mut(mc);
        group.chunks[(key % GROUP) as usize] = Some(chunk);
        group.len += 1;
    }

    /// Drops chunk `key`, and its group with its last chunk.
    fn remove_chunk(&mut self, mc: &Mutation<'gc>, key: u64) {
        let Some(&group) = self.groups.get(&(key / GROUP)) else {
            return;
        };
        if self.last.is_some_and(|(k, _)| k == key) {
            self.last = None;
        }
        let mut chunks = group.borrow_mut(mc);
        if chunks.chunks[(key % GROUP) as usize].take().is_some() {
            chunks.len -= 1;
        }
        if chunks.len == 0 {
            drop(chunks);
            self.groups.remove(&(key / GROUP));
        }
    }

    /// Each chunk with its number, in no particular order.
    fn each_chunk(&self, mut f: impl FnMut(u64, Chunk<'gc>)) {
        for (g, group) in &self.groups {
            for (i, chunk) in group.borrow().chunks.iter().enumerate() {
                if let Some(chunk) = chunk {
                    f(g * GROUP + i as u64, *chunk);
                }
            }
        }
    }

    /// Lists weak reference `wr` (first if `shared`, see `WeakSlot::push`) in the slot
    /// of object `id`, making the slot if it has none; true if it made it.
    pub(crate) fn add(
        &mut self,
        mc: &Mutation<'gc>,
        id: u64,
        wr: WeakObj<'gc>,
        shared: bool,
    ) -> bool {
        let key = id / CHUNK;
        let chunk = match self.find(key) {
            Some(chunk) => chunk,
            None => {
                // A chunk after one that filled its array (objects weakly referenced
                // in the order they were made) starts as an array: it would most
                // likely become one, through a map growing and rehashing on the way.
                let dense = key.checked_sub(1).and_then(|k| self.chunk(k)).is_some_and(
                    |c| matches!(&*c.borrow(), ChunkSlots::Dense { len, .. } if *len >= TO_DENSE),
                );
                let slots = match dense {
                    true => ChunkSlots::dense(),
                    false => ChunkSlots::Sparse(IdMap::default()),
                };
                let chunk = Gc::new(mc, RefLock::new(slots));
                self.insert_chunk(mc, key, chunk);
                self.last = Some((key, chunk));
                chunk
            }
        };
        let made = chunk.borrow_mut(mc).add(mc, id, wr, shared);
        self.len += usize::from(made);
        made
    }

    /// Reads the slot of object `id`.
    pub(crate) fn get<R>(&self, id: u64, f: impl FnOnce(&WeakSlot<'gc>) -> R) -> Option<R> {
        let chunk = self.chunk(id / CHUNK)?;
        let chunk = chunk.borrow();
        chunk.get(id).map(f)
    }

    /// Lists `new` in the place of `old` in the slot of object `id`; false if `old`
    /// is not listed there.
    pub(crate) fn replace(
        &mut self,
        mc: &Mutation<'gc>,
        id: u64,
        old: WeakObj<'gc>,
        new: WeakObj<'gc>,
    ) -> bool {
        let Some(chunk) = self.find(id / CHUNK) else {
            return false;
        };
        let mut chunk = chunk.borrow_mut(mc);
        let Some(slot) = chunk.get_mut(id) else {
            return false;
        };
        let rest = slot
            .rest
            .as_deref_mut()
            .map_or(&mut [][..], |r| &mut r.refs[..]);
        match slot
            .first
            .iter_mut()
            .chain(rest)
            .find(|w| WeakObj::ptr_eq(**w, old))
        {
            Some(w) => {
                *w = new;
                true
            }
            None => false,
        }
    }

    /// Removes the slot of object `id`, giving it back.
    pub(crate) fn remove(&mut self, mc: &Mutation<'gc>, id: u64) -> Option<WeakSlot<'gc>> {
        let key = id / CHUNK;
        let slot = self.find(key)?.borrow_mut(mc).remove(id)?;
        self.len -= 1;
        self.tidy(mc, key);
        Some(slot)
    }

    /// Removes the slots of the objects numbered `ids` (those that have one), giving
    /// each to `f`. Consecutive numbers of one chunk find it once, and each chunk is
    /// tidied once, at the end, rather than at every removal (the sweep reports deaths
    /// a chunk at a time).
    pub(crate) fn remove_all(
        &mut self,
        mc: &Mutation<'gc>,
        ids: impl IntoIterator<Item = u64>,
        mut f: impl FnMut(WeakSlot<'gc>),
    ) {
        let mut touched: Vec<u64> = Vec::new();
        let mut current: Option<(u64, Chunk<'gc>)> = None;
        for id in ids {
            let key = id / CHUNK;
            let chunk = match current {
                Some((k, c)) if k == key => c,
                _ => {
                    let Some(c) = self.find(key) else {
                        continue;
                    };
                    touched.push(key);
                    current = Some((key, c));
                    c
                }
            };
            let slot = chunk.borrow_mut(mc).remove(id);
            if let Some(slot) = slot {
                self.len -= 1;
                f(slot);
            }
        }
        touched.sort_unstable();
        touched.dedup();
        for key in touched {
            self.tidy(mc, key);
        }
    }

    /// Drops chunk `key` if it is empty, else lets it shrink (`ChunkSlots::tidy`).
    fn tidy(&mut self, mc: &Mutation<'gc>, key: u64) {
        let Some(chunk) = self.chunk(key) else {
            return;
        };
        let mut slots = chunk.borrow_mut(mc);
        if slots.len() == 0 {
            drop(slots);
            self.remove_chunk(mc, key);
        } else {
            slots.tidy(key * CHUNK);
        }
    }

    /// Whether the counts agree with what the table holds and no empty chunk is kept
    /// (for the verifier); else what does not.
    pub(crate) fn check(&self) -> Result<(), String> {
        let mut total = 0;
        let mut problem = None;
        self.each_chunk(|key, chunk| {
            let chunk = chunk.borrow();
            let mut ids = Vec::new();
            chunk.ids(key * CHUNK, &mut ids);
            if ids.len() != chunk.len() || ids.is_empty() {
                problem.get_or_insert(format!(
                    "weak slot chunk {key} counts {} slots but holds {}",
                    chunk.len(),
                    ids.len()
                ));
            }
            total += ids.len();
        });
        if let Some(problem) = problem {
            return Err(problem);
        }
        for (g, group) in &self.groups {
            let group = group.borrow();
            let held = group.chunks.iter().flatten().count();
            if held != group.len || held == 0 {
                return Err(format!(
                    "weak slot group {g} counts {} chunks but holds {held}",
                    group.len
                ));
            }
        }
        if total != self.len {
            return Err(format!(
                "the weak slot table counts {} slots but holds {total}",
                self.len
            ));
        }
        Ok(())
    }

    /// The numbers of the objects that have slots, in order (for the collector's full
    /// pass and the verifier).
    pub(crate) fn ids(&self) -> Vec<u64> {
        let mut ids = Vec::with_capacity(self.len);
        self.each_chunk(|key, chunk| chunk.borrow().ids(key * CHUNK, &mut ids));
        ids.sort_unstable();
        ids
    }

    /// Drops the weak references that are gone (or going: freed by this sweep) from the
    /// slot of object `id`, if it has one.
    pub(crate) fn prune(&mut self, mc: &Mutation<'gc>, id: u64) {
        self.retain(mc, id, |w| w.upgrade(mc).is_some());
    }

    /// Keeps the weak references of the slot of object `id` for which `keep` says so,
    /// in order, and removes the slot if none is left (the object's flag stays set: a
    /// later reference makes a new slot).
    pub(crate) fn retain(
        &mut self,
        mc: &Mutation<'gc>,
        id: u64,
        keep: impl FnMut(WeakObj<'gc>) -> bool,
    ) {
        let key = id / CHUNK;
        let Some(chunk) = self.find(key) else {
            return;
        };
        if chunk.borrow_mut(mc).retain(id, keep) {
            self.len -= 1;
            self.tidy(mc, key);
        }
    }
}

/// Whether a listed weak reference still exists and still refers to its object.
pub(crate) fn is_uncleared<'gc>(mc: &Mutation<'gc>, w: WeakObj<'gc>) -> bool {
    w.upgrade(mc)
        .is_some_and(|wr| entry_referent(&wr.borrow().kind).is_some())
}

/// What a slot lists is a weak reference, or a finalizer standing for the reference
/// it has not made yet (`object.rs`, `FinalizerData`): its referent, unless cleared.
pub(crate) fn entry_referent<'gc>(kind: &Kind<'gc>) -> Option<WeakObj<'gc>> {
    match kind {
        Kind::WeakRef(d) => d.referent,
        Kind::Finalizer(d) => d.referent,
        _ => None,
    }
}

/// Clears what a slot lists (a weak reference, or a finalizer standing for one);
/// true if it named its object until now.
pub(crate) fn clear_entry(kind: &mut Kind<'_>) -> bool {
    match kind {
        Kind::WeakRef(d) => d.referent.take().is_some(),
        Kind::Finalizer(d) => d.referent.take().is_some(),
        _ => false,
    }
}
