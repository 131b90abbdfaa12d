//! `weakref.WeakSet` (`_weakrefset.WeakSet`): a set of weakly held members with the
//! whole `set` API; results of the set algebra are WeakSets too.
//!
//! Invariant: a member's entry holds only a weak reference to it (whose callback
//! removes the entry); `other` arguments are read as iterables (their members must be
//! weakly referenceable, else `TypeError`), except where CPython requires a WeakSet
//! (equality).

use crate::methods::Plain;
use crate::types::Builtin;
use crate::weakref::containers::CKind;
use crate::{Error, Heap, Result, Value};

const WS: &[Builtin] = &[Builtin::WeakSet];
/// A `WeakSet`'s kind, for its keys' checks (`key_hash`).
const WEAK_SET: CKind = CKind {
    b: Builtin::WeakSet,
    ephemeron: false,
};

impl Heap {
    /// `weakref.WeakSet(items)`: a set whose members are held weakly.
    ///
    /// Members must be weakly referenceable and hashable; a member leaves the set
    /// when it is collected. When every member has its class's own `__hash__` (or
    /// is a value), it iterates, prints and pops in the order of its table, laid out
    /// as CPython's `set` lays out a `WeakSet`'s weak references (where the
    /// members' hashes place them, with the same probing, resizing and reuse of
    /// freed slots); while it holds a member hashed by identity, which CPython
    /// hashes by its address (lethe's are not CPython's), in the order the members
    /// were added, the order CPython's usually shows for objects made one after
    /// another. `repr` is the repr of the set of weak references (`{<weakref at
    /// 0x…; to 'C' at 0x…>}`, `set()`); a WeakSet is unhashable.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// assert!(heap.contains(&ws, &a)?);
    /// assert!(!heap.contains(&ws, &1.into())?);
    /// assert_eq!(heap.hash(&ws).unwrap_err().to_string(), "TypeError: unhashable type: 'WeakSet'");
    /// drop(a);
    /// heap.collect();
    /// assert_eq!(heap.repr(&ws)?, "set()");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_set(&self, items: &[Value]) -> Result<Value> {
        let s = self.new_container(CKind {
            b: Builtin::WeakSet,
            ephemeron: false,
        });
        for item in items {
            self.container_store(&s, item, &Value::None)?;
        }
        Ok(s)
    }

    fn weak_set_from(&self, other: &Value) -> Result<Value> {
        if self.ckind(other)?.is_some_and(|k| k.b == Builtin::WeakSet) {
            return Ok(other.clone());
        }
        self.weak_set(&self.iter(other)?)
    }

    /// For a `set` or a `WeakSet`.
    ///
    /// `s.discard(item)`: removes `item` if present.
    ///
    /// Errors: `TypeError` if `item` cannot be weakly referenced.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// heap.discard(&ws, &a)?;
    /// heap.discard(&ws, &a)?;
    /// assert_eq!(heap.len(&ws)?, 0);
    /// assert!(heap.discard(&ws, &heap.list(&[])?).is_err());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn discard(&self, s: &Value, item: &Value) -> Result<()> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if plain == Some(Plain::Set) {
            return self.set_discard(s, item).map(|_| ());
        }
        let kind = self.expect_container(s, "discard", WS)?;
        self.weak_set_commit(s)?;
        let h = self.key_hash(kind, item)?;
        if let Some(loc) = self.find_slot(s, item, h)? {
            self.remove_slot(s, loc)?;
        }
        Ok(())
    }

    /// For a `set` or a `WeakSet`.
    ///
    /// `s.remove(item)`: removes `item`, or raises `KeyError`: a set's shows
    /// `item`, a `WeakSet`'s the weak reference to it that CPython looks it up by.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.set(&["a".into()])?;
    /// heap.remove(&s, &"a".into())?;
    /// assert_eq!(heap.remove(&s, &"a".into()).unwrap_err().to_string(), "KeyError: 'a'");
    /// let cls = heap.class("C").build()?;
    /// let c = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&c))?;
    /// heap.remove(&ws, &c)?;
    /// let err = heap.remove(&ws, &c).unwrap_err().to_string();
    /// assert!(err.starts_with("KeyError: <weakref at 0x") && err.contains("; to 'C' at 0x"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn remove(&self, s: &Value, item: &Value) -> Result<()> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if plain == Some(Plain::Set) {
            return if self.set_discard(s, item)? {
                Ok(())
            } else {
                Err(self.key_error(item))
            };
        }
        if self.weak_set_remove(s, item)? {
            Ok(())
        } else {
            Err(self.container_key_error(s, item))
        }
    }

    /// `s.remove(item)` of a `WeakSet`: whether `item` was a live member (and is now
    /// removed).
    pub(crate) fn weak_set_remove(&self, s: &Value, item: &Value) -> Result<bool> {
        let kind = self.expect_container(s, "remove", WS)?;
        self.weak_set_commit(s)?;
        let h = self.key_hash(kind, item)?;
        match self.find_slot(s, item, h)? {
            Some(loc) => Ok(self.remove_slot(s, loc)?.is_some()),
            None => Ok(false),
        }
    }

    /// For a `set` (`KeyError: 'pop from an empty set'`) or a `WeakSet` (and a list:
    /// its last item; a dict's `pop` needs a key: CPython's `TypeError`).
    ///
    /// `s.pop()`: removes and returns a live member: a `WeakSet`'s first in its
    /// table at or after where the last `pop` stopped (CPython's `set.pop`), or its
    /// oldest while it iterates in the order members were added
    /// ([`weak_set`](Heap::weak_set)): successive pops follow its iteration, as
    /// CPython's do.
    ///
    /// Errors: `KeyError: 'pop from empty WeakSet'`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let ws = heap.weak_set(&[])?;
    /// assert_eq!(heap.set_pop(&ws).unwrap_err().to_string(), "KeyError: 'pop from empty WeakSet'");
    /// let l = heap.list(&[1.into(), 2.into()])?;
    /// assert_eq!(heap.set_pop(&l)?.as_int(), Some(2));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn set_pop(&self, s: &Value) -> Result<Value> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        match plain {
            Some(Plain::Set) => return self.plain_set_pop(s),
            // What `x.pop()` does to a list or a dict.
            Some(Plain::List) => return self.list_pop(s, None),
            Some(Plain::Dict) => {
                return Err(Error::TypeError(
                    "pop expected at least 1 argument, got 0".into(),
                ));
            }
            _ => {}
        }
        self.weak_set_pop(s)?
            .ok_or_else(|| Error::key_error_msg("pop from empty WeakSet"))
    }

    /// `s.pop()` of a `WeakSet`: a live member, removed (as [`set_pop`](Heap::set_pop)
    /// chooses it), or `None` when it has none.
    pub(crate) fn weak_set_pop(&self, s: &Value) -> Result<Option<Value>> {
        self.expect_container(s, "pop", WS)?;
        self.weak_set_commit(s)?;
        Ok(self.container_pop(s)?.map(|(m, _)| m))
    }

    /// For a `set`, `frozenset` (the result has its type) or a `WeakSet`.
    ///
    /// `s.union(other)` (`s | other`): a new WeakSet of the members of `s`, then of
    /// the iterable `other`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// let u = heap.union(&ws, &heap.list(std::slice::from_ref(&b))?)?;
    /// assert_eq!(heap.len(&u)?, 2);
    /// drop(b);
    /// heap.collect();                      // the result holds its members weakly
    /// assert_eq!(heap.len(&u)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn union(&self, s: &Value, other: &Value) -> Result<Value> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_op(p, s, other, "union");
        }
        self.expect_container(s, "union", WS)?;
        let u = self.copy(s)?;
        self.update(&u, other)?;
        Ok(u)
    }

    /// For a `set`, `frozenset` (the result has its type) or a `WeakSet`.
    ///
    /// `s.intersection(other)` (`s & other`): a new WeakSet of the members of the
    /// iterable `other` (those objects, not the equal ones of `s`) that are in `s`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(&[a.clone(), b.clone()])?;
    /// let i = heap.intersection(&ws, &heap.list(std::slice::from_ref(&b))?)?;
    /// assert!(heap.contains(&i, &b)? && !heap.contains(&i, &a)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn intersection(&self, s: &Value, other: &Value) -> Result<Value> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_op(p, s, other, "intersection");
        }
        self.expect_container(s, "intersection", WS)?;
        let out = self.weak_set(&[])?;
        for item in self.iter(other)? {
            if self.contains(s, &item)? {
                self.set_add(&out, &item)?;
            }
        }
        Ok(out)
    }

    /// For a `set`, `frozenset` (the result has its type) or a `WeakSet`.
    ///
    /// `s.difference(other)` (`s - other`): a new WeakSet of the members of `s` not in
    /// the iterable `other`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(&[a.clone(), b.clone()])?;
    /// let d = heap.difference(&ws, &heap.list(std::slice::from_ref(&b))?)?;
    /// assert!(heap.contains(&d, &a)? && !heap.contains(&d, &b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn difference(&self, s: &Value, other: &Value) -> Result<Value> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_op(p, s, other, "difference");
        }
        self.expect_container(s, "difference", WS)?;
        let out = self.copy(s)?;
        self.difference_update(&out, other)?;
        Ok(out)
    }

    /// For a `set`, `frozenset` (the result has its type) or a `WeakSet`.
    ///
    /// `s.symmetric_difference(other)` (`s ^ other`): a new WeakSet of the members in
    /// exactly one of `s` and the iterable `other`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// let x = heap.symmetric_difference(&ws, &heap.list(&[a.clone(), b.clone()])?)?;
    /// assert!(!heap.contains(&x, &a)? && heap.contains(&x, &b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn symmetric_difference(&self, s: &Value, other: &Value) -> Result<Value> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_op(p, s, other, "symmetric_difference");
        }
        self.expect_container(s, "symmetric_difference", WS)?;
        let out = self.copy(s)?;
        self.symmetric_difference_update(&out, other)?;
        Ok(out)
    }

    /// For a `set` or a `WeakSet`.
    ///
    /// `s.difference_update(other)` (`s -= other`): removes the members of the
    /// iterable `other` (all of them if `other` is `s`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// heap.difference_update(&ws, &ws)?;
    /// assert_eq!(heap.len(&ws)?, 0);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn difference_update(&self, s: &Value, other: &Value) -> Result<()> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_update(p, s, other, "difference");
        }
        self.expect_container(s, "difference_update", WS)?;
        self.weak_set_commit(s)?;
        if s.is(other) {
            return self.container_clear(s);
        }
        self.for_each(other, |item| {
            self.discard(s, &item)?;
            Ok(false)
        })?;
        self.weak_set_purge(s)
    }

    /// For a `set` or a `WeakSet`.
    ///
    /// `s.intersection_update(other)` (`s &= other`): keeps the members that are in
    /// the iterable `other`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(&[a.clone(), b.clone()])?;
    /// heap.intersection_update(&ws, &heap.list(std::slice::from_ref(&a))?)?;
    /// assert!(heap.contains(&ws, &a)? && !heap.contains(&ws, &b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn intersection_update(&self, s: &Value, other: &Value) -> Result<()> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_update(p, s, other, "intersection");
        }
        self.expect_container(s, "intersection_update", WS)?;
        self.weak_set_commit(s)?;
        // (Even `s &= s` lays the table out again, in iteration order.)
        // As `self.data.intersection_update(ref(item) for item in other)`: CPython's
        // set reads `other` only until every member has been matched (checked after
        // each match: an empty set reads it all).
        let keep = self.weak_set(&[])?;
        let size = self.len(s)?;
        let mut found = Vec::new();
        for item in self.iter(other)? {
            let h = self.key_hash(WEAK_SET, &item)?;
            if let Some(loc) = self.find_slot(s, &item, h)? {
                self.weakset_add(&keep, &item)?;
                found.push(loc);
                if self.len(&keep)? >= size {
                    break;
                }
            }
        }
        // CPython's set then takes the table of the new set it built: the members
        // found, in the order `other` gave them; the others go, without a lookup.
        self.weak_set_keep(s, &found)
    }

    /// For a `set` or a `WeakSet`.
    ///
    /// `s.symmetric_difference_update(other)` (`s ^= other`): removes the members of
    /// `s` found in the iterable `other` and adds the others (empties `s` if `other`
    /// is `s`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// heap.symmetric_difference_update(&ws, &ws)?;
    /// assert_eq!(heap.len(&ws)?, 0);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn symmetric_difference_update(&self, s: &Value, other: &Value) -> Result<()> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(p @ (Plain::Set | Plain::FrozenSet)) = plain {
            return self.plain_set_update(p, s, other, "symmetric_difference");
        }
        self.expect_container(s, "symmetric_difference_update", WS)?;
        self.weak_set_commit(s)?;
        if s.is(other) {
            return self.container_clear(s);
        }
        // As CPython's set: a set of `other`'s members, then each in its order
        // removed if found (one lookup), else added (a second).
        let others = self.weak_set(&self.iter(other)?)?;
        for item in self.container_members(&others)? {
            let h = self.key_hash(WEAK_SET, &item)?;
            match self.find_slot(s, &item, h)? {
                Some(loc) => drop(self.remove_slot(s, loc)?),
                None => self.set_add(s, &item)?,
            }
        }
        Ok(())
    }

    /// For a `set`, `frozenset` or `WeakSet`.
    ///
    /// `s.issubset(other)` (`s <= other`): every member of `s` is in the iterable `other`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ab = heap.weak_set(&[a.clone(), b.clone()])?;
    /// let only_a = heap.weak_set(std::slice::from_ref(&a))?;
    /// assert!(heap.issubset(&only_a, &ab)? && !heap.issubset(&ab, &only_a)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn issubset(&self, s: &Value, other: &Value) -> Result<bool> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(Plain::Set | Plain::FrozenSet) = plain {
            return self.plain_subset(s, other, true);
        }
        self.expect_container(s, "issubset", WS)?;
        let o = self.weak_set_from(other)?;
        for m in self.container_members(s)? {
            if !self.contains(&o, &m)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// For a `set`, `frozenset` or `WeakSet`.
    ///
    /// `s.issuperset(other)` (`s >= other`): every member of the iterable `other` is in `s`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// assert!(heap.issuperset(&ws, &heap.list(std::slice::from_ref(&a))?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn issuperset(&self, s: &Value, other: &Value) -> Result<bool> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(Plain::Set | Plain::FrozenSet) = plain {
            return self.plain_subset(s, other, false);
        }
        self.expect_container(s, "issuperset", WS)?;
        // As `self.data.issuperset(ref(item) for item in other)`: CPython's set reads
        // the items one at a time and answers at the first it lacks, so an item
        // after it is never made a weak reference.
        let lacking = self.for_each(other, |item| {
            let h = self.key_hash(WEAK_SET, &item)?;
            Ok(self.find_slot(s, &item, h)?.is_none())
        })?;
        Ok(!lacking)
    }

    /// `s < other` for a WeakSet `s` and an iterable `other` (CPython's
    /// `self.data < set(map(ref, other))`): a subset with fewer members.
    ///
    /// Errors: `TypeError` if `other` is not iterable or holds a member that cannot be
    /// weakly referenced.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let s = heap.weak_set(&[a.clone()])?;
    /// assert!(heap.is_proper_subset(&s, &heap.list(&[a.clone(), b])?)?);
    /// assert!(!heap.is_proper_subset(&s, &heap.list(&[a.clone()])?)?); // equal, not fewer
    /// let err = heap.is_proper_subset(&s, &heap.list(&[a, 1.into()])?).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: cannot create weak reference to 'int' object");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_proper_subset(&self, s: &Value, other: &Value) -> Result<bool> {
        let s = &self.through_proxy(s)?;
        self.expect_container(s, "__lt__", WS)?;
        let o = self.weak_set_from(other)?;
        Ok(self.len(s)? < self.len(&o)? && self.issubset(s, &o)?)
    }

    /// `s > other` for a WeakSet `s` and an iterable `other`: a superset with more
    /// members.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// assert!(heap.is_proper_superset(&ws, &heap.weak_set(&[])?)?);
    /// assert!(!heap.is_proper_superset(&ws, &ws)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_proper_superset(&self, s: &Value, other: &Value) -> Result<bool> {
        let s = &self.through_proxy(s)?;
        self.expect_container(s, "__gt__", WS)?;
        let o = self.weak_set_from(other)?;
        Ok(self.len(s)? > self.len(&o)? && self.issuperset(s, &o)?)
    }

    /// For a `set`, `frozenset` or `WeakSet`.
    ///
    /// `s.isdisjoint(other)`: no member of the iterable `other` is in `s`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// assert!(heap.isdisjoint(&ws, &heap.weak_set(std::slice::from_ref(&b))?)?);
    /// assert!(!heap.isdisjoint(&ws, &heap.list(std::slice::from_ref(&a))?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn isdisjoint(&self, s: &Value, other: &Value) -> Result<bool> {
        let (s, plain) = self.plain_target(s)?;
        let s = &s;
        if let Some(Plain::Set | Plain::FrozenSet) = plain {
            return self.plain_isdisjoint(s, other);
        }
        self.expect_container(s, "isdisjoint", WS)?;
        // As `len(self.intersection(other)) == 0`: every item is asked (`item in
        // self`, whose errors raise), even after a common one.
        let mut common = false;
        for item in self.iter(other)? {
            common |= self.contains(s, &item)?;
        }
        Ok(!common)
    }
}
