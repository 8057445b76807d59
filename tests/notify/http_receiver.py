#!/usr/bin/env python3
"""A real HTTP receiver on loopback for the SMS gateway and webhook tests (tests/notify).

    python3 tests/notify/http_receiver.py LOG_FILE MODE_FILE [--hang-seconds N]

Standard library only. It listens on 127.0.0.1 on a free port and prints that port as the first
line of stdout once it listens. Every request is appended to LOG_FILE as one JSON line (method,
path, headers, body as UTF-8 text, and `form`: the body decoded by urllib when it is
application/x-www-form-urlencoded) and flushed *before* the answer is sent, so a client that got
its answer can read the record. The answer follows MODE_FILE, re-read on every request so that a
test can switch it between requests:

    200 (or any other status)  that status; a 2xx carries {"id": "gw-N", "status": "queued"}
    hang                       no answer for --hang-seconds (default 10), longer than the
                               client's time-out; then 200 to whoever is still listening

A missing or empty MODE_FILE means 200. "Down" is tested by killing the process or by a closed
port. It runs until killed.
"""

import argparse
import http.server
import itertools
import json
import sys
import threading
import time
import urllib.parse


def make_handler(log_path: str, mode_path: str, hang_seconds: float):
    lock = threading.Lock()
    counter = itertools.count(1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # no access log on stderr
            pass

        def read_mode(self) -> str:
            try:
                with open(mode_path, encoding="utf-8") as f:
                    return f.read().strip() or "200"
            except FileNotFoundError:
                return "200"

        def record(self, body: bytes) -> int:
            text = body.decode("utf-8", "replace")
            entry = {
                "method": self.command,
                "path": self.path,
                "headers": {name: value for name, value in self.headers.items()},
                "body": text,
            }
            if self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                entry["form"] = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
            with lock:
                n = next(counter)
                with open(log_path, "a", encoding="utf-8") as f:
                    f.write(json.dumps(entry, ensure_ascii=False) + "\n")
            return n

        def answer(self, status: int, payload: dict):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            n = self.record(body)
            mode = self.read_mode()
            if mode == "hang":
                time.sleep(hang_seconds)
                mode = "200"
            status = int(mode)
            if status == 204:  # no body, by definition
                self.send_response(204)
                self.end_headers()
            elif 200 <= status < 300:
                self.answer(status, {"id": f"gw-{n}", "status": "queued"})
            else:
                self.answer(status, {"error": f"mode {status}"})

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any

    return Handler


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("log_file")
    parser.add_argument("mode_file")
    parser.add_argument("--hang-seconds", type=float, default=10)
    args = parser.parse_args()
    handler = make_handler(args.log_file, args.mode_file, args.hang_seconds)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
