"""SRGAN and SRResNet: the data's degradation, the networks' shapes, the two content losses (VGG without a
download, and the one-line error offline), SRResNet's single phase, starting from a trained G, the CLI's scores;
photos: the splits, random patches, tiles, tiled upscaling, a photo run scored on whole photos, `upscale`."""

import json

import keras
import numpy as np
import pytest

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.data import DataError, PhotoPatches, bicubic_resize, load_photos, photo_tiles
from gan_cookbook.common.layers import ICNR, SubPixel
from gan_cookbook.common.metrics import luminance, super_resolution_similarity
from gan_cookbook.common.template import ConfigError
from gan_cookbook.common.translation import upscale

RECIPE = registry.get("srgan")


def test_bicubic_shrinking_keeps_a_flat_image_flat_and_upsampling_a_smooth_one_close():
    flat = np.full((2, 28, 28, 3), 0.25, np.float32)
    np.testing.assert_allclose(bicubic_resize(flat, 7), 0.25, atol=1e-6)
    ramp = np.tile(np.linspace(-1, 1, 28, dtype=np.float32)[None, :, None, None], (1, 1, 28, 1)).transpose(0, 2, 1, 3)
    back = bicubic_resize(bicubic_resize(ramp, 7), 28)
    assert back.shape == ramp.shape and np.abs(back - ramp)[:, 4:-4, 4:-4].max() < 0.05


def test_luma_is_the_papers_and_the_border_is_left_out():
    white, black = np.ones((1, 8, 8, 3), np.float32), -np.ones((1, 8, 8, 3), np.float32)
    np.testing.assert_allclose((luminance(white) + 1) / 2 * 255, 235, atol=1e-3)
    np.testing.assert_allclose((luminance(black) + 1) / 2 * 255, 16, atol=1e-3)
    grey = np.random.default_rng(0).uniform(-1, 1, (1, 8, 8, 1)).astype(np.float32)
    np.testing.assert_array_equal(luminance(grey), grey)
    a = np.zeros((2, 40, 40, 3), np.float32)
    b = a.copy()
    b[:, :4] = 1.0  # differs only inside the 4-pixel border
    assert super_resolution_similarity(a, b, border=4)["psnr"] == 100.0 and super_resolution_similarity(a, b, border=0)["psnr"] < 30


def test_sub_pixel_lays_each_pixels_channels_out_as_a_block():
    x = np.arange(8, dtype=np.float32).reshape(1, 1, 1, 8)  # one pixel, 4 x 2 channels
    y = np.asarray(SubPixel(2)(x))
    assert y.shape == (1, 2, 2, 2)
    np.testing.assert_array_equal(y[0, :, :, 0], [[0, 2], [4, 6]])


def test_icnr_starts_a_sub_pixel_upsampling_as_a_convolution_then_nearest_neighbour(quick_gan):
    upsample = keras.layers.Conv2D(4 * 3, 3, padding="same", kernel_initializer=ICNR(2), use_bias=False)
    x = np.random.default_rng(0).normal(size=(1, 5, 6, 2)).astype(np.float32)
    y = np.asarray(SubPixel(2)(upsample(x)))
    one = keras.layers.Conv2D(3, 3, padding="same", use_bias=False)
    one.build(x.shape)
    one.kernel.assign(np.asarray(upsample.kernel)[..., :3])  # the first sub-kernel of each output channel
    np.testing.assert_allclose(y, np.asarray(one(x)).repeat(2, axis=1).repeat(2, axis=2), atol=1e-6)
    kernel = np.asarray(upsample.kernel)
    assert not np.allclose(kernel[..., 0], kernel[..., 1])  # output channels still start apart
    assert quick_gan("srgan", icnr=True).generator.output_shape == (None, None, None, 1)


def test_the_generator_upscales_any_size_and_the_discriminator_halves_four_times(quick_gan):
    gan = quick_gan("srgan")
    assert gan.generator(np.zeros((1, 5, 9, 1), np.float32)).shape == (1, 20, 36, 1)
    full = RECIPE.discriminator(RECIPE.make_config(None, image_shape=(96, 96, 3))).build()
    convolutions = [layer for layer in full.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [c.filters for c in convolutions] == [64, 64, 128, 128, 256, 256, 512, 512]
    assert [c.strides[0] for c in convolutions] == [1, 2, 1, 2, 1, 2, 1, 2] and full.output_shape == (None, 1)


def test_srresnet_has_one_phase_and_never_moves_the_discriminator(quick_gan):
    gan = quick_gan("srgan", adversarial_weight=0.0)
    assert [p.name for p in gan.phase_list] == ["generator"]
    before = [np.array(w) for w in gan.discriminator.get_weights()]
    rng = np.random.default_rng(0)
    batch = (rng.uniform(-1, 1, (4, 7, 7, 1)).astype(np.float32), rng.uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32))
    logs = gan.train_step(batch, rng)
    assert set(logs) == {"g_loss", "g_mse"} and np.isclose(logs["g_loss"], logs["g_mse"], rtol=1e-5)
    assert all(np.array_equal(a, b) for a, b in zip(before, gan.discriminator.get_weights()))


