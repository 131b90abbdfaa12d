//! The core of Python's `weakref` module: `ref`, `proxy`, `getweakrefcount`,
//! `getweakrefs`, and the one primitive the rest of the module is built on, a weak
//! reference with a callback.
//!
//! Invariant: a weak reference object is listed in its referent's weak slot
//! (`weak_slots.rs`: the shared ones first, then the others in the order they were
//! listed); it reads
//! as dead only from the collection that frees its referent on (gc-arena refuses to
//! upgrade a pointer to an object it is sweeping), and the collector clears it (sets
//! its referent to none) during that collection; nothing else ever does. (A finalizer listed in the place of the weak
//! reference it stands for is also cleared when it leaves the registry, as CPython's
//! reference is freed then: [`finalize`].) Callback-less refs and proxies are shared:
//! at most one live one of each per referent. [`method`] (`WeakMethod`), [`finalize`]
//! and [`containers`] are clients of this primitive, as in CPython's `Lib/weakref.py`.

pub(crate) mod container_api;
pub(crate) mod containers;
pub(crate) mod finalize;
pub(crate) mod finalize_registry;
pub(crate) mod handles;
mod key_dict;
mod mapping;
pub(crate) mod method;
mod ref_positions;
mod value_dict;
mod weak_set;

use gc_arena::Gc;

use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor, WeakRefData};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::weak_slots::is_uncleared;
use crate::{Error, Heap, Result, Value};

/// Whether `target` may be weakly referenced; the error CPython raises if not.
pub(crate) fn check_weakrefable<'gc>(cx: &Ctx<'_, 'gc>, target: &Val<'gc>) -> Result<GcObj<'gc>> {
    let err = || {
        Error::TypeError(format!(
            "cannot create weak reference to '{}' object",
            tp_name(cx, target)
        ))
    };
    let Val::Obj(o) = target else {
        return Err(err());
    };
    let data = o.borrow();
    let ok = match data.class {
        Some(cls) => match &cls.borrow().kind {
            Kind::Class(c) => c.layout.0.subclass_weakrefable(),
            _ => false,
        },
        None => Builtin::of_kind(&data.kind).weakrefable(),
    };
    if ok { Ok(*o) } else { Err(err()) }
}

/// Makes (or, when shareable, finds) a weak reference to `target`.
pub(crate) fn new_weakref<'gc>(
    cx: &Ctx<'_, 'gc>,
    target: GcObj<'gc>,
    flavor: WeakFlavor<'gc>,
    callback: Option<Val<'gc>>,
) -> GcObj<'gc> {
    let shareable =
        callback.is_none() && matches!(flavor, WeakFlavor::Ref | WeakFlavor::Proxy { .. });
    let referent_id = target.borrow().id();
    if shareable
        && let Some(wr) =
            shared_weakref(cx, referent_id, matches!(flavor, WeakFlavor::Proxy { .. }))
    {
        return wr;
    }
    let wr = unlisted_weakref(cx, target, flavor, callback, shareable);
    list_in_slot(cx, target, referent_id, wr, shareable);
    wr
}

/// The live shared (callback-less) ref, or proxy, to the object numbered
/// `referent_id`, if it has one.
pub(crate) fn shared_weakref<'gc>(
    cx: &Ctx<'_, 'gc>,
    referent_id: u64,
    want_proxy: bool,
) -> Option<GcObj<'gc>> {
    // The shared references are listed first (weak_slots.rs): read up to the
    // first live one that is not.
    let existing = cx.root.state.borrow().weak_slots.get(referent_id, |s| {
        for w in s.refs() {
            let Some(wr) = w.upgrade(cx.mc) else {
                continue; // freed by this sweep, not yet pruned
            };
            let Kind::WeakRef(d) = &wr.borrow().kind else {
                return None;
            };
            if !d.shared() {
                return None;
            }
            let is_proxy = matches!(d.flavor, WeakFlavor::Proxy { .. });
            if d.referent.is_some() && is_proxy == want_proxy {
                return Some(wr);
            }
        }
        None
    });
    existing.flatten()
}

