//! ex04_proxy.py: a proxy forwards to its referent and raises `ReferenceError`
//! once the referent is collected.

use lethe::{Builtin, Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    println!(
        "Type of Employee (employee1) : {}",
        fmt(&heap, &heap.type_of(&employee1)?)?
    );
    println!("\nEmployee Details (Normal) : {}", fmt(&heap, &employee1)?);
    let e1_weak = heap.proxy(&employee1, None)?;
    println!(
        "\nType of Employee (e1_weak) : {}",
        fmt(&heap, &heap.type_of(&e1_weak)?)?
    );
    let is_proxy = heap.isinstance(&e1_weak, &heap.builtin(Builtin::Proxy))?;
    println!(
        "\nIs e1_weak proxy ? : {}",
        fmt(&heap, &Value::from(is_proxy))?
    );
    let is_proxy = heap.isinstance(&e1_weak, &heap.proxy_types()?)?;
    println!(
        "\nIs e1_weak proxy ? : {}",
        fmt(&heap, &Value::from(is_proxy))?
    );
    println!("\nEmployee Details (Weakref) : {}", fmt(&heap, &e1_weak)?);
    drop(employee1); // del employee1
    heap.collect();
    match fmt(&heap, &e1_weak) {
        Ok(details) => println!("\nWeak Reference after deletion of both references : {details}"),
        Err(e) => println!(
            "\nError : {} : Access to weak referenced object failed.",
            e.type_name()
        ),
    }
    Ok(())
}
