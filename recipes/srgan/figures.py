"""SRGAN's comparison figures from trained runs: bicubic, each run's output and the original, side by side.

    python recipes/srgan/figures.py out/srresnet_mnist out/srgan_mnist --out recipes/srgan/figures
    python recipes/srgan/figures.py out/srresnet_photos out/srgan_photos --out recipes/srgan/figures

Digit runs: ``comparison.png``, one column per held-out image (the first ``--n``), rows input (each pixel
repeated), bicubic, each run in the order given, original; ``comparison.json``: each row's PSNR/SSIM on the
luma (border cropped) over those images.

Photo runs: ``photos.png``, one row per held-out photo (Set5), columns bicubic, each run, original, each a
``--crop`` x ``--crop`` detail of the whole super-resolved photo (the most detailed region of the original: the
largest mean gradient) titled with the whole photo's PSNR/SSIM; ``photos.json``: those scores per photo.
"""

import argparse
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.data import bicubic_resize, load_translation
from gan_cookbook.common.metrics import super_resolution_similarity
from gan_cookbook.common.runs import held_out_split, is_photo_super_resolution, load_translator, score_photos, super_resolve_photos
from gan_cookbook.common.template import generate


def run_names(runs: list[str]) -> dict[str, str]:
    """Each run's label: SRResNet or SRGAN, and its folder's name where two would share one."""
    kinds = {run: "SRResNet" if not load_translator(run)[1].adversarial_weight else "SRGAN" for run in runs}
    return {run: kind if list(kinds.values()).count(kind) == 1 else f"{kind} ({Path(run).name})" for run, kind in kinds.items()}


def digits(runs: list[str], out: Path, n: int) -> None:
    rows = {}
    for run, name in run_names(runs).items():
        recipe, config, generator = load_translator(run)
        held = load_translation(config.dataset, config.image_shape, scale=config.scale, split=held_out_split(config))
        sources, targets = held["source"][:n], held["target"][:n]
        rows[name] = generate(generator, sources)
    size = targets.shape[1]
    shown = {
        "input": plots.pixel_repeat(sources, size),
        "bicubic": np.clip(bicubic_resize(sources, size), -1, 1),
        **rows,
        "original": targets,
    }
    plots.save_grid(np.concatenate(list(shown.values())), out / "comparison.png", rows=len(shown), scale=3)
    scores = {k: super_resolution_similarity(v, targets, config.scale) for k, v in shown.items() if k not in ("input", "original")}
    (out / "comparison.json").write_text(json.dumps(scores, indent=2))
    print(f"rows: {', '.join(shown)} -> {out / 'comparison.png'}")


def detailed_crop(image: np.ndarray, size: int) -> tuple[int, int]:
    """The top-left corner of the ``size`` x ``size`` region of ``image`` with the largest mean gradient magnitude,
    among regions on a grid of half-``size`` steps."""
    grey = image.mean(axis=-1)
    gradient = np.abs(np.diff(grey, axis=0))[:, :-1] + np.abs(np.diff(grey, axis=1))[:-1]
    places = [(y, x) for y in range(0, len(gradient) - size + 1, size // 2) for x in range(0, gradient.shape[1] - size + 1, size // 2)]
    return max(places, key=lambda p: gradient[p[0] : p[0] + size, p[1] : p[1] + size].mean())


def photos(runs: list[str], out: Path, crop: int) -> None:
    results = {name: super_resolve_photos(run) for run, name in run_names(runs).items()}
    scale = load_translator(runs[0])[1].scale
    first = next(iter(results.values()))
    scores = {name: score_photos(result, scale)["photos"] for name, result in results.items()}
    bicubic = {photo: {"psnr": s["input_psnr"], "ssim": s["input_ssim"]} for photo, s in next(iter(scores.values())).items()}
    scores = {"bicubic": bicubic, **scores}
    columns = ["bicubic", *results, "original"]
    fig, axes = plt.subplots(len(first), len(columns), figsize=(2.2 * len(columns), 2.4 * len(first)), squeeze=False)
    for row, (photo, images) in enumerate(first.items()):
        top, left = detailed_crop(images["target"], crop)
        for col, column in enumerate(columns):
            image = {"bicubic": images["bicubic"], "original": images["target"]}.get(column)
            image = results[column][photo]["output"] if image is None else image
            ax = axes[row, col]
            ax.imshow(plots.to_uint8(image[top : top + crop, left : left + crop]).squeeze(), cmap="gray", interpolation="nearest")
            ax.set_xticks([]), ax.set_yticks([])
            if column == "original":
                ax.set_title(photo, fontsize=9)
            else:
                s = scores[column][photo]
                ax.set_title(f"{column}\n{s['psnr']:.2f} dB / {s['ssim']:.3f}", fontsize=9)
    fig.tight_layout()
    plots.save_figure(fig, out / "photos.png")
    (out / "photos.json").write_text(json.dumps(scores, indent=2))
    print(f"columns: {', '.join(columns)} -> {out / 'photos.png'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="'gan-cookbook train srgan' --out folders (SRResNet, SRGAN, ...), all digits or all photos")
    parser.add_argument("--out", required=True, help="folder for the figure")
    parser.add_argument("--n", type=int, default=10, help="digit runs: held-out images to show")
    parser.add_argument("--crop", type=int, default=96, help="photo runs: the side of the detail shown, in output pixels")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if is_photo_super_resolution(load_translator(args.runs[0])[1]):
        photos(args.runs, out, args.crop)
    else:
        digits(args.runs, out, args.n)


if __name__ == "__main__":
    main()
