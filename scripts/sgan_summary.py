"""The SGAN README table from finished runs: test accuracy per seed, its mean, and training time.

    bash scripts/sgan_reference.sh            # trains the runs, then calls this
    python scripts/sgan_summary.py out/sgan   # reads out/sgan/seed_*/ and out/sgan/baseline_seed_*/

Reads each run's config.json and metrics.json (written by ``gan-cookbook train``/``evaluate``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np


def load(run: Path) -> dict:
    config = json.loads((run / "config.json").read_text())["config"]
    metrics = json.loads((run / "metrics.json").read_text())
    return {"seed": config["seed"], "steps": config["steps"], **metrics}


def table(root: Path) -> str:
    """Markdown rows: one per seed for SGAN and its supervised baseline, then the means."""
    runs = {kind: [load(p) for p in sorted(root.glob(f"{kind}_*")) if (p / "metrics.json").is_file()] for kind in ("seed", "baseline_seed")}
    lines = ["| seed | SGAN test accuracy | training (min) | ms/step | FID of G | supervised baseline | baseline training (min) |"]
    lines.append("| --- | --- | --- | --- | --- | --- | --- |")
    baseline = {r["seed"]: r for r in runs["baseline_seed"]}
    for r in runs["seed"]:
        b = baseline.get(r["seed"], {})
        lines.append(
            f"| {r['seed']} | {100 * r['test_accuracy']:.2f}% | {r['timing']['train_seconds'] / 60:.1f} | {r['timing']['ms_per_step']:.0f} "
            f"| {r.get('fid', float('nan')):.2f} | {100 * b.get('test_accuracy', float('nan')):.2f}% "
            f"| {b.get('timing', {}).get('train_seconds', float('nan')) / 60:.1f} |"
        )
    sgan = [r["test_accuracy"] for r in runs["seed"]]
    base = [r["test_accuracy"] for r in runs["baseline_seed"]]
    if sgan:
        base_cell = f"{100 * np.mean(base):.2f}% ({100 * np.std(base):.2f})" if base else "-"
        lines.append(f"| mean (sd) of {len(sgan)} | **{100 * np.mean(sgan):.2f}%** ({100 * np.std(sgan):.2f}) | | | | {base_cell} | |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(Path(sys.argv[1] if len(sys.argv) > 1 else "out/sgan")))
