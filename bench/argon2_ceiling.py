#!/usr/bin/python3
"""Time one Argon2id hash at AuthServer's default cost (m=19456 KiB, t=2, p=1) with
python3-argon2 (the reference C implementation), averaged over --runs hashes.
Prints: seconds_per_hash=<mean> fastest=<min> runs=<n> (the fastest hash shows what an
unloaded core does when something else, e.g. a compile, shares the machine)."""
import argparse
import os
import time

from argon2.low_level import Type, hash_secret

ap = argparse.ArgumentParser()
ap.add_argument("--runs", type=int, default=20)
ap.add_argument("--memory", type=int, default=19456)
ap.add_argument("--iterations", type=int, default=2)
ap.add_argument("--parallelism", type=int, default=1)
a = ap.parse_args()

secret, salt = b"Bench-Passw0rd!", os.urandom(16)
hash_secret(secret, salt, time_cost=a.iterations, memory_cost=a.memory,
            parallelism=a.parallelism, hash_len=32, type=Type.ID)  # warm-up
times = []
for _ in range(a.runs):
    t0 = time.perf_counter()
    hash_secret(secret, salt, time_cost=a.iterations, memory_cost=a.memory,
                parallelism=a.parallelism, hash_len=32, type=Type.ID)
    times.append(time.perf_counter() - t0)
print(f"seconds_per_hash={sum(times) / len(times):.6f} fastest={min(times):.6f} runs={a.runs}")
