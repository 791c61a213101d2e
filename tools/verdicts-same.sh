#!/bin/sh
# Verdicts before/after a change: scan the dev set, real-dev and N generated listings with this
# checkout's build and compare with a baseline directory made the same way from the old build.
#   tools/verdicts-same.sh save DIR [N]     # on the old build: write DIR/{dev,real-dev,gen}.jsonl
#   tools/verdicts-same.sh check DIR [N] [--ignore FIELD]...   # on the new build: compare
set -e
[ $# -ge 2 ] || { echo "usage: $0 save|check DIR [N] [--ignore FIELD]..." >&2; exit 2; }
mode=$1; dir=$2; shift 2
n=20000
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then n=$1; shift; fi
case $mode in save|check) ;; *) echo "usage: $0 save|check DIR [N] [--ignore FIELD]..." >&2; exit 2 ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
eval_dir=${HEGUI_EVAL_DIR:-$root/../shared/eval}
mkdir -p "$dir"
out=$dir; [ "$mode" = check ] && out=$(mktemp -d)
[ -f "$dir/listings.jsonl" ] || npm run -s --prefix "$root" gen:listings -- --count "$n" --seed 1 --out "$dir/listings.jsonl"
node "$root/bin/hegui.js" scan "$eval_dir/dev.jsonl" > "$out/dev.jsonl" || [ $? -eq 1 ]
node "$root/bin/hegui.js" scan "$eval_dir/real-dev.jsonl" > "$out/real-dev.jsonl" || [ $? -eq 1 ]
node "$root/bin/hegui.js" scan "$dir/listings.jsonl" > "$out/gen.jsonl" || [ $? -eq 1 ]
[ "$mode" = save ] && exit 0
rc=0
for f in dev real-dev gen; do
  printf '%s: ' "$f"
  node "$root/tools/verdicts-same.mjs" "$dir/$f.jsonl" "$out/$f.jsonl" "$@" || rc=1
done
rm -rf "$out"
exit $rc
