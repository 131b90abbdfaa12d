//! The weak containers' shared core: the table of a `WeakValueDictionary`,
//! `WeakKeyDictionary` or `WeakSet`, its lookups (Python equality, outside the arena),
//! its safe iterators, the dictionary methods the two mappings share, and the
//! ephemeron pass the collector calls.
//!
//! Built as CPython's `Lib/weakref.py` builds them: every entry holds a weak reference
//! made with [`new_weakref`] whose callback (one native closure per container, which
//! holds the container only through a weak reference) removes the entry when the
//! referent dies. The collector knows nothing about containers, except for the
//! ephemeron mode of `WeakKeyDictionary` ([`mark_ephemerons`]).
//!
//! Invariants:
//! - `slots` is in insertion order; a removed entry leaves a hole (`None`) until a
//!   compaction, which never happens while an iterator is open (iterators hold
//!   positions). `by_hash` maps each hash to the positions of the occupied slots with
//!   that hash; `by_ref` maps the allocation number of each occupied slot's weak
//!   reference (the `KeyedRef` of a value, the ref to a key or member) to its position.
//! - A slot is *live* while its weak reference is alive. Dead slots are invisible to
//!   every lookup and iterator, except to a `WeakValueDictionary`'s changes, which
//!   find a dead slot not in `pending` ([`Find::Present`]); the removal callback
//!   deletes them at once, or, while iterators are open, records them in `pending`
//!   and the last iterator to close deletes them.
//! - The callback finds its entry through `by_ref`, so a callback of a replaced
//!   `KeyedRef` (overwritten key) finds nothing and removes nothing (item 30).
//! - `version` changes with every explicit change of the number of entries; an open
//!   iterator that sees it changed raises `RuntimeError` (as CPython's dict does).
//! - A `WeakSet`'s `order` holds one entry per occupied slot, its hash and serial,
//!   laid out as CPython's `data` set lays out the weak references (`dict.rs`'s set
//!   table, changed exactly when `slots` is): the set iterates, prints and pops in
//!   that table's order, unless a member is hashed by identity (`by_address` counts
//!   them), which CPython hashes by address: then in insertion order.

use std::rc::Rc;

use gc_arena::{Collect, Finalization, Gc, Static};

use crate::dict::{Entry, Table};
use crate::hash_index::HashIndex;
use crate::heap::{Ctx, HeapRoot};
use crate::native::NativeFn;
use crate::object::{FunctionData, GcObj, Kind, ObjectData, Val, WeakFlavor, WeakObj};
use crate::protocols::equality::lookup_eq;
use crate::protocols::hashing::hashes_by_address;
use crate::protocols::{find_in_class, referent_of};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::weakref::ref_positions::RefPositions;
use crate::weakref::{check_weakrefable, new_weakref};
use crate::{Args, Error, Heap, Result, Value};

/// One entry of a weak container.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct Slot<'gc> {
    pub hash: i64,
    /// Identifies the entry across compactions.
    pub serial: u64,
    /// `WeakValueDictionary`: the key. `WeakKeyDictionary`, `WeakSet`: the weak
    /// reference to the key or member.
    pub key: Val<'gc>,
    /// `WeakValueDictionary`: the `KeyedRef` to the value. `WeakKeyDictionary`: the
    /// value (in ephemeron mode only when it is not an object). `WeakSet`: None.
    pub value: Val<'gc>,
    /// Ephemeron mode: the value object, held weakly; the collector marks it while the
    /// key is reachable ([`mark_ephemerons`]).
    pub eph: Option<WeakObj<'gc>>,
    /// The allocation number of the entry's weak reference (see `by_ref`).
    pub ref_id: u64,
}

/// The state of one weak container (see the module's invariants).
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct ContainerData<'gc> {
    kind: Static<Builtin>,
    ephemeron: bool,
    slots: Vec<Option<Slot<'gc>>>,
    by_hash: Static<HashIndex>,
    by_ref: Static<RefPositions>,
    used: usize,
    /// The removal callback shared by all the entries' weak references.
    remove_cb: Val<'gc>,
    iterators: usize,
    /// Weak references (by allocation number) whose entries wait for the last
    /// iterator to close.
    pending: indexmap::IndexSet<u64>,
    version: u64,
    next_serial: u64,
    /// A `WeakSet`'s set order (see the module's invariants); `None` for a
    /// dictionary, which iterates in insertion order.
    order: Static<Option<Box<Table<'static>>>>,
    /// How many of a `WeakSet`'s entries are members hashed by identity, which
    /// CPython hashes by address: lethe's addresses are not CPython's, so a set
    /// holding one iterates, prints and pops in insertion order (the order CPython's
    /// usually shows for objects allocated one after another), and in its table's
    /// order only when every member has its own `__hash__` or is a value.
    by_address: usize,
    /// Which of those two orders a `WeakSet` keeps while iterators are open (`true`:
    /// its table's), fixed by the first one's first step: an iterator's cursor is a
    /// place in that order, and a member removed meanwhile (by a removal function
    /// the program calls) must not switch it.
    frozen_order: Option<bool>,
}

impl<'gc> ContainerData<'gc> {
    pub(crate) fn builtin(&self) -> Builtin {
        self.kind.0
    }

    /// What `len()` reports: the entries not known to be dead.
    pub(crate) fn visible_len(&self) -> usize {
        self.used - self.pending.len()
    }

