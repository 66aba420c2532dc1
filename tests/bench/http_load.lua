-- wrk script for tests/bench/http_load.sh: POSTs the body in $DXS_BODY_FILE with
-- Content-Type $DXS_CONTENT_TYPE and prints one summary line with requests/s and latencies.
local file = assert(io.open(os.getenv("DXS_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = os.getenv("DXS_CONTENT_TYPE")

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write +
                 summary.errors.timeout
  -- errors.status counts answers >= 400 (every request here should be a 200).
  io.write(string.format("RESULT seconds=%.1f requests=%d rps=%.0f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f http_errors=%d socket_errors=%d\n",
                         seconds, summary.requests, summary.requests / seconds, latency:percentile(50) / 1000,
                         latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
                         summary.errors.status, errors))
end
