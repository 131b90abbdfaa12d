//! ex05_proxy_callbacks.py: three proxies with callbacks; the newest runs first.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let callback1 = heap.function("callback1", |_, _weakrf| {
        println!("\nFirst Callback Executed.");
        Ok(Value::None)
    });
    let callback2 = heap.function("callback2", |_, _weakrf| {
        println!("\nSecond Callback Executed.");
        Ok(Value::None)
    });
    let callback3 = heap.function("callback3", |_, _weakrf| {
        println!("\nThird Callback Executed.");
        Ok(Value::None)
    });
    let e1_weak1 = heap.proxy(&employee1, Some(&callback1))?;
    let e1_weak3 = heap.proxy(&employee1, Some(&callback3))?;
    let e1_weak2 = heap.proxy(&employee1, Some(&callback2))?;
    println!(
        "Employee Details (Weakref-e1_weak1) : {}",
        fmt(&heap, &e1_weak1)?
    );
    println!(
        "\nEmployee Details (Weakref-e1_weak2) : {}",
        fmt(&heap, &e1_weak2)?
    );
    println!(
        "\nEmployee Details (Weakref-e1_weak3) : {}",
        fmt(&heap, &e1_weak3)?
    );
    drop(employee1); // del employee1
    heap.collect();
    Ok(())
}
