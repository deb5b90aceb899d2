"""Checks captured webhook deliveries with the reference Standard Webhooks verifier from PyPI.

Reads a JSON file: a list of {"secret": "whsec_...", "headers": {...}, "body": "<base64>", "now": <unix seconds>}.
Prints one line per delivery and exits 1 if the verifier refused any of them.
"""
import base64
import json
import sys

import standardwebhooks


def main(path):
    cases = json.load(open(path, encoding="utf-8"))
    refused = 0
    for index, case in enumerate(cases):
        body = base64.b64decode(case["body"])
        hook = standardwebhooks.Webhook(case["secret"])
        try:
            payload = hook.verify(body, case["headers"])
            print(f"ok {index} {case['headers']['webhook-id']} {payload['type']}")
        except Exception as error:  # WebhookVerificationError and anything else the verifier raises
            refused += 1
            print(f"REFUSED {index} {case['headers'].get('webhook-id')}: {error!r}")
    print(f"{len(cases) - refused} of {len(cases)} accepted")
    return 1 if refused or not cases else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
