-- Read scenario: GET /api/v1/cases/{reference} with the right X-Access-Code, picking a random
-- pair from the file written by submit.lua (TAWASUL_REFS, "reference access_code" a line).
--   TAWASUL_REFS=FILE wrk -t2 -c64 -d10s -s bench/read.lua http://127.0.0.1:PORT
-- Only correct pairs are used: the server rate-limits FAILED look-ups per client address.
-- No response() callback (it would slow wrk); non_2xx is wrk's count of statuses >= 400.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local pool = {}
local max_pairs = 50000

function init(args)
  local path = os.getenv("TAWASUL_REFS")
  assert(path and path ~= "", "read.lua: set TAWASUL_REFS to the file written by submit.lua")
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    local ref, code = line:match("^(%S+) (%S+)$")
    if ref then
      -- wrk.format adds Host to the table it is given: a fresh table per request string.
      table.insert(pool, wrk.format("GET", "/api/v1/cases/" .. ref,
                                    { ["X-Access-Code"] = code, ["Accept"] = "application/json" }))
      if #pool >= max_pairs then break end
    end
  end
  f:close()
  assert(#pool > 0, "read.lua: no reference/access code pairs in " .. path)
  math.randomseed(os.time() + 7919 * (thread_id or 1))
end

function request()
  return pool[math.random(#pool)]
end
