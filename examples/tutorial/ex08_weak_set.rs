//! ex08_weak_set.py: a `WeakSet` of employees; its `.data`, iterating over it, a
//! member leaving when collected, and `add`.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

/// `[value.name for value in weak_set]`, printed as a Python list.
fn member_names(heap: &Heap, weak_set: &Value) -> Result<String> {
    let mut names = Vec::new();
    for value in heap.weak_iter(weak_set)? {
        names.push(heap.getattr(&value?, "name")?);
    }
    fmt(heap, &heap.list(&names)?)
}

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let employee3 = employee(&heap, &employee_cls, 789, "Russell", 40)?;
    let weak_set = heap.weak_set(&[employee1.clone(), employee2.clone(), employee3.clone()])?;
    println!("Weak Set : {}\n", fmt(&heap, &heap.weak_data(&weak_set)?)?);
    for value in heap.weak_iter(&weak_set)? {
        println!("{}", fmt(&heap, &value?)?);
    }
    println!("\nWeakset Values : {}\n", member_names(&heap, &weak_set)?);
    drop(employee1); // del employee1
    heap.collect();
    println!("Weakset Values : {}\n", member_names(&heap, &weak_set)?);
    let employee4 = employee(&heap, &employee_cls, 135, "Peter", 32)?;
    heap.set_add(&weak_set, &employee4)?;
    println!("Weakset Values : {}\n", member_names(&heap, &weak_set)?);
    Ok(())
}
