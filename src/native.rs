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
