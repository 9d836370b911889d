-- GET <url> (the URL given to wrk, /health): static request, no per-request Lua;
-- this script only adds the machine-readable summary line.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
maybe_capture_errors("health")

function done(summary, latency, requests)
  bench_done(summary, latency)
end
