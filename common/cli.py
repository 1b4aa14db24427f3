"""gan-cookbook: list recipes, train one, sample, interpolate and evaluate a trained run; prepare data; attack a classifier.

This module only parses and dispatches; the work is in :mod:`gan_cookbook.common.runs`, :mod:`~gan_cookbook.common.dataprep`
and :mod:`~gan_cookbook.common.adversarial`.

gan-cookbook list
gan-cookbook train dcgan --preset quick --out out/dcgan
gan-cookbook sample out/dcgan --n 64 --out samples.npz --grid samples.png --png-dir pngs/
gan-cookbook interpolate out/dcgan --out walk.gif
gan-cookbook evaluate out/dcgan
gan-cookbook translate out/pix2pix --input my_images/ --out translated/
gan-cookbook upscale out/srgan --input photo.jpg --out upscaled/
gan-cookbook data inspect my_images/ --out report/          # also: data augment | balance | outliers
gan-cookbook attack my_classifier.keras --method pgd --eps 0.3
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

ALIASES = {"learning_rate": ["--lr"]}


class Parser(argparse.ArgumentParser):
    """argparse, with a usage error as one line (the usage is one ``--help`` away)."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _at_least(low: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be at least {low}, got {value}")
        return value

    return parse


def _log_level(debug: bool) -> None:
    """TensorFlow's warnings (retracing; ``import gan_cookbook.common`` hides them) and absl's lines: shown
    with ``--debug``, hidden otherwise."""
    import logging

    for name in ("tensorflow", "absl"):
        logging.getLogger(name).setLevel(logging.WARNING if debug else logging.ERROR)


def _new_output(path: str | os.PathLike, overwrite: bool, suffixes: tuple[str, ...] = ()) -> Path:
    """``path`` as an output file: with one of ``suffixes`` (the first is added to a bare name), not yet
    there unless ``overwrite``, its folder not a file."""
    from gan_cookbook.common.runs import RunError

    path = Path(path)
    if suffixes and path.suffix.lower() not in suffixes:
        if path.suffix:
            raise RunError(f"{path}: give a {' or '.join(suffixes)} file name")
        path = path.with_name(path.name + suffixes[0])
    if path.exists() and not overwrite:
        raise RunError(f"{path} exists; pass --overwrite to replace it, or choose another name")
    if blocker := next((parent for parent in path.parents if parent.is_file()), None):
        raise RunError(f"cannot write {path}: {blocker} is a file")
    return path


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
    from gan_cookbook.common import registry

    for name in registry.names():
        recipe = registry.get(name)
        presets = ", ".join(recipe.config.presets)
        print(f"{name:<14} {recipe.summary}\n{'':<14} {recipe.paper}; presets: {presets}")


def cmd_train(args: argparse.Namespace) -> None:
    from gan_cookbook.common import registry, runs

    recipe = registry.get(args.recipe)
    overrides = {f.name: getattr(args, f.name) for f in dataclasses.fields(recipe.config)}
    if args.resume:
        config = runs.resumed_config(args.out, recipe, overrides, args.preset)
    else:
        config = recipe.make_config(args.preset, **overrides)
    runs.train_run(
        recipe,
        config,
        args.out,
        data=args.data,
        preset=args.preset,
        epochs=args.epochs,
        resume=args.resume,
        overwrite=args.overwrite,
        evaluate=not args.no_eval,
        verbose=args.verbose,
        stream=args.stream,
        distribute=args.distribute,
        replicas=args.replicas,
    )
    if args.preset == "quick" and not args.resume:
        print(
            f"note: --preset quick is a smoke run of {config.steps} steps: its samples.png shows an untrained generator. For digits"
            " in about a minute and a half on a laptop CPU: gan-cookbook train vanilla_gan --steps 6000 --out out/first"
        )


def cmd_evaluate(args: argparse.Namespace) -> None:
    from gan_cookbook.common.runs import evaluate_run

    evaluate_run(Path(args.run), args.n, data=args.data)


