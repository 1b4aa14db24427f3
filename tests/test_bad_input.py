"""The bad-input battery: every command and loader, given what users get wrong, answers with one line
that names the problem and what to do, exits non-zero, prints no traceback, and loses nothing already
written. (``--debug`` brings the traceback back.)"""

import json
import zipfile

import keras
import numpy as np
import pytest
from PIL import Image

from gan_cookbook.common.cli import main


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Finished quick runs: an unconditional one, a conditional one and a translation one."""
    root = tmp_path_factory.mktemp("finished")
    for name in ("vanilla_gan", "cgan", "pix2pix"):
        args = ["train", name, "--preset", "quick", "--steps", "2", "--out", str(root / name), "--verbose", "0", "--no-eval"]
        assert main(args) == 0
    return root


def mnist_like(path, x=None, y=None, **extra):
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (40, 28, 28), dtype=np.uint8) if x is None else x
    y = np.arange(40) % 10 if y is None else y
    np.savez(path, x_train=x, y_train=y, x_test=x[:10], y_test=y[:10], **extra)
    return path


def png(path, size=(64, 64), mode="RGB"):
    Image.new(mode, size, 128 if mode == "L" else (200, 30, 30)).save(path)
    return path


def fixture_file(tmp_path, kind):
    """A bad input of one kind, built in tmp_path; returns its path."""
    if kind == "missing":
        return tmp_path / "nowhere"
    if kind == "empty folder":
        (tmp_path / "empty").mkdir()
        return tmp_path / "empty"
    if kind == "folder of non-images":
        (tmp_path / "docs").mkdir()
        for i in range(3):
            (tmp_path / "docs" / f"notes{i}.txt").write_text("not an image")
        return tmp_path / "docs"
    if kind == "folder of corrupt PNGs":
        (tmp_path / "broken").mkdir()
        for i in range(3):
            (tmp_path / "broken" / f"{i}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(40))
        return tmp_path / "broken"
    if kind == "truncated npz":
        data = mnist_like(tmp_path / "full.npz").read_bytes()
        (tmp_path / "truncated.npz").write_bytes(data[: len(data) // 2])
        return tmp_path / "truncated.npz"
    if kind == "zero-byte npz":
        (tmp_path / "zero.npz").write_bytes(b"")
        return tmp_path / "zero.npz"
    if kind == "text named npz":
        (tmp_path / "text.npz").write_text("x_train,y_train\n1,2\n")
        return tmp_path / "text.npz"
    if kind == "corrupted npz":
        data = bytearray(mnist_like(tmp_path / "full.npz").read_bytes())
        data[200:260] = bytes(60)  # inside the first array's data: a CRC error on reading
        (tmp_path / "crc.npz").write_bytes(bytes(data))
        return tmp_path / "crc.npz"
    if kind == "wrong keys":
        np.savez(tmp_path / "keys.npz", images=np.zeros((4, 28, 28), np.uint8))
        return tmp_path / "keys.npz"
    if kind == "wrong shape":
        return mnist_like(tmp_path / "shape.npz", x=np.zeros((40, 32, 32), np.uint8))
    if kind == "float images in [0, 1]":
        return mnist_like(tmp_path / "float.npz", x=np.random.default_rng(0).random((40, 28, 28)).astype(np.float32))
    if kind == "labels out of range":
        return mnist_like(tmp_path / "labels.npz", y=np.arange(40) % 12)
    if kind == "string labels":
        return mnist_like(tmp_path / "strings.npz", y=np.array(["seven"] * 40))
    raise KeyError(kind)


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.strip() and "Warning" not in line and not line.startswith("  ")]
    assert "Traceback" not in err, err
    assert len(lines) == 1 and lines[0].startswith("gan-cookbook"), err
    return lines[0]


# -- training data ---------------------------------------------------------------------------
DATA_CASES = [
    ("missing", "dcgan", "does not exist"),
    ("truncated npz", "dcgan", "not a readable .npz"),
    ("zero-byte npz", "dcgan", "not a readable .npz"),
    ("text named npz", "dcgan", "not a readable .npz"),
    ("corrupted npz", "dcgan", "not a readable .npz"),
    ("wrong keys", "dcgan", "needs ['x_train', 'y_train']"),
    ("wrong shape", "dcgan", "expected (N, 28, 28)"),
    ("float images in [0, 1]", "dcgan", "uint8"),
    ("labels out of range", "cgan", "labels must be integers in 0..9"),
    ("string labels", "cgan", "labels must be integers in 0..9"),
]


@pytest.mark.parametrize("kind, recipe, message", DATA_CASES, ids=[c[0] for c in DATA_CASES])
def test_bad_mnist_files(kind, recipe, message, tmp_path, capsys):
    path = fixture_file(tmp_path, kind)
    assert main(["train", recipe, "--preset", "quick", "--data", str(path), "--out", str(tmp_path / "run")]) == 2
    assert message in one_error_line(capsys)
    assert not (tmp_path / "run").exists()


FOLDER_CASES = [
    ("missing", "does not exist"),
    ("empty folder", "holds no .png/.jpg"),
    ("folder of non-images", "holds no .png/.jpg"),
    ("folder of corrupt PNGs", "none of the 3 files"),
]


@pytest.mark.parametrize("kind, message", FOLDER_CASES, ids=[c[0] for c in FOLDER_CASES])
def test_bad_image_folders(kind, message, tmp_path, capsys):
    path = fixture_file(tmp_path, kind)
    args = ["train", "dcgan", "--preset", "quick", "--dataset", "folder", "--image-shape", "16,16,3", "--data", str(path)]
    assert main([*args, "--out", str(tmp_path / "run")]) == 2
    assert message in one_error_line(capsys)


def test_a_folder_with_some_bad_files_trains_on_the_rest_and_counts_them(tmp_path, capsys):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for i in range(6):
        png(folder / f"{i}.png", size=(20 + i, 24))  # mixed sizes: centre-cropped and resized
    png(folder / "grey.png", mode="L")
    (folder / "bad.png").write_bytes(b"garbage")
    (folder / "notes.txt").write_text("ignored: not an image suffix")
    args = ["train", "dcgan", "--preset", "quick", "--steps", "2", "--batch-size", "4", "--dataset", "folder", "--image-shape", "16,16,3"]
    with pytest.warns(UserWarning, match=r"skipped 1 of 8 files: 1 not an image .*bad.png"):  # the grey one is converted
        assert main([*args, "--data", str(folder), "--out", str(tmp_path / "run"), "--verbose", "0"]) == 0


def test_offline_without_a_local_copy_says_where_to_put_mnist(tmp_path, monkeypatch, capsys):
    def offline():
        raise Exception("URL fetch failure on https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz: None")

    monkeypatch.delenv("GAN_COOKBOOK_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("gan_cookbook.common.data.PROJECT_DATA", tmp_path / "no-data")
    monkeypatch.setattr(keras.datasets.mnist, "load_data", offline)
    assert main(["train", "dcgan", "--preset", "quick", "--out", str(tmp_path / "run")]) == 2
    line = one_error_line(capsys)
    assert "GAN_COOKBOOK_DATA" in line and "mnist.npz" in line and "URL fetch failure" in line


# -- flags -------------------------------------------------------------------------------------
FLAG_CASES = [
    (["--steps", "-5"], "steps must be at least 1"),
    (["--steps", "0"], "steps must be at least 1"),
    (["--epochs", "-1"], "argument --epochs: must be at least 1"),
    (["--epochs", "0"], "argument --epochs: must be at least 1"),
    (["--lr", "-1"], "learning_rate must be positive"),
    (["--lr", "nan"], "learning_rate must be a finite number"),
    (["--latent-dim", "0"], "latent_dim must be at least 1"),
    (["--label-smoothing", "2"], "label_smoothing must lie in [0, 1)"),
    (["--batch-size", "0"], "batch_size must be at least 1"),
    (["--batch-size", "-3"], "batch_size must be at least 1"),
    (["--steps", "abc"], "argument --steps: invalid int value: 'abc'"),
    (["--image-shape", "28,28"], "image_shape must be three positive integers"),
    (["--preset", "huge"], "no preset 'huge'"),
    (["--verbose", "7"], "argument --verbose: invalid choice"),
]


@pytest.mark.parametrize("flags, message", FLAG_CASES, ids=[" ".join(c[0]) for c in FLAG_CASES])
def test_bad_flag_values(flags, message, tmp_path, capsys):
    assert main(["train", "dcgan", "--out", str(tmp_path / "run"), *flags]) == 2
    assert message in one_error_line(capsys)
    assert not (tmp_path / "run").exists()


def test_unknown_recipe(tmp_path, capsys):
    assert main(["train", "stylegan9", "--out", str(tmp_path / "run")]) == 2
    assert "no recipe 'stylegan9'" in one_error_line(capsys)


# -- output folders --------------------------------------------------------------------------------
def test_out_that_is_a_file_or_below_one(tmp_path, capsys):
    (tmp_path / "file").write_text("mine")
    for out in (tmp_path / "file", tmp_path / "file" / "run"):
        assert main(["train", "vanilla_gan", "--preset", "quick", "--out", str(out)]) == 2
        assert "is a file; pass a folder" in one_error_line(capsys)
    assert (tmp_path / "file").read_text() == "mine"


@pytest.mark.parametrize("name", ["generator.keras", "history.csv", "metrics.json", "config.json"])
def test_train_refuses_a_folder_holding_run_files(name, tmp_path, capsys):
    (tmp_path / name).write_text("earlier work")
    assert main(["train", "vanilla_gan", "--preset", "quick", "--out", str(tmp_path)]) == 2
    assert "--overwrite" in one_error_line(capsys)
    assert (tmp_path / name).read_text() == "earlier work"


def test_train_overwrite_replaces_only_run_files(tmp_path):
    (tmp_path / "generator.keras").write_text("earlier work")
    (tmp_path / "mine.txt").write_text("kept")
    args = ["train", "vanilla_gan", "--preset", "quick", "--steps", "2", "--out", str(tmp_path), "--verbose", "0", "--no-eval"]
    assert main([*args, "--overwrite"]) == 0
    assert (tmp_path / "mine.txt").read_text() == "kept" and zipfile.is_zipfile(tmp_path / "generator.keras")


# -- finished runs -------------------------------------------------------------------------------
def test_resume_refuses_what_it_cannot_continue(runs, tmp_path, capsys):
    run = runs / "vanilla_gan"
    before = (run / "config.json").read_text()
    cases = [
        (["train", "vanilla_gan", "--out", str(tmp_path / "new"), "--resume"], "nothing to resume"),
        (["train", "dcgan", "--out", str(run), "--resume"], "holds a 'vanilla_gan' run"),
        (["train", "vanilla_gan", "--out", str(run), "--resume", "--steps", "1"], "already trained 2 steps"),
        (["train", "vanilla_gan", "--out", str(run), "--resume"], "finished at step 2"),
        (["train", "vanilla_gan", "--out", str(run), "--resume", "--lr", "0.5"], "only --steps may change"),
    ]
    for args, message in cases:
        assert main([*args, "--verbose", "0"]) == 2, args
        assert message in one_error_line(capsys), args
    assert (run / "config.json").read_text() == before


def broken_copy(runs, tmp_path, name, damage):
    run = tmp_path / name
    import shutil

    shutil.copytree(runs / name, run)
    damage(run)
    return run


def lambda_model(path):
    inputs = keras.Input((4,))
    keras.Model(inputs, keras.layers.Lambda(lambda x: x * 2)(inputs)).save(path)


RUN_CASES = [
    ("no generator", lambda run: (run / "generator.keras").unlink(), "has not finished"),
    ("zero-byte generator", lambda run: (run / "generator.keras").write_bytes(b""), "not a .keras file (empty, truncated"),
    ("corrupt generator", lambda run: (run / "generator.keras").write_bytes(b"PK\x03\x04" + bytes(100)), "not a .keras file"),
    ("truncated generator", lambda run: _truncate(run / "generator.keras"), "cannot load"),
    ("lambda generator", lambda run: lambda_model(run / "generator.keras"), "Lambda"),
    ("malformed config", lambda run: (run / "config.json").write_text("{'recipe': "), "config.json is not valid JSON"),
    ("unknown config key", lambda run: _add_key(run / "config.json"), "has no field(s) ['colour']"),
]


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _add_key(path):
    saved = json.loads(path.read_text())
    saved["config"]["colour"] = "red"
    path.write_text(json.dumps(saved))


@pytest.mark.parametrize("case, damage, message", RUN_CASES, ids=[c[0] for c in RUN_CASES])
def test_damaged_runs(case, damage, message, runs, tmp_path, capsys):
    run = broken_copy(runs, tmp_path, "vanilla_gan", damage)
    for command in (["sample", str(run), "--out", str(tmp_path / "x.npz")], ["interpolate", str(run), "--out", str(tmp_path / "w.gif")]):
        assert main(command) == 2
        assert message in one_error_line(capsys)


def test_debug_shows_the_traceback(runs, tmp_path, capsys):
    run = broken_copy(runs, tmp_path, "vanilla_gan", lambda run: (run / "generator.keras").write_bytes(b""))
    with pytest.raises(Exception):  # noqa: B017 - whatever Keras raises, --debug lets it through
        main(["sample", str(run), "--out", str(tmp_path / "x.npz"), "--debug"])


OUTPUT_CASES = [
    (["sample", "RUN", "--out", "x.npz", "--grid", "grid.txt"], "grid.txt: give a .png or .jpg or .jpeg file name"),
    (["sample", "RUN", "--out", "EXISTING.npz"], "exists; pass --overwrite"),
    (["sample", "RUN", "--out", "x.npz", "--grid", "EXISTING.png"], "exists; pass --overwrite"),
    (["sample", "RUN", "--out", "x.npz", "--n", "0"], "argument --n: must be at least 1"),
    (["sample", "RUN", "--out", "x.npz", "--n", "-1"], "argument --n: must be at least 1"),
    (["interpolate", "RUN", "--out", "EXISTING.gif"], "exists; pass --overwrite"),
    (["interpolate", "RUN", "--out", "w.gif", "--frames", "0"], "argument --frames: must be at least 1"),
    (["interpolate", "RUN", "--out", "w.gif", "--fps", "0"], "--fps must be positive"),
    (["evaluate", "RUN", "--n", "-1"], "argument --n: must be at least 0"),
    (["sample", "CGAN", "--out", "x.npz", "--label", "12"], "--label must lie in 0..9"),
    (["sample", "NOWHERE", "--out", "x.npz"], "is not a training run"),
    (["evaluate", "NOWHERE"], "is not a training run"),
]


@pytest.mark.parametrize("args, message", OUTPUT_CASES, ids=[" ".join(c[0]) for c in OUTPUT_CASES])
def test_sample_interpolate_evaluate_arguments(args, message, runs, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("EXISTING.npz", "EXISTING.png", "EXISTING.gif"):
        (tmp_path / name).write_text("earlier work")
    names = {"RUN": runs / "vanilla_gan", "CGAN": runs / "cgan", "NOWHERE": tmp_path / "nowhere"}
    assert main([str(names.get(a, a)) for a in args]) == 2
    assert message in one_error_line(capsys)
    assert all((tmp_path / name).read_text() == "earlier work" for name in ("EXISTING.npz", "EXISTING.png", "EXISTING.gif"))
    assert not (tmp_path / "x.npz").exists()


def test_sample_names_the_files_it_wrote(runs, tmp_path, capsys):
    out, grid = tmp_path / "noext", tmp_path / "grid"
    assert main(["sample", str(runs / "vanilla_gan"), "--n", "4", "--out", str(out), "--grid", str(grid)]) == 0
    printed = capsys.readouterr().out
    assert f"to {out}.npz" in printed and f"grid: {grid}.png" in printed
    assert (tmp_path / "noext.npz").is_file() and (tmp_path / "grid.png").is_file()
    assert main(["sample", str(runs / "vanilla_gan"), "--n", "4", "--out", str(out), "--overwrite"]) == 0


def test_a_run_of_another_kind(runs, tmp_path, capsys):
    assert main(["translate", str(runs / "vanilla_gan"), "--input", str(tmp_path), "--out", str(tmp_path / "t")]) == 2
    assert "translate needs a translation run" in one_error_line(capsys)
    assert main(["interpolate", str(runs / "pix2pix"), "--out", str(tmp_path / "w.gif")]) == 2
    assert "has no latent space" in one_error_line(capsys)


TRANSLATE_CASES = [
    ("missing", "neither a folder of images nor an .npz file"),
    ("empty folder", "holds no files"),
    ("folder of non-images", "none of the 3 files"),
    ("truncated npz", "not a readable .npz"),
    ("wrong keys", "has keys ['images'] but not ['x']"),
]


@pytest.mark.parametrize("kind, message", TRANSLATE_CASES, ids=[c[0] for c in TRANSLATE_CASES])
def test_translate_bad_inputs(kind, message, runs, tmp_path, capsys):
    source = fixture_file(tmp_path, kind)
    assert main(["translate", str(runs / "pix2pix"), "--input", str(source), "--out", str(tmp_path / "t")]) == 2
    assert message in one_error_line(capsys)


def test_translate_refuses_a_folder_with_files(runs, tmp_path, capsys):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "mine.png").write_text("earlier work")
    folder = tmp_path / "in"
    folder.mkdir()
    png(folder / "a.png", size=(32, 32))
    assert main(["translate", str(runs / "pix2pix"), "--input", str(folder), "--out", str(tmp_path / "t")]) == 2
    assert "already holds files" in one_error_line(capsys)
    assert (tmp_path / "t" / "mine.png").read_text() == "earlier work"


def test_nothing_is_pickled_or_loaded_outside_safe_mode():
    from conftest import ROOT

    for path in [*ROOT.glob("common/*.py"), *ROOT.glob("recipes/*/*.py"), *ROOT.glob("scripts/*.py")]:
        text = path.read_text()
        for unsafe in ("allow_pickle=True", "import pickle", "safe_mode=False", "enable_unsafe_deserialization"):
            assert unsafe not in text, f"{path}: {unsafe}"
