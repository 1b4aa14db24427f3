"""3D-GAN's figures from a trained run: samples drawn as cubes with the classifier's verdict, a turntable, and
latent interpolations between shapes of two classes (Wu et al. fig. 6).

    python recipes/gan3d/figures.py out/gan3d --out recipes/gan3d/figures

``cubes.png``: 16 samples as cubes, titled with the shape classifier's class and confidence.
``interpolation.png``: three rows, each from a sample of one class to a sample of another, z moved
in a straight line (the paper's figure) in eight steps.
``turntable.gif``: the first sample seen from all around.
"""

import argparse
from pathlib import Path

import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.runs import load_generator, load_run
from gan_cookbook.common.template import generate
from gan_cookbook.common.voxels import CLASSES, ShapeEvaluator, draw_grid, draw_turntable


def interpolation_ends(probabilities: np.ndarray, rows: int) -> list[tuple[int, int]]:
    """``rows`` pairs (i, j) of samples the classifier calls two different classes, each
    pair the most confident sample of its class; classes taken in order of their best confidence."""
    verdict, confidence = probabilities.argmax(axis=1), probabilities.max(axis=1)
    best = {}
    for i in np.argsort(-confidence):
        if verdict[i] < len(CLASSES):  # not "no shape"
            best.setdefault(int(verdict[i]), int(i))
    ranked = list(best.values())
    if len(ranked) < 2:
        raise ValueError("the samples show fewer than two shape classes: nothing to interpolate between")
    return [(ranked[r % len(ranked)], ranked[(r + 1) % len(ranked)]) for r in range(rows)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a 'gan-cookbook train gan3d' --out folder")
    parser.add_argument("--out", required=True, help="folder for the figures")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=8, help="grids along each interpolation, both ends included")
    args = parser.parse_args()

    recipe, config, folder = load_run(args.run)
    generator, out = load_generator(folder), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    z = np.random.default_rng(args.seed).standard_normal((256, config.latent_dim), dtype=np.float32)
    samples = generate(generator, z)
    probabilities = ShapeEvaluator().probabilities(samples)
    names = [*CLASSES, "no shape"]
    titles = [f"{names[p.argmax()]} {p.max():.2f}" for p in probabilities[:16]]
    draw_grid(samples[:16], out / "cubes.png", columns=8, titles=titles)
    draw_turntable(samples[0], out / "turntable.gif")
    ends = interpolation_ends(probabilities, rows=3)
    t = np.linspace(0, 1, args.steps, dtype=np.float32)[:, None]
    path = np.concatenate([(1 - t) * z[i] + t * z[j] for i, j in ends])
    plots.save_grid(generate(generator, path), out / "interpolation.png", rows=len(ends))
    pairs = ", ".join(f"{names[probabilities[i].argmax()]} -> {names[probabilities[j].argmax()]}" for i, j in ends)
    print(f"figures in {out}: cubes.png, turntable.gif, interpolation.png ({pairs})")


if __name__ == "__main__":
    main()
