//! Weak containers (WeakValueDictionary, WeakKeyDictionary, WeakSet). Placeholder
//! while the containers are being built (issue 4): every operation reports that.

use gc_arena::{Collect, Static};

use crate::dict::Table;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct ContainerData<'gc> {
    pub kind: Static<Builtin>,
    pub table: Table<'gc>,
}

impl ContainerData<'_> {
    pub(crate) fn builtin(&self) -> Builtin {
        self.kind.0
    }
    pub(crate) fn visible_len(&self) -> usize {
        self.table.len()
    }
}

fn todo() -> Error {
    Error::RuntimeError("weak containers are not implemented yet".into())
}

impl Heap {
    pub(crate) fn construct_container(&self, _b: Builtin, _src: Option<&Value>) -> Result<Value> {
        Err(todo())
    }
    pub(crate) fn is_weak_container(&self, _v: &Value) -> Result<bool> {
        Ok(false)
    }
    pub(crate) fn container_members(&self, _v: &Value) -> Result<Vec<Value>> {
        Err(todo())
    }
    pub(crate) fn container_items(&self, _v: &Value) -> Result<Vec<(Value, Value)>> {
        Err(todo())
    }
    pub(crate) fn container_getitem(&self, _c: &Value, _k: &Value) -> Result<Value> {
        Err(todo())
    }
    pub(crate) fn container_setitem(&self, _c: &Value, _k: &Value, _v: &Value) -> Result<()> {
        Err(todo())
    }
    pub(crate) fn container_delitem(&self, _c: &Value, _k: &Value) -> Result<()> {
        Err(todo())
    }
    pub(crate) fn container_contains(&self, _c: &Value, _k: &Value) -> Result<bool> {
        Err(todo())
    }
    pub(crate) fn weakset_add(&self, _c: &Value, _k: &Value) -> Result<()> {
        Err(todo())
    }
}
