#!/usr/bin/env python3
"""tests/fuzz/pick.py TARGET [MAX] - add what fuzzing found to the seeds.

Keeps every committed seed (tests/fuzz/corpus/TARGET) and adds at most MAX
(default 30) of the inputs runs found ($FUZZ_BUILD/corpus/TARGET), greedily:
each time the one covering the most edges the chosen set does not cover yet,
until none adds an edge. Candidates are the inputs a merge (edges only)
would add to the seeds; each candidate's edges are then measured alone,
since a merge credits an edge only to the first input that reached it.
Chosen files are copied in under the SHA-1 of their content, as libFuzzer
names them. Prints how many edges the seeds covered before and after.
"""
import hashlib, os, shutil, subprocess, sys, tempfile

def merge(binary, out, dirs, tmp, edges_only=True):
    """Runs a merge; returns {input path: set of edges it was credited}."""
    ctl = os.path.join(tmp, "ctl")
    subprocess.run([binary, "-merge=1", "-merge_control_file=" + ctl] +
                   (["-use_counters=0"] if edges_only else []) + [out] + dirs,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True)
    lines = open(ctl, errors="replace").read().split("\n")
    os.unlink(ctl)
    n = int(lines[0])
    files = lines[2:2 + n]
    cov = {f: set() for f in files}
    for ln in lines[2 + n:]:
        p = ln.split()
        if len(p) >= 2 and p[0] == "COV":
            cov[files[int(p[1])]].update(p[2:])
    return cov

def alone(binary, path, tmp):
    """The edges one input reaches by itself."""
    d, out = os.path.join(tmp, "one"), os.path.join(tmp, "out1")
    for x in (d, out):
        shutil.rmtree(x, ignore_errors=True)
        os.mkdir(x)
    shutil.copy(path, d)
    return set().union(*merge(binary, out, [d], tmp).values())

def main():
    target = sys.argv[1]
    cap = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    build = os.environ.get("FUZZ_BUILD", "build/fuzz")
    binary = os.path.join(build, "bin", "fuzz_" + target)
    seeds = os.path.join("tests/fuzz/corpus", target)
    found = os.path.join(build, "corpus", target)
    with tempfile.TemporaryDirectory() as tmp:
        init = os.path.join(tmp, "init")
        shutil.copytree(seeds, init)
        cov = merge(binary, init, [found], tmp)
        have = set().union(*[c for f, c in cov.items()
                             if f.startswith(init + "/")])
        before = len(have)
        cand = {f: alone(binary, f, tmp) for f, c in cov.items()
                if c and not f.startswith(init + "/")}
    added = 0
    while added < cap and cand:
        best = max(cand, key=lambda f: len(cand[f] - have))
        if not cand[best] - have:
            break
        have |= cand.pop(best)
        data = open(best, "rb").read()
        shutil.copyfile(best, os.path.join(seeds,
                                           hashlib.sha1(data).hexdigest()))
        added += 1
    print("pick %s: %d inputs added; the seeds cover %d edges, %d before" %
          (target, added, len(have), before))

main()
