"""An imitation of the Alibaba Cloud (dysmsapi 2017-05-25) and Tencent Cloud (sms 2021-01-11) SendSms APIs, for tests.

Usage: python3 imitation.py [--port N]   (N = 0, the default, picks a free port)
Prints "listening on PORT" once, then serves 127.0.0.1 until SIGTERM or SIGINT.

SMS URLs:  Alibaba POST / with x-acs-action: SendSms, x-acs-version: 2017-05-25, ACS3-HMAC-SHA256 signed ("V3 request
                   body & signature mechanism"); parameters in the query string or a x-www-form-urlencoded body.
           Tencent POST / with X-TC-Action: SendSms, X-TC-Version: 2021-01-11, TC3-HMAC-SHA256 signed ("Signature v3"),
                   a JSON body. A request is Alibaba's when it has x-acs-action, Tencent's when it has X-TC-Action.
                   Any other path answers 404.
Control API (JSON bodies and answers):
  POST /_control/accounts  {"provider": "aliyun"|"tencent", "key_id", "secret", "sign_names": [...], "templates": {...},
                            "app_id": "1400000000" (tencent only)} creates or replaces an account. Aliyun templates map a
                            TemplateCode to the variables TemplateParam must carry: {"SMS_1001": ["code", "date"]}; Tencent
                            templates map a TemplateId to its parameter count or names, {"1001": 2} or {"1001": ["code"]},
                            or {"1001": {"params": 1, "verification": true}} (parameters must then be 0-6 digits).
  POST /_control/faults    {"provider", "phone": "13800001234" or null (all), "fault": "system_error"|"amount_not_enough"|
                            "limit"|"no_such_number"|"hang", "count": 1, "seconds": 10 (hang)}: the next count sends (to that number) answer
                            with the fault; "hang" accepts the message but answers only after the seconds. GET lists, DELETE clears.
  POST /_control/limits    {"per_minute": 1, "per_hour": 5, "per_day": 10, "window_scale": 1}: sends per number and template
                            (0 = no limit; windows of 60 s (Tencent: 30 s), 1 h, 24 h, times window_scale). GET shows them.
  GET  /_control/messages?provider=&phone=   accepted messages; DELETE clears them and the send-rate history with them.
  GET  /_control/rejections?provider=        refused calls and numbers, with the code returned and why; DELETE clears.
  GET  /_control/wait?count=N&timeout=S&provider=&phone=   answers once N messages were accepted, or after S seconds.
  POST /_control/reset     forgets everything (accounts, faults, limits, messages, rejections, nonces).
See Tests/Sms/test_imitation.py for examples. Set ONESTOP_IMITATION_VERBOSE to log requests and refusals to stderr.
"""
import argparse
import calendar
import hashlib
import hmac
import json
import os
import random
import re
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, parse_qsl, quote, unquote_plus, urlsplit

MOBILE = re.compile(r"1[3-9][0-9]{9}")
ACS3_AUTH = re.compile(r"ACS3-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=(\S+)")
TC3_AUTH = re.compile(r"TC3-HMAC-SHA256 Credential=([^/\s]+)/([^/\s]+)/([^/\s]+)/tc3_request,\s*"
                      r"SignedHeaders=([^,\s]+),\s*Signature=(\S+)")
ACS_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
DEFAULT_LIMITS = {"per_minute": 1, "per_hour": 5, "per_day": 10, "window_scale": 1}
WINDOWS = {"aliyun": (60, 3600, 86400), "tencent": (30, 3600, 86400)}
FAULTS = ("system_error", "amount_not_enough", "limit", "no_such_number", "hang")

# Alibaba: the common gateway error codes (with their HTTP status) and the SMS codes (HTTP 200).
ALI_SIGNATURE = ("SignatureDoesNotMatch", "Specified signature is not matched with our calculation.", 400)
ALI_INCOMPLETE = ("IncompleteSignature", "The request signature does not conform to Aliyun standards.", 400)
ALI_LIMIT = {"per_minute": "触发分钟级流控Permits:{}", "per_hour": "触发小时级流控Permits:{}", "per_day": "触发天级流控Permits:{}"}
ALI_FAULT = {"system_error": ("isp.SYSTEM_ERROR", "系统出现错误，请重新调用"),
             "amount_not_enough": ("isv.AMOUNT_NOT_ENOUGH", "账户余额不足"),
             "limit": ("isv.BUSINESS_LIMIT_CONTROL", ALI_LIMIT["per_minute"].format(1)),
             "no_such_number": ("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号")}
