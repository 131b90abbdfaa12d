//! The Python-level methods of the three weak container types, so that `getattr(d, "keyrefs")`, [`Heap::call_method`] and
//! `hasattr` behave as in Python (with Python's argument checking). Each one calls
//! the typed Rust method of the same name.
//!
//! Invariant: the type objects' namespaces stay empty (so the methods are not heap
//! objects counted by `stats`); `getattr` on a container asks [`bound_method`], which
//! makes a bound method per access, as CPython does for methods of builtin types.

use std::rc::Rc;

use gc_arena::Static;

use crate::heap::Ctx;
use crate::native::NativeFn;
use crate::object::{FunctionData, GcObj, Kind, Val};
use crate::types::Builtin;
use crate::{Args, Error, Heap, Result, Value};

type Method = fn(&Heap, &Args<'_>) -> Result<Value>;

/// Checks the number of arguments after `self` (`min..=max`), as CPython's message.
fn arity(a: &Args<'_>, name: &str, min: usize, max: usize) -> Result<()> {
    let n = a.len().saturating_sub(1);
    if a.is_empty() {
        return Err(Error::TypeError(format!(
            "descriptor '{name}' needs an argument"
        )));
    }
    if !a.keywords.is_empty() && name != "update" {
        return Err(Error::TypeError(format!(
            "{name}() takes no keyword arguments"
        )));
    }
    if n < min || n > max {
        let what = match (min, max) {
            (0, 0) => "no arguments".to_string(),
            (a, b) if a == b => format!("exactly {a} argument{}", if a == 1 { "" } else { "s" }),
            (a, b) => format!("from {a} to {b} arguments"),
        };
        return Err(Error::TypeError(format!(
            "{name}() takes {what} ({n} given)"
        )));
    }
    Ok(())
}

fn none(r: Result<()>) -> Result<Value> {
    r.map(|()| Value::None)
}

fn list(heap: &Heap, items: Vec<Value>) -> Result<Value> {
    heap.list(&items)
}

fn pairs(heap: &Heap, items: Vec<(Value, Value)>) -> Result<Value> {
    let tuples: Vec<Value> = items
        .into_iter()
        .map(|(k, v)| heap.tuple(&[k, v]))
        .collect::<Result<_>>()?;
    heap.list(&tuples)
}

const DICT_METHODS: &[(&str, Method)] = &[
    ("get", |h, a| {
        arity(a, "get", 1, 2)?;
        h.get(
            &a.positional[0],
            &a.positional[1],
            a.positional.get(2).unwrap_or(&Value::None),
        )
    }),
    ("setdefault", |h, a| {
        arity(a, "setdefault", 1, 2)?;
        h.setdefault(
            &a.positional[0],
            &a.positional[1],
            a.positional.get(2).unwrap_or(&Value::None),
        )
    }),
    ("pop", |h, a| {
        arity(a, "pop", 1, 2)?;
        h.pop(&a.positional[0], &a.positional[1], a.positional.get(2))
    }),
    ("popitem", |h, a| {
        arity(a, "popitem", 0, 0)?;
        let (k, v) = h.popitem(&a.positional[0])?;
        h.tuple(&[k, v])
    }),
    ("update", |h, a| {
        arity(a, "update", 0, 1)?;
        let d = &a.positional[0];
        if let Some(other) = a.positional.get(1) {
            h.update(d, other)?;
        }
        for (k, v) in a.keywords {
            h.setitem(d, &Value::Str(k.into()), v)?;
        }
        Ok(Value::None)
    }),
    ("copy", |h, a| {
        arity(a, "copy", 0, 0)?;
        h.copy(&a.positional[0])
    }),
    ("__copy__", |h, a| {
        arity(a, "__copy__", 0, 0)?;
        h.copy(&a.positional[0])
    }),
    ("clear", |h, a| {
        arity(a, "clear", 0, 0)?;
        none(h.clear(&a.positional[0]))
    }),
    ("keys", |h, a| {
        arity(a, "keys", 0, 0)?;
        list(h, h.iter(&a.positional[0])?)
    }),
    ("values", |h, a| {
        arity(a, "values", 0, 0)?;
        list(h, h.values(&a.positional[0])?)
    }),
    ("items", |h, a| {
        arity(a, "items", 0, 0)?;
        pairs(h, h.items(&a.positional[0])?)
    }),
    ("__getitem__", |h, a| {
        arity(a, "__getitem__", 1, 1)?;
        h.getitem(&a.positional[0], &a.positional[1])
    }),
    ("__setitem__", |h, a| {
        arity(a, "__setitem__", 2, 2)?;
        none(h.setitem(&a.positional[0], &a.positional[1], &a.positional[2]))
    }),
    ("__delitem__", |h, a| {
        arity(a, "__delitem__", 1, 1)?;
        none(h.delitem(&a.positional[0], &a.positional[1]))
    }),
    ("__or__", |h, a| {
        arity(a, "__or__", 1, 1)?;
        h.weak_or(&a.positional[0], &a.positional[1])
    }),
    ("__ror__", |h, a| {
        arity(a, "__ror__", 1, 1)?;
        h.weak_or(&a.positional[1], &a.positional[0])
    }),
    ("__ior__", |h, a| {
        arity(a, "__ior__", 1, 1)?;
        h.weak_ior(&a.positional[0], &a.positional[1])?;
        Ok(a.positional[0].clone())
    }),
];

const VALUE_DICT_METHODS: &[(&str, Method)] = &[
    ("valuerefs", |h, a| {
        arity(a, "valuerefs", 0, 0)?;
        list(h, h.valuerefs(&a.positional[0])?)
    }),
    ("itervaluerefs", |h, a| {
        arity(a, "itervaluerefs", 0, 0)?;
        list(h, h.valuerefs(&a.positional[0])?)
    }),
];

const KEY_DICT_METHODS: &[(&str, Method)] = &[
    ("keyrefs", |h, a| {
        arity(a, "keyrefs", 0, 0)?;
        list(h, h.keyrefs(&a.positional[0])?)
    }),
    ("iterkeyrefs", |h, a| {
        arity(a, "iterkeyrefs", 0, 0)?;
        list(h, h.keyrefs(&a.positional[0])?)
    }),
];

macro_rules! set_binary {
    ($name:literal, $method:ident) => {
        ($name, |h, a| {
            arity(a, $name, 1, 1)?;
            h.$method(&a.positional[0], &a.positional[1])
        })
    };
}

macro_rules! set_in_place {
    ($name:literal, $method:ident, $ret_self:expr) => {
        ($name, |h, a| {
            arity(a, $name, 1, 1)?;
            h.$method(&a.positional[0], &a.positional[1])?;
            Ok(if $ret_self {
                a.positional[0].clone()
            } else {
                Value::None
            })
        })
    };
}

macro_rules! set_test {
    ($name:literal, $method:ident) => {
        ($name, |h, a| {
            arity(a, $name, 1, 1)?;
            Ok(h.$method(&a.positional[0], &a.positional[1])?.into())
        })
    };
}

const SET_METHODS: &[(&str, Method)] = &[
    ("add", |h, a| {
        arity(a, "add", 1, 1)?;
        none(h.set_add(&a.positional[0], &a.positional[1]))
    }),
    ("discard", |h, a| {
        arity(a, "discard", 1, 1)?;
        none(h.discard(&a.positional[0], &a.positional[1]))
    }),
    ("remove", |h, a| {
        arity(a, "remove", 1, 1)?;
        none(h.remove(&a.positional[0], &a.positional[1]))
    }),
    ("pop", |h, a| {
        arity(a, "pop", 0, 0)?;
        h.set_pop(&a.positional[0])
    }),
    ("clear", |h, a| {
        arity(a, "clear", 0, 0)?;
        none(h.clear(&a.positional[0]))
    }),
    ("copy", |h, a| {
        arity(a, "copy", 0, 0)?;
        h.copy(&a.positional[0])
    }),
    ("__copy__", |h, a| {
        arity(a, "__copy__", 0, 0)?;
        h.copy(&a.positional[0])
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
        arity(a, "__len__", 0, 0)?;
        Value::try_from(h.len(&a.positional[0])?)
    }),
    ("__contains__", |h, a| {
        arity(a, "__contains__", 1, 1)?;
        Ok(h.contains(&a.positional[0], &a.positional[1])?.into())
    }),
    ("__eq__", |h, a| {
        arity(a, "__eq__", 1, 1)?;
        Ok(h.eq(&a.positional[0], &a.positional[1])?.into())
    }),
];

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
        _ => &[SET_METHODS, COMMON_METHODS],
    };
    let f: Method = tables
        .iter()
        .find_map(|t| t.iter().find(|(n, _)| *n == name))?
        .1;
    let code: NativeFn = Rc::new(f);
    let func = cx.alloc(
        Kind::Function(Box::new(FunctionData {
            name: name.into(),
            qualname: format!("{}.{name}", b.names().1).into(),
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
