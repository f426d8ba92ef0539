#!/usr/bin/env bash
# The nineteenth round of pilots (README). Eighteen rounds moved PBL's P->P only by trading C->P for it, and never on
# the validation classes past 64. CBL, with the same trained stages, read P->P 69.2 there (fifteenth round) and 79.1 on
# the test split (the recorded run, against PBL's 75.1), while its C->P stays below PBL's. A reading of why: L_d and
# L_p are met by moving the protected copies of a class together (a shift keeps their distances to each other, and so
# P->P's neighbours), while CBL's L'_d pulls the protected anchors of many classes towards the same few far class
# centres, which carry no class of their own. This round adds L'_d to PBL at CBL's validated setting (weight 2, centres
# recomputed every epoch): train --centre-weight, new in this round, not in the paper. The clean model is retrained (the
# pilots' models are not kept) and must reproduce t17-clean's history to the last digit. 23 validation classes, strict,
# last epochs. About 45 minutes.
#
# Rule, written down and committed before any model of this round was scored:
#  - if t19-clean's history.csv differs from t17-clean's (losses and validation readings; the seconds column is a clock),
#    t17-pbl-gamma3 is no longer comparable: the pilot is reported and not taken.
#  - otherwise the centre term is taken for the next benchmark if it holds more of PBL's validation bars than
#    t17-pbl-gamma3 (4 of 6), or as many with a smaller summed shortfall (bars.py; 26.2), and if the benchmark with it
#    is estimated to fit the 90-minute bar (PBL's pilot train time against t17-pbl-gamma3's 1,099 s, scaled to the
#    recorded run's PBL); the benchmark is then rerun with it and the bars read from that run. Otherwise PBL keeps the
#    paper's terms and the recorded run stands.
set -uo pipefail
# settings.sh as it was when this round ran.
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1
P=bench/backdoor/pilots
export CLEAN=$P/t19-clean/model/last.ckpt
date
METHOD=clean bash $P/pilot.sh t19-clean; date
cmp <(cut -d, -f1-4 $P/t17-clean/history.csv) <(cut -d, -f1-4 $P/t19-clean/model/history.csv) && echo "t19-clean reproduces t17-clean"
bash $P/pilot.sh t19-pbl-centre2 --centre-weight 2 --recompute-centres; date
echo done
# Second step, added after t19-pbl-centre2 was scored (validation, by the rule above: as many bars as t17-pbl-gamma3 with
# a smaller shortfall, 19.2 against 26.2, but its pilot trained in 1,501 s against 1,099 s, which puts the benchmark
# about 8 minutes over its 90: not taken). The centre term lifted C->P (83.6 -> 90.0) and left P->P where it was (60.2
# -> 60.8), while the privacy margin 1.0 (eighteenth round) lifted P->P 3.7 points for 5.7 of C->P. This step asks
# whether the two together hold C->P and move P->P, so that making the centre term cheaper is worth a later session.
# Rule, committed before it was scored: it is reported, not taken (the centre term's cost is the same); it counts as
# worth pursuing if it holds more validation bars than t19-pbl-centre2 or as many with a smaller summed shortfall.
#   bash $P/pilot.sh t19-pbl-centre2-margin1 --centre-weight 2 --recompute-centres --privacy-margin 1.0
# Third step, added after the second was scored (t19-pbl-centre2-margin1: 5 of 6 validation bars, the first PBL to hold
# C->P at 95.1, but P->P 57.9; shortfall 22.1). The centre term gives C->P room; beta 0.5 (seventeenth round) had
# bought the most P->P of any weight (60.2 -> 64.4) for 10.7 points of C->P. This step asks whether that room can be
# spent on P->P. Rule, committed before it was scored: reported, not taken (the centre term's cost is the same); it
# counts as worth pursuing if it holds more validation bars than t19-pbl-centre2-margin1, or as many with a smaller
# summed shortfall.
#   bash $P/pilot.sh t19-pbl-centre2-beta0.5 --centre-weight 2 --recompute-centres --beta 0.5
