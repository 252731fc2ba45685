#!/usr/bin/env python3
"""Writes the store packages from the built extension (dist/extension/):
dist/authpilot-<version>-chrome.zip and dist/authpilot-<version>-edge.zip.

Reproducible: files in sorted order, one fixed timestamp and mode, deflate at level 9, so the
same build gives byte-identical zips. The Edge package's manifest has no "Chrome" in its name
or description and no update_url (Edge Add-ons rules)."""
import json
import pathlib
import re
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "dist" / "extension"
FIXED_TIME = (2022, 10, 1, 0, 0, 0)  # the day the re-enable window opened; any fixed date works


def version() -> str:
    text = (ROOT / "Cargo.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if not match:
        sys.exit("dist: no version in Cargo.toml")
    return match.group(1)


def shown(value: str) -> list:
    """What a manifest string shows: itself, or for "__MSG_key__" the message in every locale."""
    match = re.fullmatch(r"__MSG_(\w+)__", value)
    if not match:
        return [value]
    key = match.group(1).lower()
    texts = []
    for messages in sorted((SOURCE / "_locales").glob("*/messages.json")):
        catalog = {k.lower(): v for k, v in json.loads(messages.read_text(encoding="utf-8")).items()}
        if key not in catalog:
            sys.exit(f"dist: {messages.relative_to(ROOT)} has no message \"{key}\"")
        texts.append(catalog[key]["message"])
    return texts


def edge_manifest(manifest: dict) -> dict:
    edge = dict(manifest)
    edge.pop("update_url", None)
    for key in ("name", "description", "short_name"):
        if key not in edge:
            continue
        if edge[key].startswith("__MSG_"):
            # localised: the messages are shared with Chrome's package, so they must not say it
            for text in shown(edge[key]):
                if re.search(r"\bchrome\b", text, re.IGNORECASE):
                    sys.exit(f"dist: the Edge package's {key} would read \"{text}\"; drop \"Chrome\" from it")
        else:
            edge[key] = re.sub(r"\s*\b(Google )?Chrome\b", "", edge[key]).strip()
    return edge


def write_zip(path: pathlib.Path, manifest: dict) -> None:
    files = sorted(p for p in SOURCE.rglob("*") if p.is_file())
    with zipfile.ZipFile(path, "w") as z:
        for file in files:
            name = file.relative_to(SOURCE).as_posix()
            data = file.read_bytes()
            if name == "manifest.json":
                data = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)


def main() -> None:
    manifest = json.loads((SOURCE / "manifest.json").read_text(encoding="utf-8"))
    v = version()
    if manifest.get("version") != v:
        sys.exit(f"dist: manifest version {manifest.get('version')} differs from Cargo.toml {v}")
    out = ROOT / "dist"
    for store, m in (("chrome", manifest), ("edge", edge_manifest(manifest))):
        path = out / f"authpilot-{v}-{store}.zip"
        write_zip(path, m)
        print(f"[dist] {path.relative_to(ROOT)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