    /// The keys of `.data` (a `WeakSet`'s weak references), for its repr.
    pub(crate) fn data_keys(&self) -> impl Iterator<Item = &Val<'gc>> {
        self.ordered().map(|s| &s.key)
    }

    fn is_ephemeron(&self) -> bool {
        self.ephemeron
    }

    fn slot(&self, pos: u32) -> Option<&Slot<'gc>> {
        self.slots.get(pos as usize).and_then(Option::as_ref)
    }

    /// A `WeakValueDictionary`'s live value under `k` (of hash `hash`), when every
    /// comparison on the way is decided without user code; `None` when one is not, or
    /// when this is another kind of container.
    pub(crate) fn weak_value_get_fast(
        &self,
        cx: &Ctx<'_, 'gc>,
        k: &Val<'gc>,
        hash: i64,
    ) -> Option<Option<Val<'gc>>> {
        Some(self.live_entry_fast(cx, k, hash)?.map(|(_, v)| Val::Obj(v)))
    }

    /// A `WeakValueDictionary`'s live entry under `k` (of hash `hash`), its position
    /// and value, as [`weak_value_get_fast`](Self::weak_value_get_fast) finds it.
    fn live_entry_fast(
        &self,
        cx: &Ctx<'_, 'gc>,
        k: &Val<'gc>,
        hash: i64,
    ) -> Option<Option<(u32, GcObj<'gc>)>> {
        match self.entry_fast(cx, k, hash, Find::Live)? {
            Some((pos, Some(v))) => Some(Some((pos, v))),
            _ => Some(None),
        }
    }

    /// A `WeakValueDictionary`'s entry under `k` (of hash `hash`) that `find` finds
    /// (see [`Find`]), its position and its value if alive, when every comparison on
    /// the way is decided without user code; `None` when one is not, or when this is
    /// another kind of container.
    fn entry_fast(
        &self,
        cx: &Ctx<'_, 'gc>,
        k: &Val<'gc>,
        hash: i64,
        find: Find,
    ) -> Option<Option<(u32, Option<GcObj<'gc>>)>> {
        if self.builtin() != Builtin::WeakValueDictionary {
            return None;
        }
        // The stored key is compared where it lies, and only an equal one's value is
        // looked at (a dead entry is passed over: a live one may follow under an equal
        // key). A dead entry whose key needs user code to compare sends the lookup to
        // the general path, which passes it over without asking.
        let mut value = None;
        let pos = self.by_hash.0.find(hash, |pos| {
            let Some(slot) = self.slot(pos) else {
                return Some(false);
            };
            if !lookup_eq(cx, k, &slot.key)? {
                return Some(false);
            }
            value = slot.value.as_obj().and_then(|r| referent_of(cx, r));
            Some(value.is_some() || self.is_found(cx, slot, find))
        })?;
        Some(pos.map(|pos| (pos, value)))
    }

    fn candidates(&self, hash: i64) -> impl Iterator<Item = u32> + '_ {
        self.by_hash.0.candidates(hash)
    }

    fn locate(&self, hash: i64, serial: u64) -> Option<u32> {
        self.candidates(hash)
            .find(|p| self.slot(*p).is_some_and(|s| s.serial == serial))
    }

    /// The positions of the entries under `hash` in the order a lookup meets them:
    /// a `WeakSet`'s along its table's probe sequence (CPython's `set_lookkey`, so
    /// colliding members' `__eq__`s are asked in CPython's order), a dictionary's
    /// along its index's.
    fn lookup_order(&self, hash: i64) -> impl Iterator<Item = u32> + '_ {
        let by_set = self.order.0.as_deref().map(|order| {
            let mut at: smallvec::SmallVec<[u32; 8]> = smallvec::SmallVec::new();
            order.find(hash, |j| {
                at.extend(order.entry(j).and_then(|e| self.ordered_at(e)));
                Some(false)
            });
            at
        });
        let by_index = by_set.is_none().then(|| self.candidates(hash));
        by_set
            .into_iter()
            .flatten()
            .chain(by_index.into_iter().flatten())
    }

    /// Checks the module's invariants, for [`Heap::verify`]: every entry indexed
    /// under its hash and its reference, the counts agreeing, removals pending only
    /// for entries it holds, and a `WeakSet`'s order listing each entry once.
    pub(crate) fn check(&self) -> std::result::Result<(), String> {
        let what = self.builtin().tp_name();
        let mut held = 0;
        for (pos, slot) in self.slots.iter().enumerate() {
            let Some(slot) = slot else { continue };
            let pos = pos as u32;
            held += 1;
            if !self.candidates(slot.hash).any(|p| p == pos) {
                return Err(format!("{what} entry {pos} is not indexed by its hash"));
            }
            if self.by_ref.0.get(slot.ref_id) != Some(pos) {
                return Err(format!(
                    "{what} entry {pos} is not indexed by its reference"
                ));
            }
        }
        let (by_hash, by_ref) = (self.by_hash.0.len(), self.by_ref.0.len());
        if held != self.used || by_hash != held || by_ref != held {
            return Err(format!(
                "{what} counts {} entries but holds {held}, {by_hash} indexed by hash, \
                 {by_ref} by reference",
                self.used
            ));
        }
        if self.pending.iter().any(|id| !self.by_ref.0.contains(*id)) {
            return Err(format!("{what} waits to remove an entry it does not hold"));
        }
        if let Some(order) = self.order.0.as_deref() {
            let mut serials = std::collections::HashSet::new();
            for (_, e) in order.iter() {
                let serial = self
                    .ordered_at(e)
                    .and_then(|p| self.slot(p))
                    .map(|s| s.serial);
                if !serial.is_some_and(|s| serials.insert(s)) {
                    return Err(format!("{what}'s order lists an entry it lacks, or twice"));
                }
            }
            if serials.len() != held {
                return Err(format!(
                    "{what}'s order lists {} of its {held} entries",
                    serials.len()
                ));
            }
            let by_address = order.iter().filter(|(_, e)| is_by_address(e)).count();
            if by_address != self.by_address {
                return Err(format!(
                    "{what} counts {} members hashed by identity but holds {by_address}",
                    self.by_address
                ));
            }
        }
        Ok(())
    }

    /// The position of the slot an entry of `order` stands for.
    fn ordered_at(&self, e: &Entry<'_>) -> Option<u32> {
        self.locate(e.hash, serial_of(e)?)
    }

    /// The table a `WeakSet` iterates, prints and pops in: its order table when no
    /// member is hashed by identity (see `by_address`), as fixed while iterators
    /// are open (`frozen_order`); `None`: insertion order.
    fn set_order(&self) -> Option<&Table<'static>> {
        let by_set = self.frozen_order.unwrap_or(self.by_address == 0);
        self.order.0.as_deref().filter(|_| by_set)
    }

    /// The occupied slots in iteration order: a `WeakSet`'s set order (see
    /// [`set_order`](Self::set_order)), else insertion order.
    fn ordered(&self) -> impl Iterator<Item = &Slot<'gc>> + '_ {
        let by_set = self.set_order().map(|order| {
            order
                .iter()
                .filter_map(|(_, e)| self.slot(self.ordered_at(e)?))
        });
        let by_insertion = by_set.is_none().then(|| self.slots.iter().flatten());
        by_set
            .into_iter()
            .flatten()
            .chain(by_insertion.into_iter().flatten())
    }

    /// An iterator's step from cursor `at`: the cursor after the next place in
    /// iteration order and the slot there (`None` for a hole), or `None` past the
    /// end. A `WeakSet`'s cursor in set order is a place of its `order` table,
    /// which keeps its places while the set is iterated (only an insertion, which
    /// makes the iterator raise, moves them), and the order stays the one its
    /// first iterator began in (`frozen_order`).
    fn step_from(&self, at: u32) -> Option<(u32, Option<&Slot<'gc>>)> {
        match self.set_order() {
            Some(order) => {
                let (j, e) = order.next_from(at as usize)?;
                Some((j as u32 + 1, self.ordered_at(e).and_then(|p| self.slot(p))))
            }
            None => Some((at + 1, self.slots.get(at as usize)?.as_ref())),
        }
    }

    /// The weak reference that decides whether `slot` is live.
    fn slot_ref(&self, slot: &Slot<'gc>) -> Option<GcObj<'gc>> {
        match self.kind.0 {
            Builtin::WeakValueDictionary => slot.value.as_obj(),
            _ => slot.key.as_obj(),
        }
    }

    fn is_live(&self, cx: &Ctx<'_, 'gc>, slot: &Slot<'gc>) -> bool {
        self.slot_ref(slot)
            .and_then(|r| referent_of(cx, r))
            .is_some()
    }

    /// Whether `slot` is found by a lookup of kind `find`: a live one always; with
    /// [`Find::Present`] also a `WeakValueDictionary` entry whose value died and
    /// whose removal has not run yet (CPython's entry is still in `data` then), unless
    /// it waits for iterators to close (CPython commits those removals before any
    /// change).
    fn is_found(&self, cx: &Ctx<'_, 'gc>, slot: &Slot<'gc>, find: Find) -> bool {
        self.is_live(cx, slot)
            || (find == Find::Present
                && self.kind.0 == Builtin::WeakValueDictionary
                && !self.pending.contains(&slot.ref_id))
    }

    /// The key (member) of a live slot.
    fn live_key(&self, cx: &Ctx<'_, 'gc>, slot: &Slot<'gc>) -> Option<Val<'gc>> {
        match self.kind.0 {
            Builtin::WeakValueDictionary => self.is_live(cx, slot).then(|| slot.key.clone()),
            _ => slot
                .key
                .as_obj()
                .and_then(|r| referent_of(cx, r))
                .map(Val::Obj),
        }
    }

    /// The value of a live slot.
    fn live_value(&self, cx: &Ctx<'_, 'gc>, slot: &Slot<'gc>) -> Option<Val<'gc>> {
        match self.kind.0 {
            Builtin::WeakValueDictionary => slot
                .value
                .as_obj()
                .and_then(|r| referent_of(cx, r))
                .map(Val::Obj),
            Builtin::WeakSet => self.is_live(cx, slot).then_some(Val::None),
            _ => {
                if !self.is_live(cx, slot) {
                    return None;
                }
                match slot.eph {
                    Some(w) => w.upgrade(cx.mc).map(Val::Obj),
                    None => Some(slot.value.clone()),
                }
            }
        }
    }

    /// Adds an entry; `by_address` for a `WeakSet` member hashed by identity (noted
    /// in its `order` entry, so that a dictionary's slots carry nothing for it).
    fn push(&mut self, mut slot: Slot<'gc>, by_address: bool) -> u32 {
        slot.serial = self.next_serial;
        self.next_serial += 1;
        let pos = self.slots.len() as u32;
        self.by_hash.0.insert(slot.hash, pos);
        self.by_ref.0.insert(slot.ref_id, pos);
        if let Some(order) = &mut self.order.0 {
            order.push(order_entry(slot.hash, slot.serial, by_address));
            self.by_address += usize::from(by_address);
        }
        self.slots.push(Some(slot));
        self.used += 1;
        self.version += 1;
        pos
    }

    /// Removes the slot at `pos`; `explicit` for a program's change (not a death).
    fn remove_at(&mut self, pos: u32, explicit: bool) -> Option<Slot<'gc>> {
        let ref_id = self.slot(pos)?.ref_id;
        if self.by_ref.0.get(ref_id) == Some(pos) {
            self.by_ref.0.remove(ref_id);
        }
        self.unlink(pos, explicit)
    }

    /// Removes the slot at `pos`, which `by_ref` no longer names.
    fn unlink(&mut self, pos: u32, explicit: bool) -> Option<Slot<'gc>> {
        let slot = self.slots.get_mut(pos as usize)?.take()?;
        self.by_hash.0.remove(slot.hash, pos);
        if let Some(order) = &mut self.order.0
            && let Some(Some(at)) = order.find(slot.hash, |at| {
                Some(order.entry(at).and_then(serial_of) == Some(slot.serial))
            })
            && let Some(e) = order.remove(at)
        {
            self.by_address -= usize::from(is_by_address(&e));
        }
        if !self.pending.is_empty() {
            self.pending.swap_remove(&slot.ref_id);
        }
        self.used -= 1;
        if explicit {
            self.version += 1;
        }
        self.maybe_compact();
        Some(slot)
    }

    /// Points an occupied slot at a new weak reference (a new `KeyedRef`).
    fn rebind(&mut self, pos: u32, value: Val<'gc>, ref_id: u64) {
        let Some(Some(slot)) = self.slots.get_mut(pos as usize) else {
            return;
        };
        let old = std::mem::replace(&mut slot.ref_id, ref_id);
        slot.value = value;
        self.by_ref.0.remove(old);
        self.by_ref.0.insert(ref_id, pos);
        self.pending.swap_remove(&old);
    }

    fn clear(&mut self) {
        let n = self.used;
        self.slots.iter_mut().for_each(|s| *s = None);
        self.by_hash.0.clear();
        self.by_ref.0.clear();
        self.pending.clear();
        if let Some(order) = &mut self.order.0 {
            order.clear();
        }
        self.by_address = 0;
        self.used = 0;
        if n > 0 {
            self.version += 1;
        }
        self.maybe_compact();
    }

    fn maybe_compact(&mut self) {
        // Trailing holes go even while iterators are open: no live entry moves, and
        // an iterator past the end stops (an insertion, which could reuse those
        // places, makes it raise anyway).
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        if self.iterators > 0 {
            return;
        }
        if self.slots.len() <= 16 || self.used * 2 >= self.slots.len() {
            return;
        }
        let slots = std::mem::replace(&mut self.slots, Vec::with_capacity(self.used));
        self.by_hash.0.clear_for(self.used);
        let mut by_ref = Vec::with_capacity(self.used);
        for slot in slots.into_iter().flatten() {
            let pos = self.slots.len() as u32;
            self.by_hash.0.insert(slot.hash, pos);
            by_ref.push((slot.ref_id, pos));
            self.slots.push(Some(slot));
        }
        self.by_ref.0.replace_all(by_ref);
    }

    /// The program's removal, through a removal function, of the entry of weak
    /// reference `ref_id`, at once (an open iterator passes its hole over); whether
    /// there was one.
    fn remove_ref_now(&mut self, ref_id: u64) -> bool {
        let Some(pos) = self.by_ref.get(ref_id) else {
            return false;
        };
        self.remove_at(pos, false);
        true
    }

    /// The entry of the weak reference `ref_id` died (its callback runs).
    fn on_dead(&mut self, ref_id: u64) {
        if self.iterators > 0 {
            if self.by_ref.contains(ref_id) {
                self.pending.insert(ref_id);
            }
        } else if let Some(pos) = self.by_ref.0.remove(ref_id) {
            self.unlink(pos, false);
        }
    }

    /// The last iterator closed: delete the entries that died meanwhile.
    fn commit_pending(&mut self, cx: &Ctx<'_, 'gc>) {
        for id in std::mem::take(&mut self.pending) {
            let Some(pos) = self.by_ref.get(id) else {
                continue;
            };
            let dead = self.slot(pos).is_some_and(|s| !self.is_live(cx, s));
            if dead {
                self.remove_at(pos, false);
            }
        }
        self.maybe_compact();
    }
}

