"""Image-to-image translation: the data (and the emoji as a dataset of their own), the shared blocks, the three
recipes' objectives, the CLI and bad input."""

import json
import warnings

import keras
import numpy as np
import pytest
from conftest import ROOT, random_batches
from PIL import Image

from gan_cookbook.common import data, registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import (
    DataError,
    draw_font_digits,
    edge_maps,
    emoji_base,
    emoji_split,
    font_digits,
    load_dataset,
    load_emoji,
    load_translation,
    load_translation_folder,
)
from gan_cookbook.common.template import LinearDecay, Phase
from gan_cookbook.common.translation import ImagePool, patch_discriminator, receptive_field, unet_generator

TRANSLATION = ["cyclegan", "pix2pix", "simgan"]


# -- data -------------------------------------------------------------------------------------------
def test_emoji_test_split_is_a_tenth_of_base_emoji_with_all_their_skin_tones():
    with np.load(ROOT.parent / "shared/data/emoji.npz") as npz:
        code_points = npz["code_point"]
    test, train = emoji_split(code_points, "test"), emoji_split(code_points, "train")
    fit, validation = emoji_split(code_points, "fit"), emoji_split(code_points, "validation")
    assert len(np.intersect1d(test, train)) == 0 and len(test) + len(train) == len(code_points)
    assert sorted(np.concatenate([fit, validation])) == sorted(train)
    bases = np.array([emoji_base(c) for c in code_points])
    assert not set(bases[test]) & set(bases[train])  # no emoji on both sides in another skin tone
    assert len(set(bases[test])) == round(0.1 * len(set(bases)))
    assert emoji_base("1f44b-1f3fd") == emoji_base("1f44b") == "1f44b"
    assert (emoji_split(code_points, "test") == test).all()  # fixed


def test_emoji_load_as_rgb_on_white():
    emoji = load_emoji(split="test")
    assert emoji["google"].shape == emoji["twitter"].shape == (len(emoji["code_point"]), 64, 64, 3)
    assert emoji["google"][:, 0, 0].min() > 0.99  # a transparent corner is white
    assert -1 <= emoji["twitter"].min() and emoji["twitter"].max() <= 1


def test_the_emoji_dataset_is_twemoji_without_the_test_emoji():
    images = load_dataset("emoji", (64, 64, 3))
    twitter = load_emoji(split="train")["twitter"]
    assert images.shape == twitter.shape and np.array_equal(images, twitter)  # the train split: fit + validation
    assert len(load_dataset("emoji", (64, 64, 3), split="fit")) < len(images)
    with pytest.raises(DataError, match="set --image-shape"):
        load_dataset("emoji", (32, 32, 3))


def test_emoji_npz_is_built_from_the_two_npm_packages(tmp_path):
    import io
    import tarfile

    table = [
        {"unified": "1F44B", "short_name": "wave", "category": "People & Body", "image": "1f44b.png",
         "skin_variations": {"1F3FB": {"unified": "1F44B-1F3FB", "image": "1f44b-1f3fb.png"}}},
        {"unified": "1F600", "short_name": "grinning", "category": "Smileys & Emotion", "image": "1f600.png"},
    ]  # fmt: skip
    for vendor, files in {"google": ["1f44b.png", "1f44b-1f3fb.png", "1f600.png"], "twitter": ["1f44b.png", "1f44b-1f3fb.png"]}.items():
        with tarfile.open(tmp_path / f"{vendor}.tgz", "w:gz") as tar:
            for name, data in [("package/emoji.json", json.dumps(table).encode())] + [
                (f"package/img/{vendor}/64/{f}", _png(np.full((64, 64, 4), 9, np.uint8))) for f in files
            ]:
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    from gan_cookbook.common.data import build_emoji

    with np.load(build_emoji(tmp_path / "google.tgz", tmp_path / "twitter.tgz", tmp_path / "emoji.npz")) as npz:
        assert list(npz["code_point"]) == ["1f44b", "1f44b-1f3fb"]  # twitter lacks 1f600
        assert npz["google"].shape == (2, 64, 64, 4) and npz["google"].dtype == np.uint8
        assert list(npz["category_names"]) == ["People & Body"] and list(npz["short_name"]) == ["wave", "wave"]