def cmd_sample(args: argparse.Namespace) -> None:
    import numpy as np

    from gan_cookbook.common import plots
    from gan_cookbook.common.runs import RunError, draw_samples, is_translation, load_run, translate_held_out

    out = _new_output(args.out, args.overwrite, (".npz",))
    grid = args.grid and _new_output(args.grid, args.overwrite, (".png", ".jpg", ".jpeg"))
    if args.png_dir and Path(args.png_dir).is_dir() and any(Path(args.png_dir).iterdir()) and not args.overwrite:
        raise RunError(f"--png-dir {args.png_dir} already holds files; pass --overwrite or choose a new folder")
    if is_translation(load_run(args.run)[0]):
        pairs = translate_held_out(args.run, args.n, args.direction)
        out.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(out, **pairs)
        print(f"wrote {len(pairs['x'])} translations of held-out images ({', '.join(pairs)}) to {out}")
        if grid:
            shown = [k for k in ("source", "x", "target") if k in pairs]
            rows = [plots.pixel_repeat(pairs[k][:16], pairs["x"].shape[1]) for k in shown]  # super-resolution's small sources
            plots.save_grid(np.concatenate(rows), grid, rows=len(shown))
            print(f"grid (rows: {', '.join(shown)}): {grid}")
        if args.png_dir:
            for i, image in enumerate(plots.to_uint8(pairs["x"])):
                plots.write_image(image, Path(args.png_dir) / f"{i:05d}.png")
            print(f"{len(pairs['x'])} PNGs in {args.png_dir}")
        return
    if args.direction != "ab":
        raise RunError("--direction is for translation runs (cyclegan: ab or ba)")
    x, labels = draw_samples(args.run, args.n, label=args.label, per_class=args.per_class, truncation=args.truncation, seed=args.seed)
    volumes = x.ndim == 5
    if volumes and args.png_dir:
        raise RunError("--png-dir writes images, and this run makes voxel grids: draw them with --grid")
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, x=x, **({} if labels is None else {"y": labels.astype(np.int64)}))
    what = f"voxel grids {x.shape[1:]} of occupancies in [0, 1]" if volumes else f"images {x.shape[1:]} in [-1, 1]"
    print(f"wrote {len(x)} {what}{'' if labels is None else ' and their labels y'} to {out}")
    if grid:
        print(f"grid: {plots.save_grid(x, grid, rows=(len(x) // args.per_class) if args.per_class else None)}")
    if args.png_dir:
        folder = Path(args.png_dir)
        for i, image in enumerate(plots.to_uint8(x)):
            plots.write_image(image, folder / (f"{i:05d}.png" if labels is None else f"{i:05d}_label{labels[i]}.png"))
        print(f"{len(x)} PNGs in {folder}")


def cmd_upscale(args: argparse.Namespace) -> None:
    from gan_cookbook.common.runs import upscale_files

    n = upscale_files(args.run, args.input, args.out, tile=args.tile, overwrite=args.overwrite)
    print(f"upscaled {n} image{'s' * (n != 1)} into {args.out}")


def cmd_translate(args: argparse.Namespace) -> None:
    from gan_cookbook.common.runs import translate_files

    n = translate_files(args.run, args.input, args.out, args.direction, overwrite=args.overwrite)
    print(f"translated {n} images into {args.out} (PNGs and translated.npz)")


def cmd_interpolate(args: argparse.Namespace) -> None:
    from gan_cookbook.common import plots
    from gan_cookbook.common.runs import RunError, interpolation_frames

    if not args.fps > 0:
        raise RunError(f"--fps must be positive, got {args.fps}")
    out = _new_output(args.out, args.overwrite, (".gif",))
    frames = interpolation_frames(args.run, args.walks, args.points, args.frames, args.labels, args.seed)
    plots.save_gif(frames, out, fps=args.fps)
    print(f"wrote {len(frames)} frames of {args.walks} walks to {out}")


def cmd_attack(args: argparse.Namespace) -> None:
    import numpy as np

    from gan_cookbook.common import adversarial
    from gan_cookbook.common.data import load_mnist
    from gan_cookbook.common.runs import RunError, load_model

    if not 0 <= args.eps <= 1:
        raise RunError(f"--eps is an L-inf distance in [0, 1] pixel units, got {args.eps}")
    out = args.out and _new_output(args.out, args.overwrite, (".npz",))
    try:
        model = adversarial.classifier_of(load_model(args.model))
    except ValueError as err:
        raise RunError(f"{args.model}: {err}") from None
    x, y = load_mnist(args.data, "test")
    x01, y = (x[: args.n] + 1) / 2, y[: args.n]
    settings = {"steps": args.steps, "step_size": args.step_size} if args.method == "pgd" else {}
    attacked = adversarial.attack(model, x01, y, args.method, args.eps, seed=args.seed, **settings)
    predicted = adversarial.predict(model, attacked)
    clean = adversarial.accuracy(model, x01, y)
    print(f"accuracy on {len(y):,} MNIST test digits: {clean:.4f} clean, {np.mean(predicted == y):.4f} under {args.method} eps {args.eps}")
    if out:
        np.savez_compressed(out, x=adversarial.to_model(attacked), y=y, predicted=predicted)
        print(f"wrote the attacked images (x, in [-1, 1]), their labels y and the model's predictions to {out}")


