"""Adversarial examples: the attacks stay in their L-inf ball and in [0, 1], PGD is at least as strong as
FGSM, the attack command scores a saved classifier, and refuses what is not one."""

import json
import subprocess
import sys

import keras
import numpy as np
import pytest
from conftest import ROOT

from gan_cookbook.common import adversarial as adv
from gan_cookbook.common.cli import main


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    from gan_cookbook.common.data import load_mnist

    x, y = load_mnist(split="train")
    x01, y = (x[:2000] + 1) / 2, y[:2000]
    keras.utils.set_random_seed(0)
    model = adv.train_classifier(adv.mnist_cnn(), x01, y, epochs=1, verbose=0)
    path = tmp_path_factory.mktemp("models") / "cnn.keras"
    model.save(path)
    return model, path


@pytest.fixture(scope="module")
def test_digits():
    from gan_cookbook.common.data import load_mnist

    x, y = load_mnist(split="test")
    return (x[:200] + 1) / 2, y[:200]


def per_sample_loss(model, x01, y):
    return keras.ops.convert_to_numpy(keras.losses.sparse_categorical_crossentropy(y, model(adv.to_model(x01)), from_logits=True))


def test_fgsm_moves_every_pixel_by_eps_up_the_loss(trained, test_digits):
    model, _ = trained
    x01, y = test_digits
    attacked = adv.fgsm(model, x01, y, 0.1)
    moved = np.abs(attacked - x01)
    inside = (x01 > 0.1) & (x01 < 0.9)  # pixels that clipping to [0, 1] does not stop
    assert np.allclose(moved[inside], 0.1, atol=1e-6) and attacked.min() >= 0 and attacked.max() <= 1
    assert per_sample_loss(model, attacked, y).mean() > per_sample_loss(model, x01, y).mean()


def test_pgd_stays_in_its_ball_and_is_at_least_as_strong_as_fgsm(trained, test_digits):
    model, _ = trained
    x01, y = test_digits
    pgd = adv.attack(model, x01, y, "pgd", 0.1, steps=10, step_size=0.02)
    assert np.abs(pgd - x01).max() <= 0.1 + 1e-6 and pgd.min() >= 0 and pgd.max() <= 1
    fgsm = adv.attack(model, x01, y, "fgsm", 0.1)
    assert adv.accuracy(model, pgd, y) <= adv.accuracy(model, fgsm, y) < adv.accuracy(model, x01, y)


def test_noise_has_the_attacks_norm(test_digits):
    x01, _ = test_digits
    noisy = adv.sign_noise(x01, 0.2, np.random.default_rng(0))
    inside = (x01 > 0.2) & (x01 < 0.8)
    assert np.allclose(np.abs(noisy - x01)[inside], 0.2, atol=1e-6)


def test_the_attack_command_scores_a_saved_classifier(trained, tmp_path, capsys):
    _, path = trained
    args = ["attack", str(path), "--method", "pgd", "--eps", "0.2", "--steps", "3", "--step-size", "0.1", "--n", "100"]
    assert main([*args, "--out", str(tmp_path / "adv.npz")]) == 0
    printed = capsys.readouterr().out
    assert "accuracy on 100 MNIST test digits" in printed and "under pgd eps 0.2" in printed
    with np.load(tmp_path / "adv.npz") as npz:
        assert npz["x"].shape == (100, 28, 28, 1) and npz["x"].min() >= -1 and len(npz["predicted"]) == 100


@pytest.mark.parametrize(
    "model, extra, message",
    [
        ("MISSING", [], "not found"),
        ("TEXT", [], "not a .keras file"),
        ("GENERATOR", [], "not an MNIST classifier: it maps [(None, 8)] -> [(None, 28, 28, 1)]"),
        ("CNN", ["--eps", "2"], "--eps is an L-inf distance in [0, 1]"),
        ("CNN", ["--n", "0"], "argument --n: must be at least 1"),
    ],
)
def test_the_attack_command_refuses_what_is_not_a_classifier(model, extra, message, trained, tmp_path, capsys):
    (tmp_path / "notes.keras").write_text("not a model")
    inputs = keras.Input((8,))
    keras.Model(inputs, keras.layers.Reshape((28, 28, 1))(keras.layers.Dense(784)(inputs))).save(tmp_path / "generator.keras")
    paths = {"MISSING": tmp_path / "missing.keras", "TEXT": tmp_path / "notes.keras", "GENERATOR": tmp_path / "generator.keras"}
    paths["CNN"] = trained[1]
    assert main(["attack", str(paths[model]), *extra]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err, err


def test_the_study_script_runs_end_to_end(tmp_path):
    command = [sys.executable, str(ROOT / "scripts/adversarial.py"), "--out", str(tmp_path), "--quick"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    saved = json.loads((tmp_path / "results.json").read_text())
    assert set(saved["final"]) == {"cnn", "evaluator", "robust_cnn"} and set(saved["final"]["cnn"]) == {"clean", "noise", "fgsm", "pgd"}
    assert all((tmp_path / name).is_file() for name in ("curves.png", "examples.png", "cnn.keras", "robust_cnn.keras"))
