//! Native functions: Rust closures that lethe calls as Python functions.
//!
//! Invariant: a native function never sees arena pointers. It receives the heap and
//! its arguments as handles ([`Args`]), so it may call back into the heap freely; the
//! heap values it captures are stored on the function object and traced by the
//! collector, not held by the closure (a closure holding an [`Obj`](crate::Obj)
//! would root it for as long as the function lives, and a cycle through it would
//! never be freed).

use std::rc::Rc;

use crate::{Error, Heap, Result, Value};

/// The Rust side of a native function.
pub(crate) type NativeFn = Rc<dyn Fn(&Heap, &Args<'_>) -> Result<Value>>;

/// The arguments of a call to a native function.
///
/// ```
/// use lethe::{Heap, Value};
/// let heap = Heap::new();
/// let add = heap.function("add", |_heap, args| {
///     Ok(Value::Int(args.int(0)? + args.int(1)?))
/// });
/// assert_eq!(heap.call(&add, &[2.into(), 3.into()])?.as_int(), Some(5));
/// # Ok::<(), lethe::Error>(())
/// ```
pub struct Args<'a> {
    pub(crate) name: &'a str,
    /// The function's `__qualname__`, which [`bind`](Args::bind)'s messages show.
    pub(crate) qualname: &'a str,
    /// Positional arguments (for a method called through a bound method, `self` first).
    pub positional: &'a [Value],
    /// Keyword arguments, in the order given.
    pub keywords: &'a [(Rc<str>, Value)],
    /// The heap values the function captured when it was made
    /// ([`Heap::closure`](crate::Heap::closure)).
    pub captures: &'a [Value],
}

impl std::fmt::Debug for Args<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Args")
            .field("name", &self.name)
            .field("positional", &self.positional)
            .field("keywords", &self.keywords)
            .field("captures", &self.captures)
            .finish()
    }
}

impl<'a> Args<'a> {
    /// The number of positional arguments.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("n", |_, a| lethe::Value::try_from(a.len()));
    /// assert_eq!(heap.call(&f, &[1.into(), 2.into()])?.as_int(), Some(2));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn len(&self) -> usize {
        self.positional.len()
    }

    /// Whether there are no positional arguments.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("e", |_, a| Ok(a.is_empty().into()));
    /// assert_eq!(heap.call(&f, &[])?.as_bool(), Some(true));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_empty(&self) -> bool {
        self.positional.is_empty()
    }

    /// Positional argument `i`, or `TypeError: f() missing required positional argument`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("f", |_, a| Ok(a.get(0)?.clone()));
    /// let err = heap.call(&f, &[]).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: f() missing required positional argument 1");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn get(&self, i: usize) -> Result<&Value> {
        self.positional.get(i).ok_or_else(|| {
            Error::TypeError(format!(
                "{}() missing required positional argument {}",
                self.name,
                i as u128 + 1
            ))
        })
    }

    /// Positional argument `i` as an `int`, or a `TypeError`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("f", |_, a| Ok(a.int(0)?.into()));
    /// assert!(heap.call(&f, &["x".into()]).is_err());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn int(&self, i: usize) -> Result<i64> {
        match self.get(i)? {
            Value::Int(v) => Ok(*v),
            Value::Bool(b) => Ok(i64::from(*b)),
            _ => Err(Error::TypeError(format!(
                "{}() argument {} must be int",
                self.name,
                i as u128 + 1
            ))),
        }
    }

    /// Keyword argument `name`, if given.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("f", |_, a| Ok(a.keyword("x").cloned().unwrap_or_default()));
    /// let r = heap.call_kw(&f, &[], &[("x", 5.into())])?;
    /// assert_eq!(r.as_int(), Some(5));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn keyword(&self, name: &str) -> Option<&Value> {
        self.keywords
            .iter()
            .find(|(k, _)| &**k == name)
            .map(|(_, v)| v)
    }

    /// Binds the arguments to parameters `params`, the first `required` of them
    /// without a default, as CPython binds a call of `def f(a, b, c=None)`: positional
    /// arguments first, in order, then keywords by name. Gives each parameter's
    /// argument, or `None` where one with a default was not given; else CPython's
    /// `TypeError` for an unexpected or repeated keyword, too many positional
    /// arguments or missing required ones, naming the function by its
    /// `__qualname__` (`C.m()` for a method). A function called as a method receives
    /// `self` first: name it among `params`. (`required` past the number of
    /// parameters counts as all of them.)
    ///
    /// ```
    /// use lethe::{Heap, Value};
    /// let heap = Heap::new();
    /// let open = heap.function("open", |_, args| {
    ///     let [path, mode] = args.bind(&["path", "mode"], 1)?[..] else { unreachable!() };
    ///     let mode = mode.and_then(Value::as_str).unwrap_or("r");
    ///     Ok(format!("{}:{mode}", path.unwrap().as_str().unwrap_or("?")).as_str().into())
    /// });
    /// let got = heap.call_kw(&open, &["a.txt".into()], &[("mode", "w".into())])?;
    /// assert_eq!(got.as_str(), Some("a.txt:w"));
    /// let typo = heap.call_kw(&open, &["a.txt".into()], &[("mood", "w".into())]).unwrap_err();
    /// assert_eq!(typo.to_string(), "TypeError: open() got an unexpected keyword argument 'mood'");
    /// let missing = heap.call(&open, &[]).unwrap_err();
    /// assert_eq!(
    ///     missing.to_string(),
    ///     "TypeError: open() missing 1 required positional argument: 'path'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn bind(&self, params: &[&str], required: usize) -> Result<Vec<Option<&'a Value>>> {
        bind_params(
            || self.qualname.to_string(),
            params.len(),
            required.min(params.len()),
            |i| params[i],
            self.positional,
            self.keywords,
        )
    }

    /// The name of the function being called.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("who", |_, a| Ok(a.function_name().into()));
    /// assert_eq!(heap.call(&f, &[])?.as_str(), Some("who"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn function_name(&self) -> &str {
        self.name
    }
}

