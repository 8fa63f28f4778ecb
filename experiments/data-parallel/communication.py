"""The communication cost of one data-parallel update on N ranks, predicted from the bytes
`empower bench parallel` counts per update (and the update times it measures on one rank):

    python3 experiments/data-parallel/communication.py

A sum of S bytes over N ranks is a reduce-scatter then an all-gather (an all-reduce for N = 2):
each rank sends and receives 2 (N - 1) / N x S bytes, in about 2 ceil(log2 N) messages with
recursive halving and doubling. Time = bytes / bandwidth + messages x latency, per sum; the
update's other work is not overlapped with it. Waiting for the slowest rank is not in it.
"""
import math

# name, bytes per update, sums per update, one-rank update time in ms (empower bench parallel).
UPDATES = [
    ("SAC + DIAYN update (2x256, batch 256 per rank)", 1378548, 4, 10.2),
    ("PPO minibatch step (SLIM, 2x64, 64 per rank)", 102188, 1, 0.73),
]
# name, bytes per second, latency per message in seconds.
LINKS = [
    ("10 Gbit/s Ethernet (TCP, 25 us)", 10e9 / 8, 25e-6),
    ("100 Gbit/s InfiniBand (RDMA, 2 us)", 100e9 / 8, 2e-6),
]

print("| update | link | N | sent per rank | communication | efficiency |")
print("|---|---|---|---|---|---|")
for name, size, sums, milliseconds in UPDATES:
    for link, bandwidth, latency in LINKS:
        for ranks in (2, 8, 32, 128):
            sent = 2 * (ranks - 1) / ranks * size
            seconds = sent / bandwidth + sums * 2 * math.ceil(math.log2(ranks)) * latency
            efficiency = milliseconds / (milliseconds + seconds * 1e3)
            print(f"| {name} | {link} | {ranks} | {sent / 1e6:.2f} MB | {seconds * 1e3:.2f} ms | {efficiency * 100:.0f}% |")
