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
//! result is complete before any set given as an operand is changed. (The members
//! whose comparisons need no user code are read, looked up and stored in one
//! arena pass, which nothing can observe; the pass stops at a member whose
//! comparison runs user code, which goes through the general path.)

use crate::dict::{Entry, Table};
use crate::methods::Plain;
use crate::object::{Kind, Val};
use crate::protocols::lookup::{Probe, find_key_fast};
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

/// Which members of a table [`Heap::each_member_probing`] acts on.
#[derive(Clone, Copy)]
enum Keep {
    /// Those the probed table holds.
    Held,
    /// Those it lacks.
    Lacking,
}

impl Keep {
    fn wants(self, held: bool) -> bool {
        held == matches!(self, Keep::Held)
    }
}

/// What [`Heap::each_member_probing`] does with the members it acts on.
#[derive(Clone, Copy)]
enum OnMember<'a> {
    /// Stops at the first.
    Stop(Keep),
    /// Adds each to the new set given.
    Add(Keep, &'a Value),
}

impl OnMember<'_> {
    fn keep(self) -> Keep {
        match self {
            OnMember::Stop(k) | OnMember::Add(k, _) => k,
        }
    }
}

/// How [`Heap::change_by_members`] changes a set with each member of a table.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Change {
    /// Adds it unless an equal member is there (`update`).
    Add,
    /// Removes the equal member, if any (`difference_update`).
    Discard,
    /// Removes the equal member if there is one, else adds it
    /// (`symmetric_difference_update`).
    Toggle,
}

/// Where one arena pass of [`Heap::each_member_probing`] or
/// [`Heap::change_by_members`] ended.
enum Walk {
    /// At the end of the table, or stopped (`true`).
    Done(bool),
    /// At the member at this position, whose comparisons need user code.
    Slow(usize),
}

