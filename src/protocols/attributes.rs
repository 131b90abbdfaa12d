//! Attributes: `getattr`, `hasattr`, `setattr` and `delattr` on instances, classes and
//! builtin values, with CPython's lookup order (data descriptors on the class, the
//! instance's own attributes, the rest of the class, `__getattr__`), the builtin
//! methods and read-only attributes of builtin values, and the `__weakref__`
//! descriptor a class with `__slots__` may or may not have.
//!
//! Invariant: an attribute write either stores the value or raises CPython's error,
//! never both; what CPython keeps in an object's struct (`__class__`, `__name__`,
//! `__bases__`…) is checked and stored there rather than among the attributes.

use std::rc::Rc;

use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::repr::{name_of, tp_name};
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

use super::{bind, find_in_class, is_user_instance, mro_attr};

/// A bound method's `__doc__` (its function's, through a getset without a setter)
/// set or deleted.
fn method_doc_readonly() -> Error {
    Error::AttributeError("attribute '__doc__' of 'method' objects is not writable".into())
}

/// `__doc__` set or deleted on an object without a `__dict__` whose type holds it as
/// a plain attribute (every builtin type: `None`, an int, a list, a weak reference,
/// a `finalize`…).
fn doc_read_only<'gc>(cx: &Ctx<'_, 'gc>, x: &Val<'gc>) -> Error {
    Error::AttributeError(format!(
        "'{}' object attribute '__doc__' is read-only",
        tp_name(cx, x)
    ))
}

/// Whether `o` keeps attributes of its own (an instance of a user class, a class, a
/// function, a weak container: classes of `weakref.py` in CPython, whose instances
/// have a `__dict__`).
fn has_own_attributes(o: GcObj<'_>) -> bool {
    let data = o.borrow();
    data.class.is_some()
        || matches!(
            data.kind,
            Kind::Class(_) | Kind::Function(_) | Kind::WeakContainer(_)
        )
}

/// `setattr` of what CPython keeps in an object's struct: a function's or user
/// class's `__name__`/`__qualname__` (a string, a str subclass's instance by its
/// text, else CPython's TypeError), a user class's `__mro__` (read-only) and
/// `__bases__` (TypeError: a non-tuple as CPython; a tuple, a documented limit). A
/// user class's `__module__` is noted for its repr (a string, else none) and `None`
/// is returned, as for any other object and name: the caller stores it among the
/// attributes.
fn set_struct_attr<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    name: &str,
    v: &Val<'gc>,
) -> Option<Result<()>> {
    // A string, or a str subclass's instance, by its text.
    let text = match v {
        Val::Str(s) => Some(Rc::<str>::from(&**s)),
        Val::Obj(s) => match &s.borrow().kind {
            Kind::Str(s) => Some(Rc::from(&**s)),
            _ => None,
        },
        _ => None,
    };
    if matches!(name, "__module__" | "__bases__" | "__mro__") {
        let is_tuple = matches!(v, Val::Obj(t) if matches!(t.borrow().kind, Kind::Tuple(_)));
        let mut data = o.borrow_mut(cx.mc);
        let Kind::Class(c) = &mut data.kind else {
            return None;
        };
        if c.builtin.is_some() {
            return None; // "cannot set … of immutable type", by the caller
        }
        return match name {
            "__module__" => {
                c.module = text;
                None
            }
            "__mro__" => Some(Err(Error::AttributeError("readonly attribute".into()))),
            _ if is_tuple => {
                let class = c.name.clone();
                drop(data);
                // CPython's checks of the new bases come before lethe's refusal.
                let Val::Obj(t) = v else { return None };
                let Kind::Tuple(items) = &t.borrow().kind else {
                    return None;
                };
                let not_class = items.iter().find(
                    |b| !matches!(b, Val::Obj(o) if matches!(o.borrow().kind, Kind::Class(_))),
                );
                Some(Err(Error::TypeError(match not_class {
                    _ if items.is_empty() => {
                        format!("can only assign non-empty tuple to {class}.__bases__, not ()")
                    }
                    Some(b) => format!(
                        "{class}.__bases__ must be tuple of classes, not '{}'",
                        tp_name(cx, b)
                    ),
                    None => "__bases__ assignment is not supported".into(),
                })))
            }
            _ => {
                let class = c.name.clone();
                drop(data);
                Some(Err(Error::TypeError(format!(
                    "can only assign tuple to {class}.__bases__, not {}",
                    tp_name(cx, v)
                ))))
            }
        };
    }
    let mut data = o.borrow_mut(cx.mc);
    let qualname = name == "__qualname__";
    let (slot, owner) = match &mut data.kind {
        Kind::Function(f) => {
            let names = Rc::make_mut(&mut f.names);
            (
                if qualname {
                    &mut names.qualname
                } else {
                    &mut names.name
                },
                None,
            )
        }
        Kind::Class(c) if c.builtin.is_none() => {
            let owner = c.name.clone();
            (
                if qualname {
                    &mut c.qualname
                } else {
                    &mut c.name
                },
                Some(owner),
            )
        }
        _ => return None,
    };
    Some(match (text, owner) {
        (Some(text), _) => {
            *slot = text;
            Ok(())
        }
        (_, None) => Err(Error::TypeError(format!(
            "{name} must be set to a string object"
        ))),
        (_, Some(class)) => {
            drop(data);
            Err(Error::TypeError(format!(
                "can only assign string to {class}.{name}, not '{}'",
                tp_name(cx, v)
            )))
        }
    })
}

