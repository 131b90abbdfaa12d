//! The hash table behind `dict`, `set` and `frozenset`, in one of two layouts. (The
//! weak containers keep a table of their own, `weakref/containers.rs`, and share
//! only its hash index, `hash_index.rs`.)
//!
//! - A dict's is CPython 3.11's combined dict table (`dictobject.c`): `entries`
//!   holds the entries in insertion order (removed ones leave a hole until the next
//!   resize) and `index` maps every live entry's hash to the positions of the live
//!   entries with that hash, and to nothing else, in slots probed as CPython's. It
//!   is sized, resized and cloned when CPython's is ([`DictKeys`]), so an iterator
//!   over a dict that changes meets the entries CPython's would, and a lookup asks
//!   the keys of one hash in CPython's order.
//! - A set's is CPython 3.11's set table (`setobject.c`): `entries` is the table of
//!   slots itself, a power of two long, each empty, a dummy (a removed member's
//!   slot) or a member at the place CPython's probing gives it (`hash & mask`, then
//!   nine slots on, then `i = 5i + 1 + perturb`), placed, removed, resized and
//!   merged as CPython's are; so a set iterates (in slot order) and compares its
//!   members along their probe sequences in CPython's order.
//!
//! Invariant, both: the table stores hashes that the protocols computed (possibly
//! by calling `__hash__`), and never compares keys itself: deciding equality may
//! run user code, which the protocols do outside any borrow of this table. A set's
//! table always has an empty slot (fewer than three fifths are ever filled), and so
//! does a dict's index (its filled slots, live or tombstones, are at most the
//! entries appended since its layout: two thirds of it), so every probe sequence
//! ends.

use std::hash::Hasher;

use gc_arena::{Collect, Static};

use crate::hash_index::{HashIndex, MAX_POS};

use crate::object::Val;

/// One key/value pair (a set stores `Val::None` as every value).
#[derive(Collect, Clone)]
#[collect(no_drop)]
pub(crate) struct Entry<'gc> {
    pub hash: i64,
    pub key: Val<'gc>,
    pub value: Val<'gc>,
}

/// Hashes an `i64` that is already a hash: one multiply spreads its bits.
#[derive(Default)]
pub(crate) struct HashHasher(u64);

impl Hasher for HashHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 =
                (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = i.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26);
    }
}

/// An insertion-ordered table of entries, indexed by hash (a dict's), or CPython's
/// set table (a set's: [`Table::new_set`]).
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct Table<'gc> {
    entries: Vec<Option<Entry<'gc>>>,
    index: Static<HashIndex>,
    live: usize,
    /// Bumped by every insertion and removal: a lookup that ran user code (`__eq__`)
    /// checks it to know whether the table changed meanwhile.
    version: u64,
    /// Bumped whenever the entries move to other positions (a dict's resize
    /// or clearing, a set's new table of more than eight slots): with the index's
    /// own count, what [`layout`](Self::layout) reads.
    layouts: u64,
    /// A set's layout; `None` for a dict's.
    set: Static<Option<Box<SetSlots>>>,
    /// A dict's keys object, as CPython's (`PyDictKeysObject`): see [`DictKeys`].
    keys: Static<DictKeys>,
}

/// How a dict's table is sized, as CPython 3.11's `PyDictKeysObject`: the index has
/// `slots` slots (0 for a new or cleared dict, CPython's `Py_EMPTY_KEYS`), the
/// entries take at most two thirds of it, and an insertion finding no `usable`
/// entry left lays the table out again (a resize, which also compacts the
/// entries) for three times the live keys. A deletion leaves its entry a hole and
/// its index slot a tombstone until then; `popitem` gives back the entries after
/// the last live one without giving back their room.
#[derive(Clone, Copy, Default)]
struct DictKeys {
    /// Index slots (a power of two from eight), 0 for the empty keys.
    slots: usize,
    /// Entries that can still be appended before a resize (`dk_usable`).
    usable: usize,
    /// Whether a key that is not an exact str was ever stored since the last
    /// layout of the empty keys (`DICT_KEYS_GENERAL`): a table of str keys
    /// (`DICT_KEYS_UNICODE`) is resized into a general one when such a key is
    /// stored.
    general: bool,
}

