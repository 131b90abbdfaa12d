//! The heap an application embeds: the gc-arena arena, the roots, and the bridge
//! between handles and arena pointers.
//!
//! Invariant: the arena's root holds (1) the objects the application holds handles
//! to (a handle lives in the root set of its object's address region, or in that
//! region's scratch set, where the collector makes the handles it passes to
//! callbacks; fetching a handle tries its region's set, then that region's scratch
//! set), (2) the builtin type objects and the `NotImplemented` singleton, and (3) the
//! collector's state (weak registries, finalizer registry, queued callbacks). Nothing
//! else roots an object. Arena access goes through
//! [`Heap::with`], whose closures never run user code, so they never nest a
//! collection; user code (native functions) runs only between them.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gc_arena::lock::RefLock;
use gc_arena::{Arena, Collect, DynamicRootSet, Gc, Mutation, Rootable, Static};

use crate::collector::{CollectorState, GcState};
use crate::object::{ClassData, FunctionData, GcObj, Kind, ObjectData, Ticket, Val};
use crate::types::{Builtin, TypeCounter};
use crate::value::Obj;
use crate::{Args, Error, Result, Value};

#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct HeapRoot<'gc> {
    /// The handles the application holds, spread over up to [`HANDLE_SETS`] root sets
    /// (each made on first use) by the object's address: gc-arena traces a root set in
    /// one go, so one set of a million handles would be one long marking step.
    pub handles: HandleSets<'gc>,
    /// The handles the collector makes to pass objects to callbacks, by the same
    /// regions (each set made on first use): sets of their own, so that a callback's
    /// handle reuses the slot the previous one freed rather than growing the (usually
    /// full) set of its object's region in the middle of a collection, and spread as
    /// the application's are, so that those it keeps are traced a region at a time.
    pub scratch: HandleSets<'gc>,
    /// Indexed by `Builtin::index`.
    pub types: Vec<GcObj<'gc>>,
    /// The `NotImplemented` singleton.
    pub not_implemented: GcObj<'gc>,
    pub state: Gc<'gc, RefLock<GcState<'gc>>>,
}

/// How many root sets hold the application's handles.
pub(crate) const HANDLE_SETS: usize = 1024;

/// The size of the address regions whose objects' handles share a root set.
///
/// Not a power of two: gc-arena grows a set's slot vector by doubling and never
/// shrinks it, and every lethe object is one 120-byte allocation, a 128-byte block
/// (glibc's malloc, jemalloc and mimalloc alike). A 64 KiB region held 512 of them and
/// filled its set's vector exactly, so one more handle made for a while in the region
/// (a second handle to an object, a new object in a hole) doubled the vector for good.
/// 48 KiB holds 384: their set's vector has room for 128 more.
const REGION: usize = 48 << 10;

/// Which root set holds the handles to the object at `addr`: the [`REGION`] of the
/// address, so that objects allocated together (which usually lie together) are rooted
/// together and marking a set walks memory in order.
fn handle_set(addr: usize) -> usize {
    (addr / REGION) % HANDLE_SETS
}

