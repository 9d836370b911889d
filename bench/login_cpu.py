#!/usr/bin/python3
"""CPU seconds a login costs the server, beside the CPU seconds of its Argon2id hash.

    /usr/bin/python3 bench/login_cpu.py --base http://127.0.0.1:PORT --pid PID \
        --logins FILE [--count 200] [--memory 19456 --iterations 2 --parallelism 1]

Sends --count POST /api/auth/login one at a time (bodies from FILE, one JSON object a
line, as bench/seed.py writes logins.jsonl) and reads the server's utime+stime from
/proc/PID/stat before and after. CPU time, unlike wall-clock time, hardly moves when
other work shares the machine, so this figure holds on a busy machine too.
Prints: login_cpu_ms=<server CPU per login> hash_cpu_ms=<python3-argon2 CPU per hash>
        overhead=<(login - hash) / hash> bound=<hash / login: share of the Argon2id
        ceiling a saturated server can reach>
"""
import argparse
import itertools
import json
import os
import time

import requests
from argon2.low_level import Type, hash_secret


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (proc(5))


ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--pid", type=int, required=True)
ap.add_argument("--logins", required=True)
ap.add_argument("--count", type=int, default=200)
ap.add_argument("--memory", type=int, default=19456)
ap.add_argument("--iterations", type=int, default=2)
ap.add_argument("--parallelism", type=int, default=1)
a = ap.parse_args()

bodies = [line.strip() for line in open(a.logins) if line.strip()]
s = requests.Session()
url = a.base + "/api/auth/login"
headers = {"Content-Type": "application/json"}
for body in bodies[:5]:  # warm-up
    s.post(url, data=body, headers=headers, timeout=10).raise_for_status()
before = cpu_seconds(a.pid)
for body in itertools.islice(itertools.cycle(bodies), a.count):
    s.post(url, data=body, headers=headers, timeout=10).raise_for_status()
login = (cpu_seconds(a.pid) - before) / a.count

salt = os.urandom(16)
t0 = time.process_time()
for _ in range(max(20, a.count // 5)):
    hash_secret(b"Bench-Passw0rd!", salt, time_cost=a.iterations, memory_cost=a.memory,
                parallelism=a.parallelism, hash_len=32, type=Type.ID)
hashc = (time.process_time() - t0) / max(20, a.count // 5)
print(f"login_cpu_ms={login * 1000:.2f} hash_cpu_ms={hashc * 1000:.2f} "
      f"overhead={(login - hashc) / hashc:.3f} bound={hashc / login:.3f}")
