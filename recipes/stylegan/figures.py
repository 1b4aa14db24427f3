"""StyleGAN's figures from a trained run (Karras et al. 2019, fig. 3, 4 and 8).

    python recipes/stylegan/figures.py out/stylegan --out recipes/stylegan/figures

``style_mixing.png``: the top row and the left column are images of eight w each; every other image takes the styles
of the coarse layers (``--crossover``: the first of the finer layers; default the 16x16 block) from its row's w
and those of the finer layers from its column's w: pose and shape come from the rows, stroke and detail from the
columns.
``truncation.png``: the same eight z at psi = 1.0, 0.7, 0.5 and 0.0 (rows), w pulled towards its average: variety
traded for typicality, down to the one average image at psi = 0.
``noise.png``: one w with the noise images redrawn (seven times), and the per-pixel standard deviation over 64
redraws (brighter: more variation): what the noise alone changes.
``nearest.png`` / ``nearest.json``: 16 samples above their nearest training images (:func:`nearest_training_images`).
"""

import argparse
import json
from pathlib import Path

import keras
import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.runs import load_generator, load_run, nearest_training_images
from gan_cookbook.common.template import generate, predict

PSIS = (1.0, 0.7, 0.5, 0.0)


def styles(generator: keras.Model, z: np.ndarray, psi: float = 1.0) -> np.ndarray:
    """The w of each z, pulled toward the average w by ``psi`` (the generator's own truncation layer): (n, w_dim)."""
    w = predict(generator.get_layer("mapping"), z)
    return keras.ops.convert_to_numpy(generator.get_layer("truncation")([w, np.full((len(w), 1), psi, np.float32)]))


def synthesise(generator: keras.Model, ws: np.ndarray) -> np.ndarray:
    """Images in [-1, 1] from per-layer styles (n, layers, w_dim), noise as in inference (the fixed noise images)."""
    return np.clip(generate(generator.get_layer("synthesis"), ws.astype(np.float32)), -1, 1)


def layers_of(generator: keras.Model) -> int:
    return generator.get_layer("synthesis").input.shape[1]


def style_mixing(generator: keras.Model, rows: np.ndarray, columns: np.ndarray, crossover: int) -> np.ndarray:
    """(len(rows) + 1) x (len(columns) + 1) images, row-major: the columns' own images on top, the rows' own on the
    left (a grey corner), inside each row's w at layers < ``crossover`` and its column's w from there on."""
    n_layers = layers_of(generator)
    coarse, fine = np.repeat(rows[:, None], n_layers, axis=1), np.repeat(columns[:, None], n_layers, axis=1)
    mixed = np.concatenate([coarse[:, None, :crossover].repeat(len(columns), 1), fine[None, :, crossover:].repeat(len(rows), 0)], axis=2)
    own_rows, own_columns = synthesise(generator, coarse), synthesise(generator, fine)
    inner = synthesise(generator, mixed.reshape(-1, n_layers, rows.shape[-1])).reshape(len(rows), len(columns), *own_rows.shape[1:])
    top = np.concatenate([np.zeros_like(own_rows[:1]), own_columns])
    body = [np.concatenate([own_rows[i : i + 1], inner[i]]) for i in range(len(rows))]
    return np.concatenate([top, *body])


def truncation_sweep(generator: keras.Model, z: np.ndarray, psis=PSIS) -> np.ndarray:
    """The images of ``z`` at each psi, one row per psi."""
    n_layers = layers_of(generator)
    return np.concatenate([synthesise(generator, np.repeat(styles(generator, z, psi)[:, None], n_layers, axis=1)) for psi in psis])


def noise_variation(generator: keras.Model, w: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` images of one w, (n, h, w, c), each with every noise image of the synthesis network drawn afresh; the
    network's own noise images are put back afterwards."""
    noisy = [layer for layer in generator.get_layer("synthesis").layers if hasattr(layer, "noise_image")]
    kept = [keras.ops.convert_to_numpy(layer.noise_image) for layer in noisy]
    ws = np.repeat(w[None, None], layers_of(generator), axis=1)
    images = []
    try:
        for _ in range(n):
            for layer, noise in zip(noisy, kept):
                layer.noise_image.assign(rng.standard_normal(noise.shape).astype(np.float32))
            images.append(synthesise(generator, ws)[0])
    finally:
        for layer, noise in zip(noisy, kept):
            layer.noise_image.assign(noise)
    return np.stack(images)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a 'gan-cookbook train stylegan' --out folder")
    parser.add_argument("--out", required=True, help="folder for the figures")
    parser.add_argument("--crossover", type=int, help="the first layer whose style comes from the column (default: the 16x16 block's)")
    parser.add_argument("--seed", type=int, default=0, help="of the latent vectors drawn")
    args = parser.parse_args()

    recipe, config, folder = load_run(args.run)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    generator = load_generator(folder)
    rng = np.random.default_rng(args.seed)
    z = rng.standard_normal((16, config.latent_dim), dtype=np.float32)

    crossover = 3 if args.crossover is None else args.crossover  # styles 0-2: the 4x4 block and the 8x8 block's convolutions
    mixing = style_mixing(generator, styles(generator, z[:6]), styles(generator, z[6:14]), crossover)
    plots.save_grid(mixing, out / "style_mixing.png", rows=7)
    plots.save_grid(truncation_sweep(generator, z[:8]), out / "truncation.png", rows=len(PSIS))
    variations = noise_variation(generator, styles(generator, z[14:15])[0], 64, rng)
    spread = variations.std(axis=0).mean(axis=-1, keepdims=True)
    spread = spread / max(float(spread.max()), 1e-8) * 2 - 1  # 0 .. the largest deviation, shown black .. white
    spread = np.repeat(spread, config.image_shape[-1], axis=-1)
    plots.save_grid(np.concatenate([variations[:7], spread[None]]), out / "noise.png", rows=1)

    summary = nearest_training_images(config, generate(generator, recipe.gan.generator_inputs_for(config, z)), out)
    summary["noise_std_mean"] = float(variations.std(axis=0).mean())
    (out / "nearest.json").write_text(json.dumps(summary, indent=1))
    print(json.dumps({k: v for k, v in summary.items() if k != "sample_distance"}), f"recipe {recipe.name}")


if __name__ == "__main__":
    main()
