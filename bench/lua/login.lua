-- POST <url> (/api/auth/login) with {"email","password"}, rotating over the users.
-- wrk ... -s login.lua URL -- LOGIN_BODIES_FILE   (one JSON body per line)
-- Non-200 answers are counted and the first one's body is kept for the report.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local reqs, n, i
ok = 0
failed = 0
first_error = ""

function init(args)
  local bodies = read_lines(args[1])
  local headers = { ["Content-Type"] = "application/json" }
  reqs = {}
  for k, body in ipairs(bodies) do
    reqs[k] = wrk.format("POST", wrk.path, headers, body)
  end
  n = #reqs
  i = ((id or 0) * math.floor(n / 2)) % n
end

function request()
  i = i % n + 1
  return reqs[i]
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    failed = failed + 1
    if first_error == "" then first_error = "login " .. status .. " " .. (body or ""):sub(1, 400) end
  end
end

function done(summary, latency, requests)
  bench_done(summary, latency, string.format(" ok=%d failed=%d", thread_sum("ok"), thread_sum("failed")))
end
