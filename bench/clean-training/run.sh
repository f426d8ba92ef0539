#!/usr/bin/env bash
# Clean-training benchmark: (a) the pretrained ResNet-18 with a fresh 512-d head, (b) after clean training, and the
# cached-vs-uncached training comparison. Run from the repository root after `dotnet build Mip.slnx -c Release`.
# Usage: bench/clean-training/run.sh [a|train|b|cache|all]   (default all; outputs go to bench/clean-training/results)
set -euo pipefail
DATA=${DATA:-../shared/data/cub200-subset/CUB_200_2011}
SIZE=${SIZE:-128}
EPOCHS=${EPOCHS:-20}
FREEZE=${FREEZE:-4}          # stem + all four residual stages frozen: only the 512-d head trains (see README for why)
HEAD_LR=${HEAD_LR:-1e-4}
RUN=${RUN:-b-run}
CACHE_DIR=${CACHE_DIR:-/tmp/mip-feature-cache}
OUT=bench/clean-training/results
MIP="dotnet src/Mip.Cli/bin/Release/net10.0/linux-x64/mip.dll"
BENCH="dotnet bench/clean-training/bin/Release/net10.0/linux-x64/mip-bench-cached-training.dll"
mkdir -p "$OUT"
stage=${1:-all}
timed() { local name=$1; shift; echo "\$ $*" | tee "$OUT/$name.log"; /usr/bin/time -f "wall %e s, user %U s, sys %S s, max RSS %M KB" "$@" 2>&1 | tee -a "$OUT/$name.log"; }

if [[ $stage == a || $stage == all ]]; then
  timed a-eval $MIP eval --model pretrained --input-size "$SIZE" --seed 0 --data "$DATA" -o "$OUT/a-pretrained" --name "(a) pretrained + fresh head"
fi
if [[ $stage == train || $stage == all ]]; then
  timed "$RUN-train" $MIP train --data "$DATA" --method clean --input-size "$SIZE" --freeze-stages "$FREEZE" --epochs "$EPOCHS" \
    --lr 1e-5 --head-lr "$HEAD_LR" --weight-decay 4e-4 --batch-size 80 --samples-per-class 2 --miner random --margin 0.2 \
    --distance squared --val-fraction 0.2 --seed 0 --cache-dir "$CACHE_DIR" --out "$OUT/$RUN" ${RESUME:+--resume}
fi
if [[ $stage == b || $stage == all ]]; then
  timed b-eval-best $MIP eval --model "$OUT/$RUN/best.ckpt" --data "$DATA" -o "$OUT/b-clean-best" --name "(b) clean, best validation R@1" &
  timed b-eval-last $MIP eval --model "$OUT/$RUN/last.ckpt" --data "$DATA" -o "$OUT/b-clean-last" --name "(b) clean, last epoch" &
  wait
fi
if [[ $stage == cache || $stage == all ]]; then
  timed cached-vs-uncached $BENCH --data "$DATA" --input-size "$SIZE" --freeze-stages 3 --steps 5 --batch-size 80 --seed 0
fi
