//! Shapes: an object's attribute names, kept once for all the objects that set the
//! same names in the same order (CPython's shared-key dictionaries, V8's hidden
//! classes), so that an object stores only its attribute values (the first
//! [`INLINE`] of them in its own allocation, the next [`TAIL_INLINE`] in one block
//! of their own).
//!
//! Invariant: an object's `values[i]` is the value of the attribute named
//! `shape.names[i]`, and a shape never changes once an object uses it. Each type has
//! a root shape (no names); a shape's transitions lead, by the name set next, to the
//! shape with that name appended, so the instances of a class that set the same
//! attributes in the same order share one shape. An object that deletes an attribute,
//! or sets more than [`MAX_SHARED`] of them, gets a shape of its own that no
//! transition leads to. Transitions hold their shapes weakly: a shape lives while an
//! object uses it (or a longer shape grew from it).

use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use gc_arena::{Collect, Static};
use smallvec::SmallVec;

use crate::object::Val;

/// The most attributes an object may set in shared shapes; beyond, its own shape.
const MAX_SHARED: usize = 64;

/// Up to this many values, a full tail grows by one; beyond, amortized (to the next
/// power of two).
const EXACT_UP_TO: usize = 8;

/// A shape with more names than this finds them through an index (made on first
/// use), and a shape with more transitions than this keeps them in a map: a wide
/// object, or a type whose instances start with many different attributes, costs
/// each lookup constant time, not time in proportion to its names.
const SCAN_UP_TO: usize = 16;

/// The attribute names of the objects that use this shape, in the order they were set.
#[derive(Default)]
pub(crate) struct Shape {
    names: Vec<Rc<str>>,
    /// Name → position, for a shape of more than [`SCAN_UP_TO`] names, made on the
    /// first lookup (and kept up to date as an own shape grows).
    index: OnceCell<HashMap<Rc<str>, usize>>,
    /// The shape it grew from, held (never read) so that the objects that reach it
    /// again keep finding this one through its transitions.
    _parent: Option<Rc<Shape>>,
    /// Name set next → the shape with it appended. Empty for an object's own shape.
    transitions: RefCell<Transitions>,
    shared: bool,
}

/// A shape's transitions: a list while few, a map beyond [`SCAN_UP_TO`]. Those whose
/// shape is gone are dropped when the list is full, or when the map has doubled since
/// they last were (amortized constant time per transition made).
enum Transitions {
    Few(Vec<(Rc<str>, Weak<Shape>)>),
    Many {
        map: HashMap<Rc<str>, Weak<Shape>>,
        tidy_at: usize,
    },
}

impl Default for Transitions {
    fn default() -> Self {
        Transitions::Few(Vec::new())
    }
}

impl Transitions {
    /// How many are listed (the dead among them too).
    #[cfg(test)]
    fn len(&self) -> usize {
        match self {
            Transitions::Few(list) => list.len(),
            Transitions::Many { map, .. } => map.len(),
        }
    }

    fn get(&self, name: &str) -> Option<Rc<Shape>> {
        match self {
            Transitions::Few(list) => list
                .iter()
                .find(|(n, _)| &**n == name)
                .and_then(|(_, s)| s.upgrade()),
            Transitions::Many { map, .. } => map.get(name).and_then(Weak::upgrade),
        }
    }

    fn insert(&mut self, name: Rc<str>, shape: &Rc<Shape>) {
        let next = Rc::downgrade(shape);
        match self {
            Transitions::Few(list) => {
                // A name whose shape is gone is dropped here with the others gone.
                list.retain(|(n, s)| s.strong_count() > 0 && *n != name);
                if list.len() < SCAN_UP_TO {
                    list.push((name, next));
                } else {
                    let mut map: HashMap<Rc<str>, Weak<Shape>> = list.drain(..).collect();
                    map.insert(name, next);
                    let tidy_at = map.len() * 2;
                    *self = Transitions::Many { map, tidy_at };
                }
            }
            Transitions::Many { map, tidy_at } => {
                map.insert(name, next);
                if map.len() >= *tidy_at {
                    map.retain(|_, s| s.strong_count() > 0);
                    *tidy_at = (map.len() * 2).max(SCAN_UP_TO);
                }
            }
        }
    }
}

