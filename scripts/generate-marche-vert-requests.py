#!/usr/bin/env python3
"""Writes Playground/diff/marche-vert-requests.jsonl: 5000 Marché Vert baskets spread over
December 2026, with a fixed seed, to price a change of programs/marche-vert.perk with
`perk diff` (Playground/diff/marche-vert-christmas.perk). Run from the repository root; the
output is committed, and a test compares what `perk diff` makes of it with a golden file."""
import json
import random

rng = random.Random(20261205)
# (article, description, category, unit price in cents, weighed: sold by the kilogram)
catalogue = [
    ("1001", "Milk", "dairy", 115, False),
    ("1002", "Cheese", "dairy", 475, False),
    ("2002", "Organic apples", "organic", 398, True),
    ("2003", "Organic eggs", "organic", 320, False),
    ("2004", "Organic carrots", "organic", 249, True),
    ("3003", "Olive oil", None, 849, False),
    ("3004", "Bread", "bakery", 210, False),
    ("3005", "Red wine", None, 1290, False),
    ("3006", "Coffee", None, 599, False),
]


def money(cents):
    return f"{cents // 100}.{cents % 100:02d}"


lines = []
for n in range(1, 5001):
    day = rng.randint(1, 31)
    hour = rng.choice([8, 9, 10, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21])
    request = {
        "order_id": f"MV-{n:05d}",
        "time": f"2026-12-{day:02d}T{hour:02d}:{rng.randint(0, 59):02d}:00+01:00",
        "lines": [],
    }
    for _ in range(rng.randint(1, 6)):
        article, description, category, price, weighed = rng.choice(catalogue)
        line = {"article": article, "description": description}
        if category:
            line["category"] = category
        if weighed:
            line["quantity"] = f"{rng.randint(250, 2500) / 1000:.3f}"
        elif rng.random() < 0.3:
            line["quantity"] = rng.randint(2, 4)
        line["unit_price"] = money(price)
        request["lines"].append(line)
    if rng.random() < 0.05:
        request["lines"].append({"ean": "4000000000017", "description": "Gift card", "unit_price": rng.choice(["20.00", "50.00"])})
    customer = {}
    tier = rng.random()
    if tier < 0.1:
        customer["tier"] = "gold"
    elif tier < 0.3:
        customer["tier"] = "silver"
    if rng.random() < 0.03:
        customer["tags"] = ["staff"]
    if rng.random() < 0.6:
        customer["birthday"] = f"{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if rng.random() < 0.02:
        customer["first_purchase"] = True
    if customer:
        request["customer"] = customer
    lines.append(json.dumps(request, ensure_ascii=False))

with open("Playground/diff/marche-vert-requests.jsonl", "w") as out:
    out.write("\n".join(lines) + "\n")
