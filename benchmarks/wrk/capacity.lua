-- Election night's mix at the app tier (benchmarks/capacity.py): per 44 requests, a voter's 40
-- answer steps (POST /svar, the answers so far growing), the result page (POST /resultat), one
-- statement page a CDN did not have, and class mode: one student sending answers to a class
-- (a database write through PgBouncer) and one teacher dashboard (database reads).
-- CAP_* variables come from capacity.py; CAP_STATES is one answer state per step, space-separated.
local v = os.getenv("CAP_VERSION")
local quiz = os.getenv("CAP_QUIZ")
local full = os.getenv("CAP_FULL")
local csrf = os.getenv("CAP_CSRF")
local cookie = os.getenv("CAP_COOKIE")
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local class_form = { ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookie }
local base = "/q/" .. quiz .. "/" .. v
local requests = {}
local step = 0
for state in string.gmatch(os.getenv("CAP_STATES"), "%S+") do
  step = step + 1
  table.insert(requests, { "POST", base .. "/svar", form, "state=" .. state .. "&position=" .. step .. "&answer=1&kommun=alla" })
end
table.insert(requests, { "POST", base .. "/resultat", form, "state=" .. full .. "&kommun=alla" })
table.insert(requests, { "GET", base .. "/" .. math.floor(step / 2) .. "?kommun=alla", nil, nil })
local codes, tokens, tickets = {}, {}, {}
for c in string.gmatch(os.getenv("CAP_CODES"), "%S+") do table.insert(codes, c) end
for t in string.gmatch(os.getenv("CAP_TICKETS"), "%S+") do table.insert(tickets, t) end
for t in string.gmatch(os.getenv("CAP_TOKENS"), "%S+") do table.insert(tokens, t) end
local n, i, k = #requests, 0, 0

request = function()
  i = i % (n + 2) + 1
  if i == n + 1 then
    k = k % #codes + 1
    return wrk.format("POST", "/klass/" .. codes[k] .. "/svar", class_form, "csrf_token=" .. csrf .. "&klass=" .. tickets[k] .. "&state=" .. full)
  elseif i == n + 2 then
    return wrk.format("GET", "/larare/" .. tokens[k], nil, nil)
  end
  local r = requests[i]
  return wrk.format(r[1], r[2], r[3], r[4])
end

-- setup, init, response and done: the response counts, shared with the other loads (beside this file).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "counts.lua")
