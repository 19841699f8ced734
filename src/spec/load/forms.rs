//! Reads each form's top-level tables: the 部门整体 and 项目 specs, their sections of fields
//! as the field tables describe them, and `[style]`.

use super::Cx;
use super::obj::Obj;
use crate::spec::fields::{self, Section, Values};
use crate::spec::{RawBudget, RawDepartment, RawDuty, RawSpec, RawStyle, Sp};

impl Cx {
    pub(super) fn spec(&mut self, root: &Obj<'_, '_>) -> RawSpec {
        let form = self.string(root, "form", "表格类型", true);
        let kind = form.as_ref().and_then(|f| crate::forms::kind_of(&f.value));
        if kind == Some(crate::model::FormKind::Project) {
            return self.project_spec(root, form);
        }
        self.department_spec(root, form)
    }

    /// The 项目支出绩效目标表: its sections come from the form's field tables.
    fn project_spec(&mut self, root: &Obj<'_, '_>, form: Option<Sp<String>>) -> RawSpec {
        let year = self.integer(root, "year", "年度", true);
        let mut sections = std::collections::BTreeMap::new();
        for section in crate::forms::project::fields::SECTIONS {
            sections.insert(section.key, self.section(root, section));
        }
        let indicators = self.indicators(root);
        let midterm_indicators =
            self.indicator_rows(root, &crate::forms::project::fields::MIDTERM_INDICATORS);
        let style = self.style(root);
        let mut known = vec!["form", "year", "indicators", "midterm_indicators", "style"];
        known.extend(
            crate::forms::project::fields::SECTIONS
                .iter()
                .map(|s| s.key),
        );
        self.unknown_keys(root, &known);
        RawSpec {
            form,
            year,
            indicators,
            style,
            project: Some(crate::spec::RawProject {
                sections,
                midterm_indicators,
            }),
            ..RawSpec::default()
        }
    }

    /// Reads one section of fields; unknown keys inside it are reported.
    pub(super) fn section(&mut self, root: &Obj<'_, '_>, section: &Section) -> Values {
        let Some(obj) = self.table(root, section.key, section.label) else {
            if section.required && root.get(section.key).is_none() {
                self.missing_section(root, section);
            }
            return Values::default();
        };
        self.fields(&obj, section, &[])
    }

    /// Reads the fields of a table as its field table describes them (`Target` fields are
    /// left to the indicator reader); keys neither in the table nor in `also` are reported.
    pub(super) fn fields(&mut self, obj: &Obj<'_, '_>, section: &Section, also: &[&str]) -> Values {
        use crate::spec::fields::{Kind, Value};
        let mut values = Values {
            map: std::collections::BTreeMap::new(),
            span: obj.span.clone(),
        };
        for f in section.fields {
            let read = match f.kind {
                Kind::Text | Kind::LongText => {
                    self.string(obj, f.key, f.label, f.required).map(|s| Sp {
                        value: Value::Text(s.value),
                        span: s.span,
                    })
                }
                Kind::Code => {
                    let v = self.code(obj, f.key, f.label);
                    if v.is_none() && f.required {
                        self.missing(obj, f.key, f.label);
                    }
                    v.map(|s| Sp {
                        value: Value::Text(s.value),
                        span: s.span,
                    })
                }
                Kind::Amount => self.amount(obj, f.key, f.label, f.required).map(|a| Sp {
                    value: Value::Amount(a.value),
                    span: a.span,
                }),
                Kind::Integer => self.integer(obj, f.key, f.label, f.required).map(|i| Sp {
                    value: Value::Integer(i.value),
                    span: i.span,
                }),
                Kind::Target => None,
            };
            if let Some(v) = read {
                values.map.insert(f.key, v);
            }
        }
        let mut known = section.keys();
        known.extend_from_slice(also);
        self.unknown_keys(obj, &known);
        values
    }

    fn department_spec(&mut self, root: &Obj<'_, '_>, form: Option<Sp<String>>) -> RawSpec {
        use crate::forms::department::fields::{self as dept, Layout};
        let mut also = vec!["form"];
        also.extend_from_slice(dept::TABLES);
        let top = self.fields(root, &dept::ROOT, &also);
        let layout = top.spanned("layout");
        let department = self.section(root, &dept::DEPARTMENT);
        // An unknown layout is reported by the rules; its blocks are then all optional.
        let known_layout = layout
            .as_ref()
            .map_or(Some(Layout::Fujian), |l| Layout::parse(&l.value));
        let budget_section = Section {
            required: known_layout.is_some_and(Layout::needs_budget),
            ..dept::BUDGET
        };
        let budget = self.section(root, &budget_section);
        let mut funding = std::collections::BTreeMap::new();
        for section in dept::SECTIONS {
            let section = Section {
                required: known_layout.is_some_and(Layout::needs_funding),
                ..*section
            };
            funding.insert(section.key, self.section(root, &section));
        }
        let duties = self
            .rows(root, dept::DUTY.key, dept::DUTY.label, dept::DUTY.required)
            .iter()
            .map(|(t, span)| {
                let v = self.fields(t, &dept::DUTY, &[]);
                RawDuty {
                    function: v.spanned("function"),
                    task: v.spanned("task"),
                    project: v.spanned("project"),
                    amount: v.amount("amount"),
                    span: span.clone(),
                }
            })
            .collect();
        let indicators = self.indicators(root);
        let style = self.style(root);
        RawSpec {
            form,
            year: top.integer("year"),
            overall_goal: top.spanned("overall_goal"),
            department: RawDepartment {
                name: department.spanned("name"),
                code: department.spanned("code"),
            },
            has_budget: budget.span.is_some(),
            budget: RawBudget {
                total: budget.amount("total"),
                project: budget.amount("project"),
                basic: budget.amount("basic"),
            },
            duties,
            indicators,
            style,
            project: None,
            layout,
            responsibilities: top.spanned("responsibilities"),
            funding,
        }
    }

    /// `[style]`.
    pub(super) fn style(&mut self, root: &Obj<'_, '_>) -> RawStyle {
        let v = self.section(root, &fields::STYLE);
        RawStyle {
            paper: v.spanned("paper"),
            orientation: v.spanned("orientation"),
            font: v.spanned("font"),
            font_index: v.integer("font_index"),
        }
    }
}