/// What CPython's `object.__class__` setter says to `x.__class__ = v`: a non-class
/// is refused, and only an instance of a user class (a mutable type) may change to a
/// user class (here, a documented limit, it may not). `None` for a builtin type,
/// which refuses first as an immutable type (the caller's message).
fn class_assignment_error<'gc>(cx: &Ctx<'_, 'gc>, x: &Val<'gc>, v: &Val<'gc>) -> Option<Error> {
    let mut instance = false;
    // The types `weakref.py` defines with `__slots__` (finalize, WeakMethod,
    // KeyedRef): a user class's instances are laid out otherwise. (The weak
    // containers' lay-out is a user instance's: "not supported", as for one.)
    let mut slotted = None;
    if let Val::Obj(o) = x {
        let data = o.borrow();
        if let Kind::Class(c) = &data.kind
            && c.builtin.is_some()
        {
            return None;
        }
        instance = data.class.is_some();
        match &data.kind {
            Kind::WeakContainer(_) => instance = true,
            Kind::Finalizer(_) => slotted = Some("finalize"),
            Kind::WeakRef(w) => match w.flavor {
                WeakFlavor::Method(_) => slotted = Some("WeakMethod"),
                WeakFlavor::Keyed { .. } => slotted = Some("KeyedRef"),
                _ => {}
            },
            _ => {}
        }
    }
    // Whether `v` is a class, and a user class.
    let user_class = match v {
        Val::Obj(c) => match &c.borrow().kind {
            Kind::Class(c) => Some(c.builtin.is_none()),
            _ => None,
        },
        _ => None,
    };
    Some(Error::TypeError(match user_class {
        None => format!(
            "__class__ must be set to a class, not '{}' object",
            tp_name(cx, v)
        ),
        Some(true) if let Some(own) = slotted => format!(
            "__class__ assignment: '{}' object layout differs from '{own}'",
            match v {
                Val::Obj(c) => name_of(*c).unwrap_or_default(),
                _ => String::new(),
            }
        ),
        Some(true) if instance => "__class__ assignment is not supported".to_string(),
        Some(_) => "__class__ assignment only supported for mutable types or ModuleType \
                    subclasses"
            .to_string(),
    }))
}

/// Where a lookup of `__weakref__` along class `class`'s MRO (itself first) stops,
/// as CPython's finds the name in the classes' namespaces: the first class with
/// `__weakref__` in its namespace gives that value; a class that owns a
/// `__weakref__` descriptor ([`owns_weakref_descriptor`]) gives that descriptor,
/// which CPython keeps in its namespace.
enum WeakrefFound<'gc> {
    /// A value set in a class's namespace.
    Value(Val<'gc>),
    /// The descriptor of this class.
    Owner(GcObj<'gc>),
}

fn find_weakref_along<'gc>(class: GcObj<'gc>) -> Option<WeakrefFound<'gc>> {
    let data = class.borrow();
    let Kind::Class(c) = &data.kind else {
        return None;
    };
    for k in std::iter::once(class).chain(c.mro.iter().copied()) {
        let kd = k.borrow();
        if let Some(v) = kd.attr("__weakref__") {
            return Some(WeakrefFound::Value(v.clone()));
        }
        if owns_weakref_descriptor(&kd) {
            return Some(WeakrefFound::Owner(k));
        }
    }
    None
}

/// Whether a class (given its data) has a `__weakref__` descriptor of its own, as
/// CPython's: a user class whose first base of its layout is a builtin type whose
/// instances have no weak reference list (`object`, `float`, `str`, `list` or `dict`),
/// so that the class adds one; or `WeakMethod` or a weak container (classes of
/// `Lib/weakref.py` and `Lib/_weakrefset.py` there). Not once its namespace entry
/// was replaced or deleted.
fn owns_weakref_descriptor(kd: &crate::object::ObjectData<'_>) -> bool {
    let Kind::Class(kc) = &kd.kind else {
        return false;
    };
    if matches!(
        kc.weakref_descriptor,
        crate::object::WeakrefDescriptor::Removed
    ) {
        return false;
    }
    if let Some(b) = kc.builtin {
        return matches!(
            b.0,
            Builtin::WeakMethod
                | Builtin::WeakValueDictionary
                | Builtin::WeakKeyDictionary
                | Builtin::WeakSet
        );
    }
    let layout = kc.layout.0;
    matches!(
        layout,
        Builtin::Object | Builtin::Float | Builtin::Str | Builtin::List | Builtin::Dict
    ) && kc.bases.iter().find_map(|b| match &b.borrow().kind {
        Kind::Class(bc) if bc.layout.0 == layout => Some(bc.builtin.is_some()),
        _ => None,
    }) == Some(true)
}

