//! `list.sort`'s algorithm: CPython 3.11's timsort (`Objects/listobject.c`, described
//! in `Objects/listsort.txt`), ported step for step, so that a sort asks user code
//! the same `<` comparisons, in the same order, as CPython's does: runs found by
//! `count_run`, short ones extended to `minrun` by binary insertion, runs merged by
//! the powersort rule (`found_new_run`, `merge_force_collapse`), each merge after
//! trimming its ends by galloping (`merge_at`), then `merge_lo` or `merge_hi`,
//! which gallop when one side keeps winning (`min_gallop`, adapted as CPython's).
//!
//! The comparison is chosen first, as CPython's pre-sort check chooses it: when every
//! key is an instance of one user class, its `__lt__` is called directly
//! (`unsafe_object_compare`, which asks the whole comparison only after a
//! `NotImplemented`), and when every key is a non-empty tuple whose first items are
//! all such instances, tuples whose first items differ compare those that way
//! (`unsafe_tuple_compare`); otherwise by `<`. (CPython's other special cases,
//! for strs, ints and floats, run no user code and answer as `<` does.)
//!
//! Invariant: whenever a comparison fails, `keys` and `items` hold every item once
//! (a merge copies the side it has set aside back where CPython's `Fail:` copies
//! it), in the order CPython's list would hold them then; and `keys[i]` is always
//! the key of `items[i]`.

use crate::object::{Kind, Val};
use crate::{CompareOp, Heap, Result, Value};

/// How a sort compares two keys (CPython's `ms->key_compare`, as far as user code
/// can tell them apart).
#[derive(Clone, Copy)]
enum Lt {
    /// `<` (`safe_object_compare`, and the special cases without user code).
    Plain,
    /// Every key an instance of one user class (`unsafe_object_compare`).
    SameType,
    /// Every key a non-empty tuple whose first item is an instance of one user class
    /// (`unsafe_tuple_compare` with `unsafe_object_compare` for the first items).
    TuplesOfSameType,
}

/// CPython's `MIN_GALLOP`: wins in a row before a merge starts galloping.
const MIN_GALLOP: usize = 7;

/// A run waiting on the stack to be merged (CPython's `s_slice`).
#[derive(Clone, Copy)]
struct Run {
    /// Where it starts.
    base: usize,
    len: usize,
    /// Its depth in the powersort merge tree (`powerloop`).
    power: u32,
}

/// How a merge ended, as the labels of CPython's `merge_lo`/`merge_hi`.
enum End {
    /// Every item is in place but what is still set aside (copied back).
    Succeed,
    /// A comparison failed: what is set aside is copied back, the error returned.
    Fail(crate::Error),
    /// Only one item of the set-aside side is left, and it goes at the far end.
    CopyOther,
}

/// The merge state (CPython's `MergeState`) over the keys and their items.
struct MergeState<'a> {
    heap: &'a Heap,
    how: Lt,
    keys: &'a mut [Value],
    items: &'a mut [Value],
    /// The side a merge sets aside (CPython's `ms->a`).
    tmp_keys: Vec<Value>,
    tmp_items: Vec<Value>,
    min_gallop: usize,
    pending: Vec<Run>,
}

/// Sorts `keys` (with `items` alongside) in place by `<`, stably, asking the same
/// comparisons in the same order as CPython 3.11's `list.sort`; an error stops the
/// sort with every item still there, in the order CPython's would leave.
pub(crate) fn sort_by_lt(heap: &Heap, keys: &mut [Value], items: &mut [Value]) -> Result<()> {
    let n = keys.len();
    if n < 2 {
        return Ok(());
    }
    let how = choose_lt(heap, keys)?;
    let mut ms = MergeState {
        heap,
        how,
        keys,
        items,
        tmp_keys: Vec::new(),
        tmp_items: Vec::new(),
        min_gallop: MIN_GALLOP,
        pending: Vec::new(),
    };
    let minrun = compute_minrun(n);
    let (mut lo, mut remaining) = (0, n);
    while remaining > 0 {
        let mut run = ms.count_run(lo, remaining)?;
        if run < minrun {
            let force = remaining.min(minrun);
            ms.binarysort(lo, lo + force, lo + run)?;
            run = force;
        }
        ms.found_new_run(run, n)?;
        ms.pending.push(Run {
            base: lo,
            len: run,
            power: 0,
        });
        lo += run;
        remaining -= run;
    }
    ms.force_collapse()
}

