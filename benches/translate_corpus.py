#!/usr/bin/env python3
"""Give a generated benchmark corpus a full second language, to measure what one costs.

Usage:
    python3 ../shared/bench/gen_corpus.py 1000 --out /dev/shm/c1000
    python3 benches/translate_corpus.py /dev/shm/c1000/stagecraft --lang zh-CN

Adds `translations:` to site.yaml, a `roadmap.<lang>.yaml` overlay for every roadmap that
gives every text field (title, summary, goal labels and units, role names, stage names,
summaries and exit criteria), and a `<stage>.<lang>.md` beside every playbook with the
original's `updated` and a body of the same length (the original's, so that
its links resolve). The "translations" are the original texts with a prefix: the point is
the work a second language makes, not the words. Run it once per corpus; it refuses a
corpus that already has the language.

Standard library only: the generator writes roadmap.yaml in a fixed shape, which this
reads line by line.
"""

import argparse
import os
import sys


def quote(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def unquote(value):
    value = value.strip()
    if value.startswith('"') and value.endswith('"'):
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value


def overlay(roadmap_yaml, prefix):
    """The overlay of a generated roadmap.yaml: every text field, prefixed."""
    out = []
    section = None
    items = {"goals": [], "roles": [], "stages": []}
    current = None
    for line in roadmap_yaml.splitlines():
        if not line.startswith(" ") and ":" in line:
            key, _, value = line.partition(":")
            section = key
            if key in ("title", "summary"):
                out.append("%s: %s" % (key, quote(prefix + unquote(value))))
            continue
        stripped = line.strip()
        if section in items and stripped.startswith("- id:"):
            current = {"id": stripped[len("- id:"):].strip(), "fields": [], "exit": []}
            items[section].append(current)
        elif current is not None and section in items:
            key, _, value = stripped.partition(":")
            if key in ("label", "unit", "name", "summary"):
                current["fields"].append((key, unquote(value)))
            elif stripped.startswith("- ") and section == "stages":
                current["exit"].append(unquote(stripped[2:]))
    for section in ("goals", "roles", "stages"):
        if not items[section]:
            continue
        out.append("%s:" % section)
        for item in items[section]:
            out.append("  %s:" % item["id"])
            for key, value in item["fields"]:
                out.append("    %s: %s" % (key, quote(prefix + value)))
            if item["exit"]:
                out.append("    exit_criteria:")
                out.extend("      - %s" % quote(prefix + c) for c in item["exit"])
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("root", help="the corpus's stagecraft/ folder")
    ap.add_argument("--lang", default="zh-CN", help="the language to add (zh-CN or en)")
    a = ap.parse_args()
    content = os.path.join(a.root, "content")
    site = os.path.join(content, "site.yaml")
    text = open(site, encoding="utf-8").read()
    if "translations:" in text:
        sys.exit("%s already has translations" % site)
    prefix = "[%s] " % a.lang
    with open(site, "a", encoding="utf-8") as f:
        f.write("translations:\n  %s:\n    title: %s\n" % (a.lang, quote(prefix + "Sales Playbook")))
    roadmaps = os.path.join(content, "roadmaps")
    files = 0
    for rm in sorted(os.listdir(roadmaps)):
        folder = os.path.join(roadmaps, rm)
        original = open(os.path.join(folder, "roadmap.yaml"), encoding="utf-8").read()
        with open(os.path.join(folder, "roadmap.%s.yaml" % a.lang), "w", encoding="utf-8") as f:
            f.write(overlay(original, prefix))
        files += 1
        stages = os.path.join(folder, "stages")
        for name in sorted(os.listdir(stages)):
            stem, ext = os.path.splitext(name)
            if ext != ".md" or "." in stem:
                continue
            src = open(os.path.join(stages, name), encoding="utf-8").read()
            _, front, body = src.split("---\n", 2)
            updated = [l for l in front.splitlines() if l.startswith("updated:")]
            with open(os.path.join(stages, "%s.%s.md" % (stem, a.lang)), "w", encoding="utf-8") as f:
                f.write("---\n%s\n---\n%s" % ("\n".join(updated), body))
            files += 1
    print("wrote %d translation files under %s" % (files, content))


if __name__ == "__main__":
    main()
