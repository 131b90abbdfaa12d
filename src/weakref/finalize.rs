//! `weakref.finalize`, built on a weak reference whose callback is the finalizer
//! itself (as in CPython's `Lib/weakref.py`), and the heap's shutdown.
//!
//! Invariant: a finalizer is *alive* exactly while it is in the collector's finalizer
//! registry, which holds it strongly; it leaves the registry when it runs (called,
//! by its referent's death, or at shutdown) or is detached, and then never runs again.
//! Until something asks for its weak reference (`getweakrefs`), the finalizer stands
//! for it in its object's weak slot ([`FinalizerData`]): listed, cleared and queued
//! as the reference, numbered [`ref_number`]; once made, the reference is listed in
//! its place and the registry keeps it. A finalizer lets go of its reference
//! ([`release_entry`]) when detached, or once its function has returned when run.

use std::rc::Rc;

use gc_arena::Gc;

use crate::object::{FinalizerData, GcObj, Kind, StoredArgs, Val, WeakFlavor, WeakRefData};
use crate::repr::tp_name;
use crate::weakref::check_weakrefable;
use crate::{Error, Heap, Result, Value};

/// What `detach()` and `peek()` return: `(obj, func, args, kwargs)`.
///
/// Its fields are handles: while it is kept, `obj` is reachable and is not
/// collected, as in Python while a variable holds `f.peek()`. Drop it (or take out
/// what you need) once read.
///
/// ```
/// let heap = lethe::Heap::new();
/// let cls = heap.class("C").build()?;
/// let o = heap.call(&cls, &[])?;
/// let func = heap.function("func", |_, _| Ok(lethe::Value::None));
/// let f = heap.finalize(&o, &func, &[1.into()], &[("k", 2.into())])?;
/// let lethe::FinalizerInfo { obj, func: g, args, kwargs } = heap.finalizer_peek(&f)?.unwrap();
/// assert!(obj.is(&o) && g.is(&func));
/// assert_eq!(heap.repr(&args)?, "(1,)");
/// assert_eq!(heap.repr(&kwargs)?, "{'k': 2}");
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct FinalizerInfo {
    /// The object the finalizer watches.
    pub obj: Value,
    /// The function it will call.
    pub func: Value,
    /// Its positional arguments: a tuple, the same one each time it is asked.
    pub args: Value,
    /// Its keyword arguments: a dict, the same one each time it is asked if the
    /// finalizer was given any (what the program puts into it goes to the call, and a
    /// key that is not a string makes the call fail with `TypeError`); a new empty
    /// one each time if not (CPython's `info.kwargs or {}`).
    pub kwargs: Value,
}

/// A live finalizer's `(obj, func, args, kwargs)` as handles; its keyword arguments
/// are an error if the program put a key that is not a string into the dict
/// `peek()` or `detach()` handed out (CPython's call raises it).
pub(crate) type FinalizerParts = (Value, Value, FinalizerArgs, Result<Vec<(Rc<str>, Value)>>);

/// A finalizer's positional arguments, taken out to call it (most have one or two).
pub(crate) type FinalizerArgs = smallvec::SmallVec<[Value; 2]>;

