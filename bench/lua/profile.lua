-- GET <url> (/api/auth/profile) with Authorization: Bearer <access token>.
-- wrk ... -s profile.lua URL -- ACCESS_TOKEN_FILE
--
-- wrk's Lua API does not say which connection a request() call is for, so instead of
-- pinning a token to a connection each thread walks round-robin over all the
-- tokens (each thread from its own offset): every request carries one user's token
-- and all users are used evenly. The requests are formatted once in init(), so
-- request() costs one table lookup; no response() callback is defined (it would
-- make wrk hand every body to Lua).
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
maybe_capture_errors("profile")

local reqs, n, i

function init(args)
  local toks = read_lines(args[1])
  reqs = {}
  for k, tok in ipairs(toks) do
    reqs[k] = wrk.format("GET", wrk.path, { ["Authorization"] = "Bearer " .. tok }, nil)
  end
  n = #reqs
  i = ((id or 0) * math.floor(n / 2)) % n
end

function request()
  i = i % n + 1
  return reqs[i]
end

function done(summary, latency, requests)
  bench_done(summary, latency)
end
