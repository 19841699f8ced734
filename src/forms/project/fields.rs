//! The long-term (中期) indicator set of the 项目支出绩效目标表, read like `[[indicators]]`.
//! The form's other fields are its definition's (templates/forms/project*.toml).

use crate::spec::fields::Section;

/// `[[midterm_indicators]]`: the 88号 layout's long-term (中期) indicator set, printed beside
/// the annual one; the same row fields as `[[indicators]]`, optional.
pub const MIDTERM_INDICATORS: Section = Section {
    key: "midterm_indicators",
    label: "中期绩效指标",
    required: false,
    doc: "中期（长期、实施期）绩效指标：88号格式中与年度指标并列的一组，写法同 [[indicators]]；可省略",
    fields: crate::forms::indicators::FIELDS.fields,
};