/// A new weak reference to `target`, not yet listed in its slot: the caller lists it
/// ([`list_in_slot`]) in the same arena pass, before anything can collect.
pub(crate) fn unlisted_weakref<'gc>(
    cx: &Ctx<'_, 'gc>,
    target: GcObj<'gc>,
    flavor: WeakFlavor<'gc>,
    callback: Option<Val<'gc>>,
    shared: bool,
) -> GcObj<'gc> {
    let referent_id = target.borrow().id();
    let data = WeakRefData::new(target, referent_id, callback, flavor, shared);
    cx.alloc(Kind::WeakRef(data), None)
}

/// Lists `entry` (a weak reference, or a finalizer standing for one) in the weak slot
/// of `target`, numbered `referent_id`: first if `shared`, else last.
pub(crate) fn list_in_slot<'gc>(
    cx: &Ctx<'_, 'gc>,
    target: GcObj<'gc>,
    referent_id: u64,
    entry: GcObj<'gc>,
    shared: bool,
) {
    // (A resurrected object keeps the flag of a slot the collector removed: a new one
    // is made under its number.)
    let added = cx
        .state()
        .weak_slots
        .add(cx.mc, referent_id, Gc::downgrade(entry), shared);
    if added {
        target.borrow().set_has_slot();
    }
}

/// The weak references listed in `o`'s slot that still exist and are not cleared
/// (what `getweakrefcount` counts), in the slot's order (the shared ones first, then
/// the others oldest first).
fn live_weakrefs<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Vec<GcObj<'gc>> {
    let id = o.borrow().id();
    cx.root
        .state
        .borrow()
        .weak_slots
        .get(id, |s| {
            s.refs()
                .filter(|w| is_uncleared(cx.mc, *w))
                .filter_map(|w| w.upgrade(cx.mc))
                .collect()
        })
        .unwrap_or_default()
}

/// The entries of `o`'s weak slot that `getweakrefs` lists, in the order of
/// CPython's list of weak references: the shared ref, the shared proxy, then the
/// others newest first (a finalizer in the place of the reference it stands for).
fn in_cpython_order<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Vec<GcObj<'gc>> {
    let mut basic_ref = None;
    let mut basic_proxy = None;
    let mut rest = Vec::new();
    for entry in live_weakrefs(cx, o) {
        match &entry.borrow().kind {
            Kind::WeakRef(d) => match (d.shared(), &d.flavor) {
                (true, WeakFlavor::Ref) => basic_ref = Some(entry),
                (true, WeakFlavor::Proxy { .. }) => basic_proxy = Some(entry),
                _ => rest.push(entry),
            },
            Kind::Finalizer(_) => rest.push(entry),
            _ => {}
        }
    }
    rest.reverse();
    basic_ref
        .into_iter()
        .chain(basic_proxy)
        .chain(rest)
        .collect()
}

/// A weak slot's entry as the weak reference it is or stands for: a finalizer's
/// reference is made now (`None` if it has let go of it).
fn as_weakref<'gc>(cx: &Ctx<'_, 'gc>, entry: GcObj<'gc>) -> Option<GcObj<'gc>> {
    if matches!(entry.borrow().kind, Kind::Finalizer(_)) {
        finalize::finalizer_ref(cx, entry)
    } else {
        Some(entry)
    }
}

/// The first of `getweakrefs(o)` (what `o.__weakref__` reads), making no other
/// finalizer's reference.
pub(crate) fn first_weakref<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Option<GcObj<'gc>> {
    in_cpython_order(cx, o)
        .into_iter()
        .find_map(|entry| as_weakref(cx, entry))
}

fn callback_val<'gc>(cx: &Ctx<'_, 'gc>, callback: Option<&Value>) -> Result<Option<Val<'gc>>> {
    match callback {
        None | Some(Value::None) => Ok(None),
        Some(cb) => Ok(Some(cx.val(cb)?)),
    }
}