impl Heap {
    /// `weakref.finalize(obj, func, *args, **kwargs)`: calls `func(*args, **kwargs)`
    /// once, when `obj` is collected, when the finalizer is called, or at heap shutdown
    /// (if its `atexit` is true, the default), whichever comes first.
    ///
    /// The heap keeps the finalizer alive until then, even if the application drops
    /// it. Finalizers of one object run newest first. As in CPython, the finalizer
    /// watches `obj` through a weak reference whose callback is the finalizer:
    /// [`getweakrefcount`](Heap::getweakrefcount) counts it and
    /// [`getweakrefs`](Heap::getweakrefs) lists it (the reference object is made when
    /// first listed; until then the finalizer stands for it).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let log = heap.list(&[])?;
    /// let note = heap.closure("note", &[log.clone()], |heap, a| {
    ///     heap.list_append(&a.captures[0], a.get(0)?)?;
    ///     Ok(lethe::Value::None)
    /// })?;
    /// let f = heap.finalize(&e, &note, &["bye".into()], &[])?;
    /// assert!(heap.finalizer_alive(&f)?);
    /// assert_eq!(heap.getweakrefcount(&e)?, 1);
    /// drop(e);
    /// let report = heap.collect();
    /// assert_eq!(report.finalizers_run, 1);
    /// assert_eq!(heap.repr(&log)?, "['bye']");
    /// assert!(!heap.finalizer_alive(&f)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn finalize(
        &self,
        obj: &Value,
        func: &Value,
        args: &[Value],
        kwargs: &[(&str, Value)],
    ) -> Result<Value> {
        self.with(|cx| {
            let target_val = cx.val(obj)?;
            let target = check_weakrefable(cx, &target_val)?;
            let func = cx.val(func)?;
            let stored = match (args, kwargs) {
                ([arg], []) => StoredArgs::One(cx.val(arg)?),
                _ => {
                    // (Pushed one by one: collecting through `Result` cost ~200
                    // instructions for a single argument.)
                    let mut arg_vals = Vec::with_capacity(args.len());
                    for v in args {
                        arg_vals.push(cx.val(v)?);
                    }
                    let mut kwarg_vals = Vec::with_capacity(kwargs.len());
                    for (k, v) in kwargs {
                        kwarg_vals.push((Rc::from(*k), cx.val(v)?));
                    }
                    StoredArgs::new(arg_vals, kwarg_vals)
                }
            };
            let referent_id = target.borrow().id();
            let data = FinalizerData::new(target, referent_id, func, stored);
            let f = cx.alloc(Kind::Finalizer(data), None);
            // The number of the weak reference it stands for (`ref_number`).
            cx.heap.fresh_id();
            crate::weakref::list_in_slot(cx, target, referent_id, f, false);
            cx.state().finalizers.insert(cx.mc, f);
            let registered = &cx.heap.collector.finalizers_registered;
            registered.set(registered.get() + 1);
            Ok(cx.value(&Val::Obj(f)))
        })
    }

    /// Takes finalizer `f` out of the registry; returns its parts if it was alive.
    fn take_finalizer(&self, f: &Value, how: Take) -> Result<Option<FinalizerParts>> {
        let attr = match how {
            Take::Peek => "peek",
            Take::Detach => "detach",
            Take::Run | Take::RunWithoutFunc => "__call__",
        };
        self.with(|cx| Ok(take_finalizer_in(cx, finalizer_obj(cx, f, attr)?, how)))
    }

    /// Runs finalizer `f` now, if it is alive: `f()`. Returns what its function
    /// returned, or `None` if it had already run or been detached. After shutdown it
    /// only takes the finalizer out (CPython's `finalize._shutdown`).
    pub(crate) fn run_finalizer(&self, f: &Value) -> Result<Value> {
        let Some((_, func, args, kwargs)) = self.take_finalizer(f, Take::Run)? else {
            return Ok(Value::None);
        };
        let result = match self.collector.shut_down.get() {
            false => kwargs.and_then(|kwargs| self.call_full(&func, &args, &kwargs)),
            true => Ok(Value::None),
        };
        self.with(|cx| {
            if let Ok(o) = cx.obj(f) {
                release_entry(cx, o);
            }
        });
        result
    }

    /// `finalize.detach()`: unregisters the finalizer and returns `(obj, func, args,
    /// kwargs)`, or `None` if it was dead (or its object was already collected).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let f = heap.finalize(&o, &heap.function("f", |_, _| Ok(lethe::Value::None)), &[], &[])?;
    /// let info = heap.finalizer_detach(&f)?.unwrap();
    /// assert!(info.obj.is(&o));
    /// assert!(heap.finalizer_detach(&f)?.is_none());
    /// assert!(heap.call(&f, &[])?.is_none());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn finalizer_detach(&self, f: &Value) -> Result<Option<FinalizerInfo>> {
        self.finalizer_info(f, true)
    }

    /// `finalize.peek()`: `(obj, func, args, kwargs)` while alive, else `None`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let f = heap.finalize(&o, &heap.function("f", |_, _| Ok(1.into())), &[2.into()], &[])?;
    /// let info = heap.finalizer_peek(&f)?.unwrap();
    /// assert_eq!(heap.repr(&info.args)?, "(2,)");
    /// assert_eq!(heap.call(&f, &[])?.as_int(), Some(1));
    /// assert!(heap.finalizer_peek(&f)?.is_none());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn finalizer_peek(&self, f: &Value) -> Result<Option<FinalizerInfo>> {
        self.finalizer_info(f, false)
    }

    /// `peek()` or `detach()`: the arguments as the tuple and dict handed out the first
    /// time, made then and kept (CPython keeps `info.args` and `info.kwargs`, so
    /// `f.peek()[2] is f.peek()[2]`, and a key put into `f.peek()[3]` is passed to
    /// the function; with no keyword arguments each call gives a new empty dict).
    fn finalizer_info(&self, f: &Value, remove: bool) -> Result<Option<FinalizerInfo>> {
        let how = if remove { Take::Detach } else { Take::Peek };
        let made = self.with(|cx| {
            let o = finalizer_obj(cx, f, if remove { "detach" } else { "peek" })?;
            Ok(match &o.borrow().kind {
                Kind::Finalizer(d) => match &d.args {
                    StoredArgs::Made(m) => Some((cx.value(&m.args), cx.value(&m.kwargs))),
                    _ => None,
                },
                _ => None,
            })
        })?;
        let Some((obj, func, args, kwargs)) = self.take_finalizer(f, how)? else {
            return Ok(None);
        };
        if obj.is_none() {
            return Ok(None);
        }
        let (args, kwargs) = match made {
            Some((args, kwargs)) => (args, kwargs),
            None => {
                let args = self.tuple(&args)?;
                // (Made from the stored arguments: no key but strings.)
                let kw: Vec<(Value, Value)> = kwargs?
                    .into_iter()
                    .map(|(k, v)| (Value::Str(k.into()), v))
                    .collect();
                let kwargs = match kw.is_empty() {
                    true => Value::None,
                    false => self.dict(&kw)?,
                };
                if !remove {
                    self.with(|cx| keep_made(cx, f, &args, &kwargs));
                }
                (args, kwargs)
            }
        };
        let kwargs = match kwargs {
            Value::None => self.dict(&[])?,
            kwargs => kwargs,
        };
        Ok(Some(FinalizerInfo {
            obj,
            func,
            args,
            kwargs,
        }))
    }

    /// `finalize.alive`: whether the finalizer has yet to run (and was not detached).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let f = heap.finalize(&o, &heap.function("f", |_, _| Ok(lethe::Value::None)), &[], &[])?;
    /// assert!(heap.finalizer_alive(&f)?);
    /// heap.call(&f, &[])?;
    /// assert!(!heap.finalizer_alive(&f)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn finalizer_alive(&self, f: &Value) -> Result<bool> {
        self.with(|cx| {
            let o = finalizer_obj(cx, f, "alive")?;
            Ok(is_alive(cx, o))
        })
    }

    /// `finalize.atexit`: whether the finalizer runs at heap shutdown if still alive
    /// (false once dead).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let f = heap.finalize(&o, &heap.function("f", |_, _| Ok(lethe::Value::None)), &[], &[])?;
    /// assert!(heap.finalizer_atexit(&f)?);
    /// heap.set_finalizer_atexit(&f, false)?;
    /// assert!(!heap.finalizer_atexit(&f)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn finalizer_atexit(&self, f: &Value) -> Result<bool> {
        self.with(|cx| {
            let o = finalizer_obj(cx, f, "atexit")?;
            let alive = is_alive(cx, o);
            Ok(alive && matches!(&o.borrow().kind, Kind::Finalizer(d) if d.atexit()))
        })
    }

    /// Sets `finalize.atexit` (ignored once the finalizer is dead).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let f = heap.finalize(&o, &heap.function("f", |_, _| Ok(lethe::Value::None)), &[], &[])?;
    /// heap.set_finalizer_atexit(&f, false)?;
    /// assert!(!heap.finalizer_atexit(&f)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn set_finalizer_atexit(&self, f: &Value, atexit: bool) -> Result<()> {
        self.with(|cx| {
            let o = finalizer_obj(cx, f, "atexit")?;
            if let Kind::Finalizer(d) = &o.borrow().kind {
                d.set_atexit(atexit);
            }
            Ok(())
        })
    }

    /// Shuts the heap down: finishes a collection whose sweep [`step`](Heap::step)s
    /// had started (the weak references to what it frees already read dead, so their
    /// callbacks run), or whose callbacks allocated and left it a follow-up pass to
    /// run (its errors are among those returned), then runs every live finalizer whose `atexit` is true, newest
    /// first (one registered during shutdown runs next), reporting errors and going on.
    /// Returns the errors. Afterwards `collect()` and `step()` do nothing, so no memory
    /// is freed until the heap is dropped, which frees everything, and a finalizer
    /// called, or called back by its object's death, leaves and runs nothing (as
    /// CPython's after `finalize._exitfunc`). Called by a callback during a collection,
    /// it lets that collection finish its pass but not start another: a collection
    /// that [`step`](Heap::step)s drive goes on at the next steps, and
    /// [`collect`](Heap::collect), another `shutdown()` (which returns that pass's
    /// errors) or dropping the heap finish it, so its callbacks run. Dropping a heap
    /// shuts it down first.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let log = heap.list(&[])?;
    /// for name in ["first", "second"] {
    ///     let f = heap.closure(name, &[log.clone()], |heap, a| {
    ///         heap.list_append(&a.captures[0], &a.function_name().into())?;
    ///         Ok(lethe::Value::None)
    ///     })?;
    ///     heap.finalize(&o, &f, &[], &[])?;
    /// }
    /// assert!(heap.shutdown().is_empty());
    /// assert_eq!(heap.repr(&log)?, "['second', 'first']");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn shutdown(&self) -> Vec<crate::CallbackError> {
        if self.collector.shutting_down.get() {
            return Vec::new();
        }
        if self.collector.shut_down.get() {
            // The pass of a collection that shut the heap down from inside, which
            // steps had not finished: finished now, its callbacks run.
            if !self.collector.active.get() && self.pass_to_finish() {
                let report = self.finish_current_cycle();
                return report.errors;
            }
            return Vec::new();
        }
        if self.collector.active.get() {
            self.collector.finish_pass.set(true);
        }
        // A stepped collection in the middle of its sweep: the weak references to
        // what it frees already read dead, so it is finished and their callbacks run.
        // So is one whose sweep is over but whose callbacks allocated: its follow-up
        // pass (which frees what they made and dropped) completes it and its report.
        if !self.collector.active.get()
            && (self.phase() == gc_arena::arena::CollectionPhase::Sweeping
                || self.collector.follow_ups.get() > 0)
        {
            let report = self.finish_current_cycle();
            self.collector
                .shutdown_errors
                .borrow_mut()
                .extend(report.errors);
        }
        self.collector.shutting_down.set(true);
        let _span = tracing::info_span!(target: "lethe", "shutdown").entered();
        let mut ran = 0;
        // As CPython's `finalize._exitfunc`: the atexit finalizers, in registration
        // order, run newest first; selected again when one of them registers
        // another.
        let mut pending: Vec<Value> = Vec::new();
        let mut selected_at = None;
        loop {
            let registered = self.collector.finalizers_registered.get();
            if selected_at != Some(registered) {
                selected_at = Some(registered);
                pending = self.with(|cx| {
                    let st = cx.root.state.borrow();
                    st.finalizers
                        .iter()
                        .filter(|f| matches!(&f.borrow().kind, Kind::Finalizer(d) if d.atexit()))
                        .map(|f| cx.value(&Val::Obj(f)))
                        .collect()
                });
            }
            let Some(f) = pending.pop() else { break };
            // (One may have run or been detached by another's function meanwhile.)
            if !self.finalizer_alive(&f).unwrap_or(false) {
                continue;
            }
            let result = self.run_finalizer(&f);
            ran += 1;
            tracing::debug!(
                target: "lethe",
                finalizer = format_args!("{:#x}", self.id(&f).unwrap_or(0)),
                ok = result.is_ok(),
                "finalizer run at shutdown"
            );
            if let Err(e) = result {
                self.report_error(&f, e);
            }
        }
        self.collector.shut_down.set(true);
        self.collector.shutting_down.set(false);
        let errors = std::mem::take(&mut *self.collector.shutdown_errors.borrow_mut());
        tracing::info!(
            target: "lethe",
            finalizers = ran,
            errors = errors.len(),
            live_objects = self.live_objects(),
            weakrefs = self.live_weakrefs(),
            pending_finalizers = self.pending_finalizers(),
            "shutdown finished"
        );
        errors
    }
}