pub(crate) type HeapArena = Arena<Rootable![HeapRoot<'_>]>;

/// What [`Heap::with`] panics with when the heap is called while its collector holds
/// the arena, which only a `tracing` subscriber can do.
pub(crate) const CALLED_FROM_A_COLLECTION: &str = "lethe: the heap was called while its \
    collector holds it (from a tracing subscriber's event?); a subscriber may call \
    Heap::stats only";

/// An embeddable object heap with a tracing collector and Python's weak-reference
/// semantics.
///
/// A `Heap` owns its objects. The application holds [`Value`]s (handles); an object
/// no handle reaches, directly or through other objects, is *eligible* but stays until
/// [`collect`](Heap::collect) (or enough [`step`](Heap::step)s) runs. Several heaps
/// can live side by side; a handle used with a heap that did not make it gets a
/// `RuntimeError`.
///
/// A `Heap` is single-threaded: it is neither `Send` nor `Sync`, and neither are its
/// handles.
///
/// ```
/// use lethe::Heap;
/// let heap = Heap::new();
/// let list = heap.list(&[1.into(), "two".into()])?;
/// assert_eq!(heap.repr(&list)?, "[1, 'two']");
/// drop(list);                      // eligible, not gone
/// assert_eq!(heap.collect().freed, 1);
/// # Ok::<(), lethe::Error>(())
/// ```
pub struct Heap {
    arena: RefCell<HeapArena>,
    next_id: Cell<u64>,
    /// Objects made under numbers reserved earlier (a finalizer's weak reference,
    /// made when asked for): with `next_id`, what tells the collector that callbacks
    /// made objects ([`Heap::allocations`]).
    late_allocs: Cell<u64>,
    /// The builtin types' counters, in [`Builtin`] order.
    pub(crate) counters: RefCell<Vec<Rc<TypeCounter>>>,
    /// The user classes' counters, held weakly: a counter goes with its class and
    /// its last instance, and its entry here with the next [`prune_class_counters`]
    /// (`Heap::prune_class_counters`).
    pub(crate) class_counters: RefCell<Vec<std::rc::Weak<TypeCounter>>>,
    /// The finalizer registry's live count (weakref/finalize_registry.rs), read
    /// outside the arena, so that `stats()` works even from inside a collection.
    pending_finalizers: Rc<Cell<usize>>,
    pub(crate) collector: CollectorState,
    /// Objects whose repr is being computed (to print `[...]` for recursion).
    pub(crate) repr_active: RefCell<Vec<u64>>,
    pub(crate) depth: Cell<usize>,
    /// The `__weakref__` descriptors made for builtin types (`WeakSet.__weakref__`),
    /// which live as long as the heap, as its type objects do: `stats()` does not
    /// count them either.
    pub(crate) builtin_descriptors: Cell<usize>,
    /// Whether a `__weakref__` descriptor was ever made: until then, no class
    /// namespace can hold one under another name, and an instance's attribute lookup
    /// need not look for one (`protocols::attributes::data_descriptor_owner`).
    pub(crate) weakref_descriptors_made: Cell<bool>,
    /// Payloads and closures of freed objects, dropped outside the arena.
    pub(crate) graveyard: crate::deferred::Graveyard,
}

/// How deep repr, comparison and calls may nest before `RecursionError`.
pub(crate) const MAX_DEPTH: usize = 800;

impl Default for Heap {
    fn default() -> Self {
        Heap::new()
    }
}

impl std::fmt::Debug for Heap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heap").finish_non_exhaustive()
    }
}

/// Arena access for one `Heap::with` call.
pub(crate) struct Ctx<'h, 'gc> {
    pub mc: &'gc Mutation<'gc>,
    pub root: &'gc HeapRoot<'gc>,
    pub heap: &'h Heap,
}

impl Heap {
    /// Creates an empty heap.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.stats().live_objects, 0);
    /// ```
    pub fn new() -> Heap {
        let collector = CollectorState::default();
        let counters: Vec<Rc<TypeCounter>> = Builtin::ALL
            .iter()
            .map(|b| collector.new_counter(b.tp_name().into()))
            .collect();
        let type_counter = counters[Builtin::Type.index()].clone();
        let builtin_counters = counters.clone();
        let next_id = Cell::new(1);
        let arena = HeapArena::new(|mc| {
            let mut types: Vec<GcObj<'_>> = Vec::with_capacity(Builtin::ALL.len());
            for (i, b) in Builtin::ALL.iter().enumerate() {
                let (module, name) = b.names();
                let bases: Vec<GcObj<'_>> = b
                    .base()
                    .map(|base| types[base.index()])
                    .into_iter()
                    .collect();
                let mro = match bases.first() {
                    Some(base) => {
                        let mut m = vec![*base];
                        if let Kind::Class(c) = &base.borrow().kind {
                            m.extend(c.mro.iter().copied());
                        }
                        m
                    }
                    None => Vec::new(),
                };
                let class = ClassData {
                    name: name.into(),
                    qualname: name.into(),
                    module: Some(module.into()),
                    bases,
                    mro,
                    builtin: Some(Static(*b)),
                    layout: Static(*b),
                    solid: None,
                    counter: Static(builtin_counters[i].clone()),
                    fields: None,
                    lookups: None,
                    weakref_descriptor: crate::object::WeakrefDescriptor::Unmade,
                    weakref_descriptor_qualname: None,
                };
                let id = next_id.get();
                let ticket = Ticket::new(type_counter.clone(), id);
                next_id.set(id + 1);
                types.push(Gc::new(
                    mc,
                    RefLock::new(ObjectData {
                        class: None,
                        kind: Kind::Class(Box::new(class)),
                        extras: None,
                        ticket: Static(ticket),
                    }),
                ));
            }
            let id = next_id.get();
            next_id.set(id + 1);
            let ni_counter = builtin_counters[Builtin::NotImplementedType.index()].clone();
            let not_implemented = Gc::new(
                mc,
                RefLock::new(ObjectData {
                    class: None,
                    kind: Kind::NotImplemented,
                    extras: None,
                    ticket: Static(Ticket::new(ni_counter, id)),
                }),
            );
            HeapRoot {
                not_implemented,
                handles: Gc::new(mc, RefLock::new(vec![None; HANDLE_SETS])),
                scratch: Gc::new(mc, RefLock::new(vec![None; HANDLE_SETS])),
                types,
                state: Gc::new(mc, RefLock::new(GcState::default())),
            }
        });
        arena.metrics().set_pacing(crate::collector::STEP_PACING);
        let pending_finalizers =
            arena.mutate(|_, root| root.state.borrow().finalizers.shared_len());
        Heap {
            arena: RefCell::new(arena),
            next_id,
            late_allocs: Cell::new(0),
            counters: RefCell::new(counters),
            class_counters: RefCell::new(Vec::new()),
            pending_finalizers,
            collector,
            repr_active: RefCell::new(Vec::new()),
            depth: Cell::new(0),
            builtin_descriptors: Cell::new(0),
            weakref_descriptors_made: Cell::new(false),
            graveyard: Default::default(),
        }
    }

