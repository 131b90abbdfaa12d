//! Construction: calling a builtin type (`list(x)`, `dict(pairs, **kw)`, `int(s, base)`,
//! `float(x)`, `str(x)`, `bytes(x)`, `weakref.ref(o, cb)`, `finalize(o, f)`…) or a user
//! class derived from one, with CPython's argument binding, conversions (`__int__`,
//! `__index__`, `__float__`) and messages.
//!
//! Invariant: a builtin type's arguments are bound and checked (their number, the
//! keywords it takes) with CPython's messages before anything is made or any user
//! code runs; a conversion or iteration that fails afterwards leaves at most an
//! unreachable object, which the next collection frees.

use std::rc::Rc;

use crate::object::{Kind, Val};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

use super::{bind, builtin_value, find_in_class};

/// Which special method converts an object for `int()` or `float()`.
#[derive(Clone, Copy)]
enum Conversion {
    /// `__int__` or `__float__`, the one asked for.
    Own,
    Index,
    Trunc,
}

/// The integer `v` is to `operator.index`: an int, a bool, or an instance of a
/// subclass of int.
pub(super) fn int_of(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Int(i) => Some(*i),
        Val::Bool(b) => Some(i64::from(*b)),
        Val::Obj(o) => match o.borrow().kind {
            Kind::Int(i) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// `int(f)`: truncation toward zero, with CPython's errors for NaN, infinities and
/// values beyond lethe's 64-bit ints.
pub(crate) fn float_to_int(f: f64) -> Result<i64> {
    if f.is_nan() {
        return Err(Error::ValueError(
            "cannot convert float NaN to integer".into(),
        ));
    }
    if f.is_infinite() {
        return Err(Error::OverflowError(
            "cannot convert float infinity to integer".into(),
        ));
    }
    let t = f.trunc();
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&t) {
        return Err(Error::int_overflow());
    }
    Ok(t as i64)
}

/// `int(b, base)` of bytes `b` (CPython's `_PyLong_FromBytes`): read as the text
/// of its ASCII bytes, the error showing the bytes' repr.
fn parse_int_bytes(b: &[u8], base: i64) -> Result<Value> {
    // (`PyLong_FromString` reads the bytes: a non-ASCII one is no digit nor space,
    // and ends the run of digits the limit counts.)
    let text: String = b
        .iter()
        .map(|&c| if c.is_ascii() { char::from(c) } else { '?' })
        .collect();
    parse_int(&text, base).map_err(|e| match e {
        Error::ValueError(m) if m.starts_with("invalid literal") => Error::ValueError(format!(
            "invalid literal for int() with base {base}: {}",
            crate::bytes::repr_bytes(b)
                .chars()
                .take(200)
                .collect::<String>()
        )),
        e => e,
    })
}

/// The text `int()` and `float()` read for `text` (CPython's
/// `_PyUnicode_TransformDecimalAndSpaceToASCII`): ASCII as it is, other whitespace
/// as a space, any other decimal digit (`Nd`) as its ASCII digit, and anything
/// else as `?`, which no number holds.
fn ascii_digits(text: &str) -> std::borrow::Cow<'_, str> {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
    if text.is_ascii() {
        return text.into();
    }
    let nd = |c: char| c.general_category() == GeneralCategory::DecimalNumber;
    // The zero of the last digit's script: the digits of a text are mostly of one
    // script, whose value is then its distance from that zero.
    let mut zero = u32::MAX;
    text.chars()
        .map(|c| match c {
            c if c.is_ascii() => c,
            c if c.is_whitespace() => ' ',
            c if (zero..zero.saturating_add(10)).contains(&u32::from(c)) => {
                char::from(b'0' + (u32::from(c) - zero) as u8)
            }
            // The digits of a script are ten code points from its zero up (a
            // run of `Nd` may hold several scripts'), so a digit's value is its
            // distance from the run's start, modulo 10.
            c if nd(c) => {
                let before = (1..=u32::from(c))
                    .map_while(|k| char::from_u32(u32::from(c) - k).filter(|&p| nd(p)))
                    .count();
                zero = u32::from(c) - (before % 10) as u32;
                char::from(b'0' + (before % 10) as u8)
            }
            _ => '?',
        })
        .collect::<String>()
        .into()
}

