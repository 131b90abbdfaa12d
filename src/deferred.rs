//! Rust values that heap objects own (payloads, native functions' closures), whose drop
//! is deferred until the heap is not in the middle of a sweep or a borrow.
//!
//! Invariant: such a value is never dropped while gc-arena is sweeping (the arena is
//! borrowed mutably then) or while lethe holds a borrow of an object: its `Drop` might
//! call back into the heap. When its owner goes, it moves to the heap's graveyard, which
//! the heap empties at points where user code may run (after each sweep step, after
//! replacing a payload, and when the heap is dropped, after its arena). A drop that
//! panics is caught there; the others still run.

use std::any::Any;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Values waiting to be dropped: the heap's (its last field to go, after the arena
/// whose freed objects' values it receives). When the heap is dropped, it drops what
/// is left as [`drain`] does, so that a panicking drop does not escape the heap's
/// drop; as nobody is left to report to, each such panic is a `WARN` event.
#[derive(Default)]
pub(crate) struct Graveyard(Rc<RefCell<Vec<Box<dyn Any>>>>);

impl Drop for Graveyard {
    fn drop(&mut self) {
        for message in drain(self) {
            tracing::warn!(
                target: "lethe",
                "Exception ignored in: <payload of an object freed with its heap>\n\
                 SystemError: a payload's drop panicked: {message}"
            );
        }
    }
}

/// A value whose drop goes through the graveyard.
pub(crate) struct Deferred<T: 'static> {
    value: Option<T>,
    graveyard: Weak<RefCell<Vec<Box<dyn Any>>>>,
}

impl<T: 'static> Deferred<T> {
    pub(crate) fn new(value: T, graveyard: &Graveyard) -> Deferred<T> {
        Deferred {
            value: Some(value),
            graveyard: Rc::downgrade(&graveyard.0),
        }
    }

    pub(crate) fn get(&self) -> &T {
        self.value
            .as_ref()
            .expect("a deferred value is present until it is dropped")
    }
}

impl<T: 'static> Drop for Deferred<T> {
    fn drop(&mut self) {
        let Some(value) = self.value.take() else {
            return;
        };
        if let Some(graveyard) = self.graveyard.upgrade()
            && let Ok(mut g) = graveyard.try_borrow_mut()
        {
            g.push(Box::new(value));
        }
        // Otherwise the heap itself is gone (or draining): drop it here.
    }
}

/// Drops everything in the graveyard (and whatever those drops bury in turn). A drop
/// that panics is caught, the others still run, and its message is returned.
pub(crate) fn drain(graveyard: &Graveyard) -> Vec<String> {
    let mut panics = Vec::new();
    loop {
        let dead = std::mem::take(&mut *graveyard.0.borrow_mut());
        if dead.is_empty() {
            return panics;
        }
        for value in dead {
            let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
                drop(value);
            }));
            if let Err(panic) = dropped {
                panics.push(crate::native::panic_message(&*panic));
            }
        }
    }
}