/// A `WeakSet` `order` entry for the slot of `serial`, its value `True` for a
/// member hashed by identity.
fn order_entry(hash: i64, serial: u64, by_address: bool) -> Entry<'static> {
    Entry {
        hash,
        key: Val::Int(serial as i64),
        value: Val::Bool(by_address),
    }
}

/// Whether `order` entry `e` stands for a member hashed by identity.
fn is_by_address(e: &Entry<'_>) -> bool {
    matches!(e.value, Val::Bool(true))
}

/// The serial of the slot `order` entry `e` stands for.
fn serial_of(e: &Entry<'_>) -> Option<u64> {
    match e.key {
        Val::Int(serial) => Some(serial as u64),
        _ => None,
    }
}

/// The container data of an object, if it is a weak container.
pub(crate) fn container<'a, 'gc>(data: &'a ObjectData<'gc>) -> Option<&'a ContainerData<'gc>> {
    match &data.kind {
        Kind::WeakContainer(c) => Some(c),
        _ => None,
    }
}

fn container_mut<'a, 'gc>(data: &'a mut ObjectData<'gc>) -> Option<&'a mut ContainerData<'gc>> {
    match &mut data.kind {
        Kind::WeakContainer(c) => Some(c),
        _ => None,
    }
}

/// `o[k] = value` inside the arena when `o` is a `WeakValueDictionary` and `k` (of
/// `hash`) a value held by value: `Some(result)`, else `None` (`o` is no such
/// dictionary, or a stored key of that hash needs user code to be compared).
pub(crate) fn weak_value_store_fast<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    k: Val<'gc>,
    value: &Value,
    hash: i64,
) -> Option<Result<()>> {
    let found = {
        let data = o.borrow();
        let cd = container(&data)?;
        cd.entry_fast(cx, &k, hash, Find::Present)?
            .and_then(|(pos, _)| cd.slot(pos))
            .map(|slot| Loc {
                hash,
                serial: slot.serial,
            })
    };
    let kind = CKind {
        b: Builtin::WeakValueDictionary,
        ephemeron: false,
    };
    Some(
        cx.val(value)
            .and_then(|v| store_in(cx, o, k, v, kind, hash, found)),
    )
}

/// `del o[k]` inside the arena when `o` is a `WeakValueDictionary` and `k` (of `hash`)
/// a value held by value: `Some(whether there was an entry, now removed)` (a dead one
/// whose removal has not run counts: `Heap::find_present`), else `None` (`o` is no
/// such dictionary, or a stored key of that hash needs user code).
pub(crate) fn weak_value_remove_fast<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    k: &Val<'gc>,
    hash: i64,
) -> Option<bool> {
    let found = container(&o.borrow())?.entry_fast(cx, k, hash, Find::Present)?;
    if let Some((pos, _)) = found
        && let Some(cd) = container_mut(&mut o.borrow_mut(cx.mc))
    {
        cd.remove_at(pos, true);
    }
    Some(found.is_some())
}

/// The name and parameters of a container's removal function, as CPython's
/// `Lib/weakref.py` and `Lib/_weakrefset.py` define them.
fn removal_signature(b: Builtin) -> (&'static str, &'static [&'static str]) {
    match b {
        Builtin::WeakValueDictionary => ("remove", &["wr", "selfref", "_atomic_removal"]),
        Builtin::WeakSet => ("_remove", &["item", "selfref"]),
        _ => ("remove", &["k", "selfref"]),
    }
}

/// The callback of every weak reference a container of kind `b` holds: `captures[0]`
/// is a weak reference to the container, `args[0]` the dead reference. (The collector
/// runs [`remove_dead_in`], its body for the container's own references, inside the
/// arena; this is the function a program reaches through a reference's
/// `__callback__`.)
///
/// Called by the program, it binds its arguments as CPython's
/// `remove(wr, selfref=ref(self), _atomic_removal=...)` (a `WeakSet`'s
/// `_remove(item, selfref=...)`, a `WeakKeyDictionary`'s `remove(k, selfref=...)`)
/// and does nothing once the container (`selfref()`) is gone. A
/// `WeakValueDictionary`'s reads `wr.key` (an `AttributeError` for an object without
/// one: anything but a `KeyedRef`, usually) and removes the entry of `wr` if `wr` is
/// one of its dead references. A `WeakKeyDictionary`'s or `WeakSet`'s does what
/// `del data[k]` (`data.discard(item)`) does on CPython's table of references: the
/// entry of `k` itself if it is one of the container's references, else `k` is
/// hashed (its errors raised: an unhashable object, a proxy, a dead reference never
/// hashed; a `WeakSet`'s takes a set as `discard` does, as a frozenset, which no
/// reference equals) and, if it is a live reference, the entry whose key equals its
/// referent goes. Not as CPython: the removal is made at once even
/// while the container is iterated (CPython's waits for the iteration to end, and
/// its iterator may still yield the entry); `selfref()` must give this container
/// or `None`, and `_atomic_removal` is refused (lethe's table is not a dict it could
/// be given): each raises `TypeError`.
fn remove_dead(heap: &Heap, args: &Args<'_>, b: Builtin) -> Result<Value> {
    let (name, params) = removal_signature(b);
    let qualname = || format!("{}.__init__.<locals>.{name}", b.names().1);
    let bound = crate::native::bind_params(
        qualname,
        params.len(),
        1,
        |i| params[i],
        args.positional,
        args.keywords,
    )?;
    let arg = bound[0].unwrap_or(&Value::None);
    if bound.get(2).copied().flatten().is_some() {
        return Err(Error::TypeError(format!(
            "{}() got an unsupported argument '_atomic_removal' (lethe's table is not a dict)",
            qualname()
        )));
    }
    let own = heap.call(&args.captures[0], &[])?;
    // self = selfref()
    let target = match bound[1] {
        Some(selfref) => heap.call(selfref, &[])?,
        None => own.clone(),
    };
    if target.is_none() {
        return Ok(Value::None);
    }
    if !target.is(&own) {
        return Err(Error::TypeError(format!(
            "{}(): selfref() must give its own container or None in lethe",
            qualname()
        )));
    }
    if b == Builtin::WeakValueDictionary {
        heap.getattr(arg, "key")?;
        return heap.with(|cx| -> Result<Value> {
            let (c, wr) = (cx.obj(&target)?, cx.obj(arg)?);
            if referent_of(cx, wr).is_none() {
                let id = wr.borrow().id();
                if let Some(cd) = container_mut(&mut c.borrow_mut(cx.mc)) {
                    cd.remove_ref_now(id);
                }
            }
            Ok(Value::None)
        });
    }
    // `del data[k]`: one of the container's own references is found by identity
    // (without hashing it); anything else is hashed first.
    let own_entry = heap.with(|cx| -> Result<bool> {
        let c = cx.obj(&target)?;
        let Val::Obj(k) = cx.val(arg)? else {
            return Ok(false);
        };
        let id = k.borrow().id();
        let mut data = c.borrow_mut(cx.mc);
        Ok(container_mut(&mut data).is_some_and(|cd| cd.remove_ref_now(id)))
    })?;
    if own_entry {
        return Ok(Value::None);
    }
    let hash = match heap.hash(arg) {
        Ok(hash) => hash,
        // `set.discard` looks a set up as a frozenset, which no reference equals.
        Err(Error::TypeError(_))
            if b == Builtin::WeakSet && matches!(heap.table_kind(arg), Ok(Some(Builtin::Set))) =>
        {
            return Ok(Value::None);
        }
        Err(e) => return Err(e),
    };
    // A live reference (not a proxy) equals the references to an equal referent.
    let referent = heap.with(|cx| -> Result<Option<Value>> {
        let Val::Obj(k) = cx.val(arg)? else {
            return Ok(None);
        };
        let is_ref = matches!(&k.borrow().kind, Kind::WeakRef(w) if matches!(w.flavor, WeakFlavor::Ref | WeakFlavor::Keyed { .. } | WeakFlavor::Method(_)));
        Ok(if is_ref { referent_of(cx, k).map(|r| cx.value(&Val::Obj(r))) } else { None })
    })?;
    if let Some(r) = referent
        && let Some(loc) = heap.find_slot(&target, &r, hash)?
    {
        heap.remove_slot_now(&target, loc)?;
    }
    Ok(Value::None)
}

/// [`remove_dead`] inside the arena, as the collector runs it, for the container's
/// own dead entry references (or once the container is gone): anything else (the
/// function made the callback of another reference) is called through the API.
fn remove_dead_in<'gc>(cx: &Ctx<'_, 'gc>, f: &FunctionData<'gc>, wr: GcObj<'gc>) -> bool {
    let Some(Val::Obj(selfref)) = f.captures.first() else {
        return false;
    };
    let Some(c) = referent_of(cx, *selfref) else {
        return true; // `self = selfref()` is None: nothing to do
    };
    let id = wr.borrow().id();
    let mut data = c.borrow_mut(cx.mc);
    match container_mut(&mut data) {
        Some(cd) if cd.by_ref.contains(id) => {
            cd.on_dead(id);
            true
        }
        _ => false,
    }
}

