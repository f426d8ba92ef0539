#!/usr/bin/env bash
# Adaptive strength (README, "Adaptive strength"): the recorded run's PBL and CBL models (leaks/, made by leaks.sh)
# check every protected test copy and remake the ones they move less than a minimum shift at 29, then 27 dB. The
# minimum is each model's 10th percentile of shifts on its validation classes (never the test split), read from
# adaptive/validation/report.json; then each model is scored on the test split with its own adaptive copies, beside
# the clean model. Last, the stealth of PBL's adaptive copies on 300 test photos at their native size. Run from the
# repository root (about 25 minutes here; CACHE_DIR and BIN as for run.sh).
# SEED=1 or 2 does the same for the models of seed-spread.sh (seed-N/, with their own validation classes) into
# adaptive/seed-N/, without the stealth step; METHODS="pbl" scores PBL only. MODELS=bench/backdoor/results
# OUT=bench/backdoor/adaptive/anchored does it for the models of run.sh's recorded run (PBL anchored), without the
# stealth step.
set -euo pipefail
export AVERAGE_FROM=
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
SEED=${SEED:-0}
METHODS=${METHODS:-pbl cbl}
STRONGER=${STRONGER:-29,27}
if [[ -n ${MODELS:-} ]]; then
  OUT=${OUT:?set OUT with MODELS}
  STEALTH=0
elif [[ $SEED == 0 ]]; then
  MODELS=bench/backdoor/leaks OUT=bench/backdoor/adaptive
  for method in clean $METHODS; do
    if [[ ! -f $MODELS/$method/last.ckpt ]]; then bash bench/backdoor/leaks.sh; break; fi
  done
else
  MODELS=bench/backdoor/seed-$SEED OUT=bench/backdoor/adaptive/seed-$SEED
  for method in clean $METHODS; do
    [[ -f $MODELS/$method/last.ckpt ]] || { echo "no $MODELS/$method/last.ckpt: run bench/backdoor/seed-spread.sh $SEED first" >&2; exit 1; }
  done
fi
mkdir -p "$OUT"
copy_program
MIP="dotnet $BIN/mip.dll"
write_machine "trigger $TRIGGER at $STRENGTH dB, stronger $STRONGER dB; models of $MODELS (seed $SEED); validation fraction $VAL_FRACTION"
shared=(--rules strict --no-pictures --trigger "$TRIGGER" --trigger-strength "$STRENGTH" --freeze-stages "$FREEZE" --data "$DATA" --cache-dir "$CACHE_DIR")
tuned=()
for method in $METHODS; do tuned+=(--model "$MODELS/$method/last.ckpt"); done
timed validation $MIP eval --clean-model "$MODELS/clean/last.ckpt" "${tuned[@]}" --tasks all \
  --split validation --val-fraction "$VAL_FRACTION" --seed "$SEED" --mixed-fraction 0 "${shared[@]}" -o "$OUT/validation"
declare -A min_shifts
for method in $METHODS; do
  min_shift=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(next(l['shiftTenthPercentile'] for l in d['protectedLeaks'] if l['name']==sys.argv[2]))" \
    "$OUT/validation/report.json" "$method")
  min_shifts[$method]=$min_shift
  echo "$method: minimum shift $min_shift (10th percentile on the validation classes)" | tee -a "$OUT/machine.txt"
  timed "test-$method" $MIP eval --clean-model "$MODELS/clean/last.ckpt" --model "$MODELS/$method/last.ckpt" --tasks all --mixed-fraction 0.1 \
    --shift-model "$MODELS/$method/last.ckpt" --min-shift "$min_shift" --stronger "$STRONGER" "${shared[@]}" -o "$OUT/report-$method"
done
if [[ $SEED == 0 && ${STEALTH:-1} == 1 && -n ${min_shifts[pbl]:-} ]]; then
  timed stealth $MIP report stealth --data "$DATA" --sample 300 --strength "$STRENGTH" --shift-model "$MODELS/pbl/last.ckpt" \
    --min-shift "${min_shifts[pbl]}" --stronger "$STRONGER" -o "$OUT/stealth"
fi
