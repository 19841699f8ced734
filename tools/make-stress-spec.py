#!/usr/bin/env python3
"""Write tests/fixtures/stress.toml: a valid spec that stresses the PDF layout.

Very long texts (an overall goal and an indicator explanation each taller than a page),
300 indicators whose every 一级 run crosses page breaks, a 一级 without 二级 (the cell
spans both columns), a merged 部门职能 over two duties, Latin words, numbers with units
and punctuation at every possible break. Deterministic: same output on every run.

Usage: tools/make-stress-spec.py [OUTPUT]   (default: tests/fixtures/stress.toml)
"""

import sys
from pathlib import Path

SENTENCES = [
    "坚持以人民为中心的发展思想，推动红十字事业高质量发展。",
    "完善“三救”“三献”工作体系（含造血干细胞捐献），提升群众满意度；",
    "开展《中华人民共和国红十字会法》宣传活动≥300.00册、≥6000.00人次，",
    "推广 HOME Sweet Home 社区急救项目与 AED (Automated External Defibrillator) 配置，",
    "加强财务管理，确保资金使用规范、安全、有效！",
    "全年组织培训 12 期，覆盖 95.5% 的基层单位：",
    "建立健全“互联网+人道救助”服务平台，实现信息公开透明？",
    "做好应急救援队伍建设、物资储备和演练工作……",
]


def text(n_chars, seed):
    """Roughly n_chars of varied Chinese text, starting at sentence `seed`."""
    out = []
    total = 0
    i = seed
    while total < n_chars:
        s = SENTENCES[i % len(SENTENCES)]
        out.append(s)
        total += len(s)
        i += 1
    return "".join(out)


def q(s):
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


RUNS = [
    # (一级, 二级 or None, count, target template)
    ("产出指标", "数量指标", 40, "≥{n}.00册"),
    ("产出指标", "质量指标", 30, "≥9{d}.00%"),
    ("产出指标", "时效指标", 30, "≤{n}天"),
    ("成本指标", None, 60, "≤1.{d}0万元"),
    ("效益指标", "社会效益指标", 40, "≥{n}.00人次"),
    ("效益指标", "经济效益指标", 30, "≥{n}.00万元"),
    ("效益指标", "可持续影响指标", 30, "长期"),
    ("满意度指标", "服务对象满意度指标", 40, "≥9{d}.00%"),
]


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("tests/fixtures/stress.toml")
    lines = [
        "# 压力测试规格（tools/make-stress-spec.py 生成，请勿手改）：",
        "# 超长文字、300 条指标、高于一页的单行、每个一级指标都跨页。",
        "",
        'form = "部门整体支出绩效目标表"',
        "year = 2024",
        "",
        "overall_goal = " + q("\n".join(text(900, k) for k in range(5))),
        "",
        "[department]",
        'name = "压力测试单位（Stress Test Unit）"',
        'code = "999001"',
        "",
        "[budget]",
        "total = 5000.00",
        "project = 3000.00",
        "basic = 2000.00",
        "",
    ]
    shared_function = text(700, 3)
    duties = [
        (shared_function, text(300, 1), "群众性急救公益服务项目", "1500.00"),
        (shared_function, text(500, 2), "红十字事业发展（含 AED 配置）", "1500.00"),
        ("基本支出保障", text(120, 4), "机关运行", "2000.00"),
    ]
    for function, task, project, amount in duties:
        lines += [
            "[[duties]]",
            "function = " + q(function),
            "task = " + q(task),
            "project = " + q(project),
            f"amount = {amount}",
            "",
        ]
    n = 0
    for level1, level2, count, target in RUNS:
        for k in range(count):
            n += 1
            d = n % 10
            if n == 150:
                explanation = text(2500, n)  # one row taller than a page
            elif n % 37 == 0:
                explanation = text(400, n)
            else:
                explanation = text(12 + (n * 7) % 60, n)
            lines.append("[[indicators]]")
            lines.append("level1 = " + q(level1))
            if level2:
                lines.append("level2 = " + q(level2))
            lines += [
                "name = " + q(f"第{n}项：" + text(6 + n % 23, n + 3)[: 6 + n % 23].rstrip("（《“≥ ")),
                "explanation = " + q(explanation),
                "basis = " + q("《中华人民共和国红十字会法》及年度工作要点（2024）"),
                "method = " + q("统计法" if n % 3 else "比较法（同比、环比）"),
                "scoring = " + q("得分=完成数量/目标数量*指标分值"),
                "target = " + q(target.format(n=n * 3, d=d)),
                "",
            ]
    out.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {out}: {n} indicators", file=sys.stderr)


if __name__ == "__main__":
    main()
