//! ex02_ref_callbacks.py: three refs with callbacks; the newest runs first.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let callback = |label: &'static str| {
        heap.function(&format!("callback_{label}"), move |heap, args| {
            println!(
                "\n{label} Callback Executed. Weakref : {}",
                fmt(heap, args.get(0)?)?
            );
            Ok(Value::None)
        })
    };
    let callback1 = callback("First");
    let callback2 = callback("Second");
    let callback3 = callback("Third");
    let e1_weak1 = heap.weakref(&employee1, Some(&callback1))?;
    let e1_weak3 = heap.weakref(&employee1, Some(&callback3))?;
    let e1_weak2 = heap.weakref(&employee1, Some(&callback2))?;
    println!(
        "Employee Details (Weakref-e1_weak1) : {}",
        fmt(&heap, &heap.call(&e1_weak1, &[])?)?
    );
    println!(
        "\nEmployee Details (Weakref-e1_weak2) : {}",
        fmt(&heap, &heap.call(&e1_weak2, &[])?)?
    );
    println!(
        "\nEmployee Details (Weakref-e1_weak3) : {}",
        fmt(&heap, &heap.call(&e1_weak3, &[])?)?
    );
    drop(employee1); // del employee1
    heap.collect();
    Ok(())
}