/// CPython's pre-sort check, as far as user code can tell its choices apart:
/// every key an instance of one user class, or every key an exact non-empty tuple
/// whose first item is.
fn choose_lt(heap: &Heap, keys: &[Value]) -> Result<Lt> {
    heap.with(|cx| {
        let keys = cx.vals(keys)?;
        if one_user_class(&keys) {
            return Ok(Lt::SameType);
        }
        let mut firsts = Vec::with_capacity(keys.len());
        for k in &keys {
            let Val::Obj(o) = k else { return Ok(Lt::Plain) };
            let data = o.borrow();
            match &data.kind {
                Kind::Tuple(items) if data.class.is_none() && !items.is_empty() => {
                    firsts.push(items[0].clone());
                }
                _ => return Ok(Lt::Plain),
            }
        }
        Ok(match one_user_class(&firsts) {
            true => Lt::TuplesOfSameType,
            false => Lt::Plain,
        })
    })
}

/// Whether there are values and all are instances of one user class.
fn one_user_class(vals: &[Val<'_>]) -> bool {
    let mut first = None;
    for v in vals {
        let Val::Obj(o) = v else { return false };
        let Some(c) = o.borrow().class else {
            return false;
        };
        match first {
            None => first = Some(c),
            Some(f) if gc_arena::Gc::ptr_eq(f, c) => {}
            Some(_) => return false,
        }
    }
    first.is_some()
}

/// `a < b` for two exact tuples, as CPython's `unsafe_tuple_compare`: the first
/// unequal items decide (the same object is equal without being asked), the first
/// items by [`Heap::same_type_lt`], later ones by `<`; equal up to the shorter, the
/// shorter is less.
fn tuple_lt(heap: &Heap, a: &Value, b: &Value) -> Result<bool> {
    let (p, q) = (heap.seq_items(a)?, heap.seq_items(b)?);
    let mut i = 0;
    while i < p.len() && i < q.len() {
        if !(p[i].is(&q[i]) || heap.eq(&p[i], &q[i])?) {
            break;
        }
        i += 1;
    }
    if i >= p.len() || i >= q.len() {
        return Ok(p.len() < q.len());
    }
    if i == 0 {
        heap.same_type_lt(&p[0], &q[0])
    } else {
        heap.compare(&p[i], &q[i], CompareOp::Lt)
    }
}

/// CPython's `merge_compute_minrun`: `n` below 64, else a length between 32 and 64
/// that makes `n / minrun` just below a power of 2.
fn compute_minrun(mut n: usize) -> usize {
    let mut r = 0;
    while n >= 64 {
        r |= n & 1;
        n >>= 1;
    }
    n + r
}

/// CPython's `powerloop`: the depth in the merge tree of the boundary between the
/// run of `n1` items at `s1` and the next of `n2`, in a list of `n`.
fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
    let mut result = 0;
    let mut a = 2 * s1 + n1;
    let mut b = a + n1 + n2;
    loop {
        result += 1;
        if a >= n {
            a -= n;
            b -= n;
        } else if b >= n {
            break;
        }
        a <<= 1;
        b <<= 1;
    }
    result
}

/// `a < b` as the sort compares its keys.
fn lt(heap: &Heap, how: Lt, a: &Value, b: &Value) -> Result<bool> {
    match how {
        Lt::Plain => heap.compare(a, b, CompareOp::Lt),
        Lt::SameType => heap.same_type_lt(a, b),
        Lt::TuplesOfSameType => tuple_lt(heap, a, b),
    }
}

