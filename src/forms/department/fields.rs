//! Spec fields of the department form's provincial variants that the Fujian layout does not
//! have: the layout itself, the duties text, and the Hubei 收入构成 / 支出构成 blocks.

use crate::spec::fields::Section;

/// The department form's layouts (`layout = …`), as published by province.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub enum Layout {
    /// 福建: 年度预算安排 (资金总额/项目支出/基本支出) and 年度履职目标 (the default).
    #[default]
    #[serde(rename = "福建")]
    Fujian,
    /// 湖南: no money; 部门(单位)职责 and 年度总体绩效目标.
    #[serde(rename = "湖南")]
    Hunan,
    /// 湖北: 部门总体资金情况 (收入构成 and 支出构成 with 占比) and 部门职能概述.
    #[serde(rename = "湖北")]
    Hubei,
}

impl Layout {
    /// Every layout with the names it is written as.
    pub const ALL: &'static [(Layout, &'static str)] = &[
        (Layout::Fujian, "福建"),
        (Layout::Hunan, "湖南"),
        (Layout::Hubei, "湖北"),
    ];

    /// The layout a name (`湖南`, `湖南省`) means.
    pub fn parse(name: &str) -> Option<Layout> {
        let name = name.trim().trim_end_matches('省');
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(l, _)| *l)
    }

    /// Whether the form has the 年度预算安排 block (`[budget]` required).
    pub fn needs_budget(self) -> bool {
        self == Layout::Fujian
    }

    /// Whether the form has the 收入构成 / 支出构成 blocks (`[income]`, `[expenditure]`).
    pub fn needs_funding(self) -> bool {
        self == Layout::Hubei
    }

    /// The label of `responsibilities`.
    pub fn responsibilities_label(self) -> &'static str {
        match self {
            Layout::Hubei => "部门职能概述",
            Layout::Fujian | Layout::Hunan => "部门(单位)职责",
        }
    }

    /// The label of `overall_goal`.
    pub fn goal_label(self) -> &'static str {
        match self {
            Layout::Hunan => "年度总体绩效目标",
            Layout::Fujian | Layout::Hubei => "年度总体目标",
        }
    }
}

/// A section of the Hubei layout (`income` 收入构成, `expenditure` 支出构成), as its
/// built-in definition declares it.
pub fn hubei(key: &str) -> &'static Section {
    let section =
        crate::formdef::builtin::find("部门整体", Some("湖北")).and_then(|d| d.section(key));
    match section {
        Some(s) => crate::spec::fields::from_def(s),
        // The built-in Hubei definition has both sections (tested below).
        None => panic!("the built-in Hubei definition lacks [{key}]"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_hubei_definition_has_its_two_funding_sections() {
        let keys =
            |k: &str| -> Vec<&str> { super::hubei(k).fields.iter().map(|f| f.key).collect() };
        assert_eq!(keys("income"), ["fiscal", "other", "total"]);
        assert_eq!(keys("expenditure"), ["basic", "project", "total"]);
    }
}
