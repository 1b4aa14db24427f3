"""The SGAN README table from finished runs: test accuracy per seed, its mean, and training time.

    bash recipes/sgan/reference.sh                                   # trains the runs, then calls this
    python recipes/sgan/summary.py out/sgan [--plot accuracy.png]    # reads out/sgan/seed_*/ and out/sgan/baseline_seed_*/

``--plot`` also draws every run's test accuracy over training (``test_accuracy_history.json``).

Reads each run's config.json and metrics.json (written by ``gan-cookbook train``/``evaluate``).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


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


def plot(root: Path, path: Path) -> None:
    """Test accuracy against training step, one line per run: SGAN solid, the supervised baseline dashed."""
    fig, ax = plt.subplots(figsize=(6, 4))
    for run in sorted(root.glob("*seed_*")):
        history = run / "test_accuracy_history.json"
        if history.is_file():
            points = json.loads(history.read_text())
            baseline = run.name.startswith("baseline")
            seed = int(run.name.rsplit("_", 1)[-1])
            label = f"{'supervised baseline' if baseline else 'SGAN'}, seed {seed}"
            steps, accuracy = [p["step"] for p in points], [100 * p["test_accuracy"] for p in points]
            ax.plot(steps, accuracy, ls="--" if baseline else "-", marker="o", color=f"C{seed}", label=label)
    ax.axhline(97, color="k", lw=1, ls=":", label="bar: 97%")
    ax.set(xlabel="step", ylabel="MNIST test accuracy (%)", title="100 labels: SGAN vs the same network on the labels alone")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default="out/sgan", type=Path)
    parser.add_argument("--plot", type=Path, help="also write the test-accuracy curves here")
    args = parser.parse_args()
    print(table(args.root))
    if args.plot:
        plot(args.root, args.plot)
