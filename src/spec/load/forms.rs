//! Reads a spec's top-level tables as its form definition describes them: the definition
//! is chosen first (`template`, else the built-in one for `form` and `layout`), then each
//! of its sections is read through its field table, then the indicator arrays and
//! `[style]`. Which sections become which parts of the raw spec is the model's business
//! (部门整体 or 项目); nothing here names a layout.

use std::collections::BTreeMap;

use super::Cx;
use super::obj::Obj;
use crate::diag::{Code, Diagnostic};
use crate::formdef::{FormDef, builtin};
use crate::spec::fields::{self, Section, Values};
use crate::spec::load::Templates;
use crate::spec::{RawSpec, RawStyle, Sp};

/// The definition a spec is read by, and whether its sections' `required` holds (not when
/// the layout is unknown: that is reported once by the rules, not as missing tables).
struct Chosen {
    def: Option<&'static FormDef>,
    strict: bool,
}

impl Cx {
    pub(super) fn spec(&mut self, root: &Obj<'_, '_>, templates: &dyn Templates) -> RawSpec {
        let form = self.string(root, "form", "表格类型", true);
        let template = root
            .get("template")
            .and_then(|_| self.string(root, "template", "表样文件", false));
        let chosen = self.choose(root, form.as_ref(), template.as_ref(), templates);
        let mut spec = match chosen.def {
            Some(def) => self.read_by(root, def, chosen.strict),
            // An unknown form is reported by the rules; read it as the first built-in
            // form so its other mistakes are found too.
            None => match builtin::all().first() {
                Some(def) => self.read_by(root, def, true),
                None => RawSpec::default(),
            },
        };
        spec.form = form;
        spec.template = template;
        spec.definition = chosen.def;
        spec
    }

    fn choose(
        &mut self,
        root: &Obj<'_, '_>,
        form: Option<&Sp<String>>,
        template: Option<&Sp<String>>,
        templates: &dyn Templates,
    ) -> Chosen {
        if let Some(def) = templates.forced() {
            return Chosen {
                def: Some(def),
                strict: true,
            };
        }
        if let Some(t) = template {
            match templates.resolve(t.value.trim()) {
                Ok(def) => {
                    return Chosen {
                        def: Some(def),
                        strict: true,
                    };
                }
                Err(why) => self.diags.push(
                    Diagnostic::at(Code::TemplateUnusable, t.span.clone(), why).with_hint(
                        "template 写表样定义文件的路径（相对于本规格文件所在的文件夹）；\
                         可先用 jixiao check 表样文件.toml 检查表样本身",
                    ),
                ),
            }
        }
        let model = form.and_then(|f| builtin::model_of(&f.value));
        let Some(model) = model else {
            return Chosen {
                def: None,
                strict: true,
            };
        };
        // The layout is read properly with the root's fields; here it only picks the
        // definition.
        let layout = root.get("layout").and_then(|v| v.get_ref().as_str());
        match builtin::find(model, layout) {
            Some(def) => Chosen {
                def: Some(def),
                strict: true,
            },
            None => Chosen {
                def: builtin::find(model, None),
                strict: false,
            },
        }
    }

    /// The keys a spec of this definition may hold at its top level.
    fn top_keys(def: &'static FormDef) -> Vec<&'static str> {
        let mut known = vec!["form", "template", "style"];
        known.extend(
            def.sections
                .iter()
                .filter(|s| !s.key.is_empty())
                .map(|s| s.key.as_str()),
        );
        known.extend(indicator_arrays(def));
        known
    }

    /// Every section of fields of a definition (not the root, not row arrays), read.
    fn sections(
        &mut self,
        root: &Obj<'_, '_>,
        def: &'static FormDef,
        strict: bool,
    ) -> BTreeMap<&'static str, Values> {
        let mut out = BTreeMap::new();
        for s in def.sections.iter().filter(|s| !s.key.is_empty() && !s.rows) {
            let section = Section {
                required: s.required && strict,
                ..*fields::from_def(s)
            };
            out.insert(s.key.as_str(), self.section(root, &section));
        }
        out
    }

    /// The file's top-level fields; the tables are known keys too.
    fn root_values(&mut self, root: &Obj<'_, '_>, def: &'static FormDef) -> Values {
        let also = Self::top_keys(def);
        match def.section("") {
            Some(s) => self.fields(root, fields::from_def(s), &also),
            None => {
                self.unknown_keys(root, &also);
                Values::default()
            }
        }
    }

    /// Reads a spec by its definition: the top-level fields, every section of fields, every
    /// array of rows and every indicator array it declares, and `[style]`.
    fn read_by(&mut self, root: &Obj<'_, '_>, def: &'static FormDef, strict: bool) -> RawSpec {
        let top = self.root_values(root, def);
        let sections = self.sections(root, def, strict);
        let mut rows = BTreeMap::new();
        for s in def.sections.iter().filter(|s| s.rows) {
            let section = fields::from_def(s);
            let read = self
                .rows(root, section.key, section.label, section.required)
                .iter()
                .map(|(t, span)| Values {
                    span: Some(span.clone()),
                    ..self.fields(t, section, &[])
                })
                .collect();
            rows.insert(section.key, read);
        }
        let indicators = self.indicators(root);
        let mut indicator_sets = BTreeMap::new();
        for key in def.indicator_arrays() {
            if key != "indicators"
                && let Some(section) = crate::forms::indicators::array_section(key)
            {
                indicator_sets.insert(section.key, self.indicator_rows(root, section));
            }
        }
        let style = self.style(root);
        let values = collect_values(&top, &sections);
        RawSpec {
            top,
            sections,
            rows,
            indicators,
            indicator_sets,
            style,
            values,
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

/// The indicator arrays a definition prints (`indicators`, `midterm_indicators`).
fn indicator_arrays(def: &'static FormDef) -> Vec<&'static str> {
    let mut out = def.indicator_arrays();
    if !out.contains(&"indicators") {
        out.push("indicators");
    }
    out
}

/// Every scalar value read, by spec path.
fn collect_values(
    top: &Values,
    sections: &BTreeMap<&'static str, Values>,
) -> BTreeMap<String, Sp<fields::Value>> {
    let mut out = BTreeMap::new();
    for (k, v) in &top.map {
        out.insert((*k).to_owned(), v.clone());
    }
    for (s, values) in sections {
        for (k, v) in &values.map {
            out.insert(format!("{s}.{k}"), v.clone());
        }
    }
    out
}
