"""InfoGAN's figures (as in UDL fig. 15.15 / Chen et al. fig. 2) from a trained run.

    python recipes/infogan/figures.py out/infogan --out recipes/infogan/figures

``codes.png``: one column per categorical code value, one row per noise vector (continuous codes 0).
``continuous_<i>.png``: code i swept from -2 to 2 (columns; training drew it from N(0, 1)), one
row per categorical value, noise and the other code fixed.
"""

import argparse
from pathlib import Path

import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.runs import load_generator, load_run
from gan_cookbook.common.template import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", help="a 'gan-cookbook train infogan' --out folder")
    parser.add_argument("--out", required=True, help="folder for the PNGs")
    parser.add_argument("--rows", type=int, default=8)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    recipe, config, folder = load_run(args.run)
    generator, k, m = load_generator(folder), config.num_classes, config.continuous_codes
    out = Path(args.out)
    rng = np.random.default_rng(args.seed)

    z = rng.standard_normal((args.rows, config.latent_dim), dtype=np.float32)
    z[:, -m:] = 0
    z = np.repeat(z, k, axis=0)  # row r, column c: noise r, code c
    codes = np.tile(np.arange(k), args.rows)
    print(plots.save_grid(generate(generator, recipe.gan.generator_inputs_for(config, z, codes)), out / "codes.png", rows=args.rows))

    sweep = np.linspace(-2, 2, 9, dtype=np.float32)
    noise = rng.standard_normal(config.latent_dim, dtype=np.float32)
    noise[-m:] = 0
    for i in range(m):
        z = np.tile(noise, (k * len(sweep), 1))
        z[:, config.latent_dim - m + i] = np.tile(sweep, k)
        codes = np.repeat(np.arange(k), len(sweep))  # row: categorical value, column: code i's value
        images = generate(generator, recipe.gan.generator_inputs_for(config, z, codes))
        print(plots.save_grid(images, out / f"continuous_{i + 1}.png", rows=k))


if __name__ == "__main__":
    main()
