"""GAN data augmentation (GANs in Action ch. 11): what a conditional GAN's samples are worth to a classifier
that has only a few labelled images, beside classic augmentation.

    python scripts/augmentation.py --out out/augmentation        # the reference study (about 35 minutes on a 2-core CPU)
    python scripts/augmentation.py --out /tmp/aug --quick        # seconds: tiny budgets, for the tests

For each seed and each labelled-set size (100 and 1,000 MNIST training images, balanced, drawn by the
seed from the first 50,000), the same CNN (``gan_cookbook.common.adversarial.mnist_cnn``) is trained
for the same number of steps on:

    alone      the labelled images
    classic    the labelled images through RandomRotation, RandomTranslation and RandomZoom
    cgan       the labelled images plus N images of a CGAN trained on those labelled images alone
               (N = 1,000, 4,000 and 16,000, every class equally often, labelled with the class asked for)
    both       cgan, every image through the classic augmentation

Batches are drawn uniformly from the union of real and synthetic images. Nothing else sees a label: the
CGAN and the classifier read the labelled subset only, and the remaining training images are not used at
all (no unlabelled images, so there is no row to show without them). The seed draws the subset and
initialises the CGAN and the classifier. Every setting below was fixed before the first run; nothing was
chosen by looking at an accuracy. Accuracies are on the 10,000 MNIST test images (reported) and on the
last 10,000 training images (the validation split, reported beside them). The repository's evaluator
scores the CGAN's samples (the share it assigns to the class asked for): a diagnostic, not an input.

Writes ``results.json``, ``table.md`` (mean and spread over the seeds), ``curves.png`` (test accuracy
against the number of synthetic images) and ``cgan_<size>_seed<seed>.png`` (the CGANs' samples).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

import gan_cookbook.common  # noqa: F401  (quiet start-up)
from gan_cookbook.common import plots
from gan_cookbook.common.adversarial import accuracy, mnist_cnn
from gan_cookbook.common.data import labelled_subset, load_mnist

SEEDS = (0, 1, 2)
SIZES = (100, 1_000)  # labelled images, balanced
SYNTHETIC = (1_000, 4_000, 16_000)  # CGAN images added
CLASSIFIER = {"steps": 2_000, "batch_size": 64, "learning_rate": 1e-3}
# CGAN's networks and reference tricks (moving average of G, linear decay), on the labelled images alone
CGAN = {"steps": 2_000, "batch_size": 64, "generator_average": 0.999, "learning_rate_decay": True}
AUGMENTATION = {"rotation": 10 / 360, "translation": 0.1, "zoom": 0.1}  # +-10 degrees, +-10% shifts and zooms
QUICK = {"seeds": (0,), "sizes": (20,), "synthetic": (40,), "classifier_steps": 10, "cgan": {"steps": 4, "batch_size": 8,
         "generator_filters": 4, "discriminator_filters": 4, "label_embedding": 4}, "test": 200}  # fmt: skip


def classic_augmentation(seed: int):
    """RandomRotation, RandomTranslation and RandomZoom, filling with the background (-1); active in training only."""
    import keras
    from keras import layers

    fill = {"fill_mode": "constant", "fill_value": -1.0}
    a = AUGMENTATION
    return keras.Sequential(
        [
            layers.RandomRotation(a["rotation"], seed=seed, **fill),
            layers.RandomTranslation(a["translation"], a["translation"], seed=seed + 1, **fill),
            layers.RandomZoom(a["zoom"], seed=seed + 2, **fill),
        ],
        name="classic_augmentation",
    )


def train_classifier(x: np.ndarray, y: np.ndarray, augment: bool, seed: int, steps: int) -> object:
    """The CNN after ``steps`` Adam steps on batches drawn uniformly from (x, y), through the classic
    augmentation if ``augment`` (inside the compiled step, so it costs no Python per batch)."""
    import keras

    keras.utils.set_random_seed(seed)
    cnn = mnist_cnn(seed)
    model = keras.Sequential([classic_augmentation(seed), cnn]) if augment else cnn
    model.compile(keras.optimizers.Adam(CLASSIFIER["learning_rate"]), keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    rng = np.random.default_rng([seed, 11])
    for _ in range(steps):
        batch = rng.integers(0, len(x), CLASSIFIER["batch_size"])
        model.train_on_batch(x[batch], y[batch])
    return cnn


def train_cgan(x: np.ndarray, y: np.ndarray, seed: int, settings: dict, out: Path):
    """A CGAN (the recipe's networks) trained on (x, y) alone; its sample grid written to ``out``."""
    import keras

    from gan_cookbook.common import registry
    from gan_cookbook.common.training import SampleGrid, Trainer

    recipe = registry.get("cgan")
    config = recipe.make_config(None, seed=seed, **settings)
    keras.utils.set_random_seed(seed)
    gan = recipe.build(config)
    trainer = Trainer(gan, (x, y), out, callbacks=[SampleGrid(config.steps, seed=seed)], verbose=0)
    trainer.fit()
    return gan, trainer.timing


def synthetic_set(gan, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` CGAN images, classes 0..9 in turn, labelled with the class asked for."""
    labels = np.arange(n) % 10
    z = np.random.default_rng([seed, 12]).standard_normal((n, gan.config.latent_dim), dtype=np.float32)
    return gan.generate(z, labels), labels


def label_accuracy(images: np.ndarray, labels: np.ndarray) -> float:
    """The share of ``images`` the repository's evaluator assigns to ``labels``."""
    from gan_cookbook.common.metrics import Evaluator

    return float(np.mean(Evaluator()(images)[1].argmax(1) == labels))


def study(out: Path, quick: bool = False) -> dict:
    """Every row for every size and seed; ``results.json`` is rewritten after each, so a long run can be watched."""
    seeds, sizes, counts = (QUICK["seeds"], QUICK["sizes"], QUICK["synthetic"]) if quick else (SEEDS, SIZES, SYNTHETIC)
    steps = QUICK["classifier_steps"] if quick else CLASSIFIER["steps"]
    x_fit, y_fit = load_mnist(split="fit")
    held_out = {split: load_mnist(split=split) for split in ("test", "validation")}
    if quick:
        held_out = {split: (x[: QUICK["test"]], y[: QUICK["test"]]) for split, (x, y) in held_out.items()}
    held_out = {split: ((x + 1) / 2, y) for split, (x, y) in held_out.items()}  # accuracy() reads [0, 1] pixels
    result: dict = {"settings": settings(quick), "rows": [], "cgans": []}
    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)

    def run(size: int, seed: int, row: str, x: np.ndarray, y: np.ndarray, augment: bool, synthetic: int = 0) -> None:
        tic = time.perf_counter()
        cnn = train_classifier(x, y, augment, seed, steps)
        scores = {split: accuracy(cnn, *data) for split, data in held_out.items()}
        entry = {"size": size, "seed": seed, "row": row, "synthetic": synthetic, **scores, "seconds": time.perf_counter() - tic}
        result["rows"].append(entry)
        print(json.dumps(result["rows"][-1]), flush=True)
        (out / "results.json").write_text(json.dumps(result, indent=1))

    for size in sizes:
        for seed in seeds:
            chosen = labelled_subset(y_fit, size // 10, seed)
            x, y = x_fit[chosen], y_fit[chosen]
            run(size, seed, "alone", x, y, augment=False)
            run(size, seed, "classic", x, y, augment=True)
            folder = out / f"cgan_{size}_seed{seed}"
            gan, timing = train_cgan(x, y, seed, QUICK["cgan"] if quick else CGAN, folder)
            (folder / "samples.png").replace(out / f"cgan_{size}_seed{seed}.png")
            fake_x, fake_y = synthetic_set(gan, max(counts), seed)
            result["cgans"].append({"size": size, "seed": seed, "evaluator_label_accuracy": label_accuracy(fake_x, fake_y), **timing})
            for n in counts:
                both_x, both_y = np.concatenate([x, fake_x[:n]]), np.concatenate([y, fake_y[:n]])
                run(size, seed, "cgan", both_x, both_y, augment=False, synthetic=n)
                run(size, seed, "both", both_x, both_y, augment=True, synthetic=n)
    result["minutes"] = (time.perf_counter() - started) / 60
    (out / "results.json").write_text(json.dumps(result, indent=1))
    (out / "table.md").write_text(table(result))
    plot(result, out / "curves.png")
    return result


def settings(quick: bool) -> dict:
    return {"quick": quick, "classifier": CLASSIFIER, "cgan": QUICK["cgan"] if quick else CGAN, "augmentation": AUGMENTATION}


def summary(result: dict) -> dict:
    """(size, row, synthetic) -> test and validation accuracies over the seeds."""
    groups: dict[tuple, dict[str, list[float]]] = {}
    for r in result["rows"]:
        group = groups.setdefault((r["size"], r["row"], r["synthetic"]), {"test": [], "validation": []})
        group["test"].append(r["test"])
        group["validation"].append(r["validation"])
    return groups


def table(result: dict) -> str:
    """Markdown: test accuracy (mean, and half the range over the seeds) per row, one column per labelled-set size."""
    groups = summary(result)
    sizes = sorted({k[0] for k in groups})
    keys = sorted({k[1:] for k in groups}, key=lambda k: (["alone", "classic", "cgan", "both"].index(k[0]), k[1]))
    head = "| row | synthetic images | " + " | ".join(f"{s} labels: test % (val %)" for s in sizes) + " |"
    lines = [head, "|" + " --- |" * (2 + len(sizes))]
    for row, n in keys:
        cells = []
        for size in sizes:
            g = groups.get((size, row, n))
            if g is None:
                cells.append("")
                continue
            t, v = 100 * np.array(g["test"]), 100 * np.array(g["validation"])
            cells.append(f"{t.mean():.2f} ± {(t.max() - t.min()) / 2:.2f} ({v.mean():.2f})")
        lines.append(f"| {row} | {n:,} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def plot(result: dict, path: Path) -> None:
    """Test accuracy against synthetic images added, one panel per labelled-set size; the real-only rows as lines."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    groups = summary(result)
    sizes = sorted({k[0] for k in groups})
    fig, axes = plt.subplots(1, len(sizes), figsize=(5 * len(sizes), 3.6), squeeze=False)
    for ax, size in zip(axes[0], sizes):
        for row, colour in (("cgan", "C0"), ("both", "C1")):
            points = sorted((n, 100 * np.array(g["test"])) for (s, r, n), g in groups.items() if s == size and r == row)
            if points:
                label = "+ CGAN images" + (" + classic augmentation" if row == "both" else "")
                means, spreads = [t.mean() for _, t in points], [(t.max() - t.min()) / 2 for _, t in points]
                ax.errorbar([n for n, _ in points], means, yerr=spreads, marker="o", capsize=3, color=colour, label=label)
        for row, style in (("alone", ":"), ("classic", "--")):
            g = groups.get((size, row, 0))
            if g:
                ax.axhline(100 * np.mean(g["test"]), color="grey", linestyle=style, label=f"{row} (real images only)")
        ax.set(xscale="log", title=f"{size:,} labelled images", xlabel="CGAN images added", ylabel="test accuracy (%)")
        ax.legend(fontsize=7)
    fig.tight_layout()
    plots.save_figure(fig, path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="folder for results.json, table.md, curves.png and the CGAN sample grids")
    parser.add_argument("--quick", action="store_true", help="tiny budgets and subsets: a smoke run of seconds")
    parser.add_argument("--table", action="store_true", help="only rewrite table.md and curves.png from --out's results.json")
    parser.add_argument("--overwrite", action="store_true", help="replace the results of an earlier study in --out")
    args = parser.parse_args()
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise SystemExit(f"error: --out {out} is a file, not a folder")
    if not args.table and (out / "results.json").exists() and not args.overwrite:
        raise SystemExit(f"error: {out} already holds a study's results.json; pass --overwrite to replace it, or choose another --out")
    if args.table:
        if not (out / "results.json").is_file():
            raise SystemExit(f"error: {out / 'results.json'} does not exist; run the study into --out first")
        result = json.loads((out / "results.json").read_text())
        (out / "table.md").write_text(table(result))
        plot(result, out / "curves.png")
    else:
        study(out, args.quick)
    print((out / "table.md").read_text())


if __name__ == "__main__":
    main()
