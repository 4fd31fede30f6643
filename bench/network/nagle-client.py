"""Python clients for nagle.mjs: N sequential GETs on one kept-alive connection; prints per-request ms as JSON.

usage: nagle-client.py URL N MODE [GAP_MS]   MODE: requests | requests-fresh | httpclient | httpclient-quickack
"""
import json
import socket
import sys
import time
import http.client
import urllib.parse

import requests

url, n, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
gap = float(sys.argv[4]) / 1000 if len(sys.argv) > 4 else 0.0
parts = urllib.parse.urlsplit(url)
times = []
if mode.startswith("requests"):
    session = requests.Session()
    for _ in range(n):
        t = time.perf_counter()
        if mode == "requests-fresh":
            requests.get(url).content
        else:
            session.get(url).content
        times.append((time.perf_counter() - t) * 1000)
        if gap:
            time.sleep(gap)
else:
    conn = http.client.HTTPConnection(parts.hostname, parts.port)
    for _ in range(n):
        t = time.perf_counter()
        conn.request("GET", parts.path or "/")
        if mode == "httpclient-quickack" and conn.sock is not None:
            conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
        conn.getresponse().read()
        times.append((time.perf_counter() - t) * 1000)
        if gap:
            time.sleep(gap)
print(json.dumps(times))
