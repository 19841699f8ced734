//! The cross-form check over the specs of one run: each 年度履职目标 row of a department's
//! 部门整体支出绩效目标表 that names a project of a 项目支出绩效目标表 of the same department
//! and year must carry that project's amount (its 当年资金总额 where the form has one, else
//! its 资金总额). Findings are warnings added to the documents they are located in.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::fold_name;
use crate::diag::{Code, Diagnostic};
use crate::document::Document;
use crate::model::Table;
use crate::money::format_money;
use crate::spec;

/// Checks the documents against each other and adds the findings to them. Specs are
/// matched per year and department: a bureau's folder of 2,000 departments is 2,000
/// independent checks, each seeing only its own projects.
pub fn check(docs: &mut [&mut Document]) {
    let mut departments: BTreeMap<(u16, String), Vec<usize>> = BTreeMap::new();
    let mut projects: HashMap<(u16, String), Vec<usize>> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        match &d.table {
            Some(Table::Department(t)) => departments
                .entry((t.year, department_key(&t.department.name)))
                .or_default()
                .push(i),
            Some(Table::Project(t)) => {
                let p = &t.project;
                let mut keys: Vec<String> = [&p.department, &p.unit]
                    .into_iter()
                    .chain(p.budget_department.as_ref())
                    .map(|n| department_key(n))
                    .collect();
                keys.sort();
                keys.dedup();
                for key in keys {
                    projects.entry((t.year, key)).or_default().push(i);
                }
            }
            // A 自评 is linked to its goal table by `goal = …`, checked apart.
            Some(Table::SelfEval(_)) | None => {}
        }
    }
    for (key, depts) in departments {
        let own = projects.get(&key).map_or(&[][..], Vec::as_slice);
        match depts.as_slice() {
            [dept] => check_year(docs, *dept, own),
            several => two_departments(docs, key.0, several),
        }
    }
}

/// A department's name as the matching sees it: blanks, bracket widths and `(本级)` aside.
fn department_key(name: &str) -> String {
    fold_name(name).replace("(本级)", "")
}

/// A project of the department, with where its name and amount are written.
struct ProjectRef {
    doc: usize,
    name: String,
    amount: Decimal,
    amount_label: &'static str,
    amount_at: String,
    name_span: std::ops::Range<usize>,
}

fn check_year(docs: &mut [&mut Document], dept: usize, projects: &[usize]) {
    let Some(Table::Department(table)) = &docs[dept].table else {
        return;
    };
    let dept_name = table.department.name.clone();
    let duties = table.duties.clone();
    let refs: Vec<ProjectRef> = projects
        .iter()
        .filter_map(|&i| project_ref(docs[i], i, &dept_name))
        .collect();
    if refs.is_empty() {
        return;
    }
    let (raw, _) = spec::load(&docs[dept].source.text);
    let amount_spans: Vec<Option<std::ops::Range<usize>>> = raw
        .map(|r| {
            r.rows("duties")
                .iter()
                .map(|d| d.amount("amount").map(|a| a.span))
                .collect()
        })
        .unwrap_or_default();
    let dept_path = docs[dept].source.path.clone();
    let mut named = vec![false; refs.len()];
    let mut found = Vec::new();
    for (n, duty) in duties.iter().enumerate() {
        let Some(project) = &duty.project else {
            continue;
        };
        let Some(k) = refs.iter().position(|r| same_name(&r.name, project)) else {
            continue;
        };
        named[k] = true;
        let r = &refs[k];
        let Some(amount) = duty.amount else { continue };
        if amount == r.amount {
            continue;
        }
        let span = amount_spans.get(n).cloned().flatten().unwrap_or_default();
        let project_path = &docs[r.doc].source.path;
        found.push(
            Diagnostic::at(
                Code::ProjectAmountMismatch,
                span,
                format!(
                    "年度履职目标第 {} 行“{project}”的预算金额 {} 万元，与项目表 {project_path} 的{} {} 万元不一致",
                    n + 1,
                    format_money(amount),
                    r.amount_label,
                    format_money(r.amount)
                ),
            )
            .with_hint(format!(
                "相差 {} 万元；项目表中的金额写在 {}。核对后改正其中一处",
                format_money((amount - r.amount).abs()),
                r.amount_at
            )),
        );
    }
    docs[dept].add_diagnostics(found);
    for (r, named) in refs.iter().zip(named) {
        if named {
            continue;
        }
        let d = Diagnostic::at(
            Code::ProjectNotNamed,
            r.name_span.clone(),
            format!(
                "项目“{}”没有出现在部门整体支出绩效目标表 {dept_path} 的年度履职目标中",
                r.name
            ),
        )
        .with_hint("若这是本部门的项目，在年度履职目标中写上相同的支出项目名称和预算金额");
        docs[r.doc].add_diagnostics(vec![d]);
    }
}

fn project_ref(doc: &Document, i: usize, dept_name: &str) -> Option<ProjectRef> {
    let Some(Table::Project(p)) = &doc.table else {
        return None;
    };
    let same_department = [&p.project.department, &p.project.unit]
        .iter()
        .chain(p.project.budget_department.as_ref().iter())
        .any(|n| same_department(n, dept_name));
    if !same_department {
        return None;
    }
    let (amount, key, label) = match p.funds.current_total {
        Some(current) => (current, "current_total", "当年资金总额"),
        None => (p.funds.total, "total", "资金总额"),
    };
    let (raw, _) = spec::load(&doc.source.text);
    let sections = raw?;
    let at = |span: Option<std::ops::Range<usize>>| {
        let (line, col) = doc.source.line_col(span.map_or(0, |s| s.start));
        format!("{}:{line}:{col}", doc.source.path)
    };
    let amount_span = sections.section("funds").amount(key).map(|a| a.span);
    let name_span = sections
        .section("project")
        .spanned("name")
        .map(|s| s.span)
        .unwrap_or_default();
    Some(ProjectRef {
        doc: i,
        name: p.project.name.clone(),
        amount,
        amount_label: label,
        amount_at: at(amount_span),
        name_span,
    })
}

/// Most other files a W110 names; the rest are counted.
const NAMED_DUPLICATES: usize = 3;

fn two_departments(docs: &mut [&mut Document], year: u16, several: &[usize]) {
    let paths: Vec<String> = several
        .iter()
        .map(|&i| docs[i].source.path.clone())
        .collect();
    let name = match &docs[several[0]].table {
        Some(Table::Department(t)) => t.department.name.clone(),
        _ => String::new(),
    };
    for (k, &i) in several.iter().enumerate() {
        let others: Vec<&str> = paths
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .map(|(_, p)| p.as_str())
            .collect();
        let mut listed = others
            .iter()
            .take(NAMED_DUPLICATES)
            .copied()
            .collect::<Vec<_>>()
            .join("、");
        if others.len() > NAMED_DUPLICATES {
            listed.push_str(&format!(" 等 {} 份", others.len()));
        }
        let d = Diagnostic::file(
            Code::TwoDepartmentSpecs,
            format!(
                "{year} 年度“{name}”共有 {} 份部门整体支出绩效目标表，另见 {listed}；未与项目表核对金额",
                paths.len(),
            ),
        )
        .with_hint(
            "一个部门一个年度只报一份部门整体表；把旧版移到别的文件夹后再检查",
        );
        docs[i].add_diagnostics(vec![d]);
    }
}

fn same_name(a: &str, b: &str) -> bool {
    fold_name(a) == fold_name(b)
}

/// A project's 主管部门 names the department, with or without `(本级)`.
fn same_department(a: &str, b: &str) -> bool {
    department_key(a) == department_key(b)
}
