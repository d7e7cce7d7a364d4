-- The soak's mixed load: mostly thread reads, then counts, another article's thread, and posts.
-- PARLEY_THREAD, PARLEY_COUNTS, PARLEY_OTHER (paths with query), PARLEY_SITE, PARLEY_ARTICLE,
-- PARLEY_ORIGIN and PARLEY_RUN come from the environment.
local thread = os.getenv("PARLEY_THREAD")
local counts = os.getenv("PARLEY_COUNTS")
local other = os.getenv("PARLEY_OTHER")
local site = os.getenv("PARLEY_SITE") or "bench"
local article = os.getenv("PARLEY_ARTICLE") or "/bench/soak"
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
local run = os.getenv("PARLEY_RUN") or tostring(os.time())
local counter = 0

function comment_body(n)
  local poster = n % 1000
  local text = "Comment " .. run .. "-" .. n .. ": the *painted* lanes were never enough."
  if n % 5 == 0 then text = text .. " See https://news.example.org/reports." end
  return '{"site":"' .. site .. '","article":"' .. article .. '","articleUrl":"' .. origin .. article ..
    '","articleTitle":"Posting benchmark","name":"Poster ' .. poster .. '","email":"poster' .. poster ..
    '@example.org","body":"' .. text .. '"}'
end

local post_headers = { ["Content-Type"] = "application/json", ["Origin"] = origin }

request = function()
  counter = counter + 1
  local pick = counter % 20
  if pick < 14 then return wrk.format("GET", thread) end
  if pick < 17 then return wrk.format("GET", counts) end
  if pick < 18 then return wrk.format("GET", other) end
  return wrk.format("POST", "/api/comments", post_headers, comment_body(counter))
end
