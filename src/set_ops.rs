//! The set algebra of `set` and `frozenset`, as CPython 3.11's `setobject.c`:
//! building a set from an iterable (`set(x)`, `frozenset(x)`, `copy`, `update`, `|=`),
//! `union`, `intersection`, `difference`, `symmetric_difference` and their in-place
//! forms, `issubset`, `issuperset`, `isdisjoint` and the orderings `<`, `<=`.
//!
//! Invariant: a member read from the table of a set or frozenset operand (or of a
//! subclass's instance, CPython's `PyAnySet_Check`), or a key read from an exact
//! dict's, is looked up, added and discarded under the hash stored with it: its
//! `__hash__` is never asked again (CPython's `set_add_entry`, `set_contains_entry`,
//! `set_discard_entry` given the entry's hash). Only the items of any other
//! iterable are hashed, once each. Such a table is read one entry at a time, as
//! CPython's `set_next` reads it: a member's `__eq__` that changes it midway
//! changes what the operation sees next (never the heap's consistency), and a
//! result is complete before any set given as an operand is changed.

use crate::dict::Entry;
use crate::methods::Plain;
use crate::object::{Kind, Val};
use crate::protocols::Probe;
use crate::{Error, Heap, Result, Value};

/// Where an operand's members come from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Operand {
    /// A set or frozenset, or an instance of a subclass of one: its table's
    /// members, each with its stored hash. `exact`: not a subclass's instance.
    Set { exact: bool },
    /// Exactly a `dict`: its keys, each with its stored hash.
    Dict,
    /// Anything else: the items its iteration gives, each hashed as it comes.
    Iterable,
}

impl Heap {
    /// What `v` is as an operand of the set operations.
    fn set_operand(&self, v: &Value) -> Result<Operand> {
        let Value::Obj(_) = v else {
            return Ok(Operand::Iterable);
        };
        self.with(|cx| {
            let data = cx.obj(v)?.borrow();
            let exact = data.class.is_none();
            Ok(match data.kind {
                Kind::Set(_) | Kind::FrozenSet(_) => Operand::Set { exact },
                Kind::Dict(_) if exact => Operand::Dict,
                _ => Operand::Iterable,
            })
        })
    }

    /// The number of entries in the table of a set, frozenset or dict (a subclass's
    /// `__len__` is not asked: CPython reads the struct); 0 for anything else.
    fn table_size(&self, v: &Value) -> Result<usize> {
        let Value::Obj(_) = v else { return Ok(0) };
        self.with(|cx| {
            Ok(match &cx.obj(v)?.borrow().kind {
                Kind::Set(t) | Kind::FrozenSet(t) | Kind::Dict(t) => t.len(),
                _ => 0,
            })
        })
    }

    /// The first entry of `src`'s table (a set's, a frozenset's or a dict's) at
    /// position `pos` or after it: its position, its key and the key's stored hash.
    fn member_from(&self, src: &Value, pos: usize) -> Result<Option<(usize, Value, i64)>> {
        self.with(|cx| {
            Ok(match &cx.obj(src)?.borrow().kind {
                Kind::Set(t) | Kind::FrozenSet(t) | Kind::Dict(t) => {
                    t.next_from(pos).map(|(i, e)| (i, cx.value(&e.key), e.hash))
                }
                _ => None,
            })
        })
    }

    /// Gives `visit` each member of the table of `src` (a set, frozenset or dict)
    /// with its stored hash, reading the table one entry at a time as CPython's
    /// `set_next`, until `visit` says it found what it looked for (then `true`).
    fn each_member(
        &self,
        src: &Value,
        mut visit: impl FnMut(Value, i64) -> Result<bool>,
    ) -> Result<bool> {
        let mut pos = 0;
        while let Some((i, key, hash)) = self.member_from(src, pos)? {
            if visit(key, hash)? {
                return Ok(true);
            }
            pos = i + 1;
        }
        Ok(false)
    }

