#!/usr/bin/env python3
"""Realtime measurements (spec §11), on one machine: bench/run.sh --realtime runs this.

1. `insert` with and without the change log (its trigger disabled for the A/B, same server; three
   rounds in alternating order, so neither side always runs on the fuller table);
2. `insert` at full speed while 1,000 WebSocket subscribers listen on the same mesh (every write
   fans out to all of them), with delivered events/s and the delay from commit to arrival;
3. the same 1,000 subscribers with writes paced at 20/s: delivery latency p50/p99 when not saturated,
   three rounds after one unreported warm-up round (as every other workload is warmed up first).
"""
import os, random, subprocess, sys, tempfile, threading, time
sys.path.insert(0, os.path.dirname(__file__))
import bench as b

SUBSCRIBERS = 1000


def subscribers(token, mesh, seconds):
    process = subprocess.Popen(["java", "-Xmx512m", "bench/Subscribers.java", "ws://%s:%d/%s/realtime" % (b.HOST, b.PORT, b.ACCOUNT),
                                token, str(SUBSCRIBERS), mesh, str(seconds)], stdout=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    if not line.startswith("subscribed"):
        raise RuntimeError("subscribers did not start: " + line)
    return process


def result(process):
    out = process.communicate(timeout=120)[0].split()
    return {"events": int(out[1]), "rate": float(out[3]), "p50": float(out[5]), "p99": float(out[7])}


REPORT = []


def report(line):
    """Prints a result line and keeps it for bench/results/realtime.md."""
    print(line, flush=True)
    REPORT.append(line)


def quantiles(text, name):
    """The quantiles Warden's own timer publishes, e.g. {"0.5": 0.04, "0.99": 0.09} (seconds)."""
    found = {}
    for line in text.splitlines():
        if line.startswith(name + "{") and 'quantile="' in line:
            q = line.split('quantile="', 1)[1].split('"', 1)[0]
            found[q] = float(line.rsplit(" ", 1)[1])
    return found


def paced_round(token):
    """1,000 subscribers, 200 writes at 20/s through the same instance."""
    listening = subscribers(token, "paced", 15)
    started = time.time()
    for i in range(200):
        b.call("POST", "/%s/meshes/paced" % b.ACCOUNT, {"n": i}, token)
        time.sleep(max(0, started + (i + 1) * 0.05 - time.time()))
    return result(listening)


def main():
    workdir = tempfile.mkdtemp(prefix="warden-realtime-")
    process, pg_port = b.start_warden(workdir)
    with open(os.path.join(workdir, "postgres", "warden.secret")) as f:
        os.environ["PGPASSWORD"] = f.read().strip()
    try:
        admin = b.token("admin", b.ADMIN_PASSWORD)
        role = b.call("POST", "/%s/roles" % b.ACCOUNT, {"name": "editors", "description": "bench"}, admin)
        b.call("POST", "/%s/roles/%s/permissions" % (b.ACCOUNT, role["id"]),
               {"permissibleName": "meshes", "create": True, "read": True}, admin)
        b.call("POST", "/%s/users" % b.ACCOUNT, {"username": "editor", "newPassword": "editor-password",
                                                 "isActive": True, "verified": True, "roles": [{"name": "editors"}]}, admin)
        editor = b.token("editor", "editor-password")
        body = {k: v for k, v in b.document(1, random.Random(1)).items() if k != "_id"}
        insert = b.write_lua(workdir, "insert", "POST", '"/demo/meshes/docs"', body)
        b.warm_up(insert, "Bearer " + editor, 20)
        rows = []
        for rnd in range(3):
            measured = {}
            for change_log in ([False, True] if rnd % 2 == 0 else [True, False]):
                b.psql(pg_port, "alter table documents %s trigger documents_changes" % ("enable" if change_log else "disable"))
                measured[change_log] = b.run_wrk(insert, "Bearer " + editor, 15, 5)["rps"]
            rows.append((measured[False], measured[True]))
            report("round %d insert without change log %.0f rps, with %.0f rps" % (rnd + 1, measured[False], measured[True]))
        paced_p99 = []
        for rnd in range(4):
            paced = paced_round(editor)
            if rnd == 0:
                continue  # warm-up: the delivery path's first use compiles it
            paced_p99.append(paced["p99"])
            report("paced round %d, 20 writes/s to %d subscribers: delivered %d events (%.0f/s), commit->arrival"
                   " p50 %.0f ms p99 %.0f ms" % (rnd, SUBSCRIBERS, paced["events"], paced["rate"], paced["p50"], paced["p99"]))
        report("paced p99, median of 3 rounds: %.0f ms" % sorted(paced_p99)[1])
        lag = quantiles(b.metrics(), "warden_realtime_delivery_lag_seconds")
        report("  of which in the server (transaction start -> handed to the connection, last 2 minutes): "
               "p50 %.0f ms p99 %.0f ms" % (1000 * lag.get("0.5", 0), 1000 * lag.get("0.99", 0)))
        listening = subscribers(editor, "docs", 25)
        fanned = b.run_wrk(insert, "Bearer " + editor, 15, 0)
        fan = result(listening)
        report("insert with %d subscribers: %.0f rps; delivered %.0f events/s, commit->arrival p50 %.0f ms p99 %.0f ms"
               % (SUBSCRIBERS, fanned["rps"], fan["rate"], fan["p50"], fan["p99"]))
        ratios = sorted(on / off for off, on in rows)
        report("insert with the change log / without: median %.2f" % ratios[1])
        os.makedirs("bench/results", exist_ok=True)
        with open("bench/results/realtime.md", "w") as f:
            f.write("# Warden realtime benchmark\n\n" + "\n".join("- " + line for line in REPORT) + "\n")
    finally:
        process.terminate()
        process.wait(timeout=60)


if __name__ == "__main__":
    main()
