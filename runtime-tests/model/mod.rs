//! The operation language of the model-based test and the fuzz target, a reference
//! model of the spec's semantics, and the runner that executes a sequence on both and
//! compares them after every collection.
//!
//! The model is written to be obviously correct rather than fast: objects are graph
//! nodes, reachability is a breadth-first search from the roots, and one collection is
//! computed naively in the spec's order (§2).

#![allow(dead_code)]

use std::collections::VecDeque;
use std::fmt::Write as _;

use lethe::{Heap, Value};

/// What a node's `__del__` does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DelMode {
    /// The class has no `__del__`.
    Absent,
    /// Logs `del<N>`.
    Record,
    /// Logs, then stores `self` in a rooted list (resurrection).
    Resurrect,
    /// Logs, then raises.
    Fail,
}

/// What a weak reference's callback does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CbMode {
    /// No callback.
    Absent,
    /// Logs `ref<N>`.
    Record,
    /// Logs, then raises.
    Fail,
    /// Logs, then calls `collect()` (which must do nothing).
    Collect,
    /// Logs, then allocates a node and a weak reference to it (both garbage).
    Alloc,
    /// Logs, then allocates a node with a weak reference (kept reachable) whose
    /// callback logs `inner<N>`, and drops the node: the node dies in the same
    /// collection, and its callback runs in it, after the first pass's.
    AllocCb,
}

/// One operation. Indices pick among the objects (refs, finalizers) the application
/// still holds, modulo their number; an operation with nothing to pick is skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    NewNode(DelMode),
    NewList,
    NewDict,
    /// A native function capturing the object picked by the index (if any).
    NewFunc(u8),
    /// `from.a<slot> = to` for a node, `from.append(to)` for a list.
    Link {
        from: u8,
        to: u8,
        slot: u8,
    },
    /// `del from.a<slot>` for a node, `from.pop()` for a list.
    Unlink {
        from: u8,
        slot: u8,
    },
    DropHandle(u8),
    Ref {
        target: u8,
        cb: CbMode,
    },
    Proxy {
        target: u8,
        cb: CbMode,
    },
    WeakMethod {
        target: u8,
        cb: bool,
    },
    DropRef(u8),
    Finalize(u8),
    FinalizerCall(u8),
    FinalizerDetach(u8),
    DropFinalizer(u8),
    Collect,
    /// Steps of this budget until the cycle completes.
    Steps(u16),
    /// `wvd[key % 8] = target`.
    WvdSet {
        key: u8,
        target: u8,
    },
    /// `del wvd[key % 8]` if present.
    WvdDel(u8),
    /// `wkd[target] = value`.
    WkdSet {
        target: u8,
        value: u8,
    },
    /// `del wkd[target]` if present.
    WkdDel(u8),
    /// `ws.add(target)`.
    WsAdd(u8),
    /// `ws.discard(target)`.
    WsDiscard(u8),
    /// Opens an iterator on container `which % 3`, takes one item, collects while it
    /// is open, then drains it and closes it.
    IterCollect(u8),
}

const DEL_MODES: [DelMode; 4] = [
    DelMode::Absent,
    DelMode::Record,
    DelMode::Resurrect,
    DelMode::Fail,
];
const CB_MODES: [CbMode; 6] = [
    CbMode::Absent,
    CbMode::Record,
    CbMode::Fail,
    CbMode::Collect,
    CbMode::Alloc,
    CbMode::AllocCb,
];

impl Op {
    /// Decodes operations from raw bytes (the fuzz target's input): 4 bytes an op.
    pub fn decode(bytes: &[u8]) -> Vec<Op> {
        bytes
            .chunks_exact(4)
            .map(|c| {
                let (a, b, s) = (c[1], c[2], c[3]);
                match c[0] % 16 {
                    0 | 1 => Op::NewNode(DEL_MODES[a as usize % 4]),
                    2 => match s % 3 {
                        0 => Op::NewList,
                        1 => Op::NewDict,
                        _ => Op::NewFunc(a),
                    },
                    3 | 4 => Op::Link {
                        from: a,
                        to: b,
                        slot: s,
                    },
                    5 => Op::Unlink { from: a, slot: s },
                    6 => Op::DropHandle(a),
                    7 => Op::Ref {
                        target: a,
                        cb: CB_MODES[b as usize % 6],
                    },
                    8 => Op::Proxy {
                        target: a,
                        cb: CB_MODES[b as usize % 6],
                    },
                    9 => Op::WeakMethod {
                        target: a,
                        cb: b % 2 == 0,
                    },
                    10 => Op::DropRef(a),
                    11 => Op::Finalize(a),
                    12 => match b % 3 {
                        0 => Op::FinalizerCall(a),
                        1 => Op::FinalizerDetach(a),
                        _ => Op::DropFinalizer(a),
                    },
                    13 => match s % 4 {
                        0 => Op::Collect,
                        1 => Op::Steps(u16::from_le_bytes([a, b]) % 512 + 1),
                        2 => Op::IterCollect(a),
                        _ => Op::DropHandle(b),
                    },
                    14 => match s % 3 {
                        0 => Op::WvdSet { key: a, target: b },
                        1 => Op::WkdSet {
                            target: a,
                            value: b,
                        },
                        _ => Op::WsAdd(a),
                    },
                    _ => match s % 3 {
                        0 => Op::WvdDel(a),
                        1 => Op::WkdDel(a),
                        _ => Op::WsDiscard(a),
                    },
                }
            })
            .collect()
    }

