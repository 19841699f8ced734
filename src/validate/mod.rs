//! Business rules over the raw spec, and resolution into a [`GoalTable`].
//!
//! Every rule pushes coded diagnostics and carries on, so one run reports every problem.
//! The table is handed on only when no error remains; the table built in spite of errors
//! (a sum that does not add up, say) is kept apart as a draft for the live preview.

pub(crate) mod amounts;
mod class;
pub(crate) mod extra;
mod glyphs;
mod grouping;
pub(crate) mod header;
pub(crate) mod indicators;
mod placeholders;
mod sums;
mod targets;

use crate::diag::{self, Diagnostic};
use crate::model::{Department, Duty, FormKind, GoalTable, Table};
use crate::spec::RawSpec;

/// The outcome of checking one spec.
#[derive(Debug)]
pub struct Checked {
    /// The table, when there were no errors.
    pub table: Option<Table>,
    /// The table as written, when the rules could build one although errors remain (a
    /// wrong sum, a target out of range): only for showing a spec being edited, never
    /// for output. `None` when `table` is set.
    pub draft: Option<Table>,
    /// All diagnostics (loader and rules), sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The printed form of the table (or draft), as the checks saw it; renderers reuse it.
    pub sheet: Option<Result<crate::sheet::Sheet, crate::forms::layout::SheetError>>,
}

/// Loads and validates spec text: the whole front half of the pipeline.
pub fn check_text(text: &str) -> Checked {
    check_text_with(text, &crate::spec::NoTemplates)
}

/// [`check_text`] with a place to find the spec's own form definition.
pub fn check_text_with(text: &str, templates: &dyn crate::spec::Templates) -> Checked {
    let (raw, mut diagnostics) = crate::spec::load_with(text, templates);
    if let Some(raw) = &raw {
        sums::declared(raw, &mut diagnostics);
    }
    let built = raw.and_then(|raw| match crate::forms::kind_of_model(raw.model()) {
        FormKind::Project => {
            crate::forms::project::rules::validate(&raw, &mut diagnostics).map(Table::Project)
        }
        _ => validate(&raw, &mut diagnostics).map(Table::Department),
    });
    // On the table as the PDF would print it (a draft too: the clerk hears of it early).
    let sheet = built.as_ref().map(crate::forms::sheet);
    if let (Some(t), Some(Ok(sheet))) = (&built, &sheet) {
        glyphs::check(text, t, sheet, &mut diagnostics);
        placeholders::check(text, t, sheet, &mut diagnostics);
    }
    diagnostics.extend(crate::forms::rollforward::reminders(text));
    let (table, draft) = if diag::has_errors(&diagnostics) {
        (None, built)
    } else {
        (built, None)
    };
    diag::sort(&mut diagnostics);
    Checked {
        table,
        draft,
        diagnostics,
        sheet,
    }
}

/// Runs every rule of the department form on a raw spec; returns the table if all
/// required parts were usable.
pub fn validate(raw: &RawSpec, diags: &mut Vec<Diagnostic>) -> Option<GoalTable> {
    let form = header::form(raw, diags);
    let year = header::year(raw, diags);
    let code = header::budget_code(raw, diags);
    let style = header::style(raw, diags);
    let layout = crate::forms::department::rules::layout(raw, diags);
    // The Hunan and Hubei layouts have no 年度预算安排; a missing one was reported by the
    // loader where the layout needs it.
    let budget = if raw.has_section("budget") {
        Some(amounts::budget(raw, diags))
    } else {
        None
    };
    let funding = crate::forms::department::rules::funding(raw, diags);
    // A budget whose parts do not add up stays in the table as written, but no other
    // rule measures against it (its error is reported once).
    let known_budget = budget.flatten().filter(|b| b.total == b.project + b.basic);
    let duty_amounts = amounts::duties(raw, known_budget.as_ref(), diags);
    let ceiling = known_budget
        .as_ref()
        .map(|b| b.total)
        .or_else(|| funding.flatten().map(|f| f.income_total));
    let indicators = indicators::check(raw, ceiling, diags);
    crate::forms::indicators::check_value_types(raw, diags);

    let duties = raw
        .rows("duties")
        .iter()
        .zip(duty_amounts)
        .map(|(d, amount)| {
            Some(Duty {
                function: d.string("function")?,
                task: d.string("task")?,
                project: d.string("project"),
                amount,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let budget = match budget {
        Some(b) => Some(b?),
        None => None,
    };
    let mut table = GoalTable {
        form: form?,
        year: year?,
        layout: layout?,
        department: Department {
            name: raw.section("department").string("name")?,
            code,
        },
        responsibilities: raw.top.string("responsibilities"),
        budget,
        funding: funding?,
        overall_goal: raw.top.string("overall_goal")?,
        duties,
        indicators: indicators?,
        extra: Default::default(),
        style: style?,
        definition: raw.definition?,
    };
    table.extra = extra::values(raw, |p| table.typed(p).is_some(), diags);
    Some(table)
}
