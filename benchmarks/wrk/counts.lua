-- Responses counted by class (2xx/3xx, 4xx, 5xx) over every thread, printed when wrk is done;
-- the loads that must show zero 5xx (mixed.lua, capacity.lua) load this with `dofile`.
function setup(thread)
  threads = threads or {}
  table.insert(threads, thread)
end

function init(args)
  ok, client_errors, server_errors = 0, 0, 0
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("ok")
    b = b + t:get("client_errors")
    c = c + t:get("server_errors")
  end
  io.write(string.format("responses 2xx/3xx: %d\nresponses 4xx: %d\nresponses 5xx: %d\n", a, b, c))
end
