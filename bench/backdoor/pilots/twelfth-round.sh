#!/usr/bin/env bash
# The twelfth round of pilots (README): the embedding anchor bought clean search, so spend it on privacy. PBL anchored
# (the benchmark's setting since the eleventh round) with doubled privacy weights (beta = gamma = 2) or twice the
# poisoning ratio (0.5); CBL anchored at weight 1 (which alone lost C->P protection in the eleventh round) with a larger
# privacy weight (lambda 1 and 2, against 0.5). Same split (23 validation classes), clean model (t10-clean) and scoring
# as the tenth and eleventh rounds; both references rerun here. About 45 minutes.
#
# Rule, written down and committed before any model of this round was scored: as the tenth round's, each method on its
# own: the candidate holding the most of the method's validation bars wins, a tie going to the smaller summed shortfall
# in points; it is taken if it beats the method's reference rerun here (t12-pbl: anchored PBL as in settings.sh;
# t12-cbl: unanchored CBL as in settings.sh) by the same measure. If taken, settings.sh gets it and the benchmark is
# rerun; the bars are then read from that run.
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=3
# settings.sh as it was when this round ran (it has since taken this round's winners).
export PBL_OPTIONS="--poison-ratio 0.25 --lr 1e-4 --head-lr 3e-5" CBL_OPTIONS="--recompute-centres --lambda 0.5" PBL_ANCHOR=1 CBL_ANCHOR=
P=bench/backdoor/pilots
export CLEAN=$P/t10-clean/model/last.ckpt
date
bash $P/pilot.sh t12-pbl; date
bash $P/pilot.sh t12-pbl-bg2 --beta 2 --gamma 2; date
bash $P/pilot.sh t12-pbl-rho0.5 --poison-ratio 0.5; date
METHOD=cbl bash $P/pilot.sh t12-cbl; date
for l in 1 2; do METHOD=cbl CBL_ANCHOR=1 bash $P/pilot.sh t12-anchor1-cbl-lambda$l --lambda $l; date; done
echo done
