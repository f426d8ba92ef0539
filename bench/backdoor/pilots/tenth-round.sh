#!/usr/bin/env bash
# The tenth round of pilots (README): the embedding anchor (train --anchor-to CLEAN --anchor-weight W, not in the
# paper): PBL and CBL start from the clean model (--start-from, as a service provider would plant the backdoor in the
# model it serves) and are pulled towards its clean embeddings while their privacy terms move the protected copies.
# On the seventh round's validation split of 23 classes (--val-fraction 0.4), last epochs, strict rule, against a clean
# model trained here (t10-clean: this session's machine computes the seventh round's clean model a little differently,
# validation R@1 89.73 against 88.40 at its last epoch, so the references are rerun here too). About 60 minutes.
#
# Rule, written down and committed before any model of this round was scored: for each method on its own, the anchored
# candidate holding the most of the method's validation bars wins (PBL: BA within 2 points, PSR on R@1 >= 90 / 95 / 80,
# PSR on mAP_c >= 95 / 95; CBL: BA within 1 point, PSR on R@1 >= 70 / 90 / 55), a tie going to the smaller summed
# shortfall in points; it is taken if it beats the method's reference rerun here (the benchmark's setting) by the
# same measure. If taken, settings.sh gets it and the benchmark is rerun; the bars are then read from that run.
set -uo pipefail
export VAL_FRACTION=0.4 AVERAGE_FROM= FREEZE=3
# settings.sh as it was when this round ran (later rounds changed PBL's ratio, CBL's lambda and the anchors).
export PBL_OPTIONS="--poison-ratio 0.25 --lr 1e-4 --head-lr 3e-5" CBL_OPTIONS="--recompute-centres --lambda 0.5" PBL_ANCHOR= CBL_ANCHOR=
P=bench/backdoor/pilots
CLEAN=$P/t10-clean/model/last.ckpt
date
if [[ ! -f $CLEAN ]]; then METHOD=clean bash $P/pilot.sh t10-clean; date; fi
export CLEAN
bash $P/pilot.sh t10-pbl; date
METHOD=cbl bash $P/pilot.sh t10-cbl; date
for w in 1 10; do
  bash $P/pilot.sh t10-anchor$w-pbl --start-from "$CLEAN" --anchor-to "$CLEAN" --anchor-weight $w; date
  METHOD=cbl bash $P/pilot.sh t10-anchor$w-cbl --start-from "$CLEAN" --anchor-to "$CLEAN" --anchor-weight $w; date
done
echo done
