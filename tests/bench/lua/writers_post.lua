-- Writers for tests/bench/bench_writers.py: one wrk thread per connection (-t N -c N), so that each
-- writer replays its own plan in order (an application's 確認 before its 応募する) and a response
-- always belongs to the request sent just before it.
-- WRITERS_PLAN: lines "thread<TAB>counted<TAB>key<TAB>method<TAB>path<TAB>headers<TAB>body";
-- headers "Name: value" joined by "|"; "{n}" in path or body becomes "<thread>-<sequence>".
-- WRITERS_ONCE=1: the plan must not run out (it is counted if it does).
-- WRITERS_THINK_MS: mean pause between two requests of one writer (0: back to back).

local threads = {}
local plan_path = os.getenv("WRITERS_PLAN")
local think_ms = tonumber(os.getenv("WRITERS_THINK_MS") or "0")
local once = os.getenv("WRITERS_ONCE") == "1"  -- a plan to go through once (applications): no wrapping

local function split(text, separator)
  local fields, start = {}, 1
  while true do
    local at = string.find(text, separator, start, true)
    if not at then
      table.insert(fields, string.sub(text, start))
      return fields
    end
    table.insert(fields, string.sub(text, start, at - 1))
    start = at + #separator
  end
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  lines, position, sequence, current = {}, 0, 0, nil
  accepted, client_errors, server_errors, exhausted = 0, 0, 0, 0
  counts, pending, failures = {}, "", ""
  verifying = id == 0  -- wrk checks the script by calling request() once in thread 0 before the run
  math.randomseed(id * 7919 + 17)
  for line in io.lines(plan_path) do
    local f = split(line, "\t")
    if tonumber(f[1]) == id then
      local headers = {}
      for _, header in ipairs(split(f[6], "|")) do
        local name, value = string.match(header, "^([^:]+):%s*(.*)$")
        if name then headers[name] = value end
      end
      table.insert(lines, {counted = f[2] == "1", key = f[3], method = f[4], path = f[5], headers = headers, body = f[7]})
    end
  end
end

function delay()
  if think_ms <= 0 then return 0 end
  return math.random(math.floor(think_ms / 2), think_ms + math.floor(think_ms / 2))
end

function request()
  if verifying then
    verifying = false
    return wrk.format("GET", "/healthz")  -- parsed by wrk's check, never sent
  end
  position = position + 1
  if position > #lines then
    position = 1
    if once then exhausted = exhausted + 1 end  -- the plan ran out: counted, the bench sizes plans to last
  end
  sequence = sequence + 1
  current = lines[position]
  pending = current.counted and current.key or ""  -- sent, answer not seen yet
  local tag = id .. "-" .. sequence
  local body = string.gsub(current.body, "{n}", tag)
  local path = string.gsub(current.path, "{n}", tag)
  if body == "" then body = nil end
  return wrk.format(current.method, path, current.headers, body)
end

function response(status, headers, body)
  pending = ""
  if status >= 400 and #failures < 300 then
    failures = failures .. status .. " " .. current.method .. " " .. current.path .. "; "
  end
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  elseif current.counted then
    accepted = accepted + 1
    counts[current.key] = (counts[current.key] or 0) + 1
  end
end

function done(summary, latency, requests)
  local accepted_total, client_total, server_total, exhausted_total = 0, 0, 0, 0
  local keys, pendings, failures_all = {}, {}, ""
  for _, thread in ipairs(threads) do
    accepted_total = accepted_total + thread:get("accepted")
    client_total = client_total + thread:get("client_errors")
    server_total = server_total + thread:get("server_errors")
    exhausted_total = exhausted_total + thread:get("exhausted")
    failures_all = failures_all .. thread:get("failures")
    local waiting = thread:get("pending")
    if waiting ~= "" then table.insert(pendings, '"' .. waiting .. '"') end
    for key, count in pairs(thread:get("counts")) do
      table.insert(keys, string.format('"%s":%d', key, count))
    end
  end
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
    '"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"accepted":%d,"client_errors":%d,"server_errors":%d,' ..
    '"exhausted":%d,"counts":{%s},"pending":[%s],"failures":"%s"}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    accepted_total, client_total, server_total, exhausted_total, table.concat(keys, ","),
    table.concat(pendings, ","), failures_all))
end
