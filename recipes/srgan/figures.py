"""SRGAN's comparison figure from trained runs: held-out inputs, bicubic, each run's output and the original.

    python recipes/srgan/figures.py out/srresnet_mnist out/srgan_mnist --out recipes/srgan/figures

``comparison.png``: one column per held-out image (the first ``--n`` of the run's held-out split), rows
input (each pixel repeated), bicubic, each run in the order given, original; ``comparison.json``: each
row's PSNR/SSIM on the luma (border cropped) over those images.
"""

import argparse
import json
from pathlib import Path

import numpy as np

from gan_cookbook.common import plots
from gan_cookbook.common.data import bicubic_resize, load_translation
from gan_cookbook.common.metrics import super_resolution_similarity
from gan_cookbook.common.runs import held_out_split, load_translator
from gan_cookbook.common.template import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", help="'gan-cookbook train srgan' --out folders (SRResNet, SRGAN, ...)")
    parser.add_argument("--out", required=True, help="folder for the figure")
    parser.add_argument("--n", type=int, default=10, help="held-out images to show")
    args = parser.parse_args()

    rows = {}
    for run in args.runs:
        recipe, config, generator = load_translator(run)
        held = load_translation(config.dataset, config.image_shape, scale=config.scale, split=held_out_split(config))
        sources, targets = held["source"][: args.n], held["target"][: args.n]
        name = "SRResNet" if not config.adversarial_weight else "SRGAN"
        rows[name] = generate(generator, sources)
    size = targets.shape[1]
    shown = {
        "input": plots.pixel_repeat(sources, size),
        "bicubic": np.clip(bicubic_resize(sources, size), -1, 1),
        **rows,
        "original": targets,
    }
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    plots.save_grid(np.concatenate(list(shown.values())), out / "comparison.png", rows=len(shown), scale=3)
    scores = {k: super_resolution_similarity(v, targets, config.scale) for k, v in shown.items() if k not in ("input", "original")}
    (out / "comparison.json").write_text(json.dumps(scores, indent=2))
    print(f"rows: {', '.join(shown)} -> {out / 'comparison.png'}")


if __name__ == "__main__":
    main()
