-- POST <url> (/api/auth/token/refresh) {"refresh_token"}: every connection follows its
-- own rotation chain (never presents a token twice).
-- wrk ... -s refresh.lua URL -- REFRESH_TOKEN_FILE THREADS CONNECTIONS_PER_THREAD
--
-- How: wrk's Lua API does not tell request()/response() which connection they are
-- for, but wrk never pipelines here: a connection sends its next request only after
-- response() has run for its previous one. So each thread keeps a FIFO queue of the
-- refresh tokens that are not in flight: request() pops one, response() parses the
-- new refresh_token out of the 200 body and pushes it. Each thread starts with one
-- token per connection (thread t takes the tokens on lines t+1, t+1+THREADS, ...;
-- its first CONNECTIONS_PER_THREAD form the chains, the rest are spares), so there
-- are exactly as many chains as connections and every token is used once: chain i
-- starts from refresh token i and goes on with the token its last answer returned
-- (a chain may hop between connections of its thread, which changes nothing for
-- the server). A chain that breaks (non-200, unparsable body, or a request lost to a
-- socket error/timeout, where response() never runs) is replaced by a spare (a
-- fresh login's refresh token); with no spare left the request carries the literal
-- token "exhausted", which fails visibly (non-2xx).
-- Note: wrk itself calls request() once on thread 0 before the run, to check the
-- script (script_verify_request); that call takes one token that is never sent, so
-- spares_used is 1 in a clean run.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local queue, spares, headers, path
rotations = 0
broken = 0
spares_used = 0
exhausted = 0
first_error = ""

function init(args)
  local toks = read_lines(args[1])
  local nthreads = tonumber(args[2]) or 1
  local conns = tonumber(args[3]) or #toks
  local mine = {}
  for k, tok in ipairs(toks) do
    if (k - 1) % nthreads == (id or 0) then mine[#mine + 1] = tok end
  end
  assert(#mine >= conns, "refresh.lua: thread " .. tostring(id) .. " has " .. #mine ..
         " tokens for " .. conns .. " connections")
  queue, spares = {}, {}
  for k, tok in ipairs(mine) do
    if k <= conns then queue[#queue + 1] = tok else spares[#spares + 1] = tok end
  end
  headers = { ["Content-Type"] = "application/json" }
  path = wrk.path
end

function request()
  local tok = table.remove(queue, 1)
  if tok == nil then
    tok = table.remove(spares, 1)
    if tok ~= nil then
      spares_used = spares_used + 1
    else
      exhausted = exhausted + 1
      tok = "exhausted"
    end
  end
  return wrk.format("POST", path, headers, '{"refresh_token":"' .. tok .. '"}')
end

function response(status, hdrs, body)
  if status == 200 then
    local tok = body:match('"refresh_token"%s*:%s*"([^"]+)"')
    if tok then
      rotations = rotations + 1
      queue[#queue + 1] = tok
      return
    end
  end
  broken = broken + 1
  if first_error == "" then first_error = "refresh " .. status .. " " .. (body or ""):sub(1, 400) end
end

function done(summary, latency, requests)
  bench_done(summary, latency, string.format(" rotations=%d broken=%d spares_used=%d exhausted=%d",
    thread_sum("rotations"), thread_sum("broken"), thread_sum("spares_used"), thread_sum("exhausted")))
end
