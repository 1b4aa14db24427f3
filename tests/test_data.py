"""Loaders: the real MNIST, users' image folders, and one clear error per failure; the cache folder."""

import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from gan_cookbook.common.data import (
    ENV_VAR,
    BatchSampler,
    DataError,
    FolderStream,
    cache_folder,
    find_mnist,
    load_dataset,
    load_image_folder,
    load_mnist,
)


def test_mnist_from_the_environment_is_the_real_dataset(mnist_test):
    x, y = mnist_test
    assert x.shape == (10_000, 28, 28, 1) and x.dtype == np.float32
    assert x.min() == -1.0 and x.max() == 1.0
    assert np.bincount(y).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_explicit_path_wins_and_missing_file_is_named(tmp_path):
    with pytest.raises(DataError, match="nope.npz does not exist"):
        find_mnist(tmp_path / "nope.npz")


def test_env_var_pointing_nowhere_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    with pytest.raises(DataError, match=f"\\${ENV_VAR} is set but .*mnist.npz does not exist"):
        load_mnist()


def test_wrong_keys_and_wrong_shapes_are_reported(tmp_path):
    np.savez(tmp_path / "keys.npz", images=np.zeros((2, 28, 28)))
    with pytest.raises(DataError, match=r"has keys \['images'\] but not \['x_train', 'y_train'\]; an MNIST file"):
        load_mnist(tmp_path / "keys.npz")
    np.savez(tmp_path / "shape.npz", x_train=np.zeros((2, 32, 32)), y_train=np.zeros(2))
    with pytest.raises(DataError, match=r"x_train has shape \(2, 32, 32\)"):
        load_mnist(tmp_path / "shape.npz")
    (tmp_path / "junk.npz").write_text("not a zip")
    with pytest.raises(DataError, match="is not a readable .npz file"):
        load_mnist(tmp_path / "junk.npz")


def test_image_folder_is_cropped_resized_and_scaled(tmp_path):
    Image.fromarray(np.full((40, 80, 3), 255, np.uint8)).save(tmp_path / "wide.png")
    Image.fromarray(np.zeros((90, 30), np.uint8)).save(tmp_path / "tall.jpg")
    images = load_image_folder(tmp_path, size=16)
    assert images.shape == (2, 16, 16, 3)
    assert images[1].max() == 1.0 and images[0].min() == -1.0  # sorted names: tall.jpg, wide.png
    assert load_dataset("folder", (16, 16, 3), tmp_path).shape == (2, 16, 16, 3)


