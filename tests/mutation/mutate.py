#!/usr/bin/env python3
"""mutate.py - the mutation check: apply each listed mutant to a scratch copy
of the tree, rebuild incrementally (one build directory for every mutant), run
the tests that must kill it (bounded in time), restore, and report per mutant
killed / survived / not-applied / no-build / no-tests, then the score.

Exit 0 only when every selected mutant is killed; 1 otherwise; 2 on bad input.
A mutant whose pattern matches nothing (or more than once) is reported as
not-applied and counts against the score: the list is refreshed, never
silently skipped. See the README (the mutation check) and mutants.txt."""
import argparse
import glob
import os
import re
import shutil
import signal
import subprocess
import sys
import time

FIELDS = ("id", "file", "find", "replace", "ctest", "env", "timeout", "why")
REQUIRED = ("id", "file", "find", "replace", "ctest", "why")


def die(msg):
    print("mutate: " + msg, file=sys.stderr)
    sys.exit(2)


def parse_list(path):
    """Records of `key: value` lines separated by blank lines; '#' lines are comments.
    A value continues on following lines that start with whitespace + '|'."""
    muts, cur, line_of = [], {}, {}
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        die("%s: %s" % (path, e.strerror))
    lines = text.split("\n")
    start = None

    def flush():
        nonlocal cur, start
        if cur:
            missing = [k for k in REQUIRED if k not in cur]
            if missing:
                die("%s:%d: mutant %s lacks %s" % (path, start, cur.get("id", "?"), ", ".join(missing)))
            cur["line"] = start
            muts.append(cur)
        cur, start = {}, None

    last = None
    for n, raw in enumerate(lines, 1):
        if raw.startswith("#"):
            continue
        if not raw.strip():
            flush()
            last = None
            continue
        m = re.match(r"^\s+\|(.*)$", raw)
        if m and last:
            cur[last] += "\n" + m.group(1)
            continue
        m = re.match(r"^([a-z]+):\s?(.*)$", raw)
        if not m or m.group(1) not in FIELDS:
            die("%s:%d: expected 'key: value' with a key of %s: %r" % (path, n, "/".join(FIELDS), raw))
        if start is None:
            start = n
        if m.group(1) in cur:
            die("%s:%d: %s given twice" % (path, n, m.group(1)))
        cur[m.group(1)] = m.group(2)
        last = m.group(1)
    flush()
    ids = [m["id"] for m in muts]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        die("%s: duplicate ids: %s" % (path, ", ".join(dup)))
    for m in muts:
        try:
            re.compile(m["find"], re.M)
        except re.error as e:
            die("%s:%d: mutant %s: find is not a regular expression: %s" % (path, m["line"], m["id"], e))
        m["timeout"] = int(m.get("timeout") or 0)
        env = {}
        for kv in (m.get("env") or "").split(";"):
            if kv.strip():
                k, _, v = kv.strip().partition("=")
                env[k.strip()] = v.strip()
        m["envd"] = env
    return muts


