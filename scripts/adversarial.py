"""The adversarial-examples study behind the README's figures: FGSM, PGD and random noise of the same L-inf
norm against an MNIST CNN trained here, against the repository's evaluator, and against the CNN trained on
PGD examples (Madry et al. 2018).

    python scripts/adversarial.py --out out/adversarial                 # the reference run (18 minutes on a 2-core CPU)
    python scripts/adversarial.py --out /tmp/adv --quick                # seconds: tiny subsets, for the tests

Writes ``results.json`` (accuracies), ``curves.png`` (accuracy against eps), ``examples.png`` (digits, their
FGSM and PGD versions, with the labels the CNN gives them), ``cnn.keras`` and ``robust_cnn.keras``.
Every setting is fixed in advance (the MNIST challenge's attack, the training budgets below); nothing is
chosen by looking at test accuracy.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

import gan_cookbook.common  # noqa: F401  (quiet start-up)
from gan_cookbook.common import adversarial as adv
from gan_cookbook.common.data import load_mnist

EPS_GRID = [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
TRAINING = {"epochs": 2}  # the standard CNN
# PGD-7 training (7 steps of 0.05 from a random start), eps ramped from 0 over the first epoch (600 steps of 100)
ROBUST = {"epochs": 5, "adversarial": {"eps": 0.3, "steps": 7, "step_size": 0.05, "ramp_steps": 600}}


def evaluator_classifier():
    import keras

    from gan_cookbook.common.metrics import Evaluator

    model = Evaluator().model
    return keras.Model(model.inputs[0], model.outputs[1], name="evaluator")  # class probabilities


def curves(models: dict, x01: np.ndarray, y: np.ndarray, eps_grid: list[float], pgd_steps: int) -> dict:
    """Accuracy of each model under each method at each eps."""
    result = {}
    for name, model in models.items():
        result[name] = {}
        for method in ("noise", "fgsm", "pgd"):
            settings = {"steps": pgd_steps} if method == "pgd" else {}
            result[name][method] = [adv.accuracy(model, adv.attack(model, x01, y, method, eps, **settings), y) for eps in eps_grid]
            print(f"{name:>10} {method:>5}: " + "  ".join(f"{a:.3f}" for a in result[name][method]), flush=True)
    return result


def plot_curves(result: dict, eps_grid: list[float], n: int, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(result), figsize=(4.2 * len(result), 3.4), sharey=True, squeeze=False)
    titles = {"cnn": "CNN (standard training)", "evaluator": "the repository's evaluator", "robust_cnn": "CNN, PGD training"}
    for ax, (name, methods) in zip(axes[0], result.items()):
        for method, style in (("noise", "k:"), ("fgsm", "C1--"), ("pgd", "C3-")):
            label = {"noise": "random +-eps", "fgsm": "FGSM", "pgd": "PGD-40"}[method]
            ax.plot(eps_grid, methods[method], style, marker="o", ms=3, label=label)
        ax.set_title(titles.get(name, name), fontsize=10)
        ax.set_xlabel("eps (L-inf, pixels in [0, 1])")
        ax.grid(alpha=0.3)
    axes[0][0].set_ylabel(f"accuracy on {n:,} test digits")
    axes[0][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def plot_examples(model, x01: np.ndarray, y: np.ndarray, path: Path, eps: float = 0.3) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = {"original": x01, f"FGSM eps {eps}": adv.attack(model, x01, y, "fgsm", eps)}
    rows[f"PGD-40 eps {eps}"] = adv.attack(model, x01, y, "pgd", eps)
    fig, axes = plt.subplots(len(rows), len(x01), figsize=(1.1 * len(x01), 1.35 * len(rows)), squeeze=False)
    for r, (name, images) in enumerate(rows.items()):
        predicted = adv.predict(model, images)
        for c in range(len(x01)):
            ax = axes[r][c]
            ax.imshow(images[c, :, :, 0], cmap="gray", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(str(predicted[c]), fontsize=9, color="black" if predicted[c] == y[c] else "red")
        axes[r][0].set_ylabel(name, fontsize=8)
    fig.suptitle("the standard CNN's labels (red: wrong)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--quick", action="store_true", help="tiny subsets and budgets: a smoke run of seconds")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tic = time.perf_counter()
    x, y = load_mnist(split="train")
    x_test, y_test = load_mnist(split="test")
    x01, test01 = (x + 1) / 2, (x_test + 1) / 2
    training, robust = TRAINING, ROBUST
    curve_n, final_n, pgd_steps = 1_000, len(test01), adv.MADRY["steps"]
    if args.quick:
        x01, y = x01[:600], y[:600]
        training = {"epochs": 1}
        robust = {"epochs": 1, "adversarial": {"eps": 0.3, "steps": 2, "step_size": 0.15, "ramp_steps": 3}}
        curve_n, final_n, pgd_steps = 50, 100, 3
    timing = {}
    start = time.perf_counter()
    cnn = adv.train_classifier(adv.mnist_cnn(args.seed), x01, y, seed=args.seed, verbose=2, **training)
    timing["cnn_training_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    robust_cnn = adv.train_classifier(adv.mnist_cnn(args.seed), x01, y, seed=args.seed, verbose=2, **robust)
    timing["robust_training_seconds"] = time.perf_counter() - start
    cnn.save(out / "cnn.keras")
    robust_cnn.save(out / "robust_cnn.keras")
    models = {"cnn": cnn, "evaluator": evaluator_classifier(), "robust_cnn": robust_cnn}

    start = time.perf_counter()
    result = {"eps": EPS_GRID, "curve_images": curve_n, "curves": curves(models, test01[:curve_n], y_test[:curve_n], EPS_GRID, pgd_steps)}
    timing["curve_seconds"] = time.perf_counter() - start
    start = time.perf_counter()
    final = {}
    for name, model in models.items():  # the challenge setting on the whole test set
        images, labels = test01[:final_n], y_test[:final_n]
        final[name] = {
            "clean": adv.accuracy(model, images, labels),
            "noise": adv.accuracy(model, adv.attack(model, images, labels, "noise", adv.MADRY["eps"], seed=1), labels),
            "fgsm": adv.accuracy(model, adv.attack(model, images, labels, "fgsm", adv.MADRY["eps"]), labels),
            "pgd": adv.accuracy(model, adv.attack(model, images, labels, "pgd", adv.MADRY["eps"], seed=1, steps=pgd_steps), labels),
        }
        print(name, json.dumps(final[name]), flush=True)
    timing["final_seconds"] = time.perf_counter() - start
    result.update({"final_images": final_n, "attack": {**adv.MADRY, "steps": pgd_steps}, "final": final})
    result.update({"training": training, "robust": robust})
    result["timing"] = {**timing, "wall_seconds": time.perf_counter() - tic}
    (out / "results.json").write_text(json.dumps(result, indent=2))
    plot_curves(result["curves"], EPS_GRID, curve_n, out / "curves.png")
    plot_examples(cnn, test01[:10], y_test[:10], out / "examples.png")
    print(json.dumps(result["timing"]))


if __name__ == "__main__":
    main()
