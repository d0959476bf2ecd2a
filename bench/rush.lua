-- wrk script: each request a different person (bearer token) registering for one event.
-- BENCH_TOKENS: file with one token per line; BENCH_EVENT: event id; BENCH_THREADS: wrk -t.
-- With BENCH_TYPE, each orders tickets instead (POST /orders): 1 to 4, of the first type or
-- BENCH_TYPE by turns, a third of them with the code BENCH_CODE. `sold_us` is when the last seat
-- was taken (the last 201), since the first request.
-- Each thread sends its own slice of the tokens once. Once a thread has sent its whole slice, a
-- connection that frees up sends GET /healthz (status 200, not counted) and its answer stops
-- the thread: requests still in flight then are not counted (wrk also re-creates a request when
-- it reconnects, so exact counting is impossible); the database is the judge of what was sold.
-- wrk always runs for the whole -d, so the rush's own span is measured here (LuaJIT's FFI clock).
local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_usec; } bench_timeval;
  int gettimeofday(bench_timeval *tv, void *tz);
]]
local function now_us()
  local tv = ffi.new("bench_timeval")
  ffi.C.gettimeofday(tv, nil)
  return tonumber(tv.tv_sec) * 1000000 + tonumber(tv.tv_usec)
end

local tokens = {}
for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

function init(args)
  local n = tonumber(os.getenv("BENCH_THREADS"))
  local per = math.floor(#tokens / n)
  first = (id - 1) * per + 1
  last = (id == n) and #tokens or id * per
  cursor = first
  answered = 0
  statuses = {}
  event_id, vip, code = os.getenv("BENCH_EVENT"), os.getenv("BENCH_TYPE"), os.getenv("BENCH_CODE")
end

local function body(n)
  if not vip then return '{"event_id": "' .. event_id .. '"}' end
  local kind = (n % 2 == 0) and vip or "general"
  local promo = (n % 3 == 0) and (', "promo_code": "' .. code .. '"') or ""
  return string.format('{"event_id": "%s", "items": [{"ticket_type_id": "%s", "quantity": %d}]%s}',
    event_id, kind, 1 + n % 4, promo)
end

function request()
  if cursor > last then
    return wrk.format("GET", "/healthz")
  end
  started = started or now_us()
  local token = tokens[cursor]
  cursor = cursor + 1
  return wrk.format("POST", vip and "/orders" or "/registrations",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body(cursor))
end

function response(status, headers, body)
  if status == 200 then
    wrk.thread:stop()
    return
  end
  statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
  answered = answered + 1
  finished = now_us()
  if status == 201 then sold = finished end
  if answered >= last - first + 1 then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local counts = {}
  local first, last, sold = nil, 0, 0
  for _, thread in ipairs(threads) do
    local s, f, w = thread:get("started"), thread:get("finished"), thread:get("sold")
    if s and (not first or s < first) then first = s end
    if f and f > last then last = f end
    if w and w > sold then sold = w end
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  io.write(string.format(
    'BENCH {"span_us": %d, "sold_us": %d, "duration_us": %d, "requests": %d, "p50_us": %d, "p95_us": %d, ' ..
    '"p99_us": %d, "errors": %d, "statuses": {%s}}\n',
    last - (first or last), sold - (first or sold), summary.duration, summary.requests, latency:percentile(50),
    latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, table.concat(parts, ", ")))
end