/// CPython's `PyDict_MINSIZE`: a dict's smallest index.
const DICT_MINSIZE: usize = 8;

/// CPython's `USABLE_FRACTION`: the entries an index of `slots` slots takes.
fn usable_fraction(slots: usize) -> usize {
    (slots << 1) / 3
}

/// CPython's `calculate_log2_keysize`, as a number of slots: the power of two
/// that `(minsize | 8) - 1` fits in (so at least eight, and twice an exact power
/// of two from sixteen on, as CPython's).
fn keysize_for(minsize: usize) -> usize {
    let m = (minsize | DICT_MINSIZE) - 1;
    1 << (usize::BITS - m.leading_zeros())
}

/// CPython's `estimate_log2_keysize`, as a number of slots: the index for `n`
/// keys stored at once (`dict(d)`, `d.update(d2)` of a dict, a copy).
fn keysize_estimate(n: usize) -> usize {
    keysize_for((n * 3).div_ceil(2))
}

/// Whether CPython keeps `key` in a str-keys table: an exact str.
fn is_exact_str(key: &Val<'_>) -> bool {
    matches!(key, Val::Str(_))
}

/// What a set's table keeps beside its slots (CPython's `PySetObject` fields).
#[derive(Clone)]
struct SetSlots {
    /// The slots that hold a dummy (an empty one holds `None` and no dummy).
    dummy: Vec<bool>,
    /// Slots filled since the table was made or resized: members and dummies
    /// (CPython's `fill`).
    fill: usize,
    /// Where `pop` starts looking (CPython's `finger`).
    finger: usize,
    /// A frozenset's hash once it was computed (CPython's `hash`, -1 until then),
    /// which `==` reads; forgotten at any change of the members.
    hash: std::cell::Cell<Option<i64>>,
}

/// CPython's `PySet_MINSIZE`.
const SET_MINSIZE: usize = 8;
/// CPython's `LINEAR_PROBES`: the slots tried after each probe before jumping.
const LINEAR_PROBES: usize = 9;
/// CPython's `PERTURB_SHIFT`.
const PERTURB_SHIFT: u32 = 5;

/// The slots of a set table of `mask + 1` slots that CPython 3.11 visits for
/// `hash`, in order: `hash & mask` and the nine after it (when they fit before the
/// end), then a jump (`i = 5i + 1 + perturb`, `perturb` the hash shifted five bits
/// more each time) and again. Endless: the caller stops at an empty slot.
fn set_probe(hash: i64, mask: usize) -> impl Iterator<Item = usize> {
    // `i` is where the current run of slots started (the jump is from there, as
    // CPython's `i` stays while its `entry` steps on); `step` how far it is in.
    let run_at = move |i: usize| {
        if i + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    };
    let mut i = (hash as u64 as usize) & mask;
    let mut perturb = hash as u64;
    let mut step = 0;
    let mut run = run_at(i);
    std::iter::from_fn(move || {
        if step > run {
            perturb >>= PERTURB_SHIFT;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
            step = 0;
            run = run_at(i);
        }
        step += 1;
        Some(i + step - 1)
    })
}

