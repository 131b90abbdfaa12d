//! ex01_ref.py: `weakref.ref`, dereferencing, and a dead reference after collection.

use lethe::{Heap, Result};

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
    let e1_weak = heap.weakref(&employee1, None)?;
    println!("\nWeak Reference : {}", fmt(&heap, &e1_weak)?);
    let empl1 = heap.call(&e1_weak, &[])?;
    println!(
        "\nEmployee Details (Instance Created through Weakref) : {}",
        fmt(&heap, &empl1)?
    );
    println!(
        "\nType of Employee (empl1) : {}",
        fmt(&heap, &heap.type_of(&empl1)?)?
    );
    println!(
        "\nIs empl1 and employee1 same? : {}",
        if empl1.is(&employee1) {
            "True"
        } else {
            "False"
        }
    );
    drop((employee1, empl1)); // del employee1, empl1
    heap.collect();
    println!(
        "\nWeak Reference after deletion of both references : {}",
        fmt(&heap, &e1_weak)?
    );
    println!(
        "\nEmployee Details (Weakref) : {}",
        fmt(&heap, &heap.call(&e1_weak, &[])?)?
    );
    Ok(())
}