def tree_files(root):
    """The files of the tree: git's view (tracked + untracked not ignored), else a walk."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-z", "-co", "--exclude-standard"],
                             capture_output=True, check=True).stdout
        files = [f for f in out.decode().split("\0") if f]
        return [f for f in files if os.path.isfile(os.path.join(root, f))]
    except (subprocess.CalledProcessError, FileNotFoundError):
        files = []
        for d, dirs, names in os.walk(root):
            rel = os.path.relpath(d, root)
            dirs[:] = [x for x in dirs if not (rel == "." and x in ("build", ".git"))]
            files += [os.path.normpath(os.path.join(rel, x)) for x in names]
        return files


def sync(root, scratch):
    """Make scratch a copy of root's files; only changed files are written, so
    the build directory stays incremental."""
    want = set(tree_files(root))
    for f in want:
        src, dst = os.path.join(root, f), os.path.join(scratch, f)
        try:
            same = open(src, "rb").read() == open(dst, "rb").read()
        except OSError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
            os.utime(dst)  # newer than anything built from the old copy
    for d, dirs, names in os.walk(scratch):
        rel = os.path.relpath(d, scratch)
        for x in names:
            f = os.path.normpath(os.path.join(rel, x))
            if f not in want:
                os.remove(os.path.join(d, x))


def run(cmd, log, timeout, env=None, cwd=None):
    """Run cmd in a session of its own with output to log; on expiry kill the
    whole process group. Returns the exit code, or None on timeout."""
    with open(log, "ab") as lf:
        lf.write(("\n$ %s\n" % " ".join(cmd)).encode())
        lf.flush()
        p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True)
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            lf.write(("\n(timed out after %d s)\n" % timeout).encode())
            return None


def apply(scratch, m):
    """Apply m to the scratch tree. Returns (saved originals, '') or (None, why not)."""
    files = []
    for pat in m["file"].split(","):
        hits = sorted(glob.glob(os.path.join(scratch, pat.strip()), recursive=True))
        files += [h for h in hits if os.path.isfile(h)]
    if not files:
        return None, "no file matches '%s'" % m["file"]
    rx = re.compile(m["find"], re.M)
    found = []
    for f in files:
        text = open(f, encoding="utf-8", errors="surrogateescape").read()
        n = len(rx.findall(text))
        if n:
            found.append((f, text, n))
    total = sum(n for _, _, n in found)
    if total != 1:
        where = ", ".join("%s (%d)" % (os.path.relpath(f, scratch), n) for f, _, n in found)
        return None, ("pattern matches nothing in %s" % m["file"]) if not total else \
            ("pattern matches %d times (%s): make it unique" % (total, where))
    f, text, _ = found[0]
    new = rx.sub(lambda mo: mo.expand(m["replace"]), text, count=1)
    if new == text:
        return None, "the replacement changes nothing"
    with open(f, "w", encoding="utf-8", errors="surrogateescape") as o:
        o.write(new)
    return (f, text), ""


def restore(saved):
    f, text = saved
    with open(f, "w", encoding="utf-8", errors="surrogateescape") as o:
        o.write(text)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--list", default=os.path.join(here, "mutants.txt"), help="the mutant list (default: mutants.txt here)")
    ap.add_argument("--root", default=os.path.normpath(os.path.join(here, "..", "..")), help="the tree to mutate (default: this checkout)")
    ap.add_argument("--work", help="scratch folder: copy of the tree and its build (default: ROOT/build/mutation)")
    ap.add_argument("--only", help="a regular expression: run only the mutants whose id matches")
    ap.add_argument("--jobs", type=int, default=2, help="build jobs (default 2)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds for one mutant's tests when it names none (default 900)")
    ap.add_argument("--build-timeout", type=int, default=1800, help="seconds for one build (default 1800)")
    ap.add_argument("--cmake-arg", action="append", default=[], help="extra configure argument (repeatable)")
    ap.add_argument("--baseline", action="store_true", help="first run every selected test on the unmutated tree (it must pass)")
    ap.add_argument("--check", action="store_true", help="only parse the list and check that every pattern applies; build nothing")
    a = ap.parse_args()
    muts = parse_list(a.list)
    if a.only:
        muts = [m for m in muts if re.search(a.only, m["id"])]
        if not muts:
            die("--only '%s' selects no mutant" % a.only)
    root = os.path.abspath(a.root)
    work = os.path.abspath(a.work or os.path.join(root, "build", "mutation"))
    scratch, build = os.path.join(work, "src"), os.path.join(work, "build")
    log = os.path.join(work, "log")
    os.makedirs(scratch, exist_ok=True)
    sync(root, scratch)
    if os.path.exists(log):
        os.remove(log)

    if a.check:
        bad = 0
        for m in muts:
            saved, why = apply(scratch, m)
            if saved:
                restore(saved)
                print("%-28s applies" % m["id"])
            else:
                bad += 1
                print("%-28s NOT-APPLIED: %s" % (m["id"], why))
        print("%d of %d mutant(s) apply" % (len(muts) - bad, len(muts)))
        return 1 if bad else 0

    def build_tree():
        if not os.path.exists(os.path.join(build, "CMakeCache.txt")):
            rc = run(["cmake", "-S", scratch, "-B", build, "-DCMAKE_BUILD_TYPE=RelWithDebInfo"] + a.cmake_arg, log, a.build_timeout)
            if rc != 0:
                return rc
        return run(["cmake", "--build", build, "-j%d" % a.jobs], log, a.build_timeout)

    def tests(regex, env, timeout):
        e = dict(os.environ)
        e.update(env)
        # ctest exits 8 when the selection names no test (--no-tests=error)
        cmd = ["ctest", "--test-dir", build, "-R", regex, "--no-tests=error", "--output-on-failure", "--stop-on-failure"]
        listing = subprocess.run(["ctest", "--test-dir", build, "-N", "-R", regex], capture_output=True, text=True, env=e)
        if not re.search(r"Total Tests: [1-9]", listing.stdout):
            return "none"
        start = os.path.getsize(log) if os.path.exists(log) else 0
        rc = run(cmd, log, timeout, env=e)
        with open(log, "rb") as lf:
            lf.seek(start)
            out = lf.read().decode(errors="replace")
        if rc == 0 and re.search(r"\*\*\*Skipped|\bNot Run\b", out):
            return "skipped"  # a test that skipped (exit 77) tried nothing
        return "pass" if rc == 0 else ("timeout" if rc is None else "fail")

    t0 = time.time()
    print("mutate: %d mutant(s) from %s; tree %s; scratch %s; log %s" % (len(muts), a.list, root, work, log), flush=True)
    if build_tree() != 0:
        print("mutate: the unmutated tree does not build (see %s)" % log)
        return 1
    if a.baseline:  # every distinct selection must pass unmutated, else a kill means nothing
        bad = 0
        for sel, envt in sorted({(m["ctest"], tuple(sorted(m["envd"].items()))) for m in muts}):
            t1 = time.time()
            st = tests(sel, dict(envt), a.timeout)
            bad += st != "pass"
            print("baseline: %-8s %s%s  (%.0f s)" % (st.upper(), sel, "".join(" %s=%s" % kv for kv in envt),
                                                     time.time() - t1), flush=True)
        if bad:
            print("mutate: %d selection(s) do not pass on the unmutated tree (see %s)" % (bad, log))
            return 1

    res = {}
    for i, m in enumerate(muts, 1):
        t1 = time.time()
        saved, why = apply(scratch, m)
        if not saved:
            status = "not-applied"
        else:
            try:
                rc = build_tree()
                if rc != 0:
                    status, why = "no-build", "the mutant does not build (see the log): make it compile"
                else:
                    st = tests(m["ctest"], m["envd"], m["timeout"] or a.timeout)
                    status = {"fail": "killed", "timeout": "killed", "pass": "survived", "none": "no-tests",
                              "skipped": "no-tests"}[st]
                    why = {"fail": "", "timeout": "(its tests timed out)", "pass": "every selected test passed",
                           "none": "ctest -R '%s' selects no test" % m["ctest"],
                           "skipped": "a selected test skipped (exit 77): nothing was tried"}[st]
            finally:
                restore(saved)
        res[m["id"]] = status
        sel = m["ctest"] + (" " + " ".join("%s=%s" % kv for kv in m["envd"].items()) if m["envd"] else "")
        print("[%d/%d] %-12s %-28s %s  (%s; %.0f s)%s" % (i, len(muts), status.upper(), m["id"], m["file"], sel,
                                                       time.time() - t1, ("\n      " + why) if why else ""), flush=True)
    # leave the build matching the unmutated tree
    build_tree()
    killed = sum(1 for s in res.values() if s == "killed")
    print("mutate: score %d/%d killed (%.0f %%) in %.0f s" % (killed, len(res), 100.0 * killed / len(res), time.time() - t0))
    for s in ("survived", "not-applied", "no-build", "no-tests"):
        ids = [k for k, v in res.items() if v == s]
        if ids:
            print("mutate: %s: %s" % (s, " ".join(ids)))
    return 0 if killed == len(res) else 1


if __name__ == "__main__":
    sys.exit(main())
