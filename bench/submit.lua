-- Submit scenario: POST /api/v1/cases with a few varied Arabic and English bodies.
--   TAWASUL_REFS=FILE wrk -t2 -c64 -d15s -s bench/submit.lua http://127.0.0.1:PORT
-- Every 201 counts as one durable submission (the server acknowledges only after COMMIT).
-- The "reference access_code" pairs of up to 20,000 responses per wrk thread are appended to
-- FILE (if TAWASUL_REFS is set) for the read scenario. Any other status counts as non_2xx.
-- TAWASUL_CATEGORIES (space-separated codes) overrides the built-in demo category codes.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local categories = { "roads.potholes", "roads.street_lighting", "health.appointments",
                     "municipal.waste_collection", "water.supply_interruption",
                     "electricity.billing" }
if os.getenv("TAWASUL_CATEGORIES") then
  categories = {}
  for c in os.getenv("TAWASUL_CATEGORIES"):gmatch("%S+") do table.insert(categories, c) end
end

local texts = {
  { "حفرة في الشارع رقم 12",
    "توجد حفرة كبيرة في الشارع منذ أسبوعين تسبب خطرا على السيارات",
    '{"email":"citizen@example.com"}' },
  { "انقطاع متكرر للخدمة في المنطقة",
    "تتكرر المشكلة يوميا منذ بداية الشهر في فترة المساء، وقد تواصلت مع مركز الاتصال أكثر من مرة دون حل. أرجو المتابعة.",
    '{"name":"مريم أحمد","phone":"+97336001234"}' },
  { "Repeated problem near my house",
    "The problem has been reported twice this month and nothing has changed yet. Please send someone to check.",
    '{"name":"John Smith","email":"john.smith@example.org"}' },
  { "تأخر في الاستجابة",
    "قدمت طلبا قبل شهر ولم أتلق أي رد حتى الآن رغم المتابعة عبر البوابة الإلكترونية.",
    '{"email":"resident.bh@example.net","phone":"+97317001234"}' },
}

local requests_pool = {}
local next_index = 0
local limit = 20000
refs_recorded = 0
non_2xx_count = 0
local out, pending = nil, {}

function init(args)
  local headers = { ["Content-Type"] = "application/json", ["Accept"] = "application/json" }
  for i, c in ipairs(categories) do
    for j, t in ipairs(texts) do
      local body = string.format(
        '{"type":"complaint","category":"%s","subject":"%s","description":"%s","contact":%s}',
        c, t[1], t[2], t[3])
      table.insert(requests_pool, wrk.format("POST", "/api/v1/cases", headers, body))
    end
  end
  local path = os.getenv("TAWASUL_REFS")
  if path and path ~= "" then
    out = assert(io.open(path, "a"))
    -- Unbuffered: each write below is one write(2) of whole lines on an O_APPEND file, so the
    -- lines of the two wrk threads never interleave mid-line.
    out:setvbuf("no")
  end
  next_index = (thread_id or 1) * 7
end

function request()
  next_index = next_index + 1
  return requests_pool[next_index % #requests_pool + 1]
end

local function flush_pending()
  if out and #pending > 0 then
    out:write(table.concat(pending))
    pending = {}
  end
end

function response(status, headers, body)
  if status ~= 201 then
    non_2xx_count = non_2xx_count + 1
    return
  end
  if out then
    local ref = body:match('"reference"%s*:%s*"([^"]+)"')
    local code = body:match('"access_code"%s*:%s*"([^"]+)"')
    if ref and code then
      pending[#pending + 1] = ref .. " " .. code .. "\n"
      refs_recorded = refs_recorded + 1
      if #pending >= 64 then flush_pending() end
      if refs_recorded >= limit then
        flush_pending()
        out:close()
        out = nil
      end
    end
  end
end
