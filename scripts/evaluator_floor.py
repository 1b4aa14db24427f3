"""The evaluator's real-data floor: 10,000 MNIST training images scored like generated ones.

    python scripts/evaluator_floor.py [--n 10000]

FID here is train vs test (both real), so it is the best any generator can expect.
"""

import argparse
import json
import time

from common.metrics import MNISTReference

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000)
    args = parser.parse_args()
    tic = time.time()
    floor = MNISTReference().floor(args.n)
    floor["eval_seconds"] = time.time() - tic
    print(json.dumps(floor, indent=2))