/// What `take_finalizer` does with a live finalizer.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Take {
    /// `peek()`: leaves it registered.
    Peek,
    /// `detach()`: unregisters it if its object is alive.
    Detach,
    /// `f()`: unregisters it to run it.
    Run,
    /// As `Run`, for a caller that already holds the function (a native function
    /// taken out of the arena): the parts' function is `None`.
    RunWithoutFunc,
}

impl Drop for Heap {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Takes finalizer `o` out of the registry (unless peeking) within an arena pass;
/// returns its parts if it was alive.
pub(crate) fn take_finalizer_in<'gc>(
    cx: &crate::heap::Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    how: Take,
) -> Option<FinalizerParts> {
    // Running it takes it out of the registry at once; the others look first.
    let registered = match how {
        Take::Run | Take::RunWithoutFunc => cx.state().finalizers.remove(cx.mc, o),
        Take::Peek | Take::Detach => is_alive(cx, o),
    };
    if !registered {
        return None;
    }
    if matches!(how, Take::Run | Take::RunWithoutFunc) {
        // A run does not pass the object: it is not looked up.
        return Some(take_parts(cx, o, how));
    }
    let target = watched(cx, o);
    // CPython's detach() unregisters only while the object lives: a finalizer whose
    // object died in this collection still runs.
    if how == Take::Detach && target.is_none() {
        return None;
    }
    let mut parts = if how == Take::Peek {
        match &o.borrow().kind {
            Kind::Finalizer(d) => parts_of(d, true, |v| cx.value(v)),
            _ => return None,
        }
    } else {
        cx.state().finalizers.remove(cx.mc, o);
        take_parts(cx, o, how)
    };
    parts.0 = target.map_or(Value::None, |t| cx.value(&Val::Obj(t)));
    Some(parts)
}

