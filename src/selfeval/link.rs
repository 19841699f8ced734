//! The link between a 自评 and its goal table (`goal = "2027.toml"`): checking a folder
//! reports an indicator dropped, renamed or re-targeted between the two.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diag::{Code, Diagnostic};
use crate::document::Document;
use crate::formdef::builtin::fold;

/// Compares each 自评 of the batch with its goal table when that is in the batch too.
pub fn check(docs: &mut [&mut Document]) {
    let paths: Vec<PathBuf> = docs.iter().map(|d| canonical(&d.path)).collect();
    for i in 0..docs.len() {
        let Some(scored) = &docs[i].selfeval else {
            continue;
        };
        let Some((goal, goal_span)) = &scored.goal else {
            continue;
        };
        let folder = docs[i].path.parent().unwrap_or(Path::new(""));
        let wanted = canonical(&folder.join(goal));
        let Some(j) = paths.iter().position(|p| *p == wanted) else {
            continue;
        };
        let Some(table) = &docs[j].table else {
            continue;
        };
        let goal_name = docs[j]
            .path
            .file_name()
            .map_or_else(|| goal.clone(), |n| n.to_string_lossy().into_owned());
        let mut found = Vec::new();
        let own: HashSet<String> = scored.indicators.iter().map(|s| fold(&s.name)).collect();
        for ind in &scored.indicators {
            match table
                .indicators()
                .iter()
                .find(|g| fold(&g.name) == fold(&ind.name))
            {
                None => found.push(
                    Diagnostic::at(
                        Code::GoalLinkMismatch,
                        ind.spans.0.clone(),
                        format!(
                            "指标“{}”不在绩效目标表 {goal_name} 中（改了名，还是新增的？）",
                            ind.name
                        ),
                    )
                    .with_hint("自评表的指标应与绩效目标表一致；改名的请改回目标表中的名称"),
                ),
                Some(g) if g.target.text.trim() != ind.target.trim() => found.push(
                    Diagnostic::at(
                        Code::GoalLinkMismatch,
                        ind.spans.1.clone(),
                        format!(
                            "指标“{}”的年度指标值“{}”与绩效目标表 {goal_name} 中的“{}”不同",
                            ind.name, ind.target, g.target.text
                        ),
                    )
                    .with_hint(
                        "自评按绩效目标表的指标值计分；目标在年中调整过的，请在 reason 中说明",
                    ),
                ),
                Some(_) => {}
            }
        }
        for g in table.indicators() {
            if !own.contains(&fold(&g.name)) {
                found.push(
                    Diagnostic::at(
                        Code::GoalLinkMismatch,
                        goal_span.clone(),
                        format!("绩效目标表 {goal_name} 中的指标“{}”在自评表中没有（删去了，还是改了名？）", g.name),
                    )
                    .with_hint("每个指标都要自评；不考核的写 actual = \"不适用\""),
                );
            }
        }
        docs[i].add_diagnostics(found);
    }
}

/// A path as compared: canonical when it exists, else as given.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}
