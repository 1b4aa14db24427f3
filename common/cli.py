"""gan-cookbook: list recipes, train one, sample, interpolate and evaluate a trained run.

gan-cookbook list
gan-cookbook train dcgan --preset quick --out out/dcgan
gan-cookbook sample out/dcgan --n 64 --out samples.npz --grid samples.png --png-dir pngs/
gan-cookbook interpolate out/dcgan --out walk.gif
gan-cookbook evaluate out/dcgan
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

ALIASES = {"learning_rate": ["--lr"]}


class UsageError(Exception):
    """A mistake in the command line; printed as one line, exit status 2."""


# -- config <-> flags ------------------------------------------------------------------------
def _parse_bool(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def _parse_ints(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.replace("x", ",").split(",") if part)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected integers separated by commas, got {text!r}") from None


def add_config_flags(parser: argparse.ArgumentParser, config_cls: type) -> None:
    """One ``--flag`` per hyper-parameter of the recipe, defaulting to None (= keep the config's)."""
    group = parser.add_argument_group(f"{config_cls.__name__} hyper-parameters (defaults: the paper's, then --preset)")
    defaults = config_cls()
    for field in dataclasses.fields(config_cls):
        value = getattr(defaults, field.name)
        kind = {bool: _parse_bool, tuple: _parse_ints}.get(type(value), type(value))
        flags = [f"--{field.name.replace('_', '-')}", *ALIASES.get(field.name, [])]
        switch = {"nargs": "?", "const": True} if isinstance(value, bool) else {}  # a bare --flag means true
        group.add_argument(
            *flags, dest=field.name, type=kind, default=None, metavar=type(value).__name__.upper(), help=f"default {value!r}", **switch
        )


# -- commands ------------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> None:
    from common import registry

    for name in registry.names():
        recipe = registry.get(name)
        presets = ", ".join(recipe.config.presets)
        print(f"{name:<14} {recipe.summary}\n{'':<14} {recipe.paper}; presets: {presets}")


def cmd_train(args: argparse.Namespace) -> None:
    import keras

    from common import metrics, registry
    from common.data import load_dataset
    from common.runs import load_run
    from common.template import recompute_batchnorm_statistics
    from common.training import Trainer, default_callbacks

    recipe = registry.get(args.recipe)
    out = Path(args.out)
    overrides = {f.name: getattr(args, f.name) for f in dataclasses.fields(recipe.config)}
    if args.resume:
        recipe_saved, config, _ = load_run(out)
        if recipe_saved.name != recipe.name:
            raise UsageError(f"{out} holds a {recipe_saved.name!r} run, not {recipe.name!r}")
        changed = {k: v for k, v in overrides.items() if v is not None and k != "steps" and v != getattr(config, k)}
        if args.preset is not None and args.preset != json.loads((out / "config.json").read_text()).get("preset"):
            changed["preset"] = args.preset
        if changed:
            flags = ", ".join(
                f"--{k.replace('_', '-')} {v}" + (f" (the run has {getattr(config, k)})" if k != "preset" else "")
                for k, v in changed.items()
            )
            raise UsageError(f"--resume continues {out} as configured in its config.json; only --steps may change, not {flags}")
        config = config.replace(**{k: v for k, v in overrides.items() if k == "steps" and v is not None})
    else:
        if (out / "checkpoints").exists():
            raise UsageError(f"{out} already holds a run; pass --resume to continue it or choose another --out")
        config = recipe.make_config(args.preset, **overrides)
    split = "fit" if config.validation else "train"
    data = load_dataset(config.dataset, config.image_shape, args.data, labels=config.labelled, split=split)
    if args.epochs is not None:
        size = len(data[0] if isinstance(data, tuple) else data)
        config = config.replace(steps=args.epochs * (size // config.batch_size))

    keras.utils.set_random_seed(config.seed)
    gan = recipe.build(config)
    out.mkdir(parents=True, exist_ok=True)
    (out / "config.json").write_text(json.dumps({"recipe": recipe.name, "preset": args.preset, "config": config.to_dict()}, indent=2))
    callbacks = default_callbacks(gan)
    reference = metrics.reference_for(config, args.data) if config.dataset in ("mnist", "stacked_mnist") else None
    if config.dataset == "mnist":
        if config.eval_every and gan.trains_generator:
            callbacks.append(metrics.FIDTracker(reference, config.eval_every, config.eval_samples, config.seed))
        if config.eval_every and gan.classifier:
            callbacks.append(metrics.TestAccuracyTracker(reference, config.eval_every))
    trainer = Trainer(gan, data, out, callbacks, verbose=args.verbose)
    if args.resume:
        print(f"resuming {out} from step {trainer.resume()}")
    tic = time.perf_counter()
    trainer.fit()
    wall = time.perf_counter() - tic
    if gan.trains_generator:
        gan.sampler.save(out / "generator.keras")
    discriminator = gan.evaluated_discriminator
    if gan.classifier:  # its class head is scored on real images in inference mode: BatchNorm statistics of real images
        recompute_batchnorm_statistics(discriminator, (data[0] if isinstance(data, tuple) else data)[:10_000])
    discriminator.save(out / f"{gan.discriminator_name}.keras")
    timing = {**trainer.timing, "wall_seconds": wall}
    print(f"trained {recipe.name}: {json.dumps(timing)}")
    if reference is not None and not args.no_eval:
        evaluate_run(out, config.eval_samples, reference, timing)


def evaluate_run(folder: Path, n: int, reference=None, timing: dict | None = None, data: str | None = None) -> dict:
    """Score a run: ``n`` samples of its generator, and its discriminator's class head if it has one.

    Writes ``metrics.json`` (and ``coverage.png``). A Stacked MNIST run is scored on the modes its
    samples reach instead (:func:`common.metrics.stacked_modes`). A conditional run is asked for every class
    equally often, and ``label_accuracy`` is the share of samples the evaluator assigns to the
    class they were asked for. For unlabelled codes (InfoGAN), ``code_accuracy`` is that share
    after mapping each code to a digit. A discriminator that classifies (SGAN, ACGAN) adds
    ``test_accuracy``: how often it names the label of the 10,000 MNIST test images.
    """
    import keras
    import numpy as np

    from common import metrics, plots
    from common.runs import load_generator, load_run
    from common.template import Stream, generate, random_stream

    recipe, config, _ = load_run(folder)
    reference = reference or metrics.reference_for(config, data)
    z = random_stream(config.seed, Stream.EVALUATION).standard_normal((n, config.latent_dim), dtype=np.float32)
    if config.dataset == "stacked_mnist":
        result = metrics.stacked_modes(reference.evaluator, generate(load_generator(folder), recipe.gan.generator_inputs_for(config, z)))
        (folder / "metrics.json").write_text(json.dumps({**result, **({"timing": timing} if timing else {})}, indent=2))
        print(json.dumps(result))
        return result
    if reference is None:
        raise UsageError(f"evaluate scores MNIST-shaped runs and Stacked MNIST; this run makes {config.image_shape} images")
    if not (folder / f"{recipe.discriminator.network}.keras").is_file():
        raise UsageError(
            f"{folder} holds no trained model yet; the run has not finished (resume it with 'gan-cookbook train ... --resume')"
        )
    tic = time.perf_counter()
    result = {}
    if (folder / "generator.keras").is_file() and n:
        conditioning = recipe.gan.conditioning
        asked = np.arange(n) % config.num_classes if conditioning != "none" else None  # cycling, so each IS split is balanced too
        images = generate(load_generator(folder), recipe.gan.generator_inputs_for(config, z, asked))
        result = reference.evaluate(images, **({"labels": {"asked": asked}, "codes": {"codes": asked}}.get(conditioning, {})))
    if recipe.gan.classifier:
        discriminator = keras.saving.load_model(folder / f"{recipe.discriminator.network}.keras", compile=False)
        result.update(metrics.classifier_accuracy(discriminator, *reference.test_set, recipe.gan.classifier))
    result["reference"] = reference.split  # the held-out images scored against: "test", or "validation" for a run that chose settings
    result["eval_seconds"] = time.perf_counter() - tic
    path = folder / "metrics.json"
    if timing is None and path.exists():
        timing = json.loads(path.read_text()).get("timing")
    if timing:
        result["timing"] = timing
    path.write_text(json.dumps(result, indent=2))
    if "class_fractions" in result:
        plots.save_histogram(result["class_fractions"], folder / "coverage.png")
    per_class = ("class_fractions", "label_accuracy_per_class", "test_accuracy_per_class")
    print(json.dumps({k: v for k, v in result.items() if k not in per_class}))
    return result


def cmd_evaluate(args: argparse.Namespace) -> None:
    evaluate_run(Path(args.run), args.n, data=args.data)


def _labels(recipe, config, n: int, label: int | None, per_class: int | None):
    """(n, labels) for ``sample``: None for an unconditional run; otherwise the asked-for classes."""
    import numpy as np

    if recipe.gan.conditioning == "none":
        if label is not None or per_class is not None:
            raise UsageError("--label and --per-class need a conditional recipe (e.g. cgan); this run takes no labels")
        return n, None
    if label is not None and not 0 <= label < config.num_classes:
        raise UsageError(f"--label must lie in 0..{config.num_classes - 1}, got {label}")
    if per_class is not None:
        if label is not None:
            raise UsageError("pass --label K or --per-class N, not both")
        if per_class < 1:
            raise UsageError("--per-class must be at least 1")
        return per_class * config.num_classes, np.repeat(np.arange(config.num_classes), per_class)
    return n, np.full(n, label) if label is not None else np.arange(n) % config.num_classes


def cmd_sample(args: argparse.Namespace) -> None:
    import numpy as np

    from common import plots
    from common.runs import load_generator, load_run
    from common.template import generate, truncated_normal

    recipe, config, folder = load_run(args.run)
    if args.n < 1:
        raise UsageError("--n must be at least 1")
    n, labels = _labels(recipe, config, args.n, args.label, args.per_class)
    if args.truncation is not None and args.truncation <= 0:
        raise UsageError("--truncation must be positive")
    z = truncated_normal((n, config.latent_dim), args.truncation, np.random.default_rng(args.seed))
    x = generate(load_generator(folder), recipe.gan.generator_inputs_for(config, z, labels))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, x=x, **({} if labels is None else {"y": labels.astype(np.int64)}))
    print(f"wrote {n} images {x.shape[1:]} in [-1, 1]{'' if labels is None else ' and their labels y'} to {args.out}")
    if args.grid:
        print(f"grid: {plots.save_grid(x, args.grid, rows=config.num_classes if args.per_class else None)}")
    if args.png_dir:
        folder_out = Path(args.png_dir)
        folder_out.mkdir(parents=True, exist_ok=True)
        for i, image in enumerate(plots.to_uint8(x)):
            name = f"{i:05d}.png" if labels is None else f"{i:05d}_label{labels[i]}.png"
            plots.imageio.imwrite(folder_out / name, image[..., 0] if image.shape[-1] == 1 else image)
        print(f"{n} PNGs in {folder_out}")


def cmd_interpolate(args: argparse.Namespace) -> None:
    """Spherical walks between latent points, or, with ``--labels A B``, a blend from class A to B at fixed z."""
    import numpy as np

    from common import plots
    from common.runs import load_generator, load_run
    from common.template import generate, slerp

    recipe, config, folder = load_run(args.run)
    if args.points < 2 or args.frames < 1:
        raise UsageError("--points must be at least 2 and --frames at least 1")
    generator = load_generator(folder)
    rng = np.random.default_rng(args.seed)
    frames = []
    if args.labels is not None:
        if recipe.gan.conditioning == "none":
            raise UsageError("--labels needs a conditional recipe (e.g. cgan); this run takes no labels")
        if not all(0 <= k < config.num_classes for k in args.labels):
            raise UsageError(f"--labels must lie in 0..{config.num_classes - 1}, got {args.labels}")
        a, b = np.eye(config.num_classes, dtype=np.float32)[list(args.labels)]
        z = rng.standard_normal((args.walks, config.latent_dim), dtype=np.float32)
        for t in np.linspace(0, 1, max(args.frames, 2)):
            blend = np.tile((1 - t) * a + t * b, (args.walks, 1))
            frames.append(plots.grid(generate(generator, recipe.gan.generator_inputs_for(config, z, blend))).repeat(3, 0).repeat(3, 1))
    else:
        keys = rng.standard_normal((args.points, args.walks, config.latent_dim), dtype=np.float32)
        keys = np.concatenate([keys, keys[:1]])  # loop back to the start
        for a, b in zip(keys[:-1], keys[1:]):
            for t in np.linspace(0, 1, args.frames, endpoint=False):
                images = generate(generator, recipe.gan.generator_inputs_for(config, slerp(a, b, t)))
                frames.append(plots.grid(images).repeat(3, 0).repeat(3, 1))
    plots.save_gif([f[..., 0] if f.shape[-1] == 1 else f for f in frames], args.out, fps=args.fps)
    print(f"wrote {len(frames)} frames of {args.walks} walks to {args.out}")


# -- the parser ----------------------------------------------------------------------------------
def build_parser(recipe: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gan-cookbook", description="GAN recipes for Keras 3.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("list", help="list the recipes").set_defaults(func=cmd_list)

    train = sub.add_parser("train", help="train a recipe", description="Train a recipe; outputs go under --out.")
    train.add_argument("recipe", help="a name from 'gan-cookbook list'")
    train.add_argument("--out", required=True, help="run folder (samples, curves, checkpoints, generator.keras, metrics.json)")
    train.add_argument("--preset", help="quick (a smoke run) or reference (the run behind the README figures)")
    train.add_argument("--epochs", type=int, help="train for this many passes over the data instead of --steps")
    train.add_argument("--data", help="dataset path: an mnist.npz, or an image folder for --dataset folder")
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its last checkpoint")
    train.add_argument("--no-eval", action="store_true", help="skip the final evaluation")
    train.add_argument(
        "--verbose", type=int, default=1, choices=(0, 1, 2), help="a progress bar (1), a line every 2%% of the run (2), nothing (0)"
    )
    if recipe is not None:
        from common import registry

        add_config_flags(train, registry.get(recipe).config)
    train.set_defaults(func=cmd_train)

    sample = sub.add_parser("sample", help="draw images from a trained run")
    sample.add_argument("run", help="a train --out folder")
    sample.add_argument("--n", type=int, default=64)
    sample.add_argument("--out", required=True, help="FILE.npz; key x, float32 (N, H, W, C) in [-1, 1]; conditional runs add y, int64 (N,)")
    sample.add_argument("--grid", help="also write a PNG grid here")
    sample.add_argument("--png-dir", help="also write one PNG per image into this folder")
    sample.add_argument("--truncation", type=float, help="resample latent components beyond +-T")
    sample.add_argument("--label", type=int, help="conditional recipes: draw every image of class K (InfoGAN: categorical code K)")
    sample.add_argument("--per-class", type=int, help="conditional recipes: N images per class (or code) instead of --n; a grid row each")
    sample.add_argument("--seed", type=int, default=0)
    sample.set_defaults(func=cmd_sample)

    walk = sub.add_parser("interpolate", help="GIF of spherical latent walks")
    walk.add_argument("run", help="a train --out folder")
    walk.add_argument("--out", required=True, help="FILE.gif")
    walk.add_argument("--walks", type=int, default=16, help="walks shown side by side")
    walk.add_argument("--points", type=int, default=4, help="latent points each walk visits")
    walk.add_argument("--frames", type=int, default=16, help="frames between two points")
    walk.add_argument("--fps", type=float, default=12.0)
    walk.add_argument("--labels", type=int, nargs=2, metavar=("A", "B"), help="conditional recipes: blend class A into B at fixed z")
    walk.add_argument("--seed", type=int, default=0)
    walk.set_defaults(func=cmd_interpolate)

    evaluate = sub.add_parser(
        "evaluate", help="FID, IS, coverage and memorisation of an MNIST run, and test accuracy if D classifies (metrics.json)"
    )
    evaluate.add_argument("run", help="a train --out folder")
    evaluate.add_argument("--n", type=int, default=10_000, help="samples to score (0: only the discriminator's test accuracy)")
    evaluate.add_argument("--data", help="mnist.npz path (default: $GAN_COOKBOOK_DATA, data/, or download)")
    evaluate.set_defaults(func=cmd_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    from common.data import DataError
    from common.registry import UnknownRecipeError
    from common.runs import RunError
    from common.template import ConfigError

    argv = sys.argv[1:] if argv is None else argv
    recipe = None
    if len(argv) >= 2 and argv[0] == "train" and not argv[1].startswith("-"):
        recipe = argv[1]
    try:
        parser = build_parser(recipe)
        args = parser.parse_args(argv)
        args.func(args)
    except (UsageError, DataError, ConfigError, UnknownRecipeError, RunError) as err:
        print(f"gan-cookbook: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
