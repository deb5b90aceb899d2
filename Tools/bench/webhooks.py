"""Helpers for Tools/bench-webhooks (benchmark tooling, not product code).

  queue DATABASE COUNT          put COUNT deliveries, spread over every endpoint, straight into the outbox
  curl-config DATABASE DIR      write the same bodies and a curl --config file posting them (prints its path)
  throughput DATABASE           deliveries per second from the attempts the worker recorded
  receive PORT LOG              a receiver answering 204 that logs arrival time and request id
  load URL RATE SECONDS LOG     open-loop submissions at RATE per second, logging when each 201 arrived
  latency LOADLOG RECEIVELOG    p50/p90/p99 from 201 to the station receiving request.assigned
"""
import json
import os
import random
import sqlite3
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def credit_code(n):
    body = "91341500" + "MA" + format(n, "07d")
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def body(n, station):
    return json.dumps({
        "type": "request.assigned", "timestamp": "2026-11-27T01:00:00Z",
        "data": {
            "request_id": f"LA-20261127-{n:05d}", "status": "assigned", "station": station, "mode": "station",
            "service": {"code": "JZ-TEA-001", "name": "茶叶农残检测"},
            "description": "出口前需要做农残检测，约 20 批次。" * 3,
            "enterprise": {"name": f"金寨县某茶业有限公司{n}", "credit_code": credit_code(n % 100000), "region": "341524",
                           "contact_name": "张三", "phone": "13800001234"},
            "acknowledge_by": "2026-11-28T01:00:00Z", "created_at": "2026-11-27T01:00:00Z",
            "links": {"accept": f"http://127.0.0.1:8080/api/v1/station/requests/LA-20261127-{n:05d}/accept"},
        },
    }, ensure_ascii=False, separators=(",", ":")).encode()


def endpoints(db):
    return db.execute("SELECT id, station_id, url FROM webhook_endpoint WHERE deleted_at IS NULL ORDER BY id").fetchall()


def queue(path, count):
    db = sqlite3.connect(path)
    targets = endpoints(db)
    rows = []
    for n in range(count):
        endpoint, station, _ = targets[n % len(targets)]
        rows.append((f"msg_bench{n:08d}", endpoint, "request.assigned", f"LA-20261127-{n:05d}", body(n, station), 0, 0))
    db.executemany("INSERT INTO delivery (message_id, endpoint_id, event_type, request_id, payload, status, attempts, next_attempt_at, created_at)"
                   " VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)", [r[:5] + (r[5], r[6]) for r in rows])
    db.commit()
    print(f"queued {count} deliveries over {len(targets)} endpoints, {sum(len(r[4]) for r in rows) // count} bytes each")


def curl_config(path, directory):
    db = sqlite3.connect(path)
    lines = []
    for n, (message, url, payload) in enumerate(db.execute(
            "SELECT d.message_id, e.url, d.payload FROM delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id ORDER BY d.id")):
        file = os.path.join(directory, f"{n}.json")
        with open(file, "wb") as out:
            out.write(payload)
        if lines:
            lines.append("next")
        lines += [f'url = "{url}"', f'data-binary = "@{file}"', 'header = "Content-Type: application/json"',
                  f'header = "webhook-id: {message}"', 'header = "webhook-timestamp: 1795000000"',
                  'header = "webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="',
                  'output = "/dev/null"', 'write-out = "%{http_code}\\n"']
    config = os.path.join(directory, "curl.config")
    with open(config, "w") as out:
        out.write("\n".join(lines) + "\n")
    print(config)


def throughput(path):
    db = sqlite3.connect(path)
    first, last, attempts = db.execute("SELECT MIN(at), MAX(at + duration_ms), COUNT(*) FROM delivery_attempt").fetchone()
    succeeded = db.execute("SELECT COUNT(*) FROM delivery WHERE status = 'succeeded'").fetchone()[0]
    seconds = (last - first) / 1000
    print(json.dumps({"succeeded": succeeded, "attempts": attempts, "seconds": seconds, "per_second": succeeded / seconds}))


def receive(port, log):
    out = open(log, "a", buffering=1)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            now = time.time()
            self.send_response(204)
            self.send_header("Content-Length", "0")
            self.end_headers()
            try:
                message = json.loads(data)
                if message.get("type") == "request.assigned":
                    with lock:
                        out.write(f"{now:.6f} {message['data']['request_id']}\n")
            except ValueError:
                pass

        def log_message(self, *args):
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


def load(url, rate, seconds, log):
    total = int(rate * seconds)
    start = time.time() + 0.2
    results, lock = [], threading.Lock()
    failures = [0]

    def worker(offset, step):
        for n in range(offset, total, step):
            due = start + n / rate
            pause = due - time.time()
            if pause > 0:
                time.sleep(pause)
            submission = {
                "enterprise": {"name": f"六安市某企业{n}", "uscc": credit_code(n), "region": "341524", "industry": "茶叶",
                               "contact_name": "张三", "phone": "13800001234"},
                "service_code": "JZ-TEA-001", "description": "出口前需要做农残检测。", "mode": "station"}
            request = urllib.request.Request(url + "/api/v1/requests", data=json.dumps(submission).encode(),
                                             headers={"Content-Type": "application/json"}, method="POST")
            try:
                with urllib.request.urlopen(request) as response:
                    answer = json.loads(response.read())
                    now = time.time()
                    with lock:
                        results.append((now, answer["id"], now - due))
            except Exception:
                with lock:
                    failures[0] += 1

    threads = [threading.Thread(target=worker, args=(i, 32)) for i in range(32)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(log, "w") as out:
        for now, request_id, _ in results:
            out.write(f"{now:.6f} {request_id}\n")
    late = sorted(r[2] for r in results)
    print(json.dumps({"answered_201": len(results), "failed": failures[0],
                      "achieved_rate": len(results) / (max(r[0] for r in results) - start) if results else 0,
                      "submission_p99_ms": 1000 * late[int(0.99 * (len(late) - 1))] if late else None}))


def latency(load_log, receive_log):
    answered = {line.split()[1]: float(line.split()[0]) for line in open(load_log)}
    received = {}
    for line in open(receive_log):
        at, request_id = line.split()
        received.setdefault(request_id, float(at))
    delays = sorted(1000 * (received[r] - answered[r]) for r in answered if r in received)
    missing = [r for r in answered if r not in received]

    def pct(p):
        return delays[min(len(delays) - 1, int(p / 100 * len(delays)))]

    print(json.dumps({"requests": len(answered), "received": len(delays), "missing": len(missing),
                      "p50_ms": pct(50), "p90_ms": pct(90), "p99_ms": pct(99), "max_ms": delays[-1],
                      "received_before_201": sum(1 for d in delays if d < 0)}))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "queue":
        queue(args[0], int(args[1]))
    elif command == "curl-config":
        curl_config(args[0], args[1])
    elif command == "throughput":
        throughput(args[0])
    elif command == "receive":
        receive(int(args[0]), args[1])
    elif command == "load":
        load(args[0], float(args[1]), float(args[2]), args[3])
    elif command == "latency":
        latency(args[0], args[1])
    else:
        sys.exit(__doc__)
