"""Data-parallel scaling on this machine: each setting trained on 1 rank (plain empower) and on
2 ranks (mpirun -np 2), alternately, ROUNDS times; steps/s are counted over the last two thirds of
each run (after the warm-up), from metrics.csv (global steps, elapsed seconds).

    python3 experiments/data-parallel/measure.py [ROUNDS [WORD]] > experiments/data-parallel/scaling.md

WORD keeps only the settings whose label contains it (e.g. SLIM).
"""
import csv
import os
import shutil
import subprocess
import sys
import tempfile

EMPOWER = os.path.abspath(os.environ.get("EMPOWER", ".build/release/empower"))
MPIRUN = ["mpirun", "--allow-run-as-root", "--oversubscribe", "-np", "2"]
SETTINGS = [
    ("SLIM, TabletopPush-v0, 8 skills, PPO 2x64", ["--algo", "slim", "--env", "TabletopPush-v0", "--skills", "8", "--steps", "131072"]),
    ("DIAYN, TabletopPush-v0, 20 skills, preset (8 environments, replay ratio 0.25), 2x256, batch 256",
     ["--algo", "diayn", "--env", "TabletopPush-v0", "--skills", "20", "--steps", "8000",
                                                              "--set", "diayn.features=objects"]),
    ("DIAYN, PointMass-v0, 10 skills, preset (2x64, batch 128)", ["--algo", "diayn", "--env", "PointMass-v0", "--steps", "12000"]),
]
COMMON = ["--threads", "1", "--set", "evaluation_interval=0", "--set", "log_interval=500"]


def steps_per_second(run):
    with open(os.path.join(run, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    last = rows[-1]
    first = next(r for r in rows if int(r["step"]) >= int(last["step"]) / 3)
    steps = int(last["step"]) - int(first["step"])
    seconds = float(last["time/elapsed_seconds"]) - float(first["time/elapsed_seconds"])
    communication = last.get("parallel/communication_ms_per_update")
    return steps / seconds, (float(communication) if communication else None)


def train(arguments, ranks, scratch, name):
    run = os.path.join(scratch, name)
    command = (MPIRUN if ranks == 2 else []) + [EMPOWER, "train"] + arguments + COMMON + ["--run-dir", run]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = steps_per_second(run)
    shutil.rmtree(run)
    return result


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    scratch = tempfile.mkdtemp(prefix="empower-scaling-")
    print("| setting | 1 rank, steps/s | 2 ranks, steps/s | speed-up (median) | communication per update, 2 ranks |")
    print("|---|---|---|---|---|")
    word = sys.argv[2] if len(sys.argv) > 2 else ""
    for label, arguments in [setting for setting in SETTINGS if word in setting[0]]:
        one, two, communication = [], [], []
        for r in range(rounds):
            one.append(train(arguments, 1, scratch, f"one-{r}")[0])
            rate, ms = train(arguments, 2, scratch, f"two-{r}")
            two.append(rate)
            communication.append(ms)
        one.sort(), two.sort(), communication.sort()
        median = lambda v: v[len(v) // 2]
        span = lambda v: f"{v[0]:.0f}-{v[-1]:.0f}"
        print(f"| {label} | {span(one)} | {span(two)} | **{median(two) / median(one):.2f}x** | {median(communication):.3f} ms |", flush=True)
    shutil.rmtree(scratch)


main()
