"""What the scorers of scripts/evaluate.py share: micro P/R/F1 and reading a gold JSONL."""
from __future__ import annotations

import json
from pathlib import Path


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": tp, "pred": n_pred, "gold": n_gold}


def micro(tp, pred, gold, keys) -> dict:
    """`prf` of the counters `tp`, `pred`, `gold` summed over `keys` (labels or relation types)."""
    return prf(sum(tp[k] for k in keys), sum(pred[k] for k in keys), sum(gold[k] for k in keys))


def read_gold(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
