//! Fixtures shared by the weakref test files: the classes of CPython's
//! `test_weakref.py` (`C`, `Object`, `Callable`), call recorders, and repr masking.
#![allow(dead_code)]

use std::cell::RefCell;
use std::rc::Rc;

use lethe::{Error, Heap, Result, Value};

/// `class C: def method(self): pass` (a plain weakrefable class).
pub fn class_c(heap: &Heap) -> Value {
    heap.class("C")
        .method("method", |_, _| Ok(Value::None))
        .build()
        .unwrap()
}

/// An instance of a fresh plain class named `name`.
pub fn instance(heap: &Heap, class: &Value) -> Value {
    heap.call(class, &[]).unwrap()
}

/// CPython's `Object(arg)`: equality and hash by `.arg`, `repr` `<Object arg>`,
/// `some_method()` gives 4 and `other_method()` 5.
pub fn object_class(heap: &Heap) -> Value {
    object_builder(heap, "Object").build().unwrap()
}

/// The `Object` class before `build()`, for subclass-like variants.
pub fn object_builder<'h>(heap: &'h Heap, name: &str) -> lethe::ClassBuilder<'h> {
    heap.class(name)
        .method("__init__", |heap, a| {
            heap.setattr(a.get(0)?, "arg", a.get(1)?)?;
            Ok(Value::None)
        })
        .method("__eq__", |heap, a| {
            let other = a.get(1)?;
            if !heap.hasattr(other, "arg")? || heap.is_callable(other)? {
                return Ok(false.into());
            }
            let mine = heap.getattr(a.get(0)?, "arg")?;
            Ok(heap.eq(&mine, &heap.getattr(other, "arg")?)?.into())
        })
        .method("__hash__", |heap, a| {
            Ok(heap.hash(&heap.getattr(a.get(0)?, "arg")?)?.into())
        })
        .method("__repr__", |heap, a| {
            Ok(format!("<Object {}>", heap.repr(&heap.getattr(a.get(0)?, "arg")?)?).into())
        })
        .method("some_method", |_, _| Ok(4.into()))
        .method("other_method", |_, _| Ok(5.into()))
}

/// `Object(arg)`.
pub fn object(heap: &Heap, class: &Value, arg: i64) -> Value {
    heap.call(class, &[arg.into()]).unwrap()
}

/// `ALWAYS_EQ`: an object equal to everything.
pub fn always_eq(heap: &Heap) -> Value {
    let cls = heap
        .class("_ALWAYS_EQ")
        .method("__eq__", |_, _| Ok(true.into()))
        .build()
        .unwrap();
    heap.call(&cls, &[]).unwrap()
}

/// A callback that appends its argument to a heap list: `(log, callback)`.
pub fn recorder(heap: &Heap, name: &str) -> (Value, Value) {
    let log = heap.list(&[]).unwrap();
    let cb = heap
        .closure(name, std::slice::from_ref(&log), |heap, a| {
            heap.list_append(&a.captures[0], a.get(0)?)?;
            Ok(Value::None)
        })
        .unwrap();
    (log, cb)
}

/// A callback that appends `label` to the heap list `log` (ignoring its argument).
pub fn labelled(heap: &Heap, log: &Value, label: &str) -> Value {
    let label = label.to_string();
    heap.closure(&label.clone(), std::slice::from_ref(log), move |heap, a| {
        heap.list_append(&a.captures[0], &label.as_str().into())?;
        Ok(Value::None)
    })
    .unwrap()
}

/// The items of a heap list.
pub fn items(heap: &Heap, list: &Value) -> Vec<Value> {
    heap.iter(list).unwrap()
}

/// `str()` of each item of a heap list.
pub fn strs(heap: &Heap, list: &Value) -> Vec<String> {
    items(heap, list)
        .iter()
        .map(|v| heap.str(v).unwrap())
        .collect()
}

/// A log kept on the Rust side, for class methods (which cannot capture heap values).
#[derive(Clone, Default)]
pub struct Log(pub Rc<RefCell<Vec<String>>>);

impl Log {
    pub fn push(&self, s: impl Into<String>) {
        self.0.borrow_mut().push(s.into());
    }
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
    pub fn get(&self) -> Vec<String> {
        self.0.borrow().clone()
    }
}

