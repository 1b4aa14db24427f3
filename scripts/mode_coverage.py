"""Mode coverage of each objective on PacGAN's 2-D mixtures: modes covered and share of high-quality samples.

    python scripts/mode_coverage.py --mixture ring8 --seeds 10 --steps 20000 --out out/mode_coverage
    python scripts/mode_coverage.py --mixture grid25 --objectives non_saturating hinge_sn --seeds 3

Every objective trains the same networks (PacGAN's synthetic-data MLPs: G four 400-unit ReLU
layers with BatchNorm, D three maxout layers of 200 units and 5 pieces) on the same 100,000 points,
with its recipe's own loss, phases and optimizer, batch 100, for ``--steps`` generator steps.
Each run is scored on 2,500 samples (PacGAN's count): a mode is covered with at least one sample
within 3 sd of it, and a sample is high quality within 3 sd of some mode. Writes ``scores.json``,
a table (mean and spread over seeds) and, per objective, a scatter plot of the first seed's samples.
Runs already in ``scores.json`` are kept, not repeated: a study can grow by objectives and seeds.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import matplotlib  # noqa: E402
import numpy as np  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from common import registry  # noqa: E402
from common.data import mixture_modes, sample_mixture  # noqa: E402
from common.layers import clip_weights, mixture_discriminator, mixture_generator  # noqa: E402
from common.metrics import mode_coverage  # noqa: E402
from common.template import Generator, Stream, generate, random_stream  # noqa: E402
from common.training import Trainer  # noqa: E402

# objective -> (recipe, config overrides)
OBJECTIVES = {
    "minimax": ("vanilla_gan", {"saturating": True}),
    "non_saturating": ("vanilla_gan", {}),
    "least_squares": ("lsgan", {}),
    "wasserstein": ("wgan", {}),
    "wasserstein_gp": ("wgan_gp", {}),
    "hinge_sn": ("sngan", {}),
}
TRAINING_POINTS, SCORED_SAMPLES = 100_000, 2_500


class MixtureGenerator(Generator):
    def build(self) -> keras.Model:
        return mixture_generator(self.config)


def mixture_discriminator_of(recipe) -> type:
    """The recipe's discriminator class (its network name) building PacGAN's maxout D instead, with the
    recipe's own constraint: WGAN's clip, SNGAN's spectral normalisation."""

    class MixtureDiscriminator(recipe.discriminator):
        def build(self) -> keras.Model:
            network = mixture_discriminator(self.config, name=self.network, spectral_norm=recipe.name == "sngan")
            return clip_weights(network, self.config.clip) if hasattr(self.config, "clip") else network

    return MixtureDiscriminator


def run(objective: str, mixture: str, seed: int, steps: int, out: Path) -> dict:
    name, overrides = OBJECTIVES[objective]
    recipe = registry.get(name)
    config = recipe.make_config(None, latent_dim=2, batch_size=100, steps=steps, seed=seed, **overrides)
    keras.utils.set_random_seed(seed)
    gan = recipe.gan(config, MixtureGenerator(config), mixture_discriminator_of(recipe)(config), recipe.loss(config))
    points = sample_mixture(mixture, TRAINING_POINTS, random_stream(seed, Stream.SYNTHETIC_DATA))
    trainer = Trainer(gan, points, out / f"{objective}_seed{seed}", callbacks=[], verbose=0)
    tic = time.perf_counter()
    trainer.fit()
    samples = generate(gan.generator, gan.sample_latent(SCORED_SAMPLES, random_stream(seed, Stream.EVALUATION)))
    return {**mode_coverage(samples, *mixture_modes(mixture)), "seconds": time.perf_counter() - tic, "samples": samples}


def scatter(samples: np.ndarray, mixture: str, title: str, path: Path) -> None:
    means, _ = mixture_modes(mixture)
    fig, ax = plt.subplots(figsize=(3.6, 3.6))
    ax.scatter(samples[:, 0], samples[:, 1], s=2, alpha=0.4, label="samples")
    ax.scatter(means[:, 0], means[:, 1], s=30, marker="x", color="k", label="modes")
    limit = 1.5 * np.abs(means).max()
    ax.set(xlim=(-limit, limit), ylim=(-limit, limit), title=title, aspect="equal")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mixture", choices=("ring8", "grid25"), default="ring8")
    parser.add_argument("--objectives", nargs="+", choices=sorted(OBJECTIVES), default=list(OBJECTIVES))
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--out", default="out/mode_coverage")
    args = parser.parse_args()

    out = Path(args.out) / args.mixture
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scores.json"
    scores: dict[str, dict[str, dict]] = json.loads(path.read_text()) if path.is_file() else {}  # objective -> seed -> scores
    for objective in args.objectives:
        done = scores.setdefault(objective, {})
        for seed in range(args.seeds):
            if str(seed) in done:  # an earlier invocation ran it: the file is the study's record
                continue
            result = run(objective, args.mixture, seed, args.steps, out)
            if seed == 0:
                scatter(result["samples"], args.mixture, f"{objective}, seed 0", out / f"{objective}.png")
            done[str(seed)] = {"steps": args.steps, **{k: v for k, v in result.items() if k != "samples"}}
            path.write_text(json.dumps(scores, indent=1))
            print(
                f"{objective} seed {seed}: {result['modes']}/{result['of']} modes, {100 * result['high_quality']:.1f}% high quality",
                flush=True,
            )
    print(f"\n{args.mixture}: mean (sd) over seeds")
    print("| objective | seeds | steps | modes covered | high-quality samples | seconds per run |\n| --- | --- | --- | --- | --- | --- |")
    for objective in args.objectives:
        runs = [scores[objective][str(seed)] for seed in range(args.seeds)]
        modes, quality = np.array([r["modes"] for r in runs]), 100 * np.array([r["high_quality"] for r in runs])
        steps = "/".join(f"{s:,}" for s in sorted({r["steps"] for r in runs}))
        print(
            f"| {objective} | {len(runs)} | {steps} | {modes.mean():.1f} ({modes.std():.1f}) of {runs[0]['of']} "
            f"| {quality.mean():.1f}% ({quality.std():.1f}) | {np.mean([r['seconds'] for r in runs]):.0f} |"
        )


if __name__ == "__main__":
    main()
