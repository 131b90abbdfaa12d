//! Ordering comparisons: Python's `<`, `<=`, `>`, `>=`.
//!
//! Invariant: numbers compare by value, strings by code points, tuples and lists
//! lexicographically (by `==` up to the first difference, then by the comparison), sets
//! by inclusion, instances by their rich-comparison methods (the left operand's, then the
//! right operand's reflected one, that one first when the right operand's type is a
//! proper subclass of the left's; a method returning `NotImplemented` passes to the
//! next, and an operand without a method has its builtin type's comparison, which
//! answers in its turn an operand it takes and passes on any other); anything else
//! is a `TypeError`, as for weak references, which are only equality-comparable.

use crate::object::{Kind, Val};
use crate::protocols::equality::{Answer, Num, builtin_cmp_answers, item_eq_fast, num_cmp};
use crate::protocols::{Operands, bind, find_in_class};
use crate::{Error, Heap, Result, Value};

/// One of Python's ordering operators.
///
/// ```
/// use lethe::{CompareOp, Heap};
/// let heap = Heap::new();
/// assert!(heap.compare(&1.into(), &2.5.into(), CompareOp::Lt)?);
/// assert_eq!(CompareOp::Ge.symbol(), ">=");
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as Python writes it.
    ///
    /// ```
    /// assert_eq!(lethe::CompareOp::Lt.symbol(), "<");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }

    fn dunder(self) -> &'static str {
        match self {
            CompareOp::Lt => "__lt__",
            CompareOp::Le => "__le__",
            CompareOp::Gt => "__gt__",
            CompareOp::Ge => "__ge__",
        }
    }

    fn reflected(self) -> CompareOp {
        match self {
            CompareOp::Lt => CompareOp::Gt,
            CompareOp::Le => CompareOp::Ge,
            CompareOp::Gt => CompareOp::Lt,
            CompareOp::Ge => CompareOp::Le,
        }
    }

    fn holds(self, ord: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        matches!(
            (self, ord),
            (CompareOp::Lt, Less)
                | (CompareOp::Le, Less | Equal)
                | (CompareOp::Gt, Greater)
                | (CompareOp::Ge, Greater | Equal)
        )
    }
}

enum Operand {
    Num(Num),
    Str(crate::Str),
    Bytes(std::rc::Rc<[u8]>),
    /// A tuple's items.
    Tuple(Vec<Value>),
    /// A list (its items are read as the comparison goes).
    List,
    /// A slice: its start, stop and step (compared as a tuple of them).
    Slice([Value; 3]),
    /// A set or frozenset.
    Set,
    /// A keys or items view of a dict: set-like, its members read when compared.
    View,
    /// A `WeakSet`: it compares with any iterable, by its own methods.
    WeakSet,
    Other,
}

