-- GET /api/admin/users?q=...&page_size=20 with the admin's bearer token, rotating over
-- a list of search texts (bench/scale.sh writes them: email, name and phone substrings
-- of users spread over the id range).
-- wrk ... -s search.lua BASE_URL -- ADMIN_TOKEN_FILE QUERY_PATHS_FILE   (one path per line)
-- The requests are formatted once in init(); no response() callback (it would make wrk
-- hand every body to Lua); non-2xx answers are counted by wrk itself.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")
maybe_capture_errors("search")

local reqs, n, i

function init(args)
  local token = read_lines(args[1])[1]
  local paths = read_lines(args[2])
  reqs = {}
  for k, path in ipairs(paths) do
    reqs[k] = wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token }, nil)
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