/// Makes an empty container of kind `b` (in ephemeron mode if asked), with its
/// removal callback.
pub(crate) fn alloc_container<'gc>(cx: &Ctx<'_, 'gc>, b: Builtin, ephemeron: bool) -> GcObj<'gc> {
    let data = ContainerData {
        kind: Static(b),
        ephemeron,
        slots: Vec::new(),
        by_hash: Static(HashIndex::default()),
        by_ref: Static(RefPositions::default()),
        used: 0,
        remove_cb: Val::None,
        iterators: 0,
        pending: indexmap::IndexSet::new(),
        version: 0,
        next_serial: 0,
        order: Static((b == Builtin::WeakSet).then(|| Box::new(Table::new_set()))),
        by_address: 0,
        frozen_order: None,
    };
    let c = cx.alloc(Kind::WeakContainer(Box::new(data)), None);
    let selfref = new_weakref(cx, c, WeakFlavor::Ref, None);
    let code: NativeFn = Rc::new(move |heap: &Heap, args: &Args<'_>| remove_dead(heap, args, b));
    let cb = cx.alloc(
        Kind::Function(Box::new(FunctionData {
            names: crate::object::FunctionNames::new(
                removal_signature(b).0,
                format!(
                    "{}.__init__.<locals>.{}",
                    b.names().1,
                    removal_signature(b).0
                ),
            ),
            module: "weakref".into(),
            code: Static(cx.heap.defer(code)),
            captures: vec![Val::Obj(selfref)],
            fields: None,
            in_arena: Some(Static(remove_dead_in)),
        })),
        None,
    );
    if let Some(cd) = container_mut(&mut c.borrow_mut(cx.mc)) {
        cd.remove_cb = Val::Obj(cb);
    }
    if ephemeron {
        cx.state().ephemerons.push(Gc::downgrade(c));
    }
    c
}

/// The collector's ephemeron step (item 34), called on a fully marked arena: for each
/// entry of each reachable ephemeron `WeakKeyDictionary` whose key is marked and
/// whose value is not, mark (resurrect) the value. Returns whether it marked
/// anything; the collector then finishes marking (which may mark more keys) and calls
/// it again, until nothing changes.
///
/// Cost: each round visits every entry of every live ephemeron table, and there is
/// one round per link of the longest chain "value reaches the key of another entry"
/// plus one, each followed by a marking pass over what the round marked: O(E × depth)
/// entry visits for E entries. Heaps without ephemeron tables pay one empty call.
pub(crate) fn mark_ephemerons<'gc>(fc: &Finalization<'gc>, root: &HeapRoot<'gc>) -> bool {
    if root
        .state
        .borrow()
        .ephemerons
        .iter()
        .any(|w| w.is_dropped())
    {
        let mut st = root.state.borrow_mut(fc);
        st.ephemerons.retain(|w| !w.is_dropped());
    }
    let st = root.state.borrow();
    let mut changed = false;
    for w in &st.ephemerons {
        let Some(c) = w.upgrade(fc) else { continue };
        if Gc::is_dead(fc, c) {
            continue;
        }
        let data = c.borrow();
        let Some(cd) = container(&data) else { continue };
        for slot in cd.slots.iter().flatten() {
            let Some(v) = slot.eph else { continue };
            if !v.is_dead(fc) {
                continue;
            }
            let key_alive = slot.key.as_obj().is_some_and(|r| match &r.borrow().kind {
                Kind::WeakRef(wd) => wd.referent.is_some_and(|t| !t.is_dead(fc)),
                _ => false,
            });
            if key_alive && v.resurrect(fc).is_some() {
                changed = true;
            }
        }
    }
    changed
}

/// Which entries a lookup finds (see [`Heap::find_present`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Find {
    /// The live ones.
    Live,
    /// Also a `WeakValueDictionary`'s dead entry whose removal has not run.
    Present,
}

/// Where a lookup found its key: position and serial of the slot.
#[derive(Clone, Copy)]
pub(crate) struct Loc {
    pub hash: i64,
    pub serial: u64,
}

/// What to yield from an iterator.
#[derive(Clone, Copy, PartialEq, Eq)]
enum What {
    Keys,
    Values,
    Items,
    Refs,
}

/// A live iterator over a weak container (Python's `iter(d)`, `d.values()`,
/// `d.itervaluerefs()`…). As CPython's, which are generators, it starts at its
/// first step: until then it is not open, and changes to the container are no
/// concern of it. Entries whose object dies while it is open are not yielded
/// and are removed when the last open iterator is dropped (or exhausted); `len`
/// meanwhile does not count them once their callbacks ran. An explicit insertion or
/// removal while it is open makes its next step fail with `RuntimeError: dictionary
/// changed size during iteration` (`Set changed size…` for a `WeakSet`).
///
/// ```
/// let heap = lethe::Heap::new();
/// let cls = heap.class("C").build()?;
/// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
/// let d = heap.weak_key_dict(&[(a.clone(), 1.into()), (b.clone(), 2.into())])?;
/// let mut it = heap.weak_iter(&d)?;
/// assert!(it.next().unwrap()?.is(&a));
/// drop(b);
/// heap.collect();                       // b dies while the iterator is open
/// assert_eq!(heap.len(&d)?, 1);
/// assert!(it.next().is_none());         // and is not yielded
/// # Ok::<(), lethe::Error>(())
/// ```
pub struct WeakIter<'h> {
    heap: &'h Heap,
    container: Value,
    pos: u32,
    version: u64,
    what: What,
    /// Not exhausted, dropped or failed.
    open: bool,
    /// Taken its first step: counted among the container's iterators, `version`
    /// read then.
    started: bool,
}

/// A live iterator over the `(key, value)` pairs of a weak dictionary
/// ([`Heap::weak_iter_items`]); the same rules as [`WeakIter`].
///
/// ```
/// let heap = lethe::Heap::new();
/// let cls = heap.class("C").build()?;
/// let a = heap.call(&cls, &[])?;
/// let d = heap.weak_value_dict(&[("a".into(), a.clone())])?;
/// let pairs: Vec<_> = heap.weak_iter_items(&d)?.collect::<lethe::Result<_>>()?;
/// assert_eq!(pairs[0].0.as_str(), Some("a"));
/// assert!(pairs[0].1.is(&a));
/// # Ok::<(), lethe::Error>(())
/// ```
pub struct WeakItems<'h>(WeakIter<'h>);

impl std::fmt::Debug for WeakIter<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WeakIter")
            .field("container", &self.container)
            .field("pos", &self.pos)
            .field("open", &self.open)
            .field("started", &self.started)
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for WeakItems<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("WeakItems").field(&self.0).finish()
    }
}

impl<'h> WeakIter<'h> {
    fn open(heap: &'h Heap, c: &Value, what: What) -> Result<WeakIter<'h>> {
        // Through a proxy, its referent's iterator (`ReferenceError` once dead), as
        // `iter(proxy)` gives, which holds the referent as this does.
        let c = &heap.through_proxy(c)?;
        heap.with(|cx| -> Result<()> {
            let o = cx.obj(c)?;
            let name = tp_name(cx, &Val::Obj(o));
            let data = o.borrow();
            let cd = container(&data)
                .ok_or_else(|| Error::TypeError(format!("'{name}' is not a weak container")))?;
            if what != What::Keys && cd.builtin() == Builtin::WeakSet {
                return Err(Error::TypeError(
                    "a WeakSet has no values, items or refs to iterate".into(),
                ));
            }
            Ok(())
        })?;
        Ok(WeakIter {
            heap,
            container: c.clone(),
            pos: 0,
            version: 0,
            what,
            open: true,
            started: false,
        })
    }

    /// The first step: counts it among the container's iterators (CPython's
    /// `_IterationGuard`, entered when the generator first runs).
    fn start(&mut self) -> Result<()> {
        self.version = self.heap.with(|cx| -> Result<u64> {
            let o = cx.obj(&self.container)?;
            let mut data = o.borrow_mut(cx.mc);
            let cd = container_mut(&mut data)
                .ok_or_else(|| Error::TypeError("not a weak container".into()))?;
            if cd.iterators == 0 {
                cd.frozen_order = Some(cd.by_address == 0);
            }
            cd.iterators += 1;
            Ok(cd.version)
        })?;
        self.started = true;
        Ok(())
    }

    fn close(&mut self) {
        if !std::mem::replace(&mut self.open, false) || !self.started {
            return;
        }
        let _ = self.heap.with(|cx| -> Result<()> {
            let o = cx.obj(&self.container)?;
            let mut data = o.borrow_mut(cx.mc);
            if let Some(cd) = container_mut(&mut data) {
                cd.iterators -= 1;
                if cd.iterators == 0 {
                    cd.commit_pending(cx);
                    cd.frozen_order = None;
                }
            }
            Ok(())
        });
    }

    fn advance(&mut self) -> Option<Result<(Value, Value)>> {
        if !self.open {
            return None;
        }
        if !self.started
            && let Err(e) = self.start()
        {
            self.open = false;
            return Some(Err(e));
        }
        let what = self.what;
        let r = self.heap.with(|cx| -> Result<Option<(u32, Value, Value)>> {
            let o = cx.obj(&self.container)?;
            let data = o.borrow();
            let Some(cd) = container(&data) else {
                return Ok(None);
            };
            if cd.version != self.version {
                return Err(Error::RuntimeError(
                    if cd.builtin() == Builtin::WeakSet {
                        "Set changed size during iteration"
                    } else {
                        "dictionary changed size during iteration"
                    }
                    .into(),
                ));
            }
            let mut pos = self.pos;
            while let Some((next, entry)) = cd.step_from(pos) {
                pos = next;
                let Some(slot) = entry else { continue };
                let (Some(k), Some(v)) = (cd.live_key(cx, slot), cd.live_value(cx, slot)) else {
                    continue;
                };
                let out = match what {
                    What::Refs => {
                        let r = cd.slot_ref(slot).map(Val::Obj).unwrap_or(Val::None);
                        (cx.value(&r), Value::None)
                    }
                    _ => (cx.value(&k), cx.value(&v)),
                };
                return Ok(Some((pos, out.0, out.1)));
            }
            Ok(None)
        });
        match r {
            Ok(Some((pos, k, v))) => {
                self.pos = pos;
                Some(Ok((k, v)))
            }
            Ok(None) => {
                self.close();
                None
            }
            Err(e) => {
                self.close();
                Some(Err(e))
            }
        }
    }
}

impl Iterator for WeakIter<'_> {
    type Item = Result<Value>;
    fn next(&mut self) -> Option<Result<Value>> {
        let what = self.what;
        self.advance().map(|r| {
            r.and_then(|(k, v)| match what {
                What::Keys | What::Refs => Ok(k),
                What::Values => Ok(v),
                What::Items => self.heap.tuple(&[k, v]),
            })
        })
    }
}

