-- wrk script for run.sh: POST /tokens, the API key taken in turn from LOAD_API_KEYS (comma-separated; several
-- clients, so that no client's rate limit refuses the load); each thread writes the jti of every token it got
-- to LOAD_OUT/<thread>.jti, so the script can find each one in the audit. Prints one RESULT line.
local keys = {}
for key in string.gmatch(os.getenv("LOAD_API_KEYS"), "[^,]+") do
  table.insert(keys, key)
end
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  ok, non2xx, n = 0, 0, 0
  out = io.open(os.getenv("LOAD_OUT") .. "/" .. id .. ".jti", "w")
end

function request()
  n = n + 1
  local headers = { ["Content-Type"] = "application/json", ["X-Api-Key"] = keys[n % #keys + 1] }
  return wrk.format("POST", "/tokens", headers,
    '{"document_id":"doc-load","user_id":"load-' .. id .. '-' .. n .. '","permissions":["read-document"]}')
end

function response(status, headers, body)
  if status >= 200 and status <= 299 then
    ok = ok + 1
    out:write(string.match(body, '"jti":"([^"]+)"'), "\n")
    out:flush()
  else
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local good, bad = 0, 0
  for _, thread in ipairs(threads) do
    good = good + thread:get("ok")
    bad = bad + thread:get("non2xx")
  end
  local e = summary.errors
  io.write(string.format("RESULT ok=%d non2xx=%d socket_errors=%d tokens_per_s=%.0f p99_ms=%.1f\n", good, bad,
    e.connect + e.read + e.write + e.timeout, good / (summary.duration / 1e6), latency:percentile(99) / 1000))
end
