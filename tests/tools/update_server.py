#!/usr/bin/env python3
"""A static file server on 127.0.0.1 for db update tests, with the faults a mirror can have.

Serves DIR with ETag / Last-Modified, conditional GETs (304), and Range (206). Prints its port on the first line
of stdout, then logs one line per request to LOG: "METHOD PATH STATUS range=... inm=... ims=...".
  --drop-after N   the first full GET of a *.zst file sends headers for the whole file, then N bytes, then closes
  --drop-match S   with --drop-after: the file whose path contains S instead of *.zst
  --truncate S     every GET of a path containing S sends headers for the whole file, then half of it, then closes
  --fail P         every GET of a path starting with P answers 503
  --rate B         sends *.zst bodies at about B bytes per second (to be killed mid-transfer)
A directory is served as its index.html (as a web server's listing would be).
"""
import argparse
import email.utils
import hashlib
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

args = None
dropped = threading.Event()
log_lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *unused):
        pass

    def log(self, status):
        with log_lock, open(args.log, "a") as f:
            f.write("GET %s %d range=%s inm=%s ims=%s\n" % (
                self.path, status, self.headers.get("Range", "-"), self.headers.get("If-None-Match", "-"),
                self.headers.get("If-Modified-Since", "-")))

    def do_GET(self):
        url_path = urllib.parse.unquote(self.path.split("?")[0])
        path = os.path.join(args.dir, url_path.lstrip("/"))
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if args.fail and url_path.startswith(args.fail):
            self.log(503)
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not os.path.isfile(path):
            self.log(404)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        st = os.stat(path)
        with open(path, "rb") as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        modified = email.utils.formatdate(int(st.st_mtime), usegmt=True)
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if (inm and inm == etag) or (not inm and ims and ims == modified):
            self.log(304)
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        start = 0
        rng = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-") and (not if_range or if_range == etag):
            start = int(rng[6:-1])
        status = 206 if start > 0 else 200
        self.log(status)
        self.send_response(status)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(data) - start))
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
        self.end_headers()
        body = data[start:]
        if args.truncate and args.truncate in url_path:
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        drop_match = (args.drop_match in url_path) if args.drop_match else path.endswith(".zst")
        if drop_match and args.drop_after is not None and start == 0 and not dropped.is_set():
            dropped.set()
            self.wfile.write(body[:args.drop_after])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        if path.endswith(".zst") and args.rate:
            step = max(1, args.rate // 10)
            for i in range(0, len(body), step):
                self.wfile.write(body[i:i + step])
                self.wfile.flush()
                time.sleep(0.1)
            return
        self.wfile.write(body)


def main():
    global args
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("log")
    parser.add_argument("--drop-after", type=int)
    parser.add_argument("--rate", type=int)
    parser.add_argument("--drop-match")
    parser.add_argument("--truncate")
    parser.add_argument("--fail")
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
