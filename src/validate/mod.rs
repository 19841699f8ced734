//! Business rules over the raw spec, and resolution into a [`GoalTable`].
//!
//! Every rule pushes coded diagnostics and carries on, so one run reports every problem.
//! The table is built only when no error remains.

mod amounts;
mod glyphs;
mod grouping;
mod header;
mod indicators;
mod targets;

use crate::diag::{self, Diagnostic};
use crate::model::{Department, Duty, GoalTable};
use crate::spec::{RawSpec, Sp};

/// The outcome of checking one spec.
#[derive(Debug)]
pub struct Checked {
    /// The table, when there were no errors.
    pub table: Option<GoalTable>,
    /// All diagnostics (loader and rules), sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads and validates spec text: the whole front half of the pipeline.
pub fn check_text(text: &str) -> Checked {
    let (raw, mut diagnostics) = crate::spec::load(text);
    let table = raw.and_then(|raw| {
        let table = validate(&raw, &mut diagnostics);
        if diag::has_errors(&diagnostics) {
            None
        } else {
            table
        }
    });
    diag::sort(&mut diagnostics);
    Checked { table, diagnostics }
}

/// Runs every rule on a raw spec; returns the table if all required parts were usable.
pub fn validate(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<GoalTable> {
    let form = header::form(raw, diags);
    let year = header::year(raw, diags);
    let code = header::budget_code(raw, diags);
    let style = header::style(raw, diags);
    let budget = amounts::budget(raw, diags);
    let duty_amounts = amounts::duties(raw, budget.as_ref(), diags);
    let indicators = indicators::check(raw, budget.as_ref(), diags);
    glyphs::check(raw, diags);

    let duties = raw
        .duties
        .iter()
        .zip(duty_amounts)
        .map(|(d, amount)| {
            Some(Duty {
                function: text(&d.function)?,
                task: text(&d.task)?,
                project: text(&d.project),
                amount,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(GoalTable {
        form: form?,
        year: year?,
        department: Department {
            name: text(&raw.department.name)?,
            code,
        },
        budget: budget?,
        overall_goal: text(&raw.overall_goal)?,
        duties,
        indicators: indicators?,
        style: style?,
    })
}

fn text(field: &Option<Sp<String>>) -> Option<String> {
    field.as_ref().map(|s| s.value.clone())
}