def _png(pixels: np.ndarray) -> bytes:
    import io

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def test_fashion_mnist_loads_like_mnist():
    from gan_cookbook.common.data import load_fashion_mnist

    x, y = load_fashion_mnist(split="test")
    assert x.shape == (10_000, 28, 28, 1) and -1 <= x.min() and x.max() <= 1
    assert np.bincount(y).tolist() == [1_000] * 10


def unit_range(pixels: np.ndarray) -> np.ndarray:
    return (pixels.astype(np.float32) / 255.0)[..., None] * 2.0 - 1.0


def test_font_digits_are_deterministic_centred_digits_of_every_class(tmp_path, monkeypatch):
    monkeypatch.setenv("GAN_COOKBOOK_CACHE", str(tmp_path))
    images, labels = font_digits(300, seed=3)
    pixels, labels_again = draw_font_digits(300, seed=3)  # drawn afresh, not read back
    assert np.array_equal(images, unit_range(pixels)) and np.array_equal(labels, labels_again)
    assert not np.array_equal(images, font_digits(300, seed=4)[0])
    assert images.shape == (300, 28, 28, 1) and images.min() == -1 and images.max() <= 1
    assert set(labels) == set(range(10))
    ink = (images[..., 0] + 1) / 2
    rows, cols = np.indices((28, 28))
    centre = [(ink * rows).sum((1, 2)) / ink.sum((1, 2)), (ink * cols).sum((1, 2)) / ink.sum((1, 2))]
    assert np.abs(np.array(centre) - 13.5).max() <= 1.0  # centred by mass, as MNIST
    frame = np.concatenate([ink[:, :2], ink[:, -2:], ink[:, :, :2].transpose(0, 2, 1), ink[:, :, -2:].transpose(0, 2, 1)], axis=1)
    assert np.mean(frame.max(axis=(1, 2)) > 0.5) < 0.1  # ink in the 2-pixel frame: 6% of these, 11% of MNIST test digits


def test_font_digits_are_drawn_once_then_read_back_and_a_damaged_cache_is_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setenv("GAN_COOKBOOK_CACHE", str(tmp_path / "cache"))
    images, labels = font_digits(40, seed=1, size=32)
    (cached,) = (tmp_path / "cache").glob("font_digits_*.npz")
    drawings = []  # the arguments of each fresh drawing
    monkeypatch.setattr(data, "draw_font_digits", lambda *args: drawings.append(args) or draw_font_digits(*args))
    again, labels_again = font_digits(40, seed=1, size=32)
    assert not drawings and np.array_equal(again, images) and np.array_equal(labels_again, labels)  # read back
    font_digits(40, seed=2, size=32)
    assert drawings == [(40, 2, 32)] and len(list((tmp_path / "cache").glob("font_digits_*.npz"))) == 2  # other draws: a file each
    cached.write_bytes(b"half a file")
    assert np.array_equal(font_digits(40, seed=1, size=32)[0], images) and drawings[-1] == (40, 1, 32)  # damaged: drawn again
    assert np.array_equal(np.load(cached)["pixels"], draw_font_digits(40, 1, 32)[0])  # and saved whole
    assert not list((tmp_path / "cache").glob(".*"))  # no temporary file left


def test_font_digits_are_readable_by_the_mnist_evaluator():
    from gan_cookbook.common.metrics import Evaluator

    images, labels = font_digits(500, seed=0)
    accuracy = np.mean(np.argmax(Evaluator()(images)[1], axis=1) == labels)
    assert accuracy > 0.6  # real digits, in another style (measured: about 0.8)


def test_edge_maps_outline_the_strokes():
    image = -np.ones((1, 28, 28, 1), np.float32)
    image[0, 8:20, 12:16] = 1.0  # a bar
    edges = edge_maps(image)[0, ..., 0] > 0
    assert edges[14, 11] and edges[14, 16] and not edges[14, 13:15].any() and not edges[2, 2]


def test_translation_datasets_pad_digits_and_shrink_emoji():
    digits = load_translation("mnist_edges", (32, 32, 1), split="test")
    assert digits["source"].shape == digits["target"].shape == (10_000, 32, 32, 1) and bool(digits["paired"])
    assert digits["target"][:, :2].max() == -1  # the 2-pixel frame of the 32x32 canvas
    small = load_translation("emoji", (32, 32, 3), split="test")
    assert small["source"].shape[1:] == (32, 32, 3)
    with pytest.raises(DataError, match="--image-shape"):
        load_translation("emoji", (28, 28, 3), split="test")


