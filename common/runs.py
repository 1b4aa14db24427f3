"""A training run from start to scores, and a finished run as notebooks, scripts and the CLI read it.

    run = train_run("dcgan", config, "out/dcgan")            # trains, saves, evaluates -> metrics.json
    recipe, config, folder = load_run("out/dcgan")
    x, y = draw_samples("out/dcgan", 64, truncation=1.5)    # images in [-1, 1], labels or None
    evaluate_run("out/dcgan", 10_000)                       # FID, IS, coverage, accuracies
    pairs = translate_held_out("out/pix2pix", 64)            # translation runs: x, source, target, y
    evaluate_translation("out/pix2pix")                      # L1, PSNR, SSIM, digit accuracy, FID

``gan-cookbook train / sample / evaluate`` are these functions behind a parser.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import zipfile
from functools import partial
from pathlib import Path
from typing import Any

import keras
import numpy as np


class RunError(ValueError):
    """A folder that is not a (finished) training run, or a request it cannot serve."""


def load_run(run: str | os.PathLike) -> tuple[Any, Any, Path]:
    """A ``gan-cookbook train --out`` folder -> (recipe, config, folder)."""
    from gan_cookbook.common import registry
    from gan_cookbook.common.template import ConfigError

    folder = Path(run)
    if not (folder / "config.json").is_file():
        raise RunError(f"{folder} is not a training run (no config.json); pass the --out folder of 'gan-cookbook train'")
    try:
        saved = json.loads((folder / "config.json").read_text())
        recipe_name, values = saved["recipe"], saved["config"]
    except (ValueError, KeyError, TypeError) as err:
        raise RunError(f"{folder}/config.json is not valid JSON with 'recipe' and 'config' ({err}); restore it from a backup") from None
    recipe = registry.get(recipe_name)
    try:
        return recipe, recipe.config.from_dict(values), folder
    except ConfigError as err:
        raise RunError(f"{folder}/config.json: {err}") from None


def load_model(path: str | os.PathLike) -> keras.Model:
    """A saved network, in Keras's safe mode: a file that would run code of its own (a Lambda layer) is refused."""
    path = Path(path)
    if not path.is_file():
        raise RunError(f"{path} not found; the run has not finished (resume it with 'gan-cookbook train ... --resume')")
    if not zipfile.is_zipfile(path):
        raise RunError(f"cannot load {path}: not a .keras file (empty, truncated or another format); retrain, or restore the file")
    try:
        return keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        if "Lambda" in str(err) or "safe_mode" in str(err):
            reason = "it holds a Lambda layer, code that safe mode does not run"
        raise RunError(f"cannot load {path}: {reason}; it is not a model this cookbook saved (retrain, or restore the file)") from None


def save_model(model: keras.Model, path: Path) -> None:
    """``model.save(path)`` through a temporary file, so ``path`` is always either the old model or the whole new one."""
    tmp = path.with_name(f".tmp_{path.name}")
    model.save(tmp)
    os.replace(tmp, path)


def write_json(path: Path, value) -> None:
    """``path`` replaced atomically by ``value`` as JSON."""
    from gan_cookbook.common.training import atomic_write

    atomic_write(path, json.dumps(value, indent=2))


# What a run writes into its folder: ``train --out`` refuses a folder holding any of them (unless --resume
# or --overwrite), and --overwrite removes only these.
RUN_FILES = (
    "config.json", "history.csv", "curves.png", "samples.png", "progress.gif", "metrics.json", "coverage.png",
    "fid_history.json", "fid.png", "test_accuracy_history.json", "test_accuracy.png",
)  # fmt: skip
RUN_FOLDERS = ("checkpoints", "samples", "tensorboard")


def run_files(folder: Path) -> list[Path]:
    """The files and folders of a run in ``folder`` (what :data:`RUN_FILES`, :data:`RUN_FOLDERS` and ``*.keras`` name)."""
    if not folder.is_dir():
        return []
    return sorted({*(folder / n for n in RUN_FILES + RUN_FOLDERS if (folder / n).exists()), *folder.glob("*.keras")})


def check_output_folder(out: Path) -> None:
    """Raise :class:`RunError` if ``out`` is a file or lies below one."""
    if out.is_file():
        raise RunError(f"--out {out} is a file; pass a folder")
    for path in out.parents:
        if path.is_file():
            raise RunError(f"--out {out} lies below {path}, which is a file; pass a folder")


def load_generator(folder: str | os.PathLike) -> keras.Model:
    """The run's saved generator (the weight average, if the run kept one)."""
    return load_model(Path(folder) / "generator.keras")


def is_translation(recipe) -> bool:
    """Whether ``recipe`` translates images (its generator reads an image, not a latent vector)."""
    from gan_cookbook.common.translation import TranslationGAN

    return issubclass(recipe.gan, TranslationGAN)


def held_out_split(config) -> str:
    """The images a run is scored on: "test", or "validation" for a run that chooses settings."""
    return "validation" if config.validation else "test"


