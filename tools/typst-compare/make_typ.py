#!/usr/bin/env python3
"""Turn jixiao's JSON output (`jixiao render SPEC -f json`) for a 部门整体支出绩效目标表
(Fujian layout) into a Typst document that typesets the same form: the same cells, spans
and column set as jixiao's sheet (src/forms/department/sheet.rs, src/forms/indicators.rs),
on the same page (A4, margins 12/14/10 mm), in the same font, sizes and line pitch.

It is a reference for page counts, not an attempt to beat or lose to jixiao.

Typst setup (see README.md in this folder):
  * one `table` with the sheet's grid columns (section label, 一级, 二级, 三级, then the
    indicator columns in use);
  * --widths auto (default): every column `auto`, Typst's own automatic column sizing;
    --widths weights: fractional columns with jixiao's grid weights (7, 7, 8, 14, 15, …);
  * body 10 pt, line pitch 13.5 pt (1.35 em), cell inset 1.5 mm x 1.2 mm, 0.75 pt rules;
    --edges jixiao (default): each line box is 1.35 em tall with zero leading, so a cell of
    n lines is exactly as tall as jixiao's (2 x 1.2 mm + n x 13.5 pt);
    --edges typst: 1 em line boxes with 0.35 em leading (Typst's usual way to set a pitch:
    same pitch, but a cell is 0.35 em shorter than jixiao's);
  * table.header for the 年度履职目标 and 年度绩效指标 column-header rows (repeated on the
    pages those blocks continue on); rows breakable (Typst's default).
"""

import argparse
import json
import sys

# Optional indicator columns in jixiao's Fujian order: (key, header, weight, align).
COLUMNS = [
    ("value_type", "指标值类型", 6, "center"),
    ("explanation", "内涵解释", 15, "left"),
    ("basis", "设置依据", 15, "left"),
    ("method", "指标计算公式或方法", 9, "center"),
    ("scoring", "评分标准", 13, "left"),
    ("target", "目标值", 10, "center"),
    ("unit", "计量单位", 6, "center"),
    ("standard", "绩效标准", 9, "center"),
    ("weight", "指标分值", 6, "center"),
    ("note", "备注", 10, "left"),
]
SECTION_WEIGHT = 7
LEVEL_WEIGHTS = [7, 8, 14]


