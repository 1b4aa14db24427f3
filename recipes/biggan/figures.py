"""BigGAN's truncation figures from a trained run (Brock et al. 2019, fig. 2 and sec. 3.1; UDL fig. 15.10).

    python recipes/biggan/figures.py out/biggan --out recipes/biggan/figures

``truncation_curve.png`` / ``truncation.json``: IS, FID and the share of samples read as the asked-for digit,
each for ``--n`` samples (every class equally often) with z truncated at each threshold t (entries beyond +-t
drawn again; "none" is the untruncated normal): fidelity (IS) rises as t falls, variety (FID) suffers.
``truncation.png``: one row per threshold, the same classes and the same underlying draws in every row.
"""

import argparse
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from gan_cookbook.common import metrics, plots
from gan_cookbook.common.runs import class_labels, load_generator, load_run
from gan_cookbook.common.template import generate, truncated_normal

THRESHOLDS = (None, 2.0, 1.5, 1.0, 0.75, 0.5, 0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a 'gan-cookbook train biggan' --out folder")
    parser.add_argument("--out", required=True, help="folder for the figures")
    parser.add_argument("--n", type=int, default=10_000, help="samples scored at each threshold")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    recipe, config, folder = load_run(args.run)
    generator, out = load_generator(folder), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    reference = metrics.reference_for(config)
    asked = class_labels(recipe, config, args.n)
    rows, points = [], []
    for t in THRESHOLDS:
        z = truncated_normal((args.n, config.latent_dim), t, np.random.default_rng(args.seed))
        images = generate(generator, recipe.gan.generator_inputs_for(config, z, asked))
        scores = reference.evaluate(images, asked=asked)
        points.append({"threshold": t, **{k: scores[k] for k in ("inception_score", "fid", "label_accuracy")}})
        rows.append(images[:20])
        print(json.dumps(points[-1]))
    (out / "truncation.json").write_text(json.dumps(points, indent=2))
    plots.save_grid(np.concatenate(rows), out / "truncation.png", rows=len(rows))

    labels = ["none" if p["threshold"] is None else str(p["threshold"]) for p in points]
    fig, (ax_is, ax_fid) = plt.subplots(1, 2, figsize=(9, 3.4))
    ax_is.plot(labels, [p["inception_score"] for p in points], "o-")
    ax_is.set(xlabel="truncation threshold t", ylabel="IS (higher: each sample more certainly a digit)")
    ax_fid.plot(labels, [p["fid"] for p in points], "o-", color="tab:red")
    ax_fid.set(xlabel="truncation threshold t", ylabel="FID (lower: closer to the test set)")
    fig.suptitle(f"{recipe.name}: {args.n:,} samples per threshold")
    fig.tight_layout()
    plots.save_figure(fig, out / "truncation_curve.png")
    print(f"figures in {out}: truncation_curve.png, truncation.png, truncation.json")


if __name__ == "__main__":
    main()
