"""Side-by-side figures of finished translation runs, on held-out inputs, and their scores as a table.

    python scripts/translation_figures.py compare out/pix2pix_l1 out/pix2pix --labels "L1 only" "L1 + GAN" \\
        --out recipes/pix2pix/figures/l1_vs_gan.png
    python scripts/translation_figures.py compare out/cyclegan_noid out/cyclegan --labels "no identity" "identity 0.5" \\
        --out recipes/cyclegan/figures/identity.png
    python scripts/translation_figures.py table out/pix2pix out/pix2pix_l1 out/cyclegan

``compare`` draws one column per held-out input (the first ``--n``): the source, each run's
translation (in the order given) and, for paired data, the true target. The runs must translate
the same dataset. ``table`` prints each run's ``metrics.json`` as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from gan_cookbook.common import plots  # noqa: E402
from gan_cookbook.common.runs import load_run, translate_held_out  # noqa: E402


def compare(runs: list[str], labels: list[str], out: str, n: int = 8, direction: str = "ab", first: int = 0) -> Path:
    """A figure: rows source, each run's translation, target (if paired); one column per held-out input."""
    results = [translate_held_out(run, first + n, direction) for run in runs]
    datasets = {load_run(run)[1].dataset for run in runs}
    if len(datasets) > 1:
        raise SystemExit(f"the runs translate different datasets: {sorted(datasets)}")
    rows = [("input", results[0]["source"])] + [(label, r["x"]) for label, r in zip(labels, results)]
    if "target" in results[0]:
        rows.append(("target", results[0]["target"]))
    fig, axes = plt.subplots(len(rows), 1, figsize=(1.0 * n, 1.25 * len(rows)), squeeze=False)
    for ax, (label, images) in zip(axes[:, 0], rows):
        pixels = plots.grid(images[first : first + n], rows=1)
        ax.imshow(pixels if pixels.ndim == 3 and pixels.shape[-1] == 3 else pixels.squeeze(), cmap="gray")
        ax.set_title(label, loc="left", fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110)
    plt.close(fig)
    return Path(out)


def table(runs: list[str]) -> str:
    """The runs' held-out scores, one row per run and direction."""
    keys = ["l1", "psnr", "ssim", "input_psnr", "input_ssim", "sharpness", "target_sharpness", "digit_accuracy", "fid", "cycle_l1"]
    keys += ["classifier_on_raw", "classifier_on_translated"]
    lines = ["| run | direction | " + " | ".join(keys) + " | minutes |", "|" + " --- |" * (len(keys) + 3)]
    for run in runs:
        metrics = json.loads((Path(run) / "metrics.json").read_text())
        minutes = metrics.get("timing", {}).get("wall_seconds", float("nan")) / 60
        for direction in ("ab", "ba"):
            if direction in metrics:
                cells = [f"{metrics[direction][k]:.3f}" if k in metrics[direction] else "" for k in keys]
                lines.append(f"| {run} | {direction} | " + " | ".join(cells) + f" | {minutes:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compare")
    c.add_argument("runs", nargs="+")
    c.add_argument("--labels", nargs="+", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--n", type=int, default=8)
    c.add_argument("--first", type=int, default=0, help="skip this many held-out inputs")
    c.add_argument("--direction", default="ab", choices=("ab", "ba"))
    t = sub.add_parser("table")
    t.add_argument("runs", nargs="+")
    args = parser.parse_args()
    if args.command == "compare":
        if len(args.labels) != len(args.runs):
            parser.error("give one --labels entry per run")
        print(compare(args.runs, args.labels, args.out, args.n, args.direction, args.first))
    else:
        print(table(args.runs))


if __name__ == "__main__":
    main()
