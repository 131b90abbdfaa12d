//! ex07_weak_value_dictionary.py: a `WeakValueDictionary` of names to employees; its
//! `.data`, its `valuerefs()`, an entry leaving with its value, and `update`.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

/// `[value().name for value in weak_value_dict.valuerefs()]`, printed as a Python list.
fn value_names(heap: &Heap, weak_value_dict: &Value) -> Result<String> {
    let mut names = Vec::new();
    for value in heap.valuerefs(weak_value_dict)? {
        names.push(heap.getattr(&heap.call(&value, &[])?, "name")?);
    }
    fmt(heap, &heap.list(&names)?)
}

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let employee3 = employee(&heap, &employee_cls, 789, "Russell", 40)?;
    let weak_value_dict = heap.weak_value_dict(&[
        (heap.getattr(&employee1, "name")?, employee1.clone()),
        (heap.getattr(&employee2, "name")?, employee2.clone()),
        (heap.getattr(&employee3, "name")?, employee3.clone()),
    ])?;
    println!(
        "Weak Value Dictionary : {}\n",
        fmt(&heap, &heap.weak_data(&weak_value_dict)?)?
    );
    println!(
        "Dictionary Values : {}\n",
        value_names(&heap, &weak_value_dict)?
    );
    drop(employee1); // del employee1
    heap.collect();
    println!(
        "Dictionary Values : {}\n",
        value_names(&heap, &weak_value_dict)?
    );
    let employee4 = employee(&heap, &employee_cls, 135, "Peter", 32)?;
    heap.update(
        &weak_value_dict,
        &heap.dict(&[(heap.getattr(&employee4, "name")?, employee4.clone())])?,
    )?;
    println!(
        "Dictionary Values : {}\n",
        value_names(&heap, &weak_value_dict)?
    );
    Ok(())
}
