//! The Python-level methods of the three weak container types and of `finalize`, so that `getattr(d, "keyrefs")`, [`Heap::call_method`] and
//! `hasattr` behave as in Python (with Python's argument binding: the signatures
//! of `weakref.py` and `_weakrefset.py`, keywords by name, their messages). Each one calls
//! the typed Rust method of the same name.
//!
//! Invariant: the type objects' namespaces stay empty (so the methods are not heap
//! objects counted by `stats`); `getattr` on a container asks [`bound_method`], which
//! makes a bound method per access, as CPython does for methods of builtin types.

use std::rc::Rc;

use gc_arena::Static;

use crate::heap::Ctx;
use crate::native::{NativeFn, bind_params};
use crate::object::{FunctionData, GcObj, Kind, Val};
use crate::types::Builtin;
use crate::weakref::containers::CKind;
use crate::{Args, Error, Heap, Result, Value};

type Method = fn(&Heap, &Args<'_>) -> Result<Value>;

/// Binds a call of method `name` to its Python signature in `weakref.py` or
/// `_weakrefset.py`: `params` (after `self`), the first `required` of them without
/// a default, as CPython binds it (keywords by name, its messages); `owner` is the
/// class defining it there (`None`: the container's own type). The arguments after
/// `self`, each if given.
fn bind<'a>(
    h: &Heap,
    a: &'a Args<'_>,
    owner: Option<&str>,
    name: &str,
    params: &[&str],
    required: usize,
) -> Result<Vec<Option<&'a Value>>> {
    let Some(me) = a.positional.first() else {
        return Err(Error::TypeError(format!(
            "descriptor '{name}' needs an argument"
        )));
    };
    let name_of = |i: usize| if i == 0 { "self" } else { params[i - 1] };
    let mut bound = bind_params(
        || {
            let owner = owner.map_or_else(|| h.type_name(me), str::to_string);
            format!("{owner}.{name}")
        },
        params.len() + 1,
        required + 1,
        name_of,
        a.positional,
        a.keywords,
    )?;
    bound.remove(0);
    Ok(bound)
}

/// `self` of a bound call (checked by [`bind`] first).
fn me<'a>(a: &'a Args<'_>) -> &'a Value {
    &a.positional[0]
}

/// The one argument of a method `name(self, param)`.
fn one<'a>(h: &Heap, a: &'a Args<'_>, name: &str, param: &str) -> Result<&'a Value> {
    let bound = bind(h, a, None, name, &[param], 1)?;
    Ok(bound[0].expect("bound: required"))
}

/// No argument but `self`: `name(self)`, defined by `owner` (`None`: the type).
fn nothing(h: &Heap, a: &Args<'_>, owner: Option<&str>, name: &str) -> Result<()> {
    bind(h, a, owner, name, &[], 0).map(|_| ())
}

fn none(r: Result<()>) -> Result<Value> {
    r.map(|()| Value::None)
}

fn list(heap: &Heap, items: Vec<Value>) -> Result<Value> {
    heap.list(&items)
}

