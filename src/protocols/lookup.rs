//! Lookup: finding a key in a dict's or set's hash table by Python's equality.
//!
//! Invariant: a probe runs in one arena pass as far as no comparison needs user code;
//! a key whose `__eq__` must run is compared outside the arena, and afterwards the
//! lookup goes on only if the table kept its layout and the slot still holds the key
//! compared (else it starts over, as CPython's does, at most `MAX_DEPTH` times), so a
//! `__eq__` that changes the table can never make a lookup read a stale slot.

use crate::heap::{Ctx, MAX_DEPTH};
use crate::object::{Kind, Val};
use crate::{Error, Heap, Result, Value};

use super::equality::{lookup_eq, same};

/// One arena pass of a lookup: the answer, or the candidates whose equality needs
/// user code (position, place in the probe sequence, key), in probe order, and the
/// answer if none of them is equal.
type ProbePass = std::result::Result<Probe, (Vec<(u32, usize, Value)>, Probe)>;

/// What [`Heap::dict_update_entry`] does at the entry of a key: store a value
/// (`d[k] = v`), store one only if the key is missing (`setdefault`), or remove the
/// entry (`pop`).
#[derive(Clone, Copy)]
pub(crate) enum DictChange<'a> {
    Store(&'a Value),
    Default(&'a Value),
    Remove,
}

/// A lookup's outcome in a hash table.
pub(crate) enum Probe {
    Found(u32),
    Missing,
}

/// The position of `k` (of `hash`) in table `t`, when every comparison on the way is
/// decided without user code (`lookup_eq`); `None` when one is not.
pub(crate) fn find_key_fast<'gc>(
    cx: &Ctx<'_, 'gc>,
    t: &crate::dict::Table<'gc>,
    k: &Val<'gc>,
    hash: i64,
) -> Option<Option<u32>> {
    t.find(hash, |pos| match t.entry(pos) {
        Some(e) => lookup_eq(cx, k, &e.key),
        None => Some(false),
    })
}

impl Heap {
    /// Finds `key` in a dict-like table (dict, set, frozenset) by Python's equality:
    /// returns the position of its entry.
    pub(crate) fn probe(&self, table_owner: &Value, key: &Value, hash: i64) -> Result<Probe> {
        Ok(self.probe_at(table_owner, key, hash)?.0)
    }

    /// The table's version of a dict or set (see `Table::version`).
    fn table_version(&self, table_owner: &Value) -> Result<u64> {
        self.with(|cx| {
            let o = cx.obj(table_owner)?;
            Ok(match &o.borrow().kind {
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t.version(),
                _ => 0,
            })
        })
    }

    /// Finds `key` by Python's equality, and the table version the answer is valid
    /// for. When a key's `__eq__` changes the table, the lookup goes on probing from
    /// where it was if the table was not laid out again and the slot still holds
    /// the key compared, else starts over (as CPython's does); after starting over
    /// `MAX_DEPTH` times it gives up with `RuntimeError`.
    pub(crate) fn probe_at(
        &self,
        table_owner: &Value,
        key: &Value,
        hash: i64,
    ) -> Result<(Probe, u64)> {
        self.probe_in(table_owner, key, hash, false)
            .map(|(probe, version, _)| (probe, version))
    }

