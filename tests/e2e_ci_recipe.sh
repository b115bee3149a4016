#!/usr/bin/env bash
# e2e_ci_recipe: the CI recipes in docs/ci/ (GitHub Actions workflow, GitLab
# snippet) are valid YAML of the expected shape (the gate runs `ab
# --until-decided`, the markdown goes to the job summary, the report is kept),
# and every `regionbench` command line in them parses: its options are checked
# by the binary itself (`--help` appended, so nothing runs; for `ab`, the bench
# options after `--` are checked by `bench` the same way). The checker is shown
# to reject a broken line first, so it can fail.
. "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3
"$PY" -c 'import yaml' 2>/dev/null || skip "python3-yaml is not installed"
"$PY" - "$RB_BIN" "$RB_SRC/docs/ci/github-actions.yml" "$RB_SRC/docs/ci/gitlab-ci.yml" <<'PYEOF' || exit 1
import shlex, subprocess, sys, yaml
rb = sys.argv[1]

def command_lines(script):
    """regionbench command lines in a shell script (continuations joined)."""
    out = []
    for line in script.replace("\\\n", " ").split("\n"):
        lex = shlex.shlex(line, posix=True, punctuation_chars=True)
        lex.whitespace_split = True
        words = []
        for tok in list(lex) + [";"]:
            if tok and set(tok) <= set("();&|<>"):  # an operator ends a command
                if words and words[0].endswith("regionbench"):
                    out.append(words[1:])
                words = []
            else:
                words.append(tok)
    return out

def check(args):
    """Problems with one command line (empty: it parses)."""
    if not args:
        return ["no subcommand"]
    main, bench = (args, None)
    if "--" in args:
        i = args.index("--")
        main, bench = args[:i], args[i + 1:]
    errs = []
    for argv in ([rb] + main + ["--help"], [rb, "bench"] + bench + ["--help"] if bench is not None else None):
        if argv is None:
            continue
        r = subprocess.run(argv, capture_output=True, text=True)
        if r.returncode != 0:
            errs.append("%s: exit %d: %s" % (" ".join(argv[1:]), r.returncode, r.stderr.strip()))
    return errs

# the checker can fail
assert check(["ab", "--rounds", "zero", "--", "--quick"]), "a bad option passed"
assert check(["ab", "--rounds", "5", "--", "--no-such-option"]), "a bad bench option passed"
assert not check(["ab", "--rounds", "5", "--", "--quick"])

gh = yaml.safe_load(open(sys.argv[2]))
gl = yaml.safe_load(open(sys.argv[3]))
steps = gh["jobs"]["gate"]["steps"]
gh_scripts = [s["run"] for s in steps if "run" in s]
assert any("GITHUB_STEP_SUMMARY" in s and "gate.md" in s for s in gh_scripts), "no job summary"
assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps), "no upload"
assert sum(1 for s in steps if s.get("uses", "").startswith("actions/checkout")) == 2, "base and head are not both checked out"
job = gl["regionbench-gate"]
assert job["artifacts"]["reports"]["junit"] == "gate.xml", "GitLab: no JUnit report"
bad = 0
for name, scripts in (("github-actions.yml", gh_scripts), ("gitlab-ci.yml", job["script"])):
    lines = [l for s in scripts for l in command_lines(s)]
    abs_ = [l for l in lines if l[0] == "ab"]
    assert abs_ and all("--until-decided" in l for l in abs_), "%s: no ab --until-decided" % name
    assert any("--markdown" in l for l in abs_), "%s: ab writes no markdown" % name
    for l in lines:
        for e in check(l):
            print("%s: %s" % (name, e))
            bad += 1
    print("%s: %d regionbench command line(s) checked" % (name, len(lines)))
sys.exit(1 if bad else 0)
PYEOF
echo PASS
