#!/usr/bin/python3
"""Turn bench/run.sh's raw results into the table it prints and writes to BENCH_OUT.

    report.py META_FILE RESULTS_FILE

META_FILE: key=value lines (header facts). RESULTS_FILE: tab-separated lines
scenario, server, then the key=value fields of a BENCH_RESULT line (see lua/common.lua),
or "scenario server FIRST_ERROR text" / "scenario server PROBE text" lines.
"""
import sys

SERVERS = ("authserver", "ceiling", "peer")
SCENARIOS = [  # (key, label)
    ("health", "GET /health"),
    ("profile", "GET /api/auth/profile"),
    ("compat-profile", "GET /api/accounts/profile/ (compat)"),
    ("refresh", "POST token/refresh (rotation chains)"),
    ("compat-refresh", "POST /api/token/refresh/ (compat)"),
    ("login", "POST /api/auth/login"),
    ("flood-profile", "GET profile during login flood"),
    ("flood-login", "POST login (the flood itself)"),
    ("profile-wide", "GET profile, many connections"),
    ("profile-idle", "GET profile, idle conns held"),
]


def load(meta_path, res_path):
    meta = {}
    for line in open(meta_path):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            meta[k] = v
    res, notes = {}, []
    for line in open(res_path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 3:
            continue
        scen, server, rest = parts[0], parts[1], parts[2:]
        if rest[0] in ("FIRST_ERROR", "PROBE", "NOTE"):
            notes.append(f"{server} {scen}: {rest[0].lower()}: {' '.join(rest[1:])}")
            continue
        d = {}
        for kv in " ".join(rest).split():
            if "=" in kv:
                k, v = kv.split("=", 1)
                try:
                    d[k] = float(v)
                except ValueError:
                    d[k] = v
        res[(scen, server)] = d
    return meta, res, notes


def pct(a, b):
    return f"{100.0 * a / b:.0f}%" if b else "n/a"


def ratio(a, b):
    return f"{a / b:.2f}x" if b else "n/a"


def main():
    meta, res, notes = load(sys.argv[1], sys.argv[2])
    out = []
    w = out.append
    w(f"AuthServer benchmark  {meta.get('date', '?')}")
    w(f"machine: {meta.get('host', '?')}, nproc={meta.get('nproc', '?')}, {meta.get('cpu', '?')}; "
      f"load average at start: {meta.get('loadavg', '?')}")
    w(f"wrk {meta.get('wrk', '?')}: -t{meta.get('threads')} -c{meta.get('connections')} "
      f"-d{meta.get('seconds')}s --latency --timeout {meta.get('timeout')} "
      f"(login flood: login -t1 -c{meta.get('flood_conns')} + profile -t1 -c{meta.get('flood_profile_conns')}); "
      f"{meta.get('pause')} s rest before each run; "
      f"users seeded per server: {meta.get('users')}")
    w(f"authserver: {meta.get('authserver', '?')}")
    w(f"  defines: {meta.get('defines', '')}")
    w(f"  BENCH_DEFINES: {meta.get('bench_defines') or '(none)'}")
    w(f"peer: {meta.get('peer', '?')}")
    w(f"ceiling: {meta.get('ceiling', '?')}")
    w("")
    hdr = f"{'scenario':<38} {'server':<10} {'req/s':>10} {'p50 ms':>9} {'p99 ms':>9} {'non-2xx':>8} {'sock err':>8}  "
    w(hdr)
    w("-" * len(hdr))
    for key, label in SCENARIOS:
        for srv in SERVERS:
            d = res.get((key, srv))
            if d is None:
                continue
            sock = int(sum(d.get(k, 0) for k in ("connect", "read", "write", "timeout")))
            non2xx = int(d.get("non2xx", 0))
            flag = "  <-- ERRORS" if non2xx or sock or d.get("exhausted", 0) else ""
            w(f"{label:<38} {srv:<10} {d.get('rps', 0):>10.1f} {d.get('p50_ms', 0):>9.2f} "
              f"{d.get('p99_ms', 0):>9.2f} {non2xx:>8d} {sock:>8d}{flag}")
    w("")
    w("ratios:")
    a_h, a_p = res.get(("health", "authserver")), res.get(("profile", "authserver"))
    if a_h and a_p:
        r = a_p["rps"] / a_h["rps"] if a_h["rps"] else 0
        w(f"  authserver profile / health req/s: {100 * r:.0f}%  (target >= 60%: "
          f"{'met' if r >= 0.6 else 'NOT met'})")
    for native, compat in (("profile", "compat-profile"), ("refresh", "compat-refresh")):
        n, c = res.get((native, "authserver")), res.get((compat, "authserver"))
        if n and c and n.get("rps"):
            r = c["rps"] / n["rps"]
            w(f"  authserver {compat} / {native} req/s: {100 * r:.1f}%  (goal within 5% of native: "
              f"{'met' if r >= 0.95 else 'NOT met'})")
    c_h, c_p = res.get(("health", "ceiling")), res.get(("profile", "ceiling"))
    if c_p and a_p:
        w(f"  authserver profile / ceiling req/s (-c{meta.get('connections')}): {pct(a_p['rps'], c_p['rps'])}")
    if c_h and a_h:
        w(f"  authserver health / ceiling req/s (-c{meta.get('connections')}): {pct(a_h['rps'], c_h['rps'])}")
    a_i = res.get(("profile-idle", "authserver"))
    if a_i and c_p:
        w(f"  authserver profile with idle connections held / ceiling req/s: {pct(a_i['rps'], c_p['rps'])}"
          f" (without them: {pct(a_p['rps'], c_p['rps']) if a_p else 'n/a'})")
    for key in ("rss_kib_before_idle", "rss_kib_idle", "rss_kib_idle_big"):
        if key in meta:
            parts = meta[key].split()
            if len(parts) == 1 and parts[0].isdigit():
                w(f"  authserver RSS before holding idle connections: {int(parts[0]) / 1024:.1f} MiB")
            elif len(parts) == 2 and parts[1].isdigit():
                w(f"  authserver RSS with {parts[0]} idle connections held: {int(parts[1]) / 1024:.1f} MiB")
            else:
                w(f"  authserver RSS: {meta[key]}")
    wide = float(meta.get("wide_connections", 0) or 0)
    for srv in SERVERS:
        d = res.get(("profile-wide", srv))
        if d and d.get("rps") and wide:
            # Little's law for a closed loop: each of the C connections has one
            # request in flight, so a request's whole cycle (server queue and
            # work, client turnaround) is C / throughput on average.
            cycle = 1000.0 * wide / d["rps"]
            need = wide * (d["p99_ms"] / cycle) / 0.050
            w(f"  {srv} profile at -c{int(wide)}: cycle by Little's law {cycle:.1f} ms (connections / req/s), "
              f"p50 {d['p50_ms']:.1f} ms, p99 {d['p99_ms']:.1f} ms = {d['p99_ms'] / cycle:.2f}x the cycle; "
              f"p99 under 50 ms at this spread needs >= {need:.0f} req/s")
    p_h, p_p = res.get(("health", "peer")), res.get(("profile", "peer"))
    if p_h and p_p:
        w(f"  peer profile / health req/s: {pct(p_p['rps'], p_h['rps'])}")
    for key, label in SCENARIOS:
        a, p = res.get((key, "authserver")), res.get((key, "peer"))
        if a and p:
            w(f"  authserver/peer {key:<14} req/s {ratio(a['rps'], p['rps']):>8}   "
              f"p99 {ratio(a['p99_ms'], p['p99_ms']):>8} (lower is better)")
    for srv in SERVERS:
        f, base = res.get(("flood-profile", srv)), res.get(("profile", srv))
        if f and base:
            w(f"  {srv} profile p99 during login flood: {f['p99_ms']:.2f} ms "
              f"(alone, at -c{meta.get('connections')}: {base['p99_ms']:.2f} ms)")
    sph = float(meta.get("argon2_seconds_per_hash", 0) or 0)
    if sph:
        nproc = int(meta.get("nproc", 2))
        ceiling = nproc / sph
        w("")
        w(f"Argon2id cost ceiling (m=19456 KiB, t=2, p=1, python3-argon2, mean of "
          f"{meta.get('argon2_runs')} hashes): {1000 * sph:.1f} ms per hash -> "
          f"{nproc} cores / {sph:.4f} s = {ceiling:.1f} logins/s")
        fastest = float(meta.get("argon2_fastest", 0) or 0)
        if fastest:
            w(f"  (fastest single hash {1000 * fastest:.1f} ms -> {nproc / fastest:.1f} logins/s: a mean well above "
              f"the fastest means other load shared the cores while timing)")
        par = float(meta.get("argon2_parallel_rate", 0) or 0)
        if par:
            w(f"  measured: {meta.get('argon2_parallel_procs')} processes hashing side by side reach "
              f"{par:.1f} hashes/s ({pct(par, ceiling)} of the perfect-scaling figure)")
        for srv in SERVERS:
            for key in ("login", "flood-login"):
                d = res.get((key, srv))
                if d:
                    extra = f", {pct(d['rps'], par)} of the measured side-by-side rate" if par else ""
                    w(f"  {srv} {key}: {d['rps']:.1f} req/s = {pct(d['rps'], ceiling)} of the ceiling{extra}")
    chains = [(s, res.get(("refresh", s))) for s in SERVERS]
    if any(d for _, d in chains):
        w("")
        w("refresh rotation chains:")
        for srv, d in chains:
            if d:
                secs = d.get("seconds", 0) or 0
                rot_rate = d.get("rotations", 0) / secs if secs else 0
                w(f"  {srv}: {int(d.get('rotations', 0))} rotations ({rot_rate:.1f}/s), "
                  f"{int(d.get('retried', 0))} busy answers (429/5xx) retried with the same token, "
                  f"{int(d.get('broken', 0))} other non-200 answers (each ends a chain; "
                  f"those for the 'exhausted' placeholder included), "
                  f"{int(d.get('spares_used', 0))} spares used (1 is wrk's start-up check of the script), "
                  f"{int(d.get('exhausted', 0))} requests with no token left")
    if notes:
        w("")
        w("errors seen (first failing response per run, and probes):")
        for n in notes:
            w("  " + n[:600])
    print("\n".join(out))


if __name__ == "__main__":
    main()