    /// [`probe_at`](Self::probe_at); with `equal_wins`, a stored key whose `__eq__`
    /// answers equal is found even if that `__eq__` changed the table (the position
    /// then stale, the version the one before): CPython's `set_add_entry` starts over
    /// only after an unequal answer, so a set's `add` of an equal key adds nothing.
    /// Missing from a set's table, the third value is the slot CPython's
    /// `set_add_entry` would put the key in: the last dummy its probe passed (as
    /// the table was when it passed), else the empty slot that ended it.
    pub(crate) fn probe_in(
        &self,
        table_owner: &Value,
        key: &Value,
        hash: i64,
        equal_wins: bool,
    ) -> Result<(Probe, u64, Option<u32>)> {
        // How many slots of the probe sequence the lookup has passed (0: it starts
        // at the first), and how many times it started over (only those count
        // towards the limit: a lookup that goes on has passed one more slot).
        let mut skip = 0;
        let mut restarts = 0;
        // The last dummy passed before the pass the lookup goes on with.
        let mut passed_dummy: Option<u32> = None;
        while restarts < MAX_DEPTH {
            // This pass's free slots: (position, place in the sequence, dummy).
            let mut free: Vec<(u32, usize, bool)> = Vec::new();
            let pass = self.with(|cx| -> Result<(ProbePass, u64, (u64, u64))> {
                let o = cx.obj(table_owner)?;
                let k = cx.val(key)?;
                let data = o.borrow();
                let t = match &data.kind {
                    Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t,
                    _ => return Err(Error::TypeError("not a dict or set".into())),
                };
                // Keys whose equality needs user code, in probe order, with their
                // places in the sequence; one the sequence comes back to is listed
                // (and asked) again, as CPython's lookup asks it again.
                let mut slow: Vec<(u32, usize, Value)> = Vec::new();
                let found = t.find_from(
                    hash,
                    skip,
                    |pos, visit| {
                        let Some(e) = t.entry(pos) else {
                            return Some(false);
                        };
                        Some(lookup_eq(cx, &k, &e.key).unwrap_or_else(|| {
                            slow.push((pos, visit, cx.value(&e.key)));
                            false
                        }))
                    },
                    |pos, visit, dummy| free.push((pos, visit, dummy)),
                );
                // A key found without user code answers only if no key before it in
                // probe order needs user code to be compared (those are asked first).
                let found = match found {
                    Some(Some(pos)) => Probe::Found(pos),
                    _ => Probe::Missing,
                };
                Ok((
                    if slow.is_empty() {
                        Ok(found)
                    } else {
                        Err((slow, found))
                    },
                    t.version(),
                    t.layout(),
                ))
            })?;
            let (found, version, layout) = pass;
            // Where a key missing after this whole pass would go.
            let room = |free: &[(u32, usize, bool)], passed: Option<u32>| {
                let dummy = free.iter().rev().find(|f| f.2).map(|f| f.0);
                dummy.or(passed).or_else(|| free.last().map(|f| f.0))
            };
            let (cands, otherwise) = match found {
                Ok(p) => return Ok((p, version, room(&free, passed_dummy))),
                Err(cands) => cands,
            };
            let mut answer = Some((otherwise, version));
            for (pos, visit, cand) in cands {
                // The stored key is asked first, as CPython's lookup does.
                let equal = cand.is(key) || self.eq(&cand, key)?;
                if equal && equal_wins {
                    answer = Some((Probe::Found(pos), version));
                    break;
                }
                if self.table_version(table_owner)? != version {
                    // Changed under us: on from the next slot, or the found one, if
                    // the table kept its layout and this slot its key; else again
                    // from the start.
                    answer = None;
                    skip = 0;
                    match self.kept_in_place(table_owner, layout, pos, &cand)? {
                        Some(now) if equal => answer = Some((Probe::Found(pos), now)),
                        Some(_) => {
                            skip = visit + 1;
                            let before = free.iter().rev().find(|f| f.2 && f.1 < visit);
                            passed_dummy = before.map(|f| f.0).or(passed_dummy);
                        }
                        None => {
                            restarts += 1;
                            passed_dummy = None;
                        }
                    }
                    break;
                }
                if equal {
                    answer = Some((Probe::Found(pos), version));
                    break;
                }
            }
            if let Some((probe, version)) = answer {
                return Ok((probe, version, room(&free, passed_dummy)));
            }
        }
        Err(Error::RuntimeError(
            "dictionary changed size during iteration".into(),
        ))
    }

    /// After user code ran in the middle of a lookup: the table's version if it has
    /// still `layout` and the entry at `pos` still holds `key` (the same object),
    /// so the lookup may go on; `None` if it must start over.
    fn kept_in_place(
        &self,
        table_owner: &Value,
        layout: (u64, u64),
        pos: u32,
        key: &Value,
    ) -> Result<Option<u64>> {
        self.with(|cx| {
            let o = cx.obj(table_owner)?;
            let k = cx.val(key)?;
            Ok(match &o.borrow().kind {
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t)
                    if t.layout() == layout && t.entry(pos).is_some_and(|e| same(&e.key, &k)) =>
                {
                    Some(t.version())
                }
                _ => None,
            })
        })
    }

    /// `d[key]` for dicts, `key in s` for sets: the value stored under `key`, if any.
    pub(crate) fn lookup(&self, table_owner: &Value, key: &Value) -> Result<Option<Value>> {
        let h = self.hash(key)?;
        self.lookup_hashed(table_owner, key, h)
    }

    /// [`lookup`](Heap::lookup) of a key whose hash is known to be `h`.
    pub(crate) fn lookup_hashed(
        &self,
        table_owner: &Value,
        key: &Value,
        h: i64,
    ) -> Result<Option<Value>> {
        match self.probe(table_owner, key, h)? {
            Probe::Missing => Ok(None),
            Probe::Found(pos) => self.with(|cx| -> Result<Option<Value>> {
                let o = cx.obj(table_owner)?;
                let data = o.borrow();
                Ok(match &data.kind {
                    Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                        t.entry(pos).map(|e| cx.value(&e.value))
                    }
                    _ => None,
                })
            }),
        }
    }
}
