"""The autoencoder and VAE figures of the README, from finished runs (GANs in Action figs. 2.6 and 2.7).

    python scripts/autoencoder_figures.py --vae out/vae --autoencoder out/autoencoder \\
        --vae-2d out/vae_2d --autoencoder-2d out/autoencoder_2d [--gan out/dcgan] --out recipes/vae/figures

writes, from the 10,000 MNIST test images (never trained on):

    latent_space.png     the 2-D runs' codes of the test images, coloured by digit (the VAE's: the encoder's means)
    manifold.png         the 2-D runs' decoders on a 20 x 20 grid of the prior's quantiles (the autoencoder's
                         through the Gaussian of its codes, the distribution it samples from)
    reconstructions.png  test digits and their reconstructions by each run
    samples.png          samples of each run (and of a GAN run, with --gan) from the same latent vectors' seed
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from gan_cookbook.common import plots  # noqa: E402
from gan_cookbook.common.autoencoding import decoder_of, encode, manifold_inputs  # noqa: E402
from gan_cookbook.common.data import load_mnist  # noqa: E402
from gan_cookbook.common.runs import load_generator, load_model, load_run  # noqa: E402
from gan_cookbook.common.template import generate  # noqa: E402


def encoder_of(run: str):
    return load_model(Path(run) / "encoder.keras")


def show(ax: plt.Axes, pixels: np.ndarray, title: str) -> None:
    ax.imshow(pixels[..., 0], cmap="gray")
    ax.set_title(title, fontsize=9)
    ax.axis("off")


def side_by_side(runs: dict[str, str], path: Path, size: tuple[float, float], draw) -> None:
    """One panel per run, left to right, each drawn by ``draw(ax, name, run)``."""
    fig, axes = plt.subplots(1, len(runs), figsize=(size[0] * len(runs), size[1]), squeeze=False)
    for ax, (name, run) in zip(axes[0], runs.items()):
        draw(ax, name, run)
    fig.tight_layout()
    plots.save_figure(fig, path)


def latent_space(runs: dict[str, str], images: np.ndarray, labels: np.ndarray, path: Path) -> None:
    def draw(ax, name, run):
        plots.latent_scatter(ax, encode(encoder_of(run), images), labels, f"{name}: codes of the 10,000 test digits")

    side_by_side(runs, path, (5.2, 4.8), draw)


def manifold(runs: dict[str, str], path: Path, n: int = 20) -> None:
    def draw(ax, name, run):
        show(ax, plots.grid(generate(load_generator(run), manifold_inputs(n)), rows=n, pad=0), f"{name}: decoded {n} x {n} grid")

    side_by_side(runs, path, (5.2, 5.4), draw)


def reconstructions(runs: dict[str, str], images: np.ndarray, path: Path) -> None:
    rows = [("test digits", images)]
    for name, run in runs.items():
        rows.append((name, generate(decoder_of(load_generator(run)), encode(encoder_of(run), images))))
    fig, axes = plt.subplots(len(rows), 1, figsize=(len(images) * 0.55, 1.05 * len(rows)), squeeze=False)
    for ax, (name, x) in zip(axes[:, 0], rows):
        show(ax, plots.grid(x, rows=1), name)
    fig.tight_layout()
    plots.save_figure(fig, path)


def samples(runs: dict[str, str], path: Path, n: int = 64) -> None:
    def draw(ax, name, run):
        z = np.random.default_rng(0).standard_normal((n, load_run(run)[1].latent_dim), dtype=np.float32)
        show(ax, plots.grid(generate(load_generator(run), z)), name)

    side_by_side(runs, path, (4.2, 4.5), draw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("vae", "autoencoder", "vae-2d", "autoencoder-2d"):
        parser.add_argument(f"--{name}", required=True, help=f"the finished {name} run folder")
    parser.add_argument("--gan", help="a GAN run to sample beside them (the DCGAN reference)")
    parser.add_argument("--out", required=True, help="folder for the figures")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    images, labels = load_mnist(split="test")
    flat = {"VAE, 2-d": args.vae_2d, "autoencoder, 2-d": args.autoencoder_2d}
    deep = {"VAE, 20-d": args.vae, "autoencoder, 20-d": args.autoencoder}
    latent_space(flat, images, labels, out / "latent_space.png")
    manifold(flat, out / "manifold.png")
    reconstructions({**deep, **flat}, images[:16], out / "reconstructions.png")
    samples({**({"DCGAN": args.gan} if args.gan else {}), **deep}, out / "samples.png")
    print(f"wrote {', '.join(p.name for p in sorted(out.glob('*.png')))} to {out}")


if __name__ == "__main__":
    main()
