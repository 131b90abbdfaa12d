//! The hash index of a table: for each hash, the positions of the table's entries that
//! have it.
//!
//! Invariant: every `(hash, pos)` added and not removed sits in exactly one slot, on
//! the probe sequence of `hash` before the sequence's first empty slot; a removed one
//! leaves a tombstone, which probing steps over and an insertion reuses (the first
//! empty slot or tombstone of its sequence, as CPython's dict inserts), until the
//! slots are laid out again; and some slot is always empty, so every probe sequence
//! reaches one. Who lays them out again is the table's choice:
//!
//! - a dict's table sizes its index as CPython's dict does ([`reset_to`], [`put`],
//!   [`take`]: `dict.rs`), so its keys sit in the slots CPython's would;
//! - a weak container's lets the index size itself ([`insert`], [`remove`]): it is
//!   rebuilt at an insertion that would fill two thirds of the slots, or at a removal
//!   that leaves as many tombstones as positions (a weak dictionary that lost half
//!   its entries in one collection would otherwise send every lookup of an absent
//!   key over them). A rebuild adds the positions back in position (insertion)
//!   order, as CPython's dict resize does, so after it the keys of one hash are
//!   compared in insertion order.
//!
//! [`reset_to`]: HashIndex::reset_to
//! [`put`]: HashIndex::put
//! [`take`]: HashIndex::take
//! [`insert`]: HashIndex::insert
//! [`remove`]: HashIndex::remove
//!
//! The probe sequence is CPython's dict's: it starts at `hash & mask` and mixes in the
//! hash's higher bits five at a time (`i = 5i + 1 + perturb`). Consecutive int keys,
//! whose hashes are themselves, so land in consecutive slots (a lookup of one key
//! after another touches memory in order), while keys that share their low bits part
//! once the perturbation reaches the bits where they differ, and a probe soon leaves
//! a run of occupied slots. The
//! sequence may come back to a slot (CPython's lookups stop at the first match and do
//! not mind); listing every position under a hash skips the ones listed already. The
//! index stores the hash beside the position, so a lookup reads the entries
//! themselves only for the hashes that match.

/// One slot: a hash and a position, or empty, or a tombstone.
#[derive(Clone, Copy)]
struct Slot {
    hash: i64,
    pos: u32,
}

/// `pos` of a slot never filled.
const EMPTY: u32 = u32::MAX;
/// `pos` of a slot whose entry was removed.
const TOMBSTONE: u32 = u32::MAX - 1;
/// The largest position an index holds (the two above are markers).
pub(crate) const MAX_POS: u32 = u32::MAX - 2;
/// Slots of the smallest index that holds anything.
const MIN_SLOTS: usize = 8;

/// Positions by hash, in an open-addressed table probed as CPython's dict probes.
#[derive(Default, Clone)]
pub(crate) struct HashIndex {
    slots: Vec<Slot>,
    /// Slots holding a position.
    live: usize,
    /// Slots holding a position or a tombstone.
    filled: usize,
    /// Bumped whenever the slots are laid out again (a rebuild or a clear), so that
    /// a lookup that ran user code can tell whether it may go on probing where it
    /// was.
    layouts: u64,
}

/// The probe sequence of `hash` in a table of `mask + 1` slots (a power of two),
/// CPython's dict's: endless, it reaches every slot (once `perturb` is spent,
/// `i = 5i + 1` cycles through them all), and may come back to one before that.
fn probe(hash: i64, mask: usize) -> impl Iterator<Item = usize> {
    let mut perturb = hash as u64;
    let mut i = (hash as u64 as usize) & mask;
    let mut first = true;
    std::iter::from_fn(move || {
        if !first {
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(perturb as usize))
                & mask;
        }
        first = false;
        Some(i)
    })
}

