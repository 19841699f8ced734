#!/usr/bin/env python3
"""Writes N department specs (variations of the seed) into a folder, for batch measurements.

Usage: tools/make-batch.py N OUT_DIR
Each spec keeps the seed's structure but gets its own department, code, amounts and
indicator count (12-40), so the batch looks like a finance bureau's real intake.
"""
import os
import random
import re
import sys

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    seed = open(os.path.join(here, "..", "specs", "fujian-redcross-2021.toml"), encoding="utf-8").read()
    head, _, rest = seed.partition("[[indicators]]")
    blocks = ["[[indicators]]" + b for b in rest.split("[[indicators]]")]
    os.makedirs(out, exist_ok=True)
    rng = random.Random(2021)
    for i in range(n):
        project = rng.randint(10_000, 5_000_000)
        basic = rng.randint(10_000, 5_000_000)
        h = head.replace("福建省红十字会(本级)", f"福建省第{i + 1}号单位(本级)")
        h = h.replace('code = "338601"', f'code = "{338601 + i}"')
        h = re.sub(r"total = [0-9.]+", f"total = {(project + basic) / 100:.2f}", h)
        h = re.sub(r"project = [0-9.]+", f"project = {project / 100:.2f}", h)
        h = re.sub(r"basic = [0-9.]+", f"basic = {basic / 100:.2f}", h)
        # Keep the duty amounts summing to the total.
        h = h.replace("amount = 662.00", f"amount = {project / 100:.2f}")
        h = h.replace("amount = 1458.91", f"amount = {basic / 100:.2f}")
        count = rng.randint(12, 40)
        body = []
        for k in range(count):
            b = blocks[k % len(blocks)]
            if k >= len(blocks):
                b = b.replace('name = "', f'name = "{k}-', 1)
            body.append(b)
        # Every spec keeps all three required categories (the seed's last block is 满意度).
        if count < len(blocks):
            body.append(blocks[-1])
        with open(os.path.join(out, f"dept-{i + 1:04d}.toml"), "w", encoding="utf-8") as f:
            f.write(h + "".join(body))

if __name__ == "__main__":
    main()
