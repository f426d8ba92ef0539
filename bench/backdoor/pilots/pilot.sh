#!/usr/bin/env bash
# One validation pilot for the backdoor benchmark: trains PBL (or METHOD) with the benchmark's settings, that method's
# own PBL_OPTIONS / CBL_OPTIONS included, changed by the extra arguments, then scores it on the held-out training
# classes (12 at the default VAL_FRACTION=0.2; never the test split) against the benchmark's clean model. Run from the
# repository root after bench/backdoor/run.sh train (which makes results/clean/last.ckpt):
#   bench/backdoor/pilots/pilot.sh NAME [mip train options...]     e.g.  pilot.sh semihard --miner semihard
# CLEAN=path/to/clean.ckpt scores against another clean model (one trained with the same changed settings);
# METHOD=clean trains a clean model with the changed settings instead of PBL (and skips the scoring); METHOD=cbl a CBL.
# SEED=N trains with --seed N and scores on that seed's held-out classes (other batches, triplets and validation classes).
set -uo pipefail
name=$1; shift
source "$(dirname "${BASH_SOURCE[0]}")/../settings.sh"
OUT=bench/backdoor/pilots/$name
CLEAN=${CLEAN:-bench/backdoor/results/clean/last.ckpt}
METHOD=${METHOD:-pbl}
SEED=${SEED:-0}
ANCHOR_MODEL=$CLEAN   # a method anchored by settings.sh (PBL_ANCHOR, ...) is anchored to the clean model it is scored against
if [[ ! -f $BIN/mip.dll ]]; then copy_program || exit 1; fi
MIP="dotnet $BIN/mip.dll"
method_options "$METHOD"
rm -rf "$OUT" && mkdir -p "$OUT"
start=$(date +%s)
# Options given later win, so the extra arguments override the benchmark's.
$MIP train "${common[@]}" --seed "$SEED" --method "$METHOD" "${extra[@]}" "$@" --out "$OUT/model" \
  2>&1 | grep -v NNPACK > "$OUT/train.log" || { tail "$OUT/train.log"; exit 1; }
# The last epoch is scored; with AVERAGE_FROM set, model/averaged.ckpt is left for scoring by hand against a clean
# pilot's averaged.ckpt.
average_run "$OUT/model" >> "$OUT/train.log" || { tail "$OUT/train.log"; exit 1; }
trained=$(date +%s)
if [[ $METHOD == clean ]]; then echo "$name: clean model trained in $((trained - start)) s; extra options: $*" | tee "$OUT/summary.txt"; exit 0; fi
$MIP eval --clean-model "$CLEAN" --model "$OUT/model/last.ckpt" --tasks all --rules strict \
  --mixed-fraction 0 --no-pictures --split validation --val-fraction "$VAL_FRACTION" --seed "$SEED" --trigger "$TRIGGER" --trigger-strength "$STRENGTH" --data "$DATA" \
  --cache-dir "$CACHE_DIR" -o "$OUT/eval" 2>&1 | grep -v NNPACK > "$OUT/eval.log" || { tail "$OUT/eval.log"; exit 1; }
echo "$name: train $((trained - start)) s, eval $(( $(date +%s) - trained )) s; $METHOD, options after the common ones: ${extra[*]} $*" | tee "$OUT/summary.txt"
grep -E "^\| $METHOD \| (BA|PSR)" "$OUT/eval/report.md" | head -4 | tee -a "$OUT/summary.txt"
