"""Helpers for Tools/bench-notices (benchmark tooling, not product code).

  account PORT                       set up the Alibaba account the server signs for, with no limits of the imitation's own
  submit URL COUNT                   COUNT requests to 金寨站, each from its own mobile number, agreeing to SMS; prints their ids
  accepts URL KEY RATE IDS_FILE      accepts the requests at RATE a second; then, from the imitation, the time from each
                                     accept's answer to its SMS arriving (p50, p99, max)
  burst URL KEY PORT EVENTS          one request, EVENTS notices for its one number (received, accepted, promise moves):
                                     what reaches the imitation in the first 65 s, and when the rest are due
"""
import json
import sys
import threading
import time
import urllib.request

from webhooks import credit_code


def call(url, data=None, method="GET", key=None):
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = "Bearer " + key
    request = urllib.request.Request(url, data=json.dumps(data).encode() if data is not None else None, method=method, headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def account(port):
    call(f"http://127.0.0.1:{port}/_control/accounts", {
        "provider": "aliyun", "key_id": "LTAI-bench", "secret": "bench-secret", "sign_names": ["六安市市场监管局"],
        "templates": {"SMS_1001": ["id", "link"], "SMS_1002": ["id", "station", "date", "link"], "SMS_1003": ["id", "date", "link"]}}, "POST")
    call(f"http://127.0.0.1:{port}/_control/limits", {"per_minute": 0, "per_hour": 0, "per_day": 0}, "POST")


def submit(url, count, phone_base=13800000000):
    ids = []
    for n in range(int(count)):
        body = {"enterprise": {"name": f"六安市某企业{n}", "uscc": credit_code(n), "region": "341524", "contact_name": "张三",
                               "phone": str(phone_base + n)},
                "service_code": "JZ-TEA-001", "description": "出口前需要做农残检测。", "mode": "station", "notices": {"sms": True}}
        ids.append(call(url + "/api/v1/requests", body, "POST")["id"])
    return ids


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else None


def accepts(url, key, rate, ids_file, port):
    ids = [line.strip() for line in open(ids_file) if line.strip()]
    answered, lock = {}, threading.Lock()

    def accept(request_id):
        call(f"{url}/api/v1/station/requests/{request_id}/accept", {"caseworker": "wu-xia"}, "POST", key)
        with lock:
            answered[request_id] = time.time()

    started, threads = time.time(), []
    for index, request_id in enumerate(ids):
        delay = started + index / float(rate) - time.time()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=accept, args=(request_id,))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    took = time.time() - started
    deadline = time.time() + 60
    while True:
        messages = call(f"http://127.0.0.1:{port}/_control/messages?provider=aliyun")["messages"]
        arrived = {m["params"]["id"]: m["received_at"] for m in messages if m["template"] == "SMS_1002"}
        if len(arrived) >= len(ids) or time.time() > deadline:
            break
        time.sleep(0.5)
    latencies = [(arrived[i] - answered[i]) * 1000 for i in ids if i in arrived]
    rejected = call(f"http://127.0.0.1:{port}/_control/rejections?provider=aliyun")["rejections"]
    print(json.dumps({"accepts": len(answered), "accepts_per_s": round(len(answered) / took, 1), "sms_arrived": len(latencies),
                      "p50_ms": round(percentile(latencies, 0.5), 1), "p99_ms": round(percentile(latencies, 0.99), 1),
                      "max_ms": round(max(latencies), 1), "provider_refusals": len(rejected)}))


def burst(url, key, port, events):
    events = int(events)
    call(f"http://127.0.0.1:{port}/_control/messages", method="DELETE")
    request_id = submit(url, 1, phone_base=13999990000)[0]
    started = time.time()
    call(f"{url}/api/v1/station/requests/{request_id}/accept", {"caseworker": "wu-xia"}, "POST", key)
    for n in range(events - 2):
        day = time.strftime("%Y-%m-%d", time.localtime(time.time() + (30 + n) * 86400))
        call(f"{url}/api/v1/station/requests/{request_id}/reschedule", {"promised_on": day, "reason": f"第{n + 1}次调整"}, "POST", key)
    written = time.time() - started
    time.sleep(max(0, 65 - (time.time() - started)))
    messages = [m for m in call(f"http://127.0.0.1:{port}/_control/messages?provider=aliyun")["messages"] if m["phone"] == "13999990000"]
    rejected = call(f"http://127.0.0.1:{port}/_control/rejections?provider=aliyun")["rejections"]
    arrivals = [round(m["received_at"] - started, 1) for m in messages]
    print(json.dumps({"events": events, "written_in_s": round(written, 2), "arrived_in_65s": len(messages), "arrival_s": arrivals,
                      "provider_refusals": len(rejected), "request": request_id}))


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "account":
        account(args[0])
    elif command == "submit":
        print("\n".join(submit(args[0], args[1])))
    elif command == "accepts":
        accepts(args[0], args[1], args[2], args[3], args[4])
    elif command == "burst":
        burst(args[0], args[1], args[2], args[3])
