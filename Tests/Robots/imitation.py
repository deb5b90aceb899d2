"""An imitation of the WeCom, DingTalk and Feishu custom group robots (incoming webhooks), for tests.

Usage: python3 imitation.py [--port N]   (N = 0, the default, picks a free port)
Prints "listening on PORT" once, then serves 127.0.0.1 until SIGTERM or SIGINT.

Robot URLs:  WeCom    POST /cgi-bin/webhook/send?key=TOKEN
             DingTalk POST /robot/send?access_token=TOKEN[&timestamp=MS&sign=SIGN]
             Feishu   POST /open-apis/bot/v2/hook/TOKEN
Control API: POST /_control/robots (create or replace a robot), GET and DELETE /_control/robots/TOKEN.
See Tests/Robots/test_imitation.py for examples. Set ONESTOP_IMITATION_VERBOSE to log requests to stderr.
"""
import argparse
import base64
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

FEISHU_PREFIX = "/open-apis/bot/v2/hook/"
UNKNOWN = {
    "wecom": (93000, "invalid webhook url, hint: [imitation], more info at "
                     "https://open.work.weixin.qq.com/devtool/query?e=93000"),
    "dingtalk": (300001, "token is not exist"),
    "feishu": (19001, "param invalid: incoming webhook access token invalid"),
}
BAD_REQUEST = {  # wrong method or content type: HTTP 400
    "wecom": (40008, "invalid request method or content type"),
    "dingtalk": (40035, "缺少参数 json"),
    "feishu": (9499, "Bad Request"),
}
INVALID_JSON = {"wecom": (40035, "invalid json"), "dingtalk": (40035, "缺少参数 json"), "feishu": (9499, "Bad Request")}
THROTTLED = {
    "wecom": (45009, "api freq out of limit"),
    "dingtalk": (130101, "send too fast, exceed 20 times per minute"),
    "feishu": (11232, "frequency limited"),
}
DING_DOC = "more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]"
DING_SIGN = (310000, "sign not match, " + DING_DOC)
FEISHU_SIGN = (19021, "sign match fail or timestamp is not within one hour from current time")
OK = {"wecom": {"errcode": 0, "errmsg": "ok"}, "dingtalk": {"errcode": 0, "errmsg": "ok"},
      "feishu": {"code": 0, "data": {}, "msg": "success"}}


class Reject(Exception):
    def __init__(self, code, msg, status=200):
        super().__init__(msg)
        self.code, self.msg, self.status = code, msg, status


def error_body(platform, code, msg):
    if platform == "feishu":
        return {"code": code, "msg": msg, "data": {}}
    return {"errcode": code, "errmsg": msg}


def nonempty_str(value):
    return isinstance(value, str) and value != ""


def str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def dig(obj, *keys):
    """obj[k1][k2]... or None when any level is missing or not an object."""
    for key in keys:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def hmac_b64(key, msg):
    return base64.b64encode(hmac.new(key.encode(), msg.encode(), hashlib.sha256).digest()).decode()


def fresh(timestamp, unit):
    """True when the digit string timestamp (in 1/unit seconds) is within an hour of now."""
    if not (isinstance(timestamp, str) and timestamp.isascii() and timestamp.isdigit()):
        return False
    return abs(time.time() - int(timestamp) / unit) <= 3600


def same(given, expected):
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def judge(platform, robot, method, ctype, raw, query):
    """Checks 1-5 of a message to a configured robot; returns the parsed body or raises Reject."""
    if method != "POST" or not ctype.lower().startswith("application/json"):
        raise Reject(*BAD_REQUEST[platform], 400)
    if platform == "dingtalk" and len(raw) > 20000:
        raise Reject(460101, "message too long")
    if platform == "feishu" and len(raw) > 20480:
        raise Reject(9499, "request body too large", 400)
    try:
        body = json.loads(raw.decode("utf-8"))
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        raise Reject(*INVALID_JSON[platform], 400 if platform == "feishu" else 200)
    secret = robot["secret"]

    if platform == "wecom":
        for kind, limit in (("markdown", 4096), ("text", 2048)):
            content = dig(body, kind, "content")
            if body.get("msgtype") == kind and isinstance(content, str) and len(content.encode()) > limit:
                raise Reject(40058, "content exceed max length")
        kind = body.get("msgtype")
        if kind not in ("markdown", "text"):
            raise Reject(40008, "invalid message type")
        if not nonempty_str(dig(body, kind, "content")):
            raise Reject(44004, "empty content")
        mentioned = dig(body, "text", "mentioned_mobile_list")
        if kind == "text" and mentioned is not None and not str_list(mentioned):
            raise Reject(*INVALID_JSON["wecom"])

    elif platform == "dingtalk":
        if secret is not None:
            ts, sign = query.get("timestamp"), query.get("sign")
            if not (fresh(ts, 1000) and same(sign, hmac_b64(secret, f"{ts}\n{secret}"))):
                raise Reject(*DING_SIGN)
        kind, at = body.get("msgtype"), body.get("at")
        if kind == "markdown":
            texts = [dig(body, "markdown", "title"), dig(body, "markdown", "text")]
        elif kind == "text":
            texts = [dig(body, "text", "content")]
        else:
            texts = [None]
        if (not all(nonempty_str(t) for t in texts) or (at is not None and not isinstance(at, dict))
                or (dig(at, "atMobiles") is not None and not str_list(dig(at, "atMobiles")))):
            raise Reject(40035, "缺少参数 json")
        if robot["keyword"] is not None and not any(robot["keyword"] in t for t in texts):
            raise Reject(310000, "keywords not in content, " + DING_DOC)

    else:  # feishu
        if secret is not None:
            ts = body.get("timestamp")
            if not (fresh(ts, 1) and same(body.get("sign"), hmac_b64(f"{ts}\n{secret}", ""))):
                raise Reject(*FEISHU_SIGN)
        kind, elements = body.get("msg_type"), dig(body, "card", "elements")
        if not ((kind == "interactive" and nonempty_str(dig(body, "card", "header", "title", "content"))
                 and isinstance(elements, list) and elements)
                or (kind == "text" and nonempty_str(dig(body, "content", "text")))):
            raise Reject(9499, "Bad Request", 400)
    return body