impl<'gc> Table<'gc> {
    /// An empty set table: CPython's eight slots.
    pub(crate) fn new_set() -> Self {
        Table {
            entries: vec![None; SET_MINSIZE],
            set: Static(Some(Box::new(SetSlots {
                dummy: vec![false; SET_MINSIZE],
                fill: 0,
                finger: 0,
                hash: std::cell::Cell::new(None),
            }))),
            ..Table::default()
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// A frozenset's hash, if it was computed (see [`cache_hash`](Self::cache_hash)).
    pub(crate) fn cached_hash(&self) -> Option<i64> {
        self.set.0.as_ref().and_then(|s| s.hash.get())
    }

    /// Keeps a frozenset's computed hash, as CPython's `frozenset_hash` keeps it.
    pub(crate) fn cache_hash(&self, hash: i64) {
        if let Some(s) = &self.set.0 {
            s.hash.set(Some(hash));
        }
    }

    /// Changes whenever an entry is added or removed.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// Changes whenever a lookup's probe sequence may meet the entries elsewhere
    /// (CPython's test `table != so->table`, or `dk != mp->ma_keys`): while it
    /// reads the same, a lookup that ran user code goes on from where it was.
    pub(crate) fn layout(&self) -> (u64, u64) {
        match &self.set.0 {
            // A set's table has no index: its slots are the table, and an
            // eight-slot one is always the same (CPython's `smalltable`, however
            // often the set grew and shrank back).
            Some(_) if self.entries.len() == SET_MINSIZE => (0, 0),
            Some(_) => (self.layouts, 0),
            None => (self.layouts, self.index.0.layouts()),
        }
    }

    /// The first position, in probe order, of an entry whose hash is `hash` that
    /// `test` accepts (see [`HashIndex::find`]).
    pub(crate) fn find(
        &self,
        hash: i64,
        mut test: impl FnMut(u32) -> Option<bool>,
    ) -> Option<Option<u32>> {
        match &self.set.0 {
            None => self.index.0.find(hash, test),
            Some(_) => self.find_from(hash, 0, |pos, _| test(pos), |_, _, _| {}),
        }
    }

    /// [`find`](Self::find) from the `skip`-th slot of the probe sequence on;
    /// `test` is also given each slot's place in the sequence (see
    /// [`HashIndex::find_from`]). In a set's table, `free` is told of the free
    /// slots the probe meets, with their places and whether each is a dummy:
    /// each dummy it passes, and the empty slot that ends it (where CPython's
    /// `set_add_entry` puts a new member: the last dummy passed, else that slot).
    pub(crate) fn find_from(
        &self,
        hash: i64,
        skip: usize,
        mut test: impl FnMut(u32, usize) -> Option<bool>,
        mut free: impl FnMut(u32, usize, bool),
    ) -> Option<Option<u32>> {
        let Some(set) = &self.set.0 else {
            return self.index.0.find_from(hash, skip, test);
        };
        // CPython's `set_lookkey`: dummies are passed over, an empty slot ends it.
        let seq = set_probe(hash, self.entries.len() - 1).enumerate();
        for (visit, j) in seq.skip(skip) {
            match &self.entries[j] {
                None => {
                    free(j as u32, visit, set.dummy[j]);
                    if !set.dummy[j] {
                        return Some(None);
                    }
                }
                Some(e) if e.hash == hash && test(j as u32, visit)? => {
                    return Some(Some(j as u32));
                }
                Some(_) => {}
            }
        }
        unreachable!("a set table always has an empty slot")
    }

    /// Whether `pos` is a free slot of a set's table (a dummy or empty).
    pub(crate) fn is_free_slot(&self, pos: u32) -> bool {
        self.set.0.is_some() && self.entries.get(pos as usize).is_some_and(Option::is_none)
    }

    pub(crate) fn entry(&self, pos: u32) -> Option<&Entry<'gc>> {
        self.entries.get(pos as usize).and_then(Option::as_ref)
    }

    pub(crate) fn entry_mut(&mut self, pos: u32) -> Option<&mut Entry<'gc>> {
        self.entries.get_mut(pos as usize).and_then(Option::as_mut)
    }

    /// Appends an entry the caller knows is not present yet; returns its position.
    /// In a set's table it goes where CPython's `set_add_entry` puts it: in the last
    /// dummy its probe sequence passed before an empty slot, else in that slot, and
    /// the table grows (CPython's `set_table_resize` to four times the members, or
    /// twice past 50,000) once three fifths of it are filled; then the position
    /// returned is `u32::MAX`, as the members moved.
    pub(crate) fn push(&mut self, entry: Entry<'gc>) -> u32 {
        if let Some(set) = &self.set.0 {
            let mask = self.entries.len() - 1;
            let mut dummy = None;
            let mut at = 0;
            for j in set_probe(entry.hash, mask) {
                if self.entries[j].is_none() {
                    if set.dummy[j] {
                        dummy = Some(j);
                        continue;
                    }
                    at = j;
                    break;
                }
            }
            return self.set_put(entry, dummy.unwrap_or(at));
        }
        if self.keys.0.slots == 0 {
            // CPython's `insert_to_emptydict`: eight slots, of the first key's kind.
            self.keys.0.general = false;
            self.dict_resize(DICT_MINSIZE, !is_exact_str(&entry.key));
        } else {
            // (The stores that can do it before their lookup have done it.)
            self.prepare_store(&entry.key);
            if self.keys.0.usable == 0 || self.entries.len() >= MAX_POS as usize {
                self.dict_resize(keysize_for(self.live * 3), false);
            }
        }
        let pos = self.entries.len() as u32;
        self.index.0.put(entry.hash, pos);
        self.entries.push(Some(entry));
        self.keys.0.usable -= 1;
        self.live += 1;
        self.version += 1;
        pos
    }

