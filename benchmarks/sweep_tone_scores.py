"""The robustness sweep of bench_decisions (issue 14), with a degradation that also forgets the
tone score of a message whose negative tone it drops (the score set to 0.0, neutral).

bench_decisions' sweep drops labels and negative tones but leaves each message's tone score as
it was, so a rule that reads the tone scores (PERSONAL_TONE) keeps its evidence at any recall by
construction. A reader that misses the negativity of a message misses it in its score too: this
sweep says so. Same arguments as bench_decisions.py (use a --work folder of its own: the
degraded copies are written beside the stores).
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_decisions as bd  # noqa: E402

if __name__ == "__main__":
    bd.degrade = functools.partial(bd.degrade, tone_scores=True)
    bd.main()
