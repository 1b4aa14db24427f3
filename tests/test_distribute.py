"""Data-parallel training with tf.distribute: two replicas give the one-device run, and several workers one run.

Each check runs in its own process: the CPU is split into two logical devices before TensorFlow starts
(MirroredStrategy), or two processes form a cluster on loopback (MultiWorkerMirroredStrategy).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main

MIRRORED = """
import contextlib, dataclasses, json, sys

from gan_cookbook.common.distribute import make_strategy

strategy = make_strategy("mirrored", 2)  # before anything starts TensorFlow
import keras
import numpy as np
from keras import ops

sys.path.insert(0, "tests")
from conftest import random_batches

from gan_cookbook.common import registry
from gan_cookbook.common.cli import main
from gan_cookbook.common.template import ConfigError, Loss

dcgan = registry.get("dcgan")
result = {"replicas": strategy.num_replicas_in_sync}


def build(recipe=dcgan, strategy=None, **overrides):
    keras.utils.set_random_seed(0)
    with strategy.scope() if strategy else contextlib.nullcontext():
        return recipe.build(recipe.make_config("quick", **overrides))


def train(gan, steps=4, batch=16):
    draw = random_batches(gan, batch)
    return [gan.train_step(draw, np.random.default_rng([0, step]), step) for step in range(steps)]


# the same global batches and seed on one device and on two replicas
one, two = build(), build(strategy=strategy)
logs_one, logs_two = train(one), train(two)
result["loss_difference"] = max(abs(a[k] - b[k]) for a, b in zip(logs_one, logs_two) for k in a)
result["weight_difference"] = max(
    float(np.abs(np.asarray(a) - np.asarray(b)).max())
    for name in one.networks
    for a, b in zip(one.networks[name].get_weights(), two.networks[name].get_weights())
)


# what each replica is fed: half of the global batch
class Probe(Loss):
    def discriminator_logs(self, real, fake):
        return {"replica_batch": ops.cast(ops.shape(real)[0], "float32")}


probe = dataclasses.replace(dcgan, loss=Probe)
result["replica_batch"] = train(build(probe, strategy), 1)[0]["d_replica_batch"]
result["one_device_batch"] = train(build(probe), 1)[0]["d_replica_batch"]

# the freeze across replicas: each phase alone, with every flag set False, then toggled
gan = build(strategy=strategy)
for network in gan.networks.values():
    network.trainable = False
phases, draw, result["moved"] = gan.phase_list, random_batches(gan, 16), []
for round in range(2):
    for phase in phases:
        before = {name: [v.numpy().copy() for v in net.variables] for name, net in gan.networks.items()}
        gan.phase_list = [phase]
        gan.train_step(draw, np.random.default_rng(round), 0)
        moved = {name: sorted(v.path for b, v in zip(before[name], net.variables) if not np.array_equal(b, v.numpy()))
                 for name, net in gan.networks.items()}
        result["moved"].append([phase.name, list(phase.trains), moved])
        for network in gan.networks.values():
            network.trainable = not network.trainable

try:
    train(build(strategy=strategy), 1, batch=15)
except ConfigError as err:
    result["odd_batch"] = str(err)

# each phase of the recipes that bring a mechanism of their own to a replica's step (pre-training phases first)
result["recipes"] = {}
for name in sys.argv[2].split(","):
    gan = build(registry.get(name), strategy)
    draw, logs = random_batches(gan, 16), {}
    for step in range(max(p.start for p in gan.phase_list) + 1):
        logs.update(gan.train_step(draw, np.random.default_rng(step), step))
    result["recipes"][name] = {
        "finite": sorted(k for k, v in logs.items() if np.isfinite(v) and k.endswith("_loss")),
        "phases": sorted(f"{p.prefix}_loss" for p in gan.phase_list),
    }

# the CLI: DCGAN for two steps on two replicas, then resumed and scored
out = sys.argv[1]
args = ["--out", f"{out}/dcgan", "--verbose", "0", "--distribute", "mirrored", "--replicas", "2"]
result["cli"] = main(["train", "dcgan", "--preset", "quick", "--steps", "2", "--no-eval", *args])
result["resumed"] = main(["train", "dcgan", "--resume", "--steps", "4", *args])
print("RESULT", json.dumps(result))
"""


def run_script(script: str, *args: str, timeout: int = 600, env: dict | None = None) -> dict:
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", **(env or {})}
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stdout[-3000:] + done.stderr[-3000:]
    return json.loads(lines[-1][len("RESULT ") :])


# What a replica's step does beyond DCGAN's (BatchNorm, checked above): weight clipping (wgan), a gradient penalty's
# inner tape (wgan_gp), spectral norm's power iteration (sngan), labelled side batches and weight norm (sgan),
# class-conditional BatchNorm and self-attention (biggan), four networks and image pools (cyclegan), pre-training
# phases (simgan), a fixed feature network in the loss (srgan), the autoencoding template (vae), growth and a
# scheduled fade (progan), a lazy phase sharing D's optimizer and moving averages in the step (stylegan). The
# other recipes' steps are made of these; every recipe's phases are checked on one device by the freeze test.
MECHANISMS = ["wgan", "wgan_gp", "sngan", "sgan", "biggan", "cyclegan", "simgan", "srgan", "vae", "progan", "stylegan"]


def test_two_replicas_train_as_one_device_on_half_batches_and_keep_the_freeze(tmp_path):
    result = run_script(MIRRORED, str(tmp_path), ",".join(MECHANISMS))
    assert result["replicas"] == 2
    # the same losses and weights as one device, up to float round-off (unsynchronised BatchNorm: 3e-4 and 1e-3)
    assert result["loss_difference"] < 1e-5 and result["weight_difference"] < 1e-5, result
    assert result["replica_batch"] == 8 and result["one_device_batch"] == 16  # the work is divided, not duplicated
    assert len(result["moved"]) == 4
    for phase, trains, moved in result["moved"]:
        for network, paths in moved.items():
            assert bool(paths) == (network in trains), f"{phase} phase: {network} moved {paths}"
    assert "does not split evenly across 2 replicas" in result["odd_batch"]
    for name, losses in result["recipes"].items():  # every phase ran and stayed finite
        assert losses["finite"] == losses["phases"], name
    assert list(result["recipes"]) == MECHANISMS and set(MECHANISMS) <= set(registry.names())
    assert result["cli"] == 0 and result["resumed"] == 0
    dcgan = tmp_path / "dcgan"
    assert len((dcgan / "history.csv").read_text().splitlines()) == 5  # a header and four steps
    assert json.loads((dcgan / "metrics.json").read_text())["samples"] > 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


WORKER = """
import dataclasses, json, sys

