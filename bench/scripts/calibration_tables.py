#!/usr/bin/env python3
"""Prints the markdown rows of docs/accuracy.md and docs/early-stopping.md from the JSON that calibration.sh wrote.
Usage: python3 bench/scripts/calibration_tables.py [OUT_DIR]"""
import json, os, sys

out = sys.argv[1] if len(sys.argv) > 1 else "bench/results/calibration"
C = ["0.1", "0.2", "0.4", "0.8"]

def load(name):
    path = os.path.join(out, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return None

print("| curves scored | calibration | LL " + " / ".join(C) + " | MSE " + " / ".join(C) + " | cov90 " + " / ".join(C) + " | cov50 " + " / ".join(C) + " | ms |")
print("|---|---|---|---|---|---|---|")
for name, label in [("eval_nb201_none", "NB201 (160)"), ("eval_nb201_online", "NB201 (160)"),
                    ("eval_nb201_b_from_a", "NB201 half B (80)"), ("eval_nb201_a_from_b", "NB201 half A (80)"),
                    ("eval_sp3_none", "SpikeNAS C10 100ep part03 (2307)"), ("eval_sp3_online", "SpikeNAS C10 100ep part03 (2307)"),
                    ("eval_sp3_from_part01", "SpikeNAS C10 100ep part03 (2307)")]:
    d = load(name)
    if d is None:
        continue
    f = lambda k, fmt: " / ".join(fmt.format(d[k][c]) for c in C)
    print(f"| {label} | {d.get('calibration')} | {f('ll', '{:.3f}')} | {f('mse', '{:.5f}')} | {f('coverage90', '{:.2f}')} | {f('coverage50', '{:.2f}')} | {1000 * d['seconds_per_curve']:.1f} |")

print()
print("| curves | policy | calibration | speedup | regret (pp) | max regret | stopped | epochs used / full | sweep: knob speedup / regret |")
print("|---|---|---|---|---|---|---|---|---|")
for name, label in [("replay_nb201_none", "NB201 valid (160)"), ("replay_nb201_online", "NB201 valid (160)"),
                    ("replay_nb201_b_online", "NB201 half B (80)"), ("replay_nb201_b_from_a", "NB201 half B (80)"),
                    ("replay_nb201_b_online_from_a", "NB201 half B (80)"),
                    ("replay_nb201_asha", "NB201 valid (160)"), ("replay_nb201_median", "NB201 valid (160)"),
                    ("replay_sp_none", "SpikeNAS C10 100ep (500)"), ("replay_sp_online", "SpikeNAS C10 100ep (500)"),
                    ("replay_sp23_from_part01", "SpikeNAS C10 100ep part02+03 (500)"),
                    ("replay_sp23_online_from_part01", "SpikeNAS C10 100ep part02+03 (500)"),
                    ("replay_sp_asha", "SpikeNAS C10 100ep (500)"), ("replay_sp_median", "SpikeNAS C10 100ep (500)")]:
    d = load(name)
    if d is None:
        continue
    pol = d["policy"] + (f" (threshold {d['threshold']})" if d["policy"] == "lcpfn" else "")
    sweep = "; ".join(f"{s['value']:g}: {s['speedup']:.2f} / {s['regret']:.3f}" for s in (d.get("sweep") or []))
    print(f"| {label} | {pol} | {d.get('calibration') or '–'} | {d['speedup']:.2f} | {d['regret']:.3f} | {d['max_regret']:.3f} | {d['stopped']:.1f} | {d['epochs_used']:.0f} / {d['epochs_full']} | {sweep} |")
    if d.get("forecast_decisions"):
        per_forecast = 1000 * d["prefetch_seconds"] / max(1, d["forecasts"])
        per_decision = 1000 * d["simulation_seconds"] / d["forecast_decisions"]
        print(f"<!-- {name}: {per_forecast:.3f} ms per forecast (batched), {per_decision:.4f} ms per decision in the simulation -->")

print()
print("| data set | calibration | cov90 " + " / ".join(C) + " | MSE " + " / ".join(C) + " | replay speedup | regret (pp) | max regret |")
print("|---|---|---|---|---|---|---|")
for n, label in [("nb201_cifar10-valid_hp200_train_acc", "NB201 train acc (160)"), ("spikenas_cifar10_200ep_val_acc", "SpikeNAS C10 200ep (550)"),
                 ("spikenas_cifar100_100ep_val_acc", "SpikeNAS C100 (222)"), ("spikenas_tinyimagenet_100ep_val_acc", "SpikeNAS TinyImageNet (145)")]:
    for c in ["none", "online"]:
        e, r = load(f"eval_{n}_{c}"), load(f"replay_{n}_{c}")
        if e is None and r is None:
            continue
        cov = " / ".join(f"{e['coverage90'][k]:.2f}" for k in C) if e else "–"
        mse = " / ".join(f"{e['mse'][k]:.5f}" for k in C) if e else "–"
        rep = f"{r['speedup']:.2f} | {r['regret']:.3f} | {r['max_regret']:.3f}" if r else "– | – | –"
        print(f"| {label} | {c} | {cov} | {mse} | {rep} |")
