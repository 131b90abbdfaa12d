//! ex06_weak_key_dictionary.py: a `WeakKeyDictionary` of employees to names; its
//! `.data`, its `keyrefs()`, an entry leaving with its key, and `update`.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

/// `[key().name for key in weak_key_dict.keyrefs()]`, printed as a Python list.
fn key_names(heap: &Heap, weak_key_dict: &Value) -> Result<String> {
    let mut names = Vec::new();
    for key in heap.keyrefs(weak_key_dict)? {
        names.push(heap.getattr(&heap.call(&key, &[])?, "name")?);
    }
    fmt(heap, &heap.list(&names)?)
}

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let employee3 = employee(&heap, &employee_cls, 789, "Russell", 40)?;
    let weak_key_dict = heap.weak_key_dict(&[
        (employee1.clone(), heap.getattr(&employee1, "name")?),
        (employee2.clone(), heap.getattr(&employee2, "name")?),
        (employee3.clone(), heap.getattr(&employee3, "name")?),
    ])?;
    println!(
        "Weak Key Dictionary : {}\n",
        fmt(&heap, &heap.weak_data(&weak_key_dict)?)?
    );
    println!("Dictionary Keys : {}\n", key_names(&heap, &weak_key_dict)?);
    drop(employee1); // del employee1
    heap.collect();
    println!("Dictionary Keys : {}\n", key_names(&heap, &weak_key_dict)?);
    let employee4 = employee(&heap, &employee_cls, 135, "Peter", 32)?;
    heap.update(
        &weak_key_dict,
        &heap.dict(&[(employee4.clone(), heap.getattr(&employee4, "name")?)])?,
    )?;
    println!("Dictionary Keys : {}\n", key_names(&heap, &weak_key_dict)?);
    Ok(())
}
