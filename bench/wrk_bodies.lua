-- wrk script for bench/api_bench.py: POSTs the JSON bodies of a file (one a line) in turn,
-- counts the answers by status, and prints the figures as one JSON line at the end.
--   wrk -t2 -c8 -d60s -s bench/wrk_bodies.lua http://127.0.0.1:PORT -- BODIES KEY PATH [SPLIT]
-- With SPLIT (the number of threads), thread i starts at the i-th of SPLIT equal parts of the
-- file, so no body is sent twice before the file is through (each thread's random start may
-- be the same: Lua's generator is not seeded per thread).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  bodies = {}
  for line in io.lines(args[1]) do
    bodies[#bodies + 1] = line
  end
  headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "ApiKey " .. args[2],
  }
  target = args[3]
  counts = {}
  if args[4] then
    at = (id - 1) * math.floor(#bodies / tonumber(args[4]))
  else
    at = math.random(#bodies)
  end
end

function request()
  at = at % #bodies + 1
  return wrk.format("POST", target, headers, bodies[at])
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local statuses = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("counts")) do
      statuses[status] = (statuses[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(statuses) do
    parts[#parts + 1] = string.format('"%d": %d', status, n)
  end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"max_ms": %.2f, "socket_errors": %d, "statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.connect + e.read + e.write + e.timeout, table.concat(parts, ", ")))
end