# Tencent: every answer is HTTP 200.
TC_SIGNATURE = ("AuthFailure.SignatureFailure",
                "The provided credentials could not be validated. Please check your signature is correct.")
TC_LIMIT = {"per_minute": ("LimitExceeded.PhoneNumberThirtySecondLimit",
                           "the number of SMS messages sent to a single mobile number within 30 seconds exceeds the limit"),
            "per_hour": ("LimitExceeded.PhoneNumberOneHourLimit",
                         "the number of SMS messages sent to a single mobile number within 1 hour exceeds the limit"),
            "per_day": ("LimitExceeded.PhoneNumberDailyLimit",
                        "the number of SMS messages sent to a single mobile number on the day exceeds the limit")}
TC_FAULT = {"system_error": ("InternalError", "An internal error has occurred."),
            "amount_not_enough": ("FailedOperation.InsufficientBalanceInSmsPackage",
                                  "The package balance is insufficient.")}


class Reject(Exception):
    def __init__(self, code, message, status=200, reason=None):
        super().__init__(message)
        self.code, self.message, self.status, self.reason = code, message, status, reason or message


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key, text):
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def acs3_encode(text):
    """RFC 3986 as the ACS3 document says: A-Z a-z 0-9 - _ . ~ stay, all else is %XY of its UTF-8 (space %20, * %2A)."""
    return quote(text, safe="")


def acs3_canonical_request(method, params, headers, signed, body):
    """The ACS3 CanonicalRequest of an RPC call (CanonicalURI /). params: (name, value) pairs of the query string;
    headers: {lowercase name: value}; signed: the lowercase, sorted names of the signed headers."""
    query = "&".join(f"{acs3_encode(k)}={acs3_encode(v)}" for k, v in sorted(params))
    lines = "".join(f"{name}:{headers[name].strip()}\n" for name in signed)
    return "\n".join([method, "/", query, lines, ";".join(signed), sha256_hex(body)])


def acs3_signature(secret, canonical_request):
    string_to_sign = "ACS3-HMAC-SHA256\n" + sha256_hex(canonical_request.encode("utf-8"))
    return hmac_sha256(secret.encode("utf-8"), string_to_sign).hex()


def tc3_canonical_request(method, query, headers, signed, body):
    """The TC3 CanonicalRequest (CanonicalURI /): signed header names and values lowercased and trimmed."""
    lines = "".join(f"{name}:{headers[name].strip().lower()}\n" for name in signed)
    return "\n".join([method, "/", query, lines, ";".join(signed), sha256_hex(body)])


def tc3_signature(secret_key, timestamp, date, service, canonical_request):
    string_to_sign = (f"TC3-HMAC-SHA256\n{timestamp}\n{date}/{service}/tc3_request\n"
                      + sha256_hex(canonical_request.encode("utf-8")))
    key = hmac_sha256(("TC3" + secret_key).encode("utf-8"), date)
    key = hmac_sha256(hmac_sha256(key, service), "tc3_request")
    return hmac_sha256(key, string_to_sign).hex()


def national(number):
    """The 11-digit mainland mobile number in number (bare or after +86, 0086 or 86), or None."""
    if not isinstance(number, str):
        return None
    for prefix in ("+86", "0086", "86"):
        if number.startswith(prefix) and len(number) == len(prefix) + 11:
            number = number[len(prefix):]
    return number if MOBILE.fullmatch(number) else None


def nonempty_str(value):
    return isinstance(value, str) and value != ""


