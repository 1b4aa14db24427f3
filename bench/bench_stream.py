"""Streaming an image folder: how fast FolderStream delivers batches, against how fast DCGAN consumes them.

    python bench/bench_stream.py --folder out/pngs [--images 100000] [--batches 200]

Writes ``--images`` 32x32 RGB PNGs into ``--folder`` first if it holds fewer (MNIST's 70,000 digits, then
Fashion-MNIST's, padded to 32x32: small files, like a real folder of thumbnails). Then, in one process:

* stream - images/s that ``FolderStream`` hands out for ``--batches`` batches of 100, nothing else running
  (decoding in its thread pool, 4 batches prefetched);
* dcgan  - images/s that the DCGAN reference networks at 32x32x3 train on (``GAN.train_step``, batch 100),
  on in-memory batches;

and their ratio. (The peak memory of training on the folder, streamed or loaded, is measured on
``gan-cookbook train`` itself: the README's command.)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

import gan_cookbook.common  # noqa: F401  (quiet start-up)
from gan_cookbook.common.data import FolderStream, image_files, load_fashion_mnist, load_mnist, pad_to


def write_pngs(folder: Path, n: int) -> None:
    """``n`` 32x32 RGB PNGs of MNIST and Fashion-MNIST images, named by index."""
    from PIL import Image

    from gan_cookbook.common.plots import to_uint8

    folder.mkdir(parents=True, exist_ok=True)
    sources = [load_mnist(split="train")[0], load_mnist(split="test")[0], load_fashion_mnist(split="train")[0]]
    images = np.concatenate(sources)[:n]
    if len(images) < n:
        raise SystemExit(f"--images can be at most {len(images)} (MNIST and Fashion-MNIST's training images)")
    for i, image in enumerate(to_uint8(pad_to(images, 32))):
        Image.fromarray(np.repeat(image, 3, axis=-1)).save(folder / f"{i:06d}.png")


def stream_rate(files: list[Path], batches: int) -> float:
    stream = FolderStream(files, 32, batch_size=100, seed=0)
    stream()  # the pool's first batches
    tic = time.perf_counter()
    for _ in range(batches):
        stream()
    return batches * 100 / (time.perf_counter() - tic)


def dcgan_rate(steps: int = 40) -> float:
    import keras

    from gan_cookbook.common import registry
    from gan_cookbook.common.data import BatchSampler

    recipe = registry.get("dcgan")
    config = recipe.make_config("reference", image_shape=(32, 32, 3), dataset="folder")
    keras.utils.set_random_seed(0)
    gan = recipe.build(config)
    batches = BatchSampler(np.random.default_rng(0).uniform(-1, 1, (1_000, 32, 32, 3)).astype(np.float32), config.batch_size, 0)
    for step in range(5):
        gan.train_step(batches, np.random.default_rng(step), step)
    tic = time.perf_counter()
    for step in range(5, 5 + steps):
        gan.train_step(batches, np.random.default_rng(step), step)
    return steps * config.batch_size / (time.perf_counter() - tic)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", required=True, help="the folder of PNGs (written if it holds fewer than --images)")
    parser.add_argument("--images", type=int, default=100_000)
    parser.add_argument("--batches", type=int, default=200, help="batches of 100 drawn from the stream")
    args = parser.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir() or len(list(folder.glob("*.png"))) < args.images:
        tic = time.perf_counter()
        write_pngs(folder, args.images)
        print(f"wrote {args.images:,} PNGs to {folder} in {time.perf_counter() - tic:.0f} s")
    files = image_files(folder)[: args.images]
    megabytes = sum(f.stat().st_size for f in files) / 2**20
    stream = stream_rate(files, args.batches)
    print(f"stream: {stream:,.0f} images/s ({len(files):,} files, {megabytes:,.0f} MB of PNG)", flush=True)
    dcgan = dcgan_rate()
    print(f"dcgan:  {dcgan:,.0f} images/s (reference networks at 32x32x3, batch 100)")
    print(f"stream / dcgan = {stream / dcgan:.1f}x (bar >= 3x)")
    print(f"the folder as float32 arrays would take {len(files) * 32 * 32 * 3 * 4 / 2**30:.2f} GiB")


if __name__ == "__main__":
    main()
