"""Two onestop instances on one PostgreSQL database (issue 6, item 5).

Starts two `onestop serve` processes on a new database of the PostgreSQL server at the given URL,
gives every station an endpoint on one local webhook receiver, and then:

1. sends 2,000 submissions spread across both instances; every request answered 201 must be delivered, no webhook-id may arrive twice and no request may be routed twice;
2. sends 1,000 more and kills one instance with SIGKILL a third of the way in; every request answered
   201 must still be delivered (by the survivor, once the dead one's leases run out), and a repeat is
   allowed only with the same webhook-id.

Prints what it measured; exits non-zero on any failure.
    python3 two_instances.py ONESTOP_BINARY POSTGRES_URL CATALOG_DIR
"""
import collections
import concurrent.futures
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

binary, server_url, catalog = sys.argv[1], sys.argv[2], sys.argv[3]
# The receiver stands in for a station on loopback, which onestop sends to only when told it may.
os.environ["ONESTOP_ALLOW_LOCAL_ENDPOINTS"] = "1"
work = tempfile.mkdtemp(prefix="onestop-instances-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fail(message):
    print(f"FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def psql(url, sql):
    return subprocess.run(["psql", url, "-tAc", sql], check=True, capture_output=True, text=True).stdout.strip()


def onestop(*arguments):
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"onestop {' '.join(arguments)}: {result.stderr.strip()}")
    return result.stdout


name = f"onestop_instances_{os.getpid()}"
psql(server_url, f"CREATE DATABASE {name}")
database = server_url.rsplit("/", 1)[0] + "/" + name
onestop("migrate", "--database", database)
onestop("catalog", "import", catalog, "--database", database)


class Receiver(http.server.BaseHTTPRequestHandler):
    lock = threading.Lock()
    received = []  # (webhook-id, type, request id)

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with Receiver.lock:
            Receiver.received.append((self.headers["webhook-id"], body["type"], body["data"]["request_id"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *arguments):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


receiver = QuietServer(("127.0.0.1", free_port()), Receiver)
threading.Thread(target=receiver.serve_forever, daemon=True).start()
hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"

stations = []
for line in psql(database, "SELECT id FROM station WHERE status = 'active' ORDER BY id").splitlines():
    stations.append(line)
    onestop("endpoints", "add", "--station", line, "--url", hook, "--event-type", "request.assigned", "--database", database)

instances = {}


def start(label):
    port = free_port()
    log = open(os.path.join(work, f"{label}.log"), "w")
    process = subprocess.Popen(
        [binary, "serve", "--database", database, "--port", str(port), "--secret-file", os.path.join(work, "secret"),
         "--catalog", catalog, "--submissions-per-minute", "0", "--request-prefix", "LA", "--log-level", "warning",
         "--webhook-timeout", "1", "--webhook-lease", "3"], stdout=log, stderr=log)
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    else:
        fail(f"instance {label} did not start: {open(log.name).read()[-500:]}")
    instances[label] = (process, port)


# The secret file is created by the first start; the second reads the same one.
start("a")
start("b")

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
SERVICES = ["JZ-TEA-001", "HS-TEA-001", "LA-JL-001", "HQ-CRA-001", "YJ-FUR-001", "KF-JC-001", "SC-ELE-001", "JA-DWN-001"]
REGIONS = ["341524", "341525", "341500", "341522", "341504", "341500-etdz", "341523", "341502"]


def credit_code(n):
    body = "91341500" + "MA" + format(n % 10_000_000, "07d")
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def submit(n, label):
    i = n % len(SERVICES)
    body = json.dumps({
        "enterprise": {"name": f"多实例企业 {n}", "uscc": credit_code(n), "region": REGIONS[i], "industry": "茶叶",
                       "contact_name": "联系人", "phone": f"1380000{n % 10000:04d}"},
        "service_code": SERVICES[i], "description": f"多实例提交 {n}", "mode": "station"}).encode()
    port = instances[label][1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/requests", data=body, method="POST",
                                     headers={"Content-Type": "application/json", "Idempotency-Key": f"instances-{n}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        # 200: the same key was answered before (a retry after the first instance died mid-answer).
        if response.status not in (200, 201):
            raise RuntimeError(f"answer {response.status}")
        return json.loads(response.read())


def submit_anywhere(n, labels):
    """Submits to the instance chosen by n; when it is gone, the same request (same key) to the other."""
    for label in labels(n):
        if instances[label][0].poll() is not None:
            continue
        try:
            return submit(n, label)
        except (urllib.error.URLError, ConnectionError, OSError):
            continue
    return None


def run_phase(numbers, labels, during=None):
    answers = {}
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        futures = {pool.submit(submit_anywhere, n, labels): n for n in numbers}
        for done, future in enumerate(concurrent.futures.as_completed(futures)):
            if during:
                during(done)
            answer = future.result()
            if answer is not None:
                answers[answer["id"]] = answer.get("station") or (answer.get("assigned_station") or {}).get("id")
    return answers, time.monotonic() - started


def station_of(answer_station):
    return answer_station["id"] if isinstance(answer_station, dict) else answer_station


def wait_for_deliveries(expected, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with Receiver.lock:
            seen = {request for _, kind, request in Receiver.received if kind == "request.assigned"}
        if expected <= seen:
            return time.monotonic()
        time.sleep(0.2)
    missing = expected - seen
    fail(f"{len(missing)} assigned requests never delivered, for example {sorted(missing)[:5]}")


# Phase 1: 2,000 submissions, alternating between the instances, no faults.
phase1, seconds1 = run_phase(range(2000), lambda n: ["a", "b"] if n % 2 == 0 else ["b", "a"])
if len(phase1) != 2000:
    fail(f"only {len(phase1)} of 2,000 submissions were answered 201")
routed = {request: station_of(station) for request, station in phase1.items()}
expected1 = {request for request, station in routed.items() if station in stations}
delivered_at = wait_for_deliveries(expected1, 60)
with Receiver.lock:
    received1 = list(Receiver.received)
ids1 = collections.Counter(webhook for webhook, _, _ in received1)
twice = [webhook for webhook, count in ids1.items() if count > 1]
if twice:
    fail(f"{len(twice)} webhook-ids arrived twice without any fault")
per_request = collections.Counter(request for _, kind, request in received1 if kind == "request.assigned")
if any(count != 1 for count in per_request.values()):
    fail("a request was announced as assigned more than once")
if set(per_request) - set(phase1):
    fail("a webhook named a request that was never answered 201")
stored = int(psql(database, "SELECT count(*) FROM service_request"))
rerouted = int(psql(database, "SELECT count(*) FROM (SELECT request_id FROM routing_record GROUP BY request_id HAVING count(*) > 1) t"))
if stored != 2000 or rerouted != 0:
    fail(f"stored {stored} requests (expected 2,000), {rerouted} routed more than once")
print(f"phase 1: 2,000 submissions on two instances in {seconds1:.1f} s ({2000 / seconds1:.0f} req/s, 16 clients); "
      f"{len(expected1)} assigned, {len(per_request)} delivered once each, no webhook-id twice, "
      f"no request routed twice; all delivered {delivered_at - time.monotonic() + seconds1:.1f} s after the first submission")

# Phase 2: 1,000 more, and instance a is killed with SIGKILL a third of the way in.
killed = {}


def kill_a(done):
    if done == 333 and "at" not in killed:
        os.kill(instances["a"][0].pid, signal.SIGKILL)
        instances["a"][0].wait()
        killed["at"] = time.monotonic()


phase2, seconds2 = run_phase(range(2000, 3000), lambda n: ["a", "b"] if n % 2 == 0 else ["b", "a"], during=kill_a)
if "at" not in killed:
    fail("instance a was never killed")
routed2 = {request: station_of(station) for request, station in phase2.items()}
expected2 = {request for request, station in routed2.items() if station in stations}
recovered_at = wait_for_deliveries(expected1 | expected2, 90)
with Receiver.lock:
    received = list(Receiver.received)
ids_per_request = collections.defaultdict(set)
for webhook, kind, request in received:
    if kind == "request.assigned":
        ids_per_request[request].add(webhook)
if any(len(ids) > 1 for ids in ids_per_request.values()):
    fail("a request was delivered again under another webhook-id")
arrivals = collections.Counter(webhook for webhook, _, _ in received)
repeats = sum(arrivals.values()) - len(arrivals)
stored2 = int(psql(database, "SELECT count(*) FROM service_request"))
rerouted2 = int(psql(database, "SELECT count(*) FROM (SELECT request_id FROM routing_record GROUP BY request_id HAVING count(*) > 1) t"))
pending = int(psql(database, "SELECT count(*) FROM delivery WHERE status != 'succeeded'"))
if len(phase2) != 1000:
    fail(f"only {len(phase2)} of 1,000 submissions were answered 201 (the idempotency key lets a client retry on the survivor)")
if rerouted2 != 0 or pending != 0:
    fail(f"{rerouted2} requests routed twice, {pending} deliveries not succeeded")
print(f"phase 2: 1,000 submissions, instance a killed with SIGKILL after 333; all 1,000 answered 201 (retried on b with the same "
      f"Idempotency-Key where a was gone), {stored2 - 2000} stored; {len(expected2)} assigned, all delivered "
      f"{recovered_at - killed['at']:.1f} s after the kill; repeats: {repeats}, each with its first webhook-id")
instances["b"][0].terminate()
instances["b"][0].wait(timeout=30)
psql(server_url, f"DROP DATABASE {name}")