def cmd_data(args: argparse.Namespace) -> None:
    from gan_cookbook.common import dataprep

    if args.tool == "inspect":
        print(dataprep.summary(dataprep.inspect_data(args.source, args.out)))
    elif args.tool == "augment":
        report = dataprep.augment_data(args.source, args.out, args.copies, args.rotation, args.shift, args.zoom, args.flip, args.seed)
        print(f"wrote {report['written']} augmented copies of {report['images']} images")
    elif args.tool == "balance":
        report = dataprep.balance_data(args.source, args.out, args.mode, args.seed)
        print(f"classes {report['before']} -> {next(iter(report['after'].values()))} each")
    else:
        report = dataprep.find_outliers(args.source, args.out, args.top, args.features)
        print("\n".join(f"{o['times_median']:>6}x median  {o['name']}" for o in report["outliers"]))
        print(f"contact sheet: {Path(args.out) / 'outliers.png'}")
    print(f"report: {Path(args.out) / 'report.json'}")


# -- the parser ----------------------------------------------------------------------------------
def build_parser(recipe: str | None = None) -> argparse.ArgumentParser:
    from gan_cookbook.common.distribute import STRATEGIES

    parser = Parser(
        prog="gan-cookbook",
        description="GAN recipes for Keras 3.",
        epilog="--debug (anywhere): the full traceback of an error, and TensorFlow's warnings."
        " GAN_COOKBOOK_DEBUG=1 also keeps TensorFlow's start-up lines.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=Parser)

    sub.add_parser("list", help="list the recipes").set_defaults(func=cmd_list)

    train = sub.add_parser(
        "train",
        help="train a recipe",
        description="Train a recipe; outputs go under --out. 'gan-cookbook train RECIPE --help' lists its hyper-parameters.",
    )
    train.add_argument("recipe", help="a name from 'gan-cookbook list'")
    train.add_argument("--out", required=True, help="run folder (samples, curves, checkpoints, generator.keras, metrics.json)")
    train.add_argument("--preset", help="quick (a smoke run) or reference (the run behind the README figures)")
    train.add_argument("--epochs", type=_at_least(1), help="train for this many passes over the data instead of --steps")
    train.add_argument("--data", help="dataset path: an mnist.npz, or an image folder for --dataset folder")
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its last complete checkpoint")
    train.add_argument("--overwrite", action="store_true", help="replace the run already in --out (its files only; others are kept)")
    train.add_argument("--no-eval", action="store_true", help="skip the final evaluation")
    train.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="--dataset folder: decode batches from the files as they are drawn (default: only if the images would take over 2 GiB)",
    )
    train.add_argument(
        "--distribute",
        default="none",
        choices=STRATEGIES,
        help="TensorFlow only: data-parallel over this machine's GPUs (mirrored), or over the machines in $TF_CONFIG (multi-worker)",
    )
    train.add_argument(
        "--replicas", type=_at_least(1), default=0, help="--distribute mirrored: use this many GPUs (no GPU: split the CPU into this many)"
    )
    train.add_argument(
        "--verbose", type=int, default=1, choices=(0, 1, 2), help="a progress bar (1), a line every 2%% of the run (2), nothing (0)"
    )
    if recipe is not None:
        from gan_cookbook.common import registry

        add_config_flags(train, registry.get(recipe).config)
    train.set_defaults(func=cmd_train)

    sample = sub.add_parser("sample", help="draw images from a trained run")
    sample.add_argument("run", help="a train --out folder")
    sample.add_argument("--n", type=_at_least(1), default=64)
    sample.add_argument(
        "--out",
        required=True,
        help="FILE.npz; key x, float32 (N, H, W, C) in [-1, 1]; conditional runs add y, int64 (N,); translation runs translate"
        " the first N held-out inputs: x, source, target (true pairs), y (digits)",
    )
    sample.add_argument("--grid", help="also write a grid of them here (.png or .jpg)")
    sample.add_argument("--png-dir", help="also write one PNG per image into this folder")
    sample.add_argument("--truncation", type=float, help="the truncation trick: latent entries beyond +-T redrawn; StyleGAN: psi = T")
    sample.add_argument("--label", type=int, help="conditional recipes: draw every image of class K (InfoGAN: categorical code K)")
    sample.add_argument(
        "--per-class", type=_at_least(1), help="conditional recipes: N images per class (or code) instead of --n; a grid row each"
    )
    sample.add_argument("--seed", type=int, default=0)
    sample.add_argument("--direction", default="ab", choices=("ab", "ba"), help="translation runs: A -> B, or B -> A (cyclegan)")
    sample.add_argument("--overwrite", action="store_true", help="replace --out, --grid and files in --png-dir if they exist")
    sample.set_defaults(func=cmd_sample)

    translate = sub.add_parser("translate", help="translate your own images with a translation run (pix2pix, cyclegan, simgan)")
    translate.add_argument("run", help="a train --out folder of a translation recipe")
    translate.add_argument("--input", required=True, help="a folder of images (resized to the run's size), or FILE.npz with x in [-1, 1]")
    translate.add_argument("--out", required=True, help="a new folder: one PNG per image and translated.npz (x, source)")
    translate.add_argument("--direction", default="ab", choices=("ab", "ba"), help="A -> B, or B -> A (cyclegan)")
    translate.add_argument("--overwrite", action="store_true", help="write into --out even if it holds files")
    translate.set_defaults(func=cmd_translate)

    upscale = sub.add_parser("upscale", help="super-resolve your own images of any size with a super-resolution run (srgan)")
    upscale.add_argument("run", help="a train --out folder of a super-resolution run")
    upscale.add_argument("--input", required=True, help="an image file, or a folder of .png/.jpg images")
    upscale.add_argument("--out", required=True, help="a new folder: one <name>_x<scale>.png per image")
    upscale.add_argument("--tile", type=int, default=128, help="input pixels per tile side (memory grows with it; the result does not)")
    upscale.add_argument("--overwrite", action="store_true", help="write into --out even if it holds files")
    upscale.set_defaults(func=cmd_upscale)

    walk = sub.add_parser("interpolate", help="GIF of spherical latent walks")
    walk.add_argument("run", help="a train --out folder")
    walk.add_argument("--out", required=True, help="FILE.gif")
    walk.add_argument("--walks", type=_at_least(1), default=16, help="walks shown side by side")
    walk.add_argument("--points", type=_at_least(2), default=4, help="latent points each walk visits")
    walk.add_argument("--frames", type=_at_least(1), default=16, help="frames between two points")
    walk.add_argument("--fps", type=float, default=12.0)
    walk.add_argument("--labels", type=int, nargs=2, metavar=("A", "B"), help="conditional recipes: blend class A into B at fixed z")
    walk.add_argument("--seed", type=int, default=0)
    walk.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    walk.set_defaults(func=cmd_interpolate)

    evaluate = sub.add_parser(
        "evaluate", help="FID, IS, coverage and memorisation of an MNIST run, and test accuracy if D classifies (metrics.json)"
    )
    evaluate.add_argument("run", help="a train --out folder")
    evaluate.add_argument("--n", type=_at_least(0), default=10_000, help="samples to score (0: only the discriminator's test accuracy)")
    evaluate.add_argument("--data", help="mnist.npz path (default: $GAN_COOKBOOK_DATA, data/, or download)")
    evaluate.set_defaults(func=cmd_evaluate)

    attack = sub.add_parser("attack", help="FGSM or PGD adversarial examples against a saved MNIST classifier (.keras)")
    attack.add_argument("model", help="a .keras classifier: (28, 28, 1) images in [-1, 1] -> 10 logits or probabilities")
    attack.add_argument("--method", choices=("fgsm", "pgd", "noise"), default="pgd", help="noise: random +-eps on every pixel")
    attack.add_argument("--eps", type=float, default=0.3, help="L-inf budget in [0, 1] pixel units (the MNIST challenge: 0.3)")
    attack.add_argument("--steps", type=_at_least(1), default=40, help="PGD steps")
    attack.add_argument("--step-size", type=float, default=0.01, help="PGD step, in [0, 1] pixel units")
    attack.add_argument("--n", type=_at_least(1), default=10_000, help="the first N test digits")
    attack.add_argument("--data", help="mnist.npz path (default: $GAN_COOKBOOK_DATA, data/, or download)")
    attack.add_argument("--out", help="also write the attacked images: FILE.npz (x in [-1, 1], y, predicted)")
    attack.add_argument("--overwrite", action="store_true", help="replace --out if it exists")
    attack.add_argument("--seed", type=int, default=0)
    attack.set_defaults(func=cmd_attack)

    data = sub.add_parser("data", help="inspect, augment or balance a dataset, or find its outliers (input never modified)")
    tools = data.add_subparsers(dest="tool", required=True, metavar="TOOL", parser_class=Parser)
    source_help = "a folder of images (class subfolders give labels: DIR/3/x.png) or FILE.npz with x (and y)"
    out_help = "a new folder: the outputs and report.json"
    inspect = tools.add_parser("inspect", help="count, sizes, channels, exact and near duplicates, unreadable files, class balance")
    augment = tools.add_parser("augment", help="N randomly rotated, shifted and zoomed copies of every image")
    augment.add_argument("--copies", type=_at_least(1), default=4)
    augment.add_argument("--rotation", type=float, default=0.05, help="up to this share of a full turn either way")
    augment.add_argument("--shift", type=float, default=0.1, help="up to this share of the width and height")
    augment.add_argument("--zoom", type=float, default=0.1, help="in or out by up to this share")
    augment.add_argument("--flip", action="store_true", help="also mirror left-right at random (not for digits)")
    balance = tools.add_parser("balance", help="equal classes by over- or under-sampling")
    balance.add_argument("--mode", choices=("over", "under"), default="over", help="up to the largest class, or down to the smallest")
    outliers = tools.add_parser("outliers", help="the images farthest from the rest, with a contact sheet")
    outliers.add_argument("--top", type=_at_least(1), default=16)
    outliers.add_argument(
        "--features", choices=("auto", "evaluator", "pixels"), default="auto", help="auto: the MNIST evaluator's for 28x28 grey images"
    )
    for tool in (inspect, augment, balance, outliers):
        tool.add_argument("source", help=source_help)
        tool.add_argument("--out", required=True, help=out_help)
        if tool in (augment, balance):
            tool.add_argument("--seed", type=int, default=0)
        tool.set_defaults(func=cmd_data)
    return parser


