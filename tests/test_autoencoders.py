"""The autoencoder and VAE baselines: their objectives, the reparameterisation, the code distribution an
autoencoder samples from, and the commands that work on their runs."""

import json

import keras
import numpy as np
import pytest

from gan_cookbook.common.autoencoding import bernoulli_reconstruction, decoder_of, encode, gaussian_kl
from gan_cookbook.common.cli import main
from gan_cookbook.common.layers import MovingMoments
from gan_cookbook.common.runs import load_model


def test_kl_to_the_prior_is_the_closed_form():
    rng = np.random.default_rng(0)
    mean, log_variance = rng.normal(size=(6, 3)).astype(np.float32), rng.normal(size=(6, 3)).astype(np.float32)
    variance = np.exp(log_variance)
    expected = np.mean(np.sum(0.5 * (variance + mean**2 - 1 - log_variance), axis=1))
    assert float(gaussian_kl(mean, log_variance)) == pytest.approx(expected, rel=1e-5)
    assert float(gaussian_kl(np.zeros((2, 3)), np.zeros((2, 3)))) == 0.0


def test_reconstruction_error_is_the_pixels_bernoulli_cross_entropy_summed_per_image():
    rng = np.random.default_rng(1)
    x, reconstruction = rng.uniform(-1, 1, (4, 5, 5, 1)).astype(np.float32), rng.uniform(-0.9, 0.9, (4, 5, 5, 1)).astype(np.float32)
    t, p = (x + 1) / 2, (reconstruction + 1) / 2
    expected = np.mean(np.sum(-(t * np.log(p) + (1 - t) * np.log(1 - p)), axis=(1, 2, 3)))
    assert float(bernoulli_reconstruction(x, reconstruction)) == pytest.approx(expected, rel=1e-5)
    perfect = float(bernoulli_reconstruction(np.ones((1, 4)), np.ones((1, 4))))  # a saturated pixel stays finite
    assert 0 <= perfect < 1e-5


def test_vae_decodes_mean_plus_sigma_times_noise_and_its_loss_is_the_negative_elbo(quick_gan):
    gan = quick_gan("vae")
    x = np.random.default_rng(2).uniform(-1, 1, (4, 28, 28, 1)).astype(np.float32)
    noise = np.random.default_rng(3).standard_normal((4, gan.config.latent_dim)).astype(np.float32)
    outputs = gan.autoencoder_outputs(x, noise)
    mean, log_variance = (np.asarray(t) for t in gan.encoder(x))
    z = mean + np.exp(0.5 * log_variance) * noise
    np.testing.assert_allclose(np.asarray(outputs["reconstruction"]), np.asarray(gan.decoder(z)), atol=1e-5)
    loss = float(gan.loss.autoencoder(x, **outputs))
    assert loss == pytest.approx(float(bernoulli_reconstruction(x, outputs["reconstruction"]) + gaussian_kl(mean, log_variance)), rel=1e-5)
    half = quick_gan("vae", kl_weight=0.5)  # beta-VAE: the KL term weighed by beta
    assert float(half.loss.autoencoder(x, **outputs)) == pytest.approx(loss - 0.5 * float(gaussian_kl(mean, log_variance)), rel=1e-5)


def test_moving_moments_track_the_codes_in_training_mode_only():
    layer = MovingMoments(momentum=0.5)
    rng = np.random.default_rng(4)
    mean, second = np.zeros(3), np.eye(3)
    for _ in range(3):
        codes = rng.normal(2.0, 3.0, (50, 3)).astype(np.float32)
        np.testing.assert_array_equal(np.asarray(layer(codes, training=True)), codes)  # the identity
        mean, second = 0.5 * mean + 0.5 * codes.mean(0), 0.5 * second + 0.5 * codes.T @ codes / 50
    layer(rng.normal(size=(50, 3)).astype(np.float32), training=False)
    np.testing.assert_allclose(np.asarray(layer.moving_mean), mean, rtol=1e-5)
    np.testing.assert_allclose(np.asarray(layer.covariance()), second - np.outer(mean, mean), rtol=1e-4, atol=1e-4)


def test_autoencoder_samples_its_codes_gaussian(quick_gan):
    """z ~ N(0, I) -> mu + L z: the sampler's codes have the codes' mean and covariance, then go through the decoder."""
    gan = quick_gan("autoencoder", latent_dim=3)
    rng = np.random.default_rng(5)
    covariance = np.array([[4.0, 1.0, 0.0], [1.0, 2.0, 0.5], [0.0, 0.5, 1.0]])
    codes = rng.multivariate_normal([1.0, -2.0, 0.5], covariance, 20_000)
    gan.encoder.get_layer("code_statistics").fit(codes)
    sampler = gan.sampler
    drawn = np.asarray(sampler.get_layer("code_distribution")(rng.standard_normal((20_000, 3)).astype(np.float32)))
    np.testing.assert_allclose(drawn.mean(0), codes.mean(0), atol=0.05)
    np.testing.assert_allclose(np.cov(drawn.T), np.cov(codes.T), atol=0.1)
    assert decoder_of(sampler) is gan.decoder and sampler.get_layer("decoder") is gan.decoder


def test_a_vae_learns_to_reconstruct_digits_in_a_few_steps(mnist_train, quick_gan):
    gan = quick_gan("vae")
    x = mnist_train[:64]
    first = gan.train_step(x, np.random.default_rng(0), 0)["a_reconstruction"]
    for step in range(1, 40):
        last = gan.train_step(x, np.random.default_rng(step), step)["a_reconstruction"]
    assert last < 0.8 * first
    assert gan.reconstruct(x[:8]).shape == (8, 28, 28, 1) and gan.encode(x[:8]).shape == (8, gan.config.latent_dim)


@pytest.mark.parametrize("name", ["autoencoder", "vae"])
def test_sample_interpolate_and_evaluate_work_on_a_finished_run(name, tmp_path, mnist_train):
    out = tmp_path / name
    assert main(["train", name, "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    assert {"generator.keras", "encoder.keras", "samples.png", "metrics.json"} <= {p.name for p in out.iterdir()}
    assert json.loads((out / "metrics.json").read_text())["fid"] > 0
    assert main(["sample", str(out), "--n", "6", "--out", str(tmp_path / "x.npz")]) == 0
    assert np.load(tmp_path / "x.npz")["x"].shape == (6, 28, 28, 1)
    assert main(["interpolate", str(out), "--out", str(tmp_path / "w.gif"), "--walks", "2", "--points", "2", "--frames", "2"]) == 0
    encoder = load_model(out / "encoder.keras")
    codes = encode(encoder, mnist_train[:10_000])
    assert codes.shape == (10_000, 2 if "2d" in name else 20)
    if name == "autoencoder":  # the saved code distribution is that of the training codes, refitted when training ended
        statistics = encoder.get_layer("code_statistics")
        np.testing.assert_allclose(np.asarray(statistics.moving_mean), codes.mean(0), atol=1e-4)
        np.testing.assert_allclose(np.asarray(statistics.covariance()), np.cov(codes.T, bias=True), atol=1e-3)
        bias = load_model(out / "generator.keras").get_layer("code_distribution").get_weights()[1]
        np.testing.assert_allclose(bias, codes.mean(0), atol=1e-4)
    keras.backend.clear_session()
