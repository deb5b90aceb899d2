"""A real SMTP server on loopback (aiosmtpd, from PyPI) that keeps every message it accepts, decoded by Python's own
email package, for the tests of onestop's email notices.

Usage: python capture.py --dir DIR [--reject ADDRESS ...] [--exit-with-stdin]
Prints "listening on PORT" once, then serves 127.0.0.1 until SIGTERM, SIGINT or (with --exit-with-stdin) the end
of its standard input. Each accepted message is written as DIR/N.eml (as received) and DIR/N.json: the envelope
(mail_from, rcpt_tos) and the message as the email package reads it (subject, from, to, message_id, date,
content_type, charset, transfer_encoding, list_unsubscribe, body). A RCPT TO naming an address given with --reject
is answered 550 5.1.1, as a server answers for a mailbox that does not exist.
"""
import argparse
import asyncio
import email
import email.policy
import json
import os
import signal
import sys
import threading

from aiosmtpd.smtp import SMTP


class Keeper:
    def __init__(self, directory, rejected):
        self.directory, self.rejected, self.count = directory, {a.lower() for a in rejected}, 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
            "subject": str(message["subject"]), "from": str(message["from"]), "to": str(message["to"]),
            "message_id": str(message["message-id"]), "date": str(message["date"]),
            "content_type": message.get_content_type(), "charset": message.get_content_charset(),
            "transfer_encoding": str(message["content-transfer-encoding"]),
            "list_unsubscribe": str(message["list-unsubscribe"]),
            "body": body.get_content() if body is not None else None,
            "defects": [type(d).__name__ for d in message.defects],
        }
        base = os.path.join(self.directory, str(self.count))
        with open(base + ".eml", "wb") as out:
            out.write(raw)
        with open(base + ".json.part", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.replace(base + ".json.part", base + ".json")
        return "250 2.0.0 Ok: queued as %d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--exit-with-stdin", action="store_true")
    arguments = parser.parse_args()
    os.makedirs(arguments.dir, exist_ok=True)
    keeper = Keeper(arguments.dir, arguments.reject)
    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        lambda: SMTP(keeper, hostname="capture.onestop.test", decode_data=False), "127.0.0.1", 0))
    print("listening on %d" % server.sockets[0].getsockname()[1], flush=True)
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, loop.stop)
    if arguments.exit_with_stdin:
        def watch():
            sys.stdin.read()
            loop.call_soon_threadsafe(loop.stop)
        threading.Thread(target=watch, daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
