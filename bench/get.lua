-- wrk script: GET the URL's path, or in turn the paths of BENCH_PATHS (a file, one path a line);
-- with a bearer token when BENCH_TOKEN is set, or in turn those of BENCH_TOKENS (a file, one a
-- line): one page as a visitor or a person, or many pages as many people. Prints the figures as
-- one JSON line.
local paths, tokens = {}, {}
local function lines(name, into)
  local file = os.getenv(name) or ""
  if file ~= "" then for line in io.lines(file) do into[#into + 1] = line end end
end
lines("BENCH_PATHS", paths)
lines("BENCH_TOKENS", tokens)
local token = os.getenv("BENCH_TOKEN") or ""
local n = 0

if #paths == 0 and #tokens == 0 then
  -- one page, one token or none: wrk's own static request, no Lua per request
  if token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
else
  if token ~= "" then tokens = { token } end
  function init(args)
    n = math.random(1, 1000000) -- each thread starts somewhere else in the lists
  end
  function request()
    n = n + 1
    local headers = {}
    if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] end
    return wrk.format("GET", #paths > 0 and paths[(n % #paths) + 1] or nil, headers)
  end
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCH {"duration_us": %d, "requests": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "non2xx": %d}\n',
    summary.duration, summary.requests, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
