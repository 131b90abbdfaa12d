//! The `Employee` class every program defines, and Python's `print`.

use lethe::{ClassBuilder, Heap, Result, Value};

/// `class Employee` with `__init__(self, emp_id, name, age)` and
/// `__repr__` giving `"{emp_id} : {name} : {age}"`.
pub fn employee_class(heap: &Heap) -> Result<Value> {
    employee_class_builder(heap).build()
}

/// The `Employee` class before `build()`, for programs that add methods to it.
pub fn employee_class_builder(heap: &Heap) -> ClassBuilder<'_> {
    heap.class("Employee")
        .method("__init__", |heap, args| {
            let this = args.get(0)?;
            heap.setattr(this, "emp_id", args.get(1)?)?;
            heap.setattr(this, "name", args.get(2)?)?;
            heap.setattr(this, "age", args.get(3)?)?;
            Ok(Value::None)
        })
        .method("__repr__", |heap, args| {
            let this = args.get(0)?;
            Ok(format!(
                "{} : {} : {}",
                heap.str(&heap.getattr(this, "emp_id")?)?,
                heap.str(&heap.getattr(this, "name")?)?,
                heap.str(&heap.getattr(this, "age")?)?
            )
            .into())
        })
}

/// `Employee(emp_id, name, age)`.
pub fn employee(heap: &Heap, class: &Value, emp_id: i64, name: &str, age: i64) -> Result<Value> {
    heap.call(class, &[emp_id.into(), name.into(), age.into()])
}

/// Python's `str.format` of one value: `str(v)`.
pub fn fmt(heap: &Heap, v: &Value) -> Result<String> {
    heap.str(v)
}