/// CPython's `gallop_left`: where `key` goes in sorted `a` (before any equal item),
/// searching from `hint` outwards.
fn gallop_left(heap: &Heap, how: Lt, key: &Value, a: &[Value], hint: usize) -> Result<usize> {
    let lt = |x: &Value, y: &Value| lt(heap, how, x, y);
    let n = a.len() as isize;
    let hint = hint as isize;
    let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
    if lt(&a[hint as usize], key)? {
        // a[hint] < key: gallop right until a[hint + lastofs] < key <= a[hint + ofs].
        let maxofs = n - hint;
        while ofs < maxofs {
            if lt(&a[(hint + ofs) as usize], key)? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        lastofs += hint;
        ofs += hint;
    } else {
        // key <= a[hint]: gallop left until a[hint - ofs] < key <= a[hint - lastofs].
        let maxofs = hint + 1;
        while ofs < maxofs {
            if lt(&a[(hint - ofs) as usize], key)? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    }
    // a[lastofs] < key <= a[ofs]: a binary search between.
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if lt(&a[m as usize], key)? {
            lastofs = m + 1;
        } else {
            ofs = m;
        }
    }
    Ok(ofs as usize)
}

/// CPython's `gallop_right`: as [`gallop_left`], but after any item equal to `key`.
fn gallop_right(heap: &Heap, how: Lt, key: &Value, a: &[Value], hint: usize) -> Result<usize> {
    let lt = |x: &Value, y: &Value| lt(heap, how, x, y);
    let n = a.len() as isize;
    let hint = hint as isize;
    let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
    if lt(key, &a[hint as usize])? {
        // key < a[hint]: gallop left until a[hint - ofs] <= key < a[hint - lastofs].
        let maxofs = hint + 1;
        while ofs < maxofs {
            if lt(key, &a[(hint - ofs) as usize])? {
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            } else {
                break;
            }
        }
        ofs = ofs.min(maxofs);
        let k = lastofs;
        lastofs = hint - ofs;
        ofs = hint - k;
    } else {
        // a[hint] <= key: gallop right until a[hint + lastofs] <= key < a[hint + ofs].
        let maxofs = n - hint;
        while ofs < maxofs {
            if lt(key, &a[(hint + ofs) as usize])? {
                break;
            }
            lastofs = ofs;
            ofs = (ofs << 1) + 1;
        }
        ofs = ofs.min(maxofs);
        lastofs += hint;
        ofs += hint;
    }
    // a[lastofs] <= key < a[ofs]: a binary search between.
    lastofs += 1;
    while lastofs < ofs {
        let m = lastofs + ((ofs - lastofs) >> 1);
        if lt(key, &a[m as usize])? {
            ofs = m;
        } else {
            lastofs = m + 1;
        }
    }
    Ok(ofs as usize)
}

/// Evaluates a comparison inside a merge: its answer, or ends the merge with its
/// error (CPython's `goto Fail`).
macro_rules! or_fail {
    ($e:expr, $label:lifetime) => {
        match $e {
            Ok(v) => v,
            Err(e) => break $label End::Fail(e),
        }
    };
}

impl MergeState<'_> {
    fn lt(&self, a: &Value, b: &Value) -> Result<bool> {
        lt(self.heap, self.how, a, b)
    }

    /// Copies the item (and key) at `from` to `to`, both in the list.
    fn copy_within(&mut self, from: usize, to: usize) {
        self.keys[to] = self.keys[from].clone();
        self.items[to] = self.items[from].clone();
    }

    /// Copies the set-aside item (and key) `from` to `to` in the list.
    fn copy_from_tmp(&mut self, from: usize, to: usize) {
        self.keys[to] = self.tmp_keys[from].clone();
        self.items[to] = self.tmp_items[from].clone();
    }

    /// Copies the set-aside items `from..from + n` to `to..to + n` in the list.
    fn copy_range_from_tmp(&mut self, from: usize, to: usize, n: usize) {
        self.keys[to..to + n].clone_from_slice(&self.tmp_keys[from..from + n]);
        self.items[to..to + n].clone_from_slice(&self.tmp_items[from..from + n]);
    }

    /// Moves the items `from..from + n` to `to..to + n` in the list (`memmove`).
    fn move_range(&mut self, from: usize, to: usize, n: usize) {
        // (`copy_within` needs `Copy`; items are handles, so moved one by one in the
        // direction that keeps an overlap intact.)
        if to < from {
            for i in 0..n {
                self.copy_within(from + i, to + i);
            }
        } else {
            for i in (0..n).rev() {
                self.copy_within(from + i, to + i);
            }
        }
    }

    /// Sets aside the items `from..from + n` of the list (the merge's `ms->a`).
    fn set_aside(&mut self, from: usize, n: usize) {
        self.tmp_keys.clear();
        self.tmp_items.clear();
        self.tmp_keys.extend_from_slice(&self.keys[from..from + n]);
        self.tmp_items
            .extend_from_slice(&self.items[from..from + n]);
    }

    /// CPython 3.11's `count_run`: the length of the run starting at `lo` (at most
    /// `remaining` long), ascending, or strictly descending and then reversed.
    fn count_run(&mut self, lo: usize, remaining: usize) -> Result<usize> {
        if remaining == 1 {
            return Ok(1);
        }
        let mut n = 2;
        if self.lt(&self.keys[lo + 1], &self.keys[lo])? {
            while n < remaining && self.lt(&self.keys[lo + n], &self.keys[lo + n - 1])? {
                n += 1;
            }
            self.keys[lo..lo + n].reverse();
            self.items[lo..lo + n].reverse();
        } else {
            while n < remaining && !self.lt(&self.keys[lo + n], &self.keys[lo + n - 1])? {
                n += 1;
            }
        }
        Ok(n)
    }

    /// CPython 3.11's `binarysort`: `lo..start` is sorted; each item of `start..hi`
    /// is inserted after the items before it that are not greater.
    fn binarysort(&mut self, lo: usize, hi: usize, start: usize) -> Result<()> {
        for start in start.max(lo + 1)..hi {
            let (mut l, mut r) = (lo, start);
            while l < r {
                let p = l + ((r - l) >> 1);
                if self.lt(&self.keys[start], &self.keys[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
            }
            self.keys[l..=start].rotate_right(1);
            self.items[l..=start].rotate_right(1);
        }
        Ok(())
    }

    /// CPython's `found_new_run`: a run of `n2` items follows the last pending one;
    /// merges the pending runs deeper in the merge tree than the boundary, and
    /// records the boundary's depth on the last.
    fn found_new_run(&mut self, n2: usize, listlen: usize) -> Result<()> {
        let Some(last) = self.pending.last() else {
            return Ok(());
        };
        let power = powerloop(last.base, last.len, n2, listlen);
        while self.pending.len() > 1 && self.pending[self.pending.len() - 2].power > power {
            self.merge_at(self.pending.len() - 2)?;
        }
        if let Some(last) = self.pending.last_mut() {
            last.power = power;
        }
        Ok(())
    }

    /// CPython's `merge_force_collapse`: merges the pending runs until one is left.
    fn force_collapse(&mut self) -> Result<()> {
        while self.pending.len() > 1 {
            let mut n = self.pending.len() - 2;
            if n > 0 && self.pending[n - 1].len < self.pending[n + 1].len {
                n -= 1;
            }
            self.merge_at(n)?;
        }
        Ok(())
    }

    /// CPython's `merge_at`: merges pending runs `i` and `i + 1`, first leaving out
    /// the items of either end that are already in place.
    fn merge_at(&mut self, i: usize) -> Result<()> {
        let (mut pa, mut na) = (self.pending[i].base, self.pending[i].len);
        let (pb, nb) = (self.pending[i + 1].base, self.pending[i + 1].len);
        self.pending[i].len = na + nb;
        self.pending.remove(i + 1);
        // Where does b start in a? The items of a before it are in place.
        let key = self.keys[pb].clone();
        let k = gallop_right(self.heap, self.how, &key, &self.keys[pa..pa + na], 0)?;
        pa += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        // Where does a end in b? The items of b after it are in place.
        let key = self.keys[pa + na - 1].clone();
        let nb = gallop_left(self.heap, self.how, &key, &self.keys[pb..pb + nb], nb - 1)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            self.merge_lo(pa, na, pb, nb)
        } else {
            self.merge_hi(pa, na, pb, nb)
        }
    }

    /// CPython's `merge_lo`: merges the `na` items at `pa` with the `nb` following,
    /// `na <= nb`, setting a aside and filling the list from the left.
    fn merge_lo(&mut self, pa: usize, mut na: usize, pb: usize, mut nb: usize) -> Result<()> {
        self.set_aside(pa, na);
        // `a` indexes the set-aside items, `b` and `dest` the list.
        let (mut a, mut b, mut dest) = (0, pb, pa);
        self.copy_within(b, dest);
        (b, dest, nb) = (b + 1, dest + 1, nb - 1);
        let end = 'merge: {
            if nb == 0 {
                break 'merge End::Succeed;
            }
            if na == 1 {
                break 'merge End::CopyOther;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0, 0);
                // The straightforward merge until one side wins consistently.
                loop {
                    if or_fail!(self.lt(&self.keys[b], &self.tmp_keys[a]), 'merge) {
                        self.copy_within(b, dest);
                        (b, dest, nb) = (b + 1, dest + 1, nb - 1);
                        (bcount, acount) = (bcount + 1, 0);
                        if nb == 0 {
                            break 'merge End::Succeed;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        self.copy_from_tmp(a, dest);
                        (a, dest, na) = (a + 1, dest + 1, na - 1);
                        (acount, bcount) = (acount + 1, 0);
                        if na == 1 {
                            break 'merge End::CopyOther;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                // Galloping, until neither side wins consistently any more.
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let key = self.keys[b].clone();
                    let k = or_fail!(
                        gallop_right(self.heap, self.how, &key, &self.tmp_keys[a..a + na], 0),
                        'merge
                    );
                    acount = k;
                    if k > 0 {
                        self.copy_range_from_tmp(a, dest, k);
                        (a, dest, na) = (a + k, dest + k, na - k);
                        if na == 1 {
                            break 'merge End::CopyOther;
                        }
                        // (Impossible for a consistent `<`, which cannot be assumed.)
                        if na == 0 {
                            break 'merge End::Succeed;
                        }
                    }
                    self.copy_within(b, dest);
                    (b, dest, nb) = (b + 1, dest + 1, nb - 1);
                    if nb == 0 {
                        break 'merge End::Succeed;
                    }
                    let key = self.tmp_keys[a].clone();
                    let k = or_fail!(
                        gallop_left(self.heap, self.how, &key, &self.keys[b..b + nb], 0),
                        'merge
                    );
                    bcount = k;
                    if k > 0 {
                        self.move_range(b, dest, k);
                        (b, dest, nb) = (b + k, dest + k, nb - k);
                        if nb == 0 {
                            break 'merge End::Succeed;
                        }
                    }
                    self.copy_from_tmp(a, dest);
                    (a, dest, na) = (a + 1, dest + 1, na - 1);
                    if na == 1 {
                        break 'merge End::CopyOther;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                // Penalised for leaving galloping.
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            End::CopyOther => {
                // The last set-aside item belongs after all of b's.
                self.move_range(b, dest, nb);
                self.copy_from_tmp(a, dest + nb);
                Ok(())
            }
            End::Succeed => {
                self.copy_range_from_tmp(a, dest, na);
                Ok(())
            }
            End::Fail(e) => {
                self.copy_range_from_tmp(a, dest, na);
                Err(e)
            }
        }
    }

    /// CPython's `merge_hi`: merges the `na` items at `pa` with the `nb` following,
    /// `na >= nb`, setting b aside and filling the list from the right.
    fn merge_hi(&mut self, pa: usize, mut na: usize, pb: usize, mut nb: usize) -> Result<()> {
        self.set_aside(pb, nb);
        // Positions count from 1 so that one before the list's start stays a `usize`:
        // `a` and `dest` are one past the list positions they name, `b` one past the
        // set-aside position; the side's next item is at `a - 1`, `b - 1`.
        let (mut a, mut b, mut dest) = (pa + na, nb, pb + nb);
        self.copy_within(a - 1, dest - 1);
        (a, dest, na) = (a - 1, dest - 1, na - 1);
        let end = 'merge: {
            if na == 0 {
                break 'merge End::Succeed;
            }
            if nb == 1 {
                break 'merge End::CopyOther;
            }
            let mut min_gallop = self.min_gallop;
            loop {
                let (mut acount, mut bcount) = (0, 0);
                // The straightforward merge until one side wins consistently.
                loop {
                    if or_fail!(self.lt(&self.tmp_keys[b - 1], &self.keys[a - 1]), 'merge) {
                        self.copy_within(a - 1, dest - 1);
                        (a, dest, na) = (a - 1, dest - 1, na - 1);
                        (acount, bcount) = (acount + 1, 0);
                        if na == 0 {
                            break 'merge End::Succeed;
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        self.copy_from_tmp(b - 1, dest - 1);
                        (b, dest, nb) = (b - 1, dest - 1, nb - 1);
                        (bcount, acount) = (bcount + 1, 0);
                        if nb == 1 {
                            break 'merge End::CopyOther;
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                // Galloping, until neither side wins consistently any more.
                min_gallop += 1;
                loop {
                    min_gallop -= usize::from(min_gallop > 1);
                    self.min_gallop = min_gallop;
                    let key = self.tmp_keys[b - 1].clone();
                    let k = or_fail!(
                        gallop_right(self.heap, self.how, &key, &self.keys[pa..pa + na], na - 1),
                        'merge
                    );
                    let k = na - k;
                    acount = k;
                    if k > 0 {
                        (a, dest) = (a - k, dest - k);
                        self.move_range(a, dest, k);
                        na -= k;
                        if na == 0 {
                            break 'merge End::Succeed;
                        }
                    }
                    self.copy_from_tmp(b - 1, dest - 1);
                    (b, dest, nb) = (b - 1, dest - 1, nb - 1);
                    if nb == 1 {
                        break 'merge End::CopyOther;
                    }
                    let key = self.keys[a - 1].clone();
                    let k = or_fail!(
                        gallop_left(self.heap, self.how, &key, &self.tmp_keys[..nb], nb - 1),
                        'merge
                    );
                    let k = nb - k;
                    bcount = k;
                    if k > 0 {
                        (b, dest) = (b - k, dest - k);
                        self.copy_range_from_tmp(b, dest, k);
                        nb -= k;
                        if nb == 1 {
                            break 'merge End::CopyOther;
                        }
                        // (Impossible for a consistent `<`, which cannot be assumed.)
                        if nb == 0 {
                            break 'merge End::Succeed;
                        }
                    }
                    self.copy_within(a - 1, dest - 1);
                    (a, dest, na) = (a - 1, dest - 1, na - 1);
                    if na == 0 {
                        break 'merge End::Succeed;
                    }
                    if acount < MIN_GALLOP && bcount < MIN_GALLOP {
                        break;
                    }
                }
                // Penalised for leaving galloping.
                min_gallop += 1;
                self.min_gallop = min_gallop;
            }
        };
        match end {
            End::CopyOther => {
                // The first set-aside item belongs before all of a's.
                self.move_range(a - na, dest - na, na);
                self.copy_from_tmp(b - 1, dest - na - 1);
                Ok(())
            }
            End::Succeed => {
                self.copy_range_from_tmp(0, dest - nb, nb);
                Ok(())
            }
            End::Fail(e) => {
                self.copy_range_from_tmp(0, dest - nb, nb);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CPython's `merge_compute_minrun` values, from `listsort.txt`'s examples.
    #[test]
    fn minrun_is_cpythons() {
        assert_eq!(compute_minrun(63), 63);
        assert_eq!(compute_minrun(64), 32);
        assert_eq!(compute_minrun(65), 33);
        assert_eq!(compute_minrun(2112), 33);
        assert_eq!(compute_minrun(2048), 32);
        assert_eq!(compute_minrun(1_000_000), 62);
    }
}
