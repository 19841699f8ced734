//! Form definitions as data: what a bureau's printed form looks like (title, the lines
//! above and below the table, the header blocks, the duties and indicator tables) and
//! which fields its spec holds. A definition is a TOML file; the built-in ones live under
//! `templates/forms/` and ship inside the binary (`builtin`), a department may point to
//! its own (`template = "…"` in the spec, or `--template`).
//!
//! This module is a lower layer: it knows the shape of a definition and how to check one,
//! nothing of specs, tables or formats. The rules that need code (the taxonomy, the
//! target grammar, sums, the cross-form check) are named by the definition's `model`.

pub mod builtin;
mod check;
mod parse;
mod types;

pub use check::INDICATOR_COLUMNS;
pub use parse::{DefError, parse};
pub use types::*;
