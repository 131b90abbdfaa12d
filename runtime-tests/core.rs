//! Runtime core: eligibility, collection order, errors, resurrection, stepping.
