-- POST <url> (/api/auth/token/refresh) {"refresh_token"}: every connection follows its
-- own rotation chain (never presents a token twice).
-- wrk ... -s refresh.lua URL -- REFRESH_TOKEN_FILE THREADS CONNECTIONS_PER_THREAD [REQUEST_FIELD ANSWER_FIELD]
-- (the body member that carries the token and the answer's member holding the next
-- one: refresh_token both by default; a simplejwt compat route takes and answers "refresh")
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
-- Each request also carries its own X-Request-Id; AuthServer echoes it (contract), so
-- response() knows which token an answer is for: after a 503/429/5xx (busy, not a
-- refusal of the token) that token goes back into the queue and is retried, as a
-- real client would (the server's jwt.refreshReuseInterval grace covers a retry of a
-- token whose rotation did happen). Without the echo (the peer) a non-200 just
-- breaks the chain.
-- Note: wrk itself calls request() once on thread 0 before the run, to check the
-- script (script_verify_request); that call takes one token that is never sent, so
-- spares_used is 1 in a clean run.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "common.lua")

local queue, spares, path, inflight, seq, request_field, answer_pattern
rotations = 0
retried = 0
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
  path = wrk.path
  inflight, seq = {}, 0
  request_field = args[4] or "refresh_token"
  answer_pattern = '"' .. (args[5] or "refresh_token") .. '"%s*:%s*"([^"]+)"'
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
  seq = seq + 1
  local rid = "bench-" .. tostring(id or 0) .. "-" .. seq
  inflight[rid] = tok
  return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["X-Request-Id"] = rid },
                    '{"' .. request_field .. '":"' .. tok .. '"}')
end

function response(status, hdrs, body)
  local rid = hdrs["X-Request-Id"] or hdrs["x-request-id"] or hdrs["X-Request-ID"]
  local sent = nil
  if rid ~= nil then
    sent = inflight[rid]
    inflight[rid] = nil
  end
  if sent ~= nil and sent ~= "exhausted" and (status == 429 or status >= 500) then
    retried = retried + 1
    queue[#queue + 1] = sent
    note_error("refresh " .. status .. " (retried) ", body, sent)
    return
  end
  if status == 200 then
    local tok = body:match(answer_pattern)
    if tok then
      rotations = rotations + 1
      queue[#queue + 1] = tok
      return
    end
  end
  broken = broken + 1
  note_error("refresh " .. status .. " ", body, sent)
end

-- first_error: the first failure of a real token (or of an unknown one, without the
-- X-Request-Id echo); a failure of the "exhausted" placeholder only if nothing else failed.
local exhausted_error = nil
function note_error(prefix, body, sent)
  local text = prefix .. (body or ""):sub(1, 400)
  if sent == "exhausted" then
    if exhausted_error == nil then exhausted_error = text .. " [placeholder token 'exhausted']" end
    if first_error == "" then first_error = exhausted_error end
  elseif first_error == "" or first_error == exhausted_error then
    first_error = text
  end
end

function done(summary, latency, requests)
  bench_done(summary, latency, string.format(" rotations=%d broken=%d retried=%d spares_used=%d exhausted=%d",
    thread_sum("rotations"), thread_sum("broken"), thread_sum("retried"), thread_sum("spares_used"),
    thread_sum("exhausted")))
end
