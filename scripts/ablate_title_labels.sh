#!/bin/bash
# Title-label ablation (issue: MSRA and Weibo never label titles). The same recipe is
# trained three times for 3,000 NER steps, once per --title-labels choice, then each
# NER-only model is scored on the dev splits and on the annotated pages:
#
#   scripts/ablate_title_labels.sh [DATA_DIR]     # about 15 min a choice on 2 cores
#
# Needs training/pkuseg_model (train.py --stages seg, or the shipped one copied there).
# Results: training/ablation_<choice>/{ner_scores.json,pages_scores.json}.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
for choice in none missing silver; do
  work=training/ablation_$choice
  mkdir -p "$work"
  cp -r training/pkuseg_model "$work/"
  python scripts/train.py --data "$data" --work "$work" --title-labels "$choice" \
    --stages lexicon ner-data tokens ner --max-steps 3000 > "$work/log.txt" 2>&1
  rm -rf "$work/corpus/tok"
  python scripts/evaluate.py ner --model "$work/ner/model-best" --corpus "$work/corpus" > "$work/ner_scores.json"
  python scripts/evaluate.py relations --model "$work/ner/model-best" --json > "$work/pages_scores.json"
done
