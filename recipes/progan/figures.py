"""ProGAN's figures from a trained run (Karras et al. 2018; UDL fig. 15.9).

    python recipes/progan/figures.py out/progan --out recipes/progan/figures

``growth.png``: the same eight latent vectors at the end of each stage of growth (4x4, 8x8, ... and the last grid),
read back from the sample grids the run saved: each stage's images at its own resolution, pixels repeated.
``growth.gif``: those eight at every saved grid, in order, the fades included.
``nearest.png`` / ``nearest.json``: 16 samples of the finished generator (odd rows) above their nearest training
image in pixel distance (even rows), with the distances, beside the same distance for held-out images: a generator
that copies its training set sits much closer to it than new images of the same kind do.
"""

import argparse
import json
from pathlib import Path

import imageio.v2 as imageio
import matplotlib.pyplot as plt
import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.runs import load_generator, load_run, nearest_training_images
from gan_cookbook.common.template import generate

COLUMNS = 8


def saved_grids(folder: Path, config) -> list[tuple[int, np.ndarray]]:
    """(step, the first ``COLUMNS`` preview images) of every sample grid the run saved, in order of step."""
    size = config.image_shape[:2]
    grids = sorted((folder / "samples").glob("step_*.png"))
    return [(int(path.stem.split("_")[1]), plots.ungrid(imageio.imread(path), 64, size, scale=2)[:COLUMNS]) for path in grids]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a 'gan-cookbook train progan' --out folder")
    parser.add_argument("--out", required=True, help="folder for the figures")
    parser.add_argument("--seed", type=int, default=0, help="of the 16 samples compared with the training images")
    args = parser.parse_args()

    recipe, config, folder = load_run(args.run)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    grids = saved_grids(folder, config)

    ends = {}  # resolution -> the last grid drawn at it with its fade complete (the grid of step s shows step s - 1)
    for step, images in grids:
        resolution, alpha = config.growth(step - 1)
        if alpha == 1.0:
            ends[resolution] = (step, images)
    fig, axes = plt.subplots(len(ends), 1, figsize=(COLUMNS * 0.9, 1.4 * len(ends)))
    for ax, (resolution, (step, images)) in zip(np.atleast_1d(axes), sorted(ends.items())):
        ax.imshow(np.concatenate(list(images), axis=1).squeeze(), cmap="gray")
        ax.set_title(f"{resolution}x{resolution}, step {step:,}", fontsize=9, loc="left")
        ax.axis("off")
    fig.tight_layout()
    plots.save_figure(fig, out / "growth.png")
    plots.save_gif([np.concatenate(list(images), axis=1) for _, images in grids], out / "growth.gif", fps=6)

    z = np.random.default_rng(args.seed).standard_normal((16, config.latent_dim), dtype=np.float32)
    summary = nearest_training_images(config, generate(load_generator(folder), z), out)
    print(json.dumps({k: v for k, v in summary.items() if k != "sample_distance"}), f"recipe {recipe.name}")


if __name__ == "__main__":
    main()