def test_vgg_content_compares_feature_maps(monkeypatch):
    """The VGG path, without downloading: VGG19's architecture with random weights stands in for ImageNet's."""
    made, original = [], keras.applications.VGG19

    def vgg19(**kwargs):
        made.append(kwargs["weights"])
        return original(**{**kwargs, "weights": None})

    monkeypatch.setattr(keras.applications, "VGG19", vgg19)
    loss = RECIPE.loss(RECIPE.make_config("quick", image_shape=(32, 32, 3), content="vgg"))
    assert made == ["imagenet"] and not loss.features.trainable
    rng = np.random.default_rng(0)
    a, b = (rng.uniform(-1, 1, (2, 32, 32, 3)).astype(np.float32) for _ in range(2))
    assert float(loss.content(a, a)) == 0.0 and float(loss.content(a, b)) > 0
    assert not np.isclose(float(loss.content(a, b)), float(np.mean((a - b) ** 2)))


def test_vgg_content_offline_is_one_clear_error(monkeypatch):
    def offline(**kwargs):
        raise OSError("URL fetch failure: Name or service not known")

    monkeypatch.setattr(keras.applications, "VGG19", offline)
    with pytest.raises(ConfigError, match="could not be loaded .*offline, train with --content pixels"):
        RECIPE.loss(RECIPE.make_config("quick", image_shape=(32, 32, 3), content="vgg"))
    with pytest.raises(ConfigError, match="RGB images of at least 32x32"):
        RECIPE.loss(RECIPE.make_config("quick", content="vgg"))


def test_srgan_starts_from_a_trained_generator(tmp_path, quick_gan):
    trained = quick_gan("srgan", adversarial_weight=0.0)
    trained.generator.save(tmp_path / "srresnet.keras")
    gan = quick_gan("srgan", initial_generator=str(tmp_path / "srresnet.keras"))
    for a, b in zip(trained.generator.get_weights(), gan.generator.get_weights()):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ConfigError, match="does not fit this generator"):
        quick_gan("srgan", initial_generator=str(tmp_path / "srresnet.keras"), residual_blocks=2)