def throttled(robot, now):
    times = robot["times"]
    return ((robot["per_minute"] is not None
             and sum(t > now - robot["window_seconds"] for t in times) >= robot["per_minute"])
            or (robot["per_second"] is not None and sum(t > now - 1 for t in times) >= robot["per_second"]))


def make_robot(spec):
    """Validates a control request body; returns the robot's state or raises ValueError."""
    def limit(name, kinds=(int,)):
        value = spec.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds) or value <= 0):
            raise ValueError(f"{name} must be null or a positive number")
        return value

    if not isinstance(spec, dict) or spec.get("platform") not in UNKNOWN:
        raise ValueError("platform must be wecom, dingtalk or feishu")
    if not nonempty_str(spec.get("token")):
        raise ValueError("token must be a non-empty string")
    for name in ("secret", "keyword"):
        if spec.get(name) is not None and not nonempty_str(spec[name]):
            raise ValueError(f"{name} must be null or a non-empty string")
    answer = spec.get("answer")
    if answer is not None:
        if not (isinstance(answer, dict) and isinstance(answer.get("code"), int)
                and isinstance(answer.get("msg", ""), str) and isinstance(answer.get("status", 200), int)):
            raise ValueError("answer must be null or {code: int, msg: string, status: int}")
        answer = {"code": answer["code"], "msg": answer.get("msg", ""), "status": answer.get("status", 200)}
    window = limit("window_seconds", (int, float))
    return {"platform": spec["platform"], "token": spec["token"], "secret": spec.get("secret"),
            "keyword": spec.get("keyword"), "per_minute": limit("per_minute"), "per_second": limit("per_second"),
            "window_seconds": 60 if window is None else window, "answer": answer,
            "accepted": [], "rejected": [], "times": []}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "imitation"

    def log_message(self, format, *args):
        if os.environ.get("ONESTOP_IMITATION_VERBOSE"):
            sys.stderr.write("imitation: %s\n" % (format % args))

    def reply(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def handle_any(self):
        raw = self.read_body()
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        if url.path == "/_control/robots" or url.path.startswith("/_control/robots/"):
            return self.control(url.path, raw)
        if url.path == "/cgi-bin/webhook/send":
            platform, token = "wecom", query.get("key")
        elif url.path == "/robot/send":
            platform, token = "dingtalk", query.get("access_token")
        elif url.path.startswith(FEISHU_PREFIX):
            platform, token = "feishu", unquote(url.path[len(FEISHU_PREFIX):])
        else:
            return self.reply(404, {"error": "no such path"})
        server = self.server
        with server.lock:
            robot = server.robots.get(token)
            if robot is None or robot["platform"] != platform:
                return self.reply(200, error_body(platform, *UNKNOWN[platform]))
            now, at = time.monotonic(), time.time()
            try:
                if robot["answer"]:
                    raise Reject(robot["answer"]["code"], robot["answer"]["msg"], robot["answer"]["status"])
                body = judge(platform, robot, self.command, self.headers.get("Content-Type", ""), raw, query)
                if throttled(robot, now):
                    raise Reject(*THROTTLED[platform])
            except Reject as r:
                robot["rejected"].append({"at": at, "code": r.code, "msg": r.msg, "bytes": len(raw),
                                          "raw": raw.decode("utf-8", "replace")[:300]})
                return self.reply(r.status, error_body(platform, r.code, r.msg))
            robot["times"].append(now)
            robot["accepted"].append({"at": at, "body": body, "raw": raw.decode(), "query": query})
        self.reply(200, OK[platform])

    def control(self, path, raw):
        server, token = self.server, unquote(path[len("/_control/robots/"):])
        with server.lock:
            if path == "/_control/robots" and self.command == "POST":
                try:
                    robot = make_robot(json.loads(raw.decode("utf-8")))
                except ValueError as e:
                    return self.reply(400, {"error": str(e)})
                server.robots[robot["token"]] = robot
                return self.reply(200, {k: v for k, v in robot.items() if k not in ("accepted", "rejected", "times")})
            robot = server.robots.get(token) if path != "/_control/robots" else None
            if robot is None:
                return self.reply(404, {"error": "no such robot or method"})
            if self.command == "GET":
                return self.reply(200, {"accepted": robot["accepted"], "rejected": robot["rejected"]})
            if self.command == "DELETE":
                del server.robots[token]
                return self.reply(200, {"deleted": token})
            return self.reply(405, {"error": "method not allowed"})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    parser = argparse.ArgumentParser(description="Imitation WeCom/DingTalk/Feishu group robots")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when standard input closes: the test process that started it is gone, even if it crashed")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.lock, server.robots = threading.Lock(), {}

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.exit_with_stdin:
        def watch():
            sys.stdin.buffer.read()
            os.kill(os.getpid(), signal.SIGTERM)
        threading.Thread(target=watch, daemon=True).start()
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except SystemExit:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