impl Heap {
    /// Python's `a < b` (and `<=`, `>`, `>=`).
    ///
    /// ```
    /// use lethe::{CompareOp, Heap};
    /// let heap = Heap::new();
    /// let a = heap.tuple(&[1.into(), "b".into()])?;
    /// let b = heap.tuple(&[1.into(), "c".into()])?;
    /// assert!(heap.compare(&a, &b, CompareOp::Lt)?);
    /// let cls = heap.class("C").build()?;
    /// let o = heap.call(&cls, &[])?;
    /// let r = heap.weakref(&o, None)?;
    /// assert_eq!(
    ///     heap.compare(&r, &r, CompareOp::Lt).unwrap_err().to_string(),
    ///     "TypeError: '<' not supported between instances of 'weakref.ReferenceType' and 'weakref.ReferenceType'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn compare(&self, a: &Value, b: &Value, op: CompareOp) -> Result<bool> {
        self.compare_answer(a, b, op)?.truth(self)
    }

    /// Python's expression `a < b` (and `<=`, `>`, `>=`): what a user's rich
    /// comparison method returned, not truth-tested (an `__lt__` returning a list
    /// gives that list), else a `bool`, as [`compare`](Heap::compare) decides it.
    /// Lists and tuples give what comparing their first unequal items gives, as
    /// CPython's do.
    ///
    /// ```
    /// use lethe::{CompareOp, Heap, Value};
    /// let heap = Heap::new();
    /// let vector = heap
    ///     .class("Vector")
    ///     .method("__lt__", |h, a| h.list(&[true.into(), false.into()]))
    ///     .build()?;
    /// let v = heap.call(&vector, &[])?;
    /// let r = heap.rich_compare(&v, &1.into(), CompareOp::Lt)?;
    /// assert_eq!(heap.repr(&r)?, "[True, False]");
    /// let nested = heap.rich_compare(&heap.list(&[v])?, &heap.list(&[2.into()])?, CompareOp::Lt)?;
    /// assert_eq!(heap.repr(&nested)?, "[True, False]");
    /// assert!(heap.rich_compare(&1.into(), &2.into(), CompareOp::Lt)?.is(&Value::Bool(true)));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn rich_compare(&self, a: &Value, b: &Value, op: CompareOp) -> Result<Value> {
        Ok(self.compare_answer(a, b, op)?.value())
    }

    fn compare_answer(&self, a: &Value, b: &Value, op: CompareOp) -> Result<Answer> {
        // Lists and tuples compare their first unequal items: nesting recurses.
        let _depth = self.enter_comparison()?;
        // A proxy on the right whose left operand declines (no method of its own; a
        // WeakSet answers any iterable): CPython asks the proxy reflected, and its
        // `proxy_richcompare` runs the whole comparison again on its referent, so the
        // referent's methods are asked first and an error names that comparison.
        let declines = |a: &Value| -> Result<bool> {
            Ok(self.rich_method(a, op)?.is_none()
                && !matches!(self.ckind(a)?, Some(k) if k.b == crate::types::Builtin::WeakSet))
        };
        let (a, b) = match self.proxy_operands(a, b, |a| Ok(!declines(a)?))? {
            // (A proxy's referent is never a proxy: proxies are not weakly referenceable.)
            Operands::RightDeclined(rb) => return self.compare_answer(&rb, a, op.reflected()),
            Operands::Pair(a, b) => (a, b),
        };
        // A set-like view on the left answers a set or set-like view before any
        // method of the right operand's (whose type is no subclass of the view's).
        if let Some(r) = self.view_compare(&a, &b, op)? {
            return Ok(r.into());
        }
        // Each operand in its turn, as CPython's `do_richcompare` asks their types'
        // comparisons: the left operand's, then the right's reflected, or the other
        // way round when the right operand's type is a proper subclass of the left's
        // that has a comparison of its own (a user method, or its builtin base's,
        // reached along its MRO). An operand's own comparison is its class's method,
        // else its builtin type's (or builtin base's), which answers an operand it
        // takes (`int`'s takes ints, `float`'s ints and floats; a dict's never
        // orders) and passes on any other, as a method returning `NotImplemented`
        // does. (The right operand's method is looked up once, before either is
        // called, as CPython reads its type's slot to decide the order.)
        let mb = self.rich_method(&b, op.reflected())?;
        let right_has_method = mb.is_some();
        let reflected_first = if right_has_method {
            self.proper_subclass_instance(&b, &a)?
        } else {
            self.builtin_answers_first(&b, &a)?
        };
        let left = (&a, &b, None);
        let right = (&b, &a, Some(mb));
        let order = if reflected_first {
            [right, left]
        } else {
            [left, right]
        };
        let mut declined = 0;
        // Whether an operand's builtin comparison took the other, and whether it is
        // the right operand's (which CPython calls with the operands swapped).
        let mut builtin_answers = false;
        let mut right_builtin = false;
        for (me, other, known) in order {
            let is_left = known.is_none();
            let m = match known {
                Some(m) => m,
                None => self.rich_method(me, op)?,
            };
            let Some(m) = m else {
                // (Asked only where it decides: the left's before a right operand's
                // method, the right's once the left's method declined or first.)
                let turn = if is_left {
                    right_has_method
                } else {
                    declined > 0 || reflected_first
                };
                if turn && self.builtin_orders(me, other)? {
                    builtin_answers = true;
                    right_builtin = !is_left;
                    break;
                }
                continue;
            };
            let r = self.call(&m, std::slice::from_ref(other))?;
            if !self.is_not_implemented(&r) {
                return Ok(Answer::Raw(r));
            }
            declined += 1;
            // A proxy on the right, declined by the left operand's method: the
            // proxy's comparison, which runs the comparison again on its referent.
            if me.is(&a)
                && let Some(rb) = self.unproxy(&b)?
            {
                return self.compare_answer(&rb, &a, op.reflected());
            }
        }
        if declined == 2 {
            return Err(self.not_supported(&a, &b, op));
        }
        let (x, y) = (self.operand(&a)?, self.operand(&b)?);
        // One operand's method declined and the other's builtin comparison did not
        // take it (`A(1.5) < 0`, `A` a subclass of `float` whose `__lt__` declines:
        // `int`'s takes no float). (A WeakSet or a view compares below.)
        let set_like = |v: &Operand| matches!(v, Operand::WeakSet | Operand::View);
        if declined == 1 && !builtin_answers && !set_like(&x) && !set_like(&y) {
            return Err(self.not_supported(&a, &b, op));
        }
        // A WeakSet compares with any iterable (`_weakrefset.WeakSet.__lt__` and the
        // rest read `other` as one); on the right it answers reflected, as CPython
        // asks it once the left operand's comparison declines (no builtin type's
        // accepts a WeakSet).
        let weak = |v: &Operand| matches!(v, Operand::WeakSet);
        for (me, other, o, is_weak) in [(&a, &b, op, weak(&x)), (&b, &a, op.reflected(), weak(&y))]
        {
            if is_weak {
                return match o {
                    CompareOp::Lt => self.is_proper_subset(me, other),
                    CompareOp::Le => self.issubset(me, other),
                    CompareOp::Gt => self.is_proper_superset(me, other),
                    CompareOp::Ge => self.issuperset(me, other),
                }
                .map(Answer::from);
            }
        }
        // The right operand's builtin comparison runs as CPython's reflected call:
        // `b` first, the operator reflected (`[1] < L([[]])`, `L` a list subclass,
        // compares `[] > 1`, and asks the `__eq__` of `b`'s items first).
        let (a, b, x, y, op) = if right_builtin {
            (b, a, y, x, op.reflected())
        } else {
            (a, b, x, y, op)
        };
        let answer = match (x, y) {
            (Operand::Num(p), Operand::Num(q)) => Ok(num_cmp(p, q).is_some_and(|o| op.holds(o))),
            (Operand::Str(p), Operand::Str(q)) => Ok(op.holds(p.cmp(&q))),
            (Operand::Bytes(p), Operand::Bytes(q)) => Ok(op.holds(p.cmp(&q))),
            // A slice is `<=` and `>=` itself without being asked
            // (`slice_richcompare`); else as the tuples of their values.
            (Operand::Slice(_), Operand::Slice(_)) if a.is(&b) => {
                Ok(matches!(op, CompareOp::Le | CompareOp::Ge))
            }
            // Lists are read as they are at each step (user code may change them).
            // They, tuples and slices give what their first unequal items' comparison
            // gives.
            (Operand::List, Operand::List) => return self.compare_lists(&a, &b, op),
            (Operand::Tuple(p), Operand::Tuple(q)) => return self.compare_items(&p, &q, op),
            (Operand::Slice(p), Operand::Slice(q)) => return self.compare_items(&p, &q, op),
            // A set on the left, a view on the right: the view's comparison, reflected.
            // (One on the left answered above.)
            (Operand::Set, Operand::View) => self
                .view_compare(&b, &a, op.reflected())?
                .ok_or_else(|| self.not_supported(&a, &b, op)),
            // (As CPython's `set_richcompare`: a larger set is no subset, answered
            // before any member is compared.)
            (Operand::Set, Operand::Set) => match op {
                CompareOp::Le => self.set_le(&a, &b),
                CompareOp::Lt => self.set_lt(&a, &b),
                CompareOp::Ge => self.set_le(&b, &a),
                CompareOp::Gt => self.set_lt(&b, &a),
            },
            _ => Err(self.not_supported(&a, &b, op)),
        };
        answer.map(Answer::from)
    }

    /// Whether `b`, an instance of a user class without a method of its own for the
    /// comparison, goes before `a` by its builtin base's comparison: its type is a
    /// proper subclass of `a`'s and that comparison takes `a`.
    fn builtin_answers_first(&self, b: &Value, a: &Value) -> Result<bool> {
        let Value::Obj(_) = b else { return Ok(false) };
        // (One arena pass: asked of every object on the right without a method.)
        self.with(|cx| {
            let (y, x) = (cx.val(b)?, cx.val(a)?);
            let Val::Obj(o) = y else { return Ok(false) };
            if !crate::protocols::is_user_instance(o) || !orders(&y, &x) {
                return Ok(false);
            }
            let (tb, ta) = (cx.type_of(&y), cx.type_of(&x));
            Ok(!gc_arena::Gc::ptr_eq(tb, ta) && crate::class::is_subtype(tb, ta))
        })
    }

    /// Whether `a`'s builtin type (its own, or its class's builtin base) orders `b`
    /// rather than returning `NotImplemented`.
    fn builtin_orders(&self, a: &Value, b: &Value) -> Result<bool> {
        self.with(|cx| Ok(orders(&cx.val(a)?, &cx.val(b)?)))
    }

    /// Sequences' `op`: the first items that differ decide, else the lengths; the
    /// same object is equal to itself without being asked (CPython's
    /// `PyObject_RichCompareBool`).
    fn compare_items(&self, p: &[Value], q: &[Value], op: CompareOp) -> Result<Answer> {
        for (i, j) in p.iter().zip(q) {
            if !(i.is(j) || self.eq(i, j)?) {
                return self.compare_answer(i, j, op);
            }
        }
        Ok(op.holds(p.len().cmp(&q.len())).into())
    }

    /// Lists' `op`, as CPython's `list_richcompare`: the items at each position are
    /// read when their turn comes, while both lists still have one there (an
    /// `__eq__` may change either list); then, if either list now ends at the
    /// position reached, their lengths as they are now decide, else the items there
    /// now, compared by `op`.
    fn compare_lists(&self, a: &Value, b: &Value, op: CompareOp) -> Result<Answer> {
        let i = self.lists_first_difference(a, b)?;
        match (self.seq_item(a, i)?, self.seq_item(b, i)?) {
            (Some(x), Some(y)) => self.compare_answer(&x, &y, op),
            _ => Ok(op
                .holds(self.seq_items_len(a)?.cmp(&self.seq_items_len(b)?))
                .into()),
        }
    }

    /// The first position where lists `a` and `b` hold items that are not the same
    /// object nor equal, or where either ends, each item read at its turn (CPython's
    /// loop in `list_richcompare`).
    ///
    /// Items whose comparison runs no user code are compared in one arena pass (no
    /// code can change the lists meanwhile, so reading them together is reading
    /// them in turn); a pair whose comparison may run user code is compared
    /// outside, and the pass resumes after it with the lists as they are then.
    pub(crate) fn lists_first_difference(&self, a: &Value, b: &Value) -> Result<usize> {
        let mut i = 0;
        loop {
            let (at, asks) = self.with(|cx| -> Result<(usize, Option<(Value, Value)>)> {
                let (ad, bd) = (cx.obj(a)?.borrow(), cx.obj(b)?.borrow());
                let (Kind::List(p) | Kind::Tuple(p), Kind::List(q) | Kind::Tuple(q)) =
                    (&ad.kind, &bd.kind)
                else {
                    return Ok((i, None));
                };
                let mut j = i;
                while let (Some(x), Some(y)) = (p.get(j), q.get(j)) {
                    match item_eq_fast(cx, x, y) {
                        Some(true) => j += 1,
                        Some(false) => return Ok((j, None)),
                        None => return Ok((j, Some((cx.value(x), cx.value(y))))),
                    }
                }
                Ok((j, None))
            })?;
            // (`item_eq_fast` answered identity: only `==` is left to ask.)
            match asks {
                Some((x, y)) if self.eq(&x, &y)? => i = at + 1,
                _ => return Ok(at),
            }
        }
    }

    /// Lists' `==` once their lengths agreed (CPython's `list_richcompare` for
    /// `Py_EQ`): equal when, at the first difference, either list now ends there and
    /// their lengths as they are now agree.
    pub(crate) fn list_eq(&self, a: &Value, b: &Value) -> Result<bool> {
        let i = self.lists_first_difference(a, b)?;
        let (la, lb) = (self.seq_items_len(a)?, self.seq_items_len(b)?);
        Ok((i >= la || i >= lb) && la == lb)
    }

    fn not_supported(&self, a: &Value, b: &Value, op: CompareOp) -> Error {
        Error::TypeError(format!(
            "'{}' not supported between instances of '{}' and '{}'",
            op.symbol(),
            self.type_name(a),
            self.type_name(b)
        ))
    }

    /// `a < b` as CPython's `unsafe_object_compare` asks it when every key of a
    /// sort is of one type: the left operand's type's `__lt__` called directly, and
    /// only if it gives `NotImplemented` (or there is none) the whole comparison,
    /// which asks that `__lt__` again before the reflected `__gt__`.
    pub(crate) fn same_type_lt(&self, a: &Value, b: &Value) -> Result<bool> {
        if let Some(m) = self.rich_method(a, CompareOp::Lt)? {
            let r = self.call(&m, std::slice::from_ref(b))?;
            if !self.is_not_implemented(&r) {
                return self.truthy(&r);
            }
        }
        self.compare(a, b, CompareOp::Lt)
    }

    fn rich_method(&self, v: &Value, op: CompareOp) -> Result<Option<Value>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            if o.borrow().class.is_none() {
                return Ok(None);
            }
            Ok(find_in_class(cx, o, op.dunder()).map(|m| bind(cx, &m, o)))
        })
    }

    /// Whether `v` is an instance of a user class that has method `name`.
    pub(crate) fn has_user_method(&self, v: &Value, name: &str) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            Ok(o.borrow().class.is_some() && find_in_class(cx, o, name).is_some())
        })
    }

    fn operand(&self, v: &Value) -> Result<Operand> {
        Ok(match v {
            Value::Bool(b) => Operand::Num(Num::Int(i64::from(*b))),
            Value::Int(i) => Operand::Num(Num::Int(*i)),
            Value::Float(f) => Operand::Num(Num::Float(*f)),
            Value::Str(s) => Operand::Str(s.clone()),
            Value::None => Operand::Other,
            Value::Obj(_) => self.with(|cx| -> Result<Operand> {
                let o = cx.obj(v)?;
                let data = o.borrow();
                Ok(match &data.kind {
                    Kind::Int(i) => Operand::Num(Num::Int(*i)),
                    Kind::Float(f) => Operand::Num(Num::Float(*f)),
                    Kind::Str(s) => Operand::Str(s.clone()),
                    Kind::Bytes(b) => Operand::Bytes(b.clone()),
                    Kind::Tuple(items) => Operand::Tuple(cx.values(items)),
                    Kind::List(_) => Operand::List,
                    Kind::Slice(s) => Operand::Slice(s.values(cx)),
                    Kind::Set(_) | Kind::FrozenSet(_) => Operand::Set,
                    Kind::WeakContainer(c) if c.builtin() == crate::Builtin::WeakSet => {
                        Operand::WeakSet
                    }
                    Kind::View { view, .. } if view.set_like() => Operand::View,
                    _ => Operand::Other,
                })
            })?,
        })
    }
}

/// Whether `x`'s builtin comparison orders `y` (a dict's never orders).
fn orders(x: &Val<'_>, y: &Val<'_>) -> bool {
    let dict = matches!(x, Val::Obj(o) if matches!(o.borrow().kind, Kind::Dict(_)));
    builtin_cmp_answers(x, y) && !dict
}
