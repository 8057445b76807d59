-- Search scenario: GET /api/v1/search, cycling through the query strings of a file (one
-- path-and-query a line, already URL-encoded, written by bench/search_run), signed in with the
-- bearer token in TAWASUL_TOKEN.
--   TAWASUL_SEARCH_PATHS=FILE TAWASUL_TOKEN=T wrk -t1 -c4 -d10s -s bench/search.lua http://127.0.0.1:PORT
-- Each wrk thread starts at its own place in the list and goes through it in order, so every
-- query is asked about as often as the others. Any status other than 200 counts as non_2xx.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local pool = {}
local next_index = 0
non_2xx_count = 0

function init(args)
  local path = os.getenv("TAWASUL_SEARCH_PATHS")
  local token = os.getenv("TAWASUL_TOKEN")
  assert(path and path ~= "", "search.lua: set TAWASUL_SEARCH_PATHS")
  assert(token and token ~= "", "search.lua: set TAWASUL_TOKEN")
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if line ~= "" then
      table.insert(pool, wrk.format("GET", line, { ["Authorization"] = "Bearer " .. token,
                                                   ["Accept"] = "application/json" }))
    end
  end
  f:close()
  assert(#pool > 0, "search.lua: no queries in " .. path)
  next_index = ((thread_id or 1) * 17) % #pool
end

function request()
  next_index = next_index % #pool + 1
  return pool[next_index]
end

function response(status, headers, body)
  if status ~= 200 then non_2xx_count = non_2xx_count + 1 end
end
