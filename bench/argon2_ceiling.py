#!/usr/bin/python3
"""What the Argon2id cost allows: hashes per second at AuthServer's default cost
(m=19456 KiB, t=2, p=1) with python3-argon2 (the reference C implementation).

Two figures:
  * one process hashing --runs times: the mean (and fastest) seconds per hash, and
    nproc / mean, the ceiling if the cores scaled perfectly;
  * --procs processes (default: nproc) hashing side by side for --runs hashes each:
    their aggregate hashes per second, the ceiling the cores really reach when every
    one of them hashes at once (memory bandwidth and the shared last-level cache are
    shared too: 19 MiB per hash does not fit in a core's share of it).
Prints: seconds_per_hash=<mean> fastest=<min> runs=<n> parallel_procs=<k>
        parallel_hashes_per_second=<aggregate>"""
import argparse
import multiprocessing
import os
import time

from argon2.low_level import Type, hash_secret

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=20)
ap.add_argument("--procs", type=int, default=os.cpu_count() or 1)
ap.add_argument("--memory", type=int, default=19456)
ap.add_argument("--iterations", type=int, default=2)
ap.add_argument("--parallelism", type=int, default=1)
a = ap.parse_args()


def one_hash():
    hash_secret(b"Bench-Passw0rd!", os.urandom(16), time_cost=a.iterations, memory_cost=a.memory,
                parallelism=a.parallelism, hash_len=32, type=Type.ID)


def worker(start, runs, out):
    start.wait()
    t0 = time.perf_counter()
    for _ in range(runs):
        one_hash()
    out.put((t0, time.perf_counter()))


one_hash()  # warm-up
times = []
for _ in range(a.runs):
    t0 = time.perf_counter()
    one_hash()
    times.append(time.perf_counter() - t0)

start, out = multiprocessing.Event(), multiprocessing.Queue()
procs = [multiprocessing.Process(target=worker, args=(start, a.runs, out)) for _ in range(a.procs)]
for p in procs:
    p.start()
time.sleep(0.2)
start.set()
spans = [out.get(timeout=600) for _ in procs]
for p in procs:
    p.join()
# Aggregate over the window in which all of them ran: first start to last finish.
window = max(e for _, e in spans) - min(s for s, _ in spans)
print(f"seconds_per_hash={sum(times) / len(times):.6f} fastest={min(times):.6f} runs={a.runs} "
      f"parallel_procs={a.procs} parallel_hashes_per_second={a.procs * a.runs / window:.2f}")
