#!/usr/bin/env python3
"""Write a valid department spec with N indicators, for measuring how cost grows.

Indicators come in six equal runs, one per 一级/二级 pair (so merged labels cross many
page breaks), with texts of ordinary length (a name, a one- or two-line explanation, a target
with a unit). Three duties and a short overall goal. Deterministic.

Usage: tools/make-scale-spec.py N OUTPUT
"""

import sys
from pathlib import Path

PAIRS = [
    ("产出指标", "数量指标", "≥{n}.00册"),
    ("产出指标", "质量指标", "≥9{d}.00%"),
    ("产出指标", "时效指标", "≤{n}天"),
    ("效益指标", "社会效益指标", "≥{n}.00人次"),
    ("效益指标", "可持续影响指标", "长期"),
    ("满意度指标", "服务对象满意度指标", "≥9{d}.00%"),
]
WORDS = "开展急救培训普及急救知识防灾减灾和卫生健康知识组织志愿者参与现场救护提升群众满意度加强财务管理确保资金使用规范"


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text(n, seed):
    return "".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(n))


def main():
    n_ind, out = int(sys.argv[1]), Path(sys.argv[2])
    lines = [
        'form = "部门整体支出绩效目标表"',
        "year = 2024",
        "overall_goal = " + q(text(300, 1)),
        "[department]",
        'name = "规模测试单位"',
        'code = "999002"',
        "[budget]",
        "total = 300.00",
        "project = 200.00",
        "basic = 100.00",
    ]
    for k, amount in enumerate(["100.00", "100.00", "100.00"]):
        lines += [
            "[[duties]]",
            "function = " + q(text(60 + 40 * k, k)),
            "task = " + q(text(120 + 50 * k, k + 3)),
            "project = " + q(f"项目{k + 1}"),
            f"amount = {amount}",
        ]
    for i in range(n_ind):
        level1, level2, target = PAIRS[i * len(PAIRS) // n_ind]
        lines += [
            "[[indicators]]",
            "level1 = " + q(level1),
            "level2 = " + q(level2),
            "name = " + q(f"第{i + 1}项" + text(4 + i % 9, i)),
            "explanation = " + q(text(10 + (i * 13) % 70, i + 1)),
            "basis = " + q("年度工作要点"),
            "method = " + q("统计法"),
            "scoring = " + q("得分=完成数量/目标数量*指标分值"),
            "target = " + q(target.format(n=i * 3 + 1, d=i % 10)),
        ]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