impl HashIndex {
    /// How many positions it holds.
    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// The positions added under `hash` and not removed, in the order of its probe
    /// sequence.
    pub(crate) fn candidates(&self, hash: i64) -> impl Iterator<Item = u32> + '_ {
        let mask = self.slots.len().wrapping_sub(1);
        let mut seq = (!self.slots.is_empty()).then(|| probe(hash, mask));
        // The positions given so far (almost always none or one; a set once there are
        // many, so that many equal hashes do not cost a scan each).
        let mut given: smallvec::SmallVec<[u32; 4]> = smallvec::SmallVec::new();
        let mut many: Option<std::collections::HashSet<u32>> = None;
        std::iter::from_fn(move || {
            let seq = seq.as_mut()?;
            for i in seq.by_ref() {
                let s = self.slots[i];
                if s.pos == EMPTY {
                    return None;
                }
                if s.pos == TOMBSTONE || s.hash != hash {
                    continue;
                }
                let fresh = match &mut many {
                    Some(set) => set.insert(s.pos),
                    None if given.len() < 16 => {
                        let fresh = !given.contains(&s.pos);
                        given.push(s.pos);
                        fresh
                    }
                    None => {
                        let mut set: std::collections::HashSet<u32> = given.drain(..).collect();
                        let fresh = set.insert(s.pos);
                        many = Some(set);
                        fresh
                    }
                };
                if fresh {
                    return Some(s.pos);
                }
            }
            None
        })
    }

    /// The first position under `hash`, in probe order, that `test` accepts
    /// (`Some(true)`), or `None` inside if there is none; `None` as soon as `test`
    /// cannot tell (`None`). As CPython's lookup, it does not keep track of the
    /// positions tested: where the sequence comes back to a slot, `test` sees that
    /// position again (and must answer the same).
    pub(crate) fn find(
        &self,
        hash: i64,
        mut test: impl FnMut(u32) -> Option<bool>,
    ) -> Option<Option<u32>> {
        // (Its own loop, not `find_from`'s: a weak container's lookups, the hot
        // ones, need no places in the sequence.)
        for i in probe(hash, self.slots.len().wrapping_sub(1)) {
            let Some(s) = self.slots.get(i) else {
                return Some(None); // no slots at all
            };
            if s.pos == EMPTY {
                return Some(None);
            }
            if s.pos != TOMBSTONE && s.hash == hash && test(s.pos)? {
                return Some(Some(s.pos));
            }
        }
        unreachable!("a probe sequence never ends")
    }

    /// [`find`](Self::find) from the `skip`-th slot of the probe sequence on (the
    /// slots before it are passed over unread); `test` is also given each slot's
    /// place in the sequence (0 for the first).
    pub(crate) fn find_from(
        &self,
        hash: i64,
        skip: usize,
        mut test: impl FnMut(u32, usize) -> Option<bool>,
    ) -> Option<Option<u32>> {
        let seq = probe(hash, self.slots.len().wrapping_sub(1)).enumerate();
        for (visit, i) in seq.skip(skip) {
            let Some(s) = self.slots.get(i) else {
                return Some(None); // no slots at all
            };
            if s.pos == EMPTY {
                return Some(None);
            }
            if s.pos != TOMBSTONE && s.hash == hash && test(s.pos, visit)? {
                return Some(Some(s.pos));
            }
        }
        unreachable!("a probe sequence never ends")
    }

    /// Adds `pos` under `hash` (`pos` at most [`MAX_POS`]).
    pub(crate) fn insert(&mut self, hash: i64, pos: u32) {
        if (self.filled + 1) * 3 >= self.slots.len() * 2 {
            self.rebuild(self.live + 1);
        }
        self.put(hash, pos);
    }

    /// Adds `pos` under `hash` in the first empty slot or tombstone of its probe
    /// sequence, as CPython's dict inserts (a key stored and deleted over and over
    /// reuses its slot instead of lengthening its sequence), never rebuilding: the
    /// caller keeps an empty slot (a dict's table sizes its index itself, `dict.rs`).
    pub(crate) fn put(&mut self, hash: i64, pos: u32) {
        debug_assert!(pos <= MAX_POS);
        debug_assert!(self.filled < self.slots.len());
        let mask = self.slots.len() - 1;
        for i in probe(hash, mask) {
            let s = &mut self.slots[i];
            if s.pos == EMPTY || s.pos == TOMBSTONE {
                if s.pos == EMPTY {
                    self.filled += 1;
                }
                *s = Slot { hash, pos };
                self.live += 1;
                return;
            }
        }
    }

    /// Removes `pos` from under `hash`; whether it was there.
    pub(crate) fn remove(&mut self, hash: i64, pos: u32) -> bool {
        if !self.take(hash, pos) {
            return false;
        }
        // As many tombstones as positions: probes for absent keys would mostly step
        // over them, so the index starts again without them.
        if self.filled - self.live >= self.live.max(MIN_SLOTS) {
            self.rebuild(self.live);
        }
        true
    }

    /// Removes `pos` from under `hash`, leaving a tombstone (CPython's dict's
    /// `DKIX_DUMMY`), never rebuilding; whether it was there.
    pub(crate) fn take(&mut self, hash: i64, pos: u32) -> bool {
        if self.slots.is_empty() {
            return false;
        }
        let mask = self.slots.len() - 1;
        for i in probe(hash, mask) {
            let s = &mut self.slots[i];
            if s.pos == EMPTY {
                return false;
            }
            if s.pos == pos && s.hash == hash {
                s.pos = TOMBSTONE;
                self.live -= 1;
                return true;
            }
        }
        false
    }

    /// Removes everything, giving back the room.
    pub(crate) fn clear(&mut self) {
        *self = HashIndex {
            layouts: self.layouts + 1,
            ..HashIndex::default()
        };
    }

    /// Removes everything and lays out `slots` empty slots (a power of two), which
    /// [`put`](Self::put) fills: a dict's table sizes its index as CPython's dict
    /// does (`dict.rs`).
    pub(crate) fn reset_to(&mut self, slots: usize) {
        debug_assert!(slots.is_power_of_two());
        *self = HashIndex {
            slots: vec![
                Slot {
                    hash: 0,
                    pos: EMPTY,
                };
                slots
            ],
            live: 0,
            filled: 0,
            layouts: self.layouts + 1,
        };
    }

    /// Changes whenever the slots are laid out again: a position's place in a
    /// probe sequence holds only while it reads the same.
    pub(crate) fn layouts(&self) -> u64 {
        self.layouts
    }

    /// Removes everything and makes room for `need` positions at once: a table
    /// compacting its entries adds them back without a rebuild on the way.
    pub(crate) fn clear_for(&mut self, need: usize) {
        self.clear();
        if need > 0 {
            self.rebuild(need);
        }
    }

    /// Makes room for `need` positions (without tombstones), at most half full once
    /// they are in, so that a sixth of the slots at least fill before the next rebuild
    /// (a table kept near two thirds full by removals and insertions would otherwise
    /// be rebuilt every insertion or two).
    fn rebuild(&mut self, need: usize) {
        let mut n = MIN_SLOTS;
        while n < need * 2 {
            n *= 2;
        }
        // Added back in position (insertion) order, as CPython's resize adds its
        // entries back: keys of one hash keep the probe order CPython gives them.
        // (Sorting is linear when the old table already lists them in order, as it
        // does for keys whose hashes rise with their positions: consecutive ints.)
        let mut held: Vec<Slot> = std::mem::take(&mut self.slots)
            .into_iter()
            .filter(|s| s.pos != EMPTY && s.pos != TOMBSTONE)
            .collect();
        held.sort_unstable_by_key(|s| s.pos);
        self.reset_to(n);
        for s in &held {
            self.put(s.hash, s.pos);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(ix: &HashIndex, hash: i64) -> Vec<u32> {
        let mut v: Vec<u32> = ix.candidates(hash).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn positions_are_found_under_their_hash_only() {
        let mut ix = HashIndex::default();
        assert!(all(&ix, 3).is_empty());
        for p in 0..1000u32 {
            ix.insert(i64::from(p % 100), p);
        }
        assert_eq!(ix.len(), 1000);
        let want: Vec<u32> = (0..10).map(|k| 42 + 100 * k).collect();
        assert_eq!(all(&ix, 42), want);
        assert!(all(&ix, 100).is_empty());
        assert!(ix.remove(42, 542));
        assert!(!ix.remove(42, 542));
        assert!(!ix.remove(43, 42));
        assert_eq!(all(&ix, 42).len(), 9);
        assert_eq!(ix.len(), 999);
    }

    /// A key stored and removed over and over reuses its slot: tombstones do not
    /// pile up along its probe sequence (review helper-39: with insertions skipping
    /// tombstones, each cycle lengthened the sequence, O(n) per operation).
    #[test]
    fn one_key_stored_and_removed_over_and_over_reuses_its_slot() {
        let mut ix = HashIndex::default();
        for p in 0..1000u32 {
            ix.insert(i64::from(p), p);
        }
        let filled = ix.filled;
        for _ in 0..10_000 {
            ix.insert(-5, 1000);
            assert!(ix.remove(-5, 1000));
        }
        assert!(ix.filled <= filled + 1, "{} against {filled}", ix.filled);
        assert_eq!(ix.len(), 1000);
    }

    #[test]
    fn keys_sharing_low_bits_and_extreme_hashes_work() {
        let mut ix = HashIndex::default();
        let hashes: Vec<i64> = (1..2000i64)
            .map(|k| k << 20)
            .chain([i64::MIN, i64::MAX, -1, -2, 0])
            .collect();
        for (p, h) in hashes.iter().enumerate() {
            ix.insert(*h, p as u32);
        }
        for (p, h) in hashes.iter().enumerate() {
            assert_eq!(all(&ix, *h), [p as u32], "hash {h}");
        }
    }

    proptest::proptest! {
        /// Random inserts and removals, with few distinct hashes (many collisions)
        /// and hashes sharing their low bits, agree with a plain list of pairs.
        #[test]
        fn agrees_with_a_list_of_pairs(ops in proptest::collection::vec((0u8..3, 0i64..12, 0u32..40), 0..400)) {
            let mut ix = HashIndex::default();
            let mut model: Vec<(i64, u32)> = Vec::new();
            for (op, h, pos) in ops {
                let hash = (h << 40) ^ (h % 3);
                match op {
                    0 | 1 => {
                        if !model.contains(&(hash, pos)) {
                            ix.insert(hash, pos);
                            model.push((hash, pos));
                        }
                    }
                    _ => {
                        let had = model.iter().position(|p| *p == (hash, pos));
                        proptest::prop_assert_eq!(ix.remove(hash, pos), had.is_some());
                        if let Some(i) = had {
                            model.remove(i);
                        }
                    }
                }
                proptest::prop_assert_eq!(ix.len(), model.len());
                proptest::prop_assert!(ix.filled * 3 < ix.slots.len() * 2 || ix.slots.is_empty());
                let mut want: Vec<u32> = model.iter().filter(|p| p.0 == hash).map(|p| p.1).collect();
                want.sort_unstable();
                proptest::prop_assert_eq!(all(&ix, hash), want);
            }
        }
    }

    #[test]
    fn churn_near_two_thirds_full_does_not_rebuild_at_every_insertion() {
        let live = 10_921i64;
        let mut ix = HashIndex::default();
        for k in 0..live {
            ix.insert(k, k as u32);
        }
        let mut rebuilds = 0;
        for k in 0..2_000i64 {
            assert!(ix.remove(k, k as u32));
            let before = ix.filled;
            ix.insert(k + live, (k + live) as u32);
            if ix.filled < before {
                rebuilds += 1;
            }
        }
        assert!(rebuilds < 20, "{rebuilds} rebuilds in 2000 insertions");
    }

    #[test]
    fn find_stops_at_the_first_accepted_position_or_the_end_of_the_sequence() {
        let mut ix = HashIndex::default();
        assert_eq!(ix.find(5, |_| Some(true)), Some(None));
        // Hash 32 in 8 slots probes 0, 2, 3, 0…: three positions, the middle one
        // removed (a tombstone that probing steps over).
        for p in 0..3u32 {
            ix.insert(32, p);
        }
        ix.remove(32, 1);
        let mut seen = Vec::new();
        let found = ix.find(32, |p| {
            seen.push(p);
            Some(p == 2)
        });
        assert_eq!((found, seen), (Some(Some(2)), vec![0, 2]));
        assert_eq!(ix.find(32, |_| Some(false)), Some(None));
        assert_eq!(ix.find(32, |p| (p != 0).then_some(true)), None);
        // Another hash on the same slots: nothing under it.
        assert_eq!(ix.find(40, |_| Some(true)), Some(None));
    }

    #[test]
    fn positions_under_one_hash_are_listed_once() {
        // Hash 32 in 8 slots probes 0, 2, 3, 0…
        let mut ix = HashIndex::default();
        for p in 0..3u32 {
            ix.insert(32, p);
        }
        assert_eq!(ix.candidates(32).collect::<Vec<_>>(), [0, 1, 2]);
        // And many under one hash, past the small list.
        let mut ix = HashIndex::default();
        for p in 0..100u32 {
            ix.insert(-7, p);
        }
        assert_eq!(all(&ix, -7), (0..100).collect::<Vec<u32>>());
    }

    #[test]
    fn removing_half_the_positions_rebuilds_the_index_without_tombstones() {
        let mut ix = HashIndex::default();
        for p in 0..4096u32 {
            ix.insert(i64::from(p), p);
        }
        let before = ix.slots.len();
        for p in (1..4096u32).step_by(2) {
            assert!(ix.remove(i64::from(p), p));
        }
        // The last removal left 2,048 tombstones beside 2,048 positions: rebuilt.
        assert_eq!((ix.len(), ix.filled), (2048, 2048));
        assert!(ix.slots.len() < before, "{} slots", ix.slots.len());
        // An absent key's first slot is empty: its probe ends there.
        let first = |h: i64| ix.slots[h as usize & (ix.slots.len() - 1)].pos;
        assert_eq!(first(1), EMPTY);
        for p in (0..4096u32).step_by(2) {
            assert_eq!(all(&ix, i64::from(p)), vec![p]);
        }
        for p in (1..4096u32).step_by(2) {
            assert!(all(&ix, i64::from(p)).is_empty());
        }
    }

    #[test]
    fn tombstones_are_reused_and_cleared_by_rebuilds() {
        let mut ix = HashIndex::default();
        // Churn: always about 50 live, many more added and removed over time.
        for round in 0..200u32 {
            for k in 0..50u32 {
                ix.insert(i64::from(k), round * 50 + k);
            }
            for k in 0..50u32 {
                assert!(ix.remove(i64::from(k), round * 50 + k));
            }
        }
        assert_eq!(ix.len(), 0);
        assert!(
            ix.slots.len() <= 256,
            "{} slots for nothing",
            ix.slots.len()
        );
        for k in 0..50u32 {
            assert!(all(&ix, i64::from(k)).is_empty());
        }
    }
}
