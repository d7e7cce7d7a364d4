-- POST /api/comments as the widget sends it, with a new body every time (the duplicate rule refuses
-- a repeat) from a pool of 1,000 commenters: see body.lua.
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
-- body.lua sits beside this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
local comment_body = dofile(here .. "body.lua")
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = origin

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, comment_body(counter))
end
