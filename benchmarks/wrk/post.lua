-- POST a body given in the environment (BENCH_BODY), as a browser submits the result form
-- (BENCH_CONTENT_TYPE, default a form; the JSON match endpoint takes application/json).
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/x-www-form-urlencoded"
