"""Tests of imitation.py, the imitation Alibaba Cloud and Tencent Cloud SMS APIs.
Run from the repository root: python3 -m unittest Tests/Sms/test_imitation.py

Requests are signed here by a small signer of the test's own, written from the providers' documents; the imitation's
signer is checked against the worked examples those documents publish (their canonical request hashes and signatures)."""
import hashlib
import hmac
import http.client
import importlib.util
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import unittest
import uuid
from urllib.parse import urlencode

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "imitation.py")
_spec = importlib.util.spec_from_file_location("sms_imitation", SCRIPT)
imitation = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(imitation)

SIGN = "六安市市场监管局"
ALI = {"provider": "aliyun", "key_id": "LTAItestkey", "secret": "ali-secret", "sign_names": [SIGN],
       "templates": {"SMS_1001": ["code", "date"], "SMS_2002": []}}
TC = {"provider": "tencent", "key_id": "AKIDtestkey", "secret": "tc-secret", "app_id": "1400000000",
      "sign_names": [SIGN], "templates": {"1001": ["code", "minutes"], "1002": 0,
                                          "1003": {"params": 1, "verification": True}}}
ALI_PARAMS = {"PhoneNumbers": "13800001234", "SignName": SIGN, "TemplateCode": "SMS_1001",
              "TemplateParam": json.dumps({"code": "1234", "date": "5月1日"}, ensure_ascii=False), "OutId": "case-1"}
TC_BODY = {"PhoneNumberSet": ["+8613800001234"], "SmsSdkAppId": "1400000000", "SignName": SIGN,
           "TemplateId": "1001", "TemplateParamSet": ["1234", "5"], "SessionContext": "case-1"}


def sha256_hex(data):
    return hashlib.sha256(data if isinstance(data, bytes) else data.encode("utf-8")).hexdigest()


def hmac_raw(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def rfc3986(text):
    """Percent-encoding as the ACS3 document says: A-Z a-z 0-9 - _ . ~ stay, other UTF-8 bytes become %XY."""
    return "".join(chr(b) if chr(b).isascii() and (chr(b).isalnum() or chr(b) in "-_.~") else "%%%02X" % b
                   for b in text.encode("utf-8"))


def acs3_authorization(key_id, secret, method, params, headers, body, encode=rfc3986, order=sorted, signed=None):
    """The test's own ACS3-HMAC-SHA256 signer. headers: as sent, without Authorization."""
    lower = {k.lower(): v for k, v in headers.items()}
    names = sorted(signed if signed is not None else
                   [n for n in lower if n.startswith("x-acs-") or n in ("host", "content-type")])
    query = "&".join(encode(k) + "=" + encode(v) for k, v in order(params))
    canonical = "\n".join([method, "/", query, "".join(f"{n}:{lower.get(n, '').strip()}\n" for n in names),
                           ";".join(names), sha256_hex(body)])
    signature = hmac_raw(secret.encode(), "ACS3-HMAC-SHA256\n" + sha256_hex(canonical)).hex()
    return f"ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={';'.join(names)},Signature={signature}"


def tc3_authorization(secret_id, secret_key, timestamp, headers, body, signed=("content-type", "host"),
                      lower_values=True, date=None, service="sms", method="POST"):
    """The test's own TC3-HMAC-SHA256 signer. headers: as sent, without Authorization."""
    lower = {k.lower(): v.strip() for k, v in headers.items()}
    names = sorted(signed)
    lines = "".join(f"{n}:{lower.get(n, '').lower() if lower_values else lower.get(n, '')}\n" for n in names)
    canonical = "\n".join([method, "/", "", lines, ";".join(names), sha256_hex(body)])
    date = date or time.strftime("%Y-%m-%d", time.gmtime(timestamp))
    scope = f"{date}/{service}/tc3_request"
    key = hmac_raw(hmac_raw(hmac_raw(("TC3" + secret_key).encode(), date), service), "tc3_request")
    signature = hmac_raw(key, f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{sha256_hex(canonical)}").hex()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders={';'.join(names)}, Signature={signature}"


def acs_date(offset=0):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + offset))