/// A finalizer's parts as `value` hands them out: its function (`None` unless
/// `with_func`), positional and keyword arguments (the object is left `None`).
fn parts_of<'gc>(
    d: &FinalizerData<'gc>,
    with_func: bool,
    value: impl Fn(&Val<'gc>) -> Value,
) -> FinalizerParts {
    let func = if with_func {
        value(&d.func)
    } else {
        Value::None
    };
    // Pushed one by one: collecting into a `SmallVec` costs several times as much.
    let mut args = FinalizerArgs::new();
    let Some(stored) = d.args.args() else {
        return made_parts(d, func, value);
    };
    for v in stored {
        args.push(value(v));
    }
    // (Most have none: collecting from an empty slice still cost ~60 instructions.)
    let kw = d.args.kwargs();
    let kwargs = match kw.is_empty() {
        true => Vec::new(),
        false => kw.iter().map(|(k, v)| (k.clone(), value(v))).collect(),
    };
    (Value::None, func, args, Ok(kwargs))
}

/// [`parts_of`] a finalizer whose arguments were handed out ([`StoredArgs::Made`]):
/// the tuple's items and the dict's entries as they are now.
fn made_parts<'gc>(
    d: &FinalizerData<'gc>,
    func: Value,
    value: impl Fn(&Val<'gc>) -> Value,
) -> FinalizerParts {
    let StoredArgs::Made(m) = &d.args else {
        return (Value::None, func, FinalizerArgs::new(), Ok(Vec::new()));
    };
    let mut args = FinalizerArgs::new();
    if let Val::Obj(t) = &m.args
        && let Kind::Tuple(items) = &t.borrow().kind
    {
        args.extend(items.iter().map(&value));
    }
    let mut kwargs = Ok(Vec::new());
    if let Val::Obj(k) = &m.kwargs
        && let Kind::Dict(table) = &k.borrow().kind
    {
        kwargs = table
            .iter()
            .map(|(_, e)| {
                // A str, or an instance of a subclass of str (CPython takes both).
                let name = match &e.key {
                    Val::Str(name) => Some(Rc::from(name.as_str())),
                    Val::Obj(o) => match &o.borrow().kind {
                        Kind::Str(name) => Some(Rc::from(name.as_str())),
                        _ => None,
                    },
                    _ => None,
                };
                match name {
                    Some(name) => Ok((name, value(&e.value))),
                    None => Err(Error::TypeError("keywords must be strings".into())),
                }
            })
            .collect();
    }
    (Value::None, func, args, kwargs)
}

