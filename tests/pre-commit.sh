#!/usr/bin/env bash
# Runs the acelint hook for real through pre-commit: a temporary git
# repository with records and a .pre-commit-config.yaml, `pre-commit
# try-repo` against this checkout; the hook must fail on a bad record and
# pass on the clean stack. Skipped (exit 0, with a message) when pre-commit
# is not installed.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "pre-commit test skipped: pre-commit is not installed (pip install pre-commit)"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"
cd "$work"
git init -q repo && cd repo
git config user.email ci@example.invalid && git config user.name ci
mkdir -p records
cp "$here"/examples/clean-stack/*.json records/
printf 'corpus = ["records/**/*.json"]\ntoday = "2026-11-24"\n' > acelint.toml
git add -A && git commit -qm records

echo "== clean stack: the hook must pass"
pre-commit try-repo "$here" acelint --files records/*.json

echo "== a broken record: the hook must fail"
cp "$here/examples/structural-mistakes.json" records/bad.json
git add records/bad.json
if pre-commit try-repo "$here" acelint --files records/bad.json; then
  echo "FAIL: the hook passed on a record with errors" >&2
  exit 1
fi

echo "== an upper-case extension: the hook still runs (acelint reads *.JSON too)"
git mv records/bad.json records/BAD.JSON
if pre-commit try-repo "$here" acelint --files records/BAD.JSON; then
  echo "FAIL: the hook skipped a record named *.JSON" >&2
  exit 1
fi

echo "== only the anchor changed: cross-record checks still read the corpus"
git rm -q -f records/BAD.JSON
python3 - <<'PY'
import json
p = "records/build-for-startups.json"
d = json.load(open(p))
portfolio = json.load(open("records/portfolio.json"))
# The additive record now repeats the anchor's paragraph: a double count.
d["Opportunity"]["Project"]["CustomerBusinessProblem"] = portfolio["Opportunity"]["Project"]["CustomerBusinessProblem"]
json.dump(d, open(p, "w"), indent=2)
PY
git add -A
if pre-commit try-repo "$here" acelint --files records/build-for-startups.json; then
  echo "FAIL: the hook missed a use case copied from another record" >&2
  exit 1
fi
echo "pre-commit test passed"
