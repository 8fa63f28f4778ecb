"""Reads a folder of TensorBoard event files with TensorBoard's own reader and prints what it
found as one JSON object, for the Swift tests to compare with the run's metrics.csv.

    read_tensorboard.py DIR
        {"scalars": {tag: [[step, value], ...]}, "texts": {tag: [[step, text]]},
         "images": {tag: [[step, width, height, first 8 bytes as hex], ...]}}

    read_tensorboard.py DIR --follow FILE --timeout SECONDS
        reloads DIR again and again while a run writes it, until FILE exists; prints
        {"passes": [number of scalar events of every pass], "final": the object above}
"""

import json
import math
import os
import sys
import time

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.util import tensor_util

GUIDANCE = {event_accumulator.SCALARS: 0, event_accumulator.IMAGES: 0, event_accumulator.TENSORS: 0}


def number(value):
    return None if math.isnan(value) else value


def contents(accumulator):
    tags = accumulator.Tags()
    scalars = {tag: [[e.step, number(e.value)] for e in accumulator.Scalars(tag)] for tag in tags["scalars"]}
    texts = {}
    for tag in tags["tensors"]:
        texts[tag] = [[e.step, tensor_util.make_ndarray(e.tensor_proto).item().decode("utf-8")] for e in accumulator.Tensors(tag)]
    images = {
        tag: [[e.step, e.width, e.height, e.encoded_image_string[:8].hex()] for e in accumulator.Images(tag)]
        for tag in tags["images"]
    }
    return {"scalars": scalars, "texts": texts, "images": images}


def main(arguments):
    directory = arguments[0]
    accumulator = event_accumulator.EventAccumulator(directory, size_guidance=GUIDANCE)
    if "--follow" not in arguments:
        accumulator.Reload()
        print(json.dumps(contents(accumulator)))
        return
    done = arguments[arguments.index("--follow") + 1]
    deadline = time.monotonic() + float(arguments[arguments.index("--timeout") + 1])
    passes = []
    while time.monotonic() < deadline:
        finished = os.path.exists(done)
        if any("tfevents" in name for name in os.listdir(directory)) if os.path.isdir(directory) else False:
            accumulator.Reload()
            passes.append(sum(len(accumulator.Scalars(tag)) for tag in accumulator.Tags()["scalars"]))
        if finished:
            break
        time.sleep(0.05)
    accumulator.Reload()
    print(json.dumps({"passes": passes, "final": contents(accumulator)}))


if __name__ == "__main__":
    main(sys.argv[1:])