    /// [`each_member`](Self::each_member) for a set or dict operand; for any other
    /// iterable, its items as the iteration gives them, each hashed once as it
    /// comes (an unhashable item raises).
    fn each_hashed(
        &self,
        src: &Value,
        operand: Operand,
        mut visit: impl FnMut(Value, i64) -> Result<bool>,
    ) -> Result<bool> {
        match operand {
            Operand::Iterable => self.for_each(src, |x| {
                let h = self.hash(&x)?;
                visit(x, h)
            }),
            _ => self.each_member(src, visit),
        }
    }

    /// Whether the set (or dict) `s` holds `x`, whose hash is `h`.
    fn set_has(&self, s: &Value, x: &Value, h: i64) -> Result<bool> {
        Ok(self.lookup_hashed(s, x, h)?.is_some())
    }

    /// Adds `x`, whose hash is `h`, to the set or frozenset `s` unless an equal
    /// member is there (CPython's `set_add_entry`).
    pub(crate) fn set_add_hashed(&self, s: &Value, x: &Value, h: i64) -> Result<()> {
        loop {
            let (probe, version) = self.probe_at(s, x, h)?;
            if let Probe::Found(_) = probe {
                return Ok(());
            }
            let stored = self.with(|cx| -> Result<bool> {
                let o = cx.obj(s)?;
                let key = cx.val(x)?;
                Ok(match &mut o.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) if t.version() == version => {
                        t.push(Entry {
                            hash: h,
                            key,
                            value: Val::None,
                        });
                        true
                    }
                    Kind::Set(_) | Kind::FrozenSet(_) => false,
                    _ => return Err(Error::TypeError("not a set".into())),
                })
            })?;
            if stored {
                return Ok(());
            }
            // (The lookup's user code changed the table: look again, as CPython's
            // `set_add_entry` restarts.)
        }
    }

    /// Removes `x`, whose hash is `h`, from the set or frozenset `s`; whether it
    /// was there (CPython's `set_discard_entry`).
    pub(crate) fn set_discard_hashed(&self, s: &Value, x: &Value, h: i64) -> Result<bool> {
        match self.probe(s, x, h)? {
            Probe::Missing => Ok(false),
            Probe::Found(pos) => self.with(|cx| {
                let o = cx.obj(s)?;
                Ok(match &mut o.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) => t.remove(pos).is_some(),
                    _ => false,
                })
            }),
        }
    }

    /// Adds the members of `other` to the set or frozenset `s` (CPython's
    /// `set_update_internal`): a set's members (into an empty `s`, copied without
    /// a comparison, as `set_merge`) and an exact dict's keys under their stored
    /// hashes; any other iterable's items as its iteration gives them, each
    /// hashed once (an error part-way keeps those added before it).
    pub(crate) fn set_update(&self, s: &Value, other: &Value) -> Result<()> {
        let operand = self.set_operand(other)?;
        if let Operand::Set { .. } = operand {
            if other.is(s) {
                return Ok(());
            }
            // Into an empty set, a set's members are copied as they are: they are
            // distinct, so nothing needs comparing.
            let copied = self.with(|cx| -> Result<bool> {
                let (so, to) = (cx.obj(other)?, cx.obj(s)?);
                let src = so.borrow();
                let (Kind::Set(st) | Kind::FrozenSet(st)) = &src.kind else {
                    return Ok(false);
                };
                let mut target = to.borrow_mut(cx.mc);
                let (Kind::Set(tt) | Kind::FrozenSet(tt)) = &mut target.kind else {
                    return Ok(false);
                };
                if tt.len() != 0 {
                    return Ok(false);
                }
                for (_, e) in st.iter() {
                    tt.push(e.clone());
                }
                Ok(true)
            })?;
            if copied {
                return Ok(());
            }
        }
        self.each_hashed(other, operand, |x, h| {
            self.set_add_hashed(s, &x, h)?;
            Ok(false)
        })
        .map(drop)
    }

    /// A new `set` (`kind` [`Plain::Set`]) or `frozenset` of the members of `src`
    /// (CPython's `make_new_set`), read as [`set_update`](Self::set_update) reads
    /// them.
    pub(crate) fn new_set(&self, kind: Plain, src: Option<&Value>) -> Result<Value> {
        let s = self.set(&[])?;
        if let Some(src) = src {
            self.set_update(&s, src)?;
        }
        if kind == Plain::FrozenSet {
            self.freeze(&s)?;
        }
        Ok(s)
    }

    /// Makes the new `set` `s` a `frozenset`, in place (nothing else holds it yet).
    pub(crate) fn freeze(&self, s: &Value) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(s)?;
            let mut data = o.borrow_mut(cx.mc);
            if let Kind::Set(t) = std::mem::replace(&mut data.kind, Kind::Plain(Default::default()))
            {
                data.kind = Kind::FrozenSet(t);
            }
            Ok(())
        })
    }

    /// The new `set` `result`, made a `frozenset` if `kind` asks for one.
    fn as_kind(&self, kind: Plain, result: Value) -> Result<Value> {
        if kind == Plain::FrozenSet {
            self.freeze(&result)?;
        }
        Ok(result)
    }

    /// `s.union(*others)`: a copy of `s`, updated by each other in turn (`s` itself
    /// skipped, as CPython's `set_union`).
    pub(crate) fn set_union(&self, kind: Plain, s: &Value, others: &[Value]) -> Result<Value> {
        let result = self.new_set(Plain::Set, Some(s))?;
        for other in others.iter().filter(|o| !o.is(s)) {
            self.set_update(&result, other)?;
        }
        self.as_kind(kind, result)
    }

    /// `s.intersection(other)` as CPython's `set_intersection`: for a set operand,
    /// the members of the smaller side (`other` when they are as large) under their
    /// stored hashes, looked up in the other side; for any other iterable, its items,
    /// each hashed once and looked up in `s`. A member found is added to the result
    /// as the iterated side holds it.
    fn intersection_of(&self, s: &Value, other: &Value) -> Result<Value> {
        if other.is(s) {
            return self.new_set(Plain::Set, Some(s));
        }
        let result = self.set(&[])?;
        let operand = self.set_operand(other)?;
        let (probed, iterated, operand) = match operand {
            Operand::Set { .. } if self.table_size(other)? > self.table_size(s)? => {
                (other, s, operand)
            }
            Operand::Set { .. } => (s, other, operand),
            // (A dict is iterated: only a set operand is read as a table here.)
            _ => (s, other, Operand::Iterable),
        };
        self.each_hashed(iterated, operand, |x, h| {
            if self.set_has(probed, &x, h)? {
                self.set_add_hashed(&result, &x, h)?;
            }
            Ok(false)
        })?;
        Ok(result)
    }

    /// `s.intersection(*others)`: `s`'s copy without others, else the intersection
    /// with each in turn (CPython's `set_intersection_multi`).
    pub(crate) fn set_intersection(
        &self,
        kind: Plain,
        s: &Value,
        others: &[Value],
    ) -> Result<Value> {
        let mut result = self.new_set(Plain::Set, Some(s))?;
        let mut from = s.clone();
        for other in others {
            result = self.intersection_of(&from, other)?;
            from = result.clone();
        }
        self.as_kind(kind, result)
    }

    /// Removes the members of `other` from the set `s` (CPython's
    /// `set_difference_update_internal`): a set's under their stored hashes, any
    /// other iterable's items (a dict's keys too) each hashed once.
    fn difference_update_of(&self, s: &Value, other: &Value) -> Result<()> {
        if other.is(s) {
            return self.clear_set(s);
        }
        let operand = match self.set_operand(other)? {
            Operand::Dict => Operand::Iterable,
            operand => operand,
        };
        self.each_hashed(other, operand, |x, h| {
            self.set_discard_hashed(s, &x, h)?;
            Ok(false)
        })
        .map(drop)
    }

    /// `s.difference(*others)` as CPython's `set_difference_multi`: the difference
    /// with the first, then each other removed from it in turn. With a set or an
    /// exact dict no smaller than a quarter of `s`, the members of `s` (under their
    /// stored hashes) not in `other`; else a copy of `s` with `other`'s items
    /// removed.
    pub(crate) fn set_difference(&self, kind: Plain, s: &Value, others: &[Value]) -> Result<Value> {
        let Some((first, rest)) = others.split_first() else {
            return self.new_set(kind, Some(s));
        };
        let by_members = self.set_operand(first)? != Operand::Iterable
            && self.table_size(s)? >> 2 <= self.table_size(first)?;
        let result = if by_members {
            let result = self.set(&[])?;
            self.each_member(s, |x, h| {
                if !self.set_has(first, &x, h)? {
                    self.set_add_hashed(&result, &x, h)?;
                }
                Ok(false)
            })?;
            result
        } else {
            let result = self.new_set(Plain::Set, Some(s))?;
            self.difference_update_of(&result, first)?;
            result
        };
        for other in rest {
            self.difference_update_of(&result, other)?;
        }
        self.as_kind(kind, result)
    }

    /// Removes from `s` each member of `other` it holds, and adds each it lacks
    /// (CPython's `set_symmetric_difference_update`): a set's members and an exact
    /// dict's keys under their stored hashes; any other iterable is made a set
    /// first.
    fn symmetric_difference_update_of(&self, s: &Value, other: &Value) -> Result<()> {
        if other.is(s) {
            return self.clear_set(s);
        }
        let other = match self.set_operand(other)? {
            Operand::Iterable => self.new_set(Plain::Set, Some(other))?,
            _ => other.clone(),
        };
        self.each_member(&other, |x, h| {
            if !self.set_discard_hashed(s, &x, h)? {
                self.set_add_hashed(s, &x, h)?;
            }
            Ok(false)
        })
        .map(drop)
    }

    /// `s.symmetric_difference(other)`: the members of `s` not in `other`, then those
    /// of `other` not in `s`. The same members as CPython's, and the same hashes
    /// asked (`other`'s items once each when it is not a set or an exact dict, as
    /// CPython makes a set of them first); CPython's set starts from `other`'s, and
    /// lethe's sets keep their insertion order, so `s`'s members come first here
    /// (the order CPython prints small integers in).
    pub(crate) fn set_symmetric_difference(
        &self,
        kind: Plain,
        s: &Value,
        other: &Value,
    ) -> Result<Value> {
        let other = match self.set_operand(other)? {
            Operand::Iterable => self.new_set(Plain::Set, Some(other))?,
            _ => other.clone(),
        };
        let result = self.set(&[])?;
        for (from, against) in [(s, &other), (&other, s)] {
            self.each_member(from, |x, h| {
                if !self.set_has(against, &x, h)? {
                    self.set_add_hashed(&result, &x, h)?;
                }
                Ok(false)
            })?;
        }
        self.as_kind(kind, result)
    }

    /// Whether `v` is an exact `frozenset` (not an instance of a subclass).
    pub(crate) fn is_exact_frozenset(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            let data = cx.obj(v)?.borrow();
            Ok(data.class.is_none() && matches!(data.kind, Kind::FrozenSet(_)))
        })
    }

    /// Empties the set `s`.
    fn clear_set(&self, s: &Value) -> Result<()> {
        self.with(|cx| {
            if let Kind::Set(t) | Kind::FrozenSet(t) = &mut cx.obj(s)?.borrow_mut(cx.mc).kind {
                t.clear();
            }
            Ok(())
        })
    }

    /// Gives the set `s` the members of the new set `result`, which is left empty
    /// (CPython's `set_swap_bodies`, as `intersection_update` uses it).
    pub(crate) fn take_members(&self, s: &Value, result: &Value) -> Result<()> {
        self.with(|cx| {
            let from = match &mut cx.obj(result)?.borrow_mut(cx.mc).kind {
                Kind::Set(t) | Kind::FrozenSet(t) => std::mem::take(&mut **t),
                _ => return Ok(()),
            };
            if let Kind::Set(t) | Kind::FrozenSet(t) = &mut cx.obj(s)?.borrow_mut(cx.mc).kind {
                t.replace_with(from);
            }
            Ok(())
        })
    }

    /// The in-place forms on a plain `set` (`difference_update`, `&=` …; `op` is
    /// "intersection", "difference" or "symmetric_difference"), changing it in
    /// place as CPython does: `intersection_update` makes the intersection first
    /// and then gives its members to the set; the others change the set member by
    /// member (an error part-way leaves the changes made so far).
    pub(crate) fn plain_set_update(
        &self,
        kind: Plain,
        s: &Value,
        other: &Value,
        op: &str,
    ) -> Result<()> {
        if kind != Plain::Set {
            return Err(self.no_method(s, &format!("{op}_update")));
        }
        match op {
            "intersection" => {
                let result = self.intersection_of(s, other)?;
                self.take_members(s, &result)
            }
            "difference" => self.difference_update_of(s, other),
            _ => self.symmetric_difference_update_of(s, other),
        }
    }

    /// The binary set operations on plain sets: `op` is "union", "intersection",
    /// "difference" or "symmetric_difference"; the result has the builtin type
    /// `kind`.
    pub(crate) fn plain_set_op(
        &self,
        kind: Plain,
        s: &Value,
        other: &Value,
        op: &str,
    ) -> Result<Value> {
        let others = std::slice::from_ref(other);
        match op {
            "union" => self.set_union(kind, s, others),
            "intersection" => self.set_intersection(kind, s, others),
            "difference" => self.set_difference(kind, s, others),
            _ => self.set_symmetric_difference(kind, s, other),
        }
    }

    /// `s <= other` for a set `other` (CPython's `set_issubset` given a set): no
    /// member compared when `s` is larger; else each member of `s` under its stored
    /// hash, until one is not in `other`.
    pub(crate) fn set_le(&self, s: &Value, other: &Value) -> Result<bool> {
        if self.table_size(s)? > self.table_size(other)? {
            return Ok(false);
        }
        let lacking = self.each_member(s, |x, h| Ok(!self.set_has(other, &x, h)?))?;
        Ok(!lacking)
    }

    /// `s < other` for a set `other`: smaller, and a subset.
    pub(crate) fn set_lt(&self, s: &Value, other: &Value) -> Result<bool> {
        Ok(self.table_size(s)? < self.table_size(other)? && self.set_le(s, other)?)
    }

    /// `issubset` (`sub` true) or `issuperset` of plain sets, as CPython 3.11's: of a
    /// set, [`set_le`](Self::set_le) one way or the other; `issubset` of another
    /// iterable makes a set of it first; `issuperset` of one reads it one item at a
    /// time, each hashed, and answers at the first `s` lacks.
    pub(crate) fn plain_subset(&self, s: &Value, other: &Value, sub: bool) -> Result<bool> {
        match (self.set_operand(other)?, sub) {
            (Operand::Set { .. }, true) => self.set_le(s, other),
            (Operand::Set { .. }, false) => self.set_le(other, s),
            (_, true) => self.set_le(s, &self.new_set(Plain::Set, Some(other))?),
            (_, false) => {
                let lacking =
                    self.each_hashed(
                        other,
                        Operand::Iterable,
                        |x, h| Ok(!self.set_has(s, &x, h)?),
                    )?;
                Ok(!lacking)
            }
        }
    }

    /// `s.isdisjoint(other)` as CPython's: of an exact set or frozenset, the members
    /// of the smaller side under their stored hashes, looked up in the other; of
    /// anything else (a subclass's instance too), its items, each hashed, until one
    /// is in `s`.
    pub(crate) fn plain_isdisjoint(&self, s: &Value, other: &Value) -> Result<bool> {
        if other.is(s) {
            return Ok(self.table_size(s)? == 0);
        }
        let common = match self.set_operand(other)? {
            Operand::Set { exact: true } => {
                let (probed, iterated) = if self.table_size(other)? > self.table_size(s)? {
                    (other, s)
                } else {
                    (s, other)
                };
                self.each_member(iterated, |x, h| self.set_has(probed, &x, h))?
            }
            _ => self.each_hashed(other, Operand::Iterable, |x, h| self.set_has(s, &x, h))?,
        };
        Ok(!common)
    }
}
