//! The spec fields of the 项目支出绩效目标表, section by section. These tables drive the
//! loader (`spec::load`), the rules' labels, the printed form's labels and the skeleton.

use crate::spec::fields::{Kind, Section, field};

/// `[project]`: who and what.
pub const PROJECT: Section = Section {
    key: "project",
    label: "项目信息",
    required: true,
    doc: "项目信息",
    fields: &[
        field(
            "name",
            "项目名称",
            Kind::Text,
            true,
            "与预算中的项目名称一致",
            "\"某某项目\"",
        ),
        field(
            "department",
            "主管部门",
            Kind::Text,
            true,
            "主管部门名称",
            "\"某某局\"",
        ),
        field(
            "department_code",
            "主管部门编码",
            Kind::Code,
            false,
            "编码是文字，保留开头的 0，须加引号",
            "\"015001\"",
        ),
        field(
            "unit",
            "实施单位",
            Kind::Text,
            true,
            "具体实施项目的单位",
            "\"某某局\"",
        ),
        field(
            "attribute",
            "项目属性",
            Kind::Text,
            false,
            "如 新增项目、延续项目、基础建设、修缮类",
            "\"延续项目\"",
        ),
        field(
            "category",
            "项目类别",
            Kind::Text,
            false,
            "如 部门预算项目",
            "\"部门预算项目\"",
        ),
        field(
            "period",
            "项目起止时间",
            Kind::Text,
            false,
            "如 202201-202212，或 实施期",
            "\"202201-202212\"",
        ),
        field(
            "budget_department",
            "预算部门",
            Kind::Text,
            false,
            "预算部门名称（湖南等地的表有此栏）",
            "\"某某局\"",
        ),
    ],
};

/// `[funds]`: 项目资金(万元) by source.
pub const FUNDS: Section = Section {
    key: "funds",
    label: "项目资金(万元)",
    required: true,
    doc: "项目资金（万元）：只写数字，不写单位；没有的项目可以不写",
    fields: &[
        field(
            "total",
            "资金总额",
            Kind::Amount,
            true,
            "资金总额 = 财政拨款 + 其他资金（+ 上年结转）",
            "0.00",
        ),
        field(
            "fiscal",
            "其中:财政拨款",
            Kind::Amount,
            false,
            "财政拨款",
            "0.00",
        ),
        field("other", "其他资金", Kind::Amount, false, "其他资金", "0.00"),
        field(
            "superior",
            "其中:上级资金",
            Kind::Amount,
            false,
            "上级补助资金（包含在资金总额内）",
            "0.00",
        ),
        field(
            "carryover",
            "上年结转",
            Kind::Amount,
            false,
            "上年结转资金",
            "0.00",
        ),
        field(
            "current_total",
            "当年资金总额",
            Kind::Amount,
            false,
            "多年项目的当年部分",
            "0.00",
        ),
        field(
            "current_fiscal",
            "其中:当年财政拨款",
            Kind::Amount,
            false,
            "当年财政拨款",
            "0.00",
        ),
        field(
            "current_other",
            "当年其他资金",
            Kind::Amount,
            false,
            "当年其他资金",
            "0.00",
        ),
    ],
};

/// `[goals]`: 总体目标.
pub const GOALS: Section = Section {
    key: "goals",
    label: "总体目标",
    required: true,
    doc: "总体目标",
    fields: &[
        field(
            "midterm",
            "中期目标",
            Kind::LongText,
            false,
            "实施期（中期）目标；一年期项目可不写",
            "\"\"\"\n实施期内……\n\"\"\"",
        ),
        field(
            "annual",
            "年度目标",
            Kind::LongText,
            true,
            "本年度要完成的目标",
            "\"\"\"\n本年度……\n\"\"\"",
        ),
    ],
};

/// `[review]`: 审核意见 rows under the table.
pub const REVIEW: Section = Section {
    key: "review",
    label: "审核意见",
    required: false,
    doc: "审核意见（可选）：有这一栏的表才写",
    fields: &[
        field(
            "department",
            "主管部门审核意见",
            Kind::LongText,
            false,
            "主管部门审核意见",
            "\"同意。\"",
        ),
        field(
            "finance",
            "财政部门审核意见",
            Kind::LongText,
            false,
            "财政部门审核意见",
            "\"\"",
        ),
    ],
};

/// `[signature]`: the signature line under the table.
pub const SIGNATURE: Section = Section {
    key: "signature",
    label: "签字栏",
    required: false,
    doc: "签字栏（可选）：打印在表格下方",
    fields: &[
        field("filler", "填表人", Kind::Text, false, "填表人姓名", "\"\""),
        field(
            "phone",
            "联系电话",
            Kind::Text,
            false,
            "联系电话（加引号）",
            "\"\"",
        ),
        field(
            "date",
            "填报日期",
            Kind::Text,
            false,
            "如 2022年1月10日",
            "\"\"",
        ),
        field(
            "leader",
            "单位负责人签字",
            Kind::Text,
            false,
            "单位负责人",
            "\"\"",
        ),
    ],
};

/// `[[midterm_indicators]]`: the 88号 layout's long-term (中期) indicator set, printed beside
/// the annual one; the same row fields as `[[indicators]]`, optional.
pub const MIDTERM_INDICATORS: Section = Section {
    key: "midterm_indicators",
    label: "中期绩效指标",
    required: false,
    doc: "中期（长期、实施期）绩效指标：88号格式中与年度指标并列的一组，写法同 [[indicators]]；可省略",
    fields: crate::forms::indicators::FIELDS.fields,
};

/// Every section, in form order.
pub const SECTIONS: &[Section] = &[PROJECT, FUNDS, GOALS, REVIEW, SIGNATURE];

/// A field's printed label (falls back to the key, which cannot happen for a listed key).
pub fn label(section: &Section, key: &str) -> &'static str {
    section.field(key).map_or("", |f| f.label)
}
