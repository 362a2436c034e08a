#!/usr/bin/env python3
"""Prints the table of BENCHMARKS.md from the last `cargo bench` run (target/criterion).

Every figure is criterion's median; every ratio is of two cases measured in the same run.
`nn` / `hand` run in the caller's floating-point mode (the process default: subnormals kept),
`, flushed` under nn::FloatMode::flush_subnormals(). `nn, 2 threads` (W5) is nn with
nn::threads::with_max_threads(2); every other case runs on one thread.

    python3 benches/ratios.py [target/criterion]
"""

import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
cases = {}
for bench in root.glob("**/new/benchmark.json"):
    info = json.loads(bench.read_text())
    estimates = json.loads((bench.parent / "estimates.json").read_text())
    median_ns = estimates["median"]["point_estimate"]
    elements = (info.get("throughput") or {}).get("Elements")
    name = info.get("function_id") or info.get("value_str")
    cases.setdefault(info["group_id"], {})[name] = (median_ns, elements)


def figure(case):
    ns, elements = case
    if elements and elements > 1:
        return f"{elements / ns * 1e9 / 1e3:,.0f}k rows/s"
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return f"{ns / scale:.3g} {unit}"
    return f"{ns:.3g} ns"


print("| workload | nn | nn, flushed | hand | hand, flushed "
      "| same mode (flushed): hand/nn | hand as written / nn flushed | flush gain for nn |")
print("|---|---|---|---|---|---|---|---|")
for group in sorted(g for g in cases if not g.startswith("sgemm")):
    c = cases[group]
    names = ("nn", "nn, flushed", "hand", "hand, flushed")
    if not all(n in c for n in names):
        continue
    t = {n: c[n][0] for n in names}
    print(f"| {group} | " + " | ".join(figure(c[n]) for n in names)
          + f" | {t['hand, flushed'] / t['nn, flushed']:.2f}×"
          + f" | {t['hand'] / t['nn, flushed']:.2f}×"
          + f" | {t['nn'] / t['nn, flushed']:.2f}× |")

threaded = [g for g in sorted(cases) if "nn, 2 threads" in cases[g] and "nn, flushed" in cases[g]]
if threaded:
    print("\n| workload | nn, 1 thread | nn, 2 threads | hand, 1 thread (flushed) "
          "| 1 thread: hand/nn | gain from the second core |")
    print("|---|---|---|---|---|---|")
for group in threaded:
    c = cases[group]
    one, two, hand = c["nn, flushed"], c["nn, 2 threads"], c["hand, flushed"]
    print(f"| {group} | {figure(one)} | {figure(two)} | {figure(hand)} "
          f"| {hand[0] / one[0]:.2f}× | +{(one[0] / two[0] - 1) * 100:.0f} % |")

for group in sorted(g for g in cases if g.startswith("sgemm")):
    for name, (ns, flops) in sorted(cases[group].items(), key=lambda kv: int(kv[0])):
        print(f"\nsgemm {name}³: {flops / ns:.1f} GFLOP/s", end="")
print()
