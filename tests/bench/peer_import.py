#!/usr/bin/env python3
"""The peer a user would otherwise write: csv + urllib + ThreadPoolExecutor,
one request per row, the same client-side rate limit. Used by make bench to
compare rows/s with mailfleet. Usage: peer_import.py URL TOKEN CSV RATE WORKERS
"""
import csv, json, sys, threading, time, urllib.request
from concurrent.futures import ThreadPoolExecutor

url, token, path, rate, workers = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), int(sys.argv[5])
lock = threading.Lock()
next_slot = [time.monotonic()]

def acquire():
    with lock:
        t = max(next_slot[0], time.monotonic())
        next_slot[0] = t + 1.0 / rate
    d = t - time.monotonic()
    if d > 0:
        time.sleep(d)

def create(row):
    acquire()
    body = json.dumps([{"email_account": row["email"]}]).encode()
    req = urllib.request.Request(url + "/v1/user/accounts", data=body, method="POST",
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code

rows = list(csv.DictReader(open(path)))
t = time.monotonic()
with ThreadPoolExecutor(workers) as ex:
    codes = list(ex.map(create, rows))
el = time.monotonic() - t
ok = sum(1 for c in codes if c == 202)
print(f"{len(rows)} {ok} {el:.3f}")
