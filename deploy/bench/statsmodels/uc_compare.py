#!/usr/bin/python3
"""statsmodels' UnobservedComponents side by side with whatmoved's model, on the simulation study's series.

Reads the JSON lines written by the Java study (SimulationStudy --dump FILE): per series the response, the controls,
the pre- and post-period indices, the season, the true average effect of every look and the model's interval. For each
series it fits statsmodels.tsa.statespace.structural.UnobservedComponents on the pre-period (the post-period given as
missing, so the filter forecasts it): a local level, or a local level with a fixed drift ("local linear deterministic
trend") where the kind has a trend, plus a fixed seasonal of the kind's season, AR(1), an irregular, and the controls
as regressors in the state (so the coefficients' uncertainty enters the forecast); exact diffuse initialisation;
parameters at the maximum likelihood. The forecast of the post-period sum is normal with the exact variance of the sum
(the covariances between post points from the filter's predicted state covariances, no simulation), so the
1 - alpha interval of the average effect is (actual sum - forecast sum) / m +- z sd / m. Parameter uncertainty is not
included (statsmodels' forecasts condition on the estimates), unlike the Java model's.

Reports per kind (and per look) coverage of the true average effect, false "moved" among null series, power per effect
size and the mean half-width for UC and for the Java model on the same series, the ratio of the two powers, and a last
machine-readable RESULT line.

Usage: /usr/bin/python3 uc_compare.py SERIES.jsonl [--workers 2] [--out results.jsonl]
Needs python3-statsmodels (Debian); use /usr/bin/python3.
"""

import argparse
import json
import math
import multiprocessing
import os
import sys
import time
import warnings
from collections import defaultdict

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # one thread per worker: the workers are the parallelism

import numpy as np  # noqa: E402
from scipy.stats import norm  # noqa: E402


def fit_one(line):
    warnings.simplefilter("ignore")
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    s = json.loads(line)
    y_all = np.array([np.nan if v is None else v for v in s["response"]], dtype=float)
    pre_start, pre_end, post_start = s["preStart"], s["preEnd"], s["postStart"]
    end = max(look["postEnd"] for look in s["looks"])
    y = y_all[pre_start:end + 1].copy()
    post0 = post_start - pre_start
    y[post0:] = np.nan  # the filter forecasts the post-period
    gap = post_start - pre_end - 1
    if gap > 0:
        y[pre_end - pre_start + 1:post0] = np.nan
    exog = None
    if s["controls"]:
        exog = np.array(s["controls"], dtype=float).T[pre_start:end + 1]
    out = {"kind": s["kind"], "seed": s["seed"], "effect": s["effect"], "looks": []}
    started = time.time()
    try:
        model = UnobservedComponents(
            y,
            exog=exog,
            level="lldtrend" if s["trend"] else "llevel",
            seasonal=s["season"] if s["season"] and s["season"] > 1 else None,
            stochastic_seasonal=False,
            autoregressive=1,
            mle_regression=False,
            use_exact_diffuse=True,
        )
        res = model.fit(disp=False, maxiter=200)
        converged = bool(res.mle_retvals.get("converged", True)) if res.mle_retvals else True
        fr = res.filter_results
        transition = np.asarray(model.ssm["transition"])
        transition = transition[:, :, 0] if transition.ndim == 3 else transition
        design = np.asarray(model.ssm["design"])
        obs_cov = np.asarray(model.ssm["obs_cov"])
        forecasts = np.asarray(fr.forecasts)[0]

        def z_at(t):
            return design[0, :, t] if design.ndim == 3 else design[0]

        def h_at(t):
            return obs_cov[0, 0, t] if obs_cov.ndim == 3 else obs_cov[0, 0]

        looks = sorted(s["looks"], key=lambda l: l["postEnd"])
        k = transition.shape[0]
        g = np.zeros(k)
        mean_sum = 0.0
        var_sum = 0.0
        actual_sum = 0.0
        m = 0
        li = 0
        for t in range(post0, end - pre_start + 1):
            p = np.asarray(fr.predicted_state_cov[:, :, t])
            z = z_at(t)
            observed = not math.isnan(y_all[pre_start + t])
            if observed:
                mean_sum += forecasts[t]
                var_sum += z @ p @ z + h_at(t) + 2 * (z @ g)
                actual_sum += y_all[pre_start + t]
                m += 1
            g = transition @ (g + (p @ z if observed else 0))
            while li < len(looks) and looks[li]["postEnd"] - pre_start == t:
                look = looks[li]
                entry = {"days": look["days"], "truth": look["trueEffect"], "scale": look["scale"],
                         "model": look["model"], "converged": converged}
                if m > 0 and var_sum > 0:
                    est = (actual_sum - mean_sum) / m
                    half = norm.ppf(1 - look["alpha"] / 2) * math.sqrt(var_sum) / m
                    entry.update(status="OK", estimate=est, lower=est - half, upper=est + half)
                else:
                    entry.update(status="FAILED", error="no observed post point or zero variance")
                out["looks"].append(entry)
                li += 1
    except Exception as e:  # noqa: BLE001 - count, never crash
        out["looks"] = [{"days": l["days"], "truth": l["trueEffect"], "scale": l["scale"], "model": l["model"],
                         "status": "FAILED", "error": f"{type(e).__name__}: {e}"} for l in s["looks"]]
    out["seconds"] = time.time() - started
    return out