/// The owner of the `__weakref__` descriptor an object's lookup of that name finds
/// along its type's MRO (a data descriptor: before the object's own attributes), if
/// it finds one; `None` if it finds another value or nothing (the ordinary lookup
/// answers).
fn weakref_descriptor_owner<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Option<GcObj<'gc>> {
    match find_weakref_along(cx.type_of_obj(o))? {
        WeakrefFound::Owner(k) => Some(k),
        WeakrefFound::Value(v) => descriptor_owner(&v),
    }
}

/// The owner of the `__weakref__` descriptor that an object's lookup of attribute
/// `name` finds along its type's MRO, if it finds one: a data descriptor, which comes
/// before the object's own attributes. Under `__weakref__`, the one its class owns
/// or inherits ([`weakref_descriptor_owner`]); under another name, one a program
/// stored in a class's namespace (looked for only once a descriptor was made).
#[inline]
fn data_descriptor_owner<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<GcObj<'gc>> {
    if name == "__weakref__" {
        return weakref_descriptor_owner(cx, o);
    }
    if !cx.heap.weakref_descriptors_made.get() {
        return None;
    }
    stored_descriptor_owner(cx, o, name)
}

/// The owner of a `__weakref__` descriptor stored in a class's namespace under
/// `name`, as `o`'s lookup finds it ([`data_descriptor_owner`]'s slow part).
fn stored_descriptor_owner<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    name: &str,
) -> Option<GcObj<'gc>> {
    descriptor_owner(&find_in_class(cx, o, name)?)
}

/// The owner of `v`, if it is a `__weakref__` descriptor.
fn descriptor_owner<'gc>(v: &Val<'gc>) -> Option<GcObj<'gc>> {
    match v {
        Val::Obj(d) => match &d.borrow().kind {
            Kind::WeakrefDescriptor(owner) => Some(*owner),
            _ => None,
        },
        _ => None,
    }
}

/// `C.__weakref__` for class `class`: the value the lookup along its MRO finds (the
/// descriptor, made on first read, of the class owning it), or `None`.
fn class_weakref_attr<'gc>(cx: &Ctx<'_, 'gc>, class: GcObj<'gc>) -> Option<Val<'gc>> {
    use crate::object::WeakrefDescriptor;
    let owner = match find_weakref_along(class)? {
        WeakrefFound::Value(v) => return Some(v),
        WeakrefFound::Owner(k) => k,
    };
    if let Kind::Class(c) = &owner.borrow().kind
        && let WeakrefDescriptor::Made(d) = c.weakref_descriptor
    {
        return Some(Val::Obj(d));
    }
    let d = cx.alloc(Kind::WeakrefDescriptor(owner), None);
    cx.heap.weakref_descriptors_made.set(true);
    if let Kind::Class(c) = &mut owner.borrow_mut(cx.mc).kind {
        c.weakref_descriptor = WeakrefDescriptor::Made(d);
        if c.builtin.is_some() {
            let made = &cx.heap.builtin_descriptors;
            made.set(made.get() + 1);
        }
    }
    Some(Val::Obj(d))
}

/// Notes that class `class`'s namespace entry `__weakref__` was set or deleted: a
/// descriptor it owned is gone (CPython's namespace holds it under that name).
fn weakref_descriptor_replaced<'gc>(cx: &Ctx<'_, 'gc>, class: GcObj<'gc>) {
    if let Kind::Class(c) = &mut class.borrow_mut(cx.mc).kind {
        c.weakref_descriptor = crate::object::WeakrefDescriptor::Removed;
    }
}

/// CPython's `descr_check`: `Err` unless `x`'s type is descriptor owner `owner` or
/// derives from it.
fn weakref_descriptor_check<'gc>(cx: &Ctx<'_, 'gc>, owner: GcObj<'gc>, x: &Val<'gc>) -> Result<()> {
    if crate::class::is_subtype(cx.type_of(x), owner) {
        return Ok(());
    }
    Err(Error::TypeError(format!(
        "descriptor '__weakref__' for '{}' objects doesn't apply to a '{}' object",
        crate::repr::class_tp_name(owner),
        tp_name(cx, x)
    )))
}

/// The `__weakref__` descriptor of class `owner` read on `x` (its `__get__`).
fn weakref_descriptor_get<'gc>(
    cx: &Ctx<'_, 'gc>,
    owner: GcObj<'gc>,
    x: &Val<'gc>,
) -> Result<Value> {
    weakref_descriptor_check(cx, owner, x)?;
    match x {
        Val::Obj(o) => weakref_attr(cx, *o),
        _ => Err(Error::AttributeError(
            "This object has no __weakref__".into(),
        )),
    }
}