import numpy as np

from gan_cookbook.common import registry
from gan_cookbook.common.runs import train_run

built = []
dcgan = registry.get("dcgan")


class Recorded(dcgan.gan):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        built.append(self)


out, steps, weights, resume = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "resume"
config = dcgan.make_config("quick", steps=steps, checkpoint_every=5)
train_run(dataclasses.replace(dcgan, gan=Recorded), config, out, distribute="multi-worker", evaluate=False, verbose=0, resume=resume)
gan = built[0]
np.savez(weights, *[w for name in sorted(gan.networks) for w in gan.networks[name].get_weights()])
print("RESULT", json.dumps({"replicas": gan.strategy.num_replicas_in_sync}))
"""


def start_workers(tmp_path: Path, steps: int, resume: bool = False) -> list[subprocess.Popen]:
    cluster = {"worker": [f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"]}
    workers = []
    for index in (0, 1):
        tf_config = json.dumps({"cluster": cluster, "task": {"type": "worker", "index": index}})
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_CONFIG": tf_config}
        command = [sys.executable, "-c", WORKER, str(tmp_path / "run"), str(steps), str(tmp_path / f"weights_{index}.npz")]
        command.append("resume" if resume else "new")
        log = open(tmp_path / f"worker_{index}.log", "w")  # noqa: SIM115 (closed with the process)
        workers.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True))
    return workers


def train_two_workers(tmp_path: Path, steps: int, resume: bool = False) -> list[str]:
    """Both workers' logs, once both have ended well with identical weights."""
    workers = start_workers(tmp_path, steps, resume)
    codes = [worker.wait(timeout=240) for worker in workers]
    logs = [(tmp_path / f"worker_{i}.log").read_text() for i in (0, 1)]
    assert codes == [0, 0], "\n".join(log[-2000:] for log in logs)
    first, second = np.load(tmp_path / "weights_0.npz"), np.load(tmp_path / "weights_1.npz")
    assert all(np.array_equal(first[k], second[k]) for k in first.files) and len(first.files) > 10
    return logs


def test_two_workers_on_loopback_end_with_identical_weights_only_the_chief_writes_and_both_resume(tmp_path):
    logs = train_two_workers(tmp_path, steps=10)
    run = tmp_path / "run"
    assert sorted(p.name for p in (run / "checkpoints").glob("step_*")) == ["step_0000005", "step_0000010"]
    assert (run / "generator.keras").is_file() and (run / "samples.png").is_file()
    assert "the chief writes the run" in logs[1] and "the chief writes the run" not in logs[0]
    assert '"replicas": 2' in logs[0]
    logs = train_two_workers(tmp_path, steps=15, resume=True)
    assert all("resuming" in log and "from step 10" in log for log in logs)
    assert len((run / "history.csv").read_text().splitlines()) == 16  # a header and 15 steps


def test_a_lost_worker_stops_the_other_with_one_clear_error_not_a_hang(tmp_path):
    workers = start_workers(tmp_path, steps=100_000)
    checkpoint = tmp_path / "run" / "checkpoints" / "step_0000005"
    deadline = time.monotonic() + 120
    while not checkpoint.exists() and time.monotonic() < deadline and workers[0].poll() is None:
        time.sleep(0.2)
    assert checkpoint.exists(), (tmp_path / "worker_0.log").read_text()[-3000:]
    workers[1].send_signal(signal.SIGKILL)
    killed = time.monotonic()
    try:
        code = workers[0].wait(timeout=90)
    finally:
        workers[0].kill()
    assert time.monotonic() - killed < 90
    log = (tmp_path / "worker_0.log").read_text()
    assert code != 0 and "a worker of the cluster stopped answering" in log and "--resume" in log, log[-3000:]


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--distribute", "multi-worker"], "reads the cluster from $TF_CONFIG"),
        (["--replicas", "2"], "--replicas chooses the devices of --distribute mirrored"),
    ],
)
def test_a_distribution_that_cannot_be_set_up_is_one_error_line(argv, message, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    assert main(["train", "dcgan", "--preset", "quick", "--out", str(tmp_path / "run"), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "run").exists()