TRAIN_VALUE_OPTIONS = {"--out", "--preset", "--epochs", "--data", "--verbose", "--distribute", "--replicas"}


def _train_recipe(argv: list[str]) -> str | None:
    """The recipe of ``train ...``, wherever it stands among the options (its flags depend on it)."""
    from gan_cookbook.common import registry

    tokens = argv[1:]
    candidates = [t for i, t in enumerate(tokens) if not t.startswith("-") and (i == 0 or tokens[i - 1] not in TRAIN_VALUE_OPTIONS)]
    known = [t for t in candidates if t in registry.names()]
    return (known or candidates or [None])[0]


def _input_errors() -> tuple[type[Exception], ...]:
    """The errors that come from what the user gave: one line that says what to do, exit status 2."""
    from gan_cookbook.common.data import DataError
    from gan_cookbook.common.distribute import DistributeError
    from gan_cookbook.common.registry import UnknownRecipeError
    from gan_cookbook.common.runs import RunError
    from gan_cookbook.common.template import ConfigError
    from gan_cookbook.common.training import CheckpointError, DivergenceError, ResumeError

    return DataError, DistributeError, ConfigError, UnknownRecipeError, RunError, CheckpointError, DivergenceError, ResumeError


def _describe(err: BaseException) -> str:
    """One line for an error: ours say what to do; an OS error names its file; anything else says it is unexpected."""
    if isinstance(err, _input_errors()):
        text = str(err)
    elif isinstance(err, OSError) and err.strerror:
        text = f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    else:
        text = f"{type(err).__name__}: {err} (unexpected; rerun with --debug for the traceback)"
    return " ".join(text.split("\n"))


def main(argv: list[str] | None = None) -> int:
    """The ``gan-cookbook`` command; returns the exit status (0, 2 for bad input, 1 for anything unexpected, 130 if interrupted).

    ``--debug`` anywhere lets an error's traceback through and keeps TensorFlow's warnings.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    argv = [a for a in argv if a != "--debug"]
    _log_level(debug)
    try:
        parser = build_parser(_train_recipe(argv) if argv[:1] == ["train"] else None)
        try:
            args = parser.parse_args(argv)
        except SystemExit as stop:  # --help (0), or a usage error already printed as one line (2)
            return int(stop.code or 0)
        args.func(args)
    except KeyboardInterrupt:
        print("gan-cookbook: interrupted (a training run continues from its last checkpoint with --resume)", file=sys.stderr)
        return 130
    except Exception as err:
        if debug:
            raise
        print(f"gan-cookbook: error: {_describe(err)}", file=sys.stderr)
        return 2 if isinstance(err, (*_input_errors(), OSError)) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
