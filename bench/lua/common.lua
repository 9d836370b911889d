-- Shared by the bench scripts (loaded with dofile by each of them, in wrk's main
-- Lua state and in every thread's state).
--
-- Each script ends by printing one machine-readable line that bench/run.sh parses:
--   BENCH_RESULT requests=.. seconds=.. rps=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=..
--                non2xx=.. connect=.. read=.. write=.. timeout=.. [extra key=value ...]
-- non2xx is the counter behind wrk's "Non-2xx or 3xx responses" line.

bench_threads = {}
local thread_counter = 0

-- wrk calls setup(thread) in the main state once per thread, before init().
function setup(thread)
  thread:set("id", thread_counter)
  table.insert(bench_threads, thread)
  thread_counter = thread_counter + 1
end

function read_lines(path)
  local t = {}
  local f = assert(io.open(path, "r"), "cannot open " .. tostring(path))
  for line in f:lines() do
    if #line > 0 then t[#t + 1] = line end
  end
  f:close()
  assert(#t > 0, "no lines in " .. path)
  return t
end

-- Sum a numeric per-thread global over all threads (call from done()).
function thread_sum(name)
  local s = 0
  for _, t in ipairs(bench_threads) do s = s + (tonumber(t:get(name)) or 0) end
  return s
end

-- First non-empty per-thread string global (call from done()).
function thread_first(name)
  for _, t in ipairs(bench_threads) do
    local v = t:get(name)
    if v ~= nil and v ~= "" then return v end
  end
  return nil
end

function bench_done(summary, latency, extra)
  local secs = summary.duration / 1e6
  local e = summary.errors
  local rps = 0
  if secs > 0 then rps = summary.requests / secs end
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d connect=%d read=%d write=%d timeout=%d%s\n",
    summary.requests, secs, rps,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout, extra or ""))
  local first = thread_first("first_error")
  if first then
    io.write("BENCH_FIRST_ERROR " .. first:gsub("[\r\n]+", " ") .. "\n")
  end
end

-- With BENCH_CAPTURE_ERRORS=1 in the environment, the static-request scripts (health,
-- profile) also define response() to keep the first non-2xx answer's status and body
-- for the report. Off by default: response() makes wrk hand every body to Lua, which
-- costs CPU that the server under test shares on a small machine.
function maybe_capture_errors(label)
  if os.getenv("BENCH_CAPTURE_ERRORS") ~= "1" then return end
  first_error = ""
  function response(status, headers, body)
    if status >= 300 and first_error == "" then
      first_error = label .. " " .. status .. " " .. (body or ""):sub(1, 400)
    end
  end
end
