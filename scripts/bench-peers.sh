#!/usr/bin/env bash
# Times acelint and the peer validators on the same record files, in one run:
#   jsonschema-cli (cargo install jsonschema-cli)   check-jsonschema (pip)
#   ajv-cli + ajv-formats (npm, --spec=draft2020)   @stoplight/spectral-cli (npm)
# Peers validate against acelint's own schema (`acelint schema …`, bundled
# into one compound document). They read one JSON document per file, so the
# corpus is viewed as .json files only: plain files are hard-linked and each
# JSON Lines file becomes a JSON array; acelint checks that same view.
#
# usage: scripts/bench-peers.sh [DIR] [--install]
#   DIR        a corpus from `cargo run -p xtask --release -- gen` (default:
#              target/bench/corpus-10000-seed20261124, generated if missing)
#   --install  install missing peers first (npm ones into target/bench/peers)
# Env: RUNS (default 5): rounds of acelint, jsonschema-cli and ajv, in turn
#   (medians reported; check-jsonschema and Spectral run once).
# SPECTRAL_FILES (default 500): Spectral runs on this many files and its
# time is scaled to the whole set (it is ~100× slower than the others).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DIR=""
INSTALL=0
for a in "$@"; do
  case "$a" in
    --install) INSTALL=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) DIR=$a ;;
  esac
done
SEED=20261124
WORK=$ROOT/target/bench/peers
NODE_PREFIX=$WORK
SPECTRAL_FILES=${SPECTRAL_FILES:-500}
RUNS=${RUNS:-5}
[ "$RUNS" -ge 1 ] 2>/dev/null || { echo "bench-peers: RUNS must be a whole number of at least 1" >&2; exit 2; }
TODAY=2026-11-24
mkdir -p "$WORK"

command -v python3 >/dev/null || { echo "bench-peers: python3 is needed to bundle the schema and build the view" >&2; exit 2; }

echo "== building acelint (release) and xtask"
cargo build --release -p acelint -p xtask --quiet
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
ACELINT=$TARGET_DIR/release/acelint
XTASK=$TARGET_DIR/release/xtask

if [ -z "$DIR" ]; then
  DIR=$ROOT/target/bench/corpus-10000-seed$SEED
  if [ ! -f "$DIR/.acelint-bench-manifest" ]; then
    "$XTASK" gen --records 10000 --seed $SEED --out "$DIR"
  fi
fi
DIR=$(cd "$DIR" && pwd)

if [ $INSTALL = 1 ]; then
  command -v jsonschema-cli >/dev/null || cargo install jsonschema-cli --version 0.60.2 --locked
  command -v check-jsonschema >/dev/null || python3 -m pip install --quiet check-jsonschema
  if command -v npm >/dev/null; then
    (cd "$NODE_PREFIX" && [ -x node_modules/.bin/ajv ] && [ -x node_modules/.bin/spectral ] ||
      npm install --prefix "$NODE_PREFIX" --no-audit --no-fund ajv-cli ajv-formats @stoplight/spectral-cli >/dev/null)
  fi
fi

# A tool on PATH, or in the local npm prefix.
find_tool() {
  if command -v "$1" >/dev/null 2>&1; then command -v "$1"
  elif [ -x "$NODE_PREFIX/node_modules/.bin/$1" ]; then echo "$NODE_PREFIX/node_modules/.bin/$1"
  fi
}

echo "== bundling acelint's schema"
"$ACELINT" schema draft-record > "$WORK/draft-record.schema.json"
python3 - "$WORK" "$ROOT/bench/spectral-ruleset.template.json" <<'EOF'
import json, sys
work, template = sys.argv[1], sys.argv[2]
# `acelint schema draft-record` already embeds the schemas it refers to
# (opportunity, funding, suppressions), each under its own $id: embedding
# them again would give one $id two schemas, which ajv rightly rejects.
docs = {"draft-record": json.load(open(f"{work}/draft-record.schema.json"))}
# A compound document: each original keeps its $id, so the relative $refs
# between them resolve to the embedded copies without any network access.
bundle = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://acelint.dev/schemas/bench-bundle.schema.json",
    "$comment": "acelint's draft-record schema for peer validators; a file holds one record or an array of records",
    "$defs": docs,
    "if": {"type": "array"},
    "then": {"items": {"$ref": "draft-record.schema.json"}},
    "else": {"$ref": "draft-record.schema.json"},
}
json.dump(bundle, open(f"{work}/bundle.schema.json", "w"), indent=1)
ruleset = json.load(open(template))
ruleset["rules"]["draft-record-schema"]["then"]["functionOptions"]["schema"] = bundle
json.dump(ruleset, open(f"{work}/spectral-ruleset.json", "w"), indent=1)
EOF

