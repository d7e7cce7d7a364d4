-- The body of a benchmark comment: a new text every time (the duplicate rule refuses a repeat) from
-- a pool of 1,000 commenters, as the widget sends it. Must match commentBody() in
-- scripts/bench/bodies.ts. post.lua and mixed.lua load it with dofile; PARLEY_SITE,
-- PARLEY_ARTICLE, PARLEY_ORIGIN and PARLEY_RUN come from the environment.
local site = os.getenv("PARLEY_SITE") or "bench"
local article = os.getenv("PARLEY_ARTICLE") or "/bench/posts"
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
local run = os.getenv("PARLEY_RUN") or tostring(os.time())

return function(n)
  local poster = n % 1000
  local text = "Comment " .. run .. "-" .. n .. ": the *painted* lanes were never enough."
  if n % 5 == 0 then text = text .. " See https://news.example.org/reports." end
  return '{"site":"' .. site .. '","article":"' .. article .. '","articleUrl":"' .. origin .. article ..
    '","articleTitle":"Posting benchmark","name":"Poster ' .. poster .. '","email":"poster' .. poster ..
    '@example.org","body":"' .. text .. '"}'
end
