#!/usr/bin/env bash
# The eighteenth round of pilots (README). After the seventeenth round no loss weight closes P->P: gamma 2 / 3 / 5 read
# validation P->P 60.1 / 60.2 / 61.8, as if L_p's triplets were met on the training classes at the clean margin (0.2)
# and more weight on a met hinge buys nothing. This round gives the privacy terms (L_d and L_p) a margin of their own,
# 1.0 (train --privacy-margin, new in this round; L_i keeps 0.2), so they keep pushing protected copies apart after the
# clean margin is met. The clean model is retrained (the pilots' models are not kept) and must reproduce t17-clean's
# history to the last digit. 23 validation classes, strict, last epochs. About 40 minutes.
#
# Rule, written down and committed before any model of this round was scored:
#  - if t18-clean's history.csv differs from t17-clean's (losses and validation readings; the seconds column is a clock),
#    t17-pbl-gamma3 is no longer comparable: the pilot is reported and not taken.
#  - otherwise privacy margin 1.0 is taken for the next benchmark if it holds more of PBL's validation bars than
#    t17-pbl-gamma3 (4 of 6), or as many with a smaller summed shortfall (bars.py; 26.2); the benchmark is then rerun
#    with it and the bars read from that run. Otherwise PBL keeps the clean margin and the recorded run stands.
set -uo pipefail
# settings.sh as it was when this round ran.
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=2 PBL_OPTIONS="--poison-ratio 0.5 --lr 1e-4 --head-lr 3e-5 --gamma 3" PBL_ANCHOR=1
P=bench/backdoor/pilots
export CLEAN=$P/t18-clean/model/last.ckpt
date
METHOD=clean bash $P/pilot.sh t18-clean; date
cmp <(cut -d, -f1-4 $P/t17-clean/history.csv) <(cut -d, -f1-4 $P/t18-clean/model/history.csv) && echo "t18-clean reproduces t17-clean"
bash $P/pilot.sh t18-pbl-margin1 --privacy-margin 1.0; date
echo done