/// What a caught panic says (its `&str` or `String` payload).
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Binds a call of `qualname()` (asked only for an error's message) with `count`
/// parameters named by `name_of`, the first
/// `required` of them without a default, as CPython binds it: keywords first (each
/// names a parameter not already given, positionally or by keyword), then the count
/// of positional arguments, then what is missing. Returns each parameter's argument,
/// if given, or CPython's `TypeError`.
pub(crate) fn bind_params<'a, 'n>(
    qualname: impl Fn() -> String,
    count: usize,
    required: usize,
    name_of: impl Fn(usize) -> &'n str,
    positional: &'a [Value],
    keywords: &'a [(Rc<str>, Value)],
) -> Result<Vec<Option<&'a Value>>> {
    let mut bound: Vec<Option<&Value>> = vec![None; count];
    for (slot, value) in bound.iter_mut().zip(positional) {
        *slot = Some(value);
    }
    for (key, value) in keywords {
        let Some(i) = (0..count).find(|&i| name_of(i) == &**key) else {
            return Err(Error::TypeError(format!(
                "{}() got an unexpected keyword argument '{key}'",
                qualname()
            )));
        };
        if bound[i].replace(value).is_some() {
            return Err(Error::TypeError(format!(
                "{}() got multiple values for argument '{key}'",
                qualname()
            )));
        }
    }
    if positional.len() > count {
        let given = positional.len();
        return Err(Error::TypeError(if required == count {
            let s = if count == 1 { "" } else { "s" };
            // (One given is more than none only: `f() takes 0 positional arguments
            // but 1 was given`.)
            let were = if given == 1 { "was" } else { "were" };
            format!(
                "{}() takes {count} positional argument{s} but {given} {were} given",
                qualname()
            )
        } else {
            format!(
                "{}() takes from {required} to {count} positional arguments but {given} were given",
                qualname()
            )
        }));
    }
    let missing: Vec<String> = (0..required)
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
            "{}() missing {} required positional argument{s}: {list}",
            qualname(),
            missing.len()
        )));
    }
    Ok(bound)
}
