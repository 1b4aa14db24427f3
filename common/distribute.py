"""Data-parallel training with ``tf.distribute`` (TensorFlow only): ``gan-cookbook train --distribute``.

    gan-cookbook train dcgan --distribute mirrored --out out/dcgan              # every GPU of this machine
    gan-cookbook train dcgan --distribute mirrored --replicas 2 --out out/try   # no GPU: the CPU as 2 devices
    TF_CONFIG='{"cluster": {"worker": ["10.0.0.1:12345", "10.0.0.2:12345"]}, "task": {"type": "worker", "index": 0}}' \\
        gan-cookbook train dcgan --distribute multi-worker --out /shared/out/dcgan   # index 1 on the other machine

The template does the splitting (``template.py``, "Distribution"): each phase's global batch is
drawn as on one device and cut into one share per replica, so the same seed gives the same run.
Under ``multi-worker`` every worker runs the same command; the chief (worker 0, or a task of type
"chief") alone writes the run's files (checkpoints, samples, curves, TensorBoard, the saved
networks, the scores); the others read ``--out`` only to resume, so it should be one shared folder.
If a worker dies, the others stop with :class:`DistributeError` within seconds (TensorFlow's
workers exchange heartbeats; on loopback a killed worker was noticed 12 s later) instead of
waiting forever; restart every worker with ``--resume``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from typing import Any

import keras

STRATEGIES = ("none", "mirrored", "multi-worker")


class DistributeError(ValueError):
    """A distribution that cannot be set up here, or a worker lost during training."""


_made: dict[tuple[str, int], Any] = {}  # one strategy per process: a second one's collective operations would collide with the first's


def make_strategy(name: str, replicas: int = 0) -> Any:
    """The ``tf.distribute`` strategy for ``--distribute name``, or None for "none".

    ``mirrored``: one replica per GPU (the first ``replicas`` of them if given); on a machine without
    GPUs, the CPU split into ``replicas`` logical devices (which must happen before TensorFlow starts).
    ``multi-worker``: the cluster in ``$TF_CONFIG``, each worker's GPUs (or its CPU) as its replicas.
    """
    if name not in STRATEGIES:
        raise DistributeError(f"--distribute must be one of {', '.join(STRATEGIES)}, got {name!r}")
    if replicas and name != "mirrored":
        raise DistributeError("--replicas chooses the devices of --distribute mirrored")
    if name == "none":
        return None
    if (name, replicas) not in _made:
        _made[name, replicas] = _new_strategy(name, replicas)
    return _made[name, replicas]


def _new_strategy(name: str, replicas: int) -> Any:
    if keras.backend.backend() != "tensorflow":
        raise DistributeError(
            f"--distribute {name} uses tf.distribute, which needs the TensorFlow backend (KERAS_BACKEND is {keras.backend.backend()!r})"
        )
    import tensorflow as tf

    if name == "mirrored":
        gpus = tf.config.list_physical_devices("GPU")
        if gpus:
            if replicas > len(gpus):
                raise DistributeError(f"--replicas {replicas}: this machine has {len(gpus)} GPU(s)")
            return tf.distribute.MirroredStrategy([f"/gpu:{i}" for i in range(replicas or len(gpus))])
        cpu = tf.config.list_physical_devices("CPU")[0]
        try:
            tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * (replicas or 1))
        except RuntimeError:  # TensorFlow has started: its devices are fixed, and fine if they are the ones asked for
            if len(tf.config.list_logical_devices("CPU")) != (replicas or 1):
                raise DistributeError("the CPU can be split into devices only before TensorFlow starts; run in a new process") from None
        return tf.distribute.MirroredStrategy([f"/cpu:{i}" for i in range(replicas or 1)])
    try:
        cluster = json.loads(os.environ["TF_CONFIG"])["cluster"]
    except KeyError:
        raise DistributeError(
            "--distribute multi-worker reads the cluster from $TF_CONFIG (the workers' host:port list and this worker's index);"
            " set it on every worker"
        ) from None
    except (ValueError, TypeError) as err:
        raise DistributeError(f"$TF_CONFIG is not JSON with a 'cluster' ({err})") from None
    if not cluster:
        raise DistributeError("$TF_CONFIG names no workers in its 'cluster'")
    return tf.distribute.MultiWorkerMirroredStrategy()


def is_chief(strategy: Any) -> bool:
    """Whether this process writes the run's files: always without a strategy or on one machine;
    under multi-worker, the task of type "chief", or worker 0 if the cluster has no chief."""
    resolver = getattr(strategy, "cluster_resolver", None)
    cluster = resolver.cluster_spec().as_dict() if resolver is not None else {}
    if not cluster:
        return True
    if "chief" in cluster:
        return resolver.task_type == "chief"
    return resolver.task_type == "worker" and resolver.task_id == 0


@contextlib.contextmanager
def worker_failures(strategy: Any, out: os.PathLike) -> Iterator[None]:
    """Turns the error a collective operation raises when a peer is gone into one line that says what to do."""
    if strategy is None or not getattr(strategy.extended, "_in_multi_worker_mode", lambda: False)():
        yield
        return
    import tensorflow as tf

    try:
        yield
    except (tf.errors.UnavailableError, tf.errors.DeadlineExceededError, tf.errors.CancelledError, tf.errors.AbortedError) as err:
        lines = [line.strip() for line in str(err).splitlines() if line.strip()]
        reason = next((line for line in lines if "aborted by" in line), lines[0] if lines else "no message")[:200]
        raise DistributeError(
            f"a worker of the cluster stopped answering ({type(err).__name__}: {reason}); the run stays at its last checkpoint"
            f" in {out}/checkpoints: start every worker again with --resume"
        ) from err