/// The most digits `int(text)` reads in a base that is not a power of two (CPython
/// 3.11's default `sys.get_int_max_str_digits()`).
const MAX_STR_DIGITS: usize = 4300;

/// `int(text, base)`: base 2 to 36, or 0 to read the base from a `0b`/`0o`/`0x`
/// prefix; spaces around, a sign and `_` between digits allowed, as CPython's.
fn parse_int(text: &str, base: i64) -> Result<Value> {
    let invalid = || {
        Error::ValueError(format!(
            "invalid literal for int() with base {base}: {}",
            // CPython's `%.200R`: the repr cut to 200 characters.
            crate::repr::repr_str(text)
                .chars()
                .take(200)
                .collect::<String>()
        ))
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(Error::ValueError(
            "int() base must be >= 2 and <= 36, or 0".into(),
        ));
    }
    let ascii = ascii_digits(text);
    let t = ascii.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.to_ascii_lowercase();
    let prefixed = |p: &str, b: i64| (base == 0 || base == b) && lower.starts_with(p);
    let (radix, digits) = if prefixed("0x", 16) {
        (16, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else if prefixed("0o", 8) {
        (8, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else if prefixed("0b", 2) {
        (2, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else {
        (if base == 0 { 10 } else { base as u32 }, t)
    };
    // CPython 3.11 reads at most 4300 digits (`sys.get_int_max_str_digits()`) in a
    // base that is not a power of two: counted over the run of digits and single
    // `_`s (not ending in one) after the sign and prefix, before what follows it.
    if !radix.is_power_of_two() && !digits.starts_with('_') {
        let end = digits
            .find(|c: char| c != '_' && !c.is_digit(radix))
            .unwrap_or(digits.len());
        let run = &digits[..end];
        let count = run.bytes().filter(|b| *b != b'_').count();
        if count > MAX_STR_DIGITS && !run.contains("__") && !run.ends_with('_') {
            return Err(Error::ValueError(format!(
                "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string \
                 conversion: value has {count} digits; use sys.set_int_max_str_digits() \
                 to increase the limit"
            )));
        }
    }
    // Without a prefix, base 0 reads decimal and refuses leading zeros.
    if base == 0
        && radix == 10
        && t.starts_with('0')
        && !t.trim_start_matches(['0', '_']).is_empty()
    {
        return Err(invalid());
    }
    if digits.is_empty()
        || digits.starts_with(['_', '+', '-'])
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(invalid());
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if !clean.chars().all(|c| c.is_digit(radix)) {
        return Err(invalid());
    }
    // (Digits past an i128 are past lethe's ints too.)
    let magnitude = i128::from_str_radix(&clean, radix).map_err(|_| Error::int_overflow())?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value)
        .map(Value::Int)
        .map_err(|_| Error::int_overflow())
}

/// `float(text)`: Rust's reading of a decimal, with CPython's `_` between digits
/// and its words for infinity and NaN.
fn parse_float(text: &str) -> Result<Value> {
    let invalid = || {
        Error::ValueError(format!(
            "could not convert string to float: {}",
            crate::repr::repr_str(text)
        ))
    };
    let ascii = ascii_digits(text);
    let t = ascii.trim();
    let digit_around = |i: usize| {
        let b = t.as_bytes();
        i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit()
    };
    if t.bytes()
        .enumerate()
        .any(|(i, c)| c == b'_' && !digit_around(i))
    {
        return Err(invalid());
    }
    let clean = t.replace('_', "");
    let lower = clean.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    // Rust also reads "infinity"/"inf"/"nan"; CPython reads the same words.
    if unsigned
        .chars()
        .any(|c| !(c.is_ascii_digit() || ".e+-".contains(c)))
        && !matches!(unsigned, "inf" | "infinity" | "nan")
    {
        return Err(invalid());
    }
    clean.parse().map(Value::Float).map_err(|_| invalid())
}

impl Heap {
    /// `int(x, /, base=10)`'s and `str(object='', encoding=…, errors=…)`'s arguments,
    /// positional and keyword, bound to their places as CPython binds them: the count
    /// first, then an unknown keyword, then one given twice; for `str`, the decoding
    /// arguments (strs without NUL; bytes decoded, anything else refused). `Err` holds an answer
    /// already made (`str(encoding=…)` without an object is `''`, `str(b, 'ascii')`
    /// the decoded text).
    fn bind_int_str(
        &self,
        b: Builtin,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<std::result::Result<Vec<Value>, Value>> {
        let (name, params): (&str, &[&str]) = match b {
            Builtin::Int => ("int", &["", "base"]),
            _ => ("str", &["object", "encoding", "errors"]),
        };
        let given = args.len() + kwargs.len();
        if given > params.len() {
            return Err(Error::TypeError(format!(
                "{name}() takes at most {} arguments ({given} given)",
                params.len()
            )));
        }
        let mut slots: Vec<Option<Value>> = vec![None; params.len()];
        for (i, v) in args.iter().enumerate() {
            slots[i] = Some(v.clone());
        }
        for (k, v) in kwargs {
            let Some(pos) = params.iter().position(|p| !p.is_empty() && *p == &**k) else {
                return Err(Error::TypeError(format!(
                    "'{k}' is an invalid keyword argument for {name}()"
                )));
            };
            if slots[pos].is_some() {
                return Err(Error::TypeError(format!(
                    "argument for {name}() given by name ('{k}') and position ({})",
                    pos + 1
                )));
            }
            slots[pos] = Some(v.clone());
        }
        if b == Builtin::Int && slots[0].is_none() && slots[1].is_some() {
            return Err(Error::TypeError("int() missing string argument".into()));
        }
        if b == Builtin::Str {
            // Each a str or a str subclass's instance (Argument Clinic's `str`
            // converter), without NUL.
            let encoding = self.str_arg("str", "encoding", slots[1].as_ref())?;
            let errors = self.str_arg("str", "errors", slots[2].as_ref())?;
            let decoding = slots[1].is_some() || slots[2].is_some();
            match &slots[0] {
                None if decoding => return Ok(Err(Value::Str("".into()))),
                // `str(b, encoding, errors)`: `b.decode(encoding, errors)`.
                Some(o) if decoding && let Some(data) = self.try_bytes(o)? => {
                    let text = crate::bytes::decode(
                        &data,
                        encoding.as_deref().unwrap_or("utf-8"),
                        errors.as_deref().unwrap_or("strict"),
                    )?;
                    return Ok(Err(Value::from(text)));
                }
                // (A str subclass's instance is a str: `PyUnicode_Check`.)
                Some(o) if decoding => {
                    return Err(Error::TypeError(match self.str_text(o)? {
                        Some(_) => "decoding str is not supported".into(),
                        None => format!(
                            "decoding to str: need a bytes-like object, {} found",
                            self.type_name(o)
                        ),
                    }));
                }
                _ => {}
            }
        }
        let last = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
        Ok(Ok(slots[..last]
            .iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect()))
    }

    /// Gives a fresh instance of a builtin type's subclass the value or the items of
    /// `base`, what the builtin type made of the call's arguments (`fresh`: made by
    /// the call, so nothing else holds it).
    pub(super) fn fill_builtin_part(
        &self,
        instance: &Value,
        base: &Value,
        fresh: bool,
    ) -> Result<()> {
        // (`str(x)` may give the instance of a str subclass a `__str__` returned:
        // its text.)
        let text;
        let base = match base {
            Value::Obj(_) if let Some(t) = self.str_text(base)? => {
                text = Value::Str(t);
                &text
            }
            _ => base,
        };
        let scalar = self.with(|cx| -> Result<bool> {
            let o = cx.obj(instance)?;
            let b = cx.val(base)?;
            let mut data = o.borrow_mut(cx.mc);
            Ok(match (&mut data.kind, b) {
                (Kind::Int(i), Val::Int(x)) => {
                    *i = x;
                    true
                }
                (Kind::Int(i), Val::Bool(x)) => {
                    *i = i64::from(x);
                    true
                }
                (Kind::Float(f), Val::Float(x)) => {
                    *f = x;
                    true
                }
                (Kind::Str(s), Val::Str(x)) => {
                    *s = x;
                    true
                }
                _ => false,
            })
        })?;
        if scalar {
            return Ok(());
        }
        // A set's or frozenset's table is taken as the builtin type built it, so its
        // layout is the one CPython's `set_init` builds in the instance itself (a
        // merge into the instance would lay the members out again).
        let moved = fresh
            && self.with(|cx| -> Result<bool> {
                let (o, b) = (cx.obj(instance)?, cx.obj(base)?);
                let taken = match &mut b.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) => {
                        std::mem::replace(&mut **t, crate::dict::Table::new_set())
                    }
                    _ => return Ok(false),
                };
                match &mut o.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) => {
                        t.replace_with(taken);
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            })?;
        if moved {
            return Ok(());
        }
        self.extend_from(instance, base)
    }

    /// Fills a fresh list/tuple/dict/set (or subclass instance) from an iterable; a
    /// list's `extend` (and `+=`): each item is added as the iterator gives it, so
    /// that an error part-way leaves the items added before it, as CPython's
    /// (a builtin container is read whole first, so `l.extend(l)` doubles `l`).
    pub(crate) fn extend_from(&self, target: &Value, src: &Value) -> Result<()> {
        #[derive(PartialEq)]
        enum Target {
            Dict,
            Set,
            List,
            Tuple,
        }
        let target_kind = self.with(|cx| -> Result<Option<Target>> {
            Ok(match cx.obj(target)?.borrow().kind {
                Kind::Dict(_) => Some(Target::Dict),
                Kind::Set(_) | Kind::FrozenSet(_) => Some(Target::Set),
                Kind::List(_) => Some(Target::List),
                Kind::Tuple(_) => Some(Target::Tuple),
                _ => None,
            })
        })?;
        let push = |items: &[Value]| {
            self.with(|cx| -> Result<()> {
                let o = cx.obj(target)?;
                let vals = cx.vals(items)?;
                if let Kind::List(v) | Kind::Tuple(v) = &mut o.borrow_mut(cx.mc).kind {
                    v.extend(vals);
                }
                Ok(())
            })
        };
        match target_kind {
            Some(Target::Dict) => {
                if self.dict_merge(target, src)? {
                    return Ok(());
                }
                self.each_pair(src, |k, v| self.dict_store(target, &k, &v))
            }
            Some(Target::Set) => self.set_update(target, src),
            // A list extended by itself reads its items first, as CPython's
            // `list_extend` does (`PySequence_Fast`: a subclass's through its
            // `__iter__`).
            Some(Target::List) if src.is(target) => {
                push(&self.sequence_fast(src, "argument must be iterable")?)
            }
            Some(Target::List) => {
                // A builtin container without a class's `__iter__` or length
                // methods is read whole (its hint, its length, is the room its
                // items take).
                let src = if self.hint_asks_user(src)? {
                    src.clone()
                } else {
                    match self.snapshot(src)? {
                        crate::iteration::Snapshot::Items(items) => return push(&items),
                        crate::iteration::Snapshot::Protocol(src) => src,
                    }
                };
                // CPython's `list_extend`: the iterator, then room for the
                // iterable's length hint (eight without one), so that even an empty
                // iterable with a hint leaves the list with storage, which a sort
                // running meanwhile notices as a change; then the items, and the
                // room cut back if the hint was too large.
                let it = self.iterator(&src)?;
                let n = self.length_hint(&src, 8)?;
                let with_list = |f: &dyn Fn(&mut Vec<Val<'_>>) -> Result<()>| {
                    self.with(|cx| match &mut cx.obj(target)?.borrow_mut(cx.mc).kind {
                        Kind::List(v) => f(v),
                        _ => Ok(()),
                    })
                };
                with_list(&|v| crate::iteration::reserve_hint(v, n))?;
                while let Some(item) = self.next(&it)? {
                    push(std::slice::from_ref(&item))?;
                }
                with_list(&|v| {
                    if v.len() < v.capacity() / 2 {
                        v.shrink_to(v.len().max(1));
                    }
                    Ok(())
                })
            }
            Some(Target::Tuple) => push(&self.read_hinted(src, 10)?),
            None => Ok(()),
        }
    }

    pub(super) fn construct_builtin(
        &self,
        b: Builtin,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        // int's and str's arguments, bound as CPython binds them (`str(encoding=…)`
        // without an object answers at once).
        let bound;
        let (args, kwargs) = if matches!(b, Builtin::Int | Builtin::Str) {
            match self.bind_int_str(b, args, kwargs)? {
                Ok(v) => bound = v,
                Err(done) => return Ok(done),
            }
            (&bound[..], &[][..])
        } else {
            (args, kwargs)
        };
        let arg = |i: usize| args.get(i);
        // An instance of a user subclass of int, float or str, as the builtin value it
        // holds (CPython's constructors accept them as their base type's values).
        let plain = |v: &Value| -> Result<Value> {
            let Value::Obj(_) = v else {
                return Ok(v.clone());
            };
            self.with(|cx| {
                Ok(match builtin_value(&cx.val(v)?) {
                    Some(p) => cx.value(&p),
                    None => v.clone(),
                })
            })
        };
        // A number's argument: a proxy gives its referent's number (a proxy's
        // `nb_int`, `nb_float` and `nb_index` forward; `ReferenceError` once dead),
        // in the same pass as `plain`.
        let number = |v: &Value| -> Result<Value> {
            let Value::Obj(_) = v else {
                return Ok(v.clone());
            };
            self.with(|cx| {
                let mut x = cx.val(v)?;
                let target = match &x {
                    Val::Obj(o) => o.borrow().kind.proxy_target(cx.mc),
                    _ => None,
                };
                if let Some(t) = target {
                    x = Val::Obj(t.ok_or_else(Error::dead_referent)?);
                }
                Ok(cx.value(&builtin_value(&x).unwrap_or(x)))
            })
        };
        // CPython's argument checks, before anything is made.
        let name = b.tp_name();
        let no_keywords = || Error::TypeError(format!("{name}() takes no keyword arguments"));
        match b {
            Builtin::Object if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError("object() takes no arguments".into()));
            }
            Builtin::List
            | Builtin::Tuple
            | Builtin::Set
            | Builtin::FrozenSet
            | Builtin::Float
            | Builtin::Bool
            | Builtin::Type
                if !kwargs.is_empty() =>
            {
                return Err(no_keywords());
            }
            Builtin::List
            | Builtin::Tuple
            | Builtin::Set
            | Builtin::FrozenSet
            | Builtin::Dict
            | Builtin::Float
            | Builtin::Bool
                if args.len() > 1 =>
            {
                return Err(Error::TypeError(format!(
                    "{name} expected at most 1 argument, got {}",
                    args.len()
                )));
            }
            Builtin::NoneType if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError("NoneType takes no arguments".into()));
            }
            Builtin::NotImplementedType if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError(
                    "NotImplementedType takes no arguments".into(),
                ));
            }
            // `tuple(t)` and `frozenset(f)` of an exact tuple or frozenset: `t` itself.
            Builtin::Tuple | Builtin::FrozenSet
                if args.len() == 1 && self.exact_builtin(&args[0])? == Some(b) =>
            {
                return Ok(args[0].clone());
            }
            Builtin::Int if args.len() > 2 => {
                return Err(Error::TypeError(format!(
                    "int() takes at most 2 arguments ({} given)",
                    args.len()
                )));
            }
            Builtin::Ref if args.len() > 2 => {
                return Err(Error::TypeError(format!(
                    "__new__ expected at most 2 arguments, got {}",
                    args.len()
                )));
            }
            _ => {}
        }
        // `list(iterable)` and its kin: the items of the optional argument.
        // `list(x)` and `tuple(x)` read `x` as CPython's `list_extend` and
        // `PySequence_Tuple` do (its length hint asked, defaulting to 8 and 10).
        let items = |default| -> Result<Vec<Value>> {
            match arg(0) {
                Some(a) => self.read_hinted(a, default),
                None => Ok(Vec::new()),
            }
        };
        // A str subclass's instance that is not a number: CPython words the
        // `ValueError` with the instance's own repr (`%R`: its `__repr__`, which may
        // raise), not its text's.
        let str_instance = |o: &Value| {
            self.with(|cx| {
                cx.obj(o)
                    .is_ok_and(|d| matches!(d.borrow().kind, Kind::Str(_)))
            })
        };
        let reworded = |r: Result<Value>, base: Option<i64>| match (r, arg(0)) {
            // (Only the invalid-literal error shows the text: not the digit limit's.)
            (Err(Error::ValueError(m)), Some(o))
                if str_instance(o)
                    && (m.starts_with("invalid literal") || m.starts_with("could not convert")) =>
            {
                let shown = self.repr(o)?;
                Err(Error::ValueError(match base {
                    Some(base) => format!(
                        "invalid literal for int() with base {base}: {}",
                        shown.chars().take(200).collect::<String>()
                    ),
                    None => format!("could not convert string to float: {shown}"),
                }))
            }
            (r, _) => r,
        };
        match b {
            Builtin::Object => self.object(),
            Builtin::List => self.list(&items(8)?),
            Builtin::Tuple => self.tuple(&items(10)?),
            Builtin::Set => self.new_set(crate::methods::Plain::Set, arg(0)),
            Builtin::FrozenSet => self.new_set(crate::methods::Plain::FrozenSet, arg(0)),
            Builtin::Bytes => self.construct_bytes(args, kwargs),
            Builtin::Slice => self.construct_slice(args, kwargs),
            Builtin::Dict => {
                let d = self.dict(&[])?;
                if let Some(src) = arg(0) {
                    self.extend_from(&d, src)?;
                }
                // (Each keyword stored in turn, as CPython's `dict_vectorcall`
                // does, where `d.update(**kw)` merges a dict of them.)
                for (k, v) in kwargs {
                    self.setitem(&d, &Value::Str(k.into()), v)?;
                }
                Ok(d)
            }
            Builtin::Str => match arg(0) {
                Some(a) => self.str_object(a),
                None => Ok(Value::Str("".into())),
            },
            // `int(x, base)`: the base first (an integer, in range: CPython's
            // `PyNumber_AsSsize_t`, so an `__index__` object too), then `x` (a str),
            // in CPython's order.
            Builtin::Int if args.len() == 2 => {
                let base = self.as_index(&args[1])?;
                if base != 0 && !(2..=36).contains(&base) {
                    return Err(Error::ValueError(
                        "int() base must be >= 2 and <= 36, or 0".into(),
                    ));
                }
                if let Some(b) = self.try_bytes(&args[0])? {
                    return parse_int_bytes(&b, base);
                }
                match plain(&args[0])? {
                    Value::Str(text) => reworded(parse_int(&text, base), Some(base)),
                    _ => Err(Error::TypeError(
                        "int() can't convert non-string with explicit base".into(),
                    )),
                }
            }
            Builtin::Int if let Some(n) = self.number_method(arg(0), false)? => Ok(n),
            Builtin::Float if let Some(n) = self.number_method(arg(0), true)? => Ok(n),
            Builtin::Int => match arg(0).map(number).transpose()? {
                None => Ok(Value::Int(0)),
                Some(Value::Int(i)) => Ok(Value::Int(i)),
                Some(Value::Bool(b)) => Ok(Value::Int(i64::from(b))),
                Some(Value::Float(f)) => float_to_int(f).map(Value::Int),
                Some(Value::Str(s)) => reworded(parse_int(&s, 10), Some(10)),
                Some(o) if let Some(b) = self.try_bytes(&o)? => parse_int_bytes(&b, 10),
                Some(o) => Err(Error::TypeError(format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    self.type_name(&o)
                ))),
            },
            Builtin::Float => match arg(0).map(number).transpose()? {
                None => Ok(Value::Float(0.0)),
                Some(Value::Int(i)) => Ok(Value::Float(i as f64)),
                Some(Value::Float(f)) => Ok(Value::Float(f)),
                Some(Value::Bool(b)) => Ok(Value::Float(f64::from(u8::from(b)))),
                Some(Value::Str(s)) => reworded(parse_float(&s), None),
                Some(o) => Err(Error::TypeError(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    self.type_name(&o)
                ))),
            },
            Builtin::Bool => Ok(Value::Bool(match arg(0) {
                Some(a) => self.truthy(a)?,
                None => false,
            })),
            Builtin::Type => match args {
                [one] => self.type_of(one),
                // (Making a class takes `Heap::class`, not `type(name, bases, ns)`.)
                _ => Err(Error::TypeError("type() takes 1 or 3 arguments".into())),
            },
            Builtin::Ref => {
                if !kwargs.is_empty() {
                    return Err(Error::TypeError("ref() takes no keyword arguments".into()));
                }
                let obj = arg(0).ok_or_else(|| {
                    Error::TypeError("__new__ expected at least 1 argument, got 0".into())
                })?;
                self.weakref(obj, arg(1).filter(|c| !c.is_none()))
            }
            // `WeakMethod.__new__(cls, meth, callback=None)` (weakref.py), then ref's
            // `__init__`, which refuses keywords.
            Builtin::WeakMethod => {
                let p = self.bind_new(b, &["cls", "meth", "callback"], 2, args, kwargs)?;
                let cb = p[1].as_ref().filter(|c| !c.is_none());
                let wm = self.weak_method(p[0].as_ref().expect("required"), cb)?;
                if !kwargs.is_empty() {
                    return Err(Error::TypeError("ref() takes no keyword arguments".into()));
                }
                Ok(wm)
            }
            // `KeyedRef.__new__(type, ob, callback, key)` (weakref.py).
            Builtin::KeyedRef => {
                let p = self.bind_new(b, &["type", "ob", "callback", "key"], 4, args, kwargs)?;
                let req = |i: usize| p[i].as_ref().expect("required");
                self.keyed_ref(req(0), Some(req(1)), req(2))
            }
            // `types.MethodType(func, instance)`.
            Builtin::Method => {
                if !kwargs.is_empty() {
                    return Err(Error::TypeError(
                        "method() takes no keyword arguments".into(),
                    ));
                }
                let [func, instance] = args else {
                    return Err(Error::TypeError(format!(
                        "method expected 2 arguments, got {}",
                        args.len()
                    )));
                };
                if !self.is_callable(func)? {
                    return Err(Error::TypeError("first argument must be callable".into()));
                }
                if instance.is_none() {
                    return Err(Error::TypeError("instance must not be None".into()));
                }
                self.with(|cx| {
                    let Val::Obj(func) = cx.val(func)? else {
                        return Err(Error::TypeError("first argument must be callable".into()));
                    };
                    let receiver = cx.val(instance)?;
                    let m = cx.alloc(Kind::Method { func, receiver }, None);
                    Ok(cx.value(&Val::Obj(m)))
                })
            }
            // `types.FunctionType(code, globals, …)`: there are no code objects.
            Builtin::Function => Err(Error::TypeError(match args {
                [] => "function() missing required argument 'code' (pos 1)".into(),
                [_] => "function() missing required argument 'globals' (pos 2)".into(),
                [code, ..] => format!(
                    "function() argument 'code' must be code, not {}",
                    self.type_name(code)
                ),
            })),
            // `finalize.__init__(self, obj, func, /, *args, **kwargs)`.
            Builtin::Finalize => {
                if args.len() < 2 {
                    return Err(Error::TypeError(format!(
                        "finalize.__init__() missing {}",
                        if args.is_empty() {
                            "2 required positional arguments: 'obj' and 'func'"
                        } else {
                            "1 required positional argument: 'func'"
                        }
                    )));
                }
                let kw: Vec<(&str, Value)> =
                    kwargs.iter().map(|(k, v)| (&**k, v.clone())).collect();
                self.finalize(&args[0], &args[1], &args[2..], &kw)
            }
            Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary | Builtin::WeakSet => {
                self.construct_container(b, args, kwargs)
            }
            Builtin::NoneType => Ok(Value::None),
            Builtin::NotImplementedType => Ok(self.not_implemented()),
            // `reversed(seq)`, the one iterator type that is called.
            Builtin::Reversed => match args {
                _ if !kwargs.is_empty() => Err(no_keywords()),
                [seq] => self.reversed(seq),
                _ => Err(Error::TypeError(format!(
                    "reversed expected 1 argument, got {}",
                    args.len()
                ))),
            },
            other => Err(Error::TypeError(format!(
                "cannot create '{}' instances",
                other.tp_name()
            ))),
        }
    }

    /// Binds a call of the Python-level `b.__new__(cls, …)` with parameters `names`
    /// (`cls` first), the first `required` without a default, as CPython binds it:
    /// the arguments after `cls`, each if given.
    fn bind_new(
        &self,
        b: Builtin,
        names: &[&str],
        required: usize,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Vec<Option<Value>>> {
        let positional: Vec<Value> = std::iter::once(self.builtin(b))
            .chain(args.iter().cloned())
            .collect();
        let bound = crate::native::bind_params(
            || format!("{}.__new__", b.names().1),
            names.len(),
            required,
            |i| names[i],
            &positional,
            kwargs,
        )?;
        Ok(bound[1..].iter().map(|v| v.cloned()).collect())
    }

    /// The builtin type `v` is exactly an instance of (not of a subclass), if any.
    fn exact_builtin(&self, v: &Value) -> Result<Option<Builtin>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(match (&data.class, &data.kind) {
                (None, Kind::Tuple(_)) => Some(Builtin::Tuple),
                (None, Kind::FrozenSet(_)) => Some(Builtin::FrozenSet),
                _ => None,
            })
        })
    }

    /// `int(x)` (or `float(x)`, `to_float`) of an instance of a user class, by the
    /// special methods CPython 3.11's `PyNumber_Long` (`PyNumber_Float`) asks, in
    /// its order: `__int__` (`__float__`), then, unless the instance is a builtin
    /// number's (whose own conversion comes first), `__index__`, then for `int()`
    /// `__trunc__`. A proxy converts its referent. `None` when `x` has none of them,
    /// for the caller's conversion of builtin values.
    fn number_method(&self, x: Option<&Value>, to_float: bool) -> Result<Option<Value>> {
        let Some(x @ Value::Obj(_)) = x else {
            return Ok(None);
        };
        let own = if to_float { "__float__" } else { "__int__" };
        let found = self.with(|cx| -> Result<Option<(Conversion, Value, String)>> {
            let mut o = cx.obj(x)?;
            if let Some(t) = o.borrow().kind.proxy_target(cx.mc) {
                o = t.ok_or_else(Error::dead_referent)?;
            }
            if o.borrow().class.is_none() {
                return Ok(None);
            }
            let number = matches!(o.borrow().kind, Kind::Int(_) | Kind::Float(_));
            let order: &[(Conversion, &str)] = match (number, to_float) {
                (true, _) => &[(Conversion::Own, own)],
                (false, true) => &[(Conversion::Own, own), (Conversion::Index, "__index__")],
                (false, false) => &[
                    (Conversion::Own, own),
                    (Conversion::Index, "__index__"),
                    (Conversion::Trunc, "__trunc__"),
                ],
            };
            Ok(order.iter().find_map(|(how, name)| {
                let m = find_in_class(cx, o, name)?;
                Some((*how, bind(cx, &m, o), tp_name(cx, &Val::Obj(o))))
            }))
        })?;
        let Some((how, m, type_name)) = found else {
            return Ok(None);
        };
        let r = self.call(&m, &[])?;
        // What the method returned: an int (a bool, an int subclass's value), a float
        // (a float subclass's), its type's name, and whether it has `__index__`.
        let (int, float, returned, has_index) = self.with(|cx| -> Result<_> {
            let v = cx.val(&r)?;
            let float = match builtin_value(&v) {
                Some(Val::Float(f)) => Some(f),
                _ => None,
            };
            // (A proxy has `nb_index`, which asks its referent.)
            let has_index = matches!(&v, Val::Obj(o)
                if o.borrow().kind.proxy_target(cx.mc).is_some()
                || (o.borrow().class.is_some() && find_in_class(cx, *o, "__index__").is_some()));
            Ok((int_of(&v), float, tp_name(cx, &v), has_index))
        })?;
        let non = |what: &str| Error::TypeError(format!("{what} (type {returned})"));
        let n = match (how, to_float) {
            (Conversion::Own, true) => match float {
                Some(f) => return Ok(Some(Value::Float(f))),
                None => return Err(non(&format!("{type_name}.__float__ returned non-float"))),
            },
            (Conversion::Own, false) => int.ok_or_else(|| non("__int__ returned non-int"))?,
            (Conversion::Index, _) => int.ok_or_else(|| non("__index__ returned non-int"))?,
            // `__trunc__` may return any Integral: an int, or what has `__index__`.
            (Conversion::Trunc, _) => match int {
                Some(i) => i,
                None if has_index => self.as_index(&r)?,
                None => return Err(non("__trunc__ returned non-Integral")),
            },
        };
        Ok(Some(if to_float {
            Value::Float(n as f64)
        } else {
            Value::Int(n)
        }))
    }
}