def share(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def stats(looks, effect_of):
    """coverage, fpr, power per effect and half-width of (truth, lower, upper, scale) tuples with effect sizes."""
    ok = [l for l in looks if l is not None]
    cover = share([lo <= tr <= up for (tr, lo, up, sc, e) in ok])
    fpr = share([lo > 0 or up < 0 for (tr, lo, up, sc, e) in ok if e == 0])
    power = {}
    for e in sorted({e for (*_, e) in ok if e != 0}):
        power[e] = share([lo > 0 or up < 0 for (tr, lo, up, sc, ee) in ok if ee == e])
    half = mean([(up - lo) / 2 / abs(sc) * 100 for (tr, lo, up, sc, e) in ok])
    return cover, fpr, power, half


def cell(v, fmt="{:.3f}"):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt.format(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("series")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--out", help="write one result line per series (JSON)")
    args = ap.parse_args()

    with open(args.series) as f:
        lines = [l for l in f if l.strip()]
    started = time.time()
    with multiprocessing.Pool(args.workers) as pool:
        results = []
        for r in pool.imap(fit_one, lines, chunksize=4):
            results.append(r)
            if len(results) % 500 == 0:
                print(f"  {len(results)}/{len(lines)} series fitted, {time.time() - started:.0f} s", file=sys.stderr)
    seconds = time.time() - started
    if args.out:
        with open(args.out, "w") as f:
            for r in results:
                f.write(json.dumps(r) + "\n")

    # group: (kind, look days or None) -> list of series results
    kinds = []
    rows = defaultdict(list)
    multi = defaultdict(bool)
    for r in results:
        if r["kind"] not in kinds:
            kinds.append(r["kind"])
        multi[r["kind"]] = multi[r["kind"]] or len(r["looks"]) > 1
        for l in r["looks"]:
            rows[(r["kind"], l["days"] if len(r["looks"]) > 1 else None)].append((r, l))

    print(f"{len(results)} series fitted with statsmodels UnobservedComponents in {seconds:.1f} s "
          f"({args.workers} workers; {mean([r['seconds'] for r in results]) * 1000:.0f} ms a series)\n")
    header = (f"{'kind':<20} {'n':>5} {'fail':>4} {'nconv':>5} | {'UC cov':>6} {'UC mv0':>6} {'UC hw%':>6} | "
              f"{'M cov':>6} {'M mv0':>6} {'M hw%':>6} | power UC / model (ratio model/UC) by effect")
    print(header)
    result = {}
    for kind in kinds:
        keys = sorted([k for k in rows if k[0] == kind], key=lambda k: (k[1] is not None, k[1] or 0))
        for key in keys:
            pairs = rows[key]
            label = kind if key[1] is None else f"{kind}@{key[1]}d"
            suffix = "" if key[1] is None else f"_{key[1]}d"
            uc, mo = [], []
            failed = 0
            nonconv = 0
            for r, l in pairs:
                m = l["model"]
                if l["status"] == "OK":
                    uc.append((l["truth"], l["lower"], l["upper"], l["scale"], r["effect"]))
                    if not l.get("converged", True):
                        nonconv += 1
                else:
                    failed += 1
                if m["status"] == "OK":
                    mo.append((l["truth"], m["lower"], m["upper"], l["scale"], r["effect"]))
            uc_cov, uc_fpr, uc_pow, uc_half = stats(uc, None)
            mo_cov, mo_fpr, mo_pow, mo_half = stats(mo, None)
            powers = []
            for e in sorted(set(uc_pow) | set(mo_pow)):
                pu, pm = uc_pow.get(e, float("nan")), mo_pow.get(e, float("nan"))
                ratio = pm / pu if pu and not math.isnan(pu) and pu > 0 else float("nan")
                pct = round(e * 100)
                powers.append(f"{pct}%: {cell(pu)} / {cell(pm)} ({cell(ratio, '{:.2f}')})")
                result[f"uc_{kind}_power{pct}{suffix}"] = cell(pu)
                result[f"ratio_{kind}_power{pct}{suffix}"] = cell(ratio, "{:.2f}")
            print(f"{label:<20} {len(pairs):>5} {failed:>4} {nonconv:>5} | {cell(uc_cov):>6} {cell(uc_fpr):>6} "
                  f"{cell(uc_half, '{:.2f}'):>6} | {cell(mo_cov):>6} {cell(mo_fpr):>6} {cell(mo_half, '{:.2f}'):>6} | "
                  + "  ".join(powers))
            result[f"uc_{kind}_coverage{suffix}"] = cell(uc_cov)
            if not math.isnan(uc_fpr):
                result[f"uc_{kind}_fpr{suffix}"] = cell(uc_fpr)
            result[f"uc_{kind}_failed{suffix}"] = str(failed)
        if multi[kind]:
            by_series = defaultdict(list)
            for r in results:
                if r["kind"] == kind and r["effect"] == 0:
                    by_series[r["seed"]] = r["looks"]
            uc_fw = share([any(l["status"] == "OK" and (l["lower"] > 0 or l["upper"] < 0) for l in ls)
                           for ls in by_series.values()])
            mo_fw = share([any(l["model"]["status"] == "OK" and (l["model"]["lower"] > 0 or l["model"]["upper"] < 0)
                               for l in ls) for ls in by_series.values()])
            print(f"{kind + ' family':<20} {len(by_series):>5} {'':>4} {'':>5} | {'':>6} {cell(uc_fw):>6} {'':>6} | "
                  f"{'':>6} {cell(mo_fw):>6} {'':>6} | (null series moved at one look or more)")
            result[f"uc_{kind}_fwer"] = cell(uc_fw)
    print("\nUC: statsmodels UnobservedComponents (MLE, plug-in forecast variance); M: whatmoved's model on the same "
          "series; cov: coverage of the true average effect; mv0: false moved among null series; hw%: mean half-width "
          "in % of the counterfactual post mean; fail: fits that raised; nconv: fits whose optimiser did not converge "
          "(still used)")
    result["uc_seconds"] = f"{seconds:.1f}"
    print("\nRESULT " + " ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    sys.exit(main())
