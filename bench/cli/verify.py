"""The chain check docs/log-format.md prints (Python's hashlib over the canonical form), as a
script: the baseline `make bench` times `authpilot verify` against."""
import hashlib, json, sys
log, prev = json.load(open(sys.argv[1], encoding="utf-8")), "0" * 64
for i, e in enumerate(log["entries"], 1):
    body = {k: v for k, v in e.items() if k != "hash"}
    h = hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":"),
                                  ensure_ascii=False).encode()).hexdigest()
    assert e["seq"] == i and e["prev_hash"] == prev and e["hash"] == h, f"entry {i} ({e['id']})"
    prev = h
print(len(log["entries"]), "entries verified")
