//! Field classes: the `__init__` that [`ClassBuilder::fields`](crate::ClassBuilder::fields)
//! generates, as a `@dataclass` generates one.
//!
//! Invariant: a field `__init__` is an ordinary native function (it can be looked up,
//! bound, called from a subclass's `__init__`), whose function object also carries
//! its field names (the class's own after those its bases declared). Calling it binds
//! its arguments as Python binds `(self, *fields)` and sets one attribute per field,
//! in field order; when a class call finds it as the instance's `__init__` and the
//! call passes exactly one positional argument per field, [`filled`] makes the same
//! attributes, in the same order and shape, in the pass that allocates the instance.
//! That pass makes every argument a value of this heap before it allocates, so the
//! one error it can meet (a handle of another heap) leaves nothing made; on the other
//! path binding errors are raised by `__init__`, after the instance exists, as in
//! CPython.

use std::rc::Rc;

use crate::native::NativeFn;
use crate::object::{Kind, Val};
use crate::shape::{Attrs, Values};
use crate::types::TypeCounter;
use crate::{Error, Result, Value};

/// The field names of a generated `__init__`, shared by its closure and its function
/// object.
pub(crate) type Fields = Rc<[Rc<str>]>;

/// The generated `__init__` of a class with `fields`, named `qualname` in errors.
pub(crate) fn init(qualname: Rc<str>, fields: Fields) -> NativeFn {
    Rc::new(move |heap, a| {
        let (this, values) = bind(&qualname, &fields, a.positional, a.keywords)?;
        for (name, value) in fields.iter().zip(values) {
            heap.setattr(this, name, value)?;
        }
        Ok(Value::None)
    })
}

/// Binds a call of `qualname(self, *fields)` as CPython binds it: keywords first
/// (each names a parameter not already given, positionally or by keyword), then the
/// count of positional arguments, then what is missing. The receiver is called
/// `__dataclass_self__` when a field is named `self`, as in a dataclass. Returns
/// the receiver and the fields' values, in field order, or CPython's `TypeError`.
fn bind<'a>(
    qualname: &str,
    fields: &[Rc<str>],
    positional: &'a [Value],
    keywords: &'a [(Rc<str>, Value)],
) -> Result<(&'a Value, Vec<&'a Value>)> {
    let params = 1 + fields.len();
    let receiver = if fields.iter().any(|f| &**f == "self") {
        "__dataclass_self__"
    } else {
        "self"
    };
    let name_of = |i: usize| if i == 0 { receiver } else { &*fields[i - 1] };
    let bound = crate::native::bind_params(
        || qualname.to_string(),
        params,
        params,
        name_of,
        positional,
        keywords,
    )?;
    let mut values = bound.into_iter().flatten();
    let this = values.next().expect("the receiver is bound");
    Ok((this, values.collect()))
}

/// The field names of `init`, if it is a generated `__init__`.
pub(crate) fn of<'gc>(init: &Val<'gc>) -> Option<Fields> {
    let Val::Obj(o) = init else { return None };
    match &o.borrow().kind {
        Kind::Function(f) => f.fields.as_ref().map(|s| s.0.clone()),
        _ => None,
    }
}

/// The attributes of a new instance of the type `counter` counts whose generated
/// `__init__` got `args`: the same attributes in the same shape as that `__init__`
/// would set (the caller has checked there is one argument per field, and made them
/// values of this heap).
#[inline]
pub(crate) fn filled<'gc>(counter: &TypeCounter, fields: &Fields, args: Values<'gc>) -> Attrs<'gc> {
    // Room for what instances of the type usually gain later, as `setattr` reserves it.
    let hint = counter.attr_hint();
    match counter.field_shape(fields) {
        Some(shape) => Attrs::filled(shape, args, hint),
        None => {
            let mut attrs = Attrs::default();
            for (name, value) in fields.iter().zip(args) {
                attrs.set(&counter.shape, name, value, hint);
            }
            counter.note_width(attrs.len());
            attrs
        }
    }
}

/// Checks field names as `dataclasses.make_dataclass` does: identifiers (Unicode
/// `XID_Start` or `_`, then `XID_Continue`), not keywords, each once.
pub(crate) fn check(fields: &[Rc<str>]) -> Result<()> {
    const KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    for (i, name) in fields.iter().enumerate() {
        let mut chars = name.chars();
        let identifier = chars
            .next()
            .is_some_and(|c| c == '_' || unicode_ident::is_xid_start(c))
            && chars.all(unicode_ident::is_xid_continue);
        let problem = if !identifier {
            "Field names must be valid identifiers"
        } else if KEYWORDS.contains(&&**name) {
            "Field names must not be keywords"
        } else if fields[..i].contains(name) {
            "Field name duplicated"
        } else {
            continue;
        };
        let shown = crate::repr::repr_str(name);
        return Err(Error::TypeError(format!("{problem}: {shown}")));
    }
    Ok(())
}

