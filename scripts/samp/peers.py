#!/usr/bin/python3
"""Independent SAMP peers for @vo/samp's integration tests, built on astropy.samp
(Debian's python3-astropy; run with /usr/bin/python3). All on 127.0.0.1.

    peers.py hub LOCKFILE [--web PORT]
        astropy's SAMPHubServer writing LOCKFILE; with --web also the Web Profile on
        PORT, approving every registration (a test hub: nobody is there to ask).
        Prints "READY <url>" when up; SIGTERM stops it (shutdown event, lockfile removed).
    peers.py recorder OUT.jsonl [--name recorder] [--reply samp.ok|samp.error] [--fetch]
        Registers, subscribes to the course's MTypes and the hub shutdown event,
        appends one JSON line per message received (before answering a call),
        answers calls with --reply. With --fetch, a table.load.votable URL is
        fetched and its rows read with astropy (the line gets "table": {...}).
        Prints "READY <id>"; stops on SIGTERM or the hub's shutdown.
    peers.py send --to NAME|--all --mtype M [--param K V ...] [--mode call|notify] [--timeout S]
        Registers as "sender", sends once and prints one JSON line: the response
        (call), the recipients (notify), or {"error": ...}. Exit 0 when sent
        (and, for calls, answered samp.ok), 2 for a samp.warning/error reply, 1 on a fault.

    peers.py shot DISPLAY OUT.png
        A screenshot of an X display (e.g. Xvfb's :99) with Pillow (python3-pil).

SAMP_HUB=std-lockurl:file://LOCKFILE tells the clients where the hub is; set
HOME to a scratch directory too (astropy's hub sweeps ~/.samp* at start-up).
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
import urllib.request

from astropy.samp import SAMPHubServer, SAMPIntegratedClient, conf

conf.use_internet = False  # no probe of a public web site: advertise 127.0.0.1

COURSE_MTYPES = ["table.load.votable", "image.load.fits", "spectrum.load.ssa-generic",
                 "coord.pointAt.sky", "table.highlight.row", "table.select.rowList", "samp.app.ping"]


def wait_for_signal(stop):
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())


def run_hub(a):
    os.environ["SAMP_HUB"] = "std-lockurl:file://" + os.path.abspath(a.lockfile)
    dialog = None
    if a.web is not None:
        from astropy.samp.hub import WebProfileDialog

        class Approve(WebProfileDialog):
            def show_dialog(self, samp_name, details, client, origin):
                print(f"web registration approved: {samp_name!r} from {origin!r}", flush=True)
                self.consent()
        dialog = Approve()
    hub = SAMPHubServer(addr="127.0.0.1", lockfile=os.path.abspath(a.lockfile),
                        web_profile=a.web is not None, web_profile_dialog=dialog,
                        web_port=a.web or 21012)
    hub.start(wait=False)
    stop = threading.Event()
    wait_for_signal(stop)
    print("READY " + hub.params["samp.hub.xmlrpc.url"], flush=True)
    while not stop.is_set() and hub.is_running:
        if dialog is not None:
            dialog.handle_queue()
        stop.wait(0.05)
    if hub.is_running:
        hub.stop()
    return 0


def read_table(url):
    """Rows and columns of a VOTable at url, read by astropy (independently of @vo)."""
    from astropy.io.votable import parse_single_table
    with urllib.request.urlopen(url, timeout=30) as r:
        import io
        t = parse_single_table(io.BytesIO(r.read())).to_table()
    return {"columns": [{"name": c.name, "unit": str(c.unit) if c.unit else None,
                         "ucd": c.meta.get("ucd")} for c in t.itercols()],
            "rows": [[v.item() if hasattr(v, "item") else (v.decode() if isinstance(v, bytes) else v)
                      for v in row] for row in t]}


def run_recorder(a):
    lock = threading.Lock()
    stop = threading.Event()
    out = open(a.out, "a", encoding="utf-8")
    c = SAMPIntegratedClient(name=a.name, description="records SAMP messages (test peer)", addr="127.0.0.1")
    c.connect()
    me = c.get_public_id()

    def record(kind, sender, msg_id, mtype, params, extra):
        line = {"kind": kind, "mtype": mtype, "params": params, "sender": sender, "msg_id": msg_id,
                "extra": extra, "time": time.time()}
        try:
            line["sender_name"] = c.get_metadata(sender).get("samp.name")
        except Exception:  # noqa: BLE001 - it may be gone already
            line["sender_name"] = None
        if a.fetch and mtype == "table.load.votable":
            try:
                line["table"] = read_table(params["url"])
            except Exception as e:  # noqa: BLE001 - recorded for the test to see
                line["table_error"] = f"{type(e).__name__}: {e}"
        with lock:
            out.write(json.dumps(line, sort_keys=True) + "\n")
            out.flush()
            os.fsync(out.fileno())

    def on_call(key, sender, msg_id, mtype, params, extra):
        record("call", sender, msg_id, mtype, params, extra)
        resp = {"samp.status": a.reply, "samp.result": {}}
        if a.reply != "samp.ok":
            resp["samp.error"] = {"samp.errortxt": "recorder answers " + a.reply}
        c.reply(msg_id, resp)

    def on_note(key, sender, mtype, params, extra):
        record("notification", sender, None, mtype, params, extra)
        if mtype == "samp.hub.event.shutdown":
            stop.set()

    c.client._call_bindings.pop("client.env.get", None)
    for m in COURSE_MTYPES:
        c.bind_receive_call(m, on_call, declare=False)
        c.bind_receive_notification(m, on_note, declare=False)
    c.bind_receive_notification("samp.hub.event.shutdown", on_note, declare=False)
    c.declare_subscriptions()
    print("READY " + me, flush=True)
    wait_for_signal(stop)
    stop.wait()
    try:
        c.disconnect()
    except Exception:  # noqa: BLE001 - the hub may be gone
        pass
    return 0


def run_send(a):
    params = {k: v for k, v in a.param}
    msg = {"samp.mtype": a.mtype, "samp.params": params}
    c = SAMPIntegratedClient(name="sender", description="one-shot SAMP sender (test peer)", addr="127.0.0.1")
    c.connect()
    try:
        if a.to is None:
            if a.mode == "notify":
                print(json.dumps({"recipients": c.notify_all(msg)}))
                time.sleep(0.5)
                return 0
            got = {}
            done = threading.Event()

            def on_resp(key, responder, tag, resp):
                got[responder] = resp
                done.set()
            c.bind_receive_response("send-all", on_resp)
            expected = c.call_all("send-all", msg)
            end = time.time() + a.timeout
            while len(got) < len(expected) and time.time() < end:
                done.wait(0.1)
                done.clear()
            print(json.dumps(got, sort_keys=True))
            return 0 if len(got) == len(expected) else 1
        ids = [i for i in c.get_registered_clients() if c.get_metadata(i).get("samp.name") == a.to]
        if not ids:
            print(json.dumps({"error": f"no client named {a.to}"}))
            return 1
        if a.mode == "notify":
            c.notify(ids[0], msg)
            print(json.dumps({"recipients": ids[:1]}))
            time.sleep(0.5)
            return 0
        resp = c.call_and_wait(ids[0], msg, str(a.timeout))
        print(json.dumps(resp, sort_keys=True))
        return 0 if resp.get("samp.status") == "samp.ok" else 2
    except Exception as e:  # noqa: BLE001 - a fault is a result here
        print(json.dumps({"error": f"{type(e).__name__}: {e}"}))
        return 1
    finally:
        try:
            c.disconnect()
        except Exception:  # noqa: BLE001
            pass


def run_shot(a):
    from PIL import ImageGrab
    ImageGrab.grab(xdisplay=a.display).save(a.out)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    h = sub.add_parser("hub")
    h.add_argument("lockfile")
    h.add_argument("--web", type=int, metavar="PORT")
    r = sub.add_parser("recorder")
    r.add_argument("out")
    r.add_argument("--name", default="recorder")
    r.add_argument("--reply", default="samp.ok", choices=["samp.ok", "samp.warning", "samp.error"])
    r.add_argument("--fetch", action="store_true")
    s = sub.add_parser("send")
    g = s.add_mutually_exclusive_group(required=True)
    g.add_argument("--to")
    g.add_argument("--all", action="store_true")
    s.add_argument("--mtype", required=True)
    s.add_argument("--param", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"))
    s.add_argument("--mode", default="call", choices=["call", "notify"])
    s.add_argument("--timeout", type=int, default=10)
    x = sub.add_parser("shot")
    x.add_argument("display")
    x.add_argument("out")
    a = ap.parse_args()
    return {"hub": run_hub, "recorder": run_recorder, "send": run_send, "shot": run_shot}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main())
