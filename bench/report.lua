-- Shared wrk reporting (loaded by submit.lua and read.lua; used alone for the /healthz ceiling):
--   wrk -t2 -c64 -d10s -s bench/report.lua http://127.0.0.1:PORT/healthz
-- done() prints ONE line of JSON that bench/run parses:
--   {"scenario":"…","requests":N,"seconds":S,"requests_per_sec":R,"ok":N,"ok_per_sec":R,
--    "latency_ms":{"p50":…,"p90":…,"p99":…,"p999":…,"mean":…,"max":…},
--    "non_2xx":N,"socket_errors":{"connect":…,"read":…,"write":…,"timeout":…}, …extra}
-- non_2xx: scripts with a response() callback count every status that is not 2xx themselves
-- (per thread, collected here through thread:get); otherwise wrk's own count is used, which is
-- the number of responses with status >= 400.
-- The scenario name comes from TAWASUL_SCENARIO (default: the request path).

report_threads = report_threads or {}

local user_setup = setup
function setup(thread)
  table.insert(report_threads, thread)
  thread:set("thread_id", #report_threads)
  if user_setup then user_setup(thread) end
end

local function num(x)
  if x == nil or x ~= x or x == math.huge or x == -math.huge then return "null" end
  if x == math.floor(x) and math.abs(x) < 1e15 then return string.format("%d", x) end
  return string.format("%.3f", x)
end

local function str(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local non_2xx = summary.errors.status
  local counted = false
  local extra = {}
  for _, t in ipairs(report_threads) do
    local bad = t:get("non_2xx_count")
    if bad ~= nil then
      if not counted then non_2xx, counted = 0, true end
      non_2xx = non_2xx + bad
    end
    local rec = t:get("refs_recorded")
    if rec ~= nil then extra.refs_recorded = (extra.refs_recorded or 0) + rec end
  end
  local ok = summary.requests - non_2xx
  local function ms(p) return latency:percentile(p) / 1000 end
  local e = summary.errors
  local parts = {
    '"scenario":' .. str(os.getenv("TAWASUL_SCENARIO") or wrk.path),
    '"requests":' .. num(summary.requests),
    '"seconds":' .. num(seconds),
    '"requests_per_sec":' .. num(summary.requests / seconds),
    '"ok":' .. num(ok),
    '"ok_per_sec":' .. num(ok / seconds),
    '"latency_ms":{"p50":' .. num(ms(50)) .. ',"p90":' .. num(ms(90)) .. ',"p99":' ..
      num(ms(99)) .. ',"p999":' .. num(ms(99.9)) .. ',"mean":' .. num(latency.mean / 1000) ..
      ',"max":' .. num(latency.max / 1000) .. '}',
    '"non_2xx":' .. num(non_2xx),
    '"non_2xx_source":' .. str(counted and "response_callback" or "wrk_status_ge_400"),
    '"socket_errors":{"connect":' .. num(e.connect) .. ',"read":' .. num(e.read) ..
      ',"write":' .. num(e.write) .. ',"timeout":' .. num(e.timeout) .. '}',
  }
  for k, v in pairs(extra) do table.insert(parts, str(k) .. ':' .. num(v)) end
  io.write("{" .. table.concat(parts, ",") .. "}\n")
end
