-- POST /api/comments as the widget sends it, with a new body every time (the duplicate rule refuses
-- a repeat) from a pool of 1,000 commenters. Must match commentBody() in scripts/bench/bodies.ts.
-- PARLEY_SITE, PARLEY_ARTICLE, PARLEY_ORIGIN and PARLEY_RUN come from the environment.
local site = os.getenv("PARLEY_SITE") or "bench"
local article = os.getenv("PARLEY_ARTICLE") or "/bench/posts"
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
local run = os.getenv("PARLEY_RUN") or tostring(os.time())
local counter = 0

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Origin"] = origin

function comment_body(n)
  local poster = n % 1000
  local text = "Comment " .. run .. "-" .. n .. ": the *painted* lanes were never enough."
  if n % 5 == 0 then text = text .. " See https://news.example.org/reports." end
  return '{"site":"' .. site .. '","article":"' .. article .. '","articleUrl":"' .. origin .. article ..
    '","articleTitle":"Posting benchmark","name":"Poster ' .. poster .. '","email":"poster' .. poster ..
    '@example.org","body":"' .. text .. '"}'
end

request = function()
  counter = counter + 1
  return wrk.format(nil, nil, nil, comment_body(counter))
end
