//! Hashing: `hash(v)` with CPython 3.11's values for every builtin type (ints modulo
//! the Mersenne prime 2**61 - 1, floats by their exact value, strs and bytes by
//! SipHash-1-3 with a fixed key, tuples by xxHash's rounds, frozensets by their
//! members' hashes), a class's `__hash__` for an instance.
//!
//! Invariant: equal values hash equal across types (`hash(1) == hash(1.0) ==
//! hash(True)`), and a value held by value hashes without entering the arena
//! (`immediate_hash`).

use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::repr::tp_name;
use crate::{Error, Heap, Result, Value};

use super::{bind, find_in_class};

/// Whether `o` hashes by identity, as CPython hashes by address: neither a
/// `__hash__` of its class's nor a value's hash (an int, float, str, bytes, tuple
/// or frozenset, or an instance of a subclass of one, or a weak reference, which
/// hashes as its referent).
pub(crate) fn hashes_by_address<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    let data = o.borrow();
    if data.class.is_some() && find_in_class(cx, o, "__hash__").is_some() {
        return false;
    }
    !matches!(
        data.kind,
        Kind::Int(_)
            | Kind::Float(_)
            | Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::Tuple(_)
            | Kind::FrozenSet(_)
            | Kind::WeakRef(_)
    )
}

/// The hash of a value held by value (`None`, bool, int, float, str); `None` for a
/// heap object, whose hash may need its class's `__hash__`.
pub(crate) fn immediate_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::None => 0x5f37_59df,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => hash_int(*i),
        Value::Float(f) => hash_float(*f),
        Value::Str(s) => hash_str(s),
        Value::Obj(_) => return None,
    })
}

/// CPython's `frozenset_hash` of the members' hashes (its corrections for empty and
/// deleted slots cancel what those slots added, so only the members count).
fn frozenset_hash(hashes: impl Iterator<Item = i64>) -> i64 {
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let mut used: u64 = 0;
    let mut h: u64 = 0;
    for member in hashes {
        h ^= shuffle(member as u64);
        used += 1;
    }
    h ^= (used + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    if h == u64::MAX { 590_923_713 } else { h as i64 }
}

/// Python's hash of an int (modulo the Mersenne prime 2**61 - 1; -1 becomes -2).
pub(crate) fn hash_int(i: i64) -> i64 {
    const M: i128 = (1 << 61) - 1;
    // |i| below the prime (nearly every int): itself.
    if i.unsigned_abs() < M as u64 {
        return if i == -1 { -2 } else { i };
    }
    let r = (i128::from(i).rem_euclid(M)) as i64;
    let h = if i < 0 {
        -(((-(i128::from(i))) % M) as i64)
    } else {
        r
    };
    if h == -1 { -2 } else { h }
}

/// Python's hash of a float (CPython's `_Py_HashDouble`): the value modulo the Mersenne
/// prime 2**61 - 1 as an exact rational, so that a float equal to an int hashes as it
/// does; ±inf hash to ±314159. A NaN (equal to nothing) hashes by its bits.
pub(crate) fn hash_float(f: f64) -> i64 {
    const BITS: u32 = 61;
    const M: u64 = (1 << BITS) - 1;
    if f.is_nan() {
        return hash_int((f.to_bits() >> 3) as i64);
    }
    if f.is_infinite() {
        return if f > 0.0 { 314_159 } else { -314_159 };
    }
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & M) | x >> (BITS - 28);
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64; // the integer part
        m -= y as f64;
        x += y;
        if x >= M {
            x -= M;
        }
    }
    // The exponent, reduced modulo 61.
    let e = if e >= 0 {
        e as u32 % BITS
    } else {
        BITS - 1 - ((-1 - e) as u32 % BITS)
    };
    x = ((x << e) & M) | x >> (BITS - e);
    let h = if f < 0.0 { -(x as i64) } else { x as i64 };
    if h == -1 { -2 } else { h }
}

