-- POST a form body given in the environment (BENCH_BODY), as a browser submits the result form.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
