"""pyVO side of `npm run bench:network` (Debian's python3-pyvo): one task REPS times against the local DaCHS.

usage: /usr/bin/python3 tasks.py TASK REPS SETUP_JSON [WARMUP=0]   prints {"times": [...ms], "rows": n, "maxRssKb": k}
"""
import json
import resource
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pyvo
from astropy.table import Table

task, reps, setup = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
warmup = int(sys.argv[4]) if len(sys.argv) > 4 else 0
base = setup["BASE"]
tap = pyvo.dal.TAPService(base + "/tap")
cone = pyvo.dal.SCSService(base + "/vosample/cat/cone/scs.xml")


def upload():
    rows = setup["UPLOAD_ROWS"]
    table = Table(rows=[tuple(r) for r in rows], names=("label", "ra", "dec"))
    return len(tap.run_sync(setup["UPLOAD_QUERY"], uploads={"pos": table}))


def cones():
    return sum(len(cone.search((ra, dec), 0.05)) for ra, dec in setup["CONES"])


def links():
    result = tap.run_sync(setup["DATALINK_QUERY"])
    return sum(len(dl) for dl in result.iter_datalinks())


def fan_out():
    with ThreadPoolExecutor(8) as pool:
        return len(list(pool.map(lambda c: cone.search(tuple(c), 0.05), setup["CONES"][:20])))


TASKS = {
    "sync-small": lambda: len(tap.run_sync(setup["SMALL_QUERY"])),
    "sync-200k": lambda: len(tap.run_sync(setup["BIG_QUERY"], maxrec=200000)),
    "async": lambda: len(tap.run_async(setup["SMALL_QUERY"])),
    "upload": upload,
    "cone-50": cones,
    "sia": lambda: len(pyvo.dal.SIAService(base + "/vosample/img/siap/siap.xml").search((10.6847, 41.269), 0.2)),
    "ssa": lambda: len(pyvo.dal.SSAService(base + "/vosample/spec/ssa/ssap.xml").search((10.6847, 41.269), 0.2)),
    "datalink": links,
    "fan-out-20": fan_out,
}

times, rows = [], 0
for _ in range(warmup):
    TASKS[task]()
for _ in range(reps):
    t = time.perf_counter()
    rows = TASKS[task]()
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"times": times, "rows": rows, "maxRssKb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