/// Replaces every `0x<hex>` with `0x…`, as the tutorial's normalizer does.
pub fn mask(s: &str) -> String {
    let mut out = String::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'0' && i + 1 < b.len() && b[i + 1] == b'x' {
            let mut j = i + 2;
            while j < b.len() && b[j].is_ascii_hexdigit() {
                j += 1;
            }
            if j > i + 2 {
                out.push_str("0x…");
                i = j;
                continue;
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

/// `0x…` address of an object, as reprs print it.
pub fn addr(heap: &Heap, v: &Value) -> String {
    format!("{:#x}", heap.id(v).unwrap())
}

/// Whether `r()` is `None`.
pub fn dead(heap: &Heap, r: &Value) -> bool {
    heap.call(r, &[]).unwrap().is_none()
}

/// `r()`.
pub fn deref(heap: &Heap, r: &Value) -> Value {
    heap.call(r, &[]).unwrap()
}

/// The message of a TypeError (panics on any other result).
pub fn type_error<T: std::fmt::Debug>(r: Result<T>) -> String {
    match r {
        Err(Error::TypeError(m)) => m,
        other => panic!("expected TypeError, got {other:?}"),
    }
}

/// Asserts a `ReferenceError: weakly-referenced object no longer exists`.
pub fn assert_reference_error<T: std::fmt::Debug>(r: Result<T>) {
    match r {
        Err(e) => assert_eq!(
            e.to_string(),
            "ReferenceError: weakly-referenced object no longer exists"
        ),
        Ok(v) => panic!("expected ReferenceError, got {v:?}"),
    }
}

/// A way to run one collection: `collect()` on the sweep path, `collect()` on the
/// full path (an unrelated dying object whose class has `__del__` joins it), or
/// `step()`s of a budget until the cycle completes.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // not every test binary runs every path
pub enum Mode {
    Sweep,
    Full,
    Step(f64),
}

/// Every collection path, stepped with a tiny and a small budget.
#[allow(dead_code)]
pub const MODES: [Mode; 4] = [Mode::Sweep, Mode::Full, Mode::Step(1.0), Mode::Step(64.0)];

/// One collection, by `mode`.
#[allow(dead_code)]
pub fn collect_by(heap: &Heap, mode: Mode) -> lethe::CollectReport {
    match mode {
        Mode::Sweep => heap.collect(),
        Mode::Full => {
            let cls = heap
                .class("Unrelated")
                .method("__del__", |_, _| Ok(Value::None))
                .build()
                .unwrap();
            let o = heap.call(&cls, &[]).unwrap();
            drop((o, cls));
            heap.collect()
        }
        Mode::Step(budget) => loop {
            if let Some(r) = heap.step(budget) {
                break r;
            }
        },
    }
}

/// What the test binary's `tracing` subscriber saw on a thread that watches: an
/// event, or a span being made.
pub enum Seen<'a, 'b> {
    Event(&'a tracing::Event<'b>),
    Span(&'a tracing::span::Attributes<'b>),
}

/// The watcher of one thread.
type Watcher = Rc<dyn Fn(Seen<'_, '_>)>;

thread_local! {
    static WATCHER: RefCell<Option<Watcher>> = const { RefCell::new(None) };
}

/// The one global subscriber of a test binary: interested in every callsite, it
/// gives what it sees to the watcher of the thread it happens on, if any.
struct Forward;

impl Forward {
    fn forward(seen: Seen<'_, '_>) {
        // Cloned out of the cell first: the watcher may make events itself, or panic.
        if let Some(w) = WATCHER.with(|w| w.borrow().clone()) {
            w(seen);
        }
    }
}

impl tracing::Subscriber for Forward {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attrs: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        Forward::forward(Seen::Span(attrs));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, e: &tracing::Event<'_>) {
        Forward::forward(Seen::Event(e));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// Runs `f` with `watcher` called at each `tracing` event and span this thread
/// makes meanwhile, for tests in which the application's code runs at the
/// collector's events or reads them.
///
/// One global subscriber, installed by the first call, serves every thread of the
/// test binary. A subscriber per test (`with_default`) loses events now and then:
/// `tracing` caches each callsite's interest for the whole process, computed on the
/// thread that reaches it first, and a test thread without a subscriber caches it
/// as "never".
pub fn watch<T>(watcher: impl Fn(Seen<'_, '_>) + 'static, f: impl FnOnce() -> T) -> T {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        tracing::subscriber::set_global_default(Forward)
            .expect("support::watch installs the test binary's only global subscriber");
        // (Callsites registered while it was being installed were asked without it.)
        tracing::callsite::rebuild_interest_cache();
    });
    /// Takes the watcher off when `f` returns or unwinds.
    struct Unwatch;
    impl Drop for Unwatch {
        fn drop(&mut self) {
            WATCHER.with(|w| *w.borrow_mut() = None);
        }
    }
    WATCHER.with(|w| *w.borrow_mut() = Some(Rc::new(watcher)));
    let _unwatch = Unwatch;
    f()
}

/// [`watch`] for events only: `hook` is called at each event.
pub fn on_event<T>(hook: fn(&tracing::Event<'_>), f: impl FnOnce() -> T) -> T {
    watch(
        move |seen| {
            if let Seen::Event(e) = seen {
                hook(e)
            }
        },
        f,
    )
}

/// A payload whose `Drop` panics (`bomb`).
pub struct PanicsOnDrop;

impl Drop for PanicsOnDrop {
    fn drop(&mut self) {
        panic!("bomb");
    }
}

/// A payload that counts its drops in the shared cell.
pub struct CountsDrops(pub Rc<std::cell::Cell<usize>>);

impl Drop for CountsDrops {
    fn drop(&mut self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Asserts that `got` is, line for line, the text of an `.expected` file (what a
/// script under `runtime-tests/cpython/` printed on CPython): the same number of
/// lines, and the first that differs shown with its counterpart.
pub fn assert_lines_match(got: &[String], expected: &str) {
    let expected: Vec<&str> = expected.lines().collect();
    for (got, want) in got.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert_eq!(got.len(), expected.len(), "lines printed");
}