    /// Runs `f` with access to the arena. `f` must not run user code.
    ///
    /// Panics, saying why, if the collector holds the arena: only a `tracing`
    /// subscriber called from one of its events can get here then (the crate docs,
    /// "Logging", allow it [`Heap::stats`] alone).
    pub(crate) fn with<T>(&self, f: impl for<'gc> FnOnce(&Ctx<'_, 'gc>) -> T) -> T {
        let Ok(arena) = self.arena.try_borrow() else {
            panic!("{CALLED_FROM_A_COLLECTION}");
        };
        arena.mutate(|mc, root| {
            f(&Ctx {
                mc,
                root,
                heap: self,
            })
        })
    }

    /// The arena, for the collector.
    pub(crate) fn arena_mut(&self) -> Option<std::cell::RefMut<'_, HeapArena>> {
        self.arena.try_borrow_mut().ok()
    }

    /// Wraps a value an object will own so that its drop is deferred (see deferred.rs).
    pub(crate) fn defer<T: 'static>(&self, value: T) -> crate::deferred::Deferred<T> {
        crate::deferred::Deferred::new(value, &self.graveyard)
    }

    /// Drops the payloads and closures of freed objects.
    /// Drops what freed objects owned (payloads, closures); returns the `Error::Panic`
    /// of each drop that panicked (the others ran).
    pub(crate) fn drain_graveyard(&self) -> Vec<Error> {
        crate::deferred::drain(&self.graveyard)
            .into_iter()
            .map(|msg| Error::Panic(format!("a payload's drop panicked: {msg}")))
            .collect()
    }

    /// The allocation number the next object will get.
    pub(crate) fn peek_next_id(&self) -> u64 {
        self.next_id.get()
    }

    /// A count that grows with every object made (numbers given out, and objects
    /// made under numbers reserved earlier).
    pub(crate) fn allocations(&self) -> u64 {
        self.next_id.get() + self.late_allocs.get()
    }

    /// Finalizers registered and not yet run or detached.
    pub(crate) fn pending_finalizers(&self) -> usize {
        self.pending_finalizers.get()
    }

    pub(crate) fn fresh_id(&self) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        id
    }

    /// A counter for a new user class, listed (weakly) for `stats()` and `verify()`.
    pub(crate) fn register_counter(&self, name: Rc<str>) -> Rc<TypeCounter> {
        let c = self.collector.new_counter(name);
        let mut list = self.class_counters.borrow_mut();
        // Pruned as it doubles, so that making and dropping classes without a
        // collection in between keeps it in proportion to the classes alive.
        if list.len() == list.capacity() {
            list.retain(|w| w.strong_count() > 0);
        }
        list.push(Rc::downgrade(&c));
        c
    }

    /// Forgets the counters of the classes gone with all their instances.
    pub(crate) fn prune_class_counters(&self) {
        if let Ok(mut list) = self.class_counters.try_borrow_mut() {
            list.retain(|w| w.strong_count() > 0);
        }
    }

    /// Every live type's counter: the builtin types', then the user classes'.
    pub(crate) fn each_counter(&self, mut f: impl FnMut(usize, &TypeCounter)) {
        for (i, c) in self.counters.borrow().iter().enumerate() {
            f(i, c);
        }
        let n = Builtin::ALL.len();
        for (i, w) in self.class_counters.borrow().iter().enumerate() {
            if let Some(c) = w.upgrade() {
                f(n + i, &c);
            }
        }
    }

    /// The type object of a builtin type.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let t = heap.builtin(Builtin::Proxy);
    /// assert_eq!(heap.repr(&t)?, "<class 'weakref.ProxyType'>");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn builtin(&self, b: Builtin) -> Value {
        self.with(|cx| cx.value(&Val::Obj(cx.root.types[b.index()])))
    }

    /// Python's `NotImplemented`: the one object of type `NotImplementedType`, which a
    /// binary method (`__add__`, `__radd__`, `__iadd__`…, given to
    /// [`ClassBuilder::method`](crate::ClassBuilder::method)) returns to decline its
    /// operand, so that [`Heap::binary_op`] asks the other operand next.
    ///
    /// ```
    /// use lethe::{BinaryOp, Heap};
    /// let heap = Heap::new();
    /// let ni = heap.not_implemented();
    /// assert!(ni.is(&heap.not_implemented()));
    /// assert_eq!(heap.repr(&ni)?, "NotImplemented");
    /// let c = heap.class("C").method("__add__", |h, _| Ok(h.not_implemented())).build()?;
    /// let o = heap.call(&c, &[])?;
    /// assert_eq!(
    ///     heap.binary_op(&o, &1.into(), BinaryOp::Add).unwrap_err().to_string(),
    ///     "TypeError: unsupported operand type(s) for +: 'C' and 'int'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn not_implemented(&self) -> Value {
        self.with(|cx| cx.value(&Val::Obj(cx.root.not_implemented)))
    }

    /// Whether `v` is `NotImplemented`.
    pub(crate) fn is_not_implemented(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(_))
            && self.with(
                |cx| matches!(cx.val(v), Ok(Val::Obj(o)) if Gc::ptr_eq(o, cx.root.not_implemented)),
            )
    }

    /// A new `tuple`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let t = heap.tuple(&[1.into(), 2.into()])?;
    /// assert_eq!(heap.repr(&t)?, "(1, 2)");
    /// assert_eq!(heap.repr(&heap.tuple(&[1.into()])?)?, "(1,)");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn tuple(&self, items: &[Value]) -> Result<Value> {
        self.with(|cx| {
            let items = cx.vals(items)?;
            Ok(cx.value(&Val::Obj(cx.alloc(Kind::Tuple(items), None))))
        })
    }

    /// A new `list`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&["a".into()])?;
    /// assert_eq!(heap.len(&l)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn list(&self, items: &[Value]) -> Result<Value> {
        self.with(|cx| {
            let items = cx.vals(items)?;
            Ok(cx.value(&Val::Obj(cx.alloc(Kind::List(items), None))))
        })
    }

    /// A new `dict` with the given items, inserted in order (later duplicates win).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into()), ("b".into(), 2.into())])?;
    /// assert_eq!(heap.repr(&d)?, "{'a': 1, 'b': 2}");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn dict(&self, items: &[(Value, Value)]) -> Result<Value> {
        let d = self.with(|cx| cx.value(&Val::Obj(cx.alloc(Kind::Dict(Box::default()), None))));
        for (k, v) in items {
            self.setitem(&d, k, v)?;
        }
        Ok(d)
    }

    /// A new `set` of the given items.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.set(&[1.into(), 2.into(), 1.into()])?;
    /// assert_eq!(heap.len(&s)?, 2);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn set(&self, items: &[Value]) -> Result<Value> {
        let s = self.with(|cx| {
            cx.value(&Val::Obj(
                cx.alloc(Kind::Set(Box::new(crate::dict::Table::new_set())), None),
            ))
        });
        for item in items {
            self.set_add(&s, item)?;
        }
        Ok(s)
    }

    /// A new `frozenset` of the given items.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.frozenset(&[1.into()])?;
    /// assert_eq!(heap.repr(&s)?, "frozenset({1})");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn frozenset(&self, items: &[Value]) -> Result<Value> {
        let s = self.set(items)?;
        self.freeze(&s)?;
        Ok(s)
    }

    /// A new plain `object()` (which, as in Python, cannot be weakly referenced).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let o = heap.object()?;
    /// assert_eq!(heap.type_name(&o), "object");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn object(&self) -> Result<Value> {
        Ok(self.with(|cx| cx.value(&Val::Obj(cx.alloc(Kind::Plain(Default::default()), None)))))
    }

    /// A native function named `name` in module `__main__`.
    ///
    /// `f` receives the heap and the call's [`Args`]. It must not hold handles to heap
    /// objects itself (they would be roots, never freed); give them to
    /// [`closure`](Heap::closure) as captures instead.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let double = heap.function("double", |_, args| Ok((args.int(0)? * 2).into()));
    /// assert_eq!(heap.call(&double, &[21.into()])?.as_int(), Some(42));
    /// assert!(heap.repr(&double)?.starts_with("<function double at 0x"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn function(
        &self,
        name: &str,
        f: impl Fn(&Heap, &Args<'_>) -> Result<Value> + 'static,
    ) -> Value {
        self.closure(name, &[], f)
            .expect("a function without captures cannot fail")
    }

    /// A native function that captures heap values, as a Python closure captures
    /// cells: the collector traces `captures` through the function object, and `f`
    /// receives them as [`Args::captures`] on every call.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let log = heap.list(&[])?;
    /// let push = heap.closure("push", &[log.clone()], |heap, args| {
    ///     heap.list_append(&args.captures[0], args.get(0)?)?;
    ///     Ok(lethe::Value::None)
    /// })?;
    /// heap.call(&push, &["x".into()])?;
    /// assert_eq!(heap.repr(&log)?, "['x']");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn closure(
        &self,
        name: &str,
        captures: &[Value],
        f: impl Fn(&Heap, &Args<'_>) -> Result<Value> + 'static,
    ) -> Result<Value> {
        let code: crate::native::NativeFn = Rc::new(f);
        self.with(|cx| {
            let captures = cx.vals(captures)?;
            let data = FunctionData {
                names: crate::object::FunctionNames::new(name, name),
                module: "__main__".into(),
                code: Static(cx.heap.defer(code)),
                captures,
                fields: None,
                in_arena: None,
            };
            Ok(cx.value(&Val::Obj(cx.alloc(Kind::Function(Box::new(data)), None))))
        })
    }

    /// Attaches a Rust value to an object, replacing any value attached before.
    ///
    /// The value lives as long as the object: it is dropped when the collector frees
    /// the object (or when replaced). A handle ([`Value`], [`Obj`](crate::Obj)) inside
    /// the payload is a root, as one held anywhere in Rust is: it keeps its object
    /// alive, and a handle to the payload's own object keeps that object until the
    /// heap is dropped. To refer to other objects from native state, store them as
    /// the object's attributes (traced edges) or hold a weak reference.
    ///
    /// Errors: `TypeError` if `obj` is not a heap object; `Error::Panic` if the
    /// replaced value's `Drop` panicked (the new value is attached all the same).
    ///
    /// ```
    /// use std::cell::RefCell;
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Blob").build()?;
    /// let blob = heap.call(&cls, &[])?;
    /// heap.set_payload(&blob, RefCell::new(vec![1u8, 2, 3]))?;
    /// let data = heap.payload::<RefCell<Vec<u8>>>(&blob)?.unwrap();
    /// data.borrow_mut().push(4);
    /// assert_eq!(heap.payload::<RefCell<Vec<u8>>>(&blob)?.unwrap().borrow().len(), 4);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn set_payload<T: 'static>(&self, obj: &Value, value: T) -> Result<()> {
        let value: Rc<dyn std::any::Any> = Rc::new(value);
        self.with(|cx| {
            let o = cx.obj(obj)?;
            let old = o
                .borrow_mut(cx.mc)
                .extras_mut()
                .payload
                .replace(Box::new(Static(cx.heap.defer(value))));
            drop(old);
            Ok(())
        })?;
        // The replaced payload's drop runs now, outside the arena.
        match self.drain_graveyard().into_iter().next() {
            Some(panic) => Err(panic),
            None => Ok(()),
        }
    }

    /// The Rust value attached to an object, if there is one of type `T`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let o = heap.list(&[])?;
    /// assert!(heap.payload::<u32>(&o)?.is_none());
    /// heap.set_payload(&o, 7u32)?;
    /// assert_eq!(*heap.payload::<u32>(&o)?.unwrap(), 7);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn payload<T: 'static>(&self, obj: &Value) -> Result<Option<Rc<T>>> {
        self.with(|cx| {
            let o = cx.obj(obj)?;
            let data = o.borrow();
            Ok(data
                .extras
                .as_ref()
                .and_then(|e| e.payload.as_ref())
                .and_then(|p| p.0.get().clone().downcast::<T>().ok()))
        })
    }

    /// Python's `id()`: a number unique to the object for its lifetime, which is also
    /// the address its repr prints (`0x…`). For values held by value (ints, strings…)
    /// it is 0.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let a = heap.list(&[])?;
    /// let b = heap.list(&[])?;
    /// assert_ne!(heap.id(&a)?, heap.id(&b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn id(&self, v: &Value) -> Result<u64> {
        match v {
            Value::Obj(_) => self.with(|cx| Ok(address(cx.obj(v)?.borrow().id()))),
            _ => Ok(0),
        }
    }
}

