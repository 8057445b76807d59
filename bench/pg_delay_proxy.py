#!/usr/bin/env python3
"""A TCP proxy that delays what it forwards by a fixed time in each direction: PostgreSQL "on
another host" for bench/pg_run, on a machine whose kernel has no netem (tc qdisc ... netem).

    python3 bench/pg_delay_proxy.py --listen 127.0.0.1:PORT --to 127.0.0.1:PGPORT --delay-ms 0.25

Prints "listening on HOST:PORT" once ready; runs until SIGTERM. Two threads per connection, one
per direction, each: receive a chunk, sleep `delay`, send it. A chunk
that arrives while the previous one is still waiting waits its own delay after that (the
PostgreSQL protocol as libpq drives it has one request in flight per connection, so this is
rare). time.sleep and thread wake-ups add some tens of microseconds: measure the round trip you
get (pgbench -S -c 1 through the proxy: "latency average"). Python standard library only.
"""

import argparse
import signal
import socket
import sys
import threading
import time


def pump(src, dst, delay):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            time.sleep(delay)
            dst.sendall(data)
    except OSError:
        pass
    for s in (dst, src):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client, target, delay):
    try:
        server = socket.create_connection(target)
    except OSError:
        client.close()
        return
    for s in (client, server):
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    a = threading.Thread(target=pump, args=(client, server, delay), daemon=True)
    b = threading.Thread(target=pump, args=(server, client, delay), daemon=True)
    a.start()
    b.start()
    a.join()
    b.join()
    client.close()
    server.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--listen", required=True, help="HOST:PORT (port 0: any free port)")
    p.add_argument("--to", required=True, help="HOST:PORT of the server")
    p.add_argument("--delay-ms", type=float, default=0.25, help="one-way delay in milliseconds")
    a = p.parse_args()
    lhost, lport = a.listen.rsplit(":", 1)
    thost, tport = a.to.rsplit(":", 1)
    delay = a.delay_ms / 1000.0
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((lhost, int(lport)))
    listener.listen(512)
    print("listening on %s:%d" % listener.getsockname()[:2], flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, (thost, int(tport)), delay), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
