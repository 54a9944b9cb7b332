-- wrk script for `cargo xtask bench` (xtask/src/load.rs). With BENCH_PUT_BODY unset it
-- defines nothing, so wrk sends its static GET as fast as it can. With BENCH_PUT_BODY (a
-- file holding the PUT's JSON) and BENCH_ETAG (the contact information's current ETag),
-- each request is a PUT with `If-Match` set to the ETag the previous answer returned; run
-- it on one connection, so the PUTs are sequential and each one's tag is fresh. A non-2xx
-- answer is counted; it carries no new ETag, so the next PUT repeats the stale one and
-- fails too (412): a broken chain shows as errors, never as fast requests.
-- BENCH_MAX_REQUESTS stops the PUTs after that many answers (wrk's -d bounds the time).
-- done() prints one `result` line and the latency histogram (`latency <µs> <count>`), from
-- which xtask takes p50/p99 and merges runs against several replicas exactly.

local put_body = os.getenv("BENCH_PUT_BODY")
local max_requests = tonumber(os.getenv("BENCH_MAX_REQUESTS") or "")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

answers, failed = 0, 0

local function count(status)
  answers = answers + 1
  if status < 200 or status > 299 then
    failed = failed + 1
  end
  if max_requests and answers >= max_requests then
    wrk.thread:stop()
  end
end

if put_body then
  local file = assert(io.open(put_body, "rb"))
  local body = file:read("*a")
  file:close()
  local etag = assert(os.getenv("BENCH_ETAG"), "BENCH_ETAG is not set")

  function request()
    wrk.headers["If-Match"] = etag
    return wrk.format("PUT", nil, nil, body)
  end

  function response(status, headers, _)
    count(status)
    local tag = headers["etag"] or headers["ETag"]
    if status >= 200 and status <= 299 and tag then
      etag = tag
    end
  end
end

function done(summary, latency, _)
  local put_failed = 0
  for _, thread in ipairs(threads) do
    put_failed = put_failed + (thread:get("failed") or 0)
  end
  local e = summary.errors
  -- Without a response() (the plain GET), wrk itself counts the answers >= 400; nothing
  -- else but 200 can come from this route for a GET without conditional headers.
  local status_errors = put_body and put_failed or e.status
  io.write(string.format("result requests=%d duration_us=%d errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, status_errors,
    e.connect + e.read + e.write + e.timeout))
  for i = 1, #latency do
    local value, n = latency(i)
    io.write(string.format("latency %d %d\n", value, n))
  end
end
