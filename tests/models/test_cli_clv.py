from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clientfit.cli import app
from clientfit.errors import InputError

runner = CliRunner()


@pytest.fixture
def cdnow_csv(tmp_path, cdnow_transactions):
    path = tmp_path / "cdnow.csv"
    frame = cdnow_transactions.rename(columns={"customer_id": "client", "amount": "value"})
    frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    return path


def test_clv_json_on_cdnow(cdnow_csv):
    result = runner.invoke(
        app,
        ["clv", str(cdnow_csv), "--customer", "client", "--amount", "value",
         "--calibration-end", "1997-09-30", "--time-unit", "week", "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    params = out["bgnbd"]["params"]
    assert [float(f"{params[k]:.3g}") for k in ("r", "alpha", "a", "b")] == [
        0.243, 4.41, 0.793, 2.43
    ]
    assert round(out["bgnbd"]["log_likelihood"]) == -9582
    assert 0 < out["bgnbd"]["standard_errors"]["r"] < params["r"]
    assert len(out["customers"]) == 2357
    first = out["customers"][0]
    assert 0 < first["p_alive"] <= 1
    assert first["clv"] < first["expected_revenue"]  # discounting lowers the value
    assert first["frequency_holdout"] >= 0


def test_clv_table(cdnow_csv):
    result = runner.invoke(
        app, ["clv", str(cdnow_csv), "--customer", "client", "--amount", "value", "--limit", "3"]
    )
    assert result.exit_code == 0, result.output
    assert "BG/NBD" in result.output and "Gamma-Gamma" in result.output
    assert "top 3 of 2357" in result.output


def test_clv_names_the_bad_line(tmp_path):
    path = tmp_path / "tx.csv"
    path.write_text("customer_id,date,amount\n1,2024-01-01,10\n1,2024-01-05,12,5\n")
    result = runner.invoke(app, ["clv", str(path)])
    assert isinstance(result.exception, InputError)  # a row with one field too many
    path.write_text("customer_id,date,amount\n1,2024-01-01,10\n1,someday,12\n")
    result = runner.invoke(app, ["clv", str(path)])
    assert isinstance(result.exception, InputError)
    assert (result.exception.line, result.exception.field) == (3, "date")
    result = runner.invoke(app, ["clv", str(path), "--amount", "eur"])
    assert isinstance(result.exception, InputError)
    assert "no such column" in str(result.exception)


def test_decimal_commas_are_read(tmp_path):
    path = tmp_path / "tx.csv"
    path.write_text(
        'customer_id,date,amount\n'
        '1,2024-01-01,"10,50"\n1,2024-01-09,"20,25"\n2,2024-01-02,"5,00"\n'
        '2,2024-01-03,"7,75"\n3,2024-01-04,"1,00"\n'
    )
    result = runner.invoke(app, ["clv", str(path), "--json"])
    assert result.exit_code == 0, result.output
    by_id = {c["customer"]: c for c in json.loads(result.output)["customers"]}
    assert by_id["1"]["monetary_value"] == 20.25


def test_refunds_and_zero_amounts_do_not_stop_the_command(tmp_path, cdnow_transactions):
    path = tmp_path / "tx.csv"
    frame = cdnow_transactions[["customer_id", "date", "amount"]].copy()
    frame.loc[frame.index[:40], "amount"] = 0.0  # free orders
    frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(path, index=False)
    result = runner.invoke(app, ["clv", str(path), "--json", "--time-unit", "week"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    repeaters = sum(c["frequency"] > 0 for c in out["customers"])
    free = sum(c["frequency"] > 0 and c["monetary_value"] <= 0 for c in out["customers"])
    assert free > 0
    assert out["gamma_gamma"]["n_customers"] == repeaters - free  # left out of the fit only
    assert all(c["clv"] is not None and c["clv"] >= 0 for c in out["customers"])
