//! A plugin host: plugins hold native resources released by `finalize`, subscribe to
//! the host's events through `WeakMethod`s, are unloaded by dropping them, and are
//! collected a step at a time in the host's frame loop.
//!
//! An editor runs plugins. Each plugin is a lethe instance; loading one opens a
//! connection (a native resource the host owns, by port) that must be closed when
//! the plugin goes, however it goes: unloaded, caught in a cycle with another
//! plugin, or still loaded at exit. That is `weakref.finalize(plugin, close, port)`:
//! the finalizer holds the port, not the plugin, and runs when the plugin is
//! collected, or at shutdown. A plugin subscribes its `on_event` method to the host's
//! event bus; the bus holds `WeakMethod`s, so that a subscription never keeps a
//! plugin loaded, and drops a subscription whose plugin is gone. The host calls
//! [`Heap::step`] once per frame, so a collection's work is spread over frames with a
//! bounded pause each, and it knows from the step's [`lethe::CollectReport`] when a
//! collection has finished.
//!
//! An unloaded plugin is *eligible*: it keeps receiving events until a collection
//! frees it. A collection spans frames, one bounded step each, and what the host
//! drops while one is marking may already be marked: the plugin unloaded in frame 2
//! outlives the collection that ends in that frame and is freed by the next. From
//! the step that frees it, its `WeakMethod` reads dead (the bus drops the
//! subscription); its finalizer runs in the step that ends that collection's sweep.
//! Two plugins that refer to each other are freed by one collection, both
//! finalizers running; a plugin still loaded at exit is finalized by
//! [`Heap::shutdown`]. A plugin whose method fails is reported and the dispatch goes
//! on.
//!
//! ```text
//! cargo run --example plugin_host
//! RUST_LOG=lethe=debug cargo run --example plugin_host    # with the collector's log
//! ```
//!
//! `runtime-tests/examples.rs` checks its output against `examples/plugin_host.expected`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use lethe::{DEFAULT_STEP_BUDGET, Error, Heap, Result, Value};

/// What the host prints, in order: written by the host, the plugins' methods and the
/// finalizers.
type Log = Rc<RefCell<Vec<String>>>;

/// A native resource a plugin holds (a socket, a file, a GPU buffer…), owned by the
/// host and closed by the finalizer of the plugin that opened it.
struct Connection {
    plugin: String,
}

struct Host<'h> {
    heap: &'h Heap,
    plugin_class: Value,
    /// The open connections, by port.
    connections: Rc<RefCell<BTreeMap<i64, Connection>>>,
    /// `close(port)`: what every plugin's finalizer calls.
    close: Value,
    /// The event bus: each subscriber's name and its `on_event` as a `WeakMethod`.
    subscribers: Vec<(String, Value)>,
    next_port: i64,
    log: Log,
}

impl<'h> Host<'h> {
    fn new(heap: &'h Heap, log: &Log) -> Result<Self> {
        let plugin_log = log.clone();
        let plugin_class = heap
            .class("Plugin")
            .fields(&["name"])
            .method("on_event", move |heap, args| {
                let name = heap.str(&heap.getattr(args.get(0)?, "name")?)?;
                let event = heap.str(args.get(1)?)?;
                if name == "linter" {
                    return Err(Error::ValueError("config file is missing".into()));
                }
                plugin_log
                    .borrow_mut()
                    .push(format!("    {name} handles {event}"));
                Ok(Value::None)
            })
            .build()?;
        let connections: Rc<RefCell<BTreeMap<i64, Connection>>> = Rc::default();
        let (open, close_log) = (connections.clone(), log.clone());
        // Holds no handle to a heap object (only the host's own data): a native
        // function's captured handles would be roots.
        let close = heap.function("close", move |_, args| {
            let port = args.int(0)?;
            let Some(c) = open.borrow_mut().remove(&port) else {
                return Err(Error::RuntimeError(format!("port {port} is not open")));
            };
            close_log
                .borrow_mut()
                .push(format!("    finalizer: closed port {port} of {}", c.plugin));
            Ok(Value::None)
        });
        Ok(Host {
            heap,
            plugin_class,
            connections,
            close,
            subscribers: Vec::new(),
            next_port: 7001,
            log: log.clone(),
        })
    }

