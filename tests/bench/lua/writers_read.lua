-- Readers for tests/bench/bench_writers.py: anonymous GETs cycling through WRITERS_READ_PATHS
-- (separated by "|"), each connection pausing about WRITERS_THINK_MS between two pages.

local threads = {}
local paths_env = os.getenv("WRITERS_READ_PATHS") or "/"
local think_ms = tonumber(os.getenv("WRITERS_THINK_MS") or "0")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  paths, position = {}, id
  client_errors, server_errors, failures, last_path = 0, 0, "", ""
  math.randomseed(id * 104729 + 3)
  for path in string.gmatch(paths_env, "[^|]+") do table.insert(paths, path) end
end

function delay()
  if think_ms <= 0 then return 0 end
  return math.random(math.floor(think_ms / 2), think_ms + math.floor(think_ms / 2))
end

function request()
  position = position % #paths + 1
  last_path = paths[position]
  return wrk.format("GET", last_path)
end

function response(status, headers, body)
  if status >= 400 and #failures < 300 then failures = failures .. status .. " GET " .. last_path .. "; " end
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  end
end

function done(summary, latency, requests)
  local client_total, server_total, failures_all = 0, 0, ""
  for _, thread in ipairs(threads) do
    failures_all = failures_all .. thread:get("failures")
    client_total = client_total + thread:get("client_errors")
    server_total = server_total + thread:get("server_errors")
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"accepted":0,"client_errors":%d,"server_errors":%d,' ..
    '"exhausted":0,"counts":{},"pending":[],"failures":"%s"}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    client_total, server_total, failures_all))
end
