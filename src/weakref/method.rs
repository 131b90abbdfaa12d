//! `weakref.WeakMethod`, built on weak references with callbacks (as in CPython's
//! `Lib/weakref.py`).
//!
//! Invariant: a WeakMethod is a weak reference to the bound method's instance whose
//! flavor holds `func_ref`, a weak reference to the function; the first of the two to
//! die marks the WeakMethod dead and calls the user's callback, once. The collector
//! knows nothing of WeakMethod.

use crate::heap::Ctx;
use crate::object::{Kind, Val, WeakFlavor};
use crate::weakref::new_weakref;
use crate::{Args, Error, Heap, Result, Value};

/// The callback of both weak references of a WeakMethod: `captures[0]` is the user's
/// callback (or None), `captures[1]` (func_ref's callback only) the WeakMethod.
fn on_death(heap: &Heap, args: &Args<'_>) -> Result<Value> {
    let wm = match args.captures.get(1) {
        Some(wm) => wm.clone(),
        None => args.get(0)?.clone(),
    };
    let was_alive = heap.with(|cx: &Ctx<'_, '_>| -> Result<bool> {
        let o = cx.obj(&wm)?;
        let data = o.borrow();
        Ok(match &data.kind {
            Kind::WeakRef(w) => match &w.flavor {
                WeakFlavor::Method { .. } => w.kill_method(),
                _ => false,
            },
            _ => false,
        })
    })?;
    match args.captures.first() {
        Some(cb) if was_alive && !cb.is_none() => heap.call(cb, &[wm]).map(|_| Value::None),
        _ => Ok(Value::None),
    }
}

impl Heap {
    /// `weakref.WeakMethod(method, callback)`: a weak reference to a bound method,
    /// which dies when either its instance or its function is collected.
    ///
    /// Calling it gives a new bound method (same instance, same function) or `None`.
    /// `callback` runs once, with the WeakMethod, for whichever dies first. It is a
    /// `weakref.ReferenceType` and prints as a weak reference to the instance.
    ///
    /// Errors: `TypeError: argument should be a bound method, not <class 'function'>`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").method("hello", |_, _| Ok("hi".into())).build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let wm = heap.weak_method(&heap.getattr(&e, "hello")?, None)?;
    /// let m = heap.call(&wm, &[])?;
    /// assert_eq!(heap.call(&m, &[])?.as_str(), Some("hi"));
    /// drop((e, m));
    /// heap.collect();
    /// assert!(heap.call(&wm, &[])?.is_none());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_method(&self, method: &Value, callback: Option<&Value>) -> Result<Value> {
        let user_cb = callback.cloned().unwrap_or(Value::None);
        let trampoline = self.closure("_cb", std::slice::from_ref(&user_cb), on_death)?;
        let wm = self.with(|cx| -> Result<Value> {
            let m = cx.val(method)?;
            let not_method = || {
                let t = cx.type_of(&m);
                let name = crate::repr::plan_repr(cx, t, "__repr__");
                let text = match name {
                    crate::repr::Plan::Text(t) => t,
                    _ => "?".into(),
                };
                Error::TypeError(format!("argument should be a bound method, not {text}"))
            };
            let Val::Obj(mo) = m.clone() else {
                return Err(not_method());
            };
            let (func, receiver) = match &mo.borrow().kind {
                Kind::Method { func, receiver } => (Val::Obj(*func), receiver.clone()),
                // CPython asks `meth.__self__`, which a dead proxy refuses.
                kind if matches!(kind.proxy_target(cx.mc), Some(None)) => {
                    return Err(Error::dead_referent());
                }
                _ => return Err(not_method()),
            };
            let inst = crate::weakref::check_weakrefable(cx, &receiver)?;
            let func = crate::weakref::check_weakrefable(cx, &func)?;
            let func_ref = new_weakref(cx, func, WeakFlavor::Ref, Some(Val::None));
            let wm = new_weakref(
                cx,
                inst,
                WeakFlavor::Method { func_ref },
                Some(cx.val(&trampoline)?),
            );
            // func_ref's callback is set below, once the WeakMethod exists.
            if let Kind::WeakRef(w) = &mut func_ref.borrow_mut(cx.mc).kind {
                w.callback = None;
            }
            Ok(cx.value(&Val::Obj(wm)))
        })?;
        let func_cb = self.closure("_cb", &[user_cb, wm.clone()], on_death)?;
        self.with(|cx| -> Result<()> {
            let o = cx.obj(&wm)?;
            let func_ref = match &o.borrow().kind {
                Kind::WeakRef(w) => match &w.flavor {
                    WeakFlavor::Method { func_ref, .. } => *func_ref,
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            };
            let cb = cx.val(&func_cb)?;
            if let Kind::WeakRef(w) = &mut func_ref.borrow_mut(cx.mc).kind {
                w.callback = Some(cb);
            }
            Ok(())
        })?;
        Ok(wm)
    }
}
