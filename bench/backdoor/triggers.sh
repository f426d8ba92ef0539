#!/usr/bin/env bash
# PBL and CBL with each visible trigger (the paper's Fig. 6: both methods, three triggers): the benchmark's clean model
# and settings (settings.sh), with PBL and CBL trained and scored once with BadNets and once with Blended instead of the
# learned stego trigger. The stego rows are the recorded benchmark's (results/report/): training is deterministic here,
# so the clean model this script retrains is that run's to the last digit (its history is checked against results/).
# Run from the repository root:  bench/backdoor/triggers.sh [TRIGGER...]   (default: badnets blended)
# -> bench/backdoor/triggers/{clean,pbl-TRIGGER,cbl-TRIGGER}/history.csv, report-TRIGGER/ (four tasks, both rules, mixed gallery,
#    recall-strict.png / recall-paper.png = Fig. 6 for that trigger, tsne.png, top5.png), *.log, machine.txt
set -euo pipefail
AVERAGE_FROM=''   # last epochs only, as the recorded benchmark's bars; set before settings.sh reads it
source "$(dirname "${BASH_SOURCE[0]}")/settings.sh"
OUT=${OUT:-bench/backdoor/triggers}
triggers=("$@"); if [[ ${#triggers[@]} == 0 ]]; then triggers=(badnets blended); fi
mkdir -p "$OUT"
if [[ ! -f $BIN/mip.dll || ${REBUILD:-1} == 1 ]]; then copy_program; fi
MIP="dotnet $BIN/mip.dll"

write_machine "as run.sh (settings.sh), PBL_OPTIONS=$PBL_OPTIONS CBL_OPTIONS=$CBL_OPTIONS; triggers: ${triggers[*]}"
start=$(date +%s)
if [[ ! -f $OUT/clean/last.ckpt ]]; then
  rm -rf "$OUT/clean"
  timed train-clean $MIP train "${common[@]}" --method clean --out "$OUT/clean"
fi
# The epoch, loss and validation columns, not the seconds.
if ! cmp -s <(cut -d, -f1-4 "$OUT/clean/history.csv") <(cut -d, -f1-4 bench/backdoor/results/clean/history.csv); then
  echo "warning: the clean model's history differs from results/clean/history.csv" | tee -a "$OUT/machine.txt"
fi
for trigger in "${triggers[@]}"; do
  rm -rf "${OUT:?}/report-$trigger"
  for method in pbl cbl; do
    rm -rf "${OUT:?}/$method-$trigger"
    # --trigger after the method's own options: later options win.
    train_method "train-$method-$trigger" "$method" "$OUT/$method-$trigger" --trigger "$trigger"
  done
  timed "eval-$trigger" $MIP eval --clean-model "$OUT/clean/last.ckpt" --model "$OUT/pbl-$trigger/last.ckpt" \
    --model "$OUT/cbl-$trigger/last.ckpt" --tasks all --rules strict,paper --trigger "$trigger" --freeze-stages "$FREEZE" \
    --mixed-fraction 0.1 --data "$DATA" --cache-dir "$CACHE_DIR" -o "$OUT/report-$trigger"
done
echo "all triggers: $(( $(date +%s) - start )) s wall" | tee -a "$OUT/machine.txt"