/// The table of a set, frozenset or dict.
fn table<'a, 'gc>(kind: &'a Kind<'gc>) -> Option<&'a Table<'gc>> {
    match kind {
        Kind::Set(t) | Kind::FrozenSet(t) | Kind::Dict(t) => Some(t),
        _ => None,
    }
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
        self.with(|cx| Ok(table(&cx.obj(v)?.borrow().kind).map_or(0, Table::len)))
    }

    /// The first entry of `src`'s table (a set's, a frozenset's or a dict's) at
    /// position `pos` or after it: its position, its key and the key's stored hash.
    fn member_from(&self, src: &Value, pos: usize) -> Result<Option<(usize, Value, i64)>> {
        self.with(|cx| {
            let data = cx.obj(src)?.borrow();
            let next = table(&data.kind).and_then(|t| t.next_from(pos));
            Ok(next.map(|(i, e)| (i, cx.value(&e.key), e.hash)))
        })
    }

    /// Gives `visit` the items of the iterable `src` as its iteration gives them,
    /// each with its hash, asked once as it comes (an unhashable item raises),
    /// until `visit` says it found what it looked for (then `true`).
    fn each_hashed(
        &self,
        src: &Value,
        mut visit: impl FnMut(Value, i64) -> Result<bool>,
    ) -> Result<bool> {
        self.for_each(src, |x| {
            let h = self.hash(&x)?;
            visit(x, h)
        })
    }

    /// Gives `on` each member of the table of `src` (a set's, a frozenset's or a
    /// dict's) with whether `probed` (the same kinds) holds it, as
    /// [`member_from`](Self::member_from) reads them and
    /// [`set_has`](Self::set_has) and [`set_add_hashed`](Self::set_add_hashed)
    /// answer: `true` if it stopped. The members whose comparisons need no user
    /// code go in one arena pass; one whose do, through those methods, and the pass
    /// resumes after it.
    fn each_member_probing(&self, src: &Value, probed: &Value, on: OnMember<'_>) -> Result<bool> {
        let mut pos = 0;
        loop {
            let next = self.with(|cx| -> Result<Walk> {
                let (so, po) = (cx.obj(src)?, cx.obj(probed)?);
                let result = match on {
                    OnMember::Add(_, result) => Some(cx.obj(result)?),
                    OnMember::Stop(_) => None,
                };
                let (sdata, pdata) = (so.borrow(), po.borrow());
                let (Some(st), Some(pt)) = (table(&sdata.kind), table(&pdata.kind)) else {
                    return Ok(Walk::Done(false));
                };
                let mut rdata = result.map(|r| r.borrow_mut(cx.mc));
                while let Some((i, e)) = st.next_from(pos) {
                    let Some(held) = find_key_fast(cx, pt, &e.key, e.hash) else {
                        return Ok(Walk::Slow(i));
                    };
                    if on.keep().wants(held.is_some()) {
                        let rt = match rdata.as_deref_mut().map(|r| &mut r.kind) {
                            None => return Ok(Walk::Done(true)),
                            Some(Kind::Set(rt) | Kind::FrozenSet(rt)) => rt,
                            Some(_) => return Ok(Walk::Slow(i)),
                        };
                        match find_key_fast(cx, rt, &e.key, e.hash) {
                            None => return Ok(Walk::Slow(i)),
                            Some(Some(_)) => {}
                            Some(None) => {
                                rt.push(Entry {
                                    hash: e.hash,
                                    key: e.key.clone(),
                                    value: Val::None,
                                });
                            }
                        }
                    }
                    pos = i + 1;
                }
                Ok(Walk::Done(false))
            })?;
            let i = match next {
                Walk::Done(stopped) => return Ok(stopped),
                Walk::Slow(i) => i,
            };
            let Some((i, x, h)) = self.member_from(src, i)? else {
                return Ok(false);
            };
            if on.keep().wants(self.set_has(probed, &x, h)?) {
                match on {
                    OnMember::Stop(_) => return Ok(true),
                    OnMember::Add(_, result) => self.set_add_hashed(result, &x, h)?,
                }
            }
            pos = i + 1;
        }
    }

    /// Changes the set `s` by each member of the table of `src` (a set's, a
    /// frozenset's or a dict's; not `s`) under its stored hash, as `change` says
    /// and as [`set_add_hashed`](Self::set_add_hashed) and
    /// [`set_discard_hashed`](Self::set_discard_hashed) would, member by member.
    /// The members whose comparisons need no user code go in one arena pass; one
    /// whose do, through those methods, and the pass resumes after it.
    fn change_by_members(&self, s: &Value, src: &Value, change: Change) -> Result<()> {
        let mut pos = 0;
        loop {
            let next = self.with(|cx| -> Result<Walk> {
                let (so, to) = (cx.obj(src)?, cx.obj(s)?);
                let sdata = so.borrow();
                let Some(st) = table(&sdata.kind) else {
                    return Ok(Walk::Done(false));
                };
                let mut tdata = to.borrow_mut(cx.mc);
                let (Kind::Set(tt) | Kind::FrozenSet(tt)) = &mut tdata.kind else {
                    return Ok(Walk::Slow(pos));
                };
                while let Some((i, e)) = st.next_from(pos) {
                    let Some(found) = find_key_fast(cx, tt, &e.key, e.hash) else {
                        return Ok(Walk::Slow(i));
                    };
                    match (found, change) {
                        (Some(at), Change::Discard | Change::Toggle) => {
                            tt.remove(at);
                        }
                        (None, Change::Add | Change::Toggle) => {
                            tt.push(Entry {
                                hash: e.hash,
                                key: e.key.clone(),
                                value: Val::None,
                            });
                        }
                        _ => {}
                    }
                    pos = i + 1;
                }
                Ok(Walk::Done(false))
            })?;
            let i = match next {
                Walk::Done(_) => return Ok(()),
                Walk::Slow(i) => i,
            };
            let Some((i, x, h)) = self.member_from(src, i)? else {
                return Ok(());
            };
            let removed = change != Change::Add && self.set_discard_hashed(s, &x, h)?;
            if change == Change::Add || (change == Change::Toggle && !removed) {
                self.set_add_hashed(s, &x, h)?;
            }
            pos = i + 1;
        }
    }

    /// In one arena pass, `act` given the table of the set or frozenset `s` and
    /// where `x`, whose hash is `h`, is in it, when no comparison on the way needs
    /// user code; `None` when one does (or `s` is no set).
    fn with_position<T>(
        &self,
        s: &Value,
        x: &Value,
        h: i64,
        act: impl for<'gc> FnOnce(&mut Table<'gc>, Option<u32>, Val<'gc>) -> T,
    ) -> Option<T> {
        self.with(|cx| {
            let k = cx.val(x).ok()?;
            let o = cx.obj(s).ok()?;
            let found = match &o.borrow().kind {
                Kind::Set(t) | Kind::FrozenSet(t) => find_key_fast(cx, t, &k, h)?,
                _ => return None,
            };
            match &mut o.borrow_mut(cx.mc).kind {
                Kind::Set(t) | Kind::FrozenSet(t) => Some(act(t, found, k)),
                _ => None,
            }
        })
    }

    /// Whether the set (or dict) `s` holds `x`, whose hash is `h`.
    fn set_has(&self, s: &Value, x: &Value, h: i64) -> Result<bool> {
        let fast = self.with(|cx| {
            let k = cx.val(x).ok()?;
            let data = cx.obj(s).ok()?.borrow();
            Some(find_key_fast(cx, table(&data.kind)?, &k, h)?.is_some())
        });
        match fast {
            Some(found) => Ok(found),
            None => Ok(self.lookup_hashed(s, x, h)?.is_some()),
        }
    }

    /// Adds `x`, whose hash is `h`, to the set or frozenset `s` unless an equal
    /// member is there (CPython's `set_add_entry`: a member whose `__eq__` answers
    /// equal is there, even if that `__eq__` changed `s`).
    pub(crate) fn set_add_hashed(&self, s: &Value, x: &Value, h: i64) -> Result<()> {
        let added = self.with_position(s, x, h, |t, pos, key| {
            if pos.is_none() {
                t.push(Entry {
                    hash: h,
                    key,
                    value: Val::None,
                });
            }
        });
        if added.is_some() {
            return Ok(());
        }
        loop {
            let (probe, version, room) = self.probe_in(s, x, h, true)?;
            if let Probe::Found(_) = probe {
                return Ok(());
            }
            let stored = self.with(|cx| -> Result<bool> {
                let o = cx.obj(s)?;
                let key = cx.val(x)?;
                Ok(match &mut o.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) if t.version() == version => {
                        let entry = Entry {
                            hash: h,
                            key,
                            value: Val::None,
                        };
                        // Where the lookup found room: the last dummy its probe
                        // passed, as the table was then (not one an `__eq__` made
                        // behind it), else the empty slot that ended it. Should an
                        // `__eq__` have filled that slot since (perhaps with this
                        // very key), look again: CPython's `set_add_entry` would
                        // write over the member there and miscount the set.
                        match room {
                            Some(at) if t.is_free_slot(at) => {
                                t.set_put(entry, at as usize);
                                true
                            }
                            Some(_) => false,
                            None => {
                                t.push(entry);
                                true
                            }
                        }
                    }
                    Kind::Set(_) | Kind::FrozenSet(_) => false,
                    _ => return Err(Error::TypeError("not a set".into())),
                })
            })?;
            if stored {
                return Ok(());
            }
            // (The lookup's user code changed the table since, or filled the room it
            // found: look again, as CPython's `set_add_entry` restarts.)
        }
    }

    /// Removes `x`, whose hash is `h`, from the set or frozenset `s`; whether it
    /// was there (CPython's `set_discard_entry`).
    pub(crate) fn set_discard_hashed(&self, s: &Value, x: &Value, h: i64) -> Result<bool> {
        let removed = self.with_position(s, x, h, |t, pos, _| {
            pos.is_some_and(|pos| t.remove(pos).is_some())
        });
        if let Some(removed) = removed {
            return Ok(removed);
        }
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
        if operand != Operand::Iterable {
            if other.is(s) {
                return Ok(());
            }
            // CPython's `set_merge` (and `set_update_internal` for a dict): one resize
            // first, for as many members again; into a set with no slot ever filled,
            // a set's members are copied as they are (they are distinct, so nothing
            // needs comparing).
            let copied = self.with(|cx| -> Result<bool> {
                let (so, to) = (cx.obj(other)?, cx.obj(s)?);
                let src = so.borrow();
                let Some(st) = table(&src.kind) else {
                    return Ok(false);
                };
                if st.len() == 0 {
                    return Ok(true);
                }
                let mut target = to.borrow_mut(cx.mc);
                let (Kind::Set(tt) | Kind::FrozenSet(tt)) = &mut target.kind else {
                    return Ok(false);
                };
                tt.reserve_members(st.len());
                // (A dict's table is no set table: its keys are added one by one.)
                Ok(tt.copy_members_into_empty(st))
            })?;
            if copied {
                return Ok(());
            }
        }
        if operand != Operand::Iterable {
            return self.change_by_members(s, other, Change::Add);
        }
        self.each_hashed(other, |x, h| {
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
        self.as_kind(kind, s)
    }

    /// Makes the new `set` `s` a `frozenset`, in place (nothing else holds it yet).
    pub(crate) fn freeze(&self, s: &Value) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(s)?;
            let mut data = o.borrow_mut(cx.mc);
            if let Kind::Set(t) = &mut data.kind {
                data.kind = Kind::FrozenSet(std::mem::take(t));
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
    /// each hashed once and looked up in `s`, until the result has as many members
    /// as `s` has then (the items after are neither read nor hashed). A member found
    /// is added to the result as the iterated side holds it.
    fn intersection_of(&self, s: &Value, other: &Value) -> Result<Value> {
        if other.is(s) {
            return self.new_set(Plain::Set, Some(s));
        }
        let result = self.set(&[])?;
        if let Operand::Set { .. } = self.set_operand(other)? {
            let (probed, iterated) = if self.table_size(other)? > self.table_size(s)? {
                (other, s)
            } else {
                (s, other)
            };
            self.each_member_probing(iterated, probed, OnMember::Add(Keep::Held, &result))?;
        } else {
            // (A dict is iterated too: only a set operand is read as a table here.)
            self.each_hashed(other, |x, h| {
                if !self.set_has(s, &x, h)? {
                    return Ok(false);
                }
                self.set_add_hashed(&result, &x, h)?;
                Ok(self.table_size(&result)? >= self.table_size(s)?)
            })?;
        }
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
        let Some((first, rest)) = others.split_first() else {
            return self.new_set(kind, Some(s));
        };
        let mut result = self.intersection_of(s, first)?;
        for other in rest {
            let next = self.intersection_of(&result, other)?;
            result = next;
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
        // (A dict is iterated: only a set operand is read as a table here. One more
        // than eight times larger is first intersected with `s`, as CPython's, so
        // the members compared are those of the smaller side.)
        if let Operand::Set { .. } = self.set_operand(other)? {
            let other = match self.table_size(other)? >> 3 > self.table_size(s)? {
                true => self.intersection_of(s, other)?,
                false => other.clone(),
            };
            self.change_by_members(s, &other, Change::Discard)?;
        } else {
            // (By its iterator, as CPython's loop: a proxy to `s` itself sees `s`
            // shrink, "Set changed size during iteration".)
            self.for_each_iterated(other, |x| {
                let h = self.hash(&x)?;
                self.set_discard_hashed(s, &x, h)?;
                Ok(false)
            })?;
        }
        // Then, as CPython's, the dummies go if they are more than a quarter.
        self.with(|cx| {
            if let Kind::Set(t) | Kind::FrozenSet(t) = &mut cx.obj(s)?.borrow_mut(cx.mc).kind {
                t.purge_dummies();
            }
            Ok(())
        })
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
            self.each_member_probing(s, first, OnMember::Add(Keep::Lacking, &result))?;
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

    /// `other` itself if it is a set or an exact dict, else a new set of its items
    /// (each hashed once).
    fn table_operand(&self, other: &Value) -> Result<Value> {
        match self.set_operand(other)? {
            Operand::Iterable => self.new_set(Plain::Set, Some(other)),
            _ => Ok(other.clone()),
        }
    }

    /// Removes from `s` each member of `other` it holds, and adds each it lacks
    /// (CPython's `set_symmetric_difference_update`): a set's members and an exact
    /// dict's keys under their stored hashes; any other iterable is made a set
    /// first.
    fn symmetric_difference_update_of(&self, s: &Value, other: &Value) -> Result<()> {
        if other.is(s) {
            return self.clear_set(s);
        }
        let other = self.table_operand(other)?;
        self.change_by_members(s, &other, Change::Toggle)
    }

    /// `s.symmetric_difference(other)` as CPython's `set_symmetric_difference`: a new
    /// set of `other`'s members (read as [`set_update`](Self::set_update) reads
    /// them), then each member of `s` removed from it if there, else added.
    pub(crate) fn set_symmetric_difference(
        &self,
        kind: Plain,
        s: &Value,
        other: &Value,
    ) -> Result<Value> {
        let result = self.new_set(Plain::Set, Some(other))?;
        self.change_by_members(&result, s, Change::Toggle)?;
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
                Kind::Set(t) | Kind::FrozenSet(t) => std::mem::replace(&mut **t, Table::new_set()),
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
        let lacking = self.each_member_probing(s, other, OnMember::Stop(Keep::Lacking))?;
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
                let lacking = self.each_hashed(other, |x, h| Ok(!self.set_has(s, &x, h)?))?;
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
                self.each_member_probing(iterated, probed, OnMember::Stop(Keep::Held))?
            }
            _ => self.each_hashed(other, |x, h| self.set_has(s, &x, h))?,
        };
        Ok(!common)
    }
}