impl std::fmt::Debug for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shape")
            .field("names", &self.names)
            .field("shared", &self.shared)
            .finish_non_exhaustive()
    }
}

impl Shape {
    /// A type's root shape: no names, transitions shared by its instances.
    pub(crate) fn root() -> Rc<Shape> {
        Rc::new(Shape {
            shared: true,
            ..Shape::default()
        })
    }

    /// Whether objects share it (an own shape is changed in place by its one user).
    pub(crate) fn is_shared(&self) -> bool {
        self.shared
    }

    fn position(&self, name: &str) -> Option<usize> {
        if self.names.len() <= SCAN_UP_TO {
            return self.names.iter().position(|n| &**n == name);
        }
        let index = self.index.get_or_init(|| {
            self.names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i))
                .collect()
        });
        index.get(name).copied()
    }

    /// Appends `name` to this shape, an object's own (unshared) one.
    fn push_own(&mut self, name: Rc<str>) {
        debug_assert!(!self.shared);
        if let Some(index) = self.index.get_mut() {
            index.insert(name.clone(), self.names.len());
        }
        self.names.push(name);
    }

    /// This shape with `name` appended: the shared one if there is (or may be) one, else
    /// a shape of the object's own.
    fn with(self: &Rc<Shape>, name: &str) -> Rc<Shape> {
        if self.shared && self.names.len() < MAX_SHARED {
            let mut transitions = self.transitions.borrow_mut();
            if let Some(next) = transitions.get(name) {
                return next;
            }
            let name: Rc<str> = name.into();
            let mut names = self.names.clone();
            names.push(name.clone());
            let next = Rc::new(Shape {
                names,
                _parent: Some(self.clone()),
                shared: true,
                ..Shape::default()
            });
            transitions.insert(name, &next);
            return next;
        }
        let mut names = self.names.clone();
        names.push(name.into());
        Rc::new(Shape {
            names,
            ..Shape::default()
        })
    }
}

/// The shape an object reaches from `root` by setting `names`, all distinct, in
/// order (the shape [`Attrs::set`] would lead it to).
pub(crate) fn path(root: &Rc<Shape>, names: &[Rc<str>]) -> Rc<Shape> {
    names
        .iter()
        .fold(root.clone(), |shape, name| shape.with(name))
}

/// How many attribute values an object holds inline, in its own allocation; more
/// go to its [`Tail`].
pub(crate) const INLINE: usize = 3;

/// How many values past [`INLINE`] a [`Tail`] holds in its own block: an object of
/// up to `INLINE + TAIL_INLINE` attributes is two allocations, not three.
pub(crate) const TAIL_INLINE: usize = 3;

/// The values of an object past the first [`INLINE`]: in the tail's block itself up
/// to [`TAIL_INLINE`] of them, in a vector of their own beyond.
type Tail<'gc> = SmallVec<[Val<'gc>; TAIL_INLINE]>;

/// Attribute values gathered to make an object's attributes in one go
/// ([`Attrs::filled`]): the first [`INLINE`] already where the object keeps them.
#[derive(Default)]
pub(crate) struct Values<'gc> {
    head: [Val<'gc>; INLINE],
    tail: Tail<'gc>,
    len: usize,
}

impl<'gc> Values<'gc> {
    /// Makes room for `len` values in all, allocated once if they spill past the
    /// tail's block (pushed one by one, a wide object's tail would grow three times
    /// on the way to twelve values).
    #[inline]
    pub(crate) fn reserve_for(&mut self, len: usize) {
        if len > INLINE + TAIL_INLINE {
            self.tail
                .reserve_exact((len - INLINE).saturating_sub(self.tail.len()));
        }
    }