/// The `__weakref__` descriptor of class `owner` set or deleted on `x`: refused.
fn weakref_descriptor_refusal<'gc>(cx: &Ctx<'_, 'gc>, owner: GcObj<'gc>, x: &Val<'gc>) -> Error {
    match weakref_descriptor_check(cx, owner, x) {
        Err(e) => e,
        Ok(()) => weakref_not_writable(owner),
    }
}

/// A user instance's `__weakref__` (CPython's `subtype_getweakref`): the first of its
/// weak references, as `getweakrefs` lists them, or None.
fn weakref_attr<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Result<Value> {
    if crate::weakref::check_weakrefable(cx, &Val::Obj(o)).is_err() {
        // An int or tuple subclass's instance, found a plain base's descriptor.
        return Err(Error::AttributeError(
            "This object has no __weakref__".into(),
        ));
    }
    Ok(match crate::weakref::first_weakref(cx, o) {
        Some(wr) => cx.value(&Val::Obj(wr)),
        None => Value::None,
    })
}

/// The owner of `__weakref__` descriptor `d` (a method's receiver, so one).
fn weakref_descriptor_of<'gc>(cx: &Ctx<'_, 'gc>, d: &Value) -> Result<GcObj<'gc>> {
    match &cx.obj(d)?.borrow().kind {
        Kind::WeakrefDescriptor(owner) => Ok(*owner),
        _ => Err(Error::TypeError("not a __weakref__ descriptor".into())),
    }
}

/// CPython's refusal to set or delete the `__weakref__` descriptor of class `owner`.
fn weakref_not_writable(owner: GcObj<'_>) -> Error {
    Error::AttributeError(format!(
        "attribute '__weakref__' of '{}' objects is not writable",
        crate::repr::class_tp_name(owner)
    ))
}

fn builtin_attr<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Value> {
    let data = o.borrow();
    match (&data.kind, name) {
        (_, "__class__") => Some(cx.value(&Val::Obj(cx.type_of_obj(o)))),
        (Kind::Function(f), "__name__") => Some(Value::Str((&f.names.name).into())),
        (Kind::Function(f), "__qualname__") => Some(Value::Str((&f.names.qualname).into())),
        (Kind::Function(f), "__module__") => Some(Value::Str((&f.module).into())),
        // A function's docstring, unless one was set (native functions have none).
        (Kind::Function(_), "__doc__") => Some(Value::None),
        (Kind::Class(c), "__name__") => Some(Value::Str((&c.name).into())),
        (Kind::Class(c), "__qualname__") => Some(Value::Str((&c.qualname).into())),
        // A user class's `__module__` is in its namespace (found before this).
        (Kind::Class(c), "__module__") => c.module.as_deref().map(|m| Value::Str(m.into())),
        (Kind::Class(c), "__bases__") => {
            let bases = c.bases.iter().map(|b| Val::Obj(*b)).collect();
            Some(cx.value(&Val::Obj(cx.alloc(Kind::Tuple(bases), None))))
        }
        (Kind::Class(c), "__mro__") => {
            let mro = std::iter::once(o).chain(c.mro.iter().copied());
            let mro = mro.map(Val::Obj).collect();
            Some(cx.value(&Val::Obj(cx.alloc(Kind::Tuple(mro), None))))
        }
        (Kind::BuiltinMethod { receiver, def }, _) => {
            crate::builtin_methods::attr(cx, *receiver, def, name)
        }
        // The classes `weakref.py` and `_weakrefset.py` define hold their module in
        // their namespace, which CPython finds for their instances (the builtin
        // `ref` and proxy types have none).
        (Kind::WeakRef(w), "__module__")
            if matches!(w.flavor, WeakFlavor::Method(_) | WeakFlavor::Keyed { .. }) =>
        {
            Some(Value::from("weakref"))
        }
        (Kind::Finalizer(_), "__module__") => Some(Value::from("weakref")),
        (Kind::WeakContainer(c), "__module__") => Some(Value::from(match c.builtin() {
            Builtin::WeakSet => "_weakrefset",
            _ => "weakref",
        })),
        (Kind::WeakrefDescriptor(_), "__name__") => Some(Value::from("__weakref__")),
        (Kind::WeakrefDescriptor(owner), "__qualname__") => {
            let mut owner = owner.borrow_mut(cx.mc);
            let Kind::Class(c) = &mut owner.kind else {
                return None;
            };
            let qualname = c
                .weakref_descriptor_qualname
                .get_or_insert_with(|| format!("{}.__weakref__", c.qualname).into());
            Some(Value::Str((&*qualname).into()))
        }
        (Kind::WeakrefDescriptor(owner), "__objclass__") => Some(cx.value(&Val::Obj(*owner))),
        (Kind::WeakrefDescriptor(_), "__doc__") => {
            Some(Value::from("list of weak references to the object"))
        }
        (Kind::Method { receiver, .. }, "__self__") => Some(cx.value(receiver)),
        (Kind::Method { func, .. }, "__func__") => Some(cx.value(&Val::Obj(*func))),
        // Any other attribute of a bound method is its function's (CPython's
        // `method_getattro`).
        (Kind::Method { func, .. }, _) => {
            let func = *func;
            drop(data);
            let f = func.borrow();
            match f.attr(name) {
                Some(v) => Some(cx.value(v)),
                None => {
                    drop(f);
                    builtin_attr(cx, func, name)
                }
            }
        }
        (Kind::WeakRef(w), "__callback__") if !matches!(w.flavor, WeakFlavor::Proxy { .. }) => {
            Some(w.callback.as_ref().map_or(Value::None, |c| cx.value(c)))
        }
        (Kind::Slice(s), "start") => Some(cx.value(&s.start)),
        (Kind::Slice(s), "stop") => Some(cx.value(&s.stop)),
        (Kind::Slice(s), "step") => Some(cx.value(&s.step)),
        (Kind::WeakRef(w), "key") => match &w.flavor {
            WeakFlavor::Keyed { key } => Some(cx.value(key)),
            _ => None,
        },
        (Kind::Finalizer(f), "atexit") => {
            let alive = cx.root.state.borrow().finalizers.contains(o, f.place);
            Some(Value::Bool(alive && f.atexit()))
        }
        (Kind::Finalizer(f), "alive") => Some(Value::Bool(
            cx.root.state.borrow().finalizers.contains(o, f.place),
        )),
        (Kind::Finalizer(_), _) => {
            crate::weakref::container_api::bound_method(cx, o, Builtin::Finalize, name)
        }
        (Kind::WeakContainer(c), _) => {
            crate::weakref::container_api::bound_method(cx, o, c.builtin(), name)
        }
        _ => None,
    }
}