    /// A ready-to-paste Rust regression test for `ops`.
    pub fn to_rust(ops: &[Op]) -> String {
        let mut s = String::from("#[test]\nfn regression() {\n    model::check(&[\n");
        for op in ops {
            let _ = writeln!(s, "        Op::{op:?},");
        }
        s.push_str("    ]).unwrap();\n}\n");
        s.replace("Op::NewNode(", "Op::NewNode(DelMode::")
            .replace("cb: Absent", "cb: CbMode::Absent")
            .replace("cb: Record", "cb: CbMode::Record")
            .replace("cb: Fail", "cb: CbMode::Fail")
            .replace("cb: Collect", "cb: CbMode::Collect")
            .replace("cb: Alloc", "cb: CbMode::Alloc")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ObjKind {
    Node,
    List,
    /// A dict: 3 slots, keys 0..3.
    Dict,
    /// A native function capturing one object (traced like a closure cell);
    /// weakly referenceable like a node.
    Func,
}

impl ObjKind {
    /// Targets of weak references, finalizers and weak containers in the model.
    fn weakrefable(self) -> bool {
        matches!(self, ObjKind::Node | ObjKind::Func)
    }
}

struct MObj {
    kind: ObjKind,
    /// Nodes: 3 attribute slots; lists: their items.
    edges: Vec<Option<usize>>,
    del: DelMode,
    del_ran: bool,
    freed: bool,
    /// The shared callback-less ref and proxy, if live.
    basic_ref: Option<usize>,
    basic_proxy: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RefKind {
    Ref,
    Proxy,
    WeakMethod,
    Finalizer(usize),
    /// A weak container's internal reference (its removal callback logs nothing).
    Container,
}

struct MRef {
    target: usize,
    kind: RefKind,
    cb: CbMode,
    /// The application holds it (for a finalizer's ref: the finalizer object is alive).
    held: bool,
    cleared: bool,
    freed: bool,
}

struct MFin {
    target: usize,
    weakref: usize,
    in_registry: bool,
    held: bool,
    freed: bool,
}

/// The reference model.
#[derive(Default)]
struct Model {
    objs: Vec<MObj>,
    refs: Vec<MRef>,
    fins: Vec<MFin>,
    /// Objects the application holds handles to (per object: handle count 0/1).
    handles: Vec<bool>,
    resurrected: Vec<usize>,
    log: Vec<String>,
    /// Insertion-ordered contents, with each entry's internal weak reference.
    wvd: Vec<(i64, usize, usize)>,
    wkd: Vec<(usize, i64, usize)>,
    ws: Vec<(usize, usize)>,
    /// An object the application holds only through an open iterator's last item.
    extra_root: Option<usize>,
}

/// What a collection is expected to report.
#[derive(Debug, Default, PartialEq, Eq)]
struct Expected {
    callbacks: usize,
    finalizers: usize,
    dels: usize,
    errors: usize,
}

impl Model {
    fn reachable(&self) -> Vec<bool> {
        let mut seen = vec![false; self.objs.len()];
        let mut queue: VecDeque<usize> = VecDeque::new();
        let roots = (0..self.objs.len())
            .filter(|&i| self.handles[i])
            .chain(self.resurrected.iter().copied())
            .chain(self.extra_root);
        for r in roots {
            if !seen[r] {
                seen[r] = true;
                queue.push_back(r);
            }
        }
        while let Some(i) = queue.pop_front() {
            for e in self.objs[i].edges.iter().flatten() {
                if !seen[*e] {
                    seen[*e] = true;
                    queue.push_back(*e);
                }
            }
        }
        seen
    }

    /// One collection, in the spec's order. Returns what the report should say.
    fn collect(&mut self) -> Expected {
        let mut exp = Expected::default();
        let reach = self.reachable();
        let in_u: Vec<bool> = (0..self.objs.len())
            .map(|i| !self.objs[i].freed && !reach[i])
            .collect();
        // A weak reference object is garbage when nothing holds it.
        let ref_reachable = |m: &Model, r: usize| -> bool {
            match m.refs[r].kind {
                // A finalizer holds its weak reference only while it is alive (in the
                // registry); once run or detached it lets go of it, as CPython does.
                RefKind::Finalizer(f) => m.fins[f].in_registry,
                _ => m.refs[r].held,
            }
        };
        // 2–3: clear, queue.
        let mut queue: Vec<(usize, usize)> = Vec::new(); // (target, ref) by creation
        for r in 0..self.refs.len() {
            if self.refs[r].freed || self.refs[r].cleared {
                continue;
            }
            let reachable_ref = ref_reachable(self, r);
            if in_u[self.refs[r].target] {
                self.refs[r].cleared = true;
                let has_cb = match self.refs[r].kind {
                    RefKind::Finalizer(f) => self.fins[f].in_registry,
                    RefKind::WeakMethod | RefKind::Container => true,
                    _ => self.refs[r].cb != CbMode::Absent,
                };
                if reachable_ref && has_cb {
                    queue.push((self.refs[r].target, r));
                }
            }
            if !reachable_ref {
                self.refs[r].cleared = true;
                self.refs[r].freed = true;
            }
        }
        for o in &mut self.objs {
            if let Some(b) = o.basic_ref
                && self.refs[b].cleared
            {
                o.basic_ref = None;
            }
            if let Some(b) = o.basic_proxy
                && self.refs[b].cleared
            {
                o.basic_proxy = None;
            }
        }
        // 4: referents in allocation order, newest reference first.
        queue.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut inner: Vec<usize> = Vec::new();
        for (_, r) in queue {
            match self.refs[r].kind {
                RefKind::Finalizer(f) => {
                    exp.finalizers += 1;
                    if self.fins[f].in_registry {
                        self.fins[f].in_registry = false;
                        self.log.push(format!("fin{f}"));
                    }
                }
                RefKind::WeakMethod => {
                    exp.callbacks += 1;
                    if self.refs[r].cb != CbMode::Absent {
                        self.log.push(format!("ref{r}"));
                    }
                }
                RefKind::Container => exp.callbacks += 1,
                _ => {
                    exp.callbacks += 1;
                    self.log.push(format!("ref{r}"));
                    match self.refs[r].cb {
                        CbMode::Fail => exp.errors += 1,
                        CbMode::AllocCb => inner.push(r),
                        _ => {}
                    }
                }
            }
        }
        // 5: __del__, allocation order.
        for (i, dying) in in_u.iter().enumerate() {
            if *dying && self.objs[i].del != DelMode::Absent && !self.objs[i].del_ran {
                self.objs[i].del_ran = true;
                exp.dels += 1;
                self.log.push(format!("del{i}"));
                match self.objs[i].del {
                    DelMode::Resurrect => self.resurrected.push(i),
                    DelMode::Fail => exp.errors += 1,
                    _ => {}
                }
            }
        }
        // The nodes AllocCb callbacks made died too: their callbacks run next, in the
        // order the nodes were made.
        for r in inner {
            exp.callbacks += 1;
            self.log.push(format!("inner{r}"));
        }
        // The containers' removal callbacks took out the entries whose reference died.
        let refs = &self.refs;
        self.wvd.retain(|e| !refs[e.2].cleared);
        self.wkd.retain(|e| !refs[e.2].cleared);
        self.ws.retain(|e| !refs[e.1].cleared);
        // 6–8.
        let reach = self.reachable();
        for i in 0..self.objs.len() {
            if in_u[i] && !reach[i] {
                self.objs[i].freed = true;
            }
        }
        // Finalizer objects dropped by the application and out of the registry are freed.
        for f in &mut self.fins {
            if !f.held && !f.in_registry {
                f.freed = true;
            }
        }
        exp
    }

    fn container_ref(&mut self, target: usize) -> usize {
        self.refs.push(MRef {
            target,
            kind: RefKind::Container,
            cb: CbMode::Absent,
            held: true,
            cleared: false,
            freed: false,
        });
        self.refs.len() - 1
    }

    fn weakref_count(&self, target: usize) -> usize {
        self.refs
            .iter()
            .filter(|r| r.target == target && !r.freed && !r.cleared)
            .count()
    }
}

/// The lethe side of a run.
struct Real {
    heap: Heap,
    node: Value,
    node_del: Value,
    log: Value,
    resurrected: Value,
    /// Where AllocCb callbacks keep their weak references.
    keep: Value,
    /// Per model object: the handle, while held.
    handles: Vec<Option<Value>>,
    /// Per model ref: the handle, while held. Every node starts with one: its shared
    /// callback-less ref, the probe that tells whether it was cleared.
    refs: Vec<Option<Value>>,
    fins: Vec<Option<Value>>,
    wvd: Value,
    wkd: Value,
    ws: Value,
}

fn log_line(heap: &Heap, log: &Value, line: String) -> lethe::Result<()> {
    heap.list_append(log, &line.into())
}

impl Real {
    fn new() -> Real {
        let heap = Heap::new();
        let log = heap.list(&[]).unwrap();
        let resurrected = heap.list(&[]).unwrap();
        let keep = heap.list(&[]).unwrap();
        // Both declare their fields: `Node`s are made with positional arguments (set
        // in the pass that makes the instance), `NodeDel`s with keywords (through the
        // generated `__init__`).
        let node = heap.class("Node").fields(&["idx", "mode"]).build().unwrap();
        let node_del = heap
            .class("NodeDel")
            .fields(&["idx", "mode"])
            .attr("log", log.clone())
            .attr("resurrected", resurrected.clone())
            .method("__del__", |heap, a| {
                let me = a.get(0)?;
                let idx = heap.getattr(me, "idx")?.as_int().unwrap_or(-1);
                let mode = heap.getattr(me, "mode")?.as_int().unwrap_or(0);
                log_line(heap, &heap.getattr(me, "log")?, format!("del{idx}"))?;
                match mode {
                    2 => heap.list_append(&heap.getattr(me, "resurrected")?, me)?,
                    3 => return Err(lethe::Error::RuntimeError("del failed".into())),
                    _ => {}
                }
                Ok(Value::None)
            })
            .build()
            .unwrap();
        let wvd = heap.weak_value_dict(&[]).unwrap();
        let wkd = heap.weak_key_dict(&[]).unwrap();
        let ws = heap.weak_set(&[]).unwrap();
        Real {
            keep,
            wvd,
            wkd,
            ws,
            heap,
            node,
            node_del,
            log,
            resurrected,
            handles: Vec::new(),
            refs: Vec::new(),
            fins: Vec::new(),
        }
    }

    fn callback(&self, label: String, mode: CbMode) -> Value {
        let heap = &self.heap;
        heap.closure(
            &label.clone(),
            &[self.log.clone(), self.node.clone(), self.keep.clone()],
            move |heap, a| {
                log_line(heap, &a.captures[0], label.clone())?;
                match mode {
                    CbMode::Fail => Err(lethe::Error::ValueError("callback failed".into())),
                    CbMode::Collect => {
                        let r = heap.collect();
                        if r.cycle != 0 || r.freed != 0 {
                            return Err(lethe::Error::RuntimeError(
                                "nested collect did something".into(),
                            ));
                        }
                        Ok(Value::None)
                    }
                    CbMode::Alloc => {
                        let n = heap.call(&a.captures[1], &[(-1).into(), 0.into()])?;
                        heap.weakref(&n, None)?;
                        Ok(Value::None)
                    }
                    CbMode::AllocCb => {
                        let n = heap.call(&a.captures[1], &[(-1).into(), 0.into()])?;
                        let inner = format!("inner{}", &label[3..]);
                        let cb = heap.closure(
                            &inner.clone(),
                            &[a.captures[0].clone()],
                            move |heap, a| {
                                log_line(heap, &a.captures[0], inner.clone())?;
                                Ok(Value::None)
                            },
                        )?;
                        let r = heap.weakref(&n, Some(&cb))?;
                        heap.list_append(&a.captures[2], &r)?;
                        Ok(Value::None)
                    }
                    _ => Ok(Value::None),
                }
            },
        )
        .unwrap()
    }
}

/// Picks the `i`-th (modulo) index whose flag is set.
/// Adds the new weakly referenceable object `v` to both sides, with the callback-less
/// probe ref through which the comparisons tell whether it was freed.
fn push_probed(
    m: &mut Model,
    r: &mut Real,
    v: Value,
    kind: ObjKind,
    edges: Vec<Option<usize>>,
    del: DelMode,
) -> Result<(), String> {
    let probe = r.heap.weakref(&v, None).map_err(|e| e.to_string())?;
    let ri = m.refs.len();
    m.refs.push(MRef {
        target: m.objs.len(),
        kind: RefKind::Ref,
        cb: CbMode::Absent,
        held: true,
        cleared: false,
        freed: false,
    });
    r.refs.push(Some(probe));
    m.objs.push(MObj {
        kind,
        edges,
        del,
        del_ran: false,
        freed: false,
        basic_ref: Some(ri),
        basic_proxy: None,
    });
    m.handles.push(true);
    r.handles.push(Some(v));
    Ok(())
}

fn pick(flags: impl Iterator<Item = bool>, i: u8) -> Option<usize> {
    let live: Vec<usize> = flags
        .enumerate()
        .filter(|(_, f)| *f)
        .map(|(k, _)| k)
        .collect();
    if live.is_empty() {
        None
    } else {
        Some(live[i as usize % live.len()])
    }
}

/// Runs `ops` on lethe and on the model; `Err` describes the first divergence.
pub fn check(ops: &[Op]) -> Result<(), String> {
    let mut m = Model::default();
    let mut r = Real::new();
    for (step, op) in ops.iter().enumerate() {
        let here = |msg: String| format!("op {step} ({op:?}): {msg}");
        match *op {
            Op::NewNode(del) => {
                let i = m.objs.len();
                let cls = if del == DelMode::Absent {
                    &r.node
                } else {
                    &r.node_del
                };
                let mode = DEL_MODES.iter().position(|d| *d == del).unwrap() as i64;
                let (idx, mode) = (Value::from(i as i64), Value::from(mode));
                let v = if del == DelMode::Absent {
                    r.heap.call(cls, &[idx, mode])
                } else {
                    r.heap.call_kw(cls, &[], &[("mode", mode), ("idx", idx)])
                }
                .map_err(|e| here(e.to_string()))?;
                push_probed(&mut m, &mut r, v, ObjKind::Node, vec![None; 3], del).map_err(here)?;
            }
            Op::NewDict => {
                let v = r.heap.dict(&[]).unwrap();
                m.objs.push(MObj {
                    kind: ObjKind::Dict,
                    edges: vec![None; 3],
                    del: DelMode::Absent,
                    del_ran: false,
                    freed: false,
                    basic_ref: None,
                    basic_proxy: None,
                });
                m.handles.push(true);
                r.handles.push(Some(v));
            }
            Op::NewFunc(capture) => {
                let i = m.objs.len();
                let captured = pick(m.handles.iter().copied(), capture);
                let captures: Vec<Value> = captured
                    .map(|c| r.handles[c].clone().unwrap())
                    .into_iter()
                    .collect();
                let v = r
                    .heap
                    .closure("f", &captures, |_, _| Ok(Value::None))
                    .map_err(|e| here(e.to_string()))?;
                r.heap.setattr(&v, "idx", &(i as i64).into()).unwrap();
                push_probed(
                    &mut m,
                    &mut r,
                    v,
                    ObjKind::Func,
                    vec![captured],
                    DelMode::Absent,
                )
                .map_err(here)?;
            }
            Op::NewList => {
                let v = r.heap.list(&[]).unwrap();
                m.objs.push(MObj {
                    kind: ObjKind::List,
                    edges: Vec::new(),
                    del: DelMode::Absent,
                    del_ran: false,
                    freed: false,
                    basic_ref: None,
                    basic_proxy: None,
                });
                m.handles.push(true);
                r.handles.push(Some(v));
            }
            Op::Link { from, to, slot } => {
                let (Some(a), Some(b)) = (
                    pick(m.handles.iter().copied(), from),
                    pick(m.handles.iter().copied(), to),
                ) else {
                    continue;
                };
                let (va, vb) = (r.handles[a].clone().unwrap(), r.handles[b].clone().unwrap());
                match m.objs[a].kind {
                    ObjKind::Node => {
                        let s = slot as usize % 3;
                        m.objs[a].edges[s] = Some(b);
                        r.heap
                            .setattr(&va, &format!("a{s}"), &vb)
                            .map_err(|e| here(e.to_string()))?;
                    }
                    ObjKind::List => {
                        m.objs[a].edges.push(Some(b));
                        r.heap
                            .list_append(&va, &vb)
                            .map_err(|e| here(e.to_string()))?;
                    }
                    ObjKind::Dict => {
                        let s = slot as usize % 3;
                        m.objs[a].edges[s] = Some(b);
                        r.heap
                            .setitem(&va, &(s as i64).into(), &vb)
                            .map_err(|e| here(e.to_string()))?;
                    }
                    ObjKind::Func => {}
                }
            }
            Op::Unlink { from, slot } => {
                let Some(a) = pick(m.handles.iter().copied(), from) else {
                    continue;
                };
                let va = r.handles[a].clone().unwrap();
                match m.objs[a].kind {
                    ObjKind::Node => {
                        let s = slot as usize % 3;
                        if m.objs[a].edges[s].take().is_some() {
                            r.heap
                                .delattr(&va, &format!("a{s}"))
                                .map_err(|e| here(e.to_string()))?;
                        }
                    }
                    ObjKind::List => {
                        if m.objs[a].edges.pop().is_some() {
                            r.heap
                                .delitem(&va, &(-1).into())
                                .map_err(|e| here(e.to_string()))?;
                        }
                    }
                    ObjKind::Dict => {
                        let s = slot as usize % 3;
                        if m.objs[a].edges[s].take().is_some() {
                            r.heap
                                .delitem(&va, &(s as i64).into())
                                .map_err(|e| here(e.to_string()))?;
                        }
                    }
                    ObjKind::Func => {}
                }
            }
            Op::DropHandle(i) => {
                let Some(a) = pick(m.handles.iter().copied(), i) else {
                    continue;
                };
                m.handles[a] = false;
                r.handles[a] = None;
            }
            Op::Ref { target, cb } | Op::Proxy { target, cb } => {
                let proxy = matches!(op, Op::Proxy { .. });
                let nodes = (0..m.objs.len()).map(|k| m.handles[k] && m.objs[k].kind.weakrefable());
                let Some(t) = pick(nodes, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                let ri = m.refs.len();
                let callback = (cb != CbMode::Absent).then(|| r.callback(format!("ref{ri}"), cb));
                let v = if proxy {
                    r.heap.proxy(&vt, callback.as_ref())
                } else {
                    r.heap.weakref(&vt, callback.as_ref())
                }
                .map_err(|e| here(e.to_string()))?;
                let shared = if proxy {
                    m.objs[t].basic_proxy
                } else {
                    m.objs[t].basic_ref
                };
                if cb == CbMode::Absent
                    && let Some(existing) = shared
                {
                    // Shared: the same object as before (held by the runner or not).
                    if r.refs[existing].as_ref().is_some_and(|e| !e.is(&v)) {
                        return Err(here("callback-less weak reference not shared".into()));
                    }
                    m.refs[existing].held = true;
                    r.refs[existing] = Some(v);
                    continue;
                }
                m.refs.push(MRef {
                    target: t,
                    kind: if proxy { RefKind::Proxy } else { RefKind::Ref },
                    cb,
                    held: true,
                    cleared: false,
                    freed: false,
                });
                r.refs.push(Some(v));
                if cb == CbMode::Absent {
                    if proxy {
                        m.objs[t].basic_proxy = Some(ri)
                    } else {
                        m.objs[t].basic_ref = Some(ri)
                    }
                }
            }
            Op::WeakMethod { target, cb } => {
                let nodes =
                    (0..m.objs.len()).map(|k| m.handles[k] && m.objs[k].kind == ObjKind::Node);
                let Some(t) = pick(nodes, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                // Any class method will do: give Node one on the fly via the class attr.
                let ri = m.refs.len();
                let bound = bound_method(&r.heap, &vt);
                let callback = cb.then(|| r.callback(format!("ref{ri}"), CbMode::Record));
                let v = r
                    .heap
                    .weak_method(&bound, callback.as_ref())
                    .map_err(|e| here(e.to_string()))?;
                drop(bound);
                m.refs.push(MRef {
                    target: t,
                    kind: RefKind::WeakMethod,
                    cb: if cb { CbMode::Record } else { CbMode::Absent },
                    held: true,
                    cleared: false,
                    freed: false,
                });
                r.refs.push(Some(v));
            }
            Op::DropRef(i) => {
                let held = (0..m.refs.len()).map(|k| r.refs[k].is_some());
                let Some(k) = pick(held, i) else { continue };
                m.refs[k].held = false;
                r.refs[k] = None;
            }
            Op::Finalize(target) => {
                let nodes =
                    (0..m.objs.len()).map(|k| m.handles[k] && m.objs[k].kind == ObjKind::Node);
                let Some(t) = pick(nodes, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                let fi = m.fins.len();
                let ri = m.refs.len();
                let func = r.callback(format!("fin{fi}"), CbMode::Absent);
                let v = r
                    .heap
                    .finalize(&vt, &func, &[], &[])
                    .map_err(|e| here(e.to_string()))?;
                m.refs.push(MRef {
                    target: t,
                    kind: RefKind::Finalizer(fi),
                    cb: CbMode::Absent,
                    held: true,
                    cleared: false,
                    freed: false,
                });
                r.refs.push(None);
                m.fins.push(MFin {
                    target: t,
                    weakref: ri,
                    in_registry: true,
                    held: true,
                    freed: false,
                });
                r.fins.push(Some(v));
            }
            Op::FinalizerCall(i) | Op::FinalizerDetach(i) | Op::DropFinalizer(i) => {
                let held = (0..m.fins.len()).map(|k| r.fins[k].is_some());
                let Some(k) = pick(held, i) else { continue };
                let f = r.fins[k].clone().unwrap();
                match op {
                    Op::FinalizerCall(_) => {
                        r.heap.call(&f, &[]).map_err(|e| here(e.to_string()))?;
                        if m.fins[k].in_registry {
                            m.fins[k].in_registry = false;
                            m.log.push(format!("fin{k}"));
                        }
                    }
                    Op::FinalizerDetach(_) => {
                        let info = r
                            .heap
                            .finalizer_detach(&f)
                            .map_err(|e| here(e.to_string()))?;
                        let expect = m.fins[k].in_registry && !m.objs[m.fins[k].target].freed;
                        if info.is_some() != expect {
                            return Err(here(format!(
                                "detach returned {:?}, model says alive={expect}",
                                info.is_some()
                            )));
                        }
                        m.fins[k].in_registry = false;
                    }
                    _ => {
                        m.fins[k].held = false;
                        r.fins[k] = None;
                    }
                }
            }
            Op::WvdSet { key, target } => {
                let Some(t) = pick_node(&m, target) else {
                    continue;
                };
                let key = i64::from(key % 8);
                let vt = r.handles[t].clone().unwrap();
                r.heap
                    .setitem(&r.wvd, &key.into(), &vt)
                    .map_err(|e| here(e.to_string()))?;
                let ri = m.container_ref(t);
                match m.wvd.iter_mut().find(|e| e.0 == key) {
                    Some(e) => {
                        m.refs[e.2].held = false;
                        e.1 = t;
                        e.2 = ri;
                    }
                    None => m.wvd.push((key, t, ri)),
                }
                r.refs.push(None);
            }
            Op::WvdDel(key) => {
                let key = i64::from(key % 8);
                let Some(pos) = m.wvd.iter().position(|e| e.0 == key) else {
                    continue;
                };
                r.heap
                    .delitem(&r.wvd, &key.into())
                    .map_err(|e| here(e.to_string()))?;
                let (_, _, ri) = m.wvd.remove(pos);
                m.refs[ri].held = false;
            }
            Op::WkdSet { target, value } => {
                let Some(t) = pick_node(&m, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                r.heap
                    .setitem(&r.wkd, &vt, &i64::from(value).into())
                    .map_err(|e| here(e.to_string()))?;
                match m.wkd.iter_mut().find(|e| e.0 == t) {
                    Some(e) => e.1 = i64::from(value),
                    None => {
                        let ri = m.container_ref(t);
                        r.refs.push(None);
                        m.wkd.push((t, i64::from(value), ri));
                    }
                }
            }
            Op::WkdDel(target) => {
                let Some(t) = pick_node(&m, target) else {
                    continue;
                };
                let Some(pos) = m.wkd.iter().position(|e| e.0 == t) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                r.heap
                    .delitem(&r.wkd, &vt)
                    .map_err(|e| here(e.to_string()))?;
                let (_, _, ri) = m.wkd.remove(pos);
                m.refs[ri].held = false;
            }
            Op::WsAdd(target) => {
                let Some(t) = pick_node(&m, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                r.heap
                    .set_add(&r.ws, &vt)
                    .map_err(|e| here(e.to_string()))?;
                if !m.ws.iter().any(|e| e.0 == t) {
                    let ri = m.container_ref(t);
                    r.refs.push(None);
                    m.ws.push((t, ri));
                }
            }
            Op::WsDiscard(target) => {
                let Some(t) = pick_node(&m, target) else {
                    continue;
                };
                let vt = r.handles[t].clone().unwrap();
                r.heap
                    .discard(&r.ws, &vt)
                    .map_err(|e| here(e.to_string()))?;
                if let Some(pos) = m.ws.iter().position(|e| e.0 == t) {
                    let (_, ri) = m.ws.remove(pos);
                    m.refs[ri].held = false;
                }
            }
            Op::IterCollect(which) => {
                let which = which % 3;
                let c = [&r.wvd, &r.wkd, &r.ws][which as usize].clone();
                let model_keys = |m: &Model| -> Vec<String> {
                    match which {
                        0 => m.wvd.iter().map(|e| format!("k{}", e.0)).collect(),
                        1 => m.wkd.iter().map(|e| format!("o{}", e.0)).collect(),
                        _ => m.ws.iter().map(|e| format!("o{}", e.0)).collect(),
                    }
                };
                let before = model_keys(&m);
                let mut it = r.heap.weak_iter(&c).map_err(|e| here(e.to_string()))?;
                let first = match it.next() {
                    None => None,
                    Some(v) => Some(v.map_err(|e| here(e.to_string()))?),
                };
                let first_label = first.as_ref().map(|v| describe(&r.heap, v));
                // A dictionary gives its first entry; a WeakSet any member (its order
                // is its table's, compared with CPython's by `cpython_differential`'s
                // `wsorder_random`, not modelled here).
                let first_ok = match (&first_label, which) {
                    (Some(l), 2) => before.contains(l),
                    (l, _) => l.as_ref() == before.first(),
                };
                if !first_ok {
                    return Err(here(format!(
                        "first item {first_label:?}, model {:?}",
                        before.first()
                    )));
                }
                // The item just yielded is held by the application during the collection.
                m.extra_root = match which {
                    1 | 2 => first_label.as_ref().and_then(|l| l[1..].parse().ok()),
                    _ => None,
                };
                let exp = m.collect();
                let report = r.heap.collect();
                m.extra_root = None;
                check_report(&report, &exp).map_err(here)?;
                let mut rest: Vec<String> = it
                    .map(|v| v.map(|v| describe(&r.heap, &v)))
                    .collect::<Result<_, _>>()
                    .map_err(|e| here(e.to_string()))?;
                let after = model_keys(&m);
                let mut want: Vec<String> = after
                    .into_iter()
                    .filter(|k| Some(k) != first_label.as_ref())
                    .collect();
                if which == 2 {
                    rest.sort();
                    want.sort();
                }
                if rest != want {
                    return Err(here(format!(
                        "iterator yielded {rest:?} after the collection, model {want:?}"
                    )));
                }
                drop(first);
                compare(&m, &r).map_err(here)?;
            }
            Op::Collect | Op::Steps(_) => {
                let exp = m.collect();
                let report = match *op {
                    Op::Steps(budget) => {
                        let mut n = 0u64;
                        loop {
                            if let Some(rep) = r.heap.step(f64::from(budget)) {
                                break rep;
                            }
                            n += 1;
                            if n > 10_000_000 {
                                return Err(here("stepping never completed a cycle".into()));
                            }
                        }
                    }
                    _ => r.heap.collect(),
                };
                check_report(&report, &exp).map_err(here)?;
                compare(&m, &r).map_err(here)?;
            }
        }
        compare_log(&m, &r).map_err(|e| format!("op {step} ({op:?}): {e}"))?;
    }
    Ok(())
}

fn check_report(report: &lethe::CollectReport, exp: &Expected) -> Result<(), String> {
    let got = Expected {
        callbacks: report.callbacks_run,
        finalizers: report.finalizers_run,
        dels: report.dels_run,
        errors: report.errors.len(),
    };
    if got != *exp {
        return Err(format!("report {got:?}, model {exp:?}"));
    }
    Ok(())
}

/// `k<int>` for an int key, `o<idx>` for a node (by its `idx` attribute).
fn describe(heap: &Heap, v: &Value) -> String {
    match v {
        Value::Int(i) => format!("k{i}"),
        _ => format!(
            "o{}",
            heap.getattr(v, "idx")
                .ok()
                .and_then(|i| i.as_int())
                .unwrap_or(-1)
        ),
    }
}

/// A weakly referenceable object (node or function) the application holds, picked
/// by `i`.
fn pick_node(m: &Model, i: u8) -> Option<usize> {
    pick(
        (0..m.objs.len()).map(|k| m.handles[k] && m.objs[k].kind.weakrefable()),
        i,
    )
}

fn bound_method(heap: &Heap, v: &Value) -> Value {
    // `Node.m` exists on both classes (set up lazily here on first use).
    if !heap.hasattr(v, "m").unwrap() {
        let cls = heap.getattr(v, "__class__").unwrap();
        let f = heap.function("m", |_, _| Ok(Value::None));
        heap.setattr(&cls, "m", &f).unwrap();
    }
    heap.getattr(v, "m").unwrap()
}

fn compare_log(m: &Model, r: &Real) -> Result<(), String> {
    let got: Vec<String> = r
        .heap
        .iter(&r.log)
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or("?").to_string())
        .collect();
    if got != m.log {
        return Err(format!("log {got:?}, model {:?}", m.log));
    }
    Ok(())
}

/// A weak dictionary's items, described, against the model's.
fn compare_pairs(
    r: &Real,
    d: &Value,
    model: &[(String, String)],
    what: &str,
) -> Result<(), String> {
    let got: Vec<(String, String)> = r
        .heap
        .items(d)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|(k, v)| (describe(&r.heap, k), describe(&r.heap, v)))
        .collect();
    if got != model {
        return Err(format!("{what} {got:?}, model {model:?}"));
    }
    Ok(())
}

fn compare(m: &Model, r: &Real) -> Result<(), String> {
    compare_log(m, r)?;
    r.heap.verify().map_err(|e| e.to_string())?;
    // Every weak reference the runner holds: dead exactly when the model cleared it.
    for (k, mr) in m.refs.iter().enumerate() {
        let Some(v) = r.refs[k].as_ref() else {
            continue;
        };
        let dead = r.heap.referent(v).map_err(|e| e.to_string())?.is_none();
        if dead != mr.cleared {
            return Err(format!(
                "ref{k} (to obj {}) dead={dead}, model cleared={}",
                mr.target, mr.cleared
            ));
        }
    }
    // Live nodes by the heap's own count.
    let stats = r.heap.stats();
    let count = |name: &str| {
        stats
            .by_type
            .iter()
            .find(|(n, _)| n == name)
            .map_or(0, |(_, c)| *c)
    };
    let model_nodes = |del: bool| {
        m.objs
            .iter()
            .filter(|o| o.kind == ObjKind::Node && !o.freed && (o.del != DelMode::Absent) == del)
            .count()
    };
    if count("Node") != model_nodes(false) || count("NodeDel") != model_nodes(true) {
        return Err(format!(
            "live nodes {}+{}, model {}+{}",
            count("Node"),
            count("NodeDel"),
            model_nodes(false),
            model_nodes(true)
        ));
    }
    let resurrected = r.heap.len(&r.resurrected).unwrap();
    if resurrected != m.resurrected.len() {
        return Err(format!(
            "resurrected {resurrected}, model {}",
            m.resurrected.len()
        ));
    }
    // The dictionaries' contents, in insertion order.
    let model_wvd: Vec<(String, String)> = m
        .wvd
        .iter()
        .map(|e| (format!("k{}", e.0), format!("o{}", e.1)))
        .collect();
    compare_pairs(r, &r.wvd, &model_wvd, "WeakValueDictionary")?;
    let model_wkd: Vec<(String, String)> = m
        .wkd
        .iter()
        .map(|e| (format!("o{}", e.0), format!("k{}", e.1)))
        .collect();
    compare_pairs(r, &r.wkd, &model_wkd, "WeakKeyDictionary")?;
    // (A WeakSet's members compared as a set: its order is its table's.)
    let mut ws: Vec<String> = r
        .heap
        .iter(&r.ws)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| describe(&r.heap, v))
        .collect();
    let mut model_ws: Vec<String> = m.ws.iter().map(|e| format!("o{}", e.0)).collect();
    ws.sort();
    model_ws.sort();
    if ws != model_ws {
        return Err(format!("WeakSet {ws:?}, model {model_ws:?}"));
    }
    for (c, n) in [
        (&r.wvd, model_wvd.len()),
        (&r.wkd, model_wkd.len()),
        (&r.ws, model_ws.len()),
    ] {
        let len = r.heap.len(c).map_err(|e| e.to_string())?;
        if len != n {
            return Err(format!("len {len}, model {n}"));
        }
    }
    // getweakrefcount of every object the application holds.
    for (i, h) in r.handles.iter().enumerate() {
        let Some(v) = h else { continue };
        if !m.objs[i].kind.weakrefable() {
            continue;
        }
        let got = r.heap.getweakrefcount(v).unwrap();
        let want = m.weakref_count(i);
        if got != want {
            return Err(format!("getweakrefcount(obj {i}) = {got}, model {want}"));
        }
    }
    // Finalizers the application holds.
    for (k, f) in r.fins.iter().enumerate() {
        let Some(f) = f else { continue };
        let alive = r.heap.finalizer_alive(f).unwrap();
        if alive != m.fins[k].in_registry {
            return Err(format!(
                "fin{k} alive={alive}, model {}",
                m.fins[k].in_registry
            ));
        }
    }
    Ok(())
}
