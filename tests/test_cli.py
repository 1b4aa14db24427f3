"""The command line, end to end on the quick presets."""

import json
import os
import subprocess
import sys

import imageio.v2 as imageio
import numpy as np
import pytest
from conftest import ROOT

from gan_cookbook.common.cli import main


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "dcgan"
    assert main(["train", "dcgan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    return out


@pytest.fixture(scope="module")
def cgan_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "cgan"
    assert main(["train", "cgan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    return out


def test_list_names_every_recipe(capsys):
    assert main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "dcgan" in listed and "vanilla_gan" in listed and "Radford" in listed


def test_train_writes_samples_curves_checkpoints_and_metrics(run_dir):
    for name in ["config.json", "curves.png", "progress.gif", "samples.png", "generator.keras", "metrics.json", "coverage.png"]:
        assert (run_dir / name).is_file(), name
    config = json.loads((run_dir / "config.json").read_text())
    assert config["recipe"] == "dcgan" and config["preset"] == "quick" and config["config"]["steps"] == 20
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["samples"] == 500 and metrics["fid"] > 0 and 1 <= metrics["inception_score"] <= 10
    assert sum(metrics["class_fractions"]) == pytest.approx(1, abs=1e-3)
    assert metrics["timing"]["steps"] == 20


def test_sample_writes_npz_grid_and_pngs(run_dir, tmp_path):
    npz, grid, pngs = tmp_path / "x.npz", tmp_path / "grid.png", tmp_path / "pngs"
    args = ["sample", str(run_dir), "--n", "10", "--out", str(npz), "--grid", str(grid), "--png-dir", str(pngs), "--truncation", "0.5"]
    assert main(args) == 0
    x = np.load(npz)["x"]
    assert x.shape == (10, 28, 28, 1) and x.dtype == np.float32 and -1 <= x.min() and x.max() <= 1
    assert grid.is_file() and len(list(pngs.glob("*.png"))) == 10
    assert imageio.imread(pngs / "00000.png").shape == (28, 28)


def test_interpolate_writes_a_gif(run_dir, tmp_path):
    gif = tmp_path / "walk.gif"
    assert main(["interpolate", str(run_dir), "--out", str(gif), "--walks", "4", "--points", "2", "--frames", "3"]) == 0
    assert len(imageio.mimread(gif)) == 6


def test_evaluate_rewrites_metrics(run_dir, capsys):
    assert main(["evaluate", str(run_dir), "--n", "300"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["samples"] == 300
    assert json.loads((run_dir / "metrics.json").read_text())["samples"] == 300


def test_notebooks_and_scripts_reach_the_same_work_by_public_names(run_dir, cgan_dir, tmp_path):
    from gan_cookbook.common.runs import RunError, draw_samples, evaluate_run, interpolation_frames, load_run, train_run

    x, labels = draw_samples(cgan_dir, 5, per_class=2, truncation=1.0, seed=3)
    assert x.shape == (20, 28, 28, 1) and labels.tolist() == [k for k in range(10) for _ in range(2)]
    again, _ = draw_samples(cgan_dir, 5, per_class=2, truncation=1.0, seed=3)
    assert np.array_equal(x, again)
    assert draw_samples(run_dir, 3)[1] is None
    assert len(interpolation_frames(run_dir, walks=2, points=2, frames=2)) == 4
    assert evaluate_run(run_dir, 200)["samples"] == 200
    with pytest.raises(RunError, match="already holds a run"):
        train_run("dcgan", load_run(run_dir)[1], run_dir)


def test_resume_continues_a_run(tmp_path):
    out = str(tmp_path / "v")
    quick = ["--preset", "quick", "--out", out, "--verbose", "0", "--no-eval"]
    assert main(["train", "vanilla_gan", *quick, "--steps", "20"]) == 0
    assert main(["train", "vanilla_gan", *quick, "--steps", "30", "--resume"]) == 0
    lines = (tmp_path / "v" / "history.csv").read_text().splitlines()
    assert len(lines) == 31 and lines[-1].startswith("30,")
    resumed = ["train", "vanilla_gan", "--out", out, "--verbose", "0", "--no-eval", "--steps", "35", "--resume"]
    assert main(resumed) == 0  # without --preset: the run keeps the one it was started with
    saved = json.loads((tmp_path / "v" / "config.json").read_text())
    assert saved["preset"] == "quick" and saved["config"]["steps"] == 35


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["train", "stylegan9", "--out", "x"],
            "no recipe 'stylegan9'; available: acgan, autoencoder, biggan, cgan, cyclegan, dcgan, gan3d, infogan, lsgan, pix2pix, progan,"
            " sgan, simgan, sngan, srgan, stylegan, vae, vanilla_gan, wgan, wgan_gp",
        ),
        (["train", "dcgan", "--preset", "huge", "--out", "x"], "no preset 'huge'"),
        (["sample", "nowhere", "--out", "x.npz"], "nowhere is not a training run"),
        (["train", "dcgan", "--preset", "quick", "--data", "missing.npz", "--out", "x"], "missing.npz does not exist"),
    ],
)
def test_usage_errors_are_one_clear_line(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_training_into_an_existing_run_needs_resume(run_dir, capsys):
    assert main(["train", "dcgan", "--preset", "quick", "--out", str(run_dir)]) == 2
    err = capsys.readouterr().err
    assert "already holds a run (checkpoints, config.json" in err and "pass --resume to continue it, --overwrite" in err


def test_every_hyper_parameter_is_a_flag(capsys):
    assert main(["train", "--out", "x", "dcgan", "--help"]) == 0  # the recipe anywhere after train
    helptext = capsys.readouterr().out
    for flag in ["--generator-filters", "--lr", "--latent-dim", "--batch-size", "--steps", "--seed", "--image-shape"]:
        assert flag in helptext


def test_run_sh_trains_through_the_installed_command(tmp_path):
    env = {**os.environ, "PATH": f"{os.path.dirname(sys.executable)}:{os.environ['PATH']}"}
    out = tmp_path / "v"
    cmd = [str(ROOT / "recipes/vanilla_gan/run.sh"), "--preset", "quick", "--steps", "5", "--out", str(out), "--no-eval", "--verbose", "0"]
    subprocess.run(cmd, check=True, env=env, timeout=300)
    assert (out / "generator.keras").is_file()


def test_a_conditional_run_is_scored_on_the_labels_it_was_asked_for(cgan_dir):
    metrics = json.loads((cgan_dir / "metrics.json").read_text())
    assert 0 <= metrics["label_accuracy"] <= 1 and len(metrics["label_accuracy_per_class"]) == 10
    assert metrics["label_accuracy"] == pytest.approx(np.mean(metrics["label_accuracy_per_class"]))  # 50 asked per class
    assert imageio.imread(cgan_dir / "samples.png").shape[0] == 2 * (10 * 30 + 2)  # a row per class, 2x scaled


def test_sample_one_label_or_every_class(cgan_dir, tmp_path):
    pngs = ["--png-dir", str(tmp_path / "p")]
    assert main(["sample", str(cgan_dir), "--n", "5", "--label", "7", "--out", str(tmp_path / "a.npz"), *pngs]) == 0
    a = np.load(tmp_path / "a.npz")
    assert a["x"].shape == (5, 28, 28, 1) and a["y"].tolist() == [7] * 5
    assert (tmp_path / "p" / "00004_label7.png").is_file()
    assert main(["sample", str(cgan_dir), "--per-class", "3", "--out", str(tmp_path / "b.npz"), "--grid", str(tmp_path / "g.png")]) == 0
    b = np.load(tmp_path / "b.npz")
    assert b["x"].shape == (30, 28, 28, 1) and b["y"].tolist() == [k for k in range(10) for _ in range(3)]
    assert imageio.imread(tmp_path / "g.png").shape == (2 * (10 * 30 + 2), 2 * (3 * 30 + 2))


def test_interpolate_between_two_labels_at_fixed_z(cgan_dir, tmp_path):
    gif = tmp_path / "blend.gif"
    assert main(["interpolate", str(cgan_dir), "--labels", "1", "7", "--out", str(gif), "--walks", "4", "--frames", "5"]) == 0
    frames = imageio.mimread(gif)
    assert len(frames) == 5 and not np.array_equal(frames[0], frames[-1])


@pytest.mark.parametrize(
    "args, message",
    [
        (["sample", "CGAN", "--label", "10", "--out", "x.npz"], "--label must lie in 0..9, got 10"),
        (["sample", "CGAN", "--label", "1", "--per-class", "2", "--out", "x.npz"], "not both"),
        (["sample", "DCGAN", "--label", "1", "--out", "x.npz"], "need a conditional recipe"),
        (["interpolate", "DCGAN", "--labels", "1", "2", "--out", "x.gif"], "needs a conditional recipe"),
        (["interpolate", "CGAN", "--labels", "1", "12", "--out", "x.gif"], "--labels must lie in 0..9"),
    ],
)
def test_label_usage_errors(args, message, run_dir, cgan_dir, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = [{"CGAN": str(cgan_dir), "DCGAN": str(run_dir)}.get(a, a) for a in args]
    assert main(args) == 2
    assert message in capsys.readouterr().err


def test_infogan_is_scored_on_its_codes_and_draws_its_figures(tmp_path):
    out = tmp_path / "infogan"
    assert main(["train", "infogan", "--preset", "quick", "--out", str(out), "--verbose", "0"]) == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert "label_accuracy" not in metrics and 0.1 <= metrics["code_accuracy"] <= 1
    assert sorted(metrics["code_to_digit"]) == list(range(10))  # one-to-one
    script = [sys.executable, str(ROOT / "recipes/infogan/figures.py"), str(out), "--out", str(tmp_path / "fig"), "--rows", "2"]
    subprocess.run(script, check=True, capture_output=True, timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert imageio.imread(tmp_path / "fig/codes.png").shape == (2 * (2 * 30 + 2), 2 * (10 * 30 + 2))
    assert imageio.imread(tmp_path / "fig/continuous_2.png").shape == (2 * (10 * 30 + 2), 2 * (9 * 30 + 2))


def test_sgan_runs_end_to_end_and_reports_its_classifiers_test_accuracy(tmp_path, capsys):
    sgan, baseline = tmp_path / "sgan", tmp_path / "baseline"
    assert main(["train", "sgan", "--preset", "quick", "--out", str(sgan), "--verbose", "0"]) == 0
    metrics = json.loads((sgan / "metrics.json").read_text())
    assert 0 <= metrics["test_accuracy"] <= 1 and len(metrics["test_accuracy_per_class"]) == 10
    assert metrics["samples"] == 500 and "fid" in metrics  # G is scored as well

    # a bare --supervised-baseline means true; that run trains no generator, so only D is scored
    assert main(["train", "sgan", "--preset", "quick", "--supervised-baseline", "--out", str(baseline), "--verbose", "0"]) == 0
    assert json.loads((baseline / "config.json").read_text())["config"]["supervised_baseline"] is True
    assert not (baseline / "generator.keras").exists() and not (baseline / "samples").exists()
    capsys.readouterr()
    assert main(["evaluate", str(baseline)]) == 0
    printed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(printed) == {"test_accuracy", "eval_seconds", "timing", "reference"} and 0 <= printed["test_accuracy"] <= 1
    assert printed["reference"] == "test"
    assert main(["sample", str(baseline), "--out", str(tmp_path / "x.npz")]) == 2
    assert "generator.keras not found" in capsys.readouterr().err


def test_a_validation_run_trains_on_50000_images_and_is_scored_on_the_held_out_10000(tmp_path, capsys):
    from gan_cookbook.common.data import load_mnist

    fit, held_out = load_mnist(split="fit")[0], load_mnist(split="validation")[0]
    assert len(fit) == 50_000 and len(held_out) == 10_000
    assert np.array_equal(np.concatenate([fit, held_out]), load_mnist(split="train")[0])
    out = tmp_path / "run"
    assert main(["train", "lsgan", "--preset", "quick", "--validation", "--out", str(out), "--verbose", "0"]) == 0
    assert json.loads((out / "metrics.json").read_text())["reference"] == "validation"


def test_resume_refuses_changed_hyper_parameters_instead_of_dropping_them(run_dir, capsys):
    assert main(["train", "dcgan", "--out", str(run_dir), "--resume", "--lr", "0.01"]) == 2
    assert "only --steps may change, not --learning-rate 0.01 (the run has 0.0002)" in capsys.readouterr().err
    assert main(["train", "dcgan", "--out", str(run_dir), "--resume", "--preset", "reference"]) == 2
    assert "not --preset reference" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["lsgan", "wgan", "wgan_gp", "sngan"])
def test_the_objective_recipes_train_save_and_sample_from_the_command_line(name, tmp_path):
    out = tmp_path / name
    assert main(["train", name, "--preset", "quick", "--no-eval", "--out", str(out), "--verbose", "0"]) == 0
    network = "critic" if name.startswith("wgan") else "discriminator"
    assert (out / f"{network}.keras").is_file() and (out / "progress.gif").is_file()
    assert main(["sample", str(out), "--n", "12", "--out", str(tmp_path / "x.npz")]) == 0
    with np.load(tmp_path / "x.npz") as saved:
        assert saved["x"].shape == (12, 28, 28, 1) and -1 <= saved["x"].min() and saved["x"].max() <= 1 and "y" not in saved
