-- wrk script: POST /tokens as an API client; counts non-2xx answers.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Api-Key"] = os.getenv("BENCH_API_KEY")
wrk.body = '{"document_id":"doc-1","user_id":"u","permissions":["read-document","write","download"]}'
-- The cost ladder's first rung is a GET without a body (BENCH_METHOD=GET).
if os.getenv("BENCH_METHOD") == "GET" then
  wrk.method = "GET"
  wrk.body = nil
  wrk.headers["Content-Type"] = nil
end

-- A steady rate rather than as fast as it goes (BENCH_DELAY_MS between a connection's requests).
local pause = tonumber(os.getenv("BENCH_DELAY_MS") or "")
if pause then
  function delay()
    return pause
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("non2xx")
  end
  io.write(string.format("RESULT tokens_per_s=%.0f p50_ms=%.2f p99_ms=%.2f non2xx=%d errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    failed, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
end
