-- wrk script: POST /v1/observations with JSON bodies and unique UUID-shaped ids,
-- an outside client's view of the collector (tools/bench-collector.sh runs it).
--   MSC_TOKEN=... MSC_PROGRAM=p1 MSC_COMPANY=c1 MSC_OBSERVER=o1 \
--   MSC_STARTED=2025-11-12T08:30:00Z wrk -t1 -c32 -d10s -s submit.lua http://127.0.0.1:PORT
-- Ids: the wrk thread id, random bits and a per-thread counter, so no two requests
-- of a run share one, and runs differ by their random part.

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

local body_format

function init(args)
  math.randomseed(os.time() * 1000 + (tid or 0))
  local token = os.getenv("MSC_TOKEN") or ""
  wrk.method = "POST"
  wrk.path = "/v1/observations"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. token
  body_format = '{"submission_id":"%s","program_id":"' .. (os.getenv("MSC_PROGRAM") or "p1") ..
    '","company_id":"' .. (os.getenv("MSC_COMPANY") or "nordbank") ..
    '","observer_id":"' .. (os.getenv("MSC_OBSERVER") or "obs-1") ..
    '","channel":"PHONE","scenario":"new-customer-mobile",' ..
    '"attempts":[{"started_at":"' .. (os.getenv("MSC_STARTED") or "2025-11-12T08:30:00Z") ..
    '","wait":"42s","answered":true}],' ..
    '"ratings":{"welcome":5,"understood_need":4,"engaged":5,"competent":4,"solution":5,' ..
    '"efficiency":4,"overall":5},"upsell":"NEEDS_BASED","comment":"Hyggelig og kunnskapsrik"}'
end

function request()
  counter = counter + 1
  local id = string.format("%08x-%04x-4%03x-8%03x-%04x%08x", tid or 0,
    math.random(0, 0xffff), math.random(0, 0xfff), math.random(0, 0xfff),
    math.random(0, 0xffff), counter)
  return wrk.format(nil, nil, nil, string.format(body_format, id))
end

function done(summary, latency, requests)
  io.write(string.format("wrk: %d requests, %d non-2xx/3xx, p50 %.2f ms, p99 %.2f ms\n",
    summary.requests, summary.errors.status, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
