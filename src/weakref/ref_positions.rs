//! Where each entry of a weak container is, by the allocation number of the entry's
//! weak reference: what the removal callback, given only that reference, looks up.
//!
//! Invariant: `pairs` is sorted by number, each number at most once; a removed pair
//! stays as a hole (position [`HOLE`]) until there are as many holes as pairs in use,
//! when they all go at once. A lookup gallops from where the last one ended (then
//! searches in halves), so a run of lookups in order costs a few comparisons each.
//!
//! Why a sorted vector and not a hash map: the numbers come from the heap's one
//! allocation counter, and a container makes an entry's reference as it stores the
//! entry, so a new number is the largest yet and is appended; and the collector
//! runs the callbacks of one collection in the order their referents were allocated,
//! so the removals of a batch of deaths walk the vector in order. A hash map spreads
//! consecutive numbers over its whole table, and at a million entries every insertion
//! and removal was a cache miss (a fifth of the time of storing into a
//! `WeakValueDictionary` and collecting it). A number that is not the largest (none
//! is, today) is still inserted in order.

use std::cell::Cell;

/// The position of a removed pair.
const HOLE: u32 = u32::MAX;

/// Positions by allocation number (see the module's invariant).
#[derive(Default)]
pub(crate) struct RefPositions {
    pairs: Vec<(u64, u32)>,
    holes: usize,
    /// Where the last lookup ended: the next one gallops from there.
    finger: Cell<usize>,
}

impl RefPositions {
    /// Where `id` is in `pairs` (`Ok`), or where it would go (`Err`), as
    /// `binary_search` answers: galloping from the last lookup's end, doubling the
    /// step until it passes `id`, then searching that stretch in halves.
    fn search(&self, id: u64) -> Result<usize, usize> {
        let pairs = &self.pairs;
        let len = pairs.len();
        let at = self.finger.get().min(len);
        let (lo, hi) = if at < len && pairs[at].0 <= id {
            // Forward: pairs[lo] <= id, and id < pairs[hi] (or hi is the end).
            let (mut lo, mut step) = (at, 1);
            loop {
                let next = lo + step;
                if next >= len || pairs[next].0 > id {
                    break (lo, next.min(len));
                }
                (lo, step) = (next, step * 2);
            }
        } else {
            // Backward: id < pairs[hi] (or hi is the end), and pairs[lo] <= id (or
            // lo is the start).
            let (mut hi, mut step) = (at, 1);
            loop {
                if hi < step || pairs[hi - step].0 <= id {
                    break (hi.saturating_sub(step), hi);
                }
                (hi, step) = (hi - step, step * 2);
            }
        };
        let found = pairs[lo..hi]
            .binary_search_by_key(&id, |p| p.0)
            .map(|i| i + lo)
            .map_err(|i| i + lo);
        let (Ok(i) | Err(i)) = found;
        self.finger.set(i);
        found
    }

    /// The position stored under `id`, if any.
    pub(crate) fn get(&self, id: u64) -> Option<u32> {
        let i = self.search(id).ok()?;
        let pos = self.pairs[i].1;
        (pos != HOLE).then_some(pos)
    }

    /// How many positions are stored.
    pub(crate) fn len(&self) -> usize {
        self.pairs.len() - self.holes
    }

    /// Whether a position is stored under `id`.
    pub(crate) fn contains(&self, id: u64) -> bool {
        self.get(id).is_some()
    }

    /// Stores `pos` (below [`u32::MAX`]) under `id`, replacing what was there.
    pub(crate) fn insert(&mut self, id: u64, pos: u32) {
        debug_assert!(pos != HOLE);
        if self.pairs.last().is_none_or(|last| last.0 < id) {
            self.pairs.push((id, pos));
            return;
        }
        match self.search(id) {
            Ok(i) => {
                if self.pairs[i].1 == HOLE {
                    self.holes -= 1;
                }
                self.pairs[i].1 = pos;
            }
            Err(i) => self.pairs.insert(i, (id, pos)),
        }
    }

    /// Removes what is stored under `id`, returning it.
    #[inline]
    pub(crate) fn remove(&mut self, id: u64) -> Option<u32> {
        let i = self.search(id).ok()?;
        let pos = std::mem::replace(&mut self.pairs[i].1, HOLE);
        if pos == HOLE {
            return None;
        }
        self.holes += 1;
        if self.holes * 2 >= self.pairs.len() {
            self.pairs.retain(|p| p.1 != HOLE);
            self.holes = 0;
        }
        Some(pos)
    }

    /// Removes everything, giving back the room.
    pub(crate) fn clear(&mut self) {
        *self = RefPositions::default();
    }

    /// Replaces everything with `pairs` (in any order, each number once).
    pub(crate) fn replace_all(&mut self, mut pairs: Vec<(u64, u32)>) {
        // (Linear when they come in order, as a compaction of entries none of which
        // was given a new reference lists them.)
        pairs.sort_unstable_by_key(|p| p.0);
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
        self.pairs = pairs;
        self.holes = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn positions_are_found_by_number_until_removed() {
        let mut rp = RefPositions::default();
        for id in (10..1000u64).step_by(3) {
            rp.insert(id, id as u32 * 2);
        }
        assert_eq!(rp.get(13), Some(26));
        assert_eq!(rp.get(14), None);
        assert_eq!(rp.remove(13), Some(26));
        assert_eq!((rp.get(13), rp.remove(13)), (None, None));
        assert!(!rp.contains(13) && rp.contains(16));
        // Stored again under a number that is not the largest: in order.
        rp.insert(13, 7);
        rp.insert(11, 5);
        assert_eq!(
            (rp.get(13), rp.get(11), rp.get(10)),
            (Some(7), Some(5), Some(20))
        );
        rp.clear();
        assert_eq!(rp.get(10), None);
    }

    #[test]
    fn holes_go_once_they_are_as_many_as_the_pairs_in_use() {
        let mut rp = RefPositions::default();
        for id in 0..100u64 {
            rp.insert(id, id as u32);
        }
        for id in 0..49u64 {
            rp.remove(id);
        }
        assert_eq!((rp.pairs.len(), rp.holes), (100, 49));
        rp.remove(49);
        assert_eq!((rp.pairs.len(), rp.holes), (50, 0));
        assert_eq!(rp.get(50), Some(50));
        assert_eq!(rp.get(49), None);
    }

    #[test]
    fn replace_all_takes_pairs_in_any_order() {
        let mut rp = RefPositions::default();
        rp.insert(1, 1);
        rp.replace_all(vec![(9, 0), (4, 1), (7, 2)]);
        assert_eq!(
            (rp.get(1), rp.get(4), rp.get(7), rp.get(9)),
            (None, Some(1), Some(2), Some(0))
        );
    }

    proptest! {
        /// Agrees with a `BTreeMap` on any sequence of insertions and removals.
        #[test]
        fn agrees_with_a_btree_map(ops in proptest::collection::vec((0u64..64, 0u32..1000, any::<bool>()), 0..300)) {
            let mut rp = RefPositions::default();
            let mut model = std::collections::BTreeMap::new();
            for (id, pos, insert) in ops {
                if insert {
                    rp.insert(id, pos);
                    model.insert(id, pos);
                } else {
                    prop_assert_eq!(rp.remove(id), model.remove(&id));
                }
                for id in 0..64u64 {
                    prop_assert_eq!(rp.get(id), model.get(&id).copied());
                }
                prop_assert!(rp.holes * 2 < rp.pairs.len().max(1));
            }
        }
    }
}
