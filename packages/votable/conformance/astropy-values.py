"""Reads VOTables with astropy and prints every cell of every table as JSON.

Used by the peer part of `npm run conformance` (packages/votable/src/conformance/peers.ts):
`/usr/bin/python3 astropy-values.py FILE...` prints
`{FILE: {"tables": [{"fields": [...], "rows": [[...], ...]}, ...]} | {"error": "..."}}`.
Cells: null when masked (a whole array null when every element is), booleans,
numbers, "NaN"/"Infinity"/"-Infinity", integers beyond 2**53 as decimal text,
complex as [re, im], arrays as (nested) lists, text as str.
"""
import json
import math
import sys
import warnings

import numpy as np
from astropy.io.votable import parse

warnings.simplefilter("ignore")


def scalar(x):
    if x is None or x is np.ma.masked:
        return None
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        v = int(x)
        return v if abs(v) <= 2**53 else str(v)
    if isinstance(x, (float, np.floating)):
        v = float(x)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "Infinity" if v > 0 else "-Infinity"
        return v
    if isinstance(x, (complex, np.complexfloating)):
        return [scalar(x.real), scalar(x.imag)]
    if isinstance(x, bytes):
        return x.decode("utf-8", "replace")
    return str(x)


def conv(x):
    if x is np.ma.masked:
        return None
    if isinstance(x, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(x)
        if x.ndim == 0:
            return None if mask else conv(x.data[()])
        if x.size > 0 and mask.all():
            return None
        return [None if m else conv(d) for d, m in zip(list(x.data.ravel()), list(mask.ravel()))]
    if isinstance(x, np.ndarray):
        if x.ndim == 0:
            return conv(x[()])
        return [conv(e) for e in list(x.ravel())]
    return scalar(x)


def read(path):
    doc = parse(path, verify="ignore")
    tables = []
    for t in doc.iter_tables():
        arr = t.array
        names = [f.name for f in t.fields]
        keys = list(arr.dtype.names or [])
        rows = []
        for i in range(len(arr)):
            rows.append([conv(arr[k][i]) for k in keys])
        tables.append({"fields": names, "rows": rows})
    return {"tables": tables}


out = {}
for path in sys.argv[1:]:
    try:
        out[path] = read(path)
    except Exception as e:  # noqa: BLE001 - reported per file
        out[path] = {"error": f"{type(e).__name__}: {e}"}
json.dump(out, sys.stdout)
