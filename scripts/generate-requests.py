#!/usr/bin/env python3
"""Writes Playground/diff/kenzup-requests.jsonl: KENZ'UP earn and payment requests with a
fixed seed, to try `perk diff` on. Run from the repository root; the output is committed."""
import json
import random

rng = random.Random(20261122)
brands = [None, None, None, "Afriquia Gaz"]
lines = []
for n in range(1, 3001):
    amount = rng.randint(100, 60000)  # centimes: 1.00 to 600.00 MAD
    request = {
        "order_id": f"TX_{n:05d}",
        "time": f"2026-11-{rng.randint(1, 21):02d}T{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}:00+01:00",
        "currency": "MAD",
        "terminal_id": f"POS_{rng.randint(1, 40):03d}",
    }
    brand = rng.choice(brands)
    if brand:
        request["brand"] = brand
    mobile = f"06{rng.randint(0, 99999999):08d}"
    kind = rng.random()
    if kind < 0.6:
        request["amount"] = f"{amount // 100}.{amount % 100:02d}"
        request["customer"] = mobile
    elif kind < 0.75:
        request["amount"] = f"{amount // 100}.{amount % 100:02d}"
        request["force"] = True
        request["customer"] = {"mobile": mobile, "registered": rng.random() < 0.5}
    else:
        in_app = rng.randint(0, amount)
        request["type"] = "payment"
        request["sale_amount"] = f"{amount // 100}.{amount % 100:02d}"
        request["amount"] = f"{in_app // 100}.{in_app % 100:02d}"
        request["paid_with"] = rng.choice(["card", "points"])
        request["customer"] = {"mobile": mobile, "balances": {"points": rng.randint(0, 80000)}}
    lines.append(json.dumps(request, ensure_ascii=False))

with open("Playground/diff/kenzup-requests.jsonl", "w") as out:
    out.write("\n".join(lines) + "\n")
