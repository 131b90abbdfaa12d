//! Field classes: the `__init__` that [`ClassBuilder::fields`](crate::ClassBuilder::fields)
//! generates, as a `@dataclass` generates one.
//!
//! Invariant: a field `__init__` is an ordinary native function (it can be looked up,
//! bound, called from a subclass's `__init__`), whose function object also carries
//! its field names. Calling it binds its arguments as Python binds `(self, *fields)`
//! and sets one attribute per field, in field order; when a class call finds it as
//! the instance's `__init__` and the call passes exactly one positional argument per
//! field, [`fill`] sets the same attributes, in the same order, in the pass that
//! allocates the instance. Either way the instance ends with the same attributes, in
//! the same shape, and the same errors are raised for the same bad calls (the fast
//! path only takes calls that cannot fail).

use std::rc::Rc;

use crate::native::NativeFn;
use crate::object::{GcObj, Kind, Val};
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

/// Binds a call of `qualname(self, *fields)` as CPython binds it: positional
/// arguments first, then keywords; `self` and each field exactly once. Returns `self`
/// and the fields' values, in field order, or CPython's `TypeError`.
fn bind<'a>(
    qualname: &str,
    fields: &[Rc<str>],
    positional: &'a [Value],
    keywords: &'a [(Rc<str>, Value)],
) -> Result<(&'a Value, Vec<&'a Value>)> {
    let params = 1 + fields.len();
    if positional.len() > params {
        return Err(Error::TypeError(format!(
            "{qualname}() takes {params} positional arguments but {} were given",
            positional.len()
        )));
    }
    let name_of = |i: usize| if i == 0 { "self" } else { &*fields[i - 1] };
    let mut bound: Vec<Option<&Value>> = positional.iter().map(Some).collect();
    bound.resize(params, None);
    for (key, value) in keywords {
        let Some(i) = (0..params).find(|&i| name_of(i) == &**key) else {
            return Err(Error::TypeError(format!(
                "{qualname}() got an unexpected keyword argument '{key}'"
            )));
        };
        if bound[i].replace(value).is_some() {
            return Err(Error::TypeError(format!(
                "{qualname}() got multiple values for argument '{key}'"
            )));
        }
    }
    let missing: Vec<String> = (0..params)
        .filter(|&i| bound[i].is_none())
        .map(|i| format!("'{}'", name_of(i)))
        .collect();
    if !missing.is_empty() {
        let list = match missing.as_slice() {
            [one] => one.clone(),
            [a, b] => format!("{a} and {b}"),
            [init @ .., last] => format!("{}, and {last}", init.join(", ")),
            [] => unreachable!(),
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        return Err(Error::TypeError(format!(
            "{qualname}() missing {} required positional argument{s}: {list}",
            missing.len()
        )));
    }
    let mut values = bound.into_iter().flatten();
    let this = values.next().expect("self is bound");
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

/// Sets the new instance `obj`'s fields to `args`, as the generated `__init__`
/// would: the same attributes in the same shape (the caller has checked there is
/// one argument per field, and made them values of this heap).
pub(crate) fn fill<'gc>(
    mc: &gc_arena::Mutation<'gc>,
    obj: GcObj<'gc>,
    fields: &Fields,
    args: Vec<Val<'gc>>,
) {
    let mut data = obj.borrow_mut(mc);
    match data.ticket.0.counter.field_shape(fields) {
        Some(shape) => data.attrs = crate::shape::Attrs::filled(shape, args),
        None => {
            for (name, value) in fields.iter().zip(args) {
                data.set_attr(name, value);
            }
        }
    }
}

/// Checks field names as `dataclasses.make_dataclass` does: identifiers, not
/// keywords, each once.
pub(crate) fn check(fields: &[Rc<str>]) -> Result<()> {
    const KEYWORDS: [&str; 35] = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
        "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
        "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return",
        "try", "while", "with", "yield",
    ];
    for (i, name) in fields.iter().enumerate() {
        let mut chars = name.chars();
        let identifier = chars.next().is_some_and(|c| c == '_' || c.is_alphabetic())
            && chars.all(|c| c == '_' || c.is_alphanumeric());
        if !identifier {
            return Err(Error::TypeError(format!(
                "Field names must be valid identifiers: '{name}'"
            )));
        }
        if KEYWORDS.contains(&&**name) {
            return Err(Error::TypeError(format!(
                "Field names must not be keywords: '{name}'"
            )));
        }
        if fields[..i].contains(name) {
            return Err(Error::TypeError(format!("Field name duplicated: '{name}'")));
        }
    }
    Ok(())
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
        let cases: [(usize, &[&str], &str); 9] = [
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
        ];
        for (pos, kw, want) in cases {
            assert_eq!(err(pos, kw), want, "{pos} positional, keywords {kw:?}");
        }
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