/// The fields of a class that declares `own` and derives from classes in `mro`
/// (nearest first), as a dataclass collects them: the fields of every base that
/// declared some, from the farthest, then its own; a name declared again keeps its
/// first position.
pub(crate) fn collect(own: &[Rc<str>], mro: &[Option<Fields>]) -> Fields {
    let mut all: Vec<Rc<str>> = Vec::new();
    for name in mro.iter().rev().flatten().flat_map(|f| f.iter()).chain(own) {
        if !all.contains(name) {
            all.push(name.clone());
        }
    }
    all.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<Rc<str>> {
        v.iter().map(|&s| s.into()).collect()
    }

    fn err(pos: usize, kw: &[&str]) -> String {
        let fields = names(&["a", "b", "c"]);
        let positional: Vec<Value> = (0..pos).map(|i| Value::Int(i as i64)).collect();
        let keywords: Vec<(Rc<str>, Value)> = kw.iter().map(|&k| (k.into(), Value::None)).collect();
        match bind("E.__init__", &fields, &positional, &keywords) {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }

    /// The messages CPython 3.11 gives for the same calls of a `@dataclass`'s
    /// `__init__(self, a, b, c)`.
    #[test]
    fn binding_errors_read_as_cpython_s() {
        let cases: [(usize, &[&str], &str); 11] = [
            (
                1,
                &[],
                "TypeError: E.__init__() missing 3 required positional arguments: 'a', 'b', and 'c'",
            ),
            (
                2,
                &[],
                "TypeError: E.__init__() missing 2 required positional arguments: 'b' and 'c'",
            ),
            (
                3,
                &[],
                "TypeError: E.__init__() missing 1 required positional argument: 'c'",
            ),
            (
                5,
                &[],
                "TypeError: E.__init__() takes 4 positional arguments but 5 were given",
            ),
            (
                2,
                &["a", "b", "c"],
                "TypeError: E.__init__() got multiple values for argument 'a'",
            ),
            (
                4,
                &["d"],
                "TypeError: E.__init__() got an unexpected keyword argument 'd'",
            ),
            (
                1,
                &["a"],
                "TypeError: E.__init__() missing 2 required positional arguments: 'b' and 'c'",
            ),
            (
                0,
                &[],
                "TypeError: E.__init__() missing 4 required positional arguments: 'self', 'a', 'b', and 'c'",
            ),
            (2, &["c", "b"], "ok"),
            (
                5,
                &["z"],
                "TypeError: E.__init__() got an unexpected keyword argument 'z'",
            ),
            (
                5,
                &["a"],
                "TypeError: E.__init__() got multiple values for argument 'a'",
            ),
        ];
        for (pos, kw, want) in cases {
            assert_eq!(err(pos, kw), want, "{pos} positional, keywords {kw:?}");
        }
    }

    /// CPython 3.11: `make_dataclass('Z', [])(1)` and a field named `self`.
    #[test]
    fn binding_follows_cpython_s_edge_cases() {
        let one = [Value::Int(0), Value::Int(1)];
        let e = bind("Z.__init__", &[], &one, &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "TypeError: Z.__init__() takes 1 positional argument but 2 were given"
        );
        let fields = names(&["self"]);
        let kw: Vec<(Rc<str>, Value)> = vec![("self".into(), Value::Int(5))];
        let (_, values) = bind("S.__init__", &fields, &one[..1], &kw).unwrap();
        assert_eq!(values[0].as_int(), Some(5));
        let e = bind("S.__init__", &fields, &[], &[]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "TypeError: S.__init__() missing 2 required positional arguments: '__dataclass_self__' and 'self'"
        );
    }

    #[test]
    fn inherited_fields_come_first_and_keep_their_place() {
        let base: Fields = names(&["x", "y"]).into();
        let mid: Fields = names(&["x", "y", "z"]).into();
        let all = collect(&names(&["w", "y"]), &[Some(mid), None, Some(base)]);
        let got: Vec<&str> = all.iter().map(|n| &**n).collect();
        assert_eq!(got, ["x", "y", "z", "w"]);
    }

    #[test]
    fn keywords_fill_their_fields_in_field_order() {
        let fields = names(&["a", "b", "c"]);
        let positional = [Value::Int(0), Value::Int(1)];
        let keywords: Vec<(Rc<str>, Value)> =
            vec![("c".into(), Value::Int(3)), ("b".into(), Value::Int(2))];
        let (this, values) = bind("E.__init__", &fields, &positional, &keywords).unwrap();
        assert_eq!(this.as_int(), Some(0));
        let got: Vec<i64> = values.iter().map(|v| v.as_int().unwrap()).collect();
        assert_eq!(got, [1, 2, 3]);
    }
}