    fn say(&self, line: String) {
        self.log.borrow_mut().push(line);
    }

    /// Loads a plugin: makes it, opens its connection, registers the finalizer that
    /// closes it, and subscribes its `on_event`. The host's handle is the plugin.
    fn load(&mut self, name: &str) -> Result<Value> {
        let heap = self.heap;
        let plugin = heap.call(&self.plugin_class, &[name.into()])?;
        let port = self.next_port;
        self.next_port += 1;
        let connection = Connection {
            plugin: name.to_string(),
        };
        self.connections.borrow_mut().insert(port, connection);
        // The finalizer holds the port, never the plugin (which would keep it alive).
        heap.finalize(&plugin, &self.close, &[port.into()], &[])?;
        let on_event = heap.getattr(&plugin, "on_event")?;
        let subscription = heap.weak_method(&on_event, None)?;
        self.subscribers.push((name.to_string(), subscription));
        self.say(format!("  loaded {name} (port {port})"));
        Ok(plugin)
    }

    /// Sends `event` to every live subscriber, in subscription order; drops the
    /// subscriptions whose plugin is gone. A plugin that fails does not stop the rest.
    fn dispatch(&mut self, event: &str) -> Result<()> {
        let heap = self.heap;
        self.say(format!("  dispatch {event}"));
        let mut live = Vec::with_capacity(self.subscribers.len());
        for (name, subscription) in std::mem::take(&mut self.subscribers) {
            let method = heap.call(&subscription, &[])?;
            if method.is_none() {
                self.say(format!("    {name}: gone, unsubscribed"));
                continue;
            }
            if let Err(e) = heap.call(&method, &[event.into()]) {
                self.say(format!("    {name} failed: {e}"));
            }
            live.push((name, subscription));
        }
        self.subscribers = live;
        Ok(())
    }

    /// One bounded step of collection, as the host's frame ends.
    fn end_frame(&self) {
        if let Some(report) = self.heap.step(DEFAULT_STEP_BUDGET) {
            let open: Vec<String> = self
                .connections
                .borrow()
                .keys()
                .map(|p| p.to_string())
                .collect();
            self.say(format!(
                "  collection finished: {} finalizers run, {} errors; open ports: [{}]",
                report.finalizers_run,
                report.errors.len(),
                open.join(", ")
            ));
        }
    }
}

/// Runs the host's session; returns what it printed.
pub fn run() -> Result<String> {
    let log: Log = Rc::default();
    let heap = Heap::new();
    let mut host = Host::new(&heap, &log)?;
    let mut loaded: BTreeMap<&str, Value> = BTreeMap::new();
    for frame in 1..=8 {
        host.say(format!("frame {frame}"));
        match frame {
            1 => {
                for name in ["spellcheck", "autosave", "minimap"] {
                    loaded.insert(name, host.load(name)?);
                }
            }
            2 => {
                host.say("  unload autosave".into());
                loaded.remove("autosave");
            }
            3 => {
                host.say("  spellcheck.peer = minimap; minimap.peer = spellcheck".into());
                heap.setattr(&loaded["spellcheck"], "peer", &loaded["minimap"])?;
                heap.setattr(&loaded["minimap"], "peer", &loaded["spellcheck"])?;
            }
            4 => {
                host.say("  unload spellcheck and minimap (a cycle)".into());
                loaded.remove("spellcheck");
                loaded.remove("minimap");
            }
            5 => {
                loaded.insert("linter", host.load("linter")?);
            }
            _ => {}
        }
        host.dispatch(&format!("tick {frame}"))?;
        host.end_frame();
    }
    host.say("exit".into());
    let stats = heap.stats();
    host.say(format!(
        "  {} finalizers pending; shutdown runs them, newest first",
        stats.pending_finalizers
    ));
    let errors = heap.shutdown();
    host.say(format!("  shutdown: {} errors", errors.len()));
    drop(loaded);
    let out = log.borrow().join("\n");
    Ok(out + "\n")
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    print!("{}", run()?);
    Ok(())
}
