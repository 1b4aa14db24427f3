"""Data preparation: each tool on a folder with planted problems finds every planted one, writes only into
its new --out folder, and answers bad input with one line."""

import json
import shutil

import numpy as np
import pytest
from PIL import Image

from gan_cookbook.common import dataprep
from gan_cookbook.common.cli import main


def disc(rng, size=32) -> np.ndarray:
    """A coloured disc of random size and place on white: the 'normal' images."""
    yy, xx = np.mgrid[:size, :size]
    cy, cx, r = rng.uniform(10, 22), rng.uniform(10, 22), rng.uniform(5, 9)
    image = np.full((size, size, 3), 255, np.uint8)
    image[(yy - cy) ** 2 + (xx - cx) ** 2 < r**2] = rng.integers(0, 200, 3)
    return image


@pytest.fixture
def planted(tmp_path):
    """24 discs, and planted: an exact and a near duplicate, a corrupt PNG, a text file, a grey image, two outliers."""
    rng = np.random.default_rng(0)
    folder = tmp_path / "images"
    folder.mkdir()
    for i in range(24):
        Image.fromarray(disc(rng)).save(folder / f"disc_{i:02d}.png")
    shutil.copy(folder / "disc_03.png", folder / "copy_of_03.png")
    near = np.asarray(Image.open(folder / "disc_05.png")).astype(int) - 3
    Image.fromarray(np.clip(near, 0, 255).astype(np.uint8)).save(folder / "darker_05.png")
    (folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (folder / "notes.txt").write_text("not an image")
    Image.fromarray(disc(rng)).convert("L").save(folder / "grey.png")
    Image.fromarray(rng.integers(0, 256, (32, 32, 3), dtype=np.uint8)).save(folder / "noise.png")
    Image.fromarray(np.zeros((48, 40, 3), np.uint8)).save(folder / "black.png")
    return folder


def test_inspect_finds_every_planted_problem(planted, tmp_path, capsys):
    assert main(["data", "inspect", str(planted), "--out", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert report["files"] == 31 and report["images"] == 29
    assert report["exact_duplicates"] == [["copy_of_03.png", "disc_03.png"]]
    assert [pair[:2] for pair in report["near_duplicates"]] == [["darker_05.png", "disc_05.png"]]
    assert list(report["unreadable"]) == ["broken.png"] and report["not_images"] == ["notes.txt"]
    assert report["grey_among_colour"] == ["grey.png"]
    assert report["sizes"] == {"32x32": 28, "40x48": 1} and report["modes"] == {"RGB": 28, "L": 1}
    assert "1 unreadable: broken.png" in capsys.readouterr().out


def test_outliers_flags_the_planted_ones_first(planted, tmp_path):
    report = dataprep.find_outliers(planted, tmp_path / "out", top=4)
    assert {o["name"] for o in report["outliers"][:2]} == {"noise.png", "black.png"}
    assert report["features"] == "pixels" and (tmp_path / "out" / "outliers.png").is_file()


def test_outliers_in_the_evaluators_feature_space(mnist_test, tmp_path):
    x = np.rint((mnist_test[0][:200, :, :, 0] + 1) * 127.5).astype(np.uint8)
    noise = np.random.default_rng(0).integers(0, 256, (2, 28, 28), dtype=np.uint8)
    np.savez(tmp_path / "digits.npz", x=np.concatenate([x, noise]))
    report = dataprep.find_outliers(tmp_path / "digits.npz", tmp_path / "out", top=2)
    assert report["features"] == "evaluator" and {o["name"] for o in report["outliers"]} == {"x[200]", "x[201]"}


def test_augment_writes_copies_beside_no_original(planted, tmp_path):
    before = sorted(p.name for p in planted.iterdir())
    report = dataprep.augment_data(planted, tmp_path / "aug", copies=3)
    written = sorted(p.name for p in (tmp_path / "aug").glob("*.png"))
    assert report["images"] == 29 and len(written) == 87 and "disc_00_aug2.png" in written
    augmented = np.asarray(Image.open(tmp_path / "aug" / "disc_00_aug0.png"))
    assert augmented.shape == (32, 32, 3) and not np.array_equal(augmented, np.asarray(Image.open(planted / "disc_00.png")))
    assert sorted(p.name for p in planted.iterdir()) == before  # the input is untouched


@pytest.mark.parametrize("mode, each", [("over", 5), ("under", 2)])
def test_balance_folders_and_npz(mode, each, tmp_path):
    rng = np.random.default_rng(1)
    for label, n in (("cats", 5), ("dogs", 2)):
        (tmp_path / "pets" / label).mkdir(parents=True)
        for i in range(n):
            Image.fromarray(disc(rng)).save(tmp_path / "pets" / label / f"{i}.png")
    (tmp_path / "pets" / "README.txt").write_text("a stray file beside the class folders")
    report = dataprep.balance_data(tmp_path / "pets", tmp_path / "out", mode)
    assert report["before"] == {"cats": 5, "dogs": 2} and report["after"] == {"cats": each, "dogs": each}
    for label in ("cats", "dogs"):
        names = sorted(p.name for p in (tmp_path / "out" / label).iterdir())
        assert len(names) == each and len(set(names)) == each
    np.savez(tmp_path / "d.npz", x=rng.integers(0, 256, (7, 28, 28), dtype=np.uint8), y=np.array([0, 0, 0, 0, 0, 1, 1]))
    dataprep.balance_data(tmp_path / "d.npz", tmp_path / "npz_out", mode)
    with np.load(tmp_path / "npz_out" / "data.npz") as npz:
        assert np.bincount(npz["y"]).tolist() == [each, each] and npz["x"].shape == (2 * each, 28, 28, 1)


@pytest.mark.parametrize(
    "args, message",
    [
        (["inspect", "MISSING"], "neither a folder of images nor an .npz file"),
        (["inspect", "EMPTY"], "holds no files"),
        (["outliers", "TEXT"], "holds 0 readable images"),
        (["balance", "IMAGES"], "has no class labels"),
        (["inspect", "IMAGES", "--out", "IMAGES/report"], "lies inside the input"),
        (["augment", "IMAGES", "--out", "FULL"], "already holds files"),
        (["augment", "IMAGES", "--copies", "0"], "argument --copies: must be at least 1"),
        (["inspect", "BADNPZ"], "has keys ['images'] but not ['x']"),
    ],
)
def test_bad_input_is_one_line(args, message, planted, tmp_path, capsys):
    (tmp_path / "EMPTY").mkdir()
    (tmp_path / "TEXT").mkdir()
    (tmp_path / "TEXT" / "a.txt").write_text("x")
    (tmp_path / "FULL").mkdir()
    (tmp_path / "FULL" / "mine.txt").write_text("kept")
    np.savez(tmp_path / "bad.npz", images=np.zeros((2, 8, 8), np.uint8))
    names = {"MISSING": tmp_path / "missing", "EMPTY": tmp_path / "EMPTY", "TEXT": tmp_path / "TEXT", "IMAGES": planted}
    names |= {"FULL": tmp_path / "FULL", "IMAGES/report": planted / "report", "BADNPZ": tmp_path / "bad.npz"}
    args = [str(names.get(a, a)) for a in args]
    if "--out" not in args:
        args += ["--out", str(tmp_path / "out")]
    assert main(["data", *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err, err
    assert (tmp_path / "FULL" / "mine.txt").read_text() == "kept" and not (planted / "report").exists()