def test_image_folder_failures_name_the_path(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        load_image_folder(tmp_path / "missing")
    with pytest.raises(DataError, match="holds no .png/.jpg/.jpeg files"):
        load_image_folder(tmp_path)
    (tmp_path / "broken.png").write_bytes(b"not an image")
    with pytest.raises(DataError, match="none of the 1 files .* could be used: 1 not an image .*broken.png"):
        load_image_folder(tmp_path)


def test_dataset_shape_must_match_the_model(tmp_path):
    Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(tmp_path / "a.png")
    with pytest.raises(DataError, match=r"shape \(8, 8, 3\) but the model expects \(8, 8, 1\)"):
        load_dataset("folder", (8, 8, 1), tmp_path)
    with pytest.raises(DataError, match="needs --data PATH"):
        load_dataset("folder", (8, 8, 3))
    with pytest.raises(DataError, match="unknown dataset 'cifar'"):
        load_dataset("cifar", (32, 32, 3))


def test_batches_are_reproducible_from_seed_and_step_and_cover_each_epoch():
    images = np.arange(10, dtype=np.float32)
    a, b = BatchSampler(images, 3, seed=1), BatchSampler(images, 3, seed=1)
    assert all(np.array_equal(a(s), b(s)) for s in [5, 0, 7, 1])
    epoch = np.concatenate([a(s) for s in range(3)])
    assert len(set(epoch.tolist())) == 9  # a permutation, last partial batch dropped
    with pytest.raises(DataError, match="fewer than one batch"):
        BatchSampler(images, 11, seed=0)


def test_labelled_batches_keep_images_and_labels_aligned():
    images, labels = np.arange(10, dtype=np.float32) * 10, np.arange(10)
    sampler = BatchSampler((images, labels), 4, seed=2)
    for step in range(5):
        x, y = sampler(step)
        assert np.array_equal(x, y * 10)
    with pytest.raises(DataError, match="different lengths"):
        BatchSampler((images, labels[:5]), 2, seed=0)


def test_mnist_with_labels_and_a_folder_without(tmp_path):
    images, labels = load_dataset("mnist", (28, 28, 1), labels=True)
    assert len(images) == len(labels) == 60_000 and set(labels.tolist()) == set(range(10))
    with pytest.raises(DataError, match="has no class labels"):
        load_dataset("folder", (8, 8, 3), tmp_path, labels=True)


# -- streaming a folder -----------------------------------------------------------------------------
def write_pngs(folder, n: int, size: int = 32) -> list:
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for i in range(n):
        Image.fromarray(rng.integers(0, 256, (size, size, 3), dtype=np.uint8)).save(folder / f"{i:05d}.png")
    return sorted(folder.glob("*.png"))


def test_a_folder_stream_hands_out_the_batches_of_the_loaded_folder_in_the_same_order(tmp_path):
    files = write_pngs(tmp_path / "images", 50)
    loaded = BatchSampler(load_image_folder(tmp_path / "images", size=32), batch_size=8, seed=3)
    stream = FolderStream(files, 32, batch_size=8, seed=3, workers=2, prefetch=3)
    for _ in range(14):  # past two epochs of 6 batches
        np.testing.assert_array_equal(stream(), loaded())
    assert stream.draws == loaded.draws == 14
    np.testing.assert_array_equal(stream(2), loaded(2))  # by index too, as a resumed run asks
    np.testing.assert_array_equal(stream.head(5), load_image_folder(tmp_path / "images", size=32)[:5])


def test_a_streamed_file_that_is_not_an_image_is_named(tmp_path):
    files = write_pngs(tmp_path / "images", 16)
    files[3].write_bytes(b"not a png")
    stream = FolderStream(files, 32, batch_size=16, seed=0)
    with pytest.raises(DataError, match="00003.png cannot be read as an image"):
        stream()


def test_a_folder_is_streamed_when_asked_or_when_it_would_not_fit(tmp_path, monkeypatch):
    from gan_cookbook.common import data, registry
    from gan_cookbook.common.runs import stream_files as streamed

    write_pngs(tmp_path / "images", 10)
    config = registry.get("dcgan").make_config("quick", dataset="folder", image_shape=(32, 32, 3))
    assert streamed(config, tmp_path / "images", True) and not streamed(config, tmp_path / "images", False)
    assert not streamed(config, tmp_path / "images", None)
    monkeypatch.setattr(data, "STREAM_ABOVE", 10 * 32 * 32 * 3 * 4 - 1)
    assert streamed(config, tmp_path / "images", None)
    with pytest.raises(DataError, match="square RGB images"):
        streamed(config.replace(image_shape=(28, 28, 1)), tmp_path / "images", True)


def test_a_streamed_run_resumes_exactly_through_the_command_line(tmp_path):
    from gan_cookbook.common.cli import main

    write_pngs(tmp_path / "images", 64)
    args = ["train", "dcgan", "--preset", "quick", "--dataset", "folder", "--data", str(tmp_path / "images"), "--image-shape", "32,32,3"]
    args += ["--stream", "--verbose", "0", "--no-eval", "--checkpoint-every", "4", "--sample-every", "4"]
    assert main([*args, "--out", str(tmp_path / "whole"), "--steps", "8"]) == 0
    assert main([*args, "--out", str(tmp_path / "split"), "--steps", "4"]) == 0
    assert main([*args, "--out", str(tmp_path / "split"), "--steps", "8", "--resume"]) == 0
    whole, split = ((tmp_path / run / "history.csv").read_text() for run in ("whole", "split"))
    assert whole == split and whole.count("\n") == 9


def test_the_cache_folder_is_the_users_own_and_found_without_a_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GAN_COOKBOOK_CACHE", str(tmp_path / "mine"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "mine"
    monkeypatch.delenv("GAN_COOKBOOK_CACHE")
    assert cache_folder() == tmp_path / "xdg" / "gan_cookbook"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache_folder() == Path.home() / ".cache" / "gan_cookbook"

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache_folder() == Path(tempfile.gettempdir()) / "gan_cookbook"