/// The printed address of the object with allocation number `id`.
pub(crate) fn address(id: u64) -> u64 {
    0x7f00_0000_0000 + id * 0x30
}

/// The object with allocation number `id` as the log's events name it: its printed
/// address (`0x…`), as its repr and [`Heap::id`] give it.
pub(crate) struct LogAddress(pub u64);

impl std::fmt::Display for LogAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#x}", address(self.0))
    }
}

impl<'h, 'gc> Ctx<'h, 'gc> {
    /// The arena pointer behind a handle.
    #[inline]
    pub(crate) fn obj(&self, v: &Value) -> Result<GcObj<'gc>> {
        match v {
            Value::Obj(o) => self.fetch(o),
            _ => Err(self.not_an_object(v)),
        }
    }

    /// The error for an immediate value where a heap object is needed (kept out of
    /// line: `obj` is on every call's path).
    #[cold]
    #[inline(never)]
    fn not_an_object(&self, v: &Value) -> Error {
        match self.val(v) {
            Ok(x) => Error::TypeError(format!(
                "expected a heap object, not '{}'",
                crate::repr::tp_name(self, &x)
            )),
            Err(e) => e,
        }
    }

    #[inline(never)]
    pub(crate) fn fetch(&self, o: &Obj) -> Result<GcObj<'gc>> {
        let region = handle_set(o.0.as_ptr() as usize);
        let set = self.root.handles.borrow()[region];
        if let Some(set) = set
            && let Ok(obj) = set.try_fetch(&o.0)
        {
            return Ok(obj);
        }
        self.fetch_scratch(o, region)
    }

    /// A handle not in its region's set: one the collector made, or another heap's.
    #[cold]
    #[inline(never)]
    fn fetch_scratch(&self, o: &Obj, region: usize) -> Result<GcObj<'gc>> {
        self.root.scratch.borrow()[region]
            .ok_or_else(Error::wrong_heap)?
            .try_fetch(&o.0)
            .map_err(|_| Error::wrong_heap())
    }

    /// `v` for the application, an object's handle made in the scratch set: for the
    /// values the collector passes to a callback, which live for the call.
    pub(crate) fn scratch_value(&self, v: &Val<'gc>) -> Value {
        match v {
            Val::Obj(o) => Value::Obj(stash_in(self.mc, self.root.scratch, *o)),
            _ => self.value(v),
        }
    }

    /// A handle to `o`, rooting it.
    fn stash(&self, o: GcObj<'gc>) -> Obj {
        stash_in(self.mc, self.root.handles, o)
    }

    #[inline(always)]
    pub(crate) fn val(&self, v: &Value) -> Result<Val<'gc>> {
        Ok(match v {
            Value::None => Val::None,
            Value::Bool(b) => Val::Bool(*b),
            Value::Int(i) => Val::Int(*i),
            Value::Float(f) => Val::Float(*f),
            Value::Str(s) => Val::Str(s.clone()),
            Value::Obj(o) => Val::Obj(self.fetch(o)?),
        })
    }

    /// The values of this heap for `vs`, in a vector exactly as long (collecting a
    /// fallible iterator would guess its length and over-allocate).
    pub(crate) fn vals(&self, vs: &[Value]) -> Result<Vec<Val<'gc>>> {
        let mut out = Vec::with_capacity(vs.len());
        for v in vs {
            out.push(self.val(v)?);
        }
        Ok(out)
    }

    pub(crate) fn value(&self, v: &Val<'gc>) -> Value {
        match v {
            Val::None => Value::None,
            Val::Bool(b) => Value::Bool(*b),
            Val::Int(i) => Value::Int(*i),
            Val::Float(f) => Value::Float(*f),
            Val::Str(s) => Value::Str(s.clone()),
            Val::Obj(o) => Value::Obj(self.stash(*o)),
        }
    }

    pub(crate) fn values(&self, vs: &[Val<'gc>]) -> Vec<Value> {
        vs.iter().map(|v| self.value(v)).collect()
    }

    pub(crate) fn builtin(&self, b: Builtin) -> GcObj<'gc> {
        self.root.types[b.index()]
    }

    /// The type object of an arena value.
    pub(crate) fn type_of(&self, v: &Val<'gc>) -> GcObj<'gc> {
        match v {
            Val::None => self.builtin(Builtin::NoneType),
            Val::Bool(_) => self.builtin(Builtin::Bool),
            Val::Int(_) => self.builtin(Builtin::Int),
            Val::Float(_) => self.builtin(Builtin::Float),
            Val::Str(_) => self.builtin(Builtin::Str),
            Val::Obj(o) => self.type_of_obj(*o),
        }
    }

    pub(crate) fn type_of_obj(&self, o: GcObj<'gc>) -> GcObj<'gc> {
        let data = o.borrow();
        match data.class {
            Some(c) => c,
            None => self.builtin(Builtin::of_kind(&data.kind)),
        }
    }

    /// Allocates an object of `kind`, an instance of `class` if given.
    pub(crate) fn alloc(&self, kind: Kind<'gc>, class: Option<GcObj<'gc>>) -> GcObj<'gc> {
        self.alloc_as(kind, class, self.heap.fresh_id())
    }

    /// [`alloc`](Self::alloc) under allocation number `id`, reserved for it earlier
    /// (a finalizer's weak reference, made when asked for: `weakref/finalize.rs`).
    pub(crate) fn alloc_numbered(
        &self,
        kind: Kind<'gc>,
        class: Option<GcObj<'gc>>,
        id: u64,
    ) -> GcObj<'gc> {
        let late = &self.heap.late_allocs;
        late.set(late.get() + 1);
        self.alloc_as(kind, class, id)
    }

    fn alloc_as(&self, kind: Kind<'gc>, class: Option<GcObj<'gc>>, id: u64) -> GcObj<'gc> {
        let counter = match class {
            Some(c) => class_counter(c),
            None => class_counter(self.builtin(Builtin::of_kind(&kind))),
        };
        Gc::new(
            self.mc,
            RefLock::new(ObjectData {
                class,
                kind,
                extras: None,
                ticket: Static(Ticket::new(counter, id)),
            }),
        )
    }

    pub(crate) fn state(&self) -> std::cell::RefMut<'gc, GcState<'gc>> {
        self.root.state.borrow_mut(self.mc)
    }
}

/// Roots `o` in the set of its region among `sets`, making the set on first use.
fn stash_in<'gc>(mc: &Mutation<'gc>, sets: HandleSets<'gc>, o: GcObj<'gc>) -> Obj {
    let i = handle_set(Gc::as_ptr(o) as usize);
    let existing = sets.borrow()[i];
    let set = match existing {
        Some(set) => set,
        None => {
            let set = DynamicRootSet::new(mc);
            sets.borrow_mut(mc)[i] = Some(set);
            set
        }
    };
    Obj(set.stash(mc, o))
}

/// Root sets by address region ([`HANDLE_SETS`] of them, each made on first use).
pub(crate) type HandleSets<'gc> = Gc<'gc, RefLock<Vec<Option<DynamicRootSet<'gc>>>>>;

fn class_counter(class: GcObj<'_>) -> Rc<TypeCounter> {
    match &class.borrow().kind {
        Kind::Class(c) => c.counter.0.clone(),
        _ => unreachable!("a type object is always a class"),
    }
}