def start():
    proc = subprocess.Popen([sys.executable, SCRIPT], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    match = re.fullmatch(r"listening on (\d+)\n", line)
    if not match:
        proc.kill()
        raise AssertionError(f"unexpected first line {line!r}")
    return proc, int(match.group(1))


class DocumentedExamplesTest(unittest.TestCase):
    """The documents' own numbers, for the imitation's signer and the test's."""

    def test_acs3_fixed_parameter_example(self):
        # "V3版本请求体&签名机制" (help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature), the
        # fixed-parameter example: POST ecs.cn-shanghai.aliyuncs.com RunInstances 2014-05-26, empty body.
        empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        headers = {"host": "ecs.cn-shanghai.aliyuncs.com", "x-acs-action": "RunInstances",
                   "x-acs-content-sha256": empty, "x-acs-date": "2023-10-26T10:22:32Z",
                   "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d", "x-acs-version": "2014-05-26"}
        params = [("RegionId", "cn-shanghai"), ("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd")]
        canonical = imitation.acs3_canonical_request("POST", params, headers, sorted(headers), b"")
        self.assertEqual(canonical.split("\n")[2],
                         "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai")
        self.assertEqual(sha256_hex(canonical), "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259")
        documented = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        self.assertEqual(imitation.acs3_signature("YourAccessKeySecret", canonical), documented)
        self.assertEqual(acs3_authorization("YourAccessKeyId", "YourAccessKeySecret", "POST", params, headers, b""),
                         "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                         "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=" + documented)

    def test_acs3_percent_encoding(self):
        for text, encoded in ((" ", "%20"), ("*", "%2A"), ("~", "~"), ("+", "%2B"), ("/", "%2F"), ("中", "%E4%B8%AD"),
                              ('{"code":"1"}', "%7B%22code%22%3A%221%22%7D"), ("a-_.Z9", "a-_.Z9")):
            self.assertEqual(imitation.acs3_encode(text), encoded)
            self.assertEqual(rfc3986(text), encoded)

    def test_tc3_documented_example(self):
        # Tencent Cloud API 3.0 "Signature v3" (e.g. tencentcloud.com/document/product/382/40467): CVM
        # DescribeInstances, X-TC-Timestamp 1551113065, SecretKey Gu5t9xGARNpq86cd98joQYCN3EXAMPLE.
        payload = b'{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}'
        self.assertEqual(sha256_hex(payload), "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064")
        headers = {"content-type": "application/json; charset=utf-8", "host": "cvm.tencentcloudapi.com"}
        canonical = imitation.tc3_canonical_request("POST", "", headers, ["content-type", "host"], payload)
        self.assertEqual(canonical, "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi"
                                    ".com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1"
                                    "398934f064")
        self.assertEqual(sha256_hex(canonical), "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031")
        documented = "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        secret = "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"
        self.assertEqual(imitation.tc3_signature(secret, "1551113065", "2019-02-25", "cvm", canonical), documented)
        self.assertEqual(tc3_authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", secret, 1551113065,
                                           {"Content-Type": "application/json; charset=utf-8",
                                            "Host": "cvm.tencentcloudapi.com"}, payload, service="cvm"),
                         "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
                         "SignedHeaders=content-type;host, Signature=" + documented)


class ImitationTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.proc, cls.port = start()

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(5)
        cls.proc.stdout.close()

    def setUp(self):
        self.assertEqual(self.control("POST", "/_control/reset")[0], 200)
        for account in (ALI, TC):
            self.assertEqual(self.control("POST", "/_control/accounts", account)[0], 200)

    def http(self, method, path, body=b"", headers=None, timeout=5):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body, headers or {})
            resp = conn.getresponse()
            return resp.status, json.loads(resp.read())
        finally:
            conn.close()

    def control(self, method, path, obj=None):
        body = b"" if obj is None else json.dumps(obj, ensure_ascii=False).encode()
        return self.http(method, path, body, {"Content-Type": "application/json"})

    def messages(self, query=""):
        return self.control("GET", "/_control/messages" + query)[1]["messages"]

    def rejected_codes(self, provider):
        return [r["code"] for r in self.control("GET", "/_control/rejections?provider=" + provider)[1]["rejections"]]

    def aliyun(self, params=None, form=None, key=ALI["key_id"], secret=ALI["secret"], method="POST", sign_method=None,
               date=None, nonce=None, action="SendSms", version="2017-05-25", wire=None, body_after=None,
               headers=None, auth=None, timeout=5, **signer):
        """Sends a signed Alibaba SendSms; returns (HTTP status, answer). headers: changes (None removes one)."""
        pairs = list((ALI_PARAMS if params is None else params).items())
        body = urlencode(form).encode() if form is not None else b""
        sent = {"Host": f"127.0.0.1:{self.port}", "x-acs-action": action, "x-acs-version": version,
                "x-acs-date": date or acs_date(), "x-acs-signature-nonce": nonce or uuid.uuid4().hex,
                "x-acs-content-sha256": sha256_hex(body)}
        if form is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent = {k: v for k, v in dict(sent, **(headers or {})).items() if v is not None}
        sent["Authorization"] = (auth if auth is not None else
                                 acs3_authorization(key, secret, sign_method or method, pairs, sent, body, **signer))
        query = wire if wire is not None else "&".join(rfc3986(k) + "=" + rfc3986(v) for k, v in pairs)
        return self.http(method, "/?" + query if query else "/", body if body_after is None else body_after, sent,
                         timeout)

    def tencent(self, obj=None, key=TC["key_id"], secret=TC["secret"], timestamp=None, action="SendSms",
                version="2021-01-11", content_type="application/json; charset=utf-8", signed_content_type=None,
                raw=None, body_after=None, auth=None, timeout=5, **signer):
        """Sends a signed Tencent SendSms; returns (HTTP status, answer)."""
        body = raw if raw is not None else json.dumps(TC_BODY if obj is None else obj, ensure_ascii=False).encode()
        ts = int(time.time()) if timestamp is None else timestamp
        sent = {"Host": f"127.0.0.1:{self.port}", "Content-Type": content_type, "X-TC-Action": action,
                "X-TC-Version": version, "X-TC-Timestamp": str(ts), "X-TC-Region": "ap-guangzhou"}
        signed = dict(sent, **{"Content-Type": signed_content_type or content_type})
        sent["Authorization"] = auth if auth is not None else tc3_authorization(key, secret, ts, signed, body, **signer)
        return self.http("POST", "/", body if body_after is None else body_after, sent, timeout)

    def assertAli(self, result, code, status=200):
        self.assertEqual((result[0], result[1]["Code"]), (status, code), result)
        self.assertEqual(sorted(result[1]), ["Code", "Message", "RequestId"] if code != "OK" else
                         ["BizId", "Code", "Message", "RequestId"])

    def assertTcError(self, result, code):
        self.assertEqual(result[0], 200, result)
        self.assertEqual(result[1]["Response"]["Error"]["Code"], code, result)
        self.assertTrue(result[1]["Response"]["Error"]["Message"])
        self.assertTrue(result[1]["Response"]["RequestId"])

    def tc_codes(self, result):
        self.assertEqual(result[0], 200, result)
        self.assertNotIn("Error", result[1]["Response"], result)
        return [s["Code"] for s in result[1]["Response"]["SendStatusSet"]]

    # Alibaba Cloud

    def test_aliyun_accepts_query_and_form_parameters(self):
        status, answer = self.aliyun()
        self.assertEqual((status, answer["Code"], answer["Message"]), (200, "OK", "OK"), answer)
        self.assertRegex(answer["BizId"], r"^[0-9]+\^0$")
        self.assertEqual(str(uuid.UUID(answer["RequestId"])).upper(), answer["RequestId"])
        form = dict(ALI_PARAMS, PhoneNumbers="+8613800001235,13800001236", OutId="a b*c~d+e")
        self.assertAli(self.aliyun(params={}, form=form), "OK")
        no_params = {"PhoneNumbers": "008613800001237", "SignName": SIGN, "TemplateCode": "SMS_2002"}
        self.assertAli(self.aliyun(params=no_params), "OK")
        first, second, third, fourth = self.messages()
        self.assertEqual({k: first[k] for k in ("provider", "phone", "sign_name", "template", "params", "out_id")},
                         {"provider": "aliyun", "phone": "13800001234", "sign_name": SIGN, "template": "SMS_1001",
                          "params": {"code": "1234", "date": "5月1日"}, "out_id": "case-1"})
        self.assertEqual(first["biz_id"], answer["BizId"])
        self.assertLessEqual(abs(first["received_at"] - time.time()), 5)
        self.assertEqual([second["phone"], third["phone"], second["out_id"]], ["13800001235", "13800001236", "a b*c~d+e"])
        self.assertEqual(second["biz_id"], third["biz_id"])
        self.assertEqual((fourth["phone"], fourth["params"], fourth["out_id"]), ("13800001237", {}, None))
        self.assertEqual(self.rejected_codes("aliyun"), [])

    def test_aliyun_refuses_bad_signatures(self):
        spaced = dict(ALI_PARAMS, OutId="a b*c~d")
        form_style = lambda s: rfc3986(s).replace("%20", "+")  # java.net.URLEncoder without the documented fixes
        cases = [
            (dict(secret="wrong"), "SignatureDoesNotMatch", 400),
            (dict(params=spaced, encode=form_style), "SignatureDoesNotMatch", 400),
            (dict(params=spaced, encode=lambda s: rfc3986(s).replace("%2A", "*")), "SignatureDoesNotMatch", 400),
            (dict(params=spaced, encode=lambda s: rfc3986(s).replace("~", "%7E")), "SignatureDoesNotMatch", 400),
            (dict(order=list), "SignatureDoesNotMatch", 400),  # parameters in the order given, not sorted
            (dict(sign_method="GET"), "SignatureDoesNotMatch", 400),
            (dict(form=ALI_PARAMS, params={}, body_after=urlencode(dict(ALI_PARAMS, OutId="x")).encode()),
             "SignatureDoesNotMatch", 400),
            (dict(headers={"x-acs-content-sha256": sha256_hex(b"other")}), "SignatureDoesNotMatch", 400),
            (dict(wire="&".join(f"{rfc3986(k)}={rfc3986(v)}" for k, v in ALI_PARAMS.items() if k != "OutId")),
             "SignatureDoesNotMatch", 400),
            (dict(signed=["x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                          "x-acs-version"]), "IncompleteSignature", 400),  # host unsigned
            (dict(signed=["host", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"]),
             "IncompleteSignature", 400),  # x-acs-action unsigned
            (dict(form=ALI_PARAMS, params={}, signed=["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date",
                                                      "x-acs-signature-nonce", "x-acs-version"]),
             "IncompleteSignature", 400),  # content-type unsigned
            (dict(auth=""), "IncompleteSignature", 400),
            (dict(key="LTAInobody"), "InvalidAccessKeyId.NotFound", 404),
            (dict(date=acs_date(-16 * 60)), "InvalidTimeStamp.Expired", 400),
            (dict(date=acs_date(16 * 60)), "InvalidTimeStamp.Expired", 400),
            (dict(date=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())), "InvalidTimeStamp.Format", 400),
            (dict(date="2024-13-01T10:00:00Z"), "InvalidTimeStamp.Format", 400),
            (dict(headers={"x-acs-signature-nonce": None}), "MissingSignatureNonce", 400),
            (dict(action="SendBatchSms"), "InvalidApi.NotFound", 404),
            (dict(version="2018-01-01"), "InvalidVersion", 400),
        ]
        for kwargs, code, status in cases:
            self.assertAli(self.aliyun(**kwargs), code, status)
        self.assertAli(self.aliyun(nonce="n1"), "OK")  # and its nonce is now used
        self.assertAli(self.aliyun(nonce="n1"), "SignatureNonceUsed", 400)
        other = acs3_authorization(ALI["key_id"], ALI["secret"], "POST", list(ALI_PARAMS.items()), {}, b"")
        self.assertAli(self.aliyun(auth=other.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SHA1")), "IncompleteSignature", 400)
        self.assertEqual(len(self.messages()), 1)
        rejections = self.control("GET", "/_control/rejections?provider=aliyun")[1]["rejections"]
        self.assertEqual([r["code"] for r in rejections], [c for _, c, _ in cases] + ["SignatureNonceUsed",
                                                                                       "IncompleteSignature"])
        self.assertIn("canonical request", rejections[0]["reason"])

    def test_aliyun_signature_hex_is_lowercase(self):
        sent = {"Host": f"127.0.0.1:{self.port}", "x-acs-action": "SendSms", "x-acs-version": "2017-05-25",
                "x-acs-date": acs_date(), "x-acs-signature-nonce": "n2", "x-acs-content-sha256": sha256_hex(b"")}
        auth = acs3_authorization(ALI["key_id"], ALI["secret"], "POST", list(ALI_PARAMS.items()), sent, b"")
        head, signature = auth.split("Signature=")
        self.assertAli(self.aliyun(headers={"x-acs-date": sent["x-acs-date"]}, nonce="n2",
                                   auth=head + "Signature=" + signature.upper()), "SignatureDoesNotMatch", 400)
        self.assertAli(self.aliyun(headers={"x-acs-date": sent["x-acs-date"]}, nonce="n2", auth=auth), "OK")
        self.assertEqual(self.rejected_codes("aliyun"), ["SignatureDoesNotMatch"])  # the nonce was not spent

    def test_aliyun_business_errors(self):
        def params(**changes):
            return {k: v for k, v in dict(ALI_PARAMS, **changes).items() if v is not None}

        for phone in ("1380000123", "12800001234", "138000012345", "+16505550100", "13800001234,", "１３８００００１２３４"):
            self.assertAli(self.aliyun(params(PhoneNumbers=phone)), "isv.MOBILE_NUMBER_ILLEGAL")
        self.assertAli(self.aliyun(params(SignName="别的签名")), "isv.SMS_SIGNATURE_ILLEGAL")
        self.assertAli(self.aliyun(params(TemplateCode="SMS_9999")), "isv.SMS_TEMPLATE_ILLEGAL")
        self.assertAli(self.aliyun(params(TemplateParam='{"code":"1"}')), "isv.TEMPLATE_MISSING_PARAMETERS")
        self.assertAli(self.aliyun(params(TemplateParam=None)), "isv.TEMPLATE_MISSING_PARAMETERS")
        for bad in ('{"code":1234,"date":"x"}', '["1234"]', "code=1234", '{"code":"1","date":null}'):
            self.assertAli(self.aliyun(params(TemplateParam=bad)), "isv.INVALID_JSON_PARAM")
        self.assertAli(self.aliyun(params(PhoneNumbers=None)), "MissingPhoneNumbers", 400)
        self.assertAli(self.aliyun(params(TemplateCode="")), "MissingTemplateCode", 400)
        self.assertEqual(self.messages(), [])
        status, answer = self.aliyun(params(PhoneNumbers="13800001234,1380000"))
        self.assertEqual(answer["Message"], "非法手机号")

    def test_aliyun_limits(self):
        self.assertAli(self.aliyun(), "OK")
        status, answer = self.aliyun()
        self.assertEqual((status, answer["Code"], answer["Message"]),
                         (200, "isv.BUSINESS_LIMIT_CONTROL", "触发分钟级流控Permits:1"))
        self.assertAli(self.aliyun(dict(ALI_PARAMS, TemplateCode="SMS_2002")), "OK")  # per number and template
        self.assertAli(self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13800001235")), "OK")
        self.assertAli(self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13800001235,13800001234")),
                       "isv.BUSINESS_LIMIT_CONTROL")
        self.assertEqual(self.control("POST", "/_control/limits", {"per_minute": 0, "per_hour": 2}),
                         (200, {"per_minute": 0, "per_hour": 2, "per_day": 10, "window_scale": 1}))
        self.assertAli(self.aliyun(), "OK")
        self.assertEqual(self.aliyun()[1]["Message"], "触发小时级流控Permits:2")
        self.control("POST", "/_control/limits", {"per_hour": 0, "per_day": 3})
        self.assertAli(self.aliyun(), "OK")
        self.assertEqual(self.aliyun()[1]["Message"], "触发天级流控Permits:3")
        self.control("POST", "/_control/limits", {"per_minute": 1, "per_day": 0, "window_scale": 0.01})  # 0.6 s
        other = dict(ALI_PARAMS, PhoneNumbers="13800001236")
        self.assertAli(self.aliyun(other), "OK")
        self.assertAli(self.aliyun(other), "isv.BUSINESS_LIMIT_CONTROL")
        time.sleep(0.65)
        self.assertAli(self.aliyun(other), "OK")
        self.control("DELETE", "/_control/messages")  # forgets the send-rate history too
        self.control("POST", "/_control/limits", {"window_scale": 1})
        self.assertAli(self.aliyun(), "OK")

    def test_aliyun_faults(self):
        other = dict(ALI_PARAMS, PhoneNumbers="13800001235")
        self.control("POST", "/_control/faults", {"provider": "aliyun", "phone": "13800001234",
                                                  "fault": "system_error", "count": 2})
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": None, "fault": "amount_not_enough"})
        self.assertAli(self.aliyun(other), "OK")
        self.assertAli(self.aliyun(), "isp.SYSTEM_ERROR")
        self.assertAli(self.aliyun(dict(ALI_PARAMS, TemplateCode="SMS_2002")), "isp.SYSTEM_ERROR")
        self.assertAli(self.aliyun(), "OK")
        for fault, code in (("amount_not_enough", "isv.AMOUNT_NOT_ENOUGH"), ("limit", "isv.BUSINESS_LIMIT_CONTROL"),
                            ("system_error", "isp.SYSTEM_ERROR"), ("no_such_number", "isv.MOBILE_NUMBER_ILLEGAL")):
            self.control("POST", "/_control/faults", {"provider": "aliyun", "phone": None, "fault": fault})
            self.assertAli(self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13900001234")), code)
        self.assertEqual(len(self.control("GET", "/_control/faults")[1]["faults"]), 1)  # the tencent one
        self.control("DELETE", "/_control/faults")
        self.assertEqual(self.control("GET", "/_control/faults")[1], {"faults": []})

    def test_hang_lets_a_client_time_out(self):
        self.control("POST", "/_control/faults", {"provider": "aliyun", "phone": None, "fault": "hang",
                                                  "seconds": 1.2, "count": 2})
        started = time.monotonic()
        with self.assertRaises(socket.timeout):
            self.aliyun(timeout=0.3)
        self.assertLess(time.monotonic() - started, 1)
        self.assertEqual(len(self.messages()), 1)  # accepted all the same, as a slow provider would have
        status, answer = self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13800001235"), timeout=5)
        self.assertEqual((status, answer["Code"]), (200, "OK"))
        self.assertGreater(time.monotonic() - started, 1.4)
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": "+8613800001236", "fault": "hang",
                                                  "seconds": 0.5})
        started = time.monotonic()
        self.assertEqual(self.tc_codes(self.tencent(dict(TC_BODY, PhoneNumberSet=["13800001236"]))), ["Ok"])
        self.assertGreater(time.monotonic() - started, 0.5)

    # Tencent Cloud

    def test_tencent_accepts(self):
        body = dict(TC_BODY, PhoneNumberSet=["+8613800001234", "13800001235", "008613800001236"])
        status, answer = self.tencent(body)
        self.assertEqual(self.tc_codes((status, answer)), ["Ok", "Ok", "Ok"])
        first = answer["Response"]["SendStatusSet"][0]
        self.assertEqual({k: v for k, v in first.items() if k != "SerialNo"},
                         {"PhoneNumber": "+8613800001234", "Fee": 1, "SessionContext": "case-1", "Code": "Ok",
                          "Message": "send success", "IsoCode": "CN"})
        self.assertRegex(first["SerialNo"], r"^[0-9]+:[0-9]+$")
        uuid.UUID(answer["Response"]["RequestId"])
        self.assertEqual([s["PhoneNumber"] for s in answer["Response"]["SendStatusSet"]],
                         ["+8613800001234", "+8613800001235", "+8613800001236"])
        records = self.messages("?provider=tencent")
        self.assertEqual({k: records[0][k] for k in ("phone", "sign_name", "template", "params", "session_context",
                                                     "serial_no")},
                         {"phone": "13800001234", "sign_name": SIGN, "template": "1001", "params": ["1234", "5"],
                          "session_context": "case-1", "serial_no": first["SerialNo"]})
        bare = {k: v for k, v in TC_BODY.items() if k != "SessionContext"}
        bare.update(TemplateId="1002", TemplateParamSet=[], PhoneNumberSet=["+8613800001237"])
        self.assertEqual(self.tc_codes(self.tencent(bare)), ["Ok"])
        bare.pop("TemplateParamSet")
        bare["PhoneNumberSet"] = ["+8613800001238"]
        self.assertEqual(self.tc_codes(self.tencent(bare)), ["Ok"])
        sdk_style = self.tencent(dict(TC_BODY, PhoneNumberSet=["+8613900001234"]),
                                 signed=("content-type", "host", "x-tc-action"))  # the value signed as "sendsms"
        self.assertEqual(self.tc_codes(sdk_style), ["Ok"])
        self.assertEqual(len(self.messages()), 6)

    def test_tencent_refuses_bad_signatures(self):
        now = int(time.time())
        tomorrow = time.strftime("%Y-%m-%d", time.gmtime(now + 86400))
        cases = [
            (dict(secret="wrong"), "AuthFailure.SignatureFailure"),
            (dict(body_after=json.dumps(dict(TC_BODY, SessionContext="x")).encode()), "AuthFailure.SignatureFailure"),
            (dict(signed=("content-type", "host", "x-tc-action"), lower_values=False), "AuthFailure.SignatureFailure"),
            (dict(signed=("content-type", "x-tc-timestamp")), "AuthFailure.SignatureFailure"),  # host unsigned
            (dict(signed=("host",)), "AuthFailure.SignatureFailure"),  # content-type unsigned
            (dict(signed=("content-type", "host", "x-tc-language")), "AuthFailure.SignatureFailure"),  # absent
            (dict(date=tomorrow), "AuthFailure.SignatureFailure"),  # not the UTC date of the timestamp
            (dict(service="cvm"), "AuthFailure.SignatureFailure"),
            (dict(signed_content_type="application/json"), "AuthFailure.SignatureFailure"),
            (dict(method="GET"), "AuthFailure.SignatureFailure"),
            (dict(timestamp=now - 301), "AuthFailure.SignatureExpire"),
            (dict(timestamp=now + 301), "AuthFailure.SignatureExpire"),
            (dict(key="AKIDnobody"), "AuthFailure.SecretIdNotFound"),
            (dict(auth="TC3-HMAC-SHA256 Signature=00"), "AuthFailure.InvalidAuthorization"),
            (dict(auth=""), "AuthFailure.InvalidAuthorization"),
            (dict(action="SendSmsBatch"), "InvalidAction"),
            (dict(version="2019-07-11"), "NoSuchVersion"),
        ]
        for kwargs, code in cases:
            self.assertTcError(self.tencent(**kwargs), code)
        self.assertEqual(self.tc_codes(self.tencent(timestamp=now - 240)), ["Ok"])
        self.assertEqual(len(self.messages()), 1)
        rejections = self.control("GET", "/_control/rejections?provider=tencent")[1]["rejections"]
        self.assertEqual([r["code"] for r in rejections], [c for _, c in cases])
        self.assertIn("canonical request", rejections[0]["reason"])
        self.assertIn("UTC date", rejections[6]["reason"])

    def test_tencent_business_errors(self):
        def body(**changes):
            return dict(TC_BODY, **changes)

        for obj, code in ((body(SmsSdkAppId="1400000001"), "UnauthorizedOperation.SmsSdkAppIdVerifyFail"),
                          (body(SignName="别的签名"), "FailedOperation.SignatureIncorrectOrUnapproved"),
                          ({k: v for k, v in TC_BODY.items() if k != "SignName"},
                           "FailedOperation.SignatureIncorrectOrUnapproved"),
                          (body(TemplateId="9999"), "FailedOperation.TemplateIncorrectOrUnapproved"),
                          (body(TemplateParamSet=["1234"]), "FailedOperation.TemplateParamSetNotMatchApprovedTemplate"),
                          (body(TemplateParamSet=["1234", 5]), "InvalidParameter"),
                          (body(TemplateParamSet="1234,5"), "InvalidParameter"),
                          (body(TemplateId="1003", TemplateParamSet=["12ab"]),
                           "InvalidParameterValue.TemplateParameterFormatError"),
                          (body(TemplateId="1003", TemplateParamSet=["1234567"]),
                           "InvalidParameterValue.TemplateParameterFormatError"),
                          (body(PhoneNumberSet=[]), "MissingParameter.EmptyPhoneNumberSet"),
                          ({k: v for k, v in TC_BODY.items() if k != "PhoneNumberSet"},
                           "MissingParameter.EmptyPhoneNumberSet"),
                          (body(PhoneNumberSet=["+8613800001234"] * 201), "LimitExceeded.PhoneNumberCountLimit"),
                          (body(TemplateId=""), "MissingParameter"),
                          ([TC_BODY], "FailedOperation.JsonParseFail")):
            self.assertTcError(self.tencent(obj), code)
        self.assertTcError(self.tencent(raw=b'{"PhoneNumberSet":'), "FailedOperation.JsonParseFail")
        self.assertTcError(self.tencent(content_type="application/x-www-form-urlencoded"), "InvalidParameter")
        self.assertEqual(self.messages(), [])
        status, answer = self.tencent(body(PhoneNumberSet=["+1 6505550100", "+8613800001234", "+8612800001234"]))
        self.assertEqual(self.tc_codes((status, answer)), ["InvalidParameterValue.IncorrectPhoneNumber", "Ok",
                                                           "InvalidParameterValue.IncorrectPhoneNumber"])
        self.assertEqual([(s["Fee"], s["SerialNo"] == "") for s in answer["Response"]["SendStatusSet"]],
                         [(0, True), (1, False), (0, True)])
        self.assertEqual(self.rejected_codes("tencent")[-2:], ["InvalidParameterValue.IncorrectPhoneNumber"] * 2)
        self.assertEqual(self.tc_codes(self.tencent(body(TemplateId="1003", TemplateParamSet=["123456"],
                                                         PhoneNumberSet=["+8613800001235"]))), ["Ok"])

    def test_tencent_limits(self):
        self.assertEqual(self.tc_codes(self.tencent()), ["Ok"])
        two = dict(TC_BODY, PhoneNumberSet=["+8613800001234", "+8613800001235"])
        self.assertEqual(self.tc_codes(self.tencent(two)), ["LimitExceeded.PhoneNumberThirtySecondLimit", "Ok"])
        self.control("POST", "/_control/limits", {"per_minute": 0, "per_hour": 2})
        self.assertEqual(self.tc_codes(self.tencent(two)), ["Ok", "Ok"])
        self.assertEqual(self.tc_codes(self.tencent(two)), ["LimitExceeded.PhoneNumberOneHourLimit"] * 2)
        self.control("POST", "/_control/limits", {"per_hour": 0, "per_day": 2})
        self.assertEqual(self.tc_codes(self.tencent(two)), ["LimitExceeded.PhoneNumberDailyLimit"] * 2)
        self.assertEqual(self.tc_codes(self.tencent(dict(two, TemplateId="1002", TemplateParamSet=[]))), ["Ok", "Ok"])
        self.control("POST", "/_control/limits", {"per_minute": 1, "per_day": 0, "window_scale": 0.02})  # 0.6 s
        other = dict(TC_BODY, PhoneNumberSet=["+8613800001236"])
        self.assertEqual(self.tc_codes(self.tencent(other)), ["Ok"])
        self.assertEqual(self.tc_codes(self.tencent(other)), ["LimitExceeded.PhoneNumberThirtySecondLimit"])
        time.sleep(0.65)
        self.assertEqual(self.tc_codes(self.tencent(other)), ["Ok"])

    def test_tencent_faults(self):
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": None, "fault": "system_error"})
        self.assertTcError(self.tencent(), "InternalError")
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": None, "fault": "amount_not_enough"})
        self.assertTcError(self.tencent(), "FailedOperation.InsufficientBalanceInSmsPackage")
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": "13800001235", "fault": "limit"})
        two = dict(TC_BODY, PhoneNumberSet=["+8613800001234", "+8613800001235"])
        self.assertEqual(self.tc_codes(self.tencent(two)), ["Ok", "LimitExceeded.PhoneNumberThirtySecondLimit"])
        self.assertEqual([m["phone"] for m in self.messages()], ["13800001234"])
        self.control("POST", "/_control/faults", {"provider": "tencent", "phone": "13800001234", "fault": "no_such_number"})
        self.assertEqual(self.tc_codes(self.tencent(two)), ["InvalidParameterValue.IncorrectPhoneNumber", "Ok"])

    # Control API

    def test_control_validation(self):
        for path, bad in (("/_control/accounts", {"provider": "huawei", "key_id": "k", "secret": "s"}),
                          ("/_control/accounts", {"provider": "aliyun", "key_id": "", "secret": "s"}),
                          ("/_control/accounts", {"provider": "tencent", "key_id": "k", "secret": "s"}),  # no app_id
                          ("/_control/accounts", dict(ALI, templates={"SMS_1": "code"})),
                          ("/_control/accounts", dict(TC, templates={"1": -1})),
                          ("/_control/accounts", dict(TC, sign_names="六安")),
                          ("/_control/faults", {"provider": "aliyun", "fault": "boom"}),
                          ("/_control/faults", {"provider": "aliyun", "fault": "hang", "count": 0}),
                          ("/_control/faults", {"provider": "aliyun", "fault": "hang", "phone": "12345"}),
                          ("/_control/faults", {"provider": "aliyun", "fault": "hang", "seconds": -1}),
                          ("/_control/limits", {"per_minute": -1}), ("/_control/limits", {"per_minute": 1.5}),
                          ("/_control/limits", {"per_week": 1}), ("/_control/limits", {"window_scale": 0}),
                          ("/_control/limits", [1])):
            self.assertEqual(self.control("POST", path, bad)[0], 400, (path, bad))
        self.assertEqual(self.http("POST", "/_control/accounts", b"{not json")[0], 400)
        self.assertEqual(self.control("GET", "/_control/limits"),
                         (200, {"per_minute": 1, "per_hour": 5, "per_day": 10, "window_scale": 1}))
        status, account = self.control("POST", "/_control/accounts", TC)
        self.assertEqual((status, "secret" in account, account["templates"]["1001"]),
                         (200, False, {"count": 2, "verification": False}))
        self.assertEqual(self.control("GET", "/_control/nothing")[0], 404)
        self.assertEqual(self.control("PUT", "/_control/messages")[0], 404)
        self.assertEqual(self.http("POST", "/sms", b"{}", {"X-TC-Action": "SendSms"})[0], 404)
        self.assertEqual(self.http("POST", "/", b"{}", {"Content-Type": "application/json"})[0], 400)

    def test_messages_rejections_and_wait(self):
        self.assertEqual(self.tc_codes(self.tencent()), ["Ok"])
        self.assertAli(self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13800001235")), "OK")
        self.assertAli(self.aliyun(secret="wrong"), "SignatureDoesNotMatch", 400)
        self.assertEqual([m["provider"] for m in self.messages()], ["tencent", "aliyun"])
        self.assertEqual([m["phone"] for m in self.messages("?provider=aliyun")], ["13800001235"])
        self.assertEqual(len(self.messages("?phone=%2B8613800001234")), 1)
        self.assertEqual(len(self.messages("?phone=13800001234&provider=aliyun")), 0)
        rejection = self.control("GET", "/_control/rejections")[1]["rejections"][0]
        self.assertEqual({k: rejection[k] for k in ("provider", "code", "status")},
                         {"provider": "aliyun", "code": "SignatureDoesNotMatch", "status": 400})
        self.assertEqual(self.control("DELETE", "/_control/rejections")[0], 200)
        self.assertEqual(self.rejected_codes("aliyun"), [])

        timer = threading.Timer(0.3, lambda: self.aliyun(dict(ALI_PARAMS, PhoneNumbers="13800001236")))
        timer.start()
        started = time.monotonic()
        status, waited = self.control("GET", "/_control/wait?count=2&timeout=5&provider=aliyun")
        timer.join()
        self.assertEqual((status, waited["complete"], [m["phone"] for m in waited["messages"]]),
                         (200, True, ["13800001235", "13800001236"]))
        self.assertGreater(time.monotonic() - started, 0.25)
        started = time.monotonic()
        status, waited = self.control("GET", "/_control/wait?count=3&timeout=0.3&phone=13800001234")
        self.assertEqual((status, waited["complete"], len(waited["messages"])), (200, False, 1))
        self.assertLess(time.monotonic() - started, 2)
        self.assertEqual(self.control("DELETE", "/_control/messages")[0], 200)
        self.assertEqual(self.messages(), [])

    def test_keep_alive_and_chunked(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        conn.request("GET", "/_control/limits")
        self.assertEqual(json.loads(conn.getresponse().read())["per_day"], 10)
        sock = conn.sock
        parts = iter([b'{"provider":"tencent","fault":', b'"limit","phone":null}'])
        conn.request("POST", "/_control/faults", parts, {"Content-Type": "application/json"}, encode_chunked=True)
        self.assertEqual(json.loads(conn.getresponse().read())["faults"][0]["fault"], "limit")
        self.assertIs(conn.sock, sock)
        conn.close()

    def test_signals_exit_cleanly(self):
        for sig in (signal.SIGTERM, signal.SIGINT):
            proc, _ = start()
            proc.send_signal(sig)
            self.assertEqual(proc.wait(5), 0)
            proc.stdout.close()


if __name__ == "__main__":
    unittest.main()
