#!/usr/bin/env python3
"""Prints the issue's bars (strict rule) from one or more privacy reports (report.json), one row per model.

Usage: bench/backdoor/bars.py REPORT_DIR_OR_JSON...   (reads only; the numbers are the report's own)
"""
import json
import os
import sys


def load(path):
    if os.path.isdir(path):
        path = os.path.join(path, "report.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def strict(model, task):
    return next(t for t in model["tasks"] if t["task"] == task and t["rule"] == "strict")


def main(paths):
    if not paths:
        sys.exit(__doc__.strip())
    print("| report | model | C->C R@1 | BA | PSR R@1 C->P | P->C | P->P | PSR mAP_c C->P | P->C | exposure@4 drop | mixed clean R@1 |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for given in paths:
        report = load(given)
        models = {m["name"]: m for m in report["models"]}
        reference = models[report["reference"]]
        clean_r1 = strict(reference, "C->C")["metrics"]["R@1"]
        mixed = {m["name"]: m for m in report.get("mixedGallery", [])}
        clean_mixed = mixed.get(report["reference"])
        for name, model in models.items():
            r1 = strict(model, "C->C")["metrics"]["R@1"]
            row = [given, name, f"{100 * r1:.2f}", f"{100 * (r1 - clean_r1):+.2f}"]
            for metric, tasks in (("R@1", ("C->P", "P->C", "P->P")), ("mAP_c", ("C->P", "P->C"))):
                for task in tasks:
                    psr = strict(model, task)["psr"]
                    row.append("" if psr is None or model is reference else f"{100 * psr[metric]:.1f}")
            m = mixed.get(name)
            if m and clean_mixed and m is not clean_mixed:
                drop = 1 - m["exposureAtK"]["4"] / clean_mixed["exposureAtK"]["4"]
                row += [f"{100 * drop:.1f}%", f"{100 * (m['cleanRecallAtK']['1'] - clean_mixed['cleanRecallAtK']['1']):+.2f}"]
            else:
                row += ["", ""]
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