impl Drop for WeakIter<'_> {
    fn drop(&mut self) {
        self.close();
    }
}

impl Iterator for WeakItems<'_> {
    type Item = Result<(Value, Value)>;
    fn next(&mut self) -> Option<Result<(Value, Value)>> {
        self.0.advance()
    }
}

/// The kind of a weak container and whether it is in ephemeron mode.
#[derive(Clone, Copy)]
pub(crate) struct CKind {
    pub b: Builtin,
    pub ephemeron: bool,
}

impl CKind {
    pub(crate) fn is_dict(self) -> bool {
        self.b != Builtin::WeakSet
    }
    pub(crate) fn weak_keys(self) -> bool {
        self.b != Builtin::WeakValueDictionary
    }
}

impl Heap {
    /// A live iterator over a weak container's keys (a `WeakSet`'s members, in the
    /// order [`Heap::weak_set`] describes; a dictionary's in insertion order): see
    /// [`WeakIter`].
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(k.clone(), 1.into())])?;
    /// let keys: Vec<_> = heap.weak_iter(&d)?.collect::<lethe::Result<_>>()?;
    /// assert!(keys[0].is(&k));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_iter(&self, c: &Value) -> Result<WeakIter<'_>> {
        WeakIter::open(self, c, What::Keys)
    }

    /// A live iterator over a weak dictionary's values (`d.values()`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[(1.into(), v.clone())])?;
    /// assert!(heap.weak_iter_values(&d)?.next().unwrap()?.is(&v));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_iter_values(&self, d: &Value) -> Result<WeakIter<'_>> {
        WeakIter::open(self, d, What::Values)
    }

    /// A live iterator over a weak dictionary's `(key, value)` pairs (`d.items()`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.weak_value_dict(&[])?;
    /// assert!(heap.weak_iter_items(&d)?.next().is_none());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_iter_items(&self, d: &Value) -> Result<WeakItems<'_>> {
        Ok(WeakItems(WeakIter::open(self, d, What::Items)?))
    }

    /// A live iterator over a weak dictionary's weak references: the `KeyedRef`s of
    /// a `WeakValueDictionary` (`itervaluerefs()`), the refs to the keys of a
    /// `WeakKeyDictionary` (`iterkeyrefs()`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[("k".into(), v.clone())])?;
    /// let r = heap.weak_iter_refs(&d)?.next().unwrap()?;
    /// assert_eq!(heap.getattr(&r, "key")?.as_str(), Some("k"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_iter_refs(&self, d: &Value) -> Result<WeakIter<'_>> {
        WeakIter::open(self, d, What::Refs)
    }

    /// The kind of a weak container, or `None` for any other value.
    pub(crate) fn ckind(&self, v: &Value) -> Result<Option<CKind>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(container(&data).map(|cd| CKind {
                b: cd.builtin(),
                ephemeron: cd.is_ephemeron(),
            }))
        })
    }

    /// The kind of `c`, which must be one of `allowed`; else the `AttributeError` of
    /// `c.method` (a dunder: the `TypeError` of a descriptor applied to `c`).
    pub(crate) fn expect_container(
        &self,
        c: &Value,
        method: &str,
        allowed: &[Builtin],
    ) -> Result<CKind> {
        match self.ckind(c)? {
            Some(k) if allowed.contains(&k.b) => Ok(k),
            // `x.get(...)` on what has no such method: Python's AttributeError.
            _ if !method.starts_with("__") => Err(Error::AttributeError(format!(
                "'{}' object has no attribute '{method}'",
                self.type_name(c)
            ))),
            _ => {
                let names: Vec<String> = allowed.iter().map(|b| b.names().1.to_string()).collect();
                Err(Error::TypeError(format!(
                    "descriptor '{method}' for '{}' objects doesn't apply to a '{}' object",
                    names.join("' or '"),
                    self.type_name(c)
                )))
            }
        }
    }

    /// The `KeyError` of a key missing from container `c`: its repr for a
    /// `WeakValueDictionary`, and for a `WeakKeyDictionary` or `WeakSet`, which
    /// CPython looks the key up in by `ref(key)`, that reference's repr (`KeyError:
    /// <weakref at 0x…; to 'C' at 0x…>`). It is the key's shared reference if it
    /// has one, as `ref(key)` gives it; else the one CPython would make and free
    /// with the error is not made (it would count in `getweakrefcount` until a
    /// collection), and the address shown is where the next object will be, as
    /// CPython's next object would take that reference's memory.
    pub(crate) fn container_key_error(&self, c: &Value, key: &Value) -> Error {
        let weak_keys =
            matches!(key, Value::Obj(_)) && matches!(self.ckind(c), Ok(Some(k)) if k.weak_keys());
        if !weak_keys {
            return self.key_error(key);
        }
        let next = self.peek_next_id();
        self.with(|cx| -> Result<String> {
            let o = cx.obj(key)?;
            let id = o.borrow().id();
            let addr = match super::shared_weakref(cx, id, false) {
                Some(r) => crate::heap::address(r.borrow().id()),
                None => crate::heap::address(next),
            };
            Ok(crate::repr::live_weakref_repr(cx, addr, o))
        })
        .map_or_else(|_| self.key_error(key), Error::KeyError)
    }

    /// An empty container like `kind`.
    pub(crate) fn new_container(&self, kind: CKind) -> Value {
        self.with(|cx| cx.value(&Val::Obj(alloc_container(cx, kind.b, kind.ephemeron))))
    }

    /// Checks that `key` can be a key (member) of a container of `kind` and returns its
    /// hash: weak keys must be weakly referenceable (TypeError), all keys hashable.
    pub(crate) fn key_hash(&self, kind: CKind, key: &Value) -> Result<i64> {
        self.key_ref_check(kind, key)?;
        self.hash(key)
    }

    /// What making the weak reference to `key` checks first, for a container whose
    /// keys are held weakly (`ref(key)`: `TypeError` if it cannot be); nothing for a
    /// `WeakValueDictionary`'s keys.
    pub(crate) fn key_ref_check(&self, kind: CKind, key: &Value) -> Result<()> {
        if kind.weak_keys() {
            self.with(|cx| -> Result<()> {
                check_weakrefable(cx, &cx.val(key)?)?;
                Ok(())
            })?;
        }
        Ok(())
    }

    /// Finds the live slot whose key equals `key` (Python equality, which may run user
    /// code outside the arena). The stored keys that need user code are asked in probe
    /// order, before a later key found without it; when a key's `__eq__` changes the
    /// container, the lookup starts over, so a store after it never adds a second
    /// entry under one key. (A dict's and a set's lookup go on from where they were
    /// instead when their table kept its layout, as CPython's do: `probe_at`. The
    /// weak containers' tables are not CPython's dict and set, so which `__eq__`
    /// runs after such a change can differ.)
    pub(crate) fn find_slot(&self, c: &Value, key: &Value, hash: i64) -> Result<Option<Loc>> {
        self.find_slot_as(c, key, hash, Find::Live)
    }

    /// [`find_slot`](Heap::find_slot) for a change: a `WeakValueDictionary`'s
    /// `del d[k]`, `pop`, `d[k] = v` and `setdefault` also find an entry whose value
    /// died and whose removal has not run (a callback or finalizer of the value made
    /// after it was stored runs before that removal), as CPython's `del
    /// self.data[key]`, `self.data.pop(key)` and `self.data[key] = ...` do: removed,
    /// or replaced in its place.
    pub(crate) fn find_present(&self, c: &Value, key: &Value, hash: i64) -> Result<Option<Loc>> {
        self.find_slot_as(c, key, hash, Find::Present)
    }

    fn find_slot_as(&self, c: &Value, key: &Value, hash: i64, find: Find) -> Result<Option<Loc>> {
        // Candidates whose equality needs user code, in probe order, and the entry
        // found without it after them, if one was.
        type Slow = (Vec<(u64, Value)>, Option<Loc>);
        for _ in 0..crate::heap::MAX_DEPTH {
            let (plan, version) = self.with(
                |cx| -> Result<(std::result::Result<Option<Loc>, Slow>, u64)> {
                    let o = cx.obj(c)?;
                    let k = cx.val(key)?;
                    let data = o.borrow();
                    let cd = container(&data)
                        .ok_or_else(|| Error::TypeError("not a container".into()))?;
                    let mut slow = Vec::new();
                    for pos in cd.lookup_order(hash) {
                        let Some(slot) = cd.slot(pos) else { continue };
                        let sk = match cd.live_key(cx, slot) {
                            Some(sk) => sk,
                            // (A `WeakValueDictionary` holds its keys strongly.)
                            None if cd.is_found(cx, slot, find) => slot.key.clone(),
                            None => continue,
                        };
                        // A weak key is compared through its weak reference, which (as in
                        // CPython) asks the referent's `__eq__` even for the same object.
                        let identical_user_eq = cd.builtin() != Builtin::WeakValueDictionary
                            && matches!((&k, &sk), (Val::Obj(x), Val::Obj(y))
                            if Gc::ptr_eq(*x, *y) && x.borrow().class.is_some()
                                && find_in_class(cx, *x, "__eq__").is_some());
                        // (A float is the same key as itself, a NaN included: `lookup_eq`.)
                        let fast = if identical_user_eq {
                            None
                        } else {
                            lookup_eq(cx, &k, &sk)
                        };
                        match fast {
                            Some(true) => {
                                let loc = Loc {
                                    hash,
                                    serial: slot.serial,
                                };
                                // Keys before it that need user code are asked first.
                                let plan = if slow.is_empty() {
                                    Ok(Some(loc))
                                } else {
                                    Err((slow, Some(loc)))
                                };
                                return Ok((plan, cd.version));
                            }
                            Some(false) => {}
                            None => slow.push((slot.serial, cx.value(&sk))),
                        }
                    }
                    let plan = if slow.is_empty() {
                        Ok(None)
                    } else {
                        Err((slow, None))
                    };
                    Ok((plan, cd.version))
                },
            )?;
            let (slow, otherwise) = match plan {
                Ok(found) => return Ok(found),
                Err(slow) => slow,
            };
            let mut answer = Some(otherwise);
            for (serial, cand) in slow {
                let equal = if key.is(&cand) {
                    let r = self.call_method(key, "__eq__", std::slice::from_ref(&cand))?;
                    self.truthy(&r)?
                } else {
                    // The stored key is asked first, as CPython's dict lookup does.
                    self.eq(&cand, key)?
                };
                let (now, exists) = self.slot_state(c, Loc { hash, serial }, find)?;
                if now != version {
                    answer = None; // changed under us: start over
                    break;
                }
                if equal && exists {
                    answer = Some(Some(Loc { hash, serial }));
                    break;
                }
            }
            match answer {
                Some(Some(loc)) if self.slot_state(c, loc, find)?.1 => return Ok(Some(loc)),
                Some(_) => return Ok(None),
                None => continue,
            }
        }
        Err(Error::RuntimeError(
            "dictionary changed size during iteration".into(),
        ))
    }

    /// The container's version and whether the slot at `loc` is there (and live, or
    /// found as `find` finds).
    fn slot_state(&self, c: &Value, loc: Loc, find: Find) -> Result<(u64, bool)> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            Ok(container(&data).map_or((0, false), |cd| {
                let exists = cd
                    .locate(loc.hash, loc.serial)
                    .and_then(|p| cd.slot(p))
                    .is_some_and(|s| cd.is_found(cx, s, find));
                (cd.version, exists)
            }))
        })
    }

    /// The `(key, value)` of the live slot at `loc`.
    pub(crate) fn slot_pair(&self, c: &Value, loc: Loc) -> Result<Option<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let Some(cd) = container(&data) else {
                return Ok(None);
            };
            let Some(slot) = cd.locate(loc.hash, loc.serial).and_then(|p| cd.slot(p)) else {
                return Ok(None);
            };
            Ok(match (cd.live_key(cx, slot), cd.live_value(cx, slot)) {
                (Some(k), Some(v)) => Some((cx.value(&k), cx.value(&v))),
                _ => None,
            })
        })
    }

    /// Removes the slot at `loc` (an explicit removal); its `(key, value)` if it was live.
    pub(crate) fn remove_slot(&self, c: &Value, loc: Loc) -> Result<Option<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let mut data = o.borrow_mut(cx.mc);
            let Some(cd) = container_mut(&mut data) else {
                return Ok(None);
            };
            let Some(pos) = cd.locate(loc.hash, loc.serial) else {
                return Ok(None);
            };
            let pair = cd
                .slot(pos)
                .and_then(|s| Some((cd.live_key(cx, s)?, cd.live_value(cx, s)?)))
                .map(|(k, v)| (cx.value(&k), cx.value(&v)));
            cd.remove_at(pos, true);
            Ok(pair)
        })
    }

    /// Removes the slot at `loc` as the container's removal function does (no
    /// version change: an open iterator passes its hole over).
    fn remove_slot_now(&self, c: &Value, loc: Loc) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            if let Some(cd) = container_mut(&mut o.borrow_mut(cx.mc))
                && let Some(pos) = cd.locate(loc.hash, loc.serial)
            {
                cd.remove_at(pos, false);
            }
            Ok(())
        })
    }

    /// `c[key] = value` (`value` ignored for a `WeakSet`): replaces the value of an
    /// equal live key, else appends an entry.
    pub(crate) fn container_store(&self, c: &Value, key: &Value, value: &Value) -> Result<()> {
        let kind = self.expect_container(
            c,
            "__setitem__",
            &[
                Builtin::WeakValueDictionary,
                Builtin::WeakKeyDictionary,
                Builtin::WeakSet,
            ],
        )?;
        self.store_as(kind, c, key, value)
    }

    /// `container_store` into `c`, known to be a container of `kind`.
    fn store_as(&self, kind: CKind, c: &Value, key: &Value, value: &Value) -> Result<()> {
        if kind.b == Builtin::WeakValueDictionary {
            // KeyedRef(value, ...) is made before the key is hashed, as in CPython.
            self.with(|cx| -> Result<()> {
                check_weakrefable(cx, &cx.val(value)?)?;
                Ok(())
            })?;
        }
        let hash = self.key_hash(kind, key)?;
        let found = self.find_present(c, key, hash)?;
        self.with(|cx| {
            let o = cx.obj(c)?;
            store_in(cx, o, cx.val(key)?, cx.val(value)?, kind, hash, found)
        })
    }

    /// The live `(key, value)` pairs (a `WeakSet`: `(member, None)`), in iteration order
    /// (a `WeakSet`'s, as [`set_order`](ContainerData::set_order) chooses; a
    /// dictionary's insertion order).
    pub(crate) fn live_pairs(&self, c: &Value) -> Result<Vec<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let cd = container(&data).ok_or_else(|| Error::TypeError("not a container".into()))?;
            Ok(cd
                .ordered()
                .filter_map(|s| Some((cd.live_key(cx, s)?, cd.live_value(cx, s)?)))
                .map(|(k, v)| (cx.value(&k), cx.value(&v)))
                .collect())
        })
    }

    /// The weak references of the live entries (KeyedRefs, or refs to keys/members).
    pub(crate) fn live_refs(&self, c: &Value) -> Result<Vec<Value>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let cd = container(&data).ok_or_else(|| Error::TypeError("not a container".into()))?;
            Ok(cd
                .ordered()
                .filter(|s| cd.is_live(cx, s))
                .filter_map(|s| cd.slot_ref(s))
                .map(|r| cx.value(&Val::Obj(r)))
                .collect())
        })
    }

    /// `(key-ish, value-ish)` of the live `.data` entries: (key, KeyedRef) for a
    /// `WeakValueDictionary`, (ref, value) for a `WeakKeyDictionary`, (ref, None) for
    /// a `WeakSet`.
    pub(crate) fn data_pairs(&self, c: &Value) -> Result<Vec<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let cd = container(&data).ok_or_else(|| Error::TypeError("not a container".into()))?;
            let mut out = Vec::new();
            for s in cd.ordered() {
                let Some(v) = cd.live_value(cx, s) else {
                    continue;
                };
                out.push(match cd.builtin() {
                    Builtin::WeakValueDictionary => (cx.value(&s.key), cx.value(&s.value)),
                    _ => (cx.value(&s.key), cx.value(&v)),
                });
            }
            Ok(out)
        })
    }

    /// Removes every entry (explicit).
    pub(crate) fn container_clear(&self, c: &Value) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            if let Some(cd) = container_mut(&mut o.borrow_mut(cx.mc)) {
                cd.clear();
            }
            Ok(())
        })
    }

    /// Pops a live entry, dropping dead ones on the way: a dictionary's newest
    /// (`data.popitem()`), a `WeakSet`'s first at its table's finger or after it
    /// (`data.pop()`, CPython's `set_pop`) in set order, else its oldest (so that,
    /// as CPython's, successive pops follow its iteration).
    pub(crate) fn container_pop(&self, c: &Value) -> Result<Option<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let mut data = o.borrow_mut(cx.mc);
            let cd = container_mut(&mut data)
                .ok_or_else(|| Error::TypeError("not a container".into()))?;
            loop {
                let by_set = cd.set_order().is_some();
                let weak_set = cd.order.0.is_some();
                let pos = match cd.order.0.as_deref_mut().filter(|_| by_set) {
                    Some(order) => match order.pop_member() {
                        Some(e) => cd.ordered_at(&e),
                        None => return Ok(None),
                    },
                    // (A WeakSet in insertion order pops in it, as CPython's pops
                    // follow its iteration; a dictionary its newest.)
                    None => {
                        let mut held = cd.slots.iter().map(Option::is_some);
                        let at = if weak_set {
                            held.position(|h| h)
                        } else {
                            held.rposition(|h| h)
                        };
                        match at {
                            Some(pos) => Some(pos as u32),
                            None => return Ok(None),
                        }
                    }
                };
                let Some(pos) = pos else { continue };
                let pair = cd
                    .slot(pos)
                    .and_then(|s| Some((cd.live_key(cx, s)?, cd.live_value(cx, s)?)))
                    .map(|(k, v)| (cx.value(&k), cx.value(&v)));
                cd.remove_at(pos, true);
                if pair.is_some() {
                    return Ok(pair);
                }
            }
        })
    }

    /// A `WeakSet`'s `data`: in set order a set of its entries' weak references (a
    /// dead one whose removal waits for an iterator too) laid out as its order
    /// table, so that it iterates and prints as the WeakSet does (CPython's
    /// `ws.data` is that set); in insertion order a new set of its live references.
    /// `None` for a dictionary.
    pub(crate) fn weak_set_data(&self, c: &Value) -> Result<Option<Value>> {
        /// The set, or (in insertion order) the references to put in a new one.
        enum Data {
            Laid(Value),
            Refs(Vec<Value>),
        }
        let data = self.with(|cx| -> Result<Option<Data>> {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let Some(cd) = container(&data) else {
                return Ok(None);
            };
            let Some(order) = cd.order.0.as_deref() else {
                return Ok(None);
            };
            if cd.set_order().is_none() {
                let live = cd.ordered().filter(|s| cd.is_live(cx, s));
                return Ok(Some(Data::Refs(live.map(|s| cx.value(&s.key)).collect())));
            }
            let table = Table::set_like(order, |e| Some(cd.slot(cd.ordered_at(e)?)?.key.clone()));
            let set = cx.alloc(Kind::Set(Box::new(table)), None);
            Ok(Some(Data::Laid(cx.value(&Val::Obj(set)))))
        })?;
        match data {
            None => Ok(None),
            Some(Data::Laid(set)) => Ok(Some(set)),
            Some(Data::Refs(refs)) => self.set(&refs).map(Some),
        }
    }

    /// Before a `WeakSet` changes: CPython's methods first commit the removals
    /// waiting for its iterators to close (`_commit_removals`), which changes its
    /// size, so that an open iterator raises at its next step. lethe's removals keep
    /// waiting (see the module's invariants), but the open iterators are told: the
    /// version changes when any removal waits.
    pub(crate) fn weak_set_commit(&self, c: &Value) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            if let Some(cd) = container_mut(&mut o.borrow_mut(cx.mc))
                && cd.builtin() == Builtin::WeakSet
                && !cd.pending.is_empty()
            {
                cd.version += 1;
            }
            Ok(())
        })
    }

    /// After a `WeakSet`'s `difference_update` by an iterable: its table is laid
    /// out again if more than a quarter of its slots hold dummies, as CPython's
    /// `set_difference_update_internal` does.
    pub(crate) fn weak_set_purge(&self, c: &Value) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            if let Some(order) =
                container_mut(&mut o.borrow_mut(cx.mc)).and_then(|cd| cd.order.0.as_deref_mut())
            {
                order.purge_dummies();
            }
            Ok(())
        })
    }

    /// A `WeakSet`'s `intersection_update`, once `other` was read: keeps only the
    /// entries at `found` (the others removed, explicitly), and its table becomes a
    /// new set table of them in that order (each once), as CPython's set takes the
    /// table `set_intersection` built (`set_swap_bodies`, which keeps the finger).
    pub(crate) fn weak_set_keep(&self, c: &Value, found: &[Loc]) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let mut data = o.borrow_mut(cx.mc);
            let Some(cd) = container_mut(&mut data) else {
                return Ok(());
            };
            let kept: std::collections::HashSet<u64> = found.iter().map(|l| l.serial).collect();
            let gone: Vec<(i64, u64)> = cd
                .slots
                .iter()
                .flatten()
                .filter(|s| !kept.contains(&s.serial))
                .map(|s| (s.hash, s.serial))
                .collect();
            // (Found again by serial: a removal may compact the slots.)
            for (hash, serial) in gone {
                if let Some(pos) = cd.locate(hash, serial) {
                    cd.remove_at(pos, true);
                }
            }
            let Some(order) = cd.order.0.as_deref_mut() else {
                return Ok(());
            };
            // Each kept member's entry, its identity mark with it.
            let marks: std::collections::HashMap<u64, bool> = order
                .iter()
                .filter_map(|(_, e)| Some((serial_of(e)?, is_by_address(e))))
                .collect();
            let mut table = Table::new_set();
            let mut seen = std::collections::HashSet::new();
            for loc in found {
                if let Some(&mark) = marks.get(&loc.serial)
                    && seen.insert(loc.serial)
                {
                    table.push(order_entry(loc.hash, loc.serial, mark));
                }
            }
            order.replace_with(table);
            Ok(())
        })
    }

    /// Whether `v` is a weak container (used by the generic protocols).
    pub(crate) fn is_weak_container(&self, v: &Value) -> Result<bool> {
        Ok(self.ckind(v)?.is_some())
    }

    /// `iter(c)` as a snapshot: the live keys (members).
    pub(crate) fn container_members(&self, v: &Value) -> Result<Vec<Value>> {
        Ok(self.live_pairs(v)?.into_iter().map(|(k, _)| k).collect())
    }

    /// The weak references of `c`'s live entries (a ref to each key or member, a
    /// `KeyedRef` of each value), in order: what `iter(c)` steps through, giving the
    /// members still alive at each step.
    pub(crate) fn container_entry_refs(&self, c: &Value) -> Result<Vec<Value>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let cd = container(&data).ok_or_else(|| {
                Error::TypeError(format!(
                    "'{}' is not a weak container",
                    tp_name(cx, &Val::Obj(o))
                ))
            })?;
            Ok(cd
                .ordered()
                .filter(|slot| cd.is_live(cx, slot))
                .filter_map(|slot| cd.slot_ref(slot))
                .map(|r| cx.value(&Val::Obj(r)))
                .collect())
        })
    }

    /// `c.items()` as a snapshot.
    pub(crate) fn container_items(&self, v: &Value) -> Result<Vec<(Value, Value)>> {
        self.expect_container(
            v,
            "items",
            &[Builtin::WeakValueDictionary, Builtin::WeakKeyDictionary],
        )?;
        self.live_pairs(v)
    }

    /// `c[key]`.
    pub(crate) fn container_getitem(&self, c: &Value, key: &Value) -> Result<Value> {
        let kind = self.expect_container(
            c,
            "__getitem__",
            &[Builtin::WeakValueDictionary, Builtin::WeakKeyDictionary],
        )?;
        let h = self.key_hash(kind, key)?;
        match self.find_slot(c, key, h)? {
            Some(loc) => match self.slot_pair(c, loc)? {
                Some((_, v)) => Ok(v),
                None => Err(self.container_key_error(c, key)),
            },
            None => Err(self.container_key_error(c, key)),
        }
    }

    /// `c[key] = value`.
    pub(crate) fn container_setitem(&self, c: &Value, key: &Value, value: &Value) -> Result<()> {
        let kind = self.expect_container(
            c,
            "__setitem__",
            &[Builtin::WeakValueDictionary, Builtin::WeakKeyDictionary],
        )?;
        self.store_as(kind, c, key, value)
    }

    /// `del c[key]`.
    pub(crate) fn container_delitem(&self, c: &Value, key: &Value) -> Result<()> {
        let kind = self.expect_container(
            c,
            "__delitem__",
            &[Builtin::WeakValueDictionary, Builtin::WeakKeyDictionary],
        )?;
        let h = self.key_hash(kind, key)?;
        match self.find_present(c, key, h)? {
            Some(loc) => {
                self.remove_slot(c, loc)?;
                Ok(())
            }
            None => Err(self.container_key_error(c, key)),
        }
    }

    /// `key in c`: False (no error) for a key that cannot be weakly referenced.
    pub(crate) fn container_contains(&self, c: &Value, key: &Value) -> Result<bool> {
        let kind = self
            .ckind(c)?
            .ok_or_else(|| Error::TypeError("not a container".into()))?;
        let h = match self.key_hash(kind, key) {
            Ok(h) => h,
            Err(Error::TypeError(_)) if kind.weak_keys() && !self.weakrefable(key) => {
                return Ok(false);
            }
            Err(e) => return Err(e),
        };
        Ok(self.find_slot(c, key, h)?.is_some())
    }

    pub(crate) fn weakrefable(&self, v: &Value) -> bool {
        self.with(|cx| match cx.val(v) {
            Ok(x) => check_weakrefable(cx, &x).is_ok(),
            Err(_) => false,
        })
    }

    /// `s.add(item)` for a `WeakSet`.
    pub(crate) fn weakset_add(&self, c: &Value, k: &Value) -> Result<()> {
        self.container_store(c, k, &Value::None)
    }

    /// `WeakValueDictionary(...)`, `WeakKeyDictionary(...)`, `WeakSet(...)` called as
    /// types.
    pub(crate) fn construct_container(
        &self,
        b: Builtin,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        let name = b.names().1;
        if args.len() > 1 {
            return Err(Error::TypeError(format!(
                "{name}.__init__() takes from 1 to 2 positional arguments but {} were given",
                args.len() + 1
            )));
        }
        // `WeakSet(data=None)`, `WeakKeyDictionary(dict=None)`: the source may be
        // given by name; `WeakValueDictionary(other=(), /, **kw)` stores keywords.
        let mut source = args.first().cloned();
        let mut stored: &[(Rc<str>, Value)] = &[];
        match b {
            Builtin::WeakValueDictionary => stored = kwargs,
            _ => {
                let param = if b == Builtin::WeakSet {
                    "data"
                } else {
                    "dict"
                };
                for (k, v) in kwargs {
                    if &**k != param {
                        return Err(Error::TypeError(format!(
                            "{name}.__init__() got an unexpected keyword argument '{k}'"
                        )));
                    }
                    if source.is_some() {
                        return Err(Error::TypeError(format!(
                            "{name}.__init__() got multiple values for argument '{param}'"
                        )));
                    }
                    source = Some(v.clone());
                }
            }
        }
        let c = self.new_container(CKind {
            b,
            ephemeron: false,
        });
        // A `None` source is no source, as CPython's `if data is not None`.
        if let Some(src) = source.filter(|s| !s.is_none()) {
            self.update(&c, &src)?;
        }
        for (k, v) in stored {
            self.setitem(&c, &Value::Str(k.into()), v)?;
        }
        Ok(c)
    }

    /// The pairs of a mapping or an iterable of pairs, as `dict.update` reads them.
    pub(crate) fn mapping_pairs(&self, src: &Value) -> Result<Vec<(Value, Value)>> {
        let mut out = Vec::new();
        self.each_pair(src, |k, v| {
            out.push((k, v));
            Ok(())
        })?;
        Ok(out)
    }

    /// Gives `f` the pairs of a mapping or an iterable of pairs, as `dict.update`
    /// reads them, one at a time: an error (a malformed pair, or one `f` returns)
    /// stops it, and the pairs given before it stay given, as CPython's update keeps
    /// what it stored.
    pub(crate) fn each_pair(
        &self,
        src: &Value,
        mut f: impl FnMut(Value, Value) -> Result<()>,
    ) -> Result<()> {
        let snapshot = if let Some(k) = self.ckind(src)?
            && k.is_dict()
        {
            Some(self.live_pairs(src)?)
        } else if self.with(|cx| match cx.val(src) {
            // A dict's table, unless its class has its own `__iter__` (CPython's
            // `dict_merge` then reads it as any mapping, by `keys()` and `[]`).
            Ok(Val::Obj(o)) => {
                let data = o.borrow();
                matches!(data.kind, Kind::Dict(_))
                    && (data.class.is_none()
                        || crate::protocols::find_in_class(cx, o, "__iter__").is_none())
            }
            _ => false,
        }) {
            Some(self.items(src)?)
        } else {
            None
        };
        if let Some(pairs) = snapshot {
            for (k, v) in pairs {
                f(k, v)?;
            }
            return Ok(());
        }
        // A mapping is what has `keys`, asked for as any attribute is (its class,
        // its own attributes, its `__getattr__`: CPython's `_PyObject_LookupAttr`).
        if matches!(src, Value::Obj(_)) && self.hasattr(src, "keys")? {
            let keys = self.call_method(src, "keys", &[])?;
            // (CPython's `PyMapping_Keys`: the keys listed first; a `keys()` whose
            // result cannot be iterated is named.)
            let it = self.iterator(&keys).map_err(|e| match e {
                Error::TypeError(_) => Error::TypeError(format!(
                    "{}.keys() returned a non-iterable (type {})",
                    self.type_name(src),
                    self.type_name(&keys)
                )),
                e => e,
            })?;
            let mut listed = Vec::new();
            while let Some(k) = self.next(&it)? {
                listed.push(k);
            }
            for k in listed {
                let v = self.getitem(src, &k)?;
                f(k, v)?;
            }
            return Ok(());
        }
        // CPython's `PyDict_MergeFromSeq2`: the sequence by its iterator (it may
        // change meanwhile), each pair read as `PySequence_Fast` reads it.
        let mut i = 0usize;
        self.for_each_iterated(src, |pair| {
            let kv = self.sequence_fast(&pair, "").map_err(|e| match e {
                Error::TypeError(_) => Error::TypeError(format!(
                    "cannot convert dictionary update sequence element #{i} to a sequence"
                )),
                e => e,
            })?;
            if kv.len() != 2 {
                return Err(Error::ValueError(format!(
                    "dictionary update sequence element #{i} has length {}; 2 is required",
                    kv.len()
                )));
            }
            let mut kv = kv.into_iter();
            f(kv.next().unwrap_or_default(), kv.next().unwrap_or_default())?;
            i += 1;
            Ok(false)
        })?;
        Ok(())
    }

    /// Equality when either side is a weak container: weak dictionaries equal any
    /// mapping with the same items; a `WeakSet` equals a `WeakSet` with the same
    /// members. `None` when neither side is a weak container.
    pub(crate) fn container_eq(&self, a: &Value, b: &Value) -> Result<Option<bool>> {
        if !matches!(a, Value::Obj(_)) && !matches!(b, Value::Obj(_)) {
            return Ok(None);
        }
        // One arena pass decides the common case (no weak container).
        let either = self.with(|cx| {
            [a, b].iter().any(|v| match cx.val(v) {
                Ok(Val::Obj(o)) => matches!(o.borrow().kind, Kind::WeakContainer(_)),
                _ => false,
            })
        });
        if !either {
            return Ok(None);
        }
        let (ka, kb) = (self.ckind(a)?, self.ckind(b)?);
        if ka.is_none() && kb.is_none() {
            return Ok(None);
        }
        if a.is(b) {
            return Ok(Some(true));
        }
        let is_mapping = |v: &Value, k: Option<CKind>| -> bool {
            match k {
                Some(k) => k.is_dict(),
                None => self.with(|cx| match cx.val(v) {
                    Ok(Val::Obj(o)) => matches!(o.borrow().kind, Kind::Dict(_)),
                    _ => false,
                }),
            }
        };
        let set_a = ka.is_some_and(|k| !k.is_dict());
        let set_b = kb.is_some_and(|k| !k.is_dict());
        if set_a || set_b {
            if !(set_a && set_b) {
                return Ok(Some(false));
            }
            if self.len(a)? != self.len(b)? {
                return Ok(Some(false));
            }
            for m in self.container_members(a)? {
                if !self.container_contains(b, &m)? {
                    return Ok(Some(false));
                }
            }
            return Ok(Some(true));
        }
        if !(is_mapping(a, ka) && is_mapping(b, kb)) {
            return Ok(Some(false));
        }
        let da = self.dict(&self.mapping_pairs(a)?)?;
        let db = self.dict(&self.mapping_pairs(b)?)?;
        Ok(Some(self.eq(&da, &db)?))
    }
}

