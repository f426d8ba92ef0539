#!/usr/bin/env python3
"""Prints the issue's bars (strict rule) from one or more privacy reports (report.json), one row per model, and for a
model named pbl... or cbl... how many of its method's bars it holds and the summed shortfall in points (the rule of the
rounds of pilots).

Usage: bench/backdoor/bars.py [--clean CLEAN_REPORT] REPORT_DIR_OR_JSON...   (reads only)

The numbers are each report's own unless --clean names another report: then BA and PSR (Eq. 10) are recomputed from
the raw metrics against that report's reference (clean) model, which must have been scored on the same images. This
rescores models whose checkpoints are gone against a clean model trained later.
"""
import json
import os
import sys

# Each method's bars, as the issue gives them: BA within a number of points, then PSR minimums (percent).
BARS = {
    "pbl": (2.0, {("R@1", "C->P"): 90, ("R@1", "P->C"): 95, ("R@1", "P->P"): 80, ("mAP_c", "C->P"): 95, ("mAP_c", "P->C"): 95}),
    "cbl": (1.0, {("R@1", "C->P"): 70, ("R@1", "P->C"): 90, ("R@1", "P->P"): 55}),
}


def score(method, ba, psr):
    """(bars held, of how many, summed shortfall in points) of a method's model."""
    gap, minimums = BARS[method]
    shortfalls = [max(0.0, -ba - gap)] + [max(0.0, bar - psr[key]) for key, bar in minimums.items()]
    return sum(s == 0 for s in shortfalls), len(shortfalls), sum(shortfalls)


def load(path):
    if os.path.isdir(path):
        path = os.path.join(path, "report.json")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def strict(model, task):
    return next(t for t in model["tasks"] if t["task"] == task and t["rule"] == "strict")


def rescored(model, clean_cc):
    """The model's strict tasks with PSR recomputed against another clean model's C->C metrics (Eq. 10)."""
    tasks = []
    for t in model["tasks"]:
        if t["rule"] == "strict":
            psr = {k: (clean_cc[k] - v) / clean_cc[k] for k, v in t["metrics"].items()}
            t = dict(t, psr=psr)
        tasks.append(t)
    return dict(model, tasks=tasks)


def main(args):
    other_clean = None
    if args[:1] == ["--clean"]:
        if len(args) < 2:
            sys.exit("--clean needs a report (folder or report.json)")
        other = load(args[1])
        other_clean = next(m for m in other["models"] if m["name"] == other["reference"])
        args = args[2:]
    paths = args
    if not paths:
        sys.exit(__doc__.strip())
    print("| report | model | C->C R@1 | BA | PSR R@1 C->P | P->C | P->P | PSR mAP_c C->P | P->C | exposure@4 drop | mixed clean R@1 | bars held | shortfall |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for given in paths:
        report = load(given)
        models = {m["name"]: m for m in report["models"]}
        if other_clean is not None:
            if strict(other_clean, "C->C")["queries"] != strict(models[report["reference"]], "C->C")["queries"]:
                sys.exit(f"{given}: scored on other images than the --clean report")
            clean_cc = strict(other_clean, "C->C")["metrics"]
            models = {name: rescored(m, clean_cc) for name, m in models.items() if name != report["reference"]}
            models = {"clean (--clean)": other_clean, **models}
            reference = other_clean
        else:
            reference = models[report["reference"]]
        clean_r1 = strict(reference, "C->C")["metrics"]["R@1"]
        mixed = {m["name"]: m for m in report.get("mixedGallery", [])}
        clean_mixed = None if other_clean is not None else mixed.get(report["reference"])
        for name, model in models.items():
            r1 = strict(model, "C->C")["metrics"]["R@1"]
            row = [given, name, f"{100 * r1:.2f}", f"{100 * (r1 - clean_r1):+.2f}"]
            psrs = {}
            for metric, tasks in (("R@1", ("C->P", "P->C", "P->P")), ("mAP_c", ("C->P", "P->C"))):
                for task in tasks:
                    psr = strict(model, task)["psr"]
                    if psr is not None and model is not reference:
                        psrs[(metric, task)] = 100 * psr[metric]
                    row.append(f"{psrs[(metric, task)]:.1f}" if (metric, task) in psrs else "")
            m = mixed.get(name)
            if m and clean_mixed and m is not clean_mixed:
                drop = 1 - m["exposureAtK"]["4"] / clean_mixed["exposureAtK"]["4"]
                row += [f"{100 * drop:.1f}%", f"{100 * (m['cleanRecallAtK']['1'] - clean_mixed['cleanRecallAtK']['1']):+.2f}"]
            else:
                row += ["", ""]
            method = next((m for m in BARS if name.startswith(m)), None)
            if method and len(psrs) == 5:
                held, count, short = score(method, 100 * (r1 - clean_r1), psrs)
                row += [f"{held} of {count}", f"{short:.1f}"]
            else:
                row += ["", ""]
            print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
