#!/usr/bin/env python3
"""The alternative our users reach for: a pandas + openpyxl script that ages the same ledger.

It does what `credit analyze` does for aging, and no more: read the invoice sheet, compute the open amount
as of a date (amount - amount paid, payments after the date ignored), days overdue and bucket per row,
totals per customer and per bucket, and write the ledger back with the annotation columns and a customer
sheet. Scores, actions and charts are left out, so the comparison flatters pandas.

    python3 bench/pandas_aging.py LEDGER.xlsx|csv --as-of 2026-10-31 --out OUT.xlsx
"""
import argparse
import sys

import numpy as np
import pandas as pd

BOUNDS = [30, 60, 90, 120]
LABELS = ["not_due", "1-30", "31-60", "61-90", "91-120", "120+"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("ledger")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    as_of = pd.Timestamp(args.as_of)

    if args.ledger.endswith(".csv"):
        ledger = pd.read_csv(args.ledger, parse_dates=["Invoice Date", "Due Date", "Paid Date"])
    else:
        ledger = pd.read_excel(args.ledger, sheet_name="Invoices", engine="openpyxl")
    for column in ["Invoice Date", "Due Date", "Paid Date"]:
        ledger[column] = pd.to_datetime(ledger[column])
    ledger = ledger[ledger["Invoice Date"] <= as_of].copy()

    paid = ledger["Amount Paid"].fillna(0.0)
    paid_later = ledger["Paid Date"] > as_of
    ledger["Open"] = np.where(paid_later, ledger["Amount"], ledger["Amount"] - paid).round(2)
    ledger["Days overdue"] = (as_of - ledger["Due Date"]).dt.days.clip(lower=0)
    ledger["Bucket"] = pd.cut(ledger["Days overdue"], bins=[-1, 0] + BOUNDS + [10**9], labels=LABELS)
    open_items = ledger[ledger["Open"] != 0]

    customers = open_items.pivot_table(
        index="Customer ID", columns="Bucket", values="Open", aggfunc="sum", fill_value=0.0, observed=False
    )
    customers["Open"] = customers.sum(axis=1)
    customers = customers.sort_values("Open", ascending=False)
    totals = open_items.groupby("Bucket", observed=False)["Open"].sum()

    with pd.ExcelWriter(args.out, engine="openpyxl") as writer:
        ledger.to_excel(writer, sheet_name="Ledger", index=False)
        customers.to_excel(writer, sheet_name="Customers")
        totals.to_frame().to_excel(writer, sheet_name="Summary")

    print(f"open {open_items['Open'].sum():.2f} items {len(open_items)}")
    print(totals.round(2).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
