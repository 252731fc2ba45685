"""Where a wasm module's code goes, by function and by kind — what `twiggy top` would show, with
nothing to install (issue 34). Reads the module cargo built, before wasm-bindgen and wasm-opt,
which still has its name section:

    python3 bench/wasm-top.py [worker|pages|PATH] [how many rows, default 25]

Prints the sections' sizes, the code by kind (our core, our web front, serde's derived readers
and writers, serde_json, serde-wasm-bindgen, formatting, the standard library, the allocator,
wasm-bindgen's glue, the async exports' state machines…) and the largest functions, each
demangled. Sizes are of function bodies before wasm-opt (which shrinks the whole by about a
fifth), so read them as shares.
"""
import collections
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def leb(data, i):
    """An unsigned LEB128 at i: (value, the index after it)."""
    value = shift = 0
    while True:
        byte = data[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def demangle(name):
    """A legacy-mangled Rust name (`_ZN…E`) as a path; anything else as it is."""
    m = re.match(r"_ZN(.*)E$", name)
    if not m:
        return name
    s, parts, i = m.group(1), [], 0
    while i < len(s) and s[i].isdigit():
        j = i
        while s[j].isdigit():
            j += 1
        n = int(s[i:j])
        parts.append(s[j:j + n])
        i = j + n
    if parts and re.match(r"h[0-9a-f]{16}$", parts[-1]):
        parts.pop()
    path = "::".join(parts)
    for code, text in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","),
                       ("$u7b$", "{"), ("$u7d$", "}"), ("$BP$", "*"), ("$u5b$", "["),
                       ("$u5d$", "]"), ("$u27$", "'"), ("..", "::")):
        path = path.replace(code, text)
    return path


def functions(path):
    """(sections' sizes, [(body size, name)]) of a module."""
    data = open(path, "rb").read()
    i, imported, bodies, names, sections = 8, 0, [], {}, collections.Counter()
    while i < len(data):
        kind = data[i]
        size, i = leb(data, i + 1)
        end = i + size
        if kind == 2:  # imports: functions come first in the index space
            count, j = leb(data, i)
            for _ in range(count):
                for _ in range(2):
                    n, j = leb(data, j)
                    j += n
                what = data[j]
                j += 1
                if what == 0:
                    _, j = leb(data, j)
                    imported += 1
                elif what == 1:
                    j += 1
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                elif what == 2:
                    flags, j = leb(data, j)
                    _, j = leb(data, j)
                    if flags & 1:
                        _, j = leb(data, j)
                else:
                    j += 2
        if kind == 10:
            count, j = leb(data, i)
            for _ in range(count):
                n, k = leb(data, j)
                bodies.append(k - j + n)
                j = k + n
        if kind == 0:
            n, j = leb(data, i)
            custom = data[j:j + n].decode()
            j += n
            sections["custom " + custom] += size
            if custom == "name":
                while j < end:
                    sub = data[j]
                    n, j = leb(data, j + 1)
                    if sub == 1:
                        count, k = leb(data, j)
                        for _ in range(count):
                            index, k = leb(data, k)
                            length, k = leb(data, k)
                            names[index] = data[k:k + length].decode("utf8", "replace")
                            k += length
                    j += n
        else:
            sections[{1: "type", 2: "import", 3: "function", 7: "export", 10: "code", 11: "data"}.get(kind, str(kind))] += size
        i = end
    return sections, [(size, demangle(names.get(n + imported, "?"))) for n, size in enumerate(bodies)]


# The first rule a function's name matches names its kind.
KINDS = [
    ("serde_wasm_bindgen", "serde-wasm-bindgen"),
    ("Deserialize", "serde: derived readers"), ("Visitor", "serde: derived readers"),
    ("Serialize", "serde: derived writers"),
    ("serde_json", "serde_json"), ("serde", "serde (other)"),
    ("future_to_promise", "async exports (their whole bodies)"),
    ("fmt", "formatting"),
    ("wasm_bindgen", "wasm-bindgen"), ("js_sys", "js-sys"), ("web_sys", "web-sys"),
    ("dlmalloc", "allocator"), ("hashbrown", "hash maps"), ("BTree", "B-tree maps"),
    ("sha2", "SHA-256"),
    ("authpilot::web", "AuthPilot: web front"), ("authpilot::core", "AuthPilot: core"),
    ("core::", "Rust core library"), ("alloc::", "Rust alloc library"),
]


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "worker"
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    path = which if os.path.exists(which) else os.path.join(
        ROOT, "target", "wasm32-unknown-unknown", "release", f"authpilot_{which}.wasm")
    sections, funcs = functions(path)
    total = sum(size for size, _ in funcs)
    print(f"{path}\nsections: " + ", ".join(f"{k} {v:,}" for k, v in sections.most_common()))
    print(f"code: {total:,} bytes in {len(funcs):,} functions\n\nby kind")
    kinds = collections.Counter()
    for size, name in funcs:
        kinds[next((kind for pattern, kind in KINDS if pattern in name), "other (std's mangled v0 names, closures)")] += size
    for kind, size in kinds.most_common():
        print(f"{size:9,} {100 * size / total:5.1f} %  {kind}")
    print(f"\nthe {rows} largest functions")
    for size, name in sorted(funcs, reverse=True)[:rows]:
        print(f"{size:9,} {100 * size / total:5.1f} %  {name[:140]}")


if __name__ == "__main__":
    main()