def str_list(value):
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def make_account(spec):
    """Validates a control request body; returns the account or raises ValueError."""
    if not isinstance(spec, dict) or spec.get("provider") not in WINDOWS:
        raise ValueError("provider must be aliyun or tencent")
    provider = spec["provider"]
    for name in ("key_id", "secret") + (("app_id",) if provider == "tencent" else ()):
        if not nonempty_str(spec.get(name)):
            raise ValueError(f"{name} must be a non-empty string")
    sign_names, templates = spec.get("sign_names", []), spec.get("templates", {})
    if not str_list(sign_names) or not isinstance(templates, dict):
        raise ValueError("sign_names must be a list of strings and templates an object")
    parsed = {}
    for tid, value in templates.items():
        if provider == "aliyun":
            if not str_list(value):
                raise ValueError(f"aliyun template {tid} must list its variable names")
            parsed[tid] = value
            continue
        verification = isinstance(value, dict) and value.get("verification") is True
        value = value.get("params") if isinstance(value, dict) else value
        if str_list(value):
            value = len(value)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"tencent template {tid} must be a count, a list of names or {{params, verification}}")
        parsed[tid] = {"count": value, "verification": verification}
    return {"provider": provider, "key_id": spec["key_id"], "secret": spec["secret"], "app_id": spec.get("app_id"),
            "sign_names": sign_names, "templates": parsed}


def make_fault(spec):
    if not isinstance(spec, dict) or spec.get("provider") not in WINDOWS or spec.get("fault") not in FAULTS:
        raise ValueError("provider must be aliyun or tencent and fault one of " + ", ".join(FAULTS))
    phone, count, seconds = spec.get("phone"), spec.get("count", 1), spec.get("seconds", 10)
    if phone is not None and national(phone) is None:
        raise ValueError("phone must be null or a mainland mobile number")
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise ValueError("count must be a positive integer")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds <= 0:
        raise ValueError("seconds must be a positive number")
    return {"provider": spec["provider"], "phone": phone and national(phone), "fault": spec["fault"],
            "count": count, "seconds": seconds}


def check_limits(spec):
    def fits(name, value):
        if name == "window_scale":
            return not isinstance(value, bool) and isinstance(value, (int, float)) and value > 0
        return name in DEFAULT_LIMITS and not isinstance(value, bool) and isinstance(value, int) and value >= 0

    if not isinstance(spec, dict) or not all(fits(k, v) for k, v in spec.items()):
        raise ValueError("limits are per_minute, per_hour, per_day (integers, 0 = none) and window_scale (> 0)")
    return spec