const DICT_METHODS: &[(&str, Method)] = &[
    ("get", |h, a| {
        let p = bind(h, a, None, "get", &["key", "default"], 1)?;
        h.get(me(a), p[0].expect("required"), p[1].unwrap_or(&Value::None))
    }),
    ("setdefault", |h, a| {
        let p = bind(h, a, None, "setdefault", &["key", "default"], 1)?;
        h.setdefault(me(a), p[0].expect("required"), p[1].unwrap_or(&Value::None))
    }),
    // `pop(self, key, *args)`: a default is the first of `args`. A
    // WeakValueDictionary ignores the rest; a WeakKeyDictionary hands them to its
    // dict's `pop` (after `ref(key)`), which takes at most two.
    ("pop", |h, a| {
        let n = a.positional.len().min(2);
        let head = Args {
            positional: &a.positional[..n],
            ..*a
        };
        let p = bind(h, &head, None, "pop", &["key"], 1)?;
        let key = p[0].expect("required");
        let args = &a.positional[n..];
        if args.len() > 1 && h.type_name(me(a)) == "WeakKeyDictionary" {
            let kind = CKind {
                b: Builtin::WeakKeyDictionary,
                ephemeron: false,
            };
            h.key_ref_check(kind, key)?;
            return Err(Error::TypeError(format!(
                "pop expected at most 2 arguments, got {}",
                args.len() + 1
            )));
        }
        h.pop(me(a), key, args.first())
    }),
    ("popitem", |h, a| {
        nothing(h, a, None, "popitem")?;
        let (k, v) = h.popitem(me(a))?;
        h.tuple(&[k, v])
    }),
    // `update(self, other=None, /, **kwargs)` (a WeakKeyDictionary names it `dict`):
    // positional only, so every keyword is a key.
    ("update", |h, a| {
        let head = Args {
            keywords: &[],
            ..*a
        };
        let param = match h.type_name(me(a)).as_str() {
            "WeakKeyDictionary" => "dict",
            _ => "other",
        };
        let p = bind(h, &head, None, "update", &[param], 0)?;
        if let Some(other) = p[0] {
            h.update(me(a), other)?;
        }
        for (k, v) in a.keywords {
            h.setitem(me(a), &Value::Str(k.into()), v)?;
        }
        Ok(Value::None)
    }),
    ("copy", |h, a| {
        nothing(h, a, None, "copy")?;
        h.copy(me(a))
    }),
    ("__copy__", |h, a| {
        nothing(h, a, None, "__copy__")?;
        h.copy(me(a))
    }),
    ("clear", |h, a| {
        nothing(h, a, Some("MutableMapping"), "clear")?;
        none(h.clear(me(a)))
    }),
    ("keys", |h, a| {
        nothing(h, a, None, "keys")?;
        list(h, h.iter(me(a))?)
    }),
    ("values", |h, a| {
        nothing(h, a, None, "values")?;
        list(h, h.values(me(a))?)
    }),
    ("items", |h, a| {
        nothing(h, a, None, "items")?;
        h.pairs_list(h.items(me(a))?)
    }),
    ("__getitem__", |h, a| {
        h.getitem(me(a), one(h, a, "__getitem__", "key")?)
    }),
    ("__setitem__", |h, a| {
        let p = bind(h, a, None, "__setitem__", &["key", "value"], 2)?;
        none(h.setitem(me(a), p[0].expect("required"), p[1].expect("required")))
    }),
    ("__delitem__", |h, a| {
        none(h.delitem(me(a), one(h, a, "__delitem__", "key")?))
    }),
    // `NotImplemented` for anything but a mapping (a proxy's referent, asked through
    // it), as `weakref.py`'s.
    ("__or__", |h, a| {
        let other = &h.through_proxy(one(h, a, "__or__", "other")?)?;
        if !h.is_mapping(other)? {
            return Ok(h.not_implemented());
        }
        h.weak_or(me(a), other)
    }),
    ("__ror__", |h, a| {
        let other = &h.through_proxy(one(h, a, "__ror__", "other")?)?;
        if !h.is_mapping(other)? {
            return Ok(h.not_implemented());
        }
        h.weak_or(other, me(a))
    }),
    ("__ior__", |h, a| {
        h.weak_ior(me(a), one(h, a, "__ior__", "other")?)?;
        Ok(me(a).clone())
    }),
];

const VALUE_DICT_METHODS: &[(&str, Method)] = &[
    ("valuerefs", |h, a| {
        nothing(h, a, None, "valuerefs")?;
        list(h, h.valuerefs(me(a))?)
    }),
    ("itervaluerefs", |h, a| {
        nothing(h, a, None, "itervaluerefs")?;
        list(h, h.valuerefs(me(a))?)
    }),
];

const KEY_DICT_METHODS: &[(&str, Method)] = &[
    ("keyrefs", |h, a| {
        nothing(h, a, None, "keyrefs")?;
        list(h, h.keyrefs(me(a))?)
    }),
    ("iterkeyrefs", |h, a| {
        nothing(h, a, None, "iterkeyrefs")?;
        list(h, h.keyrefs(me(a))?)
    }),
];

macro_rules! set_binary {
    ($name:literal, $method:ident) => {
        ($name, |h, a| h.$method(me(a), one(h, a, $name, "other")?))
    };
}

macro_rules! set_in_place {
    ($name:literal, $method:ident, $ret_self:expr) => {
        ($name, |h, a| {
            h.$method(me(a), one(h, a, $name, "other")?)?;
            Ok(if $ret_self {
                me(a).clone()
            } else {
                Value::None
            })
        })
    };
}

macro_rules! set_test {
    ($name:literal, $method:ident) => {
        ($name, |h, a| {
            Ok(h.$method(me(a), one(h, a, $name, "other")?)?.into())
        })
    };
}