def _needs_latent_space(recipe) -> None:
    if is_translation(recipe):
        raise RunError(f"a {recipe.name} run translates images and has no latent space; use 'sample' or 'translate'")


def resumed_config(folder: str | os.PathLike, recipe, overrides: dict[str, Any], preset: str | None = None):
    """The config of the run in ``folder``, with only ``steps`` taken from ``overrides`` (None = unchanged).

    Any other hyper-parameter (or preset) that differs from the run's raises :class:`RunError`:
    a resumed run continues exactly as it was configured.
    """
    folder = Path(folder)
    if not (folder / "config.json").is_file():
        raise RunError(f"nothing to resume in {folder}: it holds no run (start one without --resume)")
    saved_recipe, config, folder = load_run(folder)
    if saved_recipe.name != recipe.name:
        raise RunError(f"{folder} holds a {saved_recipe.name!r} run, not {recipe.name!r}")
    changed = {k: v for k, v in overrides.items() if v is not None and k != "steps" and v != getattr(config, k)}
    if preset is not None and preset != json.loads((folder / "config.json").read_text()).get("preset"):
        changed["preset"] = preset
    if changed:
        flags = ", ".join(
            f"--{k.replace('_', '-')} {v}" + (f" (the run has {getattr(config, k)})" if k != "preset" else "") for k, v in changed.items()
        )
        raise RunError(f"--resume continues {folder} as configured in its config.json; only --steps may change, not {flags}")
    return config.replace(**({"steps": overrides["steps"]} if overrides.get("steps") is not None else {}))


