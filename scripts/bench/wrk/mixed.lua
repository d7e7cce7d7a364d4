-- The soak's mixed load: mostly thread reads, then counts, another article's thread, and posts.
-- PARLEY_THREAD, PARLEY_COUNTS, PARLEY_OTHER (paths with query), PARLEY_SITE, PARLEY_ARTICLE,
-- PARLEY_ORIGIN and PARLEY_RUN come from the environment.
local thread = os.getenv("PARLEY_THREAD")
local counts = os.getenv("PARLEY_COUNTS")
local other = os.getenv("PARLEY_OTHER")
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
local counter = 0

-- body.lua sits beside this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local comment_body = dofile(here .. "body.lua")
local post_headers = { ["Content-Type"] = "application/json", ["Origin"] = origin }

request = function()
  counter = counter + 1
  local pick = counter % 20
  if pick < 14 then return wrk.format("GET", thread) end
  if pick < 17 then return wrk.format("GET", counts) end
  if pick < 18 then return wrk.format("GET", other) end
  return wrk.format("POST", "/api/comments", post_headers, comment_body(counter))
end