impl Heap {
    /// `weakref.ref(obj, callback)`: a weak reference to `obj`.
    ///
    /// Calling it ([`Heap::call`] with no arguments) gives `obj` while it lives and
    /// `None` after the collection that frees it. `callback`, if given, is called once
    /// with the reference as its argument by that collection (not if the reference
    /// itself died first). Without a callback the reference is shared: `ref(o) is
    /// ref(o)`.
    ///
    /// Errors: `TypeError: cannot create weak reference to 'list' object` for objects
    /// that cannot be weakly referenced (see the crate documentation).
    ///
    /// ```
    /// use lethe::{Heap, Value};
    /// let heap = Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let employee = heap.call(&cls, &[])?;
    /// let r = heap.weakref(&employee, None)?;
    /// assert!(heap.call(&r, &[])?.is(&employee));
    /// assert!(heap.weakref(&employee, None)?.is(&r));       // shared
    /// drop(employee);
    /// assert!(!heap.call(&r, &[])?.is_none());              // eligible, not collected
    /// heap.collect();
    /// assert!(heap.call(&r, &[])?.is_none());
    /// assert_eq!(
    ///     heap.weakref(&heap.list(&[])?, None).unwrap_err().to_string(),
    ///     "TypeError: cannot create weak reference to 'list' object"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weakref(&self, obj: &Value, callback: Option<&Value>) -> Result<Value> {
        self.with(|cx| {
            let target = check_weakrefable(cx, &cx.val(obj)?)?;
            let cb = callback_val(cx, callback)?;
            Ok(cx.value(&Val::Obj(new_weakref(cx, target, WeakFlavor::Ref, cb))))
        })
    }

    /// `weakref.proxy(obj, callback)`: a proxy that forwards attribute access, `str`,
    /// comparisons, truth, `len`, item access, iteration and the weak containers'
    /// methods to `obj`, and is an instance (`isinstance`) of `obj`'s class as well as
    /// of its own type.
    ///
    /// Its type is `weakref.CallableProxyType` if `obj` is callable (then calls are
    /// forwarded too), else `weakref.ProxyType`, which is not callable. As in CPython,
    /// a comparison whose left operand is not a proxy asks that operand's own method
    /// first, with the proxy itself; a proxy on the left compares its referent with
    /// the other side unwrapped. Once `obj` is collected every forwarded operation
    /// raises `ReferenceError: weakly-referenced object no longer exists` (a list or
    /// dict holding the same dead proxy still equals itself). Proxies are unhashable;
    /// without a callback they are shared; a callback receives the proxy.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let e = heap.call(&cls, &[])?;
    /// heap.setattr(&e, "name", &"William".into())?;
    /// let p = heap.proxy(&e, None)?;
    /// assert_eq!(heap.getattr(&p, "name")?.as_str(), Some("William"));
    /// assert!(heap.isinstance(&p, &heap.builtin(Builtin::Proxy))?);
    /// drop(e);
    /// heap.collect();
    /// assert_eq!(heap.getattr(&p, "name").unwrap_err().to_string(),
    ///            "ReferenceError: weakly-referenced object no longer exists");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn proxy(&self, obj: &Value, callback: Option<&Value>) -> Result<Value> {
        let callable = self.is_callable(obj)?;
        self.with(|cx| {
            let target = check_weakrefable(cx, &cx.val(obj)?)?;
            let cb = callback_val(cx, callback)?;
            Ok(cx.value(&Val::Obj(new_weakref(
                cx,
                target,
                WeakFlavor::Proxy { callable },
                cb,
            ))))
        })
    }

    /// `weakref.KeyedRef(obj, callback, key)`: a weak reference to `obj` carrying
    /// `key` as its `key` attribute (which can be reassigned), the kind of reference a
    /// `WeakValueDictionary` holds its values by. Never shared, even without a callback.
    ///
    /// ```
    /// use lethe::{Builtin, Heap, Value};
    /// let heap = Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let kr = heap.keyed_ref(&o, None, &"k".into())?;
    /// assert!(heap.call(&kr, &[])?.is(&o));
    /// assert_eq!(heap.getattr(&kr, "key")?.as_str(), Some("k"));
    /// assert!(heap.isinstance(&kr, &heap.builtin(Builtin::Ref))?);
    /// assert!(!heap.keyed_ref(&o, None, &"k".into())?.is(&kr));
    /// assert_eq!(heap.keyed_ref(&Value::Int(1), None, &Value::None).unwrap_err().to_string(),
    ///            "TypeError: cannot create weak reference to 'int' object");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn keyed_ref(&self, obj: &Value, callback: Option<&Value>, key: &Value) -> Result<Value> {
        self.with(|cx| {
            let target = check_weakrefable(cx, &cx.val(obj)?)?;
            let cb = callback_val(cx, callback)?;
            let key = cx.val(key)?;
            Ok(cx.value(&Val::Obj(new_weakref(
                cx,
                target,
                WeakFlavor::Keyed { key },
                cb,
            ))))
        })
    }

    /// `weakref.ProxyTypes`: the tuple `(ProxyType, CallableProxyType)`, for
    /// [`isinstance`](Heap::isinstance) checks that accept either kind of proxy.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let f = heap.function("f", |_, _| Ok(lethe::Value::None));
    /// let p = heap.proxy(&f, None)?;
    /// assert!(heap.isinstance(&p, &heap.proxy_types()?)?);
    /// assert!(heap.isinstance(&p, &heap.builtin(Builtin::CallableProxy))?);
    /// assert!(!heap.isinstance(&heap.weakref(&f, None)?, &heap.proxy_types()?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn proxy_types(&self) -> Result<Value> {
        self.tuple(&[
            self.builtin(Builtin::Proxy),
            self.builtin(Builtin::CallableProxy),
        ])
    }

    /// Python's `callable(v)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert!(heap.is_callable(&heap.function("f", |_, _| Ok(lethe::Value::None)))?);
    /// assert!(!heap.is_callable(&1.into())?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_callable(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(match &data.kind {
                Kind::Function(_)
                | Kind::Method { .. }
                | Kind::BuiltinMethod { .. }
                | Kind::Class(_)
                | Kind::Finalizer(_) => true,
                Kind::WeakRef(w) => match w.flavor {
                    WeakFlavor::Proxy { callable } => callable,
                    _ => true,
                },
                _ => {
                    data.class.is_some()
                        && crate::protocols::find_in_class(cx, o, "__call__").is_some()
                }
            })
        })
    }

    /// `weakref.getweakrefcount(obj)`: how many weak references and proxies to `obj`
    /// exist (0 for objects that cannot be weakly referenced). A dropped reference
    /// counts until a collection frees it.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let _a = heap.weakref(&o, None)?;
    /// let _b = heap.proxy(&o, None)?;
    /// assert_eq!(heap.getweakrefcount(&o)?, 2);
    /// assert_eq!(heap.getweakrefcount(&1.into())?, 0);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn getweakrefcount(&self, obj: &Value) -> Result<usize> {
        self.with(|cx| {
            let Val::Obj(o) = cx.val(obj)? else {
                return Ok(0);
            };
            Ok(live_weakrefs(cx, o).len())
        })
    }

    /// `weakref.getweakrefs(obj)`: the weak references and proxies to `obj`, in
    /// CPython's order: the shared ref, the shared proxy, then the others newest first.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let cb = heap.function("cb", |_, _| Ok(lethe::Value::None));
    /// let r1 = heap.weakref(&o, Some(&cb))?;
    /// let basic = heap.weakref(&o, None)?;
    /// let r2 = heap.weakref(&o, Some(&cb))?;
    /// let refs = heap.getweakrefs(&o)?;
    /// assert!(refs[0].is(&basic) && refs[1].is(&r2) && refs[2].is(&r1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn getweakrefs(&self, obj: &Value) -> Result<Vec<Value>> {
        self.with(|cx| {
            let Val::Obj(o) = cx.val(obj)? else {
                return Ok(Vec::new());
            };
            Ok(in_cpython_order(cx, o)
                .into_iter()
                .filter_map(|entry| as_weakref(cx, entry))
                .map(|wr| cx.value(&Val::Obj(wr)))
                .collect())
        })
    }

    /// The referent of a weak reference (`r()`), or `None` once it is dead. For a
    /// proxy: its referent, or `None`.
    ///
    /// Errors: `TypeError` if `r` is not a weak reference.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.set(&[])?;
    /// let r = heap.weakref(&s, None)?;
    /// assert!(heap.referent(&r)?.unwrap().is(&s));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn referent(&self, r: &Value) -> Result<Option<Value>> {
        self.with(|cx| {
            let o = cx.obj(r).map_err(|e| match e {
                Error::RuntimeError(_) => e, // a handle of another heap
                _ => Error::TypeError(format!(
                    "expected a weak reference, not '{}'",
                    cx.val(r).map(|v| tp_name(cx, &v)).unwrap_or_default()
                )),
            })?;
            let data = o.borrow();
            match &data.kind {
                Kind::WeakRef(w) => Ok(w
                    .referent
                    .and_then(|t| t.upgrade(cx.mc))
                    .map(|t| cx.value(&Val::Obj(t)))),
                _ => Err(Error::TypeError(format!(
                    "expected a weak reference, not '{}'",
                    tp_name(cx, &Val::Obj(o))
                ))),
            }
        })
    }
}
