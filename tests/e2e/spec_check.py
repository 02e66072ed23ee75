#!/usr/bin/env python3
"""Helpers of tests/e2e/client_prism.sh around the published OpenAPI file.

  spec_check.py strict SPEC OUT
      OUT = SPEC with every request body closed: each object schema a
      request body uses (refs resolved) gets additionalProperties: false,
      so Prism names a field the spec does not have. Responses are left
      as published.
  spec_check.py urls SPEC LOG
      reads the client's -v lines ("http: METHOD URL ...") from LOG and
      prints one line per request whose method and path are no operation
      of SPEC, or whose query names a parameter the operation does not
      declare (Prism does not check either). Nothing printed: all known.
  spec_check.py anyof SPEC METHOD PATH PARAM
      exit 0 when PARAM of METHOD PATH is a query parameter declared
      anyOf [array, null] (the documented Prism 5 exception).
"""
import copy
import json
import re
import sys
from urllib.parse import urlsplit, parse_qsl


def resolve(spec, node, seen=()):
    """A copy of node with local $refs replaced by what they name."""
    if isinstance(node, list):
        return [resolve(spec, v, seen) for v in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].startswith("#/"):
        ref = node["$ref"]
        if ref in seen:
            return {}
        target = spec
        for part in ref[2:].split("/"):
            target = target[part]
        return resolve(spec, target, seen + (ref,))
    out = {k: resolve(spec, v, seen) for k, v in node.items()}
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def strict(spec_path, out_path):
    spec = json.load(open(spec_path))
    closed = copy.deepcopy(spec)
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            body = op.get("requestBody") if isinstance(op, dict) else None
            if not body:
                continue
            for ctype, media in body.get("content", {}).items():
                schema = media.get("schema")
                if schema is not None:
                    closed["paths"][path][method]["requestBody"][
                        "content"][ctype]["schema"] = resolve(spec, schema)
    json.dump(closed, open(out_path, "w"))


def operation(spec, method, path):
    """(template, operation) of SPEC for METHOD PATH, or (None, None)."""
    for tmpl, ops in spec["paths"].items():
        rx = "^" + re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(tmpl)) + "$"
        if re.match(rx, path) and method.lower() in ops:
            return tmpl, ops[method.lower()]
    return None, None


def urls(spec_path, log_path):
    spec = json.load(open(spec_path))
    for line in open(log_path, errors="replace"):
        m = re.search(r"http: ([A-Z]+) (\S+)", line)
        if not m:
            continue
        method, url = m.group(1), urlsplit(m.group(2))
        tmpl, op = operation(spec, method, url.path)
        if op is None:
            print("no such operation: %s %s" % (method, url.path))
            continue
        declared = {p["name"] for p in op.get("parameters", [])
                    if p.get("in") == "query"}
        for name, _ in parse_qsl(url.query, keep_blank_values=True):
            if name not in declared:
                print("%s %s: undeclared query parameter %s"
                      % (method, tmpl, name))


def anyof(spec_path, method, path, param):
    spec = json.load(open(spec_path))
    _, op = operation(spec, method, path)
    for p in (op or {}).get("parameters", []):
        if p.get("in") == "query" and p["name"] == param:
            types = sorted(s.get("type", "") for s in
                           p.get("schema", {}).get("anyOf", []))
            return 0 if types == ["array", "null"] else 1
    return 1


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "strict":
        strict(sys.argv[2], sys.argv[3])
    elif cmd == "urls":
        urls(sys.argv[2], sys.argv[3])
    elif cmd == "anyof":
        sys.exit(anyof(*sys.argv[2:6]))
    else:
        sys.exit("usage: spec_check.py strict|urls|anyof ...")