    /// Appends `value`.
    #[inline]
    pub(crate) fn push(&mut self, value: Val<'gc>) {
        match self.head.get_mut(self.len) {
            // The slot past the last value holds `Val::None`: nothing to drop (and
            // not dropping it saves asking).
            Some(slot) => std::mem::forget(std::mem::replace(slot, value)),
            None => self.tail.push(value),
        }
        self.len += 1;
    }
}

impl<'gc> IntoIterator for Values<'gc> {
    type Item = Val<'gc>;
    type IntoIter = std::iter::Chain<
        std::iter::Take<std::array::IntoIter<Val<'gc>, INLINE>>,
        smallvec::IntoIter<[Val<'gc>; TAIL_INLINE]>,
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.head.into_iter().take(self.len).chain(self.tail)
    }
}

/// An object's attributes: its shape and the values, in the shape's order, the first
/// [`INLINE`] in the object itself. How many there are is the shape's length, so the
/// values carry no length or capacity of their own, and `Val`'s unused tags are left
/// free for `Kind` (object.rs) to tell its variants apart by.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct Attrs<'gc> {
    /// `None` until the first attribute is set.
    shape: Option<Static<Rc<Shape>>>,
    /// The first [`INLINE`] values; `Val::None` past the last.
    head: [Val<'gc>; INLINE],
    /// The values past the first [`INLINE`], once an object has had more. Boxed: one
    /// pointer in every object rather than the tail's seven words (the second
    /// allocation is paid only by objects with more than [`INLINE`] attributes, a
    /// third only by those with more than `INLINE + TAIL_INLINE`).
    tail: Option<Box<Tail<'gc>>>,
}

impl<'gc> Attrs<'gc> {
    /// The attributes named by `shape`, a shared shape, with `values` in its order; a
    /// vector for values beyond the inline room gets room for `hint` values in all.
    #[inline]
    pub(crate) fn filled(shape: Rc<Shape>, values: Values<'gc>, hint: usize) -> Attrs<'gc> {
        debug_assert!(shape.shared && shape.names.len() == values.len);
        let Values {
            head,
            mut tail,
            len,
        } = values;
        let tail = (len > INLINE).then(|| {
            tail.reserve_exact(hint.saturating_sub(len));
            Box::new(tail)
        });
        Attrs {
            shape: Some(Static(shape)),
            head,
            tail,
        }
    }

    /// How many attributes.
    pub(crate) fn len(&self) -> usize {
        self.shape.as_ref().map_or(0, |s| s.0.names.len())
    }

    /// The value at `i` (< `len()`).
    fn value(&self, i: usize) -> &Val<'gc> {
        match i.checked_sub(INLINE) {
            None => &self.head[i],
            Some(j) => &self.tail.as_ref().expect("a value past the inline room")[j],
        }
    }