/// CPython's refusal to set or delete attribute `name` of `o` when that is a builtin
/// method's attribute (`__self__`, `__name__`…) or, for an object of exactly a
/// builtin container type (no `__dict__`), one of its type's methods.
fn builtin_method_readonly<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Error> {
    let data = o.borrow();
    if matches!(data.kind, Kind::BuiltinMethod { .. })
        && crate::builtin_methods::is_readonly_attr(name)
    {
        return Some(Error::AttributeError(format!(
            "attribute '{name}' of 'builtin_function_or_method' objects is not writable"
        )));
    }
    (data.class.is_none() && crate::builtin_methods::is_method_of(&data.kind, name)).then(|| {
        Error::AttributeError(format!(
            "'{}' object attribute '{name}' is read-only",
            tp_name(cx, &Val::Obj(o))
        ))
    })
}

/// CPython's refusal to set or delete (`what`: "setter" or "deleter") a `finalize`'s
/// property or method `name`, if `kind` is a finalizer and `name` one of them.
fn finalize_readonly(kind: &Kind<'_>, name: &str, what: &str) -> Option<Error> {
    if !matches!(kind, Kind::Finalizer(_)) {
        return None;
    }
    if name == "alive" || name == "atexit" && what == "deleter" {
        return Some(Error::AttributeError(format!(
            "property '{name}' of 'finalize' object has no {what}"
        )));
    }
    crate::weakref::container_api::is_finalize_method(name).then(|| {
        Error::AttributeError(format!("'finalize' object attribute '{name}' is read-only"))
    })
}

/// CPython's refusal to set or delete attribute `name` of a `__weakref__`
/// descriptor, if `kind` is one and `name` one of its members (`__name__`,
/// `__objclass__`) or getters (`__qualname__`, `__doc__`).
fn weakref_descriptor_readonly(kind: &Kind<'_>, name: &str) -> Option<Error> {
    if !matches!(kind, Kind::WeakrefDescriptor(_)) {
        return None;
    }
    match name {
        "__name__" | "__objclass__" => Some(Error::AttributeError("readonly attribute".into())),
        "__qualname__" | "__doc__" => Some(Error::AttributeError(format!(
            "attribute '{name}' of 'getset_descriptor' objects is not writable"
        ))),
        _ => None,
    }
}