def test_the_cli_scores_against_bicubic_and_samples_low_and_high_resolution(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "srgan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    scores = json.loads((out / "metrics.json").read_text())["ab"]
    for key in ("psnr", "ssim", "input_psnr", "input_ssim", "digit_accuracy", "input_digit_accuracy", "fid", "input_fid"):
        assert np.isfinite(scores[key]), key
    assert scores["n"] == 500 and 10 < scores["input_psnr"] < 20  # bicubic on the luma, 4-pixel border left out
    assert main(["sample", str(out), "--n", "6", "--out", str(tmp_path / "s.npz"), "--grid", str(tmp_path / "s.png")]) == 0
    assert (tmp_path / "s.png").is_file()  # the 7x7 sources drawn beside the 28x28 outputs
    with np.load(tmp_path / "s.npz") as pairs:
        assert pairs["x"].shape == pairs["target"].shape == (6, 28, 28, 1) and pairs["source"].shape == (6, 7, 7, 1)


# -- photos -------------------------------------------------------------------------------------------
def test_photo_splits_share_no_photo_and_patches_are_reproducible_pairs():
    names = {split: set(load_photos(split=split)[1]) for split in ("fit", "validation", "test")}
    assert len(names["test"]) == 5 and not names["test"] & (names["fit"] | names["validation"]) and not names["fit"] & names["validation"]
    photos, _ = load_photos(split="validation")
    patches = PhotoPatches(photos, size=32, scale=4, batch_size=3, seed=0)
    sources, targets = patches()
    again, other = patches(0), patches(1)
    np.testing.assert_array_equal(targets, again[1])
    assert not np.array_equal(targets, other[1]) and patches.draws == 1
    assert sources.shape == (3, 8, 8, 3) and targets.shape == (3, 32, 32, 3)
    np.testing.assert_allclose(sources, np.clip(bicubic_resize(targets, 8), -1, 1))
    ramp = np.arange(40 * 50, dtype=np.float32).reshape(40, 50, 1)  # each pixel names its place
    patch = PhotoPatches([ramp], size=32, scale=4, batch_size=1, seed=0)()[1][0]
    top, left = divmod(int(patch[0, 0, 0]), 50)
    np.testing.assert_array_equal(patch, ramp[top : top + 32, left : left + 32])  # a crop of the photo as it is


def test_photo_tiles_start_with_the_middle_of_every_photo():
    photos = [np.full((96, 64, 1), k, np.float32) for k in range(3)]
    photos[0][32:64, 0:32] = 9.0  # the first photo's tiles: rows 0-2, columns 0-1; (1, 0) and (1, 1) are the middle ones
    tiles = photo_tiles(photos, 32)
    assert len(tiles) == 3 * 3 * 2 and [t[0, 0, 0] for t in tiles[:3]] == [9.0, 1.0, 2.0]


def test_tiled_upscaling_matches_the_whole_image(quick_gan):
    generator = quick_gan("srgan").generator  # 1 residual block: it sees 10 low-resolution pixels each side
    image = np.random.default_rng(0).uniform(-1, 1, (37, 53, 1)).astype(np.float32)
    whole = np.asarray(generator(image[None], training=False))[0]
    np.testing.assert_allclose(upscale(generator, image, 4, tile=8, margin=12), whole, atol=1e-5)
    assert np.abs(upscale(generator, image, 4, tile=8, margin=0) - whole).max() > 1e-3  # without a margin the seams show


def test_without_scikit_image_the_photos_are_one_clear_error(monkeypatch):
    import importlib.util

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(DataError, match=r"pip install 'gan-cookbook\[photos\]'"):
        load_photos(split="test")


def test_a_photo_run_trains_on_patches_scores_whole_photos_and_upscales_any_image(tmp_path, capsys):
    out = tmp_path / "run"
    photo_run = ["--dataset", "photos", "--image-shape", "32,32,3", "--out", str(out), "--verbose", "0"]
    assert main(["train", "srgan", "--preset", "quick", *photo_run]) == 0
    scores = json.loads((out / "metrics.json").read_text())["ab"]
    assert scores["n"] == 5 and sorted(scores["photos"]) == sorted(load_photos(split="test")[1])
    assert 18 < scores["input_psnr"] < 35 and np.isfinite(scores["psnr"])  # bicubic on whole photos
    assert main(["sample", str(out), "--n", "4", "--out", str(tmp_path / "s.npz")]) == 0
    with np.load(tmp_path / "s.npz") as pairs:
        assert pairs["x"].shape == pairs["target"].shape == (4, 32, 32, 3) and pairs["source"].shape == (4, 8, 8, 3)
    photo = tmp_path / "in" / "small.png"
    photo.parent.mkdir()
    keras.utils.save_img(photo, np.random.default_rng(0).integers(0, 255, (21, 30, 3)).astype(np.uint8), scale=False)
    assert main(["upscale", str(out), "--input", str(photo), "--out", str(tmp_path / "up"), "--tile", "8"]) == 0
    assert keras.utils.img_to_array(keras.utils.load_img(tmp_path / "up" / "small_x4.png")).shape == (84, 120, 3)
    capsys.readouterr()
    assert main(["upscale", str(out), "--input", str(photo.parent), "--out", str(tmp_path / "up")]) == 2  # never over earlier output
    assert "already holds files" in capsys.readouterr().err


def test_upscale_needs_a_super_resolution_run(tmp_path, capsys):
    out = tmp_path / "edges"
    assert main(["train", "pix2pix", "--preset", "quick", "--out", str(out), "--verbose", "0", "--no-eval"]) == 0
    capsys.readouterr()
    assert main(["upscale", str(out), "--input", str(tmp_path), "--out", str(tmp_path / "up")]) == 2
    assert "upscale needs a super-resolution run" in capsys.readouterr().err


def test_your_own_photos_hold_out_the_last_tenth_and_train_at_their_own_sizes(tmp_path):
    rng = np.random.default_rng(0)
    for i in range(10):
        pixels = rng.integers(0, 255, (40 + i, 50, 3)).astype(np.uint8)
        (tmp_path / "mine").mkdir(exist_ok=True)
        keras.utils.save_img(tmp_path / "mine" / f"{i:02d}.png", pixels, scale=False)
    splits = {split: load_photos(tmp_path / "mine", split)[1] for split in ("train", "test", "fit", "validation")}
    assert splits["test"] == ["09"] and splits["train"] == [f"{i:02d}" for i in range(9)]
    assert splits["validation"] == ["08"] and splits["fit"] == [f"{i:02d}" for i in range(8)]
    assert load_photos(tmp_path / "mine", "test")[0][0].shape == (49, 50, 3)  # whole, at its own size
    out = tmp_path / "run"
    own = ["--dataset", "folder", "--data", str(tmp_path / "mine"), "--image-shape", "32,32,3", "--out", str(out), "--verbose", "0"]
    assert main(["train", "srgan", "--preset", "quick", *own]) == 0
    assert list(json.loads((out / "metrics.json").read_text())["ab"]["photos"]) == ["09"]