    fn value_mut(&mut self, i: usize) -> &mut Val<'gc> {
        match i.checked_sub(INLINE) {
            None => &mut self.head[i],
            Some(j) => &mut self.tail.as_mut().expect("a value past the inline room")[j],
        }
    }

    /// The value of attribute `name`.
    pub(crate) fn get(&self, name: &str) -> Option<&Val<'gc>> {
        let i = self.shape.as_ref()?.0.position(name)?;
        Some(self.value(i))
    }

    /// Sets attribute `name`. A new name moves the object along its type's shapes
    /// (from `root`); when the values outgrow the inline room, the rest go to a
    /// vector with room for `hint` values in all.
    pub(crate) fn set(&mut self, root: &Rc<Shape>, name: &str, value: Val<'gc>, hint: usize) {
        if let Some(i) = self.shape.as_ref().and_then(|s| s.0.position(name)) {
            *self.value_mut(i) = value;
            return;
        }
        let len = self.len();
        self.push(len, value, hint);
        if let Some(Static(own)) = &mut self.shape
            && let Some(own) = Rc::get_mut(own).filter(|s| !s.shared)
        {
            own.push_own(name.into());
            return;
        }
        let next = match &self.shape {
            Some(s) => s.0.with(name),
            None => root.with(name),
        };
        self.shape = Some(Static(next));
    }

    /// Stores `value` after the `len` there are (the caller then names it in the
    /// shape).
    fn push(&mut self, len: usize, value: Val<'gc>, hint: usize) {
        if len < INLINE {
            self.head[len] = value;
            return;
        }
        // Out of inline room: a tail for as many as the type's instances usually
        // get (an instance that stays within the inline room never pays for its wider
        // siblings).
        let tail = self
            .tail
            .get_or_insert_with(|| Box::new(Tail::with_capacity(hint.max(len + 1) - INLINE)));
        if tail.len() == tail.capacity() && len < EXACT_UP_TO {
            // One more, not twice as many: an object that outgrows its type's usual
            // width by an attribute or two stays small (and a small block is cheaper
            // to free).
            tail.reserve_exact(1);
        }
        tail.push(value);
    }

    /// Deletes attribute `name`; false if there is none. The object gets a shape of
    /// its own.
    pub(crate) fn remove(&mut self, name: &str) -> bool {
        let Some(shape) = &self.shape else {
            return false;
        };
        let Some(i) = shape.0.position(name) else {
            return false;
        };
        let len = self.len();
        let mut names = shape.0.names.clone();
        names.remove(i);
        for j in i..len - 1 {
            let next = std::mem::take(self.value_mut(j + 1));
            *self.value_mut(j) = next;
        }
        match len - 1 {
            last @ 0..INLINE => self.head[last] = Val::None,
            _ => {
                let tail = self.tail.as_mut().expect("a value past the inline room");
                tail.pop();
            }
        }
        self.shape = Some(Static(Rc::new(Shape {
            names,
            ..Shape::default()
        })));
        true
    }

    /// The attributes, in the order they were set.
    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (&Rc<str>, &Val<'gc>)> {
        let names = self.shape.as_ref().map_or(&[][..], |s| &s.0.names[..]);
        names.iter().enumerate().map(|(i, n)| (n, self.value(i)))
    }

    /// Room for values without growing: the inline room and the tail's.
    #[cfg(test)]
    fn capacity(&self) -> usize {
        INLINE + self.tail.as_ref().map_or(0, |t| t.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(v: &Val<'_>) -> i64 {
        match v {
            Val::Int(i) => *i,
            _ => panic!("not an int"),
        }
    }

    #[test]
    fn objects_setting_the_same_names_share_one_shape() {
        let root = Shape::root();
        let mut a: Attrs<'static> = Attrs::default();
        let mut b: Attrs<'static> = Attrs::default();
        for (i, n) in ["x", "y", "z"].iter().enumerate() {
            a.set(&root, n, Val::Int(i as i64), 3);
            b.set(&root, n, Val::Int(10 + i as i64), 3);
        }
        let (sa, sb) = (a.shape.as_ref().unwrap(), b.shape.as_ref().unwrap());
        assert!(Rc::ptr_eq(&sa.0, &sb.0));
        assert_eq!(int(a.get("y").unwrap()), 1);
        assert_eq!(int(b.get("z").unwrap()), 12);
        // Overwriting keeps the shape.
        a.set(&root, "x", Val::Int(7), 3);
        assert!(Rc::ptr_eq(&a.shape.as_ref().unwrap().0, &sb.0));
        assert_eq!(int(a.get("x").unwrap()), 7);
        // Another order is another shape.
        let mut c: Attrs<'static> = Attrs::default();
        c.set(&root, "y", Val::Int(0), 3);
        c.set(&root, "x", Val::Int(0), 3);
        assert!(!Rc::ptr_eq(&c.shape.as_ref().unwrap().0, &sb.0));
        let names: Vec<&str> = c.iter().map(|(n, _)| &**n).collect();
        assert_eq!(names, ["y", "x"]);
    }

    #[test]
    fn deleting_gives_an_own_shape_and_keeps_the_others_intact() {
        let root = Shape::root();
        let mut a: Attrs<'static> = Attrs::default();
        let mut b: Attrs<'static> = Attrs::default();
        for n in ["x", "y", "z"] {
            a.set(&root, n, Val::Int(1), 0);
            b.set(&root, n, Val::Int(2), 0);
        }
        assert!(a.remove("y"));
        assert!(!a.remove("y"));
        assert_eq!(a.len(), 2);
        assert!(a.get("y").is_none());
        assert_eq!(int(a.get("z").unwrap()), 1);
        assert_eq!(int(b.get("y").unwrap()), 2);
        a.set(&root, "y", Val::Int(3), 0);
        let names: Vec<&str> = a.iter().map(|(n, _)| &**n).collect();
        assert_eq!(names, ["x", "z", "y"]);
    }

    /// A tail's block: three values and a word for their count (a 64-byte malloc
    /// block).
    #[test]
    fn a_tail_is_fifty_six_bytes() {
        assert_eq!(std::mem::size_of::<Tail<'static>>(), 56);
    }

    #[test]
    fn a_tail_holds_its_first_values_in_its_own_block_then_grows_by_one() {
        let root = Shape::root();
        let mut a: Attrs<'static> = Attrs::default();
        let spilled = |a: &Attrs<'_>| a.tail.as_ref().is_some_and(|t| t.spilled());
        for (i, n) in ["a", "b", "c", "d"].iter().enumerate() {
            a.set(&root, n, Val::Int(i as i64), 3);
        }
        // Past the inline room, the tail's block has room for TAIL_INLINE values.
        assert_eq!(a.capacity(), INLINE + TAIL_INLINE);
        for i in 4..INLINE + TAIL_INLINE {
            a.set(&root, &format!("x{i}"), Val::None, 3);
            assert_eq!(a.capacity(), INLINE + TAIL_INLINE);
            assert!(!spilled(&a), "{} values took a third allocation", a.len());
        }
        // Then a vector of its own, growing by one up to EXACT_UP_TO.
        for i in INLINE + TAIL_INLINE..EXACT_UP_TO {
            a.set(&root, &format!("x{i}"), Val::None, 3);
            assert_eq!(a.capacity(), a.len());
            assert!(spilled(&a));
        }
        // Beyond EXACT_UP_TO, amortized growth again: room for more than one.
        a.set(&root, "y", Val::None, 3);
        assert!(a.capacity() > a.len() + 1);
        let names: Vec<&str> = a.iter().map(|(n, _)| &**n).collect();
        assert_eq!(names, ["a", "b", "c", "d", "x4", "x5", "x6", "x7", "y"]);
        for i in 4..EXACT_UP_TO {
            assert!(matches!(a.get(&format!("x{i}")), Some(Val::None)));
        }
        assert_eq!(int(a.get("d").unwrap()), 3);
    }

    #[test]
    fn filled_attributes_read_as_set_ones() {
        let root = Shape::root();
        let names: Vec<Rc<str>> = ["a", "b", "c", "d", "e"].map(Rc::from).to_vec();
        let shape = path(&root, &names);
        let mut values = Values::default();
        (0..5).for_each(|i| values.push(Val::Int(i)));
        let mut a = Attrs::filled(shape, values, 8);
        assert_eq!(a.len(), 5);
        assert_eq!(a.capacity(), 8);
        assert_eq!(int(a.get("e").unwrap()), 4);
        // Deleting a value moves the later ones down across the inline room.
        assert!(a.remove("b"));
        let got: Vec<(&str, i64)> = a.iter().map(|(n, v)| (&**n, int(v))).collect();
        assert_eq!(got, [("a", 0), ("c", 2), ("d", 3), ("e", 4)]);
        assert!(a.remove("a"));
        assert!(a.remove("e"));
        let got: Vec<(&str, i64)> = a.iter().map(|(n, v)| (&**n, int(v))).collect();
        assert_eq!(got, [("c", 2), ("d", 3)]);
        // The inline room freed reads as nothing and is used again.
        assert!(matches!(a.head[2], Val::None));
        a.set(&root, "f", Val::Int(9), 0);
        let got: Vec<(&str, i64)> = a.iter().map(|(n, v)| (&**n, int(v))).collect();
        assert_eq!(got, [("c", 2), ("d", 3), ("f", 9)]);
    }

    #[test]
    fn unused_shapes_are_freed() {
        let root = Shape::root();
        {
            let mut a: Attrs<'static> = Attrs::default();
            for i in 0..10 {
                a.set(&root, &format!("a{i}"), Val::None, 0);
            }
        }
        // Only dead transitions remain, and they are dropped when the next is made.
        let mut b: Attrs<'static> = Attrs::default();
        b.set(&root, "b", Val::None, 0);
        assert_eq!(root.transitions.borrow().len(), 1);
    }

    #[test]
    fn a_very_wide_object_leaves_the_shared_shapes() {
        let root = Shape::root();
        let mut a: Attrs<'static> = Attrs::default();
        for i in 0..MAX_SHARED + 5 {
            a.set(&root, &format!("a{i}"), Val::Int(i as i64), 0);
        }
        assert_eq!(a.len(), MAX_SHARED + 5);
        assert!(!a.shape.as_ref().unwrap().0.shared);
        assert_eq!(int(a.get(&format!("a{}", MAX_SHARED + 2)).unwrap()), 66);
    }

    /// Past [`SCAN_UP_TO`] names a shape finds them through its index, kept up to
    /// date as an own shape grows and rebuilt after a deletion; past [`SCAN_UP_TO`]
    /// transitions a shape keeps them in a map, every one still found and shared.
    #[test]
    fn wide_shapes_and_many_transitions_find_every_name() {
        let root = Shape::root();
        let mut wide: Attrs<'static> = Attrs::default();
        let n = MAX_SHARED * 3;
        for i in 0..n {
            wide.set(&root, &format!("a{i}"), Val::Int(i as i64), 0);
            // Looked up as it grows: the index, once made, follows.
            assert_eq!(int(wide.get(&format!("a{i}")).unwrap()), i as i64);
            assert_eq!(int(wide.get("a0").unwrap()), 0);
        }
        for i in 0..n {
            assert_eq!(int(wide.get(&format!("a{i}")).unwrap()), i as i64);
        }
        assert!(wide.get("a_missing").is_none());
        assert!(wide.remove("a5"));
        assert!(wide.get("a5").is_none());
        assert_eq!(int(wide.get("a6").unwrap()), 6);
        assert_eq!(int(wide.get(&format!("a{}", n - 1)).unwrap()), n as i64 - 1);
        wide.set(&root, "a5", Val::Int(55), 0);
        assert_eq!(int(wide.get("a5").unwrap()), 55);
        assert_eq!(wide.len(), n);
        // Many objects, each starting with its own name; two with each name share.
        let objects: Vec<[Attrs<'static>; 2]> = (0..100)
            .map(|i| {
                let name = format!("first{i}");
                let mut pair = [Attrs::default(), Attrs::default()];
                for a in &mut pair {
                    a.set(&root, &name, Val::Int(i), 0);
                }
                pair
            })
            .collect();
        assert!(matches!(
            *root.transitions.borrow(),
            Transitions::Many { .. }
        ));
        for (i, [a, b]) in objects.iter().enumerate() {
            assert!(Rc::ptr_eq(
                &a.shape.as_ref().unwrap().0,
                &b.shape.as_ref().unwrap().0
            ));
            assert_eq!(int(a.get(&format!("first{i}")).unwrap()), i as i64);
        }
        // Shapes gone are forgotten as the map grows: dropping every object and
        // making as many again keeps the map from growing without bound.
        drop(objects);
        for i in 0..1000 {
            let mut a: Attrs<'static> = Attrs::default();
            a.set(&root, &format!("later{i}"), Val::Int(i), 0);
        }
        match &*root.transitions.borrow() {
            Transitions::Many { map, .. } => assert!(map.len() <= 2 * SCAN_UP_TO, "{}", map.len()),
            Transitions::Few(_) => panic!("a map past SCAN_UP_TO transitions"),
        }
    }
}
