"""Mode coverage of each objective on PacGAN's 2-D mixtures: modes covered and share of high-quality samples.

    python scripts/mode_coverage.py --mixture ring8 --seeds 10 --steps 20000 --out out/mode_coverage
    python scripts/mode_coverage.py --mixture grid25 --objectives non_saturating hinge_sn --seeds 3

Every objective trains the same networks (PacGAN's synthetic-data MLPs: G four 400-unit ReLU
layers with BatchNorm, D three maxout layers of 200 units and 5 pieces) on the same 100,000 points,
with its recipe's own loss, phases and optimizer, batch 100, for ``--steps`` generator steps;
``--decay`` decays every rate linearly to 0 over them and ``--average M`` samples from a moving
average of G's weights (as the MNIST reference presets do).
Each run is scored on 2,500 samples (PacGAN's count): a mode is covered with at least one sample
within 3 sd of it, and a sample is high quality within 3 sd of some mode. Writes ``scores.json``,
a table (mean and spread over seeds) and ``samples.png``: each objective's samples from its first seed.
Runs already in ``scores.json`` with the same settings are kept, not repeated: a study can grow by
objectives and seeds.
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

from gan_cookbook.common import registry  # noqa: E402
from gan_cookbook.common.data import mixture_modes, sample_mixture  # noqa: E402
from gan_cookbook.common.layers import clip_weights, mixture_discriminator, mixture_generator  # noqa: E402
from gan_cookbook.common.metrics import mode_coverage  # noqa: E402
from gan_cookbook.common.template import Generator, Stream, generate, random_stream  # noqa: E402
from gan_cookbook.common.training import Trainer  # noqa: E402

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


def run(objective: str, mixture: str, seed: int, settings: dict, out: Path) -> dict:
    """Train one objective on the mixture with ``settings`` (steps, rate decay, G's average) and score 2,500 samples."""
    name, overrides = OBJECTIVES[objective]
    recipe = registry.get(name)
    config = recipe.make_config(None, latent_dim=2, batch_size=100, seed=seed, **settings, **overrides)
    keras.utils.set_random_seed(seed)
    gan = recipe.gan(config, MixtureGenerator(config), mixture_discriminator_of(recipe)(config), recipe.loss(config))
    points = sample_mixture(mixture, TRAINING_POINTS, random_stream(seed, Stream.SYNTHETIC_DATA))
    trainer = Trainer(gan, points, out / f"{objective}_seed{seed}", callbacks=[], verbose=0)
    tic = time.perf_counter()
    trainer.fit()
    samples = generate(gan.sampler, gan.sample_latent(SCORED_SAMPLES, random_stream(seed, Stream.EVALUATION)))
    return {**mode_coverage(samples, *mixture_modes(mixture)), "seconds": time.perf_counter() - tic, "samples": samples}


def scatter(panels: dict[str, np.ndarray], mixture: str, path: Path) -> None:
    """One panel per objective: its samples over the mixture's modes."""
    means, _ = mixture_modes(mixture)
    limit = 1.5 * np.abs(means).max()
    fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 2.9), squeeze=False)
    for ax, (title, samples) in zip(axes[0], panels.items()):
        ax.scatter(samples[:, 0], samples[:, 1], s=1, alpha=0.3)
        ax.scatter(means[:, 0], means[:, 1], s=20, marker="x", color="k")
        ax.set(xlim=(-limit, limit), ylim=(-limit, limit), title=title, aspect="equal", xticks=[], yticks=[])
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mixture", choices=("ring8", "grid25"), default="ring8")
    parser.add_argument("--objectives", nargs="+", choices=sorted(OBJECTIVES), default=list(OBJECTIVES))
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0, help="seeds first-seed .. first-seed + seeds - 1 (pilots: seeds not reported)")
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--decay", action="store_true", help="decay the learning rates linearly to 0 over --steps")
    parser.add_argument("--average", type=float, default=0.0, help="momentum of a moving average of G's weights to sample from")
    parser.add_argument("--out", default="out/mode_coverage")
    args = parser.parse_args()

    out = Path(args.out) / args.mixture
    out.mkdir(parents=True, exist_ok=True)
    path = out / "scores.json"
    settings = {"steps": args.steps, "learning_rate_decay": args.decay, "generator_average": args.average}
    scores: dict[str, dict[str, dict]] = json.loads(path.read_text()) if path.is_file() else {}  # objective -> seed -> scores
    for objective in args.objectives:
        done = scores.setdefault(objective, {})
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            if done.get(str(seed), {}).get("settings") == settings:  # an earlier invocation ran it: the file is the study's record
                continue
            result = run(objective, args.mixture, seed, settings, out)
            if seed == args.first_seed:
                np.save(out / f"{objective}_samples.npy", result["samples"])
            done[str(seed)] = {"settings": settings, **{k: v for k, v in result.items() if k != "samples"}}
            path.write_text(json.dumps(scores, indent=1))
            print(
                f"{objective} seed {seed}: {result['modes']}/{result['of']} modes, {100 * result['high_quality']:.1f}% high quality",
                flush=True,
            )
    kept = {o: out / f"{o}_samples.npy" for o in args.objectives}
    scatter({o: np.load(f) for o, f in kept.items() if f.is_file()}, args.mixture, out / "samples.png")
    print(f"\n{args.mixture}: mean (sd) over seeds")
    print("| objective | seeds | steps | modes covered | high-quality samples | seconds per run |\n| --- | --- | --- | --- | --- | --- |")
    for objective in args.objectives:
        runs = [scores[objective][str(seed)] for seed in range(args.first_seed, args.first_seed + args.seeds)]
        modes, quality = np.array([r["modes"] for r in runs]), 100 * np.array([r["high_quality"] for r in runs])
        steps = "/".join(f"{s:,}" for s in sorted({r["settings"]["steps"] for r in runs}))
        print(
            f"| {objective} | {len(runs)} | {steps} | {modes.mean():.1f} ({modes.std():.1f}) of {runs[0]['of']} "
            f"| {quality.mean():.1f}% ({quality.std():.1f}) | {np.mean([r['seconds'] for r in runs]):.0f} |"
        )


if __name__ == "__main__":
    main()