class State:
    def __init__(self):
        self.cond = threading.Condition()
        self.reset()

    def reset(self):
        self.accounts, self.faults, self.limits = {}, [], dict(DEFAULT_LIMITS)
        self.messages, self.rejections, self.nonces = [], [], set()

    def take_fault(self, provider, phones):
        """The first pending fault for provider and one of phones, counted down; or None."""
        for fault in self.faults:
            if fault["provider"] == provider and (fault["phone"] is None or fault["phone"] in phones):
                fault["count"] -= 1
                if fault["count"] == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def over_limit(self, provider, phone, template, now):
        """The limit ("per_minute", "per_hour" or "per_day") one more message would pass, or None."""
        times = [m["received_at"] for m in self.messages
                 if (m["provider"], m["phone"], m["template"]) == (provider, phone, template)]
        for name, seconds in zip(("per_minute", "per_hour", "per_day"), WINDOWS[provider]):
            window = seconds * self.limits["window_scale"]
            if self.limits[name] and sum(t > now - window for t in times) >= self.limits[name]:
                return name
        return None

    def record(self, provider, account, phone, sign_name, template, params, extra, now):
        self.messages.append(dict({"provider": provider, "key_id": account["key_id"], "phone": phone,
                                   "sign_name": sign_name, "template": template, "params": params,
                                   "received_at": now}, **extra))
        self.cond.notify_all()

    def aliyun(self, method, raw_query, headers, body, now):
        """Judges an Alibaba SendSms call: returns (HTTP status, answer, seconds to wait first) or raises Reject."""
        if headers.get("x-acs-action") != "SendSms":
            raise Reject("InvalidApi.NotFound", "Specified api is not found, please check your url and method.", 404)
        if headers.get("x-acs-version") != "2017-05-25":
            raise Reject("InvalidVersion", "Specified parameter Version is not valid.", 400)
        auth = ACS3_AUTH.fullmatch(headers.get("authorization", ""))
        if not auth:
            raise Reject(*ALI_INCOMPLETE, "Authorization is not ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…")
        key_id, signed_list, given = auth.groups()
        account = self.accounts.get(("aliyun", key_id))
        if account is None:
            raise Reject("InvalidAccessKeyId.NotFound", "Specified access key is not found.", 404)
        date = headers.get("x-acs-date", "")
        if not ACS_DATE.fullmatch(date):
            raise Reject("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.", 400)
        try:
            sent = calendar.timegm(time.strptime(date, "%Y-%m-%dT%H:%M:%SZ"))
        except ValueError:  # 2024-13-01T25:00:00Z
            raise Reject("InvalidTimeStamp.Format", "Specified time stamp or date value is not well formatted.", 400)
        if abs(now - sent) > 900:
            raise Reject("InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.", 400)
        signed = signed_list.split(";")
        if signed != sorted(set(signed)) or signed_list != signed_list.lower():
            raise Reject(*ALI_INCOMPLETE, f"SignedHeaders {signed_list} are not lowercase, sorted and distinct")
        required = {n for n in headers if n.startswith("x-acs-") or n == "content-type"} | {"host"}
        if required - set(signed) or set(signed) - set(headers):
            raise Reject(*ALI_INCOMPLETE, f"headers present but not signed: {sorted(required - set(signed))}, "
                                          f"signed but absent: {sorted(set(signed) - set(headers))}")
        if headers.get("x-acs-content-sha256") != sha256_hex(body):
            raise Reject(*ALI_SIGNATURE, "x-acs-content-sha256 is not the hex SHA-256 of the body")
        query = [(unquote_plus(k), unquote_plus(v)) for k, _, v in
                 (part.partition("=") for part in raw_query.split("&") if part)]
        canonical = acs3_canonical_request(method, query, headers, signed, body)
        if not hmac.compare_digest(given.encode(), acs3_signature(account["secret"], canonical).encode()):
            raise Reject(*ALI_SIGNATURE, "signature mismatch; the canonical request is " + json.dumps(canonical))
        nonce = headers.get("x-acs-signature-nonce")
        if not nonce:
            raise Reject("MissingSignatureNonce", "SignatureNonce is mandatory for this action.", 400)
        if (key_id, nonce) in self.nonces:
            raise Reject("SignatureNonceUsed", "Specified signature nonce was used already.", 400)
        self.nonces.add((key_id, nonce))

        params = dict(reversed(query))  # the first of repeated names
        if headers.get("content-type", "").lower().startswith("application/x-www-form-urlencoded"):
            params.update(dict(reversed(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))))
        for name in ("PhoneNumbers", "SignName", "TemplateCode"):
            if not params.get(name):
                raise Reject(f"Missing{name}", f"{name} is mandatory for this action.", 400)
        sign_name, template = params["SignName"], params["TemplateCode"]
        if sign_name not in account["sign_names"]:
            raise Reject("isv.SMS_SIGNATURE_ILLEGAL", "该账号下找不到对应签名")
        variables = account["templates"].get(template)
        if variables is None:
            raise Reject("isv.SMS_TEMPLATE_ILLEGAL", "该账号下找不到对应模板")
        phones = [national(n) for n in params["PhoneNumbers"].split(",")]
        if None in phones:
            raise Reject("isv.MOBILE_NUMBER_ILLEGAL", "非法手机号", reason=f"PhoneNumbers {params['PhoneNumbers']!r}")
        try:
            values = json.loads(params.get("TemplateParam", "{}"))
        except ValueError:
            values = None
        if not isinstance(values, dict) or not all(isinstance(v, str) for v in values.values()):
            raise Reject("isv.INVALID_JSON_PARAM", "JSON参数不合法，只接受字符串值",
                         reason=f"TemplateParam {params.get('TemplateParam')!r} is not a JSON object of strings")
        missing = [v for v in variables if v not in values]
        if missing:
            raise Reject("isv.TEMPLATE_MISSING_PARAMETERS", "模板变量缺少对应参数值", reason=f"missing {missing}")

        fault = self.take_fault("aliyun", phones)
        if fault and fault["fault"] != "hang":
            raise Reject(*ALI_FAULT[fault["fault"]], reason="fault " + fault["fault"])
        for phone in phones:
            limit = self.over_limit("aliyun", phone, template, now)
            if limit:
                raise Reject("isv.BUSINESS_LIMIT_CONTROL", ALI_LIMIT[limit].format(self.limits[limit]),
                             reason=f"{phone} {limit}")
        biz_id = f"{random.randrange(10 ** 17, 10 ** 18)}^0"
        for phone in phones:
            self.record("aliyun", account, phone, sign_name, template, values,
                        {"out_id": params.get("OutId"), "biz_id": biz_id}, now)
        answer = {"Code": "OK", "Message": "OK", "BizId": biz_id, "RequestId": str(uuid.uuid4()).upper()}
        return 200, answer, fault["seconds"] if fault else 0

    def tencent(self, method, raw_query, headers, body, now):
        """Judges a Tencent SendSms call: returns (200, answer, seconds to wait first) or raises Reject."""
        if headers.get("x-tc-action") != "SendSms":
            raise Reject("InvalidAction", "The requested action does not exist.")
        if headers.get("x-tc-version") != "2021-01-11":
            raise Reject("NoSuchVersion", "The requested API version does not exist.")
        if not headers.get("x-tc-region"):
            raise Reject("MissingParameter", "The request is missing the required parameter `Region`.")
        auth = TC3_AUTH.fullmatch(headers.get("authorization", ""))
        if not auth:
            raise Reject("AuthFailure.InvalidAuthorization", "The Authorization header does not comply with the "
                         "TencentCloud standard.", reason="Authorization is not TC3-HMAC-SHA256 Credential=…")
        secret_id, date, service, signed_list, given = auth.groups()
        timestamp = headers.get("x-tc-timestamp", "")
        if not (timestamp.isascii() and timestamp.isdigit()):
            raise Reject("InvalidParameter", "X-TC-Timestamp must be a UNIX time in seconds.")
        account = self.accounts.get(("tencent", secret_id))
        if account is None:
            raise Reject("AuthFailure.SecretIdNotFound", "The SecretId does not exist.")
        if abs(now - int(timestamp)) > 300:
            raise Reject("AuthFailure.SignatureExpire", "Signature expired. Timestamp and server time cannot differ "
                         "by more than five minutes.")
        signed, utc_date = signed_list.split(";"), time.strftime("%Y-%m-%d", time.gmtime(int(timestamp)))
        if date != utc_date:
            raise Reject(*TC_SIGNATURE, reason=f"credential date {date} is not the UTC date {utc_date} of the timestamp")
        if service != "sms":
            raise Reject(*TC_SIGNATURE, reason=f"credential service {service} is not sms")
        if signed != sorted(set(signed)) or signed_list != signed_list.lower():
            raise Reject(*TC_SIGNATURE, reason=f"SignedHeaders {signed_list} are not lowercase, sorted and distinct")
        if not {"content-type", "host"} <= set(signed) or set(signed) - set(headers):
            raise Reject(*TC_SIGNATURE, reason=f"SignedHeaders {signed_list} lack content-type or host, or name "
                                               f"absent headers {sorted(set(signed) - set(headers))}")
        canonical = tc3_canonical_request(method, raw_query, headers, signed, body)
        expected = tc3_signature(account["secret"], timestamp, date, "sms", canonical)
        if not hmac.compare_digest(given.encode(), expected.encode()):
            raise Reject(*TC_SIGNATURE, reason="signature mismatch; the canonical request is " + json.dumps(canonical))

        if method != "POST" or not headers.get("content-type", "").lower().startswith("application/json"):
            raise Reject("InvalidParameter", "This imitation takes SendSms as POST application/json only.")
        try:
            request = json.loads(body.decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            raise Reject("FailedOperation.JsonParseFail", "Failed to parse the request body.")
        numbers = request.get("PhoneNumberSet")
        if not numbers:
            raise Reject("MissingParameter.EmptyPhoneNumberSet", "The list of mobile numbers passed in is empty.")
        if not str_list(numbers):
            raise Reject("InvalidParameter", "PhoneNumberSet must be an array of strings.")
        if len(numbers) > 200:
            raise Reject("LimitExceeded.PhoneNumberCountLimit", "More than 200 mobile numbers in a single call.")
        for name in ("SmsSdkAppId", "TemplateId"):
            if not nonempty_str(request.get(name)):
                raise Reject("MissingParameter", f"The request is missing the required parameter `{name}`.")
        if request["SmsSdkAppId"] != account["app_id"]:
            raise Reject("UnauthorizedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId verification failed.")
        sign_name, template = request.get("SignName"), request["TemplateId"]
        if sign_name not in account["sign_names"]:
            raise Reject("FailedOperation.SignatureIncorrectOrUnapproved",
                         "The signature is in incorrect format or has not been approved.")
        spec = account["templates"].get(template)
        if spec is None:
            raise Reject("FailedOperation.TemplateIncorrectOrUnapproved",
                         "The template has not been approved or does not match the approved template.")
        values, session = request.get("TemplateParamSet", []), request.get("SessionContext", "")
        if not str_list(values) or not isinstance(session, str):
            raise Reject("InvalidParameter", "TemplateParamSet must be an array of strings, SessionContext a string.")
        if len(values) != spec["count"]:
            raise Reject("FailedOperation.TemplateParamSetNotMatchApprovedTemplate",
                         "The request does not match the approved template: check the number of template parameters.",
                         reason=f"{len(values)} parameters for a template of {spec['count']}")
        if spec["verification"] and not all(re.fullmatch(r"[0-9]{0,6}", v) for v in values):
            raise Reject("InvalidParameterValue.TemplateParameterFormatError", "Verification code template "
                         "parameters can only be 0-6 digits.")

        phones = [national(n) for n in numbers]
        fault = self.take_fault("tencent", [p for p in phones if p])
        if fault and fault["fault"] in TC_FAULT:
            raise Reject(*TC_FAULT[fault["fault"]], reason="fault " + fault["fault"])
        statuses = []
        for given_number, phone in zip(numbers, phones):
            entry = {"SerialNo": "", "PhoneNumber": given_number, "Fee": 0, "SessionContext": session,
                     "Code": "Ok", "Message": "send success", "IsoCode": "CN"}
            limit = phone and self.over_limit("tencent", phone, template, now)
            if phone is None:
                entry.update(Code="InvalidParameterValue.IncorrectPhoneNumber",
                             Message="The format of the mobile number is incorrect.", IsoCode="")
            elif fault and fault["fault"] == "no_such_number" and fault["phone"] in (None, phone):
                entry.update(Code="InvalidParameterValue.IncorrectPhoneNumber",
                             Message="The format of the mobile number is incorrect.", PhoneNumber="+86" + phone)
            elif fault and fault["fault"] == "limit" and fault["phone"] in (None, phone):
                entry.update(dict(zip(("Code", "Message"), TC_LIMIT["per_minute"])), PhoneNumber="+86" + phone)
            elif limit:
                entry.update(dict(zip(("Code", "Message"), TC_LIMIT[limit])), PhoneNumber="+86" + phone)
            else:
                serial = f"{random.randrange(1000, 10000)}:{random.randrange(10 ** 27, 10 ** 28)}"
                entry.update(SerialNo=serial, PhoneNumber="+86" + phone, Fee=1)
                self.record("tencent", account, phone, sign_name, template, values,
                            {"session_context": session, "serial_no": serial}, now)
            if entry["Code"] != "Ok":
                self.refused("tencent", entry["Code"], entry["Message"], 200, f"number {given_number}", now)
            statuses.append(entry)
        answer = {"Response": {"SendStatusSet": statuses, "RequestId": str(uuid.uuid4())}}
        return 200, answer, fault["seconds"] if fault and fault["fault"] == "hang" else 0

    def refused(self, provider, code, message, status, reason, now):
        self.rejections.append({"provider": provider, "code": code, "message": message, "status": status,
                                "reason": reason, "at": now})
        if os.environ.get("ONESTOP_IMITATION_VERBOSE"):
            sys.stderr.write(f"imitation: {provider} refused {code}: {reason}\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "imitation"

    def log_message(self, format, *args):
        if os.environ.get("ONESTOP_IMITATION_VERBOSE"):
            sys.stderr.write("imitation: %s\n" % (format % args))

    def reply(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json;charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # a client that gave up waiting
            self.close_connection = True

    def read_body(self):
        if "chunked" not in self.headers.get("Transfer-Encoding", "").lower():
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while self.rfile.readline() not in (b"\r\n", b"\n", b""):  # trailers
                    pass
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def handle_any(self):
        body, url, state = self.read_body(), urlsplit(self.path), self.server.state
        if url.path.startswith("/_control/"):
            return self.control(url.path, {k: v[0] for k, v in parse_qs(url.query).items()}, body)
        if url.path != "/":
            return self.reply(404, {"error": "no such path"})
        headers = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), value)
        if "x-acs-action" in headers:
            provider = "aliyun"
        elif "x-tc-action" in headers:
            provider = "tencent"
        else:
            return self.reply(400, {"error": "neither an Alibaba (x-acs-action) nor a Tencent (X-TC-Action) call"})
        with state.cond:
            now = time.time()
            try:
                status, answer, wait = getattr(state, provider)(self.command, url.query, headers, body, now)
            except Reject as r:
                state.refused(provider, r.code, r.message, r.status, r.reason, now)
                request_id = str(uuid.uuid4())
                status, wait = r.status, 0
                answer = ({"Code": r.code, "Message": r.message, "RequestId": request_id.upper()}
                          if provider == "aliyun" else
                          {"Response": {"Error": {"Code": r.code, "Message": r.message}, "RequestId": request_id}})
        time.sleep(wait)
        self.reply(status, answer)

    def control(self, path, query, body):
        state, method = self.server.state, self.command
        try:
            spec = json.loads(body.decode("utf-8")) if body else None
        except ValueError:
            return self.reply(400, {"error": "the body is not JSON"})
        if path == "/_control/wait" and method == "GET":
            try:
                count, timeout = int(query.get("count", "1")), min(float(query.get("timeout", "5")), 60)
            except ValueError:
                return self.reply(400, {"error": "count and timeout must be numbers"})
            with state.cond:
                state.cond.wait_for(lambda: len(self.matching(query)) >= count, timeout)
                found = self.matching(query)
            return self.reply(200, {"messages": found, "complete": len(found) >= count})
        with state.cond:
            try:
                if path == "/_control/accounts" and method == "POST":
                    account = make_account(spec)
                    state.accounts[(account["provider"], account["key_id"])] = account
                    return self.reply(200, {k: v for k, v in account.items() if k != "secret"})
                if path == "/_control/faults" and method == "POST":
                    state.faults.append(make_fault(spec))
                    return self.reply(200, {"faults": state.faults})
                if path == "/_control/limits" and method == "POST":
                    state.limits.update(check_limits(spec))
                    return self.reply(200, state.limits)
            except ValueError as e:
                return self.reply(400, {"error": str(e)})
            if path == "/_control/reset" and method == "POST":
                state.reset()
                return self.reply(200, {"reset": True})
            lists = {"/_control/messages": "messages", "/_control/rejections": "rejections",
                     "/_control/faults": "faults", "/_control/limits": "limits"}
            name = lists.get(path)
            if name and method == "GET":
                found = (self.matching(query) if name == "messages" else
                         [r for r in state.rejections if query.get("provider") in (None, r["provider"])]
                         if name == "rejections" else getattr(state, name))
                return self.reply(200, {name: found} if name != "limits" else found)
            if name in ("messages", "rejections", "faults") and method == "DELETE":
                getattr(state, name).clear()
                return self.reply(200, {"deleted": name})
        return self.reply(404, {"error": "no such control path or method"})

    def matching(self, query):
        phone = query.get("phone") and (national(query["phone"]) or query["phone"])
        return [m for m in self.server.state.messages
                if query.get("provider") in (None, m["provider"]) and phone in (None, m["phone"])]

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any


def main():
    parser = argparse.ArgumentParser(description="Imitation Alibaba Cloud and Tencent Cloud SMS APIs")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--exit-with-stdin", action="store_true",
                        help="exit when standard input closes: the test process that started it is gone, even if it crashed")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.state = State()

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
