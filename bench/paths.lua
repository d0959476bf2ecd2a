-- wrk script: GET the paths of BENCH_PATHS (a file, one path a line) in turn, each with the next
-- bearer token of BENCH_TOKENS (a file, one a line) when it is set: many people, many pages.
-- Prints the figures as one JSON line, as get.lua does.
local paths, tokens = {}, {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local token_file = os.getenv("BENCH_TOKENS") or ""
if token_file ~= "" then
  for line in io.lines(token_file) do tokens[#tokens + 1] = line end
end
local n = 0

function init(args)
  n = math.random(1, 1000000)  -- each thread starts somewhere else
end

function request()
  n = n + 1
  local headers = {}
  if #tokens > 0 then headers["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] end
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end

function done(summary, latency, requests)
  io.write(string.format(
    'BENCH {"duration_us": %d, "requests": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors": %d, "non2xx": %d}\n',
    summary.duration, summary.requests, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