/// The store of `c[key] = value` (`c.add(key)` for a `WeakSet`) into container `o` of
/// `kind`, inside an arena pass, once the key's hash is known and the slot holding an
/// equal key, if there was one, found (it may have died since: then a new slot is
/// made).
fn store_in<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    k: Val<'gc>,
    v: Val<'gc>,
    kind: CKind,
    hash: i64,
    found: Option<Loc>,
) -> Result<()> {
    let (pos, cb) = {
        let data = o.borrow();
        let cd = container(&data).ok_or_else(|| Error::TypeError("not a weak container".into()))?;
        // The entry may have died while user code ran (`__eq__` can collect): a
        // `WeakValueDictionary`'s is then replaced in its place while its removal has
        // not run (`Heap::find_present`).
        let pos = found.and_then(|l| cd.locate(l.hash, l.serial)).filter(|p| {
            cd.slot(*p)
                .is_some_and(|s| cd.is_found(cx, s, Find::Present))
        });
        (pos, cd.remove_cb.clone())
    };
    // The new weak reference is made under no borrow of the container, which may be
    // its own referent (`d[1] = d`).
    let new_ref = match (kind.b, pos) {
        (Builtin::WeakValueDictionary, _) => {
            let target = check_weakrefable(cx, &v)?;
            Some(new_weakref(
                cx,
                target,
                WeakFlavor::Keyed { key: k.clone() },
                Some(cb),
            ))
        }
        (_, None) => {
            let target = check_weakrefable(cx, &k)?;
            let r = new_weakref(cx, target, WeakFlavor::Ref, Some(cb));
            if let Kind::WeakRef(w) = &mut r.borrow_mut(cx.mc).kind {
                w.set_hash(hash);
            }
            Some(r)
        }
        (_, Some(_)) => None,
    };
    let new_ref = new_ref.map(|r| (r, r.borrow().id()));
    let mut data = o.borrow_mut(cx.mc);
    let cd =
        container_mut(&mut data).ok_or_else(|| Error::TypeError("not a weak container".into()))?;
    if kind.b == Builtin::WeakValueDictionary {
        // The key (there already, or new) and the new KeyedRef to the value.
        match (pos, new_ref) {
            (Some(pos), Some((kr, rid))) => cd.rebind(pos, Val::Obj(kr), rid),
            (None, Some((kr, rid))) => {
                cd.push(
                    Slot {
                        hash,
                        serial: 0,
                        key: k,
                        value: Val::Obj(kr),
                        eph: None,
                        ref_id: rid,
                    },
                    false,
                );
            }
            _ => {}
        }
        return Ok(());
    }
    // A WeakKeyDictionary's value (weakly, in ephemeron mode) or a WeakSet's None,
    // under the weak reference to its key (there already, or new).
    let (value, eph) = match (&v, cd.is_ephemeron()) {
        (Val::Obj(vo), true) => (Val::None, Some(Gc::downgrade(*vo))),
        _ => (v, None),
    };
    match (pos, new_ref) {
        (Some(pos), _) => {
            if let Some(Some(slot)) = cd.slots.get_mut(pos as usize) {
                slot.value = value;
                slot.eph = eph;
            }
        }
        (None, Some((r, rid))) => {
            let by_address =
                kind.b == Builtin::WeakSet && k.as_obj().is_some_and(|m| hashes_by_address(cx, m));
            cd.push(
                Slot {
                    hash,
                    serial: 0,
                    key: Val::Obj(r),
                    value,
                    eph,
                    ref_id: rid,
                },
                by_address,
            );
        }
        (None, None) => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::container_mut;
    use crate::Heap;

    /// A change made to a container by hand.
    type Corruption = fn(&mut super::ContainerData<'_>);

    /// `Heap::verify` reports a container whose tables disagree (each corruption
    /// made by hand, as no public operation makes one).
    #[test]
    fn verify_sees_a_container_out_of_step() {
        let corruptions: [(&str, Corruption); 4] = [
            ("order lists 0 of its 1 entries", |cd| {
                cd.order.0.as_mut().unwrap().clear();
            }),
            ("counts 2 entries but holds 1", |cd| cd.used += 1),
            ("waits to remove an entry it does not hold", |cd| {
                cd.pending.insert(u64::MAX);
            }),
            ("counts 2 members hashed by identity but holds 1", |cd| {
                cd.by_address += 1;
            }),
        ];
        for (message, corrupt) in corruptions {
            let heap = Heap::new();
            let cls = heap.class("C").build().unwrap();
            let a = heap.call(&cls, &[]).unwrap();
            let ws = heap.weak_set(std::slice::from_ref(&a)).unwrap();
            heap.verify().unwrap();
            heap.with(|cx| {
                let o = cx.obj(&ws).unwrap();
                let mut data = o.borrow_mut(cx.mc);
                corrupt(container_mut(&mut data).unwrap());
            });
            let err = heap.verify().unwrap_err().to_string();
            assert!(err.contains(message), "{err}");
        }
    }
}
