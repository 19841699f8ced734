//! The catalogue of rule codes: one variant per rule, never reused once retired.

use serde::Serialize;

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, $title:literal;)*) => {
        /// A stable rule code. The string form (`E104`) is what users and tools see.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in catalogue order (used by the README rule table test).
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable identifier, e.g. `E104`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// The severity this rule reports with.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* }
            }

            /// A one-line Chinese title of the rule, for tables and `--explain`-like output.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

codes! {
    // The file and its TOML.
    TomlSyntax = "E001", Error, "TOML 语法错误";
    WrongType = "E002", Error, "字段类型错误";
    UnknownKey = "E003", Error, "未知字段";
    MissingField = "E004", Error, "缺少必填字段";
    EmptyField = "E005", Error, "必填字段为空";
    UnsupportedForm = "E006", Error, "不支持的表格类型";
    YearOutOfRange = "E007", Error, "年度超出 2000–2100";
    BudgetCodeNotDigits = "E008", Error, "部门预算编码只能由数字组成";
    EmptyFile = "E009", Error, "文件为空";
    GbkConverted = "W010", Warning, "文件为 GBK（ANSI）编码，已按 GBK 读取";
    TextTooLong = "E011", Error, "文本过长";
    TooManyRows = "E012", Error, "行数超过上限";
    BadStyle = "E013", Error, "页面设置无效";
    FullWidth = "W014", Warning, "全角数字或符号，已按半角读取";
    MissingGlyph = "W015", Warning, "内置 PDF 字体缺少某个字";
    OldYear = "W016", Warning, "转入新年度后仍写着上一年度的年份或日期";
    ProjectCodeNotDigits = "E017", Error, "主管部门编码只能由数字组成";
    UnknownLayout = "E018", Error, "未知的版式";
    ExampleText = "E019", Error, "模板中的示例文字尚未改写";
    ControlChars = "W020", Warning, "文字中有控制字符，已删除";
    // Money.
    BadAmount = "E101", Error, "金额不是有效数字";
    NegativeAmount = "E102", Error, "金额为负数";
    TooManyDecimals = "E103", Error, "金额超过两位小数";
    BudgetSumMismatch = "E104", Error, "资金总额不等于项目支出与基本支出之和";
    DutySumMismatch = "W105", Warning, "履职目标预算金额合计与资金总额不一致";
    FundsSumMismatch = "E106", Error, "项目资金总额不等于各来源之和";
    CurrentOverTotal = "E107", Error, "当年资金超过对应的资金总数";
    ProjectAmountMismatch = "W108", Warning, "履职目标的预算金额与项目表的资金总额不一致";
    ProjectNotNamed = "W109", Warning, "项目表没有出现在部门整体表的年度履职目标中";
    TwoDepartmentSpecs = "W110", Warning, "同一年度有两份部门整体表，未做跨表核对";
    FundingSumMismatch = "E111", Error, "收入构成或支出构成的合计不等于各项之和";
    FundingTotalsDiffer = "E112", Error, "收入合计与支出合计不相等";
    DeclaredSumMismatch = "E113", Error, "合计不等于表样中所列各项之和";
    // Indicator taxonomy.
    UnknownLevel1 = "E201", Error, "一级指标不在指标体系中";
    UnknownLevel2 = "E202", Error, "二级指标不在指标体系中";
    Level2Mismatch = "E203", Error, "二级指标不属于所在一级指标";
    MissingLevel1 = "E204", Error, "缺少必备的一级指标";
    MissingLevel2 = "W205", Warning, "缺少二级指标";
    DuplicateName = "E206", Error, "三级指标重名";
    NameRepeatsLevel2 = "W207", Warning, "三级指标与二级指标同名";
    LevelNameNormalized = "W208", Warning, "一级/二级指标名称不规范，已改为标准名称";
    IndicatorsApart = "W209", Warning, "同类指标分开书写，已归并";
    WeightSum = "E210", Error, "指标分值合计不是 90 或 100";
    BadValueType = "E211", Error, "指标值类型只能是定量或定性";
    // Target values.
    BadTarget = "E301", Error, "目标值格式错误";
    PercentOver100 = "W302", Warning, "百分比目标值大于 100 且为“≥”";
    SatisfactionNotPercent = "W303", Warning, "满意度指标目标值不是百分比";
    CostFloor = "W304", Warning, "成本指标使用“≥”（成本应为上限）";
    CostOverBudget = "E305", Error, "成本指标金额超过资金总额";
    ThousandsSeparator = "W306", Warning, "目标值数字含千位分隔符";
    UnitConflict = "W307", Warning, "目标值与计量单位不一致";
    // Form definitions (表样定义).
    DefinitionSyntax = "E501", Error, "表样定义的写法有误";
    UnknownModel = "E502", Error, "表样定义：未知的表格类别";
    DefinitionDuplicate = "E503", Error, "表样定义：重复的键";
    UnknownFieldRef = "E504", Error, "表样定义：引用了未定义的字段";
    UnknownColumn = "E505", Error, "表样定义：未知的指标列";
    SpanPastGrid = "E506", Error, "表样定义：单元格超出表格";
    DefinitionMissingField = "E507", Error, "表样定义：缺少检查规则需要的字段";
    BadCell = "E508", Error, "表样定义：单元格写法有误";
    TemplateUnusable = "E509", Error, "规格指定的表样无法使用";
    BadSum = "E510", Error, "表样定义：合计的写法有误（不是金额字段，或互相引用）";
    // Import from spreadsheets and text dumps.
    ImportMissing = "E401", Error, "导入：原表缺少必需内容";
    ImportUnsupportedForm = "E402", Error, "导入：不是 jixiao 认识的表格";
    ImportMisaligned = "W403", Warning, "导入：行与表头错位，已按内容顺序读取";
    ImportIgnoredColumn = "W404", Warning, "导入：此列在规格中没有对应字段，未导入";
    ImportConverted = "W405", Warning, "导入：单元格数值已转换";
    ImportUnrecognized = "W406", Warning, "导入：单元格内容未能识别，未导入";
    ImportHiddenRows = "W407", Warning, "导入：隐藏的行已跳过";
    ImportSatisfactionMoved = "W408", Warning, "导入：满意度指标印在效益指标的合并格中，已改为满意度指标";
    // The year-end 绩效自评表.
    CannotScore = "E601", Error, "自评：实际完成值无法与目标值比较计分";
    PrintedScoreDiffers = "W602", Warning, "自评：填写的得分与计算结果相差超过 0.01";
    DeductionWithoutReason = "W603", Warning, "自评：得分低于分值，未写偏差原因";
    MetButDeducted = "W604", Warning, "自评：目标已达成却扣分，未写原因";
    LowExecutionNoReason = "W605", Warning, "自评：预算执行率低于 90%，未说明原因";
    WeightTotal = "E606", Error, "自评：指标分值合计不等于评分规则的指标总分";
    OutOfBand = "E607", Error, "自评：定性指标的得分不在所属档次内";
    MissingActual = "E608", Error, "自评：缺少实际完成值或全年执行数";
    ZeroDivisor = "E609", Error, "自评：全年预算数为 0，无法计算执行率";
    FundRowsSum = "E610", Error, "自评：年度资金总额不等于各来源之和";
    UnknownRuleSet = "E611", Error, "自评：未知的评分规则";
    UnitConverted = "W612", Warning, "自评：实际完成值的单位已换算";
    NoOperator = "W613", Warning, "自评：目标值未写比较符号，按正向计分";
    GoalLinkMismatch = "W614", Warning, "自评：指标与绩效目标表不一致";
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_prefixed_by_severity() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            let prefix = match code.severity() {
                Severity::Error => 'E',
                Severity::Warning => 'W',
            };
            assert!(code.as_str().starts_with(prefix), "{}", code.as_str());
        }
    }
}