/// Moves the parts out of finalizer `o`, taken out of the registry and dead from
/// now on: it lets go of what it would have called (CPython drops the registry's
/// record), and of its weak reference ([`release_entry`]) at once if detached, after
/// the function if run (the function still has it, as CPython's `__call__` holds the
/// record while it calls). A run gets
/// its function (not for `RunWithoutFunc`: the caller holds it already) and
/// arguments under scratch handles, which hold them for the call; `detach()` gets
/// handles.
fn take_parts<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, o: GcObj<'gc>, how: Take) -> FinalizerParts {
    let mut data = o.borrow_mut(cx.mc);
    let Kind::Finalizer(d) = &mut data.kind else {
        return (
            Value::None,
            Value::None,
            FinalizerArgs::new(),
            Ok(Vec::new()),
        );
    };
    let parts = match how {
        Take::Run | Take::RunWithoutFunc => parts_of(d, how == Take::Run, |v| cx.scratch_value(v)),
        Take::Peek | Take::Detach => parts_of(d, true, |v| cx.value(v)),
    };
    d.func = Val::None;
    d.args = StoredArgs::Other(None);
    drop(data);
    if how == Take::Detach {
        release_entry(cx, o);
    }
    parts
}

/// Keeps `args` and `kwargs`, just handed out by `peek()`, as finalizer `f`'s
/// arguments ([`StoredArgs::Made`]) if it is still alive and they were not made
/// before (making them ran no user code, so neither can have changed).
fn keep_made(cx: &crate::heap::Ctx<'_, '_>, f: &Value, args: &Value, kwargs: &Value) {
    let Ok(o) = cx.obj(f) else { return };
    if !is_alive(cx, o) {
        return;
    }
    let (Ok(a), Ok(k)) = (cx.val(args), cx.val(kwargs)) else {
        return;
    };
    let mut data = o.borrow_mut(cx.mc);
    if let Kind::Finalizer(d) = &mut data.kind
        && !matches!(d.args, StoredArgs::Made(_))
    {
        d.args = StoredArgs::Made(Box::new(crate::object::MadeArgs { args: a, kwargs: k }));
    }
}

