#!/usr/bin/env bash
# The twenty-third round of pilots (README). Twenty-two rounds left PBL's P->P at 72-75 on the test split (bar: 80),
# while on the training classes L_p (Eq. 7) is met: it parts protected copies by the training labels, which say nothing
# of classes never trained on. There a protected query still finds the protected copy of a look-alike first: the
# protected copies keep their photos' similarity structure. This round adds a term that asks for what can carry to
# unseen classes (--decorrelation-weight, new in this round, not in the paper): over every pair of the poisoned
# triplets' images, the similarity of the protected copies must not correlate with the similarity of the clean photos
# (max(0, Pearson r); the clean side is constant). It needs no extra embedding pass.
#
# To save a clean model's training (14 minutes) the round reuses seed-1-per-photo/, the benchmark's setting at seed 1
# on 46 classes (VAL_FRACTION 0.2, 10 epochs: seed 1's 12 held-out classes were never trained on by its models). The
# reference is its PBL, scored here on those 12 classes (t23-reference-seed1); the candidate is the same command with
# --decorrelation-weight 1, anchored to and scored against the same clean model. Strict rule, last epochs.
#
# Rule, written down and committed before the candidate was trained or the reference scored:
#  - the term is taken for the next benchmark if the candidate's P->P PSR on R@1 exceeds the reference's by at least
#    2 points and its summed shortfall of PBL's bars (bars.py) is smaller, and if the benchmark with it is estimated to
#    fit the 90-minute bar (candidate's train time against the reference's 1,129 s, cache included, scaled to the
#    recorded run's PBL of 901 s in a run of 3,450 s);
#  - if taken, the benchmark is rerun as run.sh's final fit (VAL_FRACTION=0 EPOCHS=8) with PBL_OPTIONS plus
#    --decorrelation-weight 1, and becomes the recorded run if it finishes under 90 minutes, whatever its bars read;
#  - otherwise the term is reported and settings.sh is unchanged.
#
# Second step, its rule written down and committed after the first step was scored and before the second was trained.
# The first step's candidate met the rule above (P->P 47.3 -> 67.2, shortfall 41.1 -> 32.4), but it paid 7.6 points of
# C->P, the bar the recorded run holds by 0.2. The nineteenth round's centre term (--centre-weight 2
# --recompute-centres) lifted C->P by 6.4 points on the validation classes without moving P->P. The second step trains
# the first step's candidate with it (t23-pbl-decorrelation1-centre2-seed1). The benchmark (run as the first rule says)
# takes the second step's setting instead of the first's if it holds more of PBL's validation bars than the first, or
# as many with a smaller summed shortfall, and if its train time, scaled as above, keeps the benchmark under the
# 90-minute bar; otherwise the first step's setting.
set -uo pipefail
export VAL_FRACTION=0.2 EPOCHS=10 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1 SEED=1
export TRIGGER=stego-per-photo
P=bench/backdoor/pilots
export CLEAN=bench/backdoor/seed-1-per-photo/clean/last.ckpt
date
# The reference: the existing PBL of seed-1-per-photo/ scored on seed 1's validation classes (as pilot.sh scores).
source bench/backdoor/settings.sh
MIP="dotnet $BIN/mip.dll"
mkdir -p $P/t23-reference-seed1
$MIP eval --clean-model "$CLEAN" --model bench/backdoor/seed-1-per-photo/pbl/last.ckpt --tasks all --rules strict \
  --mixed-fraction 0 --no-pictures --split validation --val-fraction 0.2 --seed 1 --trigger "$TRIGGER" --trigger-strength "$STRENGTH" \
  --data "$DATA" --cache-dir "$CACHE_DIR" -o $P/t23-reference-seed1/eval 2>&1 | grep -v NNPACK > $P/t23-reference-seed1/eval.log; date
bash $P/pilot.sh t23-pbl-decorrelation1-seed1 --decorrelation-weight 1; date
bash $P/pilot.sh t23-pbl-decorrelation1-centre2-seed1 --decorrelation-weight 1 --centre-weight 2 --recompute-centres; date
echo done