/// `frexp`: `(m, e)` with `f == m * 2**e` and `0.5 <= m < 1` (f finite, positive or
/// zero; zero gives `(0, 0)`).
fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 {
        return (0.0, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// A str's hash: CPython's (with `PYTHONHASHSEED=0`, see `bytes::hash_bytes`) of
/// the bytes CPython keeps it as, one per character when every character is below
/// U+0100 (so an ASCII str hashes as the bytes of its text), else two (UCS-2) or
/// four (UCS-4), little-endian.
fn hash_str(s: &str) -> i64 {
    if s.is_ascii() {
        return crate::bytes::hash_bytes(s.as_bytes());
    }
    let widest = s.chars().map(u32::from).max().unwrap_or(0);
    let units: Vec<u8> = match widest {
        0..=0xff => s.chars().map(|c| u32::from(c) as u8).collect(),
        0x100..=0xffff => s
            .chars()
            .flat_map(|c| (u32::from(c) as u16).to_le_bytes())
            .collect(),
        _ => s.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect(),
    };
    crate::bytes::hash_bytes(&units)
}

impl Heap {
    /// Python's `hash(v)`. Equal values hash alike (`hash(1) == hash(1.0) ==
    /// hash(True)`); lists, dicts, sets and proxies are unhashable; an instance hashes
    /// by `__hash__`, by identity if its class defines neither `__hash__` nor
    /// `__eq__`, and is unhashable if it defines only `__eq__`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.hash(&1.into())?, heap.hash(&1.0.into())?);
    /// let err = heap.hash(&heap.list(&[])?).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: unhashable type: 'list'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn hash(&self, v: &Value) -> Result<i64> {
        enum HashPlan {
            Done(i64),
            Call(Value),
            Tuple(Vec<Value>),
            Referent(Value),
        }
        let _depth = self.enter_call()?; // nested tuples recurse
        let plan = match v {
            Value::Obj(_) => self.with(|cx| -> Result<HashPlan> {
                let o = cx.obj(v)?;
                let data = o.borrow();
                let unhashable = || {
                    Error::TypeError(format!("unhashable type: '{}'", tp_name(cx, &Val::Obj(o))))
                };
                // The first `__hash__` along the MRO: `None` (what a class defining
                // `__eq__` without `__hash__` gets, class.rs) makes it unhashable.
                if data.class.is_some()
                    && let Some(m) = find_in_class(cx, o, "__hash__")
                {
                    if matches!(m, Val::None) {
                        return Err(unhashable());
                    }
                    drop(data);
                    return Ok(HashPlan::Call(bind(cx, &m, o)));
                }
                Ok(match &data.kind {
                    Kind::Int(i) => HashPlan::Done(hash_int(*i)),
                    Kind::Float(f) => HashPlan::Done(hash_float(*f)),
                    Kind::Str(s) => HashPlan::Done(hash_str(s)),
                    Kind::Bytes(b) => HashPlan::Done(crate::bytes::hash_bytes(b)),
                    Kind::Tuple(items) => HashPlan::Tuple(cx.values(items)),
                    // (Computed once, and kept for `==`, as CPython's.)
                    Kind::FrozenSet(t) => HashPlan::Done(t.cached_hash().unwrap_or_else(|| {
                        let h = frozenset_hash(t.iter().map(|(_, e)| e.hash));
                        t.cache_hash(h);
                        h
                    })),
                    // (A slice is unhashable in 3.11, hashable from 3.12.)
                    Kind::List(_) | Kind::Dict(_) | Kind::Set(_) | Kind::Slice(_) => {
                        return Err(unhashable());
                    }
                    Kind::WeakContainer(_) => return Err(unhashable()),
                    // Keys and items views compare as sets: unhashable, as CPython's
                    // (a values view hashes by identity).
                    Kind::View { view, .. } if view.set_like() => return Err(unhashable()),
                    // Equal bound methods (same receiver, same function) hash alike.
                    Kind::Method { func, receiver } => {
                        let me = receiver.as_obj().map_or(0, |o| o.borrow().id() as i64);
                        let f = func.borrow().id() as i64;
                        HashPlan::Done(hash_int(me.wrapping_mul(1_000_003) ^ f))
                    }
                    // Likewise (CPython's `meth_hash`: the receiver's and the method's).
                    Kind::BuiltinMethod { receiver, def } => {
                        let me = receiver.borrow().id() as i64;
                        let f = hash_str(def.name);
                        HashPlan::Done(hash_int(me.wrapping_mul(1_000_003) ^ f))
                    }
                    Kind::WeakRef(w) => match &w.flavor {
                        WeakFlavor::Proxy { .. } => return Err(unhashable()),
                        _ => match (w.cached_hash(), w.referent.and_then(|r| r.upgrade(cx.mc))) {
                            (Some(h), _) => HashPlan::Done(h),
                            (None, Some(t)) => HashPlan::Referent(cx.value(&Val::Obj(t))),
                            (None, None) => {
                                return Err(Error::TypeError("weak object has gone away".into()));
                            }
                        },
                    },
                    // By identity (what `hashes_by_address` tells a WeakSet; a kind
                    // given its own hash above belongs in its list of values).
                    _ => HashPlan::Done(hash_int(data.id() as i64 ^ 0x2545_f491)),
                })
            })?,
            _ => HashPlan::Done(immediate_hash(v).unwrap_or_default()),
        };
        match plan {
            HashPlan::Done(h) => Ok(h),
            // Any int, an int subclass's instance too (hashed as its value).
            // CPython's `slot_tp_hash` keeps a `__hash__` result that fits in a machine
            // word as it is (not reduced as `hash(int)` is), but for -1 (its error
            // value), which becomes -2.
            HashPlan::Call(m) => match self.int_value(&self.call(&m, &[])?) {
                Some(i) => Ok(if i == -1 { -2 } else { i }),
                None => Err(Error::TypeError(
                    "__hash__ method should return an integer".into(),
                )),
            },
            HashPlan::Tuple(items) => {
                let mut acc: u64 = 0x27d4_eb2f_1656_67c5;
                for item in &items {
                    let h = self.hash(item)? as u64;
                    acc = acc.wrapping_add(h.wrapping_mul(0xc2b2_ae3d_27d4_eb4f));
                    acc = acc.rotate_left(31).wrapping_mul(0x9e37_79b1_85eb_ca87);
                }
                // CPython's `tuplehash` (xxHash's round, then the length).
                acc = acc.wrapping_add(items.len() as u64 ^ (0x27d4_eb2f_1656_67c5 ^ 3_527_539));
                Ok(if acc == u64::MAX {
                    1_546_275_796
                } else {
                    acc as i64
                })
            }
            HashPlan::Referent(t) => {
                let h = self.hash(&t)?;
                self.with(|cx| -> Result<()> {
                    let o = cx.obj(v)?;
                    if let Kind::WeakRef(w) = &mut o.borrow_mut(cx.mc).kind {
                        w.set_hash(h);
                    }
                    Ok(())
                })?;
                Ok(h)
            }
        }
    }
}