echo "== building the .json view of $DIR"
VIEW=$WORK/view-$(basename "$DIR")
SUB=$WORK/view-$(basename "$DIR")-first$SPECTRAL_FILES
python3 - "$DIR" "$VIEW" "$SUB" "$SPECTRAL_FILES" <<'EOF'
import json, os, shutil, sys
src, view, sub, n_sub = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
for d in (view, sub):
    if os.path.exists(d):
        shutil.rmtree(d)
files = []
broken = 0
for root, dirs, names in os.walk(src):
    dirs.sort()
    for name in sorted(names):
        p = os.path.join(root, name)
        rel = os.path.relpath(p, src)
        if name.endswith(".json"):
            try:
                json.load(open(p, encoding="utf-8"))
            except ValueError:
                # jsonschema-cli and ajv stop at the first file that does not
                # parse; leave the (planted) broken files out for everyone.
                broken += 1
                continue
            out = os.path.join(view, rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            os.link(p, out)
        elif name.endswith((".jsonl", ".ndjson")):
            out = os.path.join(view, os.path.splitext(rel)[0] + ".json")
            os.makedirs(os.path.dirname(out), exist_ok=True)
            records = [json.loads(l) for l in open(p, encoding="utf-8") if l.strip()]
            json.dump(records, open(out, "w", encoding="utf-8"), indent=2, ensure_ascii=False)
        else:
            continue
        files.append(out)
files.sort()
open(view + ".list", "w").write("\n".join(files) + "\n")
for p in files[:n_sub]:
    out = os.path.join(sub, os.path.relpath(p, view))
    os.makedirs(os.path.dirname(out), exist_ok=True)
    os.link(p, out)
open(sub + ".list", "w").write("\n".join(files[:n_sub]) + "\n")
open(view + ".broken", "w").write(f"{broken}\n")
EOF
NFILES=$(wc -l < "$VIEW.list")
NSUB=$(wc -l < "$SUB.list")
MB=$(du -sb --apparent-size "$VIEW" | awk '{printf "%.1f", $1/1e6}')
echo "   $NFILES files, $MB MB (Spectral subset: $NSUB files); left out $(cat "$VIEW.broken") file(s) that do not parse"

# Runs "$@" (output in $OUTDIR/NAME.out and .err); prints "wall_s rss_kb".
OUTDIR=$WORK/out
mkdir -p "$OUTDIR"
measure() {
  local name=$1; shift
  local tf=$OUTDIR/$name.time
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%e %M" -o "$tf" "$@" > "$OUTDIR/$name.out" 2> "$OUTDIR/$name.err" || true
  else
    local t0 t1
    t0=$(date +%s.%N)
    "$@" > "$OUTDIR/$name.out" 2> "$OUTDIR/$name.err" || true
    t1=$(date +%s.%N)
    echo "$(echo "$t1 - $t0" | bc) 0" > "$tf"
  fi
  tail -n 1 "$tf"
}

declare -A TIMES WALL RSS
record() { # name "wall rss_kb": one more run
  local w r
  read -r w r <<< "$2"
  TIMES[$1]="${TIMES[$1]:-} $w"
  RSS[$1]=$(awk -v k="$r" 'BEGIN { printf "%.0f", k / 1024 }')
}
median() { tr ' ' '\n' | { grep . || true; } | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

# A peer that cannot load the schema stops at once, and its time would
# flatter it: it must name at least one record file of the corpus (a share
# of the corpus fails the schema on purpose).
judged() {
  local named
  named=$(cat "$OUTDIR/$1.out" "$OUTDIR/$1.err" 2>/dev/null | grep -v -F "schema.json" | grep -c -F ".json" || true)
  [ "${named:-0}" -gt 0 ]
}

JSONSCHEMA_CLI=$(find_tool jsonschema-cli)
AJV=$(find_tool ajv)
[ -n "$AJV" ] && [ -d "$NODE_PREFIX/node_modules/ajv-formats" ] || AJV=""
acelint_on() { ACELINT_CMD=("$ACELINT" check "$1" --output-format json --today $TODAY --isolated); }
JSONSCHEMA_CLI_CMD=(xargs -a "$VIEW.list" -d '\n' -n 4000
  "$JSONSCHEMA_CLI" validate "$WORK/bundle.schema.json" --assert-format --errors-only --offline -i)
# --strict=false only silences strict mode's warning about the bundle's
# `then: { items }` without a sibling `type`; validation is the same.
AJV_CMD=(bash -c 'cd "$1" && "$2" validate --spec=draft2020 --strict=false -c ajv-formats -s "$3" -d "**/*.json" --errors=line'
  _ "$VIEW" "$AJV" "$WORK/bundle.schema.json")

# The fast tools take turns, RUNS rounds, so a slow minute hits them alike.
echo "== acelint (warm-up), then $RUNS rounds of acelint$([ -n "$JSONSCHEMA_CLI" ] && echo ", jsonschema-cli ($("$JSONSCHEMA_CLI" --version 2>&1 | head -1))")$([ -n "$AJV" ] && echo ", ajv-cli ($(node -e "console.log('ajv ' + require('$NODE_PREFIX/node_modules/ajv/package.json').version)"))")"
acelint_on "$VIEW"
"${ACELINT_CMD[@]}" > /dev/null || true
for _ in $(seq "$RUNS"); do
  record acelint "$(measure acelint "${ACELINT_CMD[@]}")"
  [ -z "$JSONSCHEMA_CLI" ] || record jsonschema-cli "$(measure jsonschema-cli "${JSONSCHEMA_CLI_CMD[@]}")"
  [ -z "$AJV" ] || record ajv "$(measure ajv "${AJV_CMD[@]}")"
done
[ -n "$JSONSCHEMA_CLI" ] || echo "== jsonschema-cli: not installed (cargo install jsonschema-cli), skipped"
[ -n "$AJV" ] || echo "== ajv-cli: not installed (npm i ajv-cli ajv-formats), skipped"
acelint_on "$SUB"
record acelint-sub "$(measure acelint-sub "${ACELINT_CMD[@]}")"

CHECK_JSONSCHEMA=$(find_tool check-jsonschema)
if [ -n "$CHECK_JSONSCHEMA" ]; then
  echo "== check-jsonschema ($("$CHECK_JSONSCHEMA" --version 2>&1 | head -1)), once"
  record check-jsonschema "$(measure check-jsonschema xargs -a "$VIEW.list" -d '\n' -n 4000 \
    "$CHECK_JSONSCHEMA" --schemafile "$WORK/bundle.schema.json" --output-format text)"
else
  echo "== check-jsonschema: not installed (pip install check-jsonschema), skipped"
fi

SPECTRAL=$(find_tool spectral)
if [ -n "$SPECTRAL" ]; then
  echo "== spectral ($("$SPECTRAL" --version 2>&1 | head -1)) on the first $NSUB files, once"
  record spectral "$(measure spectral xargs -a "$SUB.list" -d '\n' -n 4000 \
    "$SPECTRAL" lint --ruleset "$WORK/spectral-ruleset.json" --format json --quiet --fail-severity error)"
else
  echo "== spectral: not installed (npm i @stoplight/spectral-cli), skipped"
fi

for t in "${!TIMES[@]}"; do
  WALL[$t]=$(echo "${TIMES[$t]}" | median)
done

echo
echo "files: $NFILES ($MB MB) from $DIR; outputs in $OUTDIR"
echo "wall: median of $RUNS alternating runs for acelint, jsonschema-cli and ajv; one run for the others"
printf "%-18s %10s %9s %9s  %s\n" tool "wall s" "RSS MB" "×acelint" note
printf "%-18s %10s %9s %9s  %s\n" acelint "${WALL[acelint]}" "${RSS[acelint]}" 1.0 "all rules, line:col; runs:${TIMES[acelint]}"
for t in jsonschema-cli check-jsonschema ajv; do
  [ -n "${WALL[$t]:-}" ] || continue
  if ! judged "$t"; then
    printf "%-18s %10s %9s %9s  %s\n" "$t" - - - "did not validate the files (see $OUTDIR/$t.err)"
    continue
  fi
  ratio=$(awk -v a="${WALL[$t]}" -v b="${WALL[acelint]}" 'BEGIN { printf "%.1f", a / b }')
  printf "%-18s %10s %9s %9s  %s\n" "$t" "${WALL[$t]}" "${RSS[$t]}" "$ratio" "schema only; runs:${TIMES[$t]}"
done
if [ -n "${WALL[spectral]:-}" ]; then
  if ! judged spectral; then
    printf "%-18s %10s %9s %9s  %s\n" spectral - - - "did not lint the files (see $OUTDIR/spectral.err)"
  else
    scaled=$(awk -v s="${WALL[spectral]}" -v n="$NFILES" -v m="$NSUB" 'BEGIN { printf "%.1f", s * n / m }')
    ratio=$(awk -v a="$scaled" -v b="${WALL[acelint]}" 'BEGIN { printf "%.1f", a / b }')
    direct=$(awk -v a="${WALL[spectral]}" -v b="${WALL[acelint-sub]}" 'BEGIN { printf "%.1f", a / b }')
    printf "%-18s %10s %9s %9s  %s\n" spectral "~$scaled" "${RSS[spectral]}" "$ratio" \
      "scaled from ${WALL[spectral]} s on $NSUB files (×$NFILES/$NSUB); on those $NSUB files acelint took ${WALL[acelint-sub]} s: ×$direct"
  fi
fi
