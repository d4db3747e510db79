#!/usr/bin/python3
# tests/lib/sarif_check.py - reads a SARIF log on stdin and checks it against
# the SARIF 2.1.0 schema's required properties and value constraints for the
# objects migc writes (sarifLog, run, tool, toolComponent,
# reportingDescriptor, result, message, location, physicalLocation,
# artifactLocation, region), without the network.  Prints "ok N" (N results)
# or one line per violation and exits 1.
import json
import sys

errs = []


def need(cond, what):
    if not cond:
        errs.append(what)
    return cond


def is_int(v, low):
    return isinstance(v, int) and not isinstance(v, bool) and v >= low


log = json.load(sys.stdin)
need(isinstance(log, dict), "sarifLog is not an object")
need(log.get("version") == "2.1.0", "sarifLog.version is not 2.1.0")
runs = log.get("runs")
need(isinstance(runs, list) and runs, "sarifLog.runs is not a non-empty array")
n = 0
for run in runs or []:
    tool = run.get("tool")
    if not need(isinstance(tool, dict), "run.tool missing"):
        continue
    drv = tool.get("driver")
    if not need(isinstance(drv, dict), "tool.driver missing"):
        continue
    need(isinstance(drv.get("name"), str) and drv["name"], "driver.name missing")
    need(isinstance(drv.get("version"), str), "driver.version missing")
    rules = drv.get("rules", [])
    need(isinstance(rules, list) and rules, "driver.rules empty")
    ids = []
    for r in rules:
        need(isinstance(r.get("id"), str), "reportingDescriptor.id missing")
        ids.append(r.get("id"))
        lv = r.get("defaultConfiguration", {}).get("level", "warning")
        need(lv in ("none", "note", "warning", "error"), "bad default level %r" % lv)
    need(len(set(ids)) == len(ids), "rule ids not unique")
    for res in run.get("results", []):
        n += 1
        msg = res.get("message")
        need(isinstance(msg, dict) and (isinstance(msg.get("text"), str) or
                                        isinstance(msg.get("id"), str)),
             "result.message without text or id")
        need(res.get("level", "warning") in ("none", "note", "warning", "error"),
             "bad result.level %r" % res.get("level"))
        rid, ri = res.get("ruleId"), res.get("ruleIndex")
        need(isinstance(rid, str), "result.ruleId missing")
        if ri is not None and need(is_int(ri, 0) and ri < len(rules), "bad ruleIndex"):
            need(rules[ri].get("id") == rid, "ruleIndex %d is not %r" % (ri, rid))
        for loc in res.get("locations", []):
            pl = loc.get("physicalLocation")
            if not need(isinstance(pl, dict), "location without physicalLocation"):
                continue
            need("artifactLocation" in pl or "address" in pl,
                 "physicalLocation without artifactLocation or address")
            uri = pl.get("artifactLocation", {}).get("uri")
            need(isinstance(uri, str) and uri and not uri.startswith("/") and
                 ":" not in uri and " " not in uri, "uri %r not a relative reference" % uri)
            reg = pl.get("region")
            if reg is not None:
                need(is_int(reg.get("startLine"), 1), "region.startLine < 1")
                need(is_int(reg.get("startColumn", 1), 1), "region.startColumn < 1")
if errs:
    print("\n".join(errs))
    sys.exit(1)
print("ok %d" % n)