def save(path, pixels):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels).save(path)


def test_a_pix2pix_folder_is_split_into_pairs_and_a_tenth_is_held_out(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(10):
        pair = np.concatenate([np.full((40, 40, 3), 10 * i, np.uint8), np.full((40, 40, 3), 200, np.uint8)], axis=1)
        save(tmp_path / f"{i:02d}.jpg", pair + rng.integers(0, 3, pair.shape, dtype=np.uint8))
    train, test = load_translation_folder(tmp_path, 32, 3, "train"), load_translation_folder(tmp_path, 32, 3, "test")
    assert train["source"].shape == (9, 32, 32, 3) and test["target"].shape == (1, 32, 32, 3)
    assert train["target"].mean() > 0.5 > train["source"].mean()  # B is the right half


def test_unpaired_folders_of_different_sizes_train(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(6):
        save(tmp_path / "data/A" / f"{i}.png", rng.integers(0, 255, (30, 40, 3), dtype=np.uint8))
    for i in range(11):
        save(tmp_path / "data/B" / f"{i}.png", rng.integers(0, 255, (50, 50, 3), dtype=np.uint8))
    data = load_translation_folder(tmp_path / "data", 32, 3, "train")
    assert len(data["source"]) == 5 and len(data["target"]) == 10 and not data["paired"]
    out = tmp_path / "run"
    args = ["train", "cyclegan", "--preset", "quick", "--dataset", "folder", "--data", str(tmp_path / "data"), "--out", str(out)]
    assert main([*args, "--verbose", "0"]) == 0
    assert (out / "g_ab.keras").is_file() and (out / "g_ba.keras").is_file()


def test_cyclegan_folders_with_test_folders_keep_validation_inside_training(tmp_path):
    for folder, n in {"trainA": 10, "trainB": 12, "testA": 2, "testB": 3}.items():
        for i in range(n):
            save(tmp_path / folder / f"{i:02d}.png", np.full((8, 8, 3), i, np.uint8))
    sizes = {split: [len(v) for k, v in load_translation_folder(tmp_path, 8, 3, split).items() if k != "paired"]
             for split in ("train", "fit", "validation", "test")}  # fmt: skip
    assert sizes == {"train": [10, 12], "fit": [9, 11], "validation": [1, 1], "test": [2, 3]}


@pytest.mark.parametrize(
    "layout, message",
    [
        ("not_pairs", "not a pair of two"),
        ("empty", "holds no files"),
        ("only_text", "could be used"),
        ("grey", "could be used: 2 grey, for an RGB model"),
        ("one_file", "at least 2"),
    ],
)
def test_bad_translation_folders_are_one_clear_line(layout, message, tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    if layout == "not_pairs":
        for i in range(3):
            save(data / f"{i}.png", np.zeros((32, 32, 3), np.uint8))
    elif layout == "only_text":
        for i in range(3):
            (data / f"notes{i}.png").write_text("not an image")
    elif layout == "one_file":
        save(data / "0.png", np.zeros((32, 64, 3), np.uint8))
    elif layout == "grey":
        for i in range(3):
            save(data / f"{i}.png", np.zeros((32, 64), np.uint8))
    out = tmp_path / "run"
    out.mkdir()
    (out / "keep.txt").write_text("earlier work")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(
            ["train", "pix2pix", "--preset", "quick", "--dataset", "folder", "--data", str(data), "--out", str(out), "--verbose", "0"]
        )
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.count("\n") == 0 and message in err, err
    assert (out / "keep.txt").read_text() == "earlier work"


def test_single_bad_files_are_skipped_and_counted(tmp_path):
    for i in range(10):
        save(tmp_path / f"p{i}.png", np.zeros((32, 64, 3), np.uint8))
    (tmp_path / "a_broken.png").write_text("not an image")
    save(tmp_path / "a_grey.png", np.zeros((32, 64), np.uint8))
    with pytest.warns(UserWarning, match=r"skipped 2 of 11 files: 1 not an image .*; 1 grey"):  # 11: one of 12 is held out
        data = load_translation_folder(tmp_path, 32, 3, "train")
    assert len(data["source"]) == 9


# -- the shared blocks ---------------------------------------------------------------------------
def test_patchgan_receptive_fields_are_the_papers():
    assert receptive_field(patch_discriminator((256, 256, 3), 4, downsamplings=3)) == 70
    d = patch_discriminator((64, 64, 3), 4, downsamplings=2, conditional=True)
    assert receptive_field(d) == 34 and d.output_shape == (None, 16, 16, 1)
    assert receptive_field(registry.get("simgan").build(registry.get("simgan").make_config("quick")).discriminator) == 23


def test_the_unet_joins_each_decoder_level_to_the_encoder_level_of_its_size():
    g = unet_generator((64, 64, 3), 4)
    assert g.output_shape == (None, 64, 64, 3)
    joins = [layer for layer in g.layers if isinstance(layer, keras.layers.Concatenate)]
    assert [j.output.shape[1] for j in joins] == [2, 4, 8, 16, 32]
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in g.layers) == 3
    with pytest.raises(ValueError, match="power-of-two"):
        unet_generator((28, 28, 1))


def test_a_swap_pool_returns_stored_fakes_half_the_time_once_full():
    pool, rng = ImagePool(50), np.random.default_rng(0)
    first = np.arange(50, dtype=np.float32).reshape(50, 1, 1, 1)
    assert np.array_equal(pool(first, rng), first) and len(pool) == 50  # filling: the new images pass through
    new = -np.arange(1, 401, dtype=np.float32).reshape(400, 1, 1, 1)
    out = np.concatenate([pool(new[i : i + 10], rng) for i in range(0, 400, 10)])
    assert 0.4 < np.mean(out != new) < 0.6  # each new fake is swapped for a stored one with probability 1/2
    assert np.isin(pool.images, new).sum() > 40  # and the swapped-in fakes are stored
    restored = ImagePool(50)
    restored.load_state(pool.state())
    rng_a, rng_b = np.random.default_rng(1), np.random.default_rng(1)
    assert np.array_equal(pool(new[:10] + 5, rng_a), restored(new[:10] + 5, rng_b))


def test_a_half_history_mixes_each_batch():
    pool, rng = ImagePool(100, mix="half"), np.random.default_rng(0)
    assert np.array_equal(pool(np.zeros((8, 1, 1, 1), np.float32), rng), np.zeros((8, 1, 1, 1)))
    out = pool(np.ones((8, 1, 1, 1), np.float32), rng)
    assert out[:4].max() == 0 and out[4:].min() == 1  # half from history, half new


def test_linear_decay_holds_then_falls_to_zero():
    schedule = LinearDecay(2e-4, start=50, end=100)
    assert [float(schedule(s)) for s in (0, 50, 75, 100, 120)] == pytest.approx([2e-4, 2e-4, 1e-4, 0, 0])


def test_phases_with_a_start_and_a_stop_run_only_in_their_window():
    phase = Phase("pretraining", trains="g", start=2, stop=5)
    assert [s for s in range(8) if phase.due(s)] == [2, 3, 4]


# -- the recipes' objectives ---------------------------------------------------------------------
def bce(target, logits):
    p = 1 / (1 + np.exp(-np.asarray(logits, np.float64)))
    return float(np.mean(-(target * np.log(p) + (1 - target) * np.log(1 - p))))


def outputs_of(gan, phase: str, n: int = 4):
    inputs = getattr(gan, f"{phase}_inputs")(random_batches(gan, n), np.random.default_rng(0))
    tensors = {k: keras.ops.convert_to_tensor(v) for k, v in inputs.items()}
    return inputs, {k: np.asarray(v) for k, v in getattr(gan, f"{phase}_outputs")(**tensors).items()}


def test_pix2pix_generator_objective_is_gan_plus_100_l1(quick_gan):
    gan = quick_gan("pix2pix")
    inputs, out = outputs_of(gan, "generator")
    expected = bce(1, out["fake"]) + 100 * np.mean(np.abs(inputs["target"] - out["translated"]))
    assert float(gan.loss.generator(out["translated"], inputs["target"], out["fake"])) == pytest.approx(expected, rel=1e-4)
    assert out["fake"].shape == (4, 8, 8, 1)  # one logit per patch
    baseline = quick_gan("pix2pix", adversarial=False)
    assert [p.name for p in baseline.phase_list] == ["generator"]
    inputs, out = outputs_of(baseline, "generator")
    assert "fake" not in out


def test_cyclegan_objective_is_least_squares_plus_cycle_and_identity(quick_gan):
    gan = quick_gan("cyclegan", cycle_weight=10.0, identity_weight=0.5)
    inputs, out = outputs_of(gan, "generators")
    a, b = inputs["a"], inputs["b"]
    expected = (
        np.mean((out["fake_b"] - 1) ** 2)
        + np.mean((out["fake_a"] - 1) ** 2)
        + 10 * (np.mean(np.abs(out["cycled_a"] - a)) + np.mean(np.abs(out["cycled_b"] - b)))
        + 5 * (np.mean(np.abs(out["same_b"] - b)) + np.mean(np.abs(out["same_a"] - a)))
    )
    assert float(gan.loss.generators(a, b, **out)) == pytest.approx(expected, rel=1e-4)
    inputs, out = outputs_of(gan, "discriminators")
    expected = 0.5 * (np.mean((out["real_b"] - 1) ** 2) + np.mean(out["fake_b"] ** 2)) + 0.5 * (
        np.mean((out["real_a"] - 1) ** 2) + np.mean(out["fake_a"] ** 2)
    )
    assert float(gan.loss.discriminators(**out)) == pytest.approx(expected, rel=1e-4)
    assert len(gan.pools["a"]) == len(gan.pools["b"]) == 4  # the fakes went through the pools


def test_cyclegan_learning_rate_is_constant_then_linear_to_zero(quick_gan):
    gan = quick_gan("cyclegan", steps=100)
    rate = gan.optimizers["generators"].learning_rate
    schedule = gan.optimizers["generators"]._learning_rate
    assert float(schedule(0)) == float(schedule(49)) == pytest.approx(2e-4) and float(rate) == pytest.approx(2e-4)
    assert float(schedule(75)) == pytest.approx(1e-4) and float(schedule(100)) == 0


def test_simgan_pretrains_the_refiner_then_d_then_alternates(quick_gan):
    gan = quick_gan("simgan", refiner_pretraining=2, discriminator_pretraining=1, refiner_steps=2)
    batches = random_batches(gan, 8)
    logs = [gan.train_step(batches, np.random.default_rng(s), s) for s in range(4)]
    assert set(logs[0]) == {"r0_loss"} and set(logs[1]) == {"r0_loss"}
    assert set(logs[2]) == {"d0_loss", "d0_acc_real", "d0_acc_fake"}
    assert {"d_loss", "r_loss", "r_self_l1"} <= set(logs[3])
    inputs, out = outputs_of(gan, "refiner")
    expected = bce(1, out["fake"]) + np.mean(np.abs(out["refined"] - inputs["synthetic"]))
    assert float(gan.loss.refiner(out["fake"], out["refined"], inputs["synthetic"])) == pytest.approx(expected, rel=1e-4)
    assert out["fake"].shape == (4, 7, 7, 1)  # the local adversarial loss: one logit per patch


def test_a_resumed_cyclegan_run_keeps_its_pools(tmp_path):
    out = tmp_path / "run"
    small = ["--preset", "quick", "--no-eval", "--verbose", "0", "--dataset", "emoji", "--image-shape", "32,32,3"]
    assert main(["train", "cyclegan", *small, "--steps", "3", "--checkpoint-every", "3", "--out", str(out)]) == 0
    with np.load(out / "checkpoints/step_0000003/gan_state.npz") as state:
        assert state["pool_a"].shape == (4, 32, 32, 3)
    assert main(["train", "cyclegan", "--resume", "--steps", "4", "--verbose", "0", "--no-eval", "--out", str(out)]) == 0


# -- the command line ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pix2pix_digits(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "pix2pix"
    args = ["--preset", "quick", "--dataset", "mnist_edges", "--image-shape", "32,32,1", "--verbose", "0"]
    assert main(["train", "pix2pix", *args, "--out", str(out)]) == 0
    return out


def test_a_digit_translation_run_is_scored_on_held_out_pairs(pix2pix_digits):
    scores = json.loads((pix2pix_digits / "metrics.json").read_text())["ab"]
    assert scores["n"] == 10_000 and {"l1", "psnr", "ssim", "input_psnr", "digit_accuracy", "fid"} <= set(scores)
    assert 0 <= scores["digit_accuracy"] <= 1 and scores["psnr"] > 0


def test_sample_translates_the_held_out_inputs(pix2pix_digits, tmp_path):
    assert main(["sample", str(pix2pix_digits), "--n", "6", "--out", str(tmp_path / "x.npz"), "--grid", str(tmp_path / "g.png")]) == 0
    with np.load(tmp_path / "x.npz") as saved:
        assert {k: saved[k].shape for k in saved} == {"x": (6, 32, 32, 1), "source": (6, 32, 32, 1), "target": (6, 32, 32, 1), "y": (6,)}
        held = load_translation("mnist_edges", (32, 32, 1), split="test")
        assert np.array_equal(saved["source"], held["source"][:6]) and np.array_equal(saved["y"], held["label"][:6])
    assert (tmp_path / "g.png").is_file()


def test_translate_reads_a_folder_of_any_size_or_an_npz(pix2pix_digits, tmp_path):
    for i in range(3):
        save(tmp_path / "mine" / f"digit{i}.png", np.zeros((50, 40), np.uint8))
    (tmp_path / "mine" / "a_notes.png").write_text("not an image")  # skipped, and no output takes its name
    with pytest.warns(UserWarning, match="resized"):
        assert main(["translate", str(pix2pix_digits), "--input", str(tmp_path / "mine"), "--out", str(tmp_path / "t1")]) == 0
    assert sorted(p.name for p in (tmp_path / "t1").iterdir()) == ["digit0.png", "digit1.png", "digit2.png", "translated.npz"]
    np.savez(tmp_path / "x.npz", x=np.zeros((2, 32, 32, 1), np.float32))
    assert main(["translate", str(pix2pix_digits), "--input", str(tmp_path / "x.npz"), "--out", str(tmp_path / "t2")]) == 0
    with np.load(tmp_path / "t2/translated.npz") as saved:
        assert saved["x"].shape == (2, 32, 32, 1)


@pytest.mark.parametrize(
    "args, message",
    [
        (["translate", "{run}", "--input", "{tmp}/rgb.npz", "--out", "{tmp}/o"], "translates (N, H, W, 1) images"),
        (["translate", "{run}", "--input", "{tmp}/rgb.npz", "--out", "{tmp}/full"], "already holds files"),
        (["translate", "{run}", "--input", "{tmp}/missing", "--out", "{tmp}/o"], "neither a folder of images nor an .npz"),
        (["sample", "{run}", "--n", "4", "--out", "{tmp}/x.npz", "--direction", "ba"], "not 'ba'"),
        (["interpolate", "{run}", "--out", "{tmp}/w.gif"], "no latent space"),
    ],
)
def test_translation_usage_errors_are_one_clear_line(args, message, pix2pix_digits, tmp_path, capsys):
    np.savez(tmp_path / "rgb.npz", x=np.zeros((2, 32, 32, 3), np.float32))
    (tmp_path / "full").mkdir()
    (tmp_path / "full/earlier.png").write_text("kept")
    assert main([a.format(run=pix2pix_digits, tmp=tmp_path) for a in args]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and message in err, err
    assert (tmp_path / "full/earlier.png").read_text() == "kept"


def test_simgan_is_scored_by_classifiers_trained_on_raw_and_refined_fonts(tmp_path):
    out = tmp_path / "simgan"
    assert main(["train", "simgan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    scores = json.loads((out / "metrics.json").read_text())["ab"]
    assert scores["classifier_images"] == 200
    assert 0.1 < scores["classifier_on_raw"] <= 1 and 0 <= scores["classifier_on_translated"] <= 1


def test_curves_smooth_over_the_steps_a_phase_ran():
    from gan_cookbook.common.plots import smooth

    values = [1.0, 2.0, float("nan"), 4.0, float("nan"), float("nan")]  # a pre-training phase stops after step 4
    assert smooth(values, 2)[:5] == pytest.approx([1.0, 1.5, 2.0, 4.0, 4.0]) and np.isnan(smooth(values, 2)[5])