/// The allocation number of the weak reference finalizer number `id` stands for
/// (reserved for it when the finalizer was made; the reference's object, if
/// `getweakrefs` asks for it, is made under it): it orders the finalizer's callback
/// among its object's others and names it in the logs, as CPython's `ref(obj, self)`.
pub(crate) fn ref_number(id: u64) -> u64 {
    id + 1
}

/// The object finalizer `f` watches, while it lives and the finalizer is alive.
pub(crate) fn watched<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, f: GcObj<'gc>) -> Option<GcObj<'gc>> {
    let data = f.borrow();
    let Kind::Finalizer(d) = &data.kind else {
        return None;
    };
    if let Some(r) = d.referent {
        return r.upgrade(cx.mc);
    }
    if !d.ref_made() {
        return None;
    }
    let wr = cx.root.state.borrow().finalizers.made_ref(data.id())?;
    crate::protocols::referent_of(cx, wr)
}

/// The weak reference `ref(obj, f)` finalizer `f` watches its object through, as
/// CPython's finalizer holds one: made now, under the number reserved for it, if `f`
/// has stood for it in its object's slot until now, and listed there in its place.
/// `None` if `f` has let go of it (`release_entry`) or no longer watches a live
/// object.
pub(crate) fn finalizer_ref<'gc>(
    cx: &crate::heap::Ctx<'_, 'gc>,
    f: GcObj<'gc>,
) -> Option<GcObj<'gc>> {
    let data = f.borrow();
    let Kind::Finalizer(d) = &data.kind else {
        return None;
    };
    let id = data.id();
    if d.ref_made() {
        return cx.root.state.borrow().finalizers.made_ref(id);
    }
    // (A finalizer that let go of its reference has no referent.)
    let target = d.referent?.upgrade(cx.mc)?;
    let referent_id = d.referent_id();
    drop(data);
    // (Alive, or running: it left the registry and keeps its reference until the
    // function returns.)
    let wd = WeakRefData::new(
        target,
        referent_id,
        Some(Val::Obj(f)),
        WeakFlavor::Ref,
        false,
    );
    let wr = cx.alloc_numbered(Kind::WeakRef(wd), None, ref_number(id));
    let mut st = cx.state();
    st.weak_slots
        .replace(cx.mc, referent_id, Gc::downgrade(f), Gc::downgrade(wr));
    st.finalizers.keep_ref(id, wr);
    drop(st);
    if let Kind::Finalizer(d) = &mut f.borrow_mut(cx.mc).kind {
        d.referent = None;
        d.set_ref_made();
    }
    Some(wr)
}