def train_run(
    recipe,
    config,
    out: str | os.PathLike,
    *,
    data: str | os.PathLike | None = None,
    preset: str | None = None,
    epochs: int | None = None,
    resume: bool = False,
    overwrite: bool = False,
    evaluate: bool = True,
    verbose: int = 1,
    stream: bool | None = None,
    distribute: str = "none",
    replicas: int = 0,
) -> dict:
    """Train ``recipe`` (a registry name or entry) with ``config`` into ``out``; returns the timing.

    Loads the dataset (the ``fit`` split when ``config.validation``: settings are then chosen on
    the held-out validation images), saves the generator and the evaluated discriminator, and,
    for MNIST and Stacked MNIST, scores the run into ``metrics.json`` (:func:`evaluate_run`).
    ``resume`` continues the checkpoints in ``out`` (``config`` should then come from
    :func:`resumed_config`); ``overwrite`` replaces the run in ``out`` (its files only, once the data
    has loaded); otherwise ``out`` must not hold one. A non-finite loss or weight stops the run with
    :class:`~gan_cookbook.common.training.DivergenceError` and leaves its last good checkpoint.
    A folder dataset is streamed from its files (:class:`~gan_cookbook.common.data.FolderStream`) if
    ``stream``, or, with ``stream`` None, if its images would take more than ``STREAM_ABOVE`` bytes.
    ``distribute`` ("mirrored", "multi-worker"; TensorFlow only) trains data-parallel over ``replicas``
    devices (:mod:`~gan_cookbook.common.distribute`); under multi-worker only the chief writes into ``out``.
    """
    from gan_cookbook.common import distribute as distribution
    from gan_cookbook.common import metrics, registry
    from gan_cookbook.common.data import FolderStream, PhotoPatches, load_dataset, load_photos, load_translation
    from gan_cookbook.common.template import recompute_batchnorm_statistics, strategy_scope
    from gan_cookbook.common.training import Trainer, check_finite_weights, default_callbacks

    strategy = distribution.make_strategy(distribute, replicas)  # first: it configures devices before TensorFlow starts
    chief = distribution.is_chief(strategy)
    recipe = registry.get(recipe) if isinstance(recipe, str) else recipe
    out = Path(out)
    check_output_folder(out)
    earlier = run_files(out)
    if earlier and not (resume or overwrite) and chief:
        raise RunError(
            f"{out} already holds a run ({', '.join(p.name for p in earlier[:3])}{', ...' if len(earlier) > 3 else ''});"
            " pass --resume to continue it, --overwrite to replace it, or choose another --out"
        )
    split = "fit" if config.validation else "train"
    translates = is_translation(recipe)
    if translates and is_photo_super_resolution(config):  # random patches of whole photos, cut as they are drawn
        photos = load_photos(data if config.dataset == "folder" else None, split, config.image_shape[-1])[0]
        dataset = PhotoPatches(photos, config.image_shape[0], config.scale, config.batch_size, config.seed)
        images = None
    elif translates:
        pairs = load_translation(config.dataset, config.image_shape, data, scale=config.scale, split=split)
        dataset, images = (pairs["source"], pairs["target"]), pairs["target"]
    elif config.dataset == "folder" and (files := stream_files(config, data, stream)):
        dataset = FolderStream(files, config.image_shape[0], config.batch_size, config.seed)
        images = None  # decoded once training has ended, and only as many as fit in 256 MiB
    else:
        dataset = load_dataset(config.dataset, config.image_shape, data, labels=config.labelled, split=split)
        images = dataset[0] if isinstance(dataset, tuple) else dataset
    if epochs is not None:
        config = config.replace(steps=epochs * ((len(images) if images is not None else dataset.size) // config.batch_size))

    if resume and preset is None and (out / "config.json").is_file():
        preset = json.loads((out / "config.json").read_text()).get("preset")  # a resumed run keeps its preset's name
    keras.utils.set_random_seed(config.seed)
    with strategy_scope(strategy):
        gan = recipe.build(config)
    if translates:  # the preview grids translate held-out images
        held = load_translation(config.dataset, config.image_shape, data, scale=config.scale, split=held_out_split(config))
        gan.preview_pairs = (held["source"][: gan.preview_size], held["target"][: gan.preview_size])
    callbacks = default_callbacks(gan) if chief else []  # the other workers write nothing
    scored_as_digits = config.dataset in ("mnist", "stacked_mnist") and not translates  # translations score in evaluate_translation
    reference = metrics.reference_for(config, data) if scored_as_digits and chief else None
    if reference is not None and config.dataset == "mnist" and config.eval_every:
        if gan.trains_generator:
            callbacks.append(metrics.FIDTracker(reference, config.eval_every, config.eval_samples, config.seed))
        if gan.classifier:
            callbacks.append(metrics.TestAccuracyTracker(reference, config.eval_every))
    trainer = Trainer(gan, dataset, out, callbacks, verbose=verbose)
    models = [*(recipe.gan.translators.values() if translates else ["generator"] if gan.trains_generator else []), gan.discriminator_name]
    if resume:
        done = trainer.resume(writes=chief)
        if done > config.steps:
            raise RunError(f"{out} already trained {done} steps; pass --steps above {done} to train it further (--steps {config.steps})")
        if done == config.steps and all((out / f"{name}.keras").is_file() for name in models):
            raise RunError(f"{out} finished at step {done}; pass --steps above {done} to train it further")
        print(f"resuming {out} from step {done}")
    if chief:  # the other workers write nothing
        if overwrite and not resume:
            for path in run_files(out):
                shutil.rmtree(path) if path.is_dir() else path.unlink()
        out.mkdir(parents=True, exist_ok=True)
        write_json(out / "config.json", {"recipe": recipe.name, "preset": preset, "config": config.to_dict()})
    with distribution.worker_failures(strategy, out):
        trainer.fit()
    if not chief:
        print(f"trained {recipe.name} as worker {strategy.cluster_resolver.task_id}: the chief writes the run")
        return trainer.timing
    timing = trainer.timing
    check_finite_weights(gan, trainer.step)
    if images is None:
        images = dataset.head(min(10_000, 2**28 // (4 * int(np.prod(config.image_shape)))))
    gan.finish(images[:10_000])
    if translates:
        for name in recipe.gan.translators.values():
            save_model(gan.averaged(name), out / f"{name}.keras")
    elif gan.trains_generator:
        save_model(gan.sampler, out / "generator.keras")
    discriminator = gan.evaluated_discriminator
    if gan.classifier:  # its class head is scored on real images in inference mode: BatchNorm statistics of real images
        recompute_batchnorm_statistics(discriminator, images[:10_000])
    save_model(discriminator, out / f"{gan.discriminator_name}.keras")
    print(f"trained {recipe.name}: {json.dumps(timing)}")
    if (reference is not None or config.dataset == "shapes" and tuple(config.image_shape) == SHAPE_GRID) and evaluate:
        evaluate_run(out, config.eval_samples, reference, timing)
    if translates and evaluate:
        evaluate_translation(out, data=data, timing=timing)
    return timing


def stream_files(config, folder: str | os.PathLike | None, stream: bool | None) -> list[Path] | None:
    """The files of a folder dataset to stream, or None to load it: streamed as asked, or, unasked, if its images
    would take more than ``STREAM_ABOVE`` bytes. The folder must hold images, and the recipe read RGB images
    without labels (what a folder gives)."""
    from gan_cookbook.common.data import STREAM_ABOVE, DataError, folder_files

    files = folder_files(folder, config.labelled)
    height, width, channels = config.image_shape
    if height != width or channels != 3:
        raise DataError(f"a folder gives square RGB images, but the model expects {tuple(config.image_shape)}; set --image-shape to match")
    streamed = stream if stream is not None else len(files) * height * width * channels * 4 > STREAM_ABOVE
    return files if streamed else None


# -- translation runs ----------------------------------------------------------------------------------
def load_translator(run: str | os.PathLike, direction: str = "ab") -> tuple[Any, Any, keras.Model]:
    """A finished translation run's (recipe, config, translator) for ``direction`` ("ab", or CycleGAN's "ba")."""
    recipe, config, folder = load_run(run)
    if not is_translation(recipe):
        raise RunError(
            f"{folder} holds a {recipe.name!r} run, which draws images from noise; translate needs a translation run (pix2pix, ...)"
        )
    if direction not in recipe.gan.translators:
        raise RunError(
            f"a {recipe.name} run translates in direction {' and '.join(sorted(recipe.gan.translators))} (A -> B), not {direction!r}"
        )
    return recipe, config, load_model(folder / f"{recipe.gan.translators[direction]}.keras")


def _direction_data(held: dict, direction: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(sources, targets, the sources' digits) of held-out data for ``direction``."""
    if direction == "ab":
        return held["source"], held["target"], held.get("label")
    return held["target"], held["source"], held.get("target_label", held.get("label"))


def translate_held_out(
    run: str | os.PathLike, n: int, direction: str = "ab", data: str | os.PathLike | None = None
) -> dict[str, np.ndarray]:
    """The first ``n`` held-out inputs of a translation run, translated: ``x`` (outputs in [-1, 1]), ``source``,
    ``target`` (the true pair, paired data only) and ``y`` (the digit, where known)."""
    from gan_cookbook.common.data import load_translation
    from gan_cookbook.common.template import generate

    if n < 1:
        raise RunError("--n must be at least 1")
    recipe, config, translator = load_translator(run, direction)
    held = load_translation(config.dataset, config.image_shape, data, scale=config.scale, split=held_out_split(config))
    sources, targets, labels = _direction_data(held, direction)
    sources = sources[:n]
    result = {"x": generate(translator, sources, 100), "source": sources}
    if held["paired"]:
        result["target"] = targets[:n]
    if labels is not None:
        result["y"] = labels[:n]
    return result


def translate_files(
    run: str | os.PathLike, source: str | os.PathLike, out: str | os.PathLike, direction: str = "ab", overwrite: bool = False
) -> int:
    """Translate a user's images (a folder of image files, or an .npz whose ``x`` is (N, H, W, C) in [-1, 1])
    into the new folder ``out``: one PNG per image, and ``translated.npz`` (``x``, ``source``). Images of
    another size are resized, with a warning. Returns how many were translated. ``out`` must be new or
    empty unless ``overwrite``."""
    import warnings

    from gan_cookbook.common import plots
    from gan_cookbook.common.data import DataError, read_images, read_npz
    from gan_cookbook.common.template import generate

    recipe, config, translator = load_translator(run, direction)
    source, out = Path(source), Path(out)
    check_output_folder(out)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise RunError(f"{out} already holds files; translate writes into a new or empty folder (or pass --overwrite)")
    size, channels = config.source_shape[0], config.source_shape[2]  # super-resolution reads smaller images than it makes
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.is_file() and not p.name.startswith("."))
        if not files:
            raise DataError(f"{source} holds no files; put the images to translate there")
        images, used = read_images(files, size, channels, warn_resized=True)
        names = [f.stem for f in used]  # the files read, so a skipped file shifts no name
    elif source.suffix == ".npz" and source.is_file():
        images = read_npz(source, ["x"])["x"]
        if not np.issubdtype(images.dtype, np.floating) or not np.isfinite(images).all():
            raise DataError(f"{source}: x must hold finite floats in [-1, 1], got {images.dtype} values with NaN, inf or text")
        images = images.astype(np.float32)
        if images.ndim != 4 or images.shape[-1] != channels:
            raise DataError(f"{source}: x has shape {images.shape}; this {recipe.name} run translates (N, H, W, {channels}) images")
        if images.shape[1:3] != (size, size):
            warnings.warn(f"resized {images.shape[1]}x{images.shape[2]} images to {size}x{size}", stacklevel=2)
            images = np.asarray(keras.ops.image.resize(images, (size, size), antialias=True), np.float32)
        if images.min() < -1.001 or images.max() > 1.001:
            raise DataError(f"{source}: x lies in [{images.min():.3g}, {images.max():.3g}]; scale it to [-1, 1] (x / 127.5 - 1)")
        names = None
    else:
        raise DataError(f"--input {source} is neither a folder of images nor an .npz file")
    translated = generate(translator, images, 100)
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "translated.npz", x=translated, source=images)
    for i, image in enumerate(plots.to_uint8(translated)):
        plots.write_image(image, out / f"{names[i] if names else f'{i:05d}'}.png")
    return len(translated)


# -- super-resolution of photos -----------------------------------------------------------------------
def is_photo_super_resolution(config) -> bool:
    """Whether a run super-resolves photos (trained on random patches, scored on whole held-out photos)."""
    return getattr(config, "scale", 1) > 1 and config.dataset in ("photos", "folder")


def super_resolve_photos(run: str | os.PathLike, data: str | os.PathLike | None = None, tile: int = 128) -> dict[str, dict]:
    """Each whole held-out photo of a super-resolution run, by name: ``target`` (the photo cropped to a multiple of
    the scale), ``source`` (it shrunk bicubically), ``output`` (the run's generator, :func:`upscale`) and
    ``bicubic`` (the source upscaled bicubically, the baseline), all (H, W, C) in [-1, 1]."""
    from gan_cookbook.common.data import bicubic_resize, load_photos, shrink
    from gan_cookbook.common.translation import upscale

    recipe, config, generator = load_translator(run)
    if not is_photo_super_resolution(config):
        raise RunError(f"{run} does not super-resolve photos (dataset {config.dataset!r}, scale {config.scale})")
    photos, names = load_photos(data if config.dataset == "folder" else None, held_out_split(config), config.image_shape[-1])
    result = {}
    for name, photo in zip(names, photos):
        source, target = shrink(photo, config.scale)
        bicubic = np.clip(bicubic_resize(source[None], target.shape[:2])[0], -1, 1)
        result[name] = {"source": source, "target": target, "output": upscale(generator, source, config.scale, tile), "bicubic": bicubic}
    return result


def score_photos(photos: dict[str, dict], scale: int) -> dict[str, Any]:
    """PSNR and SSIM (luma, ``scale`` border pixels cropped) of each photo of :func:`super_resolve_photos` and their
    means over the photos (as Ledig et al. average Set5), for the outputs and for bicubic upscaling (``input_*``)."""
    from gan_cookbook.common import metrics

    per_photo = {}
    for name, p in photos.items():
        output = metrics.super_resolution_similarity(p["output"][None], p["target"][None], border=scale)
        bicubic = metrics.super_resolution_similarity(p["bicubic"][None], p["target"][None], border=scale)
        per_photo[name] = {"psnr": output["psnr"], "ssim": output["ssim"], "input_psnr": bicubic["psnr"], "input_ssim": bicubic["ssim"]}
    means = {key: float(np.mean([scores[key] for scores in per_photo.values()])) for key in ("psnr", "ssim", "input_psnr", "input_ssim")}
    return {"n": len(per_photo), **means, "photos": per_photo}


def upscale_files(
    run: str | os.PathLike, source: str | os.PathLike, out: str | os.PathLike, tile: int = 128, overwrite: bool = False
) -> int:
    """Super-resolve a user's images (one image file, or a folder of them), each at its own size and tile by tile
    (:func:`~gan_cookbook.common.translation.upscale`), into the new folder ``out`` as ``<name>_x<scale>.png``.
    Returns how many were written. ``out`` must be new or empty unless ``overwrite``."""
    from gan_cookbook.common import plots
    from gan_cookbook.common.data import IMAGE_SUFFIXES, DataError, read_photo
    from gan_cookbook.common.translation import upscale

    recipe, config, generator = load_translator(run)
    if getattr(config, "scale", 1) < 2:
        raise RunError(f"{run} is a {recipe.name} run that translates without enlarging; upscale needs a super-resolution run (srgan)")
    if tile < 1:
        raise RunError(f"--tile must be at least 1, got {tile}")
    source, out = Path(source), Path(out)
    if source.is_dir():
        files = sorted(p for p in source.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise DataError(f"{source} holds no .png/.jpg images to upscale")
    elif source.is_file():
        files = [source]
    else:
        raise DataError(f"--input {source} is neither an image file nor a folder of images")
    check_output_folder(out)
    if out.exists() and any(out.iterdir()) and not overwrite:
        raise RunError(f"{out} already holds files; upscale writes into a new or empty folder (or pass --overwrite)")
    images = [read_photo(file, config.image_shape[-1]) for file in files]  # all read first: a bad file leaves nothing half done
    out.mkdir(parents=True, exist_ok=True)
    for file, image in zip(files, images):
        plots.write_image(plots.to_uint8(upscale(generator, image, config.scale, tile)), out / f"{file.stem}_x{config.scale}.png")
    return len(files)


def refined_training(translator: keras.Model, config, reference, data: str | os.PathLike | None = None, epochs: int = 4) -> dict:
    """SimGAN's test: a classifier (the evaluator's network, ``epochs`` epochs, seed 0) trained only on
    ``config.eval_samples`` training font digits with their labels, raw and translated, each scored on the
    held-out MNIST images."""
    from gan_cookbook.common.data import crop_to, load_translation
    from gan_cookbook.common.metrics import transfer_accuracy
    from gan_cookbook.common.template import generate

    train = load_translation(config.dataset, config.image_shape, data, scale=config.scale, split="fit" if config.validation else "train")
    fonts, labels = train["source"][: config.eval_samples], train["label"][: config.eval_samples]
    test_images, test_labels = reference.test_set
    refined = crop_to(generate(translator, fonts, 100), 28)
    return {
        "classifier_on_raw": transfer_accuracy(crop_to(fonts, 28), labels, test_images, test_labels, epochs),
        "classifier_on_translated": transfer_accuracy(refined, labels, test_images, test_labels, epochs),
        "classifier_images": len(fonts),
    }


def write_metrics(folder: Path, result: dict, timing: dict | None = None) -> dict:
    """Write ``result`` to ``folder/metrics.json`` with the run's training ``timing`` (kept from the file
    already there when not given, so a re-evaluation does not lose it); returns what was written."""
    path = folder / "metrics.json"
    if timing is None and path.exists():
        timing = json.loads(path.read_text()).get("timing")
    if timing:
        result["timing"] = timing
    write_json(path, result)
    return result


def evaluate_translation(run: str | os.PathLike, data: str | os.PathLike | None = None, timing: dict | None = None) -> dict:
    """Score a translation run on its held-out split, per direction, into ``metrics.json``:

    - paired data: L1, PSNR and SSIM of the outputs against the true targets, and of the inputs
      themselves (``input_*``: the do-nothing baseline); the outputs' and the targets' sharpness;
    - digits: ``digit_accuracy``, how often the evaluator reads the input's digit in the output, and
      for outputs in MNIST's domain their FID against the MNIST test images;
    - two directions (CycleGAN): ``cycle_l1``, the mean |F(G(a)) - a| on [0, 1];
    - font digits -> MNIST: :func:`refined_training`, classifiers trained on raw and on translated digits;
    - super-resolution (``scale`` > 1): PSNR and SSIM on the luma with ``scale`` border pixels cropped, as Ledig et
      al. report them, and the ``input_*`` baseline is the input upscaled bicubically (for digits also its
      ``input_digit_accuracy`` and ``input_fid``); photos are scored whole (:func:`score_photos`).
    """
    from gan_cookbook.common import metrics
    from gan_cookbook.common.data import bicubic_resize, crop_to, load_translation
    from gan_cookbook.common.template import generate

    recipe, config, folder = load_run(run)
    if is_photo_super_resolution(config):
        tic = time.perf_counter()
        result = {"reference": held_out_split(config), "ab": score_photos(super_resolve_photos(folder, data), config.scale)}
        result["eval_seconds"] = time.perf_counter() - tic
        print(json.dumps(write_metrics(folder, result, timing)))
        return result
    held = load_translation(config.dataset, config.image_shape, data, scale=config.scale, split=held_out_split(config))
    if config.scale > 1:  # super-resolution scores its first eval_samples held-out images (all 10,000 test digits by default)
        held = {key: value[: config.eval_samples] if value.ndim else value for key, value in held.items()}
    tic = time.perf_counter()
    translators = {d: load_translator(folder, d)[2] for d in recipe.gan.translators}
    result: dict[str, Any] = {"reference": held_out_split(config)}
    # the MNIST evaluator and held-out digits, read once for both directions (only the digit datasets carry labels)
    reference = metrics.MNISTReference(data=data, split=held_out_split(config)) if "label" in held else None
    for direction, translator in translators.items():
        sources, targets, labels = _direction_data(held, direction)
        outputs = generate(translator, sources, 100)
        scores: dict[str, Any] = {"n": len(outputs)}
        # the do-nothing baseline: the input itself, or for super-resolution the input upscaled bicubically
        inputs = sources if config.scale == 1 else np.clip(bicubic_resize(sources, config.image_shape[0]), -1, 1)
        if held["paired"]:
            similarity = partial(metrics.super_resolution_similarity, border=config.scale) if config.scale > 1 else metrics.image_similarity
            scores.update(similarity(outputs, targets))
            scores.update({f"input_{k}": v for k, v in similarity(inputs, targets).items()})
            scores.update(sharpness=metrics.sharpness(outputs), target_sharpness=metrics.sharpness(targets))
        if labels is not None:
            digits = crop_to(outputs, 28)
            scores["digit_accuracy"] = float(np.mean(np.argmax(reference.evaluator(digits)[1], axis=1) == labels))
            if direction == "ab":  # outputs in MNIST's domain
                scores["fid"] = reference.fid(digits)
            if config.scale > 1:
                scores["input_digit_accuracy"] = float(np.mean(np.argmax(reference.evaluator(inputs)[1], axis=1) == labels))
                scores["input_fid"] = reference.fid(inputs)
            if direction == "ab" and config.dataset == "fonts_mnist":
                scores.update(refined_training(translator, config, reference, data))
        if len(translators) == 2:
            back = translators["ba" if direction == "ab" else "ab"]
            scores["cycle_l1"] = float(np.mean(np.abs(generate(back, outputs, 100) - sources)) / 2)
        result[direction] = scores
    result["eval_seconds"] = time.perf_counter() - tic
    print(json.dumps(write_metrics(folder, result, timing)))
    return result


def class_labels(recipe, config, n: int, label: int | None = None, per_class: int | None = None) -> np.ndarray | None:
    """The classes (or InfoGAN codes) to ask a run for: None for an unconditional run; otherwise
    all ``label``, ``per_class`` of each class in order (then ``n`` is ignored), or cycling 0, 1, ..."""
    if recipe.gan.conditioning == "none":
        if label is not None or per_class is not None:
            raise RunError("--label and --per-class need a conditional recipe (e.g. cgan); this run takes no labels")
        return None
    if label is not None and not 0 <= label < config.num_classes:
        raise RunError(f"--label must lie in 0..{config.num_classes - 1}, got {label}")
    if per_class is not None:
        if label is not None:
            raise RunError("pass --label K or --per-class N, not both")
        if per_class < 1:
            raise RunError("--per-class must be at least 1")
        return np.repeat(np.arange(config.num_classes), per_class)
    return np.full(n, label) if label is not None else np.arange(n) % config.num_classes


def draw_samples(
    run: str | os.PathLike,
    n: int,
    *,
    label: int | None = None,
    per_class: int | None = None,
    truncation: float | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray | None]:
    """``n`` images of a finished run in [-1, 1], and the classes asked for (None if unconditional).

    ``truncation``: the truncation trick, as the recipe defines it (latent components beyond +-T redrawn;
    StyleGAN: w pulled toward its average by psi = T).
    """
    from gan_cookbook.common.template import generate

    recipe, config, folder = load_run(run)
    _needs_latent_space(recipe)
    if n < 1:
        raise RunError("--n must be at least 1")
    labels = class_labels(recipe, config, n, label, per_class)
    n = n if labels is None else len(labels)
    inputs = recipe.gan.sampling_inputs(config, n, np.random.default_rng(seed), labels, truncation)
    return generate(load_generator(folder), inputs), labels


def evaluation_samples(recipe, config, folder: Path, n: int, labels: np.ndarray | None = None) -> np.ndarray:
    """The ``n`` samples a run is scored on: its saved generator on the evaluation stream's latent vectors (the same
    ones at every evaluation of the run), with ``labels`` for a conditional generator."""
    from gan_cookbook.common.template import Stream, generate, random_stream

    z = random_stream(config.seed, Stream.EVALUATION).standard_normal((n, config.latent_dim), dtype=np.float32)
    return generate(load_generator(folder), recipe.gan.generator_inputs_for(config, z, labels))


def evaluate_run(
    folder: str | os.PathLike, n: int, reference=None, timing: dict | None = None, data: str | os.PathLike | None = None
) -> dict:
    """Score a run: ``n`` samples of its generator, and its discriminator's class head if it has one.

    Writes ``metrics.json`` (and ``coverage.png``). A Stacked MNIST run is scored on the modes its
    samples reach instead (:func:`gan_cookbook.common.metrics.stacked_modes`). A conditional run is asked for every class
    equally often, and ``label_accuracy`` is the share of samples the evaluator assigns to the
    class they were asked for. For unlabelled codes (InfoGAN), ``code_accuracy`` is that share
    after mapping each code to a digit. A discriminator that classifies (SGAN, ACGAN) adds
    ``test_accuracy``: how often it names the label of the 10,000 MNIST test images.
    """
    from gan_cookbook.common import metrics, plots

    recipe, config, folder = load_run(folder)
    if is_translation(recipe):
        return evaluate_translation(folder, data, timing)
    if config.dataset == "shapes":
        return evaluate_shapes(folder, n, timing)
    reference = reference or metrics.reference_for(config, data)
    if config.dataset == "stacked_mnist":
        result = metrics.stacked_modes(reference.evaluator, evaluation_samples(recipe, config, folder, n))
        write_metrics(folder, result, timing)
        print(json.dumps(result))
        return result
    if reference is None:
        raise RunError(f"evaluate scores MNIST-shaped runs and Stacked MNIST; this run makes {config.image_shape} images")
    if not (folder / f"{recipe.discriminator.network}.keras").is_file():
        raise RunError(f"{folder} holds no trained model yet; the run has not finished (resume it with 'gan-cookbook train ... --resume')")
    tic = time.perf_counter()
    result = {}
    if (folder / "generator.keras").is_file() and n:
        conditioning = recipe.gan.conditioning
        asked = class_labels(recipe, config, n)  # cycling through the classes, so each IS split is balanced too
        images = evaluation_samples(recipe, config, folder, n, asked)
        result = reference.evaluate(images, **({"labels": {"asked": asked}, "codes": {"codes": asked}}.get(conditioning, {})))
    if recipe.gan.classifier:
        discriminator = load_model(folder / f"{recipe.discriminator.network}.keras")
        result.update(metrics.classifier_accuracy(discriminator, *reference.test_set, recipe.gan.classifier))
    result["reference"] = reference.split  # the held-out images scored against: "test", or "validation" for a run that chose settings
    result["eval_seconds"] = time.perf_counter() - tic
    write_metrics(folder, result, timing)
    if "class_fractions" in result:
        plots.save_histogram(result["class_fractions"], folder / "coverage.png")
    per_class = ("class_fractions", "label_accuracy_per_class", "test_accuracy_per_class")
    print(json.dumps({k: v for k, v in result.items() if k not in per_class}))
    return result


SHAPE_GRID = (32, 32, 32, 1)  # the grids the shape classifier reads


def evaluate_shapes(folder: str | os.PathLike, n: int, timing: dict | None = None) -> dict:
    """Score ``n`` voxel grids of a run trained on the procedural shapes (``metrics.json``, ``coverage.png``).

    The shape classifier (:class:`~gan_cookbook.common.voxels.ShapeEvaluator`) gives each class's share
    of the samples, the share that is no shape, and its mean confidence; ``nearest_iou_median`` is the
    median of each sample's largest IoU with a training shape, beside ``held_out_nearest_iou_median``,
    the same for shapes never trained on (test, or validation for a run that chooses settings).
    """
    from gan_cookbook.common import plots
    from gan_cookbook.common.data import load_shapes
    from gan_cookbook.common.voxels import CLASSES, ShapeEvaluator, held_out_nearest_iou

    recipe, config, folder = load_run(folder)
    if tuple(config.image_shape) != SHAPE_GRID:
        raise RunError(f"the shape classifier scores grids of {SHAPE_GRID}; this run makes {tuple(config.image_shape)}")
    if not (folder / "generator.keras").is_file():
        raise RunError(
            f"{folder} holds no trained generator yet; the run has not finished (resume it with 'gan-cookbook train ... --resume')"
        )
    tic = time.perf_counter()
    samples = evaluation_samples(recipe, config, folder, n)
    training, training_labels = load_shapes(SHAPE_GRID[0], "train")
    held, held_labels = load_shapes(SHAPE_GRID[0], held_out_split(config))
    result = ShapeEvaluator().scores(samples, training)
    result["held_out_nearest_iou_median"] = held_out_nearest_iou(held, held_labels, training, training_labels)
    result["reference"] = held_out_split(config)
    result["eval_seconds"] = time.perf_counter() - tic
    write_metrics(folder, result, timing)
    plots.save_histogram([*result["class_fractions"].values(), result["not_a_shape"]], folder / "coverage.png", [*CLASSES, "none"])
    print(json.dumps({k: v for k, v in result.items() if k != "class_fractions"}))
    return result


def interpolation_frames(
    run: str | os.PathLike, walks: int = 16, points: int = 4, frames: int = 16, labels: tuple[int, int] | None = None, seed: int = 0
) -> list[np.ndarray]:
    """Grids (uint8, H x W x C) of ``walks`` spherical latent walks visiting ``points`` points and looping back,
    ``frames`` frames between two points; or, with ``labels=(A, B)``, a blend from class A into B at fixed z."""
    from gan_cookbook.common import plots
    from gan_cookbook.common.template import generate, slerp

    recipe, config, folder = load_run(run)
    _needs_latent_space(recipe)
    if points < 2 or frames < 1:
        raise RunError("--points must be at least 2 and --frames at least 1")
    generator = load_generator(folder)
    rng = np.random.default_rng(seed)

    if labels is not None:
        if recipe.gan.conditioning == "none":
            raise RunError("--labels needs a conditional recipe (e.g. cgan); this run takes no labels")
        if not all(0 <= k < config.num_classes for k in labels):
            raise RunError(f"--labels must lie in 0..{config.num_classes - 1}, got {labels}")
        a, b = np.eye(config.num_classes, dtype=np.float32)[list(labels)]
        z = rng.standard_normal((walks, config.latent_dim), dtype=np.float32)
        blends = (np.tile((1 - t) * a + t * b, (walks, 1)) for t in np.linspace(0, 1, max(frames, 2)))
        return [plots.scaled_grid(generate(generator, recipe.gan.generator_inputs_for(config, z, blend)), scale=3) for blend in blends]
    keys = rng.standard_normal((points, walks, config.latent_dim), dtype=np.float32)
    keys = np.concatenate([keys, keys[:1]])
    return [
        plots.scaled_grid(generate(generator, recipe.gan.generator_inputs_for(config, slerp(a, b, t))), scale=3)
        for a, b in zip(keys[:-1], keys[1:])
        for t in np.linspace(0, 1, frames, endpoint=False)
    ]


def nearest_training_images(config, samples: np.ndarray, out: Path, held_out: int = 1_000) -> dict:
    """``samples`` (16) beside their nearest training images in pixel distance, for a dataset no evaluator fits.

    Writes ``nearest.png`` (samples in odd rows, each above its nearest training image) and ``nearest.json``; returns
    the summary: each sample's distance, their median, and the median for ``held_out`` held-out images of the same
    kind (MNIST's test digits, the test emoji). A generator that copies its training set sits much closer to it
    than new images of the same kind do.
    """
    from gan_cookbook.common import plots
    from gan_cookbook.common.data import load_dataset
    from gan_cookbook.common.metrics import nearest_neighbours

    training = load_dataset(config.dataset, config.image_shape)
    index, distance = nearest_neighbours(samples, training)
    held_distance = nearest_neighbours(load_dataset(config.dataset, config.image_shape, split="test")[:held_out], training)[1]
    pairs = np.concatenate([np.concatenate([samples[i : i + 8], training[index[i : i + 8]]]) for i in range(0, len(samples), 8)])
    plots.save_grid(pairs, out / "nearest.png", rows=len(pairs) // 8)
    summary = {
        "sample_distance": [round(float(d), 2) for d in distance],
        "sample_median": float(np.median(distance)),
        "held_out_median": float(np.median(held_distance)),
        "training_images": len(training),
    }
    (out / "nearest.json").write_text(json.dumps(summary, indent=1))
    return summary
