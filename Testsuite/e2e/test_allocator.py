"""The running server allocates through jemalloc (AuthServer/CMakeLists.txt,
option AUTHSERVER_JEMALLOC, on by default).

Under glibc's malloc a quarter of an admin search's CPU time went to malloc,
_int_malloc and malloc_consolidate, and after a burst of refreshes search
stayed 25 % slower until a restart (bench/README.md, "fourth session"). A build
change that drops the link loses that silently, since every other test passes
on either allocator: this one looks at what the process has mapped.
"""

import concurrent.futures
import os
import re
import time

import pytest

import authtest


def _jemalloc_built():
    """False when the binary's build tree says AUTHSERVER_JEMALLOC=OFF."""
    cache = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(authtest.server_binary()))),
                         "CMakeCache.txt")
    if not os.path.isfile(cache):
        return True   # an installed binary: the package is built with the default
    with open(cache) as f:
        m = re.search(r"^AUTHSERVER_JEMALLOC:BOOL=(\w+)$", f.read(), re.M)
    return not m or m.group(1).upper() in ("ON", "TRUE", "1", "YES")


def _mapped_objects(pid):
    with open("/proc/%d/maps" % pid) as f:
        return {os.path.basename(line.split()[-1]) for line in f if len(line.split()) >= 6}


def test_server_process_runs_on_jemalloc(server):
    if not _jemalloc_built():
        pytest.skip("built with AUTHSERVER_JEMALLOC=OFF")
    mapped = _mapped_objects(server.proc.pid)
    assert any(name.startswith("libjemalloc.so") for name in mapped), sorted(mapped)



def _rss_kib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for %d" % pid)


def _after_login_burst(srv, wait):
    """RSS (KiB) right after twelve logins at once (each Argon2id verify takes
    19 MiB on a hashing thread, freed when it ends), then after wait seconds
    without a request."""
    account = authtest.create_verified(srv)
    with concurrent.futures.ThreadPoolExecutor(6) as pool:
        list(pool.map(lambda _: authtest.login_ok(srv, account), range(12)))
    busy = _rss_kib(srv.proc.pid)
    time.sleep(wait)
    return busy, _rss_kib(srv.proc.pid)


def test_quiet_server_gives_the_argon2id_memory_back(start_server):
    """http.idleMemoryTrim: a second without requests and the pages the
    allocator kept after the burst go back to the system (on jemalloc a purge
    of every arena, on glibc malloc_trim)."""
    srv = start_server({"http.idleMemoryTrim": "1"}, name="idle-trim-1s")
    busy, quiet = _after_login_burst(srv, 3.0)
    assert busy - quiet >= 15 * 1024, "RSS %d KiB after the burst, %d KiB after 3 s quiet" % (busy, quiet)


def test_without_the_idle_trim_jemalloc_keeps_the_pages(start_server):
    """The control of the test above: with the trim off, jemalloc (set to keep
    dirty pages: dirty_decay_ms:-1) holds the hashing memory (93 MiB of RSS
    here, 49 MiB once trimmed), so the drop above is the trim's doing. With
    jemalloc's default decay (MALLOC_CONF=dirty_decay_ms:10000) the test above
    fails instead: the pages are gone before the burst ends, and every login
    faults its 19 MiB in again."""
    if not _jemalloc_built():
        pytest.skip("built with AUTHSERVER_JEMALLOC=OFF")
    srv = start_server({"http.idleMemoryTrim": "0"}, name="idle-trim-off")
    busy, quiet = _after_login_burst(srv, 3.0)
    assert busy >= quiet - 1024 and busy - quiet < 5 * 1024, \
        "RSS %d KiB after the burst, %d KiB after 3 s quiet" % (busy, quiet)