/// Finalizer `o`, taken out of the registry, lets go of its weak reference, as
/// CPython's record is freed: the reference it stands for is cleared (it stops
/// counting), a made one is no longer kept (it counts until a collection frees it,
/// unless the program holds it; its callback stays the finalizer, as CPython's). A
/// detached finalizer lets go at once; a run one after its function returns.
pub(crate) fn release_entry<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, o: GcObj<'gc>) {
    let mut data = o.borrow_mut(cx.mc);
    let id = data.id();
    let Kind::Finalizer(d) = &mut data.kind else {
        return;
    };
    d.referent = None;
    if d.ref_made() {
        drop(data);
        cx.state().finalizers.drop_ref(id);
    }
}

/// Whether running finalizer `o` has a weak reference to let go of after its
/// function ([`release_entry`]).
pub(crate) fn holds_entry(o: GcObj<'_>) -> bool {
    matches!(&o.borrow().kind, Kind::Finalizer(d) if d.referent.is_some() || d.ref_made())
}

/// Whether finalizer `o` is alive (registered).
pub(crate) fn is_alive<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    match &o.borrow().kind {
        Kind::Finalizer(d) => cx.root.state.borrow().finalizers.contains(o, d.place),
        _ => false,
    }
}

/// Finalizer `f`, whose attribute `attr` (`alive`, `detach`…) the caller stands for;
/// else CPython's `AttributeError` for that attribute of `f` (a proxy forwards it to
/// its referent, `ReferenceError` once dead; a finalizer cannot be weakly referenced,
/// so the referent is never one).
fn finalizer_obj<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, f: &Value, attr: &str) -> Result<GcObj<'gc>> {
    let no_attr = |v: &Val<'gc>| {
        Error::AttributeError(format!(
            "'{}' object has no attribute '{attr}'",
            tp_name(cx, v)
        ))
    };
    let o = match cx.val(f)? {
        Val::Obj(o) => o,
        v => return Err(no_attr(&v)),
    };
    let kind = &o.borrow().kind;
    if let Kind::Finalizer(_) = kind {
        return Ok(o);
    }
    let named = match kind.proxy_target(cx.mc) {
        Some(t) => t.ok_or_else(Error::dead_referent)?,
        None => o,
    };
    Err(no_attr(&Val::Obj(named)))
}
