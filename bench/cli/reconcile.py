"""What an admin would script today to hold an AuthPilot log against an audit export, without
the command line: Python's csv and json modules, the same matching rule as AuthPilot's
(docs/reconcile.md: the same target, direction and result within 90 minutes, the closest
unmatched entry). The baseline `make bench` times `authpilot reconcile` against.

python3 reconcile.py LOG AUDIT  ->  prints the counts of each group as JSON
"""
import csv, json, sys
from datetime import datetime, timezone

csv.field_size_limit(1 << 30)
WINDOW = 90 * 60


def when(text):
    text = text.strip().rstrip("Z").split(".")[0]
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc).timestamp()


def change(data):
    op = (data.get("Operation") or "").lower()
    params = {p.get("Name", "").lower(): p.get("Value") or "" for p in data.get("Parameters") or []}
    identity = (params.get("identity") or data.get("ObjectId") or "").strip()
    truthy = lambda v: {"true": True, "false": False}.get(v.strip().lstrip("$").lower())
    if op == "set-transportconfig" and "smtpclientauthenticationdisabled" in params:
        off = truthy(params["smtpclientauthenticationdisabled"])
        if off is not None:
            return ("organization", None), "turn-off" if off else "turn-on"
    if op == "set-casmailbox" and "smtpclientauthenticationdisabled" in params:
        v = params["smtpclientauthenticationdisabled"]
        off = truthy(v)
        action = "follow-organization" if off is None and v.strip().lower() in ("", "$null") else (
            None if off is None else ("turn-off" if off else "turn-on"))
        if action:
            mailbox = identity.lower()
            return (("mailbox", mailbox) if "@" in mailbox else ("unknown", identity)), action
    if op in ("set-authenticationpolicy", "new-authenticationpolicy") and "allowbasicauthsmtp" in params:
        allowed = truthy(params["allowbasicauthsmtp"])
        if allowed is not None:
            return ("authentication-policy", None), "turn-on" if allowed else "turn-off"
    return None


def main(log_path, audit_path):
    log = json.load(open(log_path, encoding="utf-8"))
    entries = [e for e in log["entries"] if e["protocol"] == "SMTP"]
    by_key = {}
    for i, e in enumerate(entries):
        key = ((e.get("scope"), e.get("mailbox") if e.get("scope") == "mailbox" else None), e["action"])
        by_key.setdefault(key, []).append((when(e["at"]), i, e["outcome"] != "failed"))
    taken = set()
    matched = only_tenant = unknown = skipped = 0
    with open(audit_path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            data = json.loads(row["AuditData"])
            found = change(data)
            if not found:
                skipped += 1
                continue
            (target, action) = found
            if target[0] == "unknown":
                unknown += 1
                continue
            at = when(data.get("CreationTime") or row.get("CreationDate"))
            ok = (data.get("ResultStatus") or "").lower() != "false"
            best = min(((abs(t - at), i) for t, i, good in by_key.get((target, action), [])
                        if i not in taken and good == ok and abs(t - at) <= WINDOW), default=None)
            if best:
                taken.add(best[1])
                matched += 1
            else:
                only_tenant += 1
    print(json.dumps({"matched": matched, "only_in_log": len(entries) - len(taken),
                      "only_in_tenant": only_tenant, "unknown_target": unknown, "skipped": skipped}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
