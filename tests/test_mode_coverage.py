"""PacGAN's 2-D mixtures, their scores, and the script that trains every objective on them."""

import subprocess
import sys

import numpy as np
import pytest
from conftest import ROOT

from gan_cookbook.common.data import DataError, mixture_modes, sample_mixture
from gan_cookbook.common.metrics import mode_coverage


def test_the_mixtures_are_pacgans():
    ring, ring_sd = mixture_modes("ring8")
    assert ring.shape == (8, 2) and np.allclose(np.linalg.norm(ring, axis=1), 1) and ring_sd == 0.01
    grid, grid_sd = mixture_modes("grid25")
    assert grid.shape == (25, 2) and set(grid.ravel()) == {-4, -2, 0, 2, 4} and grid_sd == 0.05
    with pytest.raises(DataError, match="unknown mixture"):
        mixture_modes("spiral")


def test_samples_of_the_mixture_cover_every_mode_and_are_all_high_quality():
    points = sample_mixture("grid25", 2_500, np.random.default_rng(0))
    scores = mode_coverage(points, *mixture_modes("grid25"))
    assert scores["modes"] == 25 and scores["of"] == 25 and 0.98 < scores["high_quality"] < 0.995  # 3 sd in 2-D holds 98.9%


def test_a_collapsed_generator_covers_one_mode_and_noise_is_low_quality():
    means, sd = mixture_modes("ring8")
    collapsed = means[3] + sd * np.random.default_rng(0).standard_normal((500, 2))
    assert mode_coverage(collapsed, means, sd)["modes"] == 1
    noise = np.random.default_rng(1).uniform(-1.5, 1.5, (500, 2))
    assert mode_coverage(noise, means, sd)["high_quality"] < 0.01


def test_the_script_trains_and_scores_each_objective_and_keeps_earlier_runs(tmp_path):
    def study(*objectives: str) -> str:
        command = [sys.executable, "scripts/mode_coverage.py", "--objectives", *objectives, "--seeds", "1", "--steps", "3"]
        result = subprocess.run([*command, "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    first = study("wasserstein_gp")
    assert "wasserstein_gp seed 0:" in first and "| wasserstein_gp | 1 | 3 |" in first
    second = study("wasserstein_gp", "hinge_sn")
    assert "hinge_sn seed 0:" in second and "wasserstein_gp seed 0:" not in second  # kept from the first, not retrained
    assert "| wasserstein_gp |" in second and "| hinge_sn |" in second
    assert (tmp_path / "ring8" / "samples.png").is_file() and (tmp_path / "ring8" / "scores.json").is_file()


def test_stacked_mnist_has_three_independent_digits_per_image_and_1000_modes(mnist_train):
    from gan_cookbook.common.data import load_mnist, stacked_mnist

    images, labels = load_mnist()
    stacked, modes = stacked_mnist(images, labels, 5_000, seed=0)
    assert stacked.shape == (5_000, 28, 28, 3) and modes.min() >= 0 and modes.max() <= 999
    assert len(np.unique(modes)) > 990  # 5,000 draws of 1,000 equally likely modes miss about 7
    first = np.flatnonzero((images == stacked[:1, ..., :1]).all(axis=(1, 2, 3)))
    assert labels[first[0]] == modes[0] // 100


def test_a_stacked_mnist_run_samples_three_channels_and_is_scored_on_its_modes(tmp_path, capsys):
    import json

    from gan_cookbook.common.cli import main

    out = tmp_path / "stacked"
    flags = ["--image-shape", "28,28,3", "--dataset", "stacked_mnist", "--steps", "2", "--eval-samples", "300", "--verbose", "0"]
    assert main(["train", "dcgan", "--preset", "quick", *flags, "--out", str(out)]) == 0
    scores = json.loads((out / "metrics.json").read_text())
    assert 1 <= scores["modes"] <= 300 and scores["kl"] >= 0 and scores["samples"] == 300
    assert main(["sample", str(out), "--n", "10", "--out", str(tmp_path / "x.npz")]) == 0
    with np.load(tmp_path / "x.npz") as saved:
        assert saved["x"].shape == (10, 28, 28, 3)


def test_the_loss_study_trains_each_objective_and_writes_its_table(tmp_path):
    command = [sys.executable, "scripts/loss_study.py", "--objectives", "minimax", "hinge_sn", "--seeds", "1", "--out", str(tmp_path)]
    tiny = ["--", "--steps", "2", "--generator-filters", "4", "--discriminator-filters", "4", "--eval-every", "1", "--eval-samples", "200"]
    result = subprocess.run([*command, *tiny], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| minimax |" in result.stdout and "| hinge_sn |" in result.stdout
    assert (tmp_path / "fid_over_time.png").is_file() and (tmp_path / "minimax_seed0" / "config.json").is_file()
    assert '"saturating": true' in (tmp_path / "minimax_seed0" / "config.json").read_text()


def test_the_stacked_mnist_study_tabulates_modes_and_kl(tmp_path):
    command = [sys.executable, "scripts/loss_study.py", "--preset", "stacked", "--objectives", "non_saturating", "--seeds", "1"]
    tiny = ["--", "--steps", "2", "--generator-filters", "4", "--discriminator-filters", "4", "--eval-samples", "300"]
    result = subprocess.run([*command, "--out", str(tmp_path), *tiny], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| objective | modes (of 1,000) | KL to uniform |" in result.stdout and "| non_saturating |" in result.stdout
    config = (tmp_path / "non_saturating_seed0" / "config.json").read_text()
    assert '"stacked_mnist"' in config and '"preset": "stacked"' in config