def split_columns(total, shares):
    """jixiao's render::sheet::split_columns."""
    n = len(shares)
    s = max(sum(shares), 1)
    spans = [max(sh * total // s, 1) for sh in shares]
    while sum(spans) > total:
        cand = [i for i in range(n) if spans[i] > 1]
        if not cand:
            break
        best = max(spans[i] for i in cand)
        i = [i for i in cand if spans[i] == best][-1]  # max_by_key keeps the last maximum
        spans[i] -= 1
    while sum(spans) < total:
        # (0..n).rev().max_by_key(..): among equal keys the last in reversed order = first
        best_i, best_k = None, None
        for i in reversed(range(n)):
            k = (shares[i] * 1000) // spans[i]
            if best_k is None or k >= best_k:
                best_i, best_k = i, k
        spans[best_i] += 1
    return spans


def runs(items, key):
    out, i = [], 0
    while i < len(items):
        k = key(items[i])
        j = i + 1
        while j < len(items) and key(items[j]) == k:
            j += 1
        out.append((i, j - i))
        i = j
    return out


def paragraphs(text):
    return [l[:-1] if l.endswith("\r") else l for l in (text or "").split("\n")]


def text_paragraphs(text):
    return [l.rstrip() for l in (text or "").splitlines() if l.strip()]


def money(v):
    if v is None or v == "":
        return ""
    from decimal import Decimal, ROUND_HALF_EVEN

    return str(Decimal(str(v)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN))


def ind_value(ind, key):
    if key == "target":
        t = ind.get("target")
        return t.get("text") if isinstance(t, dict) else t
    v = ind.get(key)
    if key == "weight" and v not in (None, ""):
        return money(v)
    return v if v not in (None, "") else None


class Cell:
    def __init__(self, row, col, rowspan, colspan, paras, role, align, indent=False):
        self.row, self.col, self.rowspan, self.colspan = row, col, rowspan, colspan
        self.paras, self.role, self.align, self.indent = paras, role, align, indent
        self.stroke = None  # Typst stroke override, e.g. "(bottom: none)"


def build_sheet(d):
    """The sheet of a Fujian department table, as jixiao's forms::department::sheet."""
    for k in ("responsibilities", "funding"):
        if d.get(k):
            sys.exit(f"make_typ.py: field '{k}' (Hunan/Hubei layout) is not supported")
    inds = d["indicators"]
    cols_in_use = [c for c in COLUMNS if c[0] == "target" or any(ind_value(i, c[0]) is not None for i in inds)]
    weights = [SECTION_WEIGHT] + LEVEL_WEIGHTS + [c[2] for c in cols_in_use]
    ncol = len(weights)
    cells, header_rows = [], []
    row = 0

    def label(role, r, c, rs, cs, text):
        cells.append(Cell(r, c, rs, cs, paragraphs(text), role, "center"))

    def value(role, align, r, c, rs, cs, text, indent=None):
        cell = Cell(r, c, rs, cs, paragraphs(text), role, align, role == "text" if indent is None else indent)
        cells.append(cell)
        return cell

    # identity
    label("label", row, 0, 1, 2, "部门(单位)名称")
    rest = ncol - 2
    code_span = max(rest * 2 // 7, 1)
    name_span = rest - 2 * code_span
    value("value", "center", row, 2, 1, name_span, d["department"]["name"])
    col = 2 + name_span
    label("label", row, col, 1, code_span, "部门预算编码")
    value("value", "center", row, col + code_span, 1, ncol - col - code_span, d["department"].get("code") or "")
    row += 1
    # budget
    b = d.get("budget")
    if b:
        label("section", row, 0, 3, 1, "年度预算安排(万元)")
        for k, (name, key) in enumerate([("资金总额", "total"), ("项目支出", "project"), ("基本支出", "basic")]):
            label("label", row + k, 1, 1, 2, name)
            value("amount", "center", row + k, 3, 1, ncol - 3, money(b[key]))
        row += 3
    # overall goal
    label("section", row, 0, 1, 1, "年度总体目标")
    c = value("text", "justify", row, 1, 1, ncol - 1, "")
    c.paras = text_paragraphs(d["overall_goal"])
    row += 1
    # duties
    duties = d.get("duties") or []
    if duties:
        spans = split_columns(ncol - 1, [1, 1, 1, 1])
        starts = [1]
        for s in spans[:-1]:
            starts.append(starts[-1] + s)
        header = row
        label("section", header, 0, len(duties) + 1, 1, "年度履职目标")
        for k, t in enumerate(["部门职能", "年度目标任务", "支出项目名称", "预算金额(万元)"]):
            label("header", header, starts[k], 1, spans[k], t)
        header_rows.append(header)
        first = header + 1
        for s, n in runs(duties, lambda x: x["function"]):
            value("text", "justify", first + s, starts[0], n, spans[0], duties[s]["function"], indent=False)
        for i, du in enumerate(duties):
            r = first + i
            value("text", "justify", r, starts[1], 1, spans[1], du["task"], indent=False)
            value("value", "center", r, starts[2], 1, spans[2], du.get("project") or "")
            value("amount", "center", r, starts[3], 1, spans[3], money(du.get("amount")))
        row = first + len(duties)
    # indicators
    header = row
    label("section", header, 0, len(inds) + 1, 1, "年度绩效指标")
    for k, t in enumerate(["一级指标", "二级指标", "三级指标"]):
        label("header", header, 1 + k, 1, 1, t)
    for k, c in enumerate(cols_in_use):
        label("header", header, 4 + k, 1, 1, c[1])
    header_rows.append(header)
    first = header + 1
    for s, n in runs(inds, lambda x: x["level1"]):
        run = inds[s : s + n]
        no_l2 = all(not (i.get("level2") or "") for i in run)
        value("value", "center", first + s, 1, n, 2 if no_l2 else 1, run[0]["level1"])
        if no_l2:
            continue
        for s2, n2 in runs(run, lambda x: x.get("level2") or ""):
            value("value", "center", first + s + s2, 2, n2, 1, run[s2].get("level2") or "")
    for i, ind in enumerate(inds):
        r = first + i
        value("value", "center", r, 3, 1, 1, ind["name"])
        for k, c in enumerate(cols_in_use):
            value("value", c[3], r, 4 + k, 1, 1, ind_value(ind, c[0]) or "")
    rows = first + len(inds)
    cells.sort(key=lambda c: (c.row, c.col))
    return weights, rows, cells, header_rows


def tstr(s):
    return json.dumps(s, ensure_ascii=False)  # a valid Typst string literal


def cell_body(c):
    if c.role == "text":
        # paragraphs (first-line indent where the sheet asks for it), justified
        ps = ", ".join(tstr(p) for p in c.paras)
        return f"paras(({ps},), {'true' if c.indent else 'false'})"
    ps = ", ".join(tstr(p) for p in c.paras)
    return f"lines(({ps},))"


def emit(d, orientation, widths, edges, font_name):
    weights, nrows, cells, header_rows = build_sheet(d)
    ncol = len(weights)
    if widths == "auto":
        cols = "(" + ", ".join(["auto"] * ncol) + ",)"
    elif widths == "weights":
        cols = "(" + ", ".join(f"{w}fr" for w in weights) + ",)"
    else:
        sys.exit("unknown --widths")
    if edges == "jixiao":
        text_edges = "top-edge: 1.055em, bottom-edge: -0.295em"  # 1.35 em line box
        leading = "0em"
    else:
        text_edges = "top-edge: 0.88em, bottom-edge: -0.12em"  # 1 em line box
        leading = "0.35em"
    title = d["form"]
    subtitle = f"({d['year']} 年度)"
    out = []
    w = out.append
    w(f"// generated by tools/typst-compare/make_typ.py  widths={widths} edges={edges}")
    w(f'#set page(paper: "a4", flipped: {"true" if orientation == "landscape" else "false"},')
    w("  margin: (top: 12mm, bottom: 14mm, x: 10mm),")
    w('  footer: context align(center, text(9pt)[第 #counter(page).display() 页 共 #counter(page).final().first() 页]))')
    w(f'#set text(font: {tstr(font_name)}, size: 10pt, lang: "zh", region: "cn", {text_edges})')
    w(f"#set par(leading: {leading}, spacing: {leading})")
    w("#set block(spacing: 0pt)")
    w("#let lines(ps) = ps.join(linebreak())")
    w("#let paras(ps, indent) = {")
    w("  set par(justify: true, first-line-indent: (amount: if indent { 2em } else { 0em }, all: true))")
    w("  ps.map(p => par(p)).join()")
    w("}")
    # title block as jixiao: line boxes of 1.3 x size, 2 mm, year line, 4 mm
    w(f"#block(width: 100%, height: 23.4pt, align(center + horizon, text(18pt, weight: \"bold\", top-edge: \"bounds\", bottom-edge: \"bounds\", {tstr(title)})))")
    w("#v(2mm)")
    w(f"#block(width: 100%, height: 14.3pt, align(center + horizon, text(11pt, top-edge: \"bounds\", bottom-edge: \"bounds\", {tstr(subtitle)})))")
    w("#v(4mm)")
    w("#table(")
    w(f"  columns: {cols},")
    w("  stroke: 0.75pt,")
    w("  inset: (x: 1.5mm, y: 1.2mm),")
    w("  align: center + horizon,")
    # Section labels that span a column-header row: Typst would make the whole span part of
    # the header, so the label cell starts on the row under the header and the header row's
    # first cell is empty, with no rule between them (one merged cell to the eye).
    by_row = {}
    for c in cells:
        by_row.setdefault(c.row, []).append(c)
    hdr = set(header_rows)
    for c in cells:
        if c.row in hdr and c.col == 0 and c.rowspan > 1:
            c.row += 1
            c.rowspan -= 1
            c.stroke = "(top: none)"
    for r in range(nrows):
        rc = sorted([c for c in cells if c.row == r], key=lambda c: c.col)
        parts = []
        if r in hdr:
            parts.append("table.cell(stroke: (bottom: none))[]")
        for c in rc:
            if r in hdr and c.col == 0:
                continue
            args = [f"x: {c.col}", f"y: {c.row}"]
            if c.rowspan > 1:
                args.append(f"rowspan: {c.rowspan}")
            if c.colspan > 1:
                args.append(f"colspan: {c.colspan}")
            if c.align == "left":
                args.append("align: left + horizon")
            elif c.align == "justify":
                args.append("align: left + horizon")
            if c.stroke:
                args.append(f"stroke: {c.stroke}")
            body = cell_body(c)
            if c.role in ("section", "label", "header"):
                body = f"strong({body})"
            parts.append(f"table.cell({', '.join(args)}, {body})")
        if r in hdr:
            # x/y given explicitly above; the empty first cell of the header row too
            parts[0] = f"table.cell(x: 0, y: {r}, stroke: (bottom: none))[]"
            w("  table.header(" + ", ".join(parts) + "),")
        else:
            for p in parts:
                w("  " + p + ",")
    w(")")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--orientation", choices=["landscape", "portrait"], default="landscape")
    ap.add_argument("--widths", choices=["auto", "weights"], default="auto")
    ap.add_argument("--edges", choices=["jixiao", "typst"], default="jixiao")
    ap.add_argument("--font", default="jixiao Serif")
    a = ap.parse_args()
    with open(a.json, encoding="utf-8") as f:
        d = json.load(f)
    if d.get("form") != "部门整体支出绩效目标表":
        sys.exit(f"make_typ.py: form {d.get('form')!r} is not supported")
    with open(a.output, "w", encoding="utf-8") as f:
        f.write(emit(d, a.orientation, a.widths, a.edges, a.font))


if __name__ == "__main__":
    main()
