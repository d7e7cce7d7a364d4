-- POST /api/comments with a new body every time (the duplicate rule refuses a repeat).
-- PARLEY_SITE, PARLEY_ARTICLE and PARLEY_ORIGIN come from the environment.
local site = os.getenv("PARLEY_SITE") or "bench"
local article = os.getenv("PARLEY_ARTICLE") or "/bench/posts"
local origin = os.getenv("PARLEY_ORIGIN") or "https://news.example.org"
local counter = 0
local run = tostring(os.time())

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local n = run .. "-" .. counter
  local body = '{"site":"' .. site .. '","article":"' .. article .. '","articleUrl":"' .. origin .. article ..
    '","articleTitle":"Posting benchmark","name":"Poster ' .. (counter % 1000) .. '","email":"poster' .. (counter % 1000) ..
    '@example.org","body":"Comment ' .. n .. ': the *painted* lanes were never enough; see https://news.example.org/reports."}'
  return wrk.format(nil, nil, nil, body)
end
