//! The indicator taxonomy (domain.md §3): 一级 and 二级 names, their aliases, and which
//! 二级 may sit under which 一级. Both the pre-2021 and the 101号 frameworks are accepted,
//! because real tables mix them.

use std::borrow::Cow;

use serde::Serialize;

/// The canonical 一级 categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Level1 {
    /// 产出指标
    Output,
    /// 成本指标 (a 一级 in the 101号 framework)
    Cost,
    /// 效益指标 (alias 效果指标)
    Benefit,
    /// 满意度指标
    Satisfaction,
}

impl Level1 {
    /// The canonical Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Level1::Output => "产出指标",
            Level1::Cost => "成本指标",
            Level1::Benefit => "效益指标",
            Level1::Satisfaction => "满意度指标",
        }
    }

    /// The categories every goal table must have (domain.md §3.3).
    pub const REQUIRED: [Level1; 3] = [Level1::Output, Level1::Benefit, Level1::Satisfaction];
}

/// A known 二级 name with its canonical spelling and allowed parents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Level2 {
    /// Canonical name.
    pub name: &'static str,
    /// 一级 it may sit under.
    pub parents: &'static [Level1],
    /// Whether indicators under it are costs (ceilings).
    pub is_cost: bool,
    /// Whether indicators under it measure satisfaction.
    pub is_satisfaction: bool,
}

const OUT: &[Level1] = &[Level1::Output];
const BEN: &[Level1] = &[Level1::Benefit];
const SAT: &[Level1] = &[Level1::Satisfaction];
// 101号 cost branches appear both under 成本 and, in mixed tables, under 产出 (大英 2023).
const COST_101: &[Level1] = &[Level1::Cost, Level1::Output];

const fn l2(name: &'static str, parents: &'static [Level1]) -> Level2 {
    Level2 {
        name,
        parents,
        is_cost: false,
        is_satisfaction: false,
    }
}

const fn cost(name: &'static str, parents: &'static [Level1]) -> Level2 {
    Level2 {
        name,
        parents,
        is_cost: true,
        is_satisfaction: false,
    }
}

const SATISFACTION: Level2 = Level2 {
    name: "服务对象满意度指标",
    parents: SAT,
    is_cost: false,
    is_satisfaction: true,
};

/// (normalized spelling, entry). Normalized = whitespace, point annotations and a trailing
/// `指标` removed.
const LEVEL2: &[(&str, Level2)] = &[
    ("数量", l2("数量指标", OUT)),
    ("质量", l2("质量指标", OUT)),
    ("时效", l2("时效指标", OUT)),
    ("成本", cost("成本指标", OUT)),
    ("经济效益", l2("经济效益指标", BEN)),
    ("社会效益", l2("社会效益指标", BEN)),
    ("生态效益", l2("生态效益指标", BEN)),
    ("环境效益", l2("生态效益指标", BEN)),
    ("可持续影响", l2("可持续影响指标", BEN)),
    ("服务对象满意度", SATISFACTION),
    ("社会公众或服务对象满意度", SATISFACTION),
    ("满意度", SATISFACTION),
    ("经济成本", cost("经济成本指标", COST_101)),
    ("社会成本", cost("社会成本指标", COST_101)),
    ("生态环境成本", cost("生态环境成本指标", COST_101)),
];

/// Strips spaces, a trailing point annotation like `(50分)` / `（60分）`, and a trailing `指标`.
pub fn normalize(name: &str) -> String {
    normalized(name).into_owned()
}

/// [`normalize`] without a copy where the name has no spaces: `check` classifies every
/// indicator's names, and nearly all are written without them.
pub fn normalized(name: &str) -> Cow<'_, str> {
    let s: Cow<'_, str> = if name.chars().any(char::is_whitespace) {
        Cow::Owned(name.chars().filter(|c| !c.is_whitespace()).collect())
    } else {
        Cow::Borrowed(name)
    };
    let mut end = s.len();
    if let Some(open) = s.rfind(['(', '（'])
        && (s.ends_with("分)") || s.ends_with("分）"))
    {
        end = open;
    }
    if let Some(stripped) = s[..end].strip_suffix("指标") {
        end = stripped.len();
    }
    match s {
        Cow::Borrowed(b) => Cow::Borrowed(&b[..end]),
        Cow::Owned(mut o) => {
            o.truncate(end);
            Cow::Owned(o)
        }
    }
}

/// Classifies a 一级 name.
pub fn level1(name: &str) -> Option<Level1> {
    match normalized(name).as_ref() {
        "产出" => Some(Level1::Output),
        "成本" => Some(Level1::Cost),
        "效益" | "效果" => Some(Level1::Benefit),
        "满意度" | "服务对象满意度" | "社会公众或服务对象满意度" => {
            Some(Level1::Satisfaction)
        }
        _ => None,
    }
}

/// Classifies a 二级 name.
pub fn level2(name: &str) -> Option<Level2> {
    let n = normalized(name);
    LEVEL2.iter().find(|(k, _)| *k == n).map(|&(_, v)| v)
}

/// The canonical 二级 names allowed under a 一级 (for hints).
pub fn level2_names_under(parent: Level1) -> Vec<&'static str> {
    let mut names: Vec<&'static str> = LEVEL2
        .iter()
        .filter(|(_, v)| v.parents.contains(&parent))
        .map(|(_, v)| v.name)
        .collect();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_spaces_are_normalized_in_place() {
        for (name, want) in [
            ("产出指标(50分)", "产出"),
            ("满意度指标（10分）", "满意度"),
            ("数量指标", "数量"),
            ("质量", "质量"),
        ] {
            assert!(
                matches!(normalized(name), Cow::Borrowed(n) if n == want),
                "{name}"
            );
            assert_eq!(normalize(name), want);
        }
        assert_eq!(normalized(" 时效 指标 "), "时效");
        assert_eq!(normalize("成本 指标 (5分)"), "成本");
    }

    #[test]
    fn aliases_and_annotations() {
        assert_eq!(level1("产出指标(50分)"), Some(Level1::Output));
        assert_eq!(level1("效果指标"), Some(Level1::Benefit));
        assert_eq!(level1(" 满意度指标 "), Some(Level1::Satisfaction));
        assert_eq!(level1("成本指标"), Some(Level1::Cost));
        assert_eq!(level1("投入指标"), None);
        assert_eq!(level2("环境效益指标").unwrap().name, "生态效益指标");
        assert_eq!(
            level2("社会公众或服务对象满意度指标").unwrap().name,
            "服务对象满意度指标"
        );
        assert!(
            level2("经济成本指标")
                .unwrap()
                .parents
                .contains(&Level1::Output)
        );
        assert!(level2("成本指标").unwrap().is_cost);
        assert_eq!(level2("数量"), level2("数量指标"));
    }

    #[test]
    fn names_under_a_parent() {
        let under = level2_names_under(Level1::Satisfaction);
        assert_eq!(under, vec!["服务对象满意度指标"]);
        assert!(level2_names_under(Level1::Output).contains(&"时效指标"));
    }
}
