-- Bad input under load: valid pages mixed with malformed requests, counting responses by class.
-- BENCH_VERSION names the quiz version; BENCH_STATE a valid full answer string.
local v = os.getenv("BENCH_VERSION")
local state = os.getenv("BENCH_STATE")
local base = "/q/bench/" .. v
local form = { ["Content-Type"] = "application/x-www-form-urlencoded" }
local huge = "state=" .. string.rep("a", 200000)
local requests = {
  { "GET", base .. "/3", nil, nil },                                              -- valid statement
  { "POST", base .. "/resultat", form, "state=" .. state .. "&kommun=alla" },      -- valid result
  { "POST", base .. "/svar", form, "state=" .. state .. "&position=30&answer=2" }, -- valid last answer
  { "GET", "/healthz", nil, nil },
  { "GET", "/q/nope/1-deadbeef/1", nil, nil },                                    -- unknown quiz
  { "GET", "/q/bench/99999-zzzz/1", nil, nil },                                   -- malformed version
  { "GET", "/q/bench/1-00000000/1", nil, nil },                                   -- wrong hash
  { "GET", base .. "/9999", nil, nil },                                           -- no such statement
  { "GET", base .. "/-1", nil, nil },
  { "POST", base .. "/resultat", form, "state=%00%ff%fe<script>&kommun=../../etc" }, -- junk answers
  { "POST", base .. "/resultat", form, "state=" .. string.rep("z", 30) },         -- right length, junk
  { "POST", base .. "/svar", form, "state=" .. state .. "&position=abc&answer=999&goto=-4" },
  { "POST", base .. "/svar", form, "state=" .. state .. "&position=99999999999999999999&action=boom" },
  { "POST", base .. "/svar", form, "state=&position=&important=2" },
  { "POST", base .. "/resultat", { ["Content-Type"] = "multipart/form-data; boundary=x" }, "--x\r\njunk" },
  { "POST", base .. "/resultat", { ["Content-Type"] = "application/json" }, "{\"state\": [1,2,3]}" },
  { "POST", base .. "/resultat", form, huge },                                    -- > MAX_CONTENT_LENGTH
  { "PUT", base .. "/3", nil, nil },                                              -- wrong method
  { "GET", "/q/%ff%fe/%00/1?lang=xx&kommun=%ff", nil, nil },
  { "GET", "/embed" .. base .. "/3?farg=%23zzzzzz&namn=%3Cscript%3E", nil, nil },  -- junk embed theme
  { "GET", "/embed/tema.css?farg=red;}body{background:url(x)", nil, nil },
  { "GET", "/oembed?url=http://evil.example/q/bench/&maxwidth=-1&maxheight=abc", nil, nil },
  { "GET", "/badda-in?quiz=%00&kommun=../&sprak=xx&farg=%ff", nil, nil },
  { "GET", "/r/bench/" .. v .. "/%00%ff!!junk?kommun=%ff", nil, nil },          -- broken share link
  { "GET", "/r/bench/999-deadbeef/" .. state, nil, nil },                        -- share link, no such version
  { "POST", base .. "/diagram", form, "state=" .. string.rep("?", 31) },
  { "POST", base .. "/dela", form, "state=" .. state .. "&kommun=%00" },           -- valid, junk municipality
  { "POST", base .. "/andra", form, "state=" .. state .. "&parti=p1&parti=%00" },  -- valid editor, junk party
  { "POST", base .. "/resultat", form, "state=" .. state .. "&action=omrakna&svar-1=99&svar-2=%ff&viktig-3=x" },
  { "POST", base .. "/resultat", form, "state=\255\254\000&kommun=\255" },      -- raw bytes, not UTF-8
  { "POST", base .. "/resultat", { ["Content-Type"] = "application/x-www-form-urlencoded; charset=latin-1" },
    "state=" .. state },                                                          -- werkzeug's own parser
  { "POST", "/api/v1/q/bench/" .. v .. "/match", { ["Content-Type"] = "application/json" },
    "{\"answers\": {\"s1\": 2, \"s2\": null}, \"important\": [\"s1\"]}" },               -- valid JSON match
  { "POST", "/api/v1/q/bench/" .. v .. "/match", { ["Content-Type"] = "application/json" },
    "{\"answers\": {\"s1\": 99, \"x\": [1]}, \"important\": 5" },                         -- broken JSON
  { "POST", "/api/v1/q/bench/" .. v .. "/match", { ["Content-Type"] = "application/json" },
    "{\"answers\": {\"s1\": 1.5, \"s2\": \"2\", \"s999\": true}}" },                  -- junk values
  { "GET", "/api/v1/q/bench/" .. v, nil, nil },                                   -- open data
}
local n = #requests
local i = 0

request = function()
  i = i % n + 1
  local r = requests[i]
  return wrk.format(r[1], r[2], r[3], r[4])
end

-- setup, init, response and done: the response counts, shared with the other loads (beside this file).
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "counts.lua")
