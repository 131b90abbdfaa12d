//! The insertion-ordered hash table behind `dict`, `set` and `frozenset`. (The weak
//! containers keep a table of their own, `weakref/containers.rs`, and share only its
//! hash index, `hash_index.rs`.)
//!
//! Invariant: `entries` holds the entries in insertion order (removed ones leave a
//! hole until the next compaction); `index` maps every live entry's hash to the
//! positions of the live entries with that hash, and to nothing else. The table
//! stores hashes that the protocols computed (possibly by calling `__hash__`), and
//! never compares keys itself: deciding equality may run user code, which the
//! protocols do outside any borrow of this table.

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

/// An insertion-ordered table of entries, indexed by hash.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct Table<'gc> {
    entries: Vec<Option<Entry<'gc>>>,
    index: Static<HashIndex>,
    live: usize,
    /// Bumped by every insertion and removal: a lookup that ran user code (`__eq__`)
    /// checks it to know whether the table changed meanwhile.
    version: u64,
}

impl<'gc> Table<'gc> {
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Changes whenever an entry is added or removed.
    pub(crate) fn version(&self) -> u64 {
        self.version
    }

    /// The first position, in probe order, of an entry whose hash is `hash` that
    /// `test` accepts (see [`HashIndex::find`]).
    pub(crate) fn find(
        &self,
        hash: i64,
        test: impl FnMut(u32) -> Option<bool>,
    ) -> Option<Option<u32>> {
        self.index.0.find(hash, test)
    }

    pub(crate) fn entry(&self, pos: u32) -> Option<&Entry<'gc>> {
        self.entries.get(pos as usize).and_then(Option::as_ref)
    }

    pub(crate) fn entry_mut(&mut self, pos: u32) -> Option<&mut Entry<'gc>> {
        self.entries.get_mut(pos as usize).and_then(Option::as_mut)
    }

    /// Appends an entry the caller knows is not present yet; returns its position.
    pub(crate) fn push(&mut self, entry: Entry<'gc>) -> u32 {
        if self.entries.len() > MAX_POS as usize {
            self.compact();
        }
        let pos = self.entries.len() as u32;
        self.index.0.insert(entry.hash, pos);
        self.entries.push(Some(entry));
        self.live += 1;
        self.version += 1;
        pos
    }

    /// Removes the entry at `pos`, if it is live.
    pub(crate) fn remove(&mut self, pos: u32) -> Option<Entry<'gc>> {
        let entry = self.entries.get_mut(pos as usize)?.take()?;
        self.version += 1;
        self.index.0.remove(entry.hash, pos);
        self.live -= 1;
        // The hole stays, even at the end: a position is not reused before the
        // table is compacted, so that an iterator past it sees an entry added since
        // as new ("dictionary keys changed during iteration", as CPython's).
        if self.entries.len() > 16 && self.live * 2 < self.entries.len() {
            self.compact();
        }
        Some(entry)
    }

    /// Removes the newest entry, and the holes after the one before it: the
    /// positions past it are reused (CPython's `popitem` resets the entry count so).
    pub(crate) fn remove_last(&mut self) -> Option<Entry<'gc>> {
        let (pos, _) = self.last()?;
        let entry = self.remove(pos)?;
        while matches!(self.entries.last(), Some(None)) {
            self.entries.pop();
        }
        Some(entry)
    }

    /// Live entries in insertion order, with their positions.
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
        self.entries.clear();
        self.index.0.clear();
        self.live = 0;
        self.version += 1;
    }

    /// Takes `other`'s entries in place of this table's (a set's
    /// `intersection_update`); the version still only grows.
    pub(crate) fn replace_with(&mut self, other: Table<'gc>) {
        let version = self.version.max(other.version) + 1;
        *self = other;
        self.version = version;
    }

    fn compact(&mut self) {
        let entries = std::mem::take(&mut self.entries);
        self.index.0.clear_for(self.live);
        self.live = 0;
        for e in entries.into_iter().flatten() {
            self.push(e);
        }
    }
}
