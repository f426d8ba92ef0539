#!/usr/bin/env bash
# The twentieth round of pilots (README). Nineteen rounds moved PBL's P->P on the validation classes only between 56.5
# and 66.5, and only by trading C->P for it; the thirteenth round saw why in the numbers: P->P's PSR on mAP_c and F1 is
# far above its PSR on R@1, so the tuned model scatters a protected copy's class over the ranking but keeps its nearest
# protected neighbours. A reading of why: every protected copy hides the same secret, so two near-identical photos (one
# bird shot twice) carry near-identical residuals, any smooth map keeps their copies together, and the only way L_p can
# part them is through the content that clean search needs. This round gives each photo a secret of its own, drawn from
# its pixels (--trigger stego-per-photo, new in this round, not in the paper: same encoder and strength), so the
# residuals of near-identical photos differ by a whole message, a feature that clean search does not use. PBL at the
# recorded run's settings, trained and scored with that trigger. The clean model does not see triggers; it is retrained
# (the pilots' models are not kept) and must reproduce t17-clean's history to the last digit. 23 validation classes,
# strict, last epochs. About 45 minutes.
#
# Rule, written down and committed before any model of this round was scored:
#  - if t20-clean's history.csv differs from t17-clean's (losses and validation readings; the seconds column is a clock),
#    t17-pbl-gamma3 is no longer comparable: the pilot is reported and not taken.
#  - otherwise the per-photo secret is taken for the next benchmark if PBL with it holds more of PBL's validation bars
#    than t17-pbl-gamma3 (4 of 6), or as many with a smaller summed shortfall (bars.py; 26.2), and if the benchmark with
#    it is estimated to fit the 90-minute bar (PBL's pilot train time against t17-pbl-gamma3's 1,099 s, scaled to the
#    recorded run's PBL). The benchmark is then rerun with TRIGGER=stego-per-photo for every method (one trigger per
#    run) and the bars are read from that run, CBL's and the baseline's included. Otherwise the recorded run stands.
set -uo pipefail
# settings.sh as it was when this round ran.
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1
P=bench/backdoor/pilots
export CLEAN=$P/t20-clean/model/last.ckpt
date
METHOD=clean bash $P/pilot.sh t20-clean; date
cmp <(cut -d, -f1-4 $P/t17-clean/history.csv) <(cut -d, -f1-4 $P/t20-clean/model/history.csv) && echo "t20-clean reproduces t17-clean"
TRIGGER=stego-per-photo bash $P/pilot.sh t20-pbl-per-photo; date
echo done
