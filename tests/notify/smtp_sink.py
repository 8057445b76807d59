#!/usr/bin/python3
"""A real SMTP server on loopback for the notification tests (tests/notify).

Run with Debian's /usr/bin/python3, which has python3-aiosmtpd:

    /usr/bin/python3 tests/notify/smtp_sink.py DIR [--reject ADDRESS]... [--auth USER:PASSWORD]

It listens on 127.0.0.1 on a free port and prints that port as the first line of stdout once it
answers. Each accepted message becomes DIR/message-N.json (written to a temporary name, then
renamed, so a reader never sees half a file) before the server replies "250 ... queued as
TAWASUL-N": envelope (mail_from, rcpt_tos), the login it authenticated with (or null), the raw
data as received, and the message as Python's `email` parser (policy.default) reads it: headers
decoded, each part's content type, charset and decoded text, and the parser's defects.

--reject ADDRESS answers RCPT TO:<ADDRESS> with 550. --auth USER:PASSWORD advertises AUTH LOGIN
and PLAIN without TLS (loopback only) and requires it: MAIL before AUTH gets 530, a wrong
password 535. It runs until killed.
"""

import argparse
import email
import email.policy
import itertools
import json
import logging
import os
import sys
import threading
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def parse_message(raw: bytes) -> dict:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transfer_encoding": part.get("Content-Transfer-Encoding"),
            "text": part.get_content(),
        })
    defects = [type(d).__name__ for d in message.defects]
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]
    return {
        "headers": {name: str(value) for name, value in message.items()},
        "content_type": message.get_content_type(),
        "parts": parts,
        "defects": defects,
    }


class Sink:
    def __init__(self, directory: str, rejected: set):
        self.directory = directory
        self.rejected = rejected
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.rejected:
            return f"550 5.1.1 <{address}>: Recipient address rejected"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        raw = envelope.original_content or envelope.content
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": session.auth_data.login.decode() if session.authenticated else None,
            "raw": raw.decode("utf-8", "replace"),
            "parsed": parse_message(raw),
        }
        path = os.path.join(self.directory, f"message-{n}.json")
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(path + ".tmp", path)
        return f"250 2.0.0 Ok: queued as TAWASUL-{n}"


def make_authenticator(user: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return authenticate


class LoopbackController(Controller):
    """Binds port 0 and learns the port the kernel chose before checking that it answers."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--auth", help="USER:PASSWORD")
    args = parser.parse_args()
    # Quiet: no AUTH-without-TLS warnings (it is loopback) and no per-session logging.
    warnings.simplefilter("ignore")
    logging.getLogger("mail.log").setLevel(logging.ERROR)

    smtp_options = {}
    if args.auth:
        user, _, password = args.auth.partition(":")
        smtp_options = {"authenticator": make_authenticator(user, password),
                        "auth_required": True, "auth_require_tls": False}
    sink = Sink(args.directory, {a.lower() for a in args.reject})
    controller = LoopbackController(sink, hostname="127.0.0.1", port=0, **smtp_options)
    controller.start()
    print(controller.port, flush=True)
    threading.Event().wait()  # until killed
    return 0


if __name__ == "__main__":
    sys.exit(main())
