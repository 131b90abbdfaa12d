//! ex09_function_ref.py: a weak reference to a function.

use lethe::{Heap, Result, Value};

use crate::common::fmt;

/// `def addition(a, b)`: `a + b` for numbers, else `None`.
pub fn addition(heap: &Heap) -> Value {
    heap.function("addition", |_, args| {
        Ok(match (args.get(0)?, args.get(1)?) {
            (Value::Int(a), Value::Int(b)) => Value::Int(a + b),
            (Value::Int(a), Value::Float(b)) => Value::Float(*a as f64 + b),
            (Value::Float(a), Value::Int(b)) => Value::Float(a + *b as f64),
            (Value::Float(a), Value::Float(b)) => Value::Float(a + b),
            _ => Value::None,
        })
    })
}

/// `weak_method()(10, 20) if weak_method() else None`.
fn add_through(heap: &Heap, weak_method: &Value) -> Result<Value> {
    let function = heap.call(weak_method, &[])?;
    if heap.truthy(&function)? {
        heap.call(&function, &[10.into(), 20.into()])
    } else {
        Ok(Value::None)
    }
}

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let addition = addition(&heap);
    let weak_method = heap.weakref(&addition, None)?;
    println!("Method Weak Ref : {}", fmt(&heap, &weak_method)?);
    println!(
        "\nAddition of {} & {} is {}",
        10,
        20,
        fmt(&heap, &add_through(&heap, &weak_method)?)?
    );
    drop(addition); // del addition
    heap.collect();
    println!(
        "\nAddition of {} & {} is {}",
        20,
        20,
        fmt(&heap, &add_through(&heap, &weak_method)?)?
    );
    Ok(())
}
