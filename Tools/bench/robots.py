"""Helpers for Tools/bench-robots (benchmark tooling, not product code).

  robot PORT PLATFORM TOKEN PER_MINUTE PER_SECOND SECRET   set up a robot on the imitation ("-" for none)
  burst URL COUNT SERVICE:REGION...                         COUNT submissions per service, all at once
  report PORT TOKEN... [--wait SECONDS --expect N]          what each robot accepted and when
"""
import json
import sys
import threading
import time
import urllib.request

from webhooks import credit_code


def call(url, data=None, method="GET"):
    request = urllib.request.Request(url, data=json.dumps(data).encode() if data is not None else None, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())


def robot(port, platform, token, per_minute, per_second, secret):
    none = lambda v: None if v == "-" else v
    call(f"http://127.0.0.1:{port}/_control/robots", {
        "platform": platform, "token": token, "secret": none(secret), "window_seconds": 60,
        "per_minute": int(per_minute) if per_minute != "-" else None,
        "per_second": int(per_second) if per_second != "-" else None}, "POST")


def burst(url, count, services):
    count = int(count)
    failures, lock = [0], threading.Lock()

    def submit(n, service, region):
        body = {"enterprise": {"name": f"六安市某企业{n}", "uscc": credit_code(n), "region": region, "industry": "茶叶",
                               "contact_name": "张三", "phone": "13800001234"},
                "service_code": service, "description": "出口前需要做农残检测。", "mode": "station"}
        try:
            call(url + "/api/v1/requests", body, "POST")
        except Exception:
            with lock:
                failures[0] += 1

    threads = []
    for index, pair in enumerate(services):
        service, region = pair.split(":")
        threads += [threading.Thread(target=submit, args=(index * 10000 + n, service, region)) for n in range(count)]
    started = time.time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"submitted": len(threads) - failures[0], "failed": failures[0], "seconds": round(time.time() - started, 2)}))
    return started


def report(port, tokens, wait, expect):
    deadline = time.time() + wait
    while True:
        records = {t: call(f"http://127.0.0.1:{port}/_control/robots/{t}") for t in tokens}
        if all(len(r["accepted"]) >= expect for r in records.values()) or time.time() > deadline:
            break
        time.sleep(1)
    for token, record in records.items():
        times = [m["at"] for m in record["accepted"]]
        most_in_60 = max((sum(1 for u in times if t <= u < t + 60) for t in times), default=0)
        most_in_1 = max((sum(1 for u in times if t <= u < t + 1) for t in times), default=0)
        marks = {k: round(times[k - 1] - times[0], 1) for k in (20, 21, 40, 41, 50) if len(times) >= k}
        print(json.dumps({"robot": token, "accepted": len(times), "rejected": len(record["rejected"]),
                          "first_to_last_s": round(times[-1] - times[0], 1) if times else None,
                          "most_in_any_60s": most_in_60, "most_in_any_1s": most_in_1, "nth_after_first_s": marks}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "robot":
        robot(*args)
    elif command == "burst":
        burst(args[0], args[1], args[2:])
    elif command == "report":
        wait = float(args[args.index("--wait") + 1]) if "--wait" in args else 0
        expect = int(args[args.index("--expect") + 1]) if "--expect" in args else 0
        tokens = [t for i, t in enumerate(args[1:], 1) if not t.startswith("--") and args[i - 1] not in ("--wait", "--expect")]
        report(args[0], tokens, wait, expect)
