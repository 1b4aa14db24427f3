"""The loss study: six objectives on the same DCGAN-size networks and CPU budget, three seeds each.

    python scripts/loss_study.py --out out/loss_study                      # every objective, seeds 0-2
    python scripts/loss_study.py --objectives hinge_sn wasserstein_gp --seeds 1 --out out/try
    python scripts/loss_study.py --preset stacked --out out/stacked_mnist  # mode coverage on Stacked MNIST

Each run is ``gan-cookbook train <recipe> --preset study --seed S`` (the recipes' ``study`` presets
share the networks, batch size and a budget of at most 5 CPU minutes), scored during training
(FID every ``eval_every`` steps) and at the end on 10,000 samples. Writes ``study.json``, the table
(mean and spread over seeds) and ``fid_over_time.png`` (mean FID against training minutes, the
seeds' range shaded). ``--preset stacked`` trains the same networks and steps on Stacked MNIST and
tabulates the modes reached by 26,000 samples (of 1,000) and the KL divergence of their histogram
from uniform.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

# objective -> (recipe, extra flags)
OBJECTIVES = {
    "minimax": ("dcgan", ["--saturating", "true"]),
    "non_saturating": ("dcgan", []),
    "least_squares": ("lsgan", []),
    "wasserstein": ("wgan", []),
    "wasserstein_gp": ("wgan_gp", []),
    "hinge_sn": ("sngan", []),
}


def train(objective: str, seed: int, out: Path, extra: list[str], preset: str = "study") -> Path:
    recipe, flags = OBJECTIVES[objective]
    run = out / f"{objective}_seed{seed}"
    if not (run / "metrics.json").is_file():
        command = [
            sys.executable,
            "-m",
            "gan_cookbook.common.cli",
            "train",
            recipe,
            "--preset",
            preset,
            "--seed",
            str(seed),
            *flags,
            *extra,
        ]
        subprocess.run([*command, "--verbose", "2", "--out", str(run)], check=True)
    return run


def summary(runs: dict[str, list[Path]]) -> dict[str, dict]:
    """Per objective: the final scores of each seed, and each seed's FID curve against training minutes."""
    table = {}
    for objective, paths in runs.items():
        metrics = [json.loads((p / "metrics.json").read_text()) for p in paths]
        curves = []
        for path, m in zip(paths, metrics):
            points = json.loads((path / "fid_history.json").read_text()) if (path / "fid_history.json").is_file() else []
            ms, end = m.get("timing", {}).get("ms_per_step", float("nan")), m.get("timing", {}).get("steps", 0)
            fids = [(p["step"], p["fid"]) for p in points if p["step"] < end] + ([(end, m["fid"])] if end and "fid" in m else [])
            curves.append([(step * ms / 60_000, fid) for step, fid in fids])  # ending at the final FID, of 10,000 samples
        scores = ("modes", "kl") if "modes" in metrics[0] else ("fid", "inception_score", "min_class_fraction", "max_class_fraction")
        table[objective] = {
            **{score: [m[score] for m in metrics] for score in scores},
            "train_minutes": [m.get("timing", {}).get("train_seconds", float("nan")) / 60 for m in metrics],
            "curves": curves,
        }
    return table


def plot(table: dict[str, dict], path: Path) -> None:
    fig, ax = plt.subplots(figsize=(6.5, 4.2))
    for objective, row in table.items():
        curves = [c for c in row["curves"] if c]
        if not curves:
            continue
        length = min(len(c) for c in curves)
        minutes = np.mean([[t for t, _ in c[:length]] for c in curves], axis=0)
        fids = np.array([[f for _, f in c[:length]] for c in curves])
        (line,) = ax.plot(minutes, fids.mean(axis=0), marker="o", ms=3, label=objective)
        ax.fill_between(minutes, fids.min(axis=0), fids.max(axis=0), color=line.get_color(), alpha=0.15)
    ax.set(xlabel="training minutes (2-core CPU)", ylabel="FID (log scale)", yscale="log", title="FID over training, mean of seeds")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--objectives", nargs="+", choices=sorted(OBJECTIVES), default=list(OBJECTIVES))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--preset", choices=("study", "stacked"), default="study", help="MNIST (FID, IS) or Stacked MNIST (modes)")
    parser.add_argument("--out", default="out/loss_study")
    parser.add_argument("extra", nargs=argparse.REMAINDER, help="after --: more flags for every run (e.g. -- --steps 5)")
    args = parser.parse_args()

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    extra = [a for a in args.extra if a != "--"]
    runs = {objective: [train(objective, seed, out, extra, args.preset) for seed in range(args.seeds)] for objective in args.objectives}
    table = summary(runs)
    (out / "study.json").write_text(json.dumps(table, indent=1))
    print(f"{args.seeds} seeds each: mean (sd)")
    if args.preset == "stacked":
        print("| objective | modes (of 1,000) | KL to uniform | training minutes |\n| --- | --- | --- | --- |")
        for objective, row in table.items():
            modes, kl = np.array(row["modes"]), np.array(row["kl"])
            minutes = np.mean(row["train_minutes"])
            print(f"| {objective} | {modes.mean():.1f} ({modes.std():.1f}) | {kl.mean():.2f} ({kl.std():.2f}) | {minutes:.1f} |")
        return
    plot(table, out / "fid_over_time.png")
    print("| objective | FID | IS | digits min-max % | training minutes |\n| --- | --- | --- | --- | --- |")
    for objective, row in table.items():
        fid, score = np.array(row["fid"]), np.array(row["inception_score"])
        low, high = 100 * min(row["min_class_fraction"]), 100 * max(row["max_class_fraction"])
        print(
            f"| {objective} | {fid.mean():.2f} ({fid.std():.2f}) | {score.mean():.2f} ({score.std():.2f}) | {low:.1f}-{high:.1f} "
            f"| {np.mean(row['train_minutes']):.1f} |"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