impl Heap {
    /// Python's `getattr(obj, name)`.
    ///
    /// Looks in the instance's attributes, then its class and the class's bases (a
    /// function found there comes back as a bound method), then calls `__getattr__`
    /// if the class defines it. Weak references expose `__callback__`; finalizers
    /// `alive` and `atexit`; `KeyedRef`s `key`; functions and classes `__name__`;
    /// bound methods `__self__` and `__func__`. A proxy forwards to its referent.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").build()?;
    /// let o = heap.call(&c, &[])?;
    /// heap.setattr(&o, "x", &1.into())?;
    /// assert_eq!(heap.getattr(&o, "x")?.as_int(), Some(1));
    /// let err = heap.getattr(&o, "y").unwrap_err();
    /// assert_eq!(err.to_string(), "AttributeError: 'C' object has no attribute 'y'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn getattr(&self, obj: &Value, name: &str) -> Result<Value> {
        // A weak container's `.data` (a snapshot, made outside the arena).
        if name == "data" && self.is_weak_container(obj)? {
            return self.weak_data(obj);
        }
        enum Found {
            Value(Value),
            Fallback(Value),
            /// `obj` is a proxy: look in its referent.
            Forward(Value),
        }
        let found = self.with(|cx| -> Result<Found> {
            let x = cx.val(obj)?;
            let not_found = || {
                // A bound method's attributes are its function's (`method_getattro`
                // falls through to it): so is the message.
                let shown = match &x {
                    Val::Obj(o) => match &o.borrow().kind {
                        Kind::Method { func, .. } => Val::Obj(*func),
                        _ => x.clone(),
                    },
                    _ => x.clone(),
                };
                Error::AttributeError(format!(
                    "'{}' object has no attribute '{}'",
                    tp_name(cx, &shown),
                    name
                ))
            };
            let Val::Obj(o) = x.clone() else {
                if name == "__class__" {
                    return Ok(Found::Value(cx.value(&Val::Obj(cx.type_of(&x)))));
                }
                return Err(not_found());
            };
            // A data descriptor of the instance's class: before its attributes. Its
            // AttributeError (an int or tuple subclass's instance) passes to
            // `__getattr__`, as any lookup's does (`slot_tp_getattr_hook`).
            if let Some(owner) = data_descriptor_owner(cx, o, name) {
                return match weakref_descriptor_get(cx, owner, &x) {
                    Err(Error::AttributeError(_))
                        if let Some(g) = find_in_class(cx, o, "__getattr__") =>
                    {
                        Ok(Found::Fallback(bind(cx, &g, o)))
                    }
                    found => found.map(Found::Value),
                };
            }
            // A class's: what its MRO's namespaces hold (a descriptor among them).
            if name == "__weakref__"
                && matches!(o.borrow().kind, Kind::Class(_))
                && let Some(v) = class_weakref_attr(cx, o)
            {
                return Ok(Found::Value(cx.value(&v)));
            }
            let data = o.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                return match t {
                    Some(t) => Ok(Found::Forward(cx.value(&Val::Obj(t)))),
                    None => Err(Error::dead_referent()),
                };
            }
            // A class's name, qualified name, bases and MRO are the type's own data
            // descriptors, and its class object's: they come before its namespace.
            let descriptor = matches!(
                name,
                "__name__" | "__qualname__" | "__bases__" | "__mro__" | "__class__"
            ) && matches!(data.kind, Kind::Class(_));
            if !descriptor && let Some(v) = data.attr(name) {
                return Ok(Found::Value(cx.value(v)));
            }
            if let Some(v) = builtin_attr(cx, o, name) {
                return Ok(Found::Value(v));
            }
            if let Kind::Class(c) = &data.kind {
                if let Some(v) = mro_attr(&c.mro, name) {
                    return Ok(Found::Value(cx.value(&v)));
                }
                return Err(Error::AttributeError(format!(
                    "type object '{}' has no attribute '{}'",
                    c.tp_name(),
                    name
                )));
            }
            drop(data);
            if let Some(v) = crate::builtin_methods::lookup(cx, o, name) {
                return Ok(Found::Value(v));
            }
            if let Some(v) = find_in_class(cx, o, name) {
                return Ok(Found::Value(bind(cx, &v, o)));
            }
            if is_user_instance(o)
                && let Some(g) = find_in_class(cx, o, "__getattr__")
            {
                return Ok(Found::Fallback(bind(cx, &g, o)));
            }
            Err(not_found())
        })?;
        match found {
            Found::Value(v) => Ok(v),
            Found::Fallback(g) => self.call(&g, &[Value::from(name)]),
            Found::Forward(t) => self.getattr(&t, name),
        }
    }

    /// Whether `getattr(obj, name)` succeeds (other errors propagate).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").attr("a", 1.into()).build()?;
    /// assert!(heap.hasattr(&c, "a")?);
    /// assert!(!heap.hasattr(&c, "b")?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn hasattr(&self, obj: &Value, name: &str) -> Result<bool> {
        match self.getattr(obj, name) {
            Ok(_) => Ok(true),
            Err(Error::AttributeError(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Python's `setattr(obj, name, value)`, for instances, classes and functions
    /// (and a finalizer's `atexit`). A proxy forwards to its referent.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let err = heap.setattr(&heap.list(&[])?, "x", &1.into()).unwrap_err();
    /// assert_eq!(err.to_string(), "AttributeError: 'list' object has no attribute 'x'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn setattr(&self, obj: &Value, name: &str, value: &Value) -> Result<()> {
        enum SetPlan {
            Done,
            Forward(Value),
            Atexit,
        }
        // One pass: a proxy forwards to its referent, a finalizer's `atexit` needs
        // `truthy` (user code) outside the arena, anything else is set right here.
        let plan = self.with(|cx| -> Result<SetPlan> {
            let x = cx.val(obj)?;
            if let Val::Obj(o) = &x {
                let data = o.borrow();
                match &data.kind {
                    kind @ Kind::WeakRef(_) if let Some(t) = kind.proxy_target(cx.mc) => {
                        return match t {
                            Some(t) => Ok(SetPlan::Forward(cx.value(&Val::Obj(t)))),
                            None => Err(Error::dead_referent()),
                        };
                    }
                    Kind::Finalizer(_) if name == "atexit" => return Ok(SetPlan::Atexit),
                    _ => {}
                }
            }
            let v = cx.val(value)?;
            if name == "__class__"
                && let Some(err) = class_assignment_error(cx, &x, &v)
            {
                return Err(err);
            }
            let Val::Obj(o) = x else {
                if name == "__doc__" {
                    return Err(doc_read_only(cx, &x));
                }
                return Err(Error::AttributeError(format!(
                    "'{}' object has no attribute '{}'",
                    tp_name(cx, &x),
                    name
                )));
            };
            if let Some(owner) = data_descriptor_owner(cx, o, name) {
                return Err(weakref_descriptor_refusal(cx, owner, &x));
            }
            // What CPython keeps in the object's own struct, not among its attributes:
            // a function's and a class's name.
            if matches!(
                name,
                "__name__" | "__qualname__" | "__module__" | "__bases__" | "__mro__"
            ) && let Some(done) = set_struct_attr(cx, o, name, &v)
            {
                return done.map(|()| SetPlan::Done);
            }
            let allowed = has_own_attributes(o);
            if let Kind::Class(c) = &o.borrow().kind
                && let Some(b) = c.builtin
            {
                return Err(Error::TypeError(format!(
                    "cannot set '{name}' attribute of immutable type '{}'",
                    b.0.tp_name()
                )));
            }
            // A KeyedRef's `key` is a slot of its own.
            if name == "key"
                && let Kind::WeakRef(w) = &mut o.borrow_mut(cx.mc).kind
                && let WeakFlavor::Keyed { key } = &mut w.flavor
            {
                *key = v;
                return Ok(SetPlan::Done);
            }
            if !allowed {
                if let Some(e) = finalize_readonly(&o.borrow().kind, name, "setter") {
                    return Err(e);
                }
                if let Some(e) = weakref_descriptor_readonly(&o.borrow().kind, name) {
                    return Err(e);
                }
                if let Some(e) = builtin_method_readonly(cx, o, name) {
                    return Err(e);
                }
                if name == "__doc__" {
                    return Err(match o.borrow().kind {
                        Kind::Method { .. } => method_doc_readonly(),
                        _ => doc_read_only(cx, &x),
                    });
                }
                let readonly = match &o.borrow().kind {
                    Kind::WeakRef(_) => name == "__callback__",
                    Kind::Method { .. } => matches!(name, "__self__" | "__func__"),
                    Kind::Slice(_) => matches!(name, "start" | "stop" | "step"),
                    _ => false,
                };
                return Err(Error::AttributeError(if readonly {
                    "readonly attribute".to_string()
                } else {
                    format!("'{}' object has no attribute '{}'", tp_name(cx, &x), name)
                }));
            }
            o.borrow_mut(cx.mc).set_attr(name, v);
            if name == "__weakref__" && matches!(o.borrow().kind, Kind::Class(_)) {
                weakref_descriptor_replaced(cx, o);
            }
            Ok(SetPlan::Done)
        })?;
        match plan {
            SetPlan::Done => Ok(()),
            SetPlan::Forward(t) => self.setattr(&t, name, value),
            SetPlan::Atexit => {
                let flag = self.truthy(value)?;
                self.set_finalizer_atexit(obj, flag)
            }
        }
    }

    /// Python's `delattr(obj, name)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").build()?;
    /// let o = heap.call(&c, &[])?;
    /// heap.setattr(&o, "x", &1.into())?;
    /// heap.delattr(&o, "x")?;
    /// assert!(heap.delattr(&o, "x").is_err());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn delattr(&self, obj: &Value, name: &str) -> Result<()> {
        if let Some(t) = self.unproxy(obj)? {
            return self.delattr(&t, name);
        }
        self.with(|cx| {
            let x = cx.val(obj)?;
            // object's `__class__` descriptor refuses on every object (a builtin type
            // refuses first, as an immutable type: below).
            let builtin_type = |x: &Val<'_>| match x {
                Val::Obj(o) => matches!(&o.borrow().kind, Kind::Class(c) if c.builtin.is_some()),
                _ => false,
            };
            if name == "__class__" && !builtin_type(&x) {
                return Err(Error::TypeError("can't delete __class__ attribute".into()));
            }
            let removed = match &x {
                Val::Obj(o) => {
                    if let Some(owner) = data_descriptor_owner(cx, *o, name) {
                        return Err(weakref_descriptor_refusal(cx, owner, &x));
                    }
                    // What a user class keeps in its namespace for CPython's type
                    // descriptors, which refuse deletion.
                    if matches!(name, "__module__" | "__doc__")
                        && let Kind::Class(c) = &o.borrow().kind
                        && c.builtin.is_none()
                    {
                        return Err(Error::TypeError(format!(
                            "cannot delete '{name}' attribute of immutable type '{}'",
                            c.name
                        )));
                    }
                    // A function's `__module__` and `__doc__`: deleting them sets
                    // them to `None` (CPython's `func_module` member, `func_set_doc`).
                    if matches!(name, "__module__" | "__doc__")
                        && matches!(o.borrow().kind, Kind::Function(_))
                    {
                        o.borrow_mut(cx.mc).set_attr(name, Val::None);
                        return Ok(());
                    }
                    // A user class's own descriptor is in its namespace in CPython.
                    let user_class =
                        matches!(&o.borrow().kind, Kind::Class(c) if c.builtin.is_none());
                    if name == "__weakref__" && user_class {
                        let owned = owns_weakref_descriptor(&o.borrow());
                        if o.borrow_mut(cx.mc).del_attr(name) || owned {
                            weakref_descriptor_replaced(cx, *o);
                            return Ok(());
                        }
                    }
                    o.borrow_mut(cx.mc).del_attr(name)
                }
                _ => false,
            };
            if removed {
                return Ok(());
            }
            // CPython's messages for what it keeps outside the instance's attributes.
            if let Val::Obj(o) = &x {
                let data = o.borrow();
                match (&data.kind, name) {
                    (Kind::Class(c), _) if let Some(b) = c.builtin => {
                        return Err(Error::TypeError(format!(
                            "cannot set '{name}' attribute of immutable type '{}'",
                            b.0.tp_name()
                        )));
                    }
                    (Kind::Class(_), "__mro__") => {
                        return Err(Error::AttributeError("readonly attribute".into()));
                    }
                    (Kind::Class(c), "__name__" | "__qualname__" | "__bases__") => {
                        return Err(Error::TypeError(format!(
                            "cannot delete '{name}' attribute of immutable type '{}'",
                            c.name
                        )));
                    }
                    (Kind::Class(c), _) => {
                        return Err(Error::AttributeError(format!(
                            "type object '{}' has no attribute '{name}'",
                            c.tp_name()
                        )));
                    }
                    (Kind::WeakRef(_), "__callback__")
                    | (Kind::Method { .. }, "__self__" | "__func__")
                    | (Kind::Slice(_), "start" | "stop" | "step") => {
                        return Err(Error::AttributeError("readonly attribute".into()));
                    }
                    (Kind::Method { .. }, "__doc__") => return Err(method_doc_readonly()),
                    (Kind::Function(_), "__name__" | "__qualname__") => {
                        return Err(Error::TypeError(format!(
                            "{name} must be set to a string object"
                        )));
                    }
                    (kind, _) if let Some(e) = finalize_readonly(kind, name, "deleter") => {
                        return Err(e);
                    }
                    (kind, _) if let Some(e) = weakref_descriptor_readonly(kind, name) => {
                        return Err(e);
                    }
                    _ if let Some(e) = builtin_method_readonly(cx, *o, name) => {
                        return Err(e);
                    }
                    _ => {}
                }
            }
            if name == "__doc__" && x.as_obj().is_none_or(|o| !has_own_attributes(o)) {
                return Err(doc_read_only(cx, &x));
            }
            Err(Error::AttributeError(format!(
                "'{}' object has no attribute '{}'",
                tp_name(cx, &x),
                name
            )))
        })
    }

    /// `d.__get__(obj[, type])` of `__weakref__` descriptor `d` (`wrap_descr_get`):
    /// itself when `obj` is `None` and `type` is given, else `obj`'s `__weakref__`.
    pub(crate) fn weakref_descriptor_get(
        &self,
        d: &Value,
        obj: &Value,
        ty: Option<&Value>,
    ) -> Result<Value> {
        if obj.is_none() {
            return match ty {
                Some(t) if !t.is_none() => Ok(d.clone()),
                _ => Err(Error::TypeError("__get__(None, None) is invalid".into())),
            };
        }
        self.with(|cx| {
            let owner = weakref_descriptor_of(cx, d)?;
            weakref_descriptor_get(cx, owner, &cx.val(obj)?)
        })
    }

    /// `d.__set__(obj, v)` or `d.__delete__(obj)` of `__weakref__` descriptor `d`:
    /// the error (the descriptor has neither).
    pub(crate) fn weakref_descriptor_refusal(&self, d: &Value, obj: &Value) -> Error {
        self.with(|cx| match weakref_descriptor_of(cx, d) {
            Ok(owner) => match cx.val(obj) {
                Ok(x) => weakref_descriptor_refusal(cx, owner, &x),
                Err(e) => e,
            },
            Err(e) => e,
        })
    }
}