    /// An empty dict table with room for `n` keys stored at once, as CPython
    /// 3.11's `_PyDict_NewPresized` makes one (the keyword arguments' dict of a
    /// call): the empty keys up to five, else a table of str keys of
    /// `keysize_estimate(n)` slots (at most 2**17).
    pub(crate) fn presized(n: usize) -> Table<'gc> {
        let mut t = Table::default();
        if n > usable_fraction(DICT_MINSIZE) {
            t.dict_resize(keysize_estimate(n).min(1 << 17), false);
        }
        t
    }

    /// Before a dict stores `key` (before its lookup, as CPython's `insertdict`
    /// and `setdefault`): a table of str keys is resized into a general one when
    /// `key` is not an exact str. Nothing for a set's table or the empty keys.
    pub(crate) fn prepare_store(&mut self, key: &Val<'_>) {
        let keys = self.keys.0;
        if self.set.0.is_none() && keys.slots != 0 && !keys.general && !is_exact_str(key) {
            self.dict_resize(keysize_for(self.live * 3), true);
        }
    }

    /// CPython's `dictresize`: the live entries compacted in order into a new
    /// layout of `slots` index slots, general if `general` or already so.
    fn dict_resize(&mut self, slots: usize, general: bool) {
        self.layouts += 1;
        self.version += 1;
        self.entries.retain(Option::is_some);
        self.index.0.reset_to(slots);
        for (pos, e) in self.entries.iter().flatten().enumerate() {
            self.index.0.put(e.hash, pos as u32);
        }
        let keys = &mut self.keys.0;
        keys.slots = slots;
        keys.usable = usable_fraction(slots) - self.live;
        keys.general |= general;
    }

    /// Before `other`'s entries are stored into this dict one by one (CPython's
    /// `dict_merge` given a dict): one resize for them all when its index has less
    /// room than `other` has keys (always, for the empty keys).
    pub(crate) fn presize_for(&mut self, other: &Table<'_>) {
        if self.set.0.is_none() && usable_fraction(self.keys.0.slots.max(1)) < other.live {
            let general = self.keys.0.general || other.keys.0.general;
            self.dict_resize(keysize_estimate(self.live + other.live), general);
        }
    }

    /// Whether an empty dict merging dict `self` takes a copy of its layout
    /// (CPython's `dict_merge` clones a table without holes that is either eight
    /// slots or fuller than a quarter), else stores its entries one by one.
    pub(crate) fn clones_into_empty(&self) -> bool {
        let slots = self.keys.0.slots;
        self.live == self.entries.len()
            && self.live > 0
            && (slots == DICT_MINSIZE || usable_fraction(slots / 2) < self.live)
    }

    /// Whether `d.copy()` copies this dict's layout, holes and all (CPython's
    /// `PyDict_Copy` does when at most a third of the entries are holes), rather
    /// than merging it into an empty dict.
    pub(crate) fn copies_layout(&self) -> bool {
        self.live >= self.entries.len() * 2 / 3
    }

    /// A copy of this dict's table, laid out as it is (CPython's
    /// `clone_combined_dict_keys`): the same entries, holes, index and room.
    pub(crate) fn clone_dict(&self) -> Table<'gc> {
        Table {
            entries: self.entries.clone(),
            index: Static(self.index.0.clone()),
            live: self.live,
            keys: Static(self.keys.0),
            ..Table::default()
        }
    }

    /// Puts a member the caller knows is not present into free slot `at` of a set's
    /// table (where its lookup found room: [`find_from`](Self::find_from)'s
    /// `free`), then grows the table as [`push`](Self::push) does; `u32::MAX`
    /// after growing.
    pub(crate) fn set_put(&mut self, entry: Entry<'gc>, at: usize) -> u32 {
        let Some(set) = &mut self.set.0 else {
            return self.push(entry);
        };
        set.hash.set(None);
        self.live += 1;
        self.version += 1;
        self.entries[at] = Some(entry);
        if std::mem::take(&mut set.dummy[at]) {
            return at as u32;
        }
        set.fill += 1;
        if set.fill * 5 >= (self.entries.len() - 1) * 3 {
            self.set_grow();
            // (Where it went: no caller of a set's `push` reads it.)
            return u32::MAX;
        }
        at as u32
    }

    /// Removes the entry at `pos`, if it is live (a set's slot becomes a dummy).
    pub(crate) fn remove(&mut self, pos: u32) -> Option<Entry<'gc>> {
        let entry = self.entries.get_mut(pos as usize)?.take()?;
        self.version += 1;
        if let Some(set) = &mut self.set.0 {
            set.hash.set(None);
            set.dummy[pos as usize] = true;
            self.live -= 1;
            return Some(entry);
        }
        self.index.0.take(entry.hash, pos);
        self.live -= 1;
        // The hole stays, even at the end: a position is not reused before the
        // next resize, so that an iterator past it sees an entry added since as new
        // ("dictionary keys changed during iteration", as CPython's).
        Some(entry)
    }

    /// Removes the newest entry and the holes after it: its position and those
    /// after it are reused, without their room being given back (CPython's
    /// `popitem` sets the entry count to the popped position, and `dk_usable`
    /// stays).
    pub(crate) fn remove_last(&mut self) -> Option<Entry<'gc>> {
        let (pos, _) = self.last()?;
        let entry = self.remove(pos)?;
        self.entries.truncate(pos as usize);
        Some(entry)
    }

    /// Live entries in iteration order (a dict's insertion order, a set's slot
    /// order), with their positions.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &Entry<'gc>)> {
        self.entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| e.as_ref().map(|e| (i as u32, e)))
    }

    /// The first live entry at position `from` or after it (an iterator's next).
    pub(crate) fn next_from(&self, from: usize) -> Option<(usize, &Entry<'gc>)> {
        self.entries
            .get(from..)?
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.as_ref().map(|e| (from + i, e)))
    }

    /// The last live entry at position `upto` or before it (a reverse iterator's
    /// next).
    pub(crate) fn prev_from(&self, upto: usize) -> Option<(usize, &Entry<'gc>)> {
        let end = self.entries.len().min(upto.saturating_add(1));
        self.entries[..end]
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (i, e)))
    }

    /// How many positions there are (live entries and the holes between them).
    pub(crate) fn positions(&self) -> usize {
        self.entries.len()
    }

    /// The newest live entry.
    pub(crate) fn last(&self) -> Option<(u32, &Entry<'gc>)> {
        self.entries
            .iter()
            .enumerate()
            .rev()
            .find_map(|(i, e)| e.as_ref().map(|e| (i as u32, e)))
    }

    pub(crate) fn clear(&mut self) {
        // (A set's goes back to its eight slots, whose layout is always the same.)
        if self.set.0.is_none() {
            self.layouts += 1;
        }
        self.entries.clear();
        self.index.0.clear();
        self.keys.0 = DictKeys::default();
        self.live = 0;
        self.version += 1;
        if let Some(set) = &mut self.set.0 {
            // CPython's `set_clear_internal`: back to the eight slots (the finger
            // stays).
            self.entries = vec![None; SET_MINSIZE];
            set.dummy = vec![false; SET_MINSIZE];
            set.fill = 0;
            set.hash.set(None);
        }
    }

    /// Takes `other`'s entries in place of this table's (a set's
    /// `intersection_update`, CPython's `set_swap_bodies`, which keeps the set's
    /// finger); the version still only grows.
    pub(crate) fn replace_with(&mut self, other: Table<'gc>) {
        let version = self.version.max(other.version) + 1;
        // (A larger table taken from `other` is new to a lookup of this one; an
        // eight-slot one reads as the same, as in CPython, which copies it into
        // the set's own `smalltable`.)
        let layouts = self.layouts.max(other.layouts) + 1;
        let finger = self.set.0.as_ref().map(|s| s.finger);
        *self = other;
        self.version = version;
        self.layouts = layouts;
        if let (Some(set), Some(finger)) = (&mut self.set.0, finger) {
            set.finger = finger;
        }
    }

    /// A set table laid out as set table `layout` (the same slots, dummies, fill and
    /// finger) with the member `key` gives for each of `layout`'s entries: a
    /// `WeakSet`'s `data`, its weak references where its order table has their
    /// entries. An entry `key` gives nothing for leaves a dummy.
    pub(crate) fn set_like<'a>(
        layout: &Table<'a>,
        mut key: impl FnMut(&Entry<'a>) -> Option<Val<'gc>>,
    ) -> Table<'gc> {
        let Some(theirs) = &layout.set.0 else {
            return Table::new_set();
        };
        let mut dummy = theirs.dummy.clone();
        let mut entries = Vec::with_capacity(layout.entries.len());
        let mut live = 0;
        for (j, e) in layout.entries.iter().enumerate() {
            let member = e.as_ref().and_then(|e| {
                let k = key(e);
                dummy[j] |= k.is_none();
                Some(Entry {
                    hash: e.hash,
                    key: k?,
                    value: Val::None,
                })
            });
            live += usize::from(member.is_some());
            entries.push(member);
        }
        Table {
            entries,
            live,
            set: Static(Some(Box::new(SetSlots {
                dummy,
                fill: theirs.fill,
                finger: theirs.finger,
                hash: std::cell::Cell::new(None),
            }))),
            ..Table::default()
        }
    }

    /// A set's `pop` (CPython's `set_pop`): the member in the first slot at the
    /// finger or after it (round to the start), its slot made a dummy, the finger
    /// moved past it. `None` for an empty set (or a dict).
    pub(crate) fn pop_member(&mut self) -> Option<Entry<'gc>> {
        let set = self.set.0.as_mut()?;
        if self.live == 0 {
            return None;
        }
        let mask = self.entries.len() - 1;
        let mut j = set.finger & mask;
        while self.entries[j].is_none() {
            j = if j == mask { 0 } else { j + 1 };
        }
        set.finger = j + 1;
        self.remove(j as u32)
    }

    /// Before `other.len()` members are merged in (CPython's `set_merge` given a
    /// set, `set_update_internal` given a dict): one resize if they could fill
    /// three fifths of the table, to twice the members there could then be. A
    /// dict's table is left as it is.
    pub(crate) fn reserve_members(&mut self, other: usize) {
        let Some(set) = &self.set.0 else { return };
        if (set.fill + other) * 5 >= (self.entries.len() - 1) * 3 {
            self.set_resize((self.live + other) * 2);
            self.version += 1;
        }
    }

    /// The members of set table `other` copied into this empty set table, as
    /// CPython's `set_merge` copies them into a set with no slot ever filled:
    /// slot for slot when the tables are as long and `other` holds no dummy,
    /// else each into the first empty slot of its probe sequence, in `other`'s
    /// slot order. False (nothing done) if this table had a slot filled, or either
    /// is no set table. Call [`reserve_members`](Self::reserve_members) first.
    pub(crate) fn copy_members_into_empty(&mut self, other: &Table<'gc>) -> bool {
        let (Some(set), Some(theirs)) = (&mut self.set.0, &other.set.0) else {
            return false;
        };
        if set.fill != 0 {
            return false;
        }
        if self.entries.len() == other.entries.len() && theirs.fill == other.live {
            self.entries.clone_from(&other.entries);
            set.fill = theirs.fill;
            self.live = other.live;
            self.version += 1;
            return true;
        }
        for e in other.entries.iter().flatten() {
            self.push(e.clone());
        }
        true
    }

    /// After a set's `difference_update` (CPython's `set_difference_update_internal`):
    /// when more than a quarter of the slots hold dummies, the table is laid out
    /// again for four times its members (twice past 50,000).
    pub(crate) fn purge_dummies(&mut self) {
        let Some(set) = &self.set.0 else { return };
        if set.fill - self.live > (self.entries.len() - 1) / 4 {
            self.set_grow();
            self.version += 1;
        }
    }

    /// CPython's `set_table_resize(so, so->used>50000 ? so->used*2 : so->used*4)`,
    /// as an insertion and a `difference_update` call it.
    fn set_grow(&mut self) {
        let live = self.live;
        self.set_resize(if live > 50_000 { live * 2 } else { live * 4 });
    }

    /// CPython's `set_table_resize`: a table of the first power of two from eight
    /// above `minused`, the members put back in slot order, each in the first
    /// empty slot of its probe sequence (`set_insert_clean`), the dummies dropped.
    /// An eight-slot table without dummies is left as it is.
    fn set_resize(&mut self, minused: usize) {
        let Some(set) = &mut self.set.0 else { return };
        let mut size = SET_MINSIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == SET_MINSIZE && self.entries.len() == SET_MINSIZE && set.fill == self.live {
            return;
        }
        // (A larger table is new memory in CPython, and a new layout here; an
        // eight-slot one is laid out again in the same memory, its `smalltable`,
        // so a lookup goes on there if its slot still holds its key.)
        if size > SET_MINSIZE {
            self.layouts += 1;
        }
        let old = std::mem::replace(&mut self.entries, vec![None; size]);
        set.dummy = vec![false; size];
        set.fill = self.live;
        for e in old.into_iter().flatten() {
            let j = set_probe(e.hash, size - 1)
                .find(|&j| self.entries[j].is_none())
                .unwrap_or_default();
            self.entries[j] = Some(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// An operation on a set table: add key `k` (an even one hashed `k % 8`, an
    /// odd one `k` itself, so that runs and jumps both happen), remove the `n`th
    /// live member, pop, clear, or copy the table into an empty one.
    #[derive(Clone, Debug)]
    enum Op {
        Add(i64),
        Remove(usize),
        Pop,
        Clear,
        Copy,
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            6 => (0i64..200).prop_map(Op::Add),
            3 => (0usize..64).prop_map(Op::Remove),
            1 => Just(Op::Pop),
            1 => Just(Op::Clear),
            1 => Just(Op::Copy),
        ]
    }

    fn key_of(e: &Entry<'_>) -> i64 {
        match e.key {
            Val::Int(k) => k,
            _ => unreachable!(),
        }
    }

    fn int_entry(k: i64) -> Entry<'static> {
        Entry {
            hash: k,
            key: Val::Int(k),
            value: Val::None,
        }
    }

    /// A dict's index grows when CPython 3.11's does, to the size CPython's takes
    /// (read from `sys.getsizeof`: 8 slots up to 5 keys, then 16, 32 at the 11th,
    /// 64 at the 22nd, 128 at the 43rd), and a copy or merge of 21 keys takes 64
    /// slots (`estimate_log2_keysize`: 32 is a power of two CPython doubles).
    #[test]
    fn a_dict_index_is_sized_as_cpythons() {
        let mut t: Table<'static> = Table::default();
        assert_eq!(t.keys.0.slots, 0);
        let mut grew = Vec::new();
        for k in 0..100 {
            let before = t.keys.0.slots;
            t.push(int_entry(k));
            if t.keys.0.slots != before {
                grew.push((t.len(), t.keys.0.slots));
            }
        }
        assert_eq!(
            grew,
            [(1, 8), (6, 16), (11, 32), (22, 64), (43, 128), (86, 256)]
        );
        // Stored at once (`dict.fromkeys` of a set, as `sys.getsizeof` tells):
        // 5 keys take 8 slots, 6 to 10 take 16, 11 to 20 take 32, 21 take 64.
        let sizes: Vec<usize> = [5, 6, 10, 11, 20, 21].map(keysize_estimate).into();
        assert_eq!(sizes, [8, 16, 16, 32, 32, 64]);
        // A copy of a table at most a third holes keeps its layout, holes and all;
        // of one with more, the live keys are merged into a table sized for them.
        let mut t: Table<'static> = Table::default();
        for k in 0..22 {
            t.push(int_entry(k));
        }
        let drop_first = |t: &mut Table<'static>| {
            let first = t.iter().next().map(|(p, _)| p).unwrap();
            t.remove(first);
        };
        drop_first(&mut t);
        assert!(t.copies_layout());
        let copy = t.clone_dict();
        assert_eq!(
            (copy.len(), copy.keys.0.slots, copy.positions()),
            (21, 64, 22)
        );
        assert_eq!(copy.keys.0.usable, t.keys.0.usable);
        for _ in 0..8 {
            drop_first(&mut t);
        }
        assert!(!t.copies_layout() && !t.clones_into_empty());
        let mut merged = Table::default();
        merged.presize_for(&t);
        assert_eq!(merged.keys.0.slots, 32);
    }

    /// Deleting leaves a hole, and `popitem` gives back the positions after the
    /// popped entry but not their room: a key deleted and stored again over and
    /// over fills the room, and the insertion that finds none compacts the table.
    #[test]
    fn a_dict_resizes_only_when_an_insertion_finds_no_room() {
        let mut t: Table<'static> = Table::default();
        for k in 0..4 {
            t.push(int_entry(k));
        }
        t.remove_last();
        assert_eq!((t.positions(), t.keys.0.usable), (3, 1));
        let pos = t.push(int_entry(3));
        assert_eq!((pos, t.keys.0.usable), (3, 0));
        t.remove(0);
        assert_eq!(t.positions(), 4);
        let layout = t.layout();
        let pos = t.push(int_entry(0));
        // No room left: resized for 3 * 3 keys (16 slots), the hole gone.
        assert_ne!(t.layout(), layout);
        assert_eq!((pos, t.keys.0.slots, t.positions()), (3, 16, 4));
        let keys: Vec<i64> = t.iter().map(|(_, e)| e.hash).collect();
        assert_eq!(keys, [1, 2, 3, 0]);
    }

    proptest! {
        /// After any sequence of operations a set table keeps its invariant: an
        /// empty slot exists, `fill` counts its members and dummies, and every
        /// member is found along its hash's probe sequence.
        #[test]
        fn set_table_keeps_its_invariant(ops in prop::collection::vec(op(), 0..300)) {
            let mut t: Table<'static> = Table::new_set();
            let mut model: Vec<i64> = Vec::new();
            for op in ops {
                match op {
                    Op::Add(k) => {
                        let hash = if k % 2 == 0 { k % 8 } else { k };
                        let found = t.find(hash, |p| Some(t.entry(p).map(key_of) == Some(k)));
                        if found == Some(None) {
                            t.push(Entry { hash, key: Val::Int(k), value: Val::None });
                            model.push(k);
                        }
                    }
                    Op::Remove(n) if !model.is_empty() => {
                        let k = model.remove(n % model.len());
                        let pos = t.iter().find(|(_, e)| key_of(e) == k).map(|(p, _)| p);
                        prop_assert!(t.remove(pos.unwrap()).is_some());
                    }
                    Op::Pop => {
                        if let Some(e) = t.pop_member() {
                            let k = key_of(&e);
                            model.retain(|&m| m != k);
                        }
                    }
                    Op::Clear => {
                        t.clear();
                        model.clear();
                    }
                    Op::Copy => {
                        let mut c: Table<'static> = Table::new_set();
                        c.reserve_members(t.len());
                        prop_assert!(c.copy_members_into_empty(&t));
                        t = c;
                    }
                    Op::Remove(_) => {}
                }
                let set = t.set.0.as_ref().unwrap();
                let mask = t.entries.len() - 1;
                prop_assert!(t.entries.len().is_power_of_two() && t.entries.len() >= SET_MINSIZE);
                let dummies = set.dummy.iter().filter(|d| **d).count();
                prop_assert_eq!(set.fill, t.len() + dummies);
                prop_assert!(set.fill * 5 < mask * 3 || t.entries.len() == SET_MINSIZE && set.fill < mask);
                prop_assert_eq!(t.len(), model.len());
                for (p, e) in t.iter() {
                    let found = t.find(e.hash, |q| Some(q == p));
                    prop_assert_eq!(found, Some(Some(p)));
                }
            }
        }
    }
}
