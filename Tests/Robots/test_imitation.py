"""Tests of imitation.py, the imitation group-robot server.
Run from the repository root: python3 -m unittest Tests/Robots/test_imitation.py"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
import uuid
from urllib.parse import quote

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "imitation.py")
WECOM_MD = {"msgtype": "markdown", "markdown": {"content": "**disk** full"}}
DING_MD = {"msgtype": "markdown", "markdown": {"title": "告警 disk", "text": "### disk full"},
           "at": {"atMobiles": ["13800000000"], "isAtAll": False}}
FEISHU_CARD = {"msg_type": "interactive", "card": {
    "header": {"title": {"tag": "plain_text", "content": "disk"}, "template": "red"},
    "elements": [{"tag": "div", "text": {"tag": "lark_md", "content": "**full**"}}]}}
DING_NOT_EXIST = {"errcode": 300001, "errmsg": "token is not exist"}
FEISHU_BAD_TOKEN = {"code": 19001, "msg": "param invalid: incoming webhook access token invalid", "data": {}}


def start():
    proc = subprocess.Popen([sys.executable, SCRIPT], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.fullmatch(r"listening on (\d+)\n", line)
    if not match:
        proc.kill()
        raise AssertionError(f"unexpected first line {line!r}")
    return proc, int(match.group(1))


def b64_hmac(key, msg):
    return base64.b64encode(hmac.new(key.encode(), msg.encode(), hashlib.sha256).digest()).decode()


def ding_query(secret, ms=None, encode=lambda s: quote(s, safe="")):
    ms = str(int(time.time() * 1000)) if ms is None else str(ms)
    sign = b64_hmac(secret, ms + "\n" + secret)
    return f"&timestamp={ms}&sign={encode(sign)}"


def feishu_signed(body, secret, ts=None):
    ts = str(int(time.time())) if ts is None else ts
    return dict(body, timestamp=ts, sign=b64_hmac(f"{ts}\n{secret}", ""))


class ImitationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.port = start()

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(5)
        cls.proc.stdout.close()

    def call(self, path, body=None, method="POST", ctype="application/json", raw=None):
        data = raw if raw is not None else None if body is None else json.dumps(body, ensure_ascii=False).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method)
        if ctype:
            req.add_header("Content-Type", ctype)
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return resp.status, json.loads(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def robot(self, platform, **options):
        token = options.pop("token", uuid.uuid4().hex)
        status, reply = self.call("/_control/robots", dict(platform=platform, token=token, **options))
        self.assertEqual(status, 200, reply)
        return token

    def records(self, token):
        status, reply = self.call(f"/_control/robots/{token}", method="GET")
        self.assertEqual(status, 200)
        return reply

    def wecom(self, token, body, **kw):
        return self.call(f"/cgi-bin/webhook/send?key={token}", body, **kw)

    def ding(self, token, body, query="", **kw):
        return self.call(f"/robot/send?access_token={token}{query}", body, **kw)

    def feishu(self, token, body, **kw):
        return self.call(f"/open-apis/bot/v2/hook/{token}", body, **kw)

    def assertRejected(self, result, platform, code, status=200):
        self.assertEqual(result[0], status, result)
        self.assertEqual(result[1]["code" if platform == "feishu" else "errcode"], code, result)

    def assertCodes(self, token, accepted, rejected):
        rec = self.records(token)
        self.assertEqual(len(rec["accepted"]), accepted)
        self.assertEqual([r["code"] for r in rec["rejected"]], rejected)

    # Unknown tokens and the control API

    def test_unknown_tokens(self):
        status, reply = self.wecom("nobody", WECOM_MD)
        self.assertEqual(status, 200)
        self.assertEqual(reply["errcode"], 93000)
        self.assertTrue(reply["errmsg"].startswith("invalid webhook url, hint: "))
        self.assertEqual(self.ding("nobody", DING_MD), (200, DING_NOT_EXIST))
        self.assertEqual(self.feishu("nobody", FEISHU_CARD), (200, FEISHU_BAD_TOKEN))
        wecom_token = self.robot("wecom")  # a token is known only on its own platform
        self.assertEqual(self.ding(wecom_token, DING_MD), (200, DING_NOT_EXIST))

    def test_control_replace_delete_and_errors(self):
        token = self.robot("feishu")
        self.assertEqual(self.feishu(token, FEISHU_CARD)[0], 200)
        self.assertCodes(token, 1, [])
        self.robot("feishu", token=token)
        self.assertEqual(self.records(token), {"accepted": [], "rejected": []})
        self.assertEqual(self.call(f"/_control/robots/{token}", method="DELETE")[0], 200)
        self.assertEqual(self.feishu(token, FEISHU_CARD), (200, FEISHU_BAD_TOKEN))
        self.assertEqual(self.call(f"/_control/robots/{token}", method="GET")[0], 404)
        for bad in ({"platform": "slack", "token": "t"}, {"platform": "wecom"},
                    {"platform": "wecom", "token": "t", "per_minute": 0},
                    {"platform": "wecom", "token": "t", "answer": {"msg": "no code"}}):
            self.assertEqual(self.call("/_control/robots", bad)[0], 400, bad)

    def test_answer_override(self):
        for platform, send, code, status in (("wecom", self.wecom, 93000, 200),
                                             ("dingtalk", self.ding, 300005, 200),
                                             ("feishu", self.feishu, 19001, 500)):
            token = self.robot(platform, answer={"code": code, "msg": "robot removed", "status": status})
            good = {"wecom": WECOM_MD, "dingtalk": DING_MD, "feishu": FEISHU_CARD}[platform]
            self.assertRejected(send(token, good), platform, code, status)
            rejected = self.records(token)["rejected"]
            self.assertEqual([(r["code"], r["msg"]) for r in rejected], [(code, "robot removed")])
            self.assertEqual(json.loads(rejected[0]["raw"]), good)

    def test_keep_alive_chunked_and_expect_continue(self):
        token = self.robot("wecom")
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        headers = {"Content-Type": "application/json"}
        conn.request("POST", f"/cgi-bin/webhook/send?key={token}", json.dumps(WECOM_MD), headers)
        self.assertEqual(json.loads(conn.getresponse().read())["errcode"], 0)
        sock = conn.sock
        parts = iter([b'{"msgtype":"text",', b'"text":{"content":"chunked"}}'])
        conn.request("POST", f"/cgi-bin/webhook/send?key={token}", parts, headers, encode_chunked=True)
        self.assertEqual(json.loads(conn.getresponse().read())["errcode"], 0)
        self.assertIs(conn.sock, sock)  # the same connection served both
        conn.close()
        body = json.dumps(WECOM_MD).encode()
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
            s.sendall(f"POST /cgi-bin/webhook/send?key={token} HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      f"application/json\r\nContent-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n".encode())
            self.assertTrue(s.recv(100).startswith(b"HTTP/1.1 100"))
            s.sendall(body)
            answer = b""
            while not answer.endswith(b"}"):
                answer += s.recv(1000)
            self.assertIn(b'"errcode": 0', answer)
        self.assertEqual(self.records(token)["accepted"][1]["body"]["text"]["content"], "chunked")
        self.assertCodes(token, 3, [])

    def test_signals_exit_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            proc, _ = start()
            proc.send_signal(sig)
            self.assertEqual(proc.wait(5), 0)
            proc.stdout.close()

    # WeCom

    def test_wecom_accepts_and_records(self):
        token = self.robot("wecom")
        before = time.time()
        self.assertEqual(self.wecom(token, WECOM_MD), (200, {"errcode": 0, "errmsg": "ok"}))
        text = {"msgtype": "text", "text": {"content": "disk", "mentioned_mobile_list": ["13800000000"]}}
        self.assertEqual(self.wecom(token, text)[1]["errcode"], 0)
        first, second = self.records(token)["accepted"]
        self.assertEqual(first["body"], WECOM_MD)
        self.assertEqual(json.loads(first["raw"]), WECOM_MD)
        self.assertEqual(first["query"], {"key": token})
        self.assertTrue(before <= first["at"] <= second["at"] <= time.time())
        self.assertEqual(second["body"], text)

    def test_wecom_sizes(self):
        token = self.robot("wecom")
        md = lambda content: {"msgtype": "markdown", "markdown": {"content": content}}
        text = lambda content: {"msgtype": "text", "text": {"content": content}}
        self.assertEqual(self.wecom(token, md("中" * 1365 + "a"))[1]["errcode"], 0)  # 4096 bytes
        self.assertRejected(self.wecom(token, md("中" * 1365 + "ab")), "wecom", 40058)
        self.assertEqual(self.wecom(token, text("x" * 2048))[1]["errcode"], 0)
        self.assertRejected(self.wecom(token, text("é" * 1025)), "wecom", 40058)
        rec = self.records(token)["rejected"]
        self.assertEqual(rec[0]["msg"], "content exceed max length")
        self.assertEqual(len(rec[0]["raw"]), 300)
        self.assertGreater(rec[0]["bytes"], 4097)

    def test_wecom_bad_requests(self):
        token = self.robot("wecom")
        self.assertRejected(self.wecom(token, WECOM_MD, ctype="text/plain"), "wecom", 40008, 400)
        self.assertRejected(self.wecom(token, None, method="GET"), "wecom", 40008, 400)
        self.assertRejected(self.wecom(token, None, raw=b"{not json"), "wecom", 40035)
        self.assertRejected(self.wecom(token, None, raw=b'{"msgtype":"text","text":{"content":"\xff"}}'),
                            "wecom", 40035)
        self.assertRejected(self.wecom(token, {"msgtype": "text", "text": {"content": ""}}), "wecom", 44004)
        self.assertRejected(self.wecom(token, {"msgtype": "markdown"}), "wecom", 44004)
        self.assertRejected(self.wecom(token, {"msgtype": "news", "news": {}}), "wecom", 40008)
        bad_list = {"msgtype": "text", "text": {"content": "x", "mentioned_mobile_list": [138]}}
        self.assertRejected(self.wecom(token, bad_list), "wecom", 40035)
        self.assertCodes(token, 0, [40008, 40008, 40035, 40035, 44004, 44004, 40008, 40035])

    def test_wecom_rate_limit(self):
        token = self.robot("wecom", per_minute=2, window_seconds=0.5)
        for _ in range(2):
            self.assertEqual(self.wecom(token, WECOM_MD)[1]["errcode"], 0)
        self.assertEqual(self.wecom(token, WECOM_MD)[1], {"errcode": 45009, "errmsg": "api freq out of limit"})
        time.sleep(0.6)
        self.assertEqual(self.wecom(token, WECOM_MD)[1]["errcode"], 0)
        self.assertCodes(token, 3, [45009])

    # DingTalk

    def test_dingtalk_signing(self):
        secret = "SEC" + uuid.uuid4().hex
        token = self.robot("dingtalk", secret=secret)
        self.assertEqual(self.ding(token, DING_MD, ding_query(secret)), (200, {"errcode": 0, "errmsg": "ok"}))
        query = self.records(token)["accepted"][0]["query"]
        self.assertEqual(sorted(query), ["access_token", "sign", "timestamp"])
        old = int(time.time() * 1000) - 3700 * 1000
        for bad in (ding_query(secret, encode=lambda s: quote(quote(s, safe=""), safe="")),  # encoded twice
                    ding_query("wrong"), ding_query(secret, ms=old), ding_query(secret, ms=int(time.time())),
                    f"&timestamp={int(time.time() * 1000)}", ""):
            status, reply = self.ding(token, DING_MD, bad)
            self.assertEqual((status, reply["errcode"]), (200, 310000), bad)
            self.assertTrue(reply["errmsg"].startswith("sign not match"))
        self.assertCodes(token, 1, [310000] * 6)

    def test_dingtalk_keyword(self):
        token = self.robot("dingtalk", keyword="告警")
        self.assertEqual(self.ding(token, DING_MD)[1]["errcode"], 0)  # in the title
        in_text = {"msgtype": "markdown", "markdown": {"title": "disk", "text": "告警: full"}}
        self.assertEqual(self.ding(token, in_text)[1]["errcode"], 0)
        self.assertEqual(self.ding(token, {"msgtype": "text", "text": {"content": "告警"}})[1]["errcode"], 0)
        status, reply = self.ding(token, {"msgtype": "markdown", "markdown": {"title": "disk", "text": "full"}})
        self.assertEqual((status, reply["errcode"]), (200, 310000))
        self.assertTrue(reply["errmsg"].startswith("keywords not in content"))
        self.assertCodes(token, 3, [310000])

    def test_dingtalk_size(self):
        token = self.robot("dingtalk")
        body = lambda n: {"msgtype": "text", "text": {"content": "x" * n}}
        base = len(json.dumps(body(0)).encode())
        self.assertEqual(self.ding(token, body(20000 - base))[1]["errcode"], 0)
        self.assertEqual(self.ding(token, body(20001 - base)), (200, {"errcode": 460101, "errmsg": "message too long"}))
        self.assertEqual(self.records(token)["rejected"][0]["bytes"], 20001)

    def test_dingtalk_bad_requests(self):
        token = self.robot("dingtalk")
        self.assertRejected(self.ding(token, DING_MD, ctype="application/x-www-form-urlencoded"),
                            "dingtalk", 40035, 400)
        self.assertRejected(self.ding(token, None, raw=b"[1, 2]"), "dingtalk", 40035)
        for bad in ({"msgtype": "markdown", "markdown": {"text": "no title"}},
                    {"msgtype": "markdown", "markdown": {"title": "t", "text": ""}},
                    {"msgtype": "text", "text": {}}, {"msgtype": "link", "link": {}},
                    dict(DING_MD, at={"atMobiles": [13800000000]})):
            self.assertEqual(self.ding(token, bad), (200, {"errcode": 40035, "errmsg": "缺少参数 json"}), bad)
        self.assertCodes(token, 0, [40035] * 7)

    def test_dingtalk_rate_limit(self):
        token = self.robot("dingtalk", per_minute=2, window_seconds=0.5)
        self.ding(token, DING_MD), self.ding(token, DING_MD)
        self.assertEqual(self.ding(token, DING_MD)[1],
                         {"errcode": 130101, "errmsg": "send too fast, exceed 20 times per minute"})
        time.sleep(0.6)
        self.assertEqual(self.ding(token, DING_MD)[1]["errcode"], 0)
        self.assertCodes(token, 3, [130101])

    # Feishu

    def test_feishu_signing(self):
        secret = "sec" + uuid.uuid4().hex
        token = self.robot("feishu", secret=secret)
        ok = {"code": 0, "data": {}, "msg": "success"}
        self.assertEqual(self.feishu(token, feishu_signed(FEISHU_CARD, secret)), (200, ok))
        text = {"msg_type": "text", "content": {"text": "disk full"}}
        self.assertEqual(self.feishu(token, feishu_signed(text, secret)), (200, ok))
        now = int(time.time())
        for bad in (feishu_signed(FEISHU_CARD, "wrong"), feishu_signed(FEISHU_CARD, secret, str(now - 3700)),
                    feishu_signed(FEISHU_CARD, secret, now), FEISHU_CARD,
                    dict(feishu_signed(FEISHU_CARD, secret), sign=quote(b64_hmac(f"{now}\n{secret}", ""), safe=""))):
            self.assertEqual(self.feishu(token, bad), (200, {
                "code": 19021, "msg": "sign match fail or timestamp is not within one hour from current time",
                "data": {}}))
        self.assertCodes(token, 2, [19021] * 5)

    def test_feishu_size(self):
        token = self.robot("feishu")
        body = lambda n: {"msg_type": "text", "content": {"text": "x" * n}}
        base = len(json.dumps(body(0)).encode())
        self.assertEqual(self.feishu(token, body(20480 - base))[1]["code"], 0)
        self.assertEqual(self.feishu(token, body(20481 - base)),
                         (400, {"code": 9499, "msg": "request body too large", "data": {}}))

    def test_feishu_bad_requests(self):
        token = self.robot("feishu")
        self.assertRejected(self.feishu(token, FEISHU_CARD, ctype=None), "feishu", 9499, 400)
        self.assertRejected(self.feishu(token, None, method="PUT"), "feishu", 9499, 400)
        self.assertRejected(self.feishu(token, None, raw=b'{"msg_type":'), "feishu", 9499, 400)
        no_elements = json.loads(json.dumps(FEISHU_CARD))
        no_elements["card"]["elements"] = []
        for bad in (no_elements, {"msg_type": "interactive", "card": {"elements": [{}]}},
                    {"msg_type": "text", "content": {"text": ""}}, {"msg_type": "post", "content": {}}):
            self.assertEqual(self.feishu(token, bad), (400, {"code": 9499, "msg": "Bad Request", "data": {}}))
        self.assertCodes(token, 0, [9499] * 7)

    def test_feishu_rate_limit(self):
        token = self.robot("feishu", per_second=2)
        self.feishu(token, FEISHU_CARD), self.feishu(token, FEISHU_CARD)
        self.assertEqual(self.feishu(token, FEISHU_CARD), (200, {"code": 11232, "msg": "frequency limited", "data": {}}))
        time.sleep(1.05)
        self.assertEqual(self.feishu(token, FEISHU_CARD)[1]["code"], 0)
        self.assertCodes(token, 3, [11232])


if __name__ == "__main__":
    unittest.main()