const SET_METHODS: &[(&str, Method)] = &[
    ("add", |h, a| {
        none(h.set_add(me(a), one(h, a, "add", "item")?))
    }),
    ("discard", |h, a| {
        none(h.discard(me(a), one(h, a, "discard", "item")?))
    }),
    ("remove", |h, a| {
        none(h.remove(me(a), one(h, a, "remove", "item")?))
    }),
    ("pop", |h, a| {
        nothing(h, a, None, "pop")?;
        h.set_pop(me(a))
    }),
    ("clear", |h, a| {
        nothing(h, a, None, "clear")?;
        none(h.clear(me(a)))
    }),
    ("copy", |h, a| {
        nothing(h, a, None, "copy")?;
        h.copy(me(a))
    }),
    ("__copy__", |h, a| {
        nothing(h, a, None, "__copy__")?;
        h.copy(me(a))
    }),
    set_binary!("union", union),
    set_binary!("__or__", union),
    set_binary!("intersection", intersection),
    set_binary!("__and__", intersection),
    set_binary!("difference", difference),
    set_binary!("__sub__", difference),
    set_binary!("symmetric_difference", symmetric_difference),
    set_binary!("__xor__", symmetric_difference),
    set_in_place!("update", update, false),
    set_in_place!("__ior__", update, true),
    set_in_place!("intersection_update", intersection_update, false),
    set_in_place!("__iand__", intersection_update, true),
    set_in_place!("difference_update", difference_update, false),
    set_in_place!("__isub__", difference_update, true),
    set_in_place!(
        "symmetric_difference_update",
        symmetric_difference_update,
        false
    ),
    set_in_place!("__ixor__", symmetric_difference_update, true),
    set_test!("issubset", issubset),
    set_test!("__le__", issubset),
    set_test!("issuperset", issuperset),
    set_test!("__ge__", issuperset),
    set_test!("__lt__", is_proper_subset),
    set_test!("__gt__", is_proper_superset),
    set_test!("isdisjoint", isdisjoint),
];

/// The protocol methods all three types have.
const COMMON_METHODS: &[(&str, Method)] = &[
    ("__len__", |h, a| {
        nothing(h, a, None, "__len__")?;
        Value::try_from(h.len(me(a))?)
    }),
    ("__contains__", |h, a| {
        let is_set = h.type_name(me(a)) == "WeakSet";
        let key = one(h, a, "__contains__", if is_set { "item" } else { "key" })?;
        Ok(h.contains(me(a), key)?.into())
    }),
    // (A weak dictionary's is `Mapping.__eq__`.)
    ("__eq__", |h, a| {
        let owner = (h.type_name(me(a)) != "WeakSet").then_some("Mapping");
        let other = bind(h, a, owner, "__eq__", &["other"], 1)?[0].expect("required");
        Ok(h.eq(me(a), other)?.into())
    }),
];

/// `finalize`'s methods (`weakref.py`): `detach()` and `peek()`, each
/// `(obj, func, args, kwargs)` while the finalizer is alive, else `None`.
const FINALIZE_METHODS: &[(&str, Method)] = &[
    ("detach", |h, a| {
        nothing(h, a, None, "detach")?;
        finalizer_info(h, h.finalizer_detach(me(a))?)
    }),
    ("peek", |h, a| {
        nothing(h, a, None, "peek")?;
        finalizer_info(h, h.finalizer_peek(me(a))?)
    }),
];

/// The names of `finalize`'s methods, which an instance cannot set or delete.
pub(crate) fn is_finalize_method(name: &str) -> bool {
    FINALIZE_METHODS.iter().any(|(n, _)| *n == name)
}

fn finalizer_info(heap: &Heap, info: Option<crate::FinalizerInfo>) -> Result<Value> {
    match info {
        Some(i) => heap.tuple(&[i.obj, i.func, i.args, i.kwargs]),
        None => Ok(Value::None),
    }
}

/// `getattr(c, name)` for a method of the weak container `o` of type `b`: a new
/// bound method (as CPython makes one per attribute access), or `None` if the type
/// has no such method.
pub(crate) fn bound_method<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    b: Builtin,
    name: &str,
) -> Option<Value> {
    let tables: &[&[(&str, Method)]] = match b {
        Builtin::WeakValueDictionary => &[DICT_METHODS, VALUE_DICT_METHODS, COMMON_METHODS],
        Builtin::WeakKeyDictionary => &[DICT_METHODS, KEY_DICT_METHODS, COMMON_METHODS],
        Builtin::Finalize => &[FINALIZE_METHODS],
        _ => &[SET_METHODS, COMMON_METHODS],
    };
    let f: Method = tables
        .iter()
        .find_map(|t| t.iter().find(|(n, _)| *n == name))?
        .1;
    let code: NativeFn = Rc::new(f);
    let func = cx.alloc(
        Kind::Function(Box::new(FunctionData {
            names: crate::object::FunctionNames::new(name, format!("{}.{name}", b.names().1)),
            module: "weakref".into(),
            code: Static(cx.heap.defer(code)),
            captures: Vec::new(),
            fields: None,
            in_arena: None,
        })),
        None,
    );
    let m = cx.alloc(
        Kind::Method {
            func,
            receiver: Val::Obj(o),
        },
        None,
    );
    Some(cx.value(&Val::Obj(m)))
}
