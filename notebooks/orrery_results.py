"""Load Orrery result folders into pandas and save figures with shared publication defaults.

Every notebook in this folder imports this module, so that figures share one look and result
files are read one way. Notebooks read result files only, never simulator internals.

A run folder contains summary.json, requests.csv, timeseries.csv, resolved-config.yaml and run.json.
A sweep folder contains sweep.json (axis keys), sweep.csv (one row per run), sweep-summary.csv (one
row per scenario, with <metric>.mean and <metric>.ci95 columns) and scenario=<id>/seed=<n>/ run
folders.
"""

import json
import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in CI; figures go to files
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# Okabe-Ito colours: distinguishable under the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# One column of a two-column paper is about 3.3 inches wide; 8-9 pt text stays readable there.
COLUMN_WIDTH_IN = 3.3

plt.rcParams.update({
    "figure.figsize": (COLUMN_WIDTH_IN, 2.3),
    "figure.dpi": 150,
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "font.size": 8,
    "axes.labelsize": 8,
    "axes.titlesize": 8,
    "legend.fontsize": 7,
    "xtick.labelsize": 7,
    "ytick.labelsize": 7,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.2,
    "pdf.fonttype": 42,  # embed TrueType fonts, as most paper submission systems require
})

JOULES_PER_KWH = 3.6e6


def result_dir(variable, default):
    """Return the folder named by environment variable `variable`, or `default` relative to the repository."""
    value = os.environ.get(variable)
    path = Path(value) if value else Path(__file__).resolve().parent.parent / default
    if not path.is_dir():
        raise FileNotFoundError(
            f"{path} does not exist: produce it with ./orrery (see notebooks/README.md) or set {variable}")
    return path


def figures_dir():
    """Return the folder figures are saved to: $ORRERY_FIGURES_DIR, or notebooks/figures."""
    path = Path(os.environ.get("ORRERY_FIGURES_DIR", Path(__file__).resolve().parent / "figures"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def save(fig, name):
    """Save `fig` as PDF (for papers) and PNG (for slides) under figures_dir() and return the paths."""
    paths = [figures_dir() / f"{name}.{extension}" for extension in ("pdf", "png")]
    for path in paths:
        fig.savefig(path)
    return paths


def load_run(folder):
    """Return (summary dict, requests DataFrame, timeseries DataFrame) of one run folder."""
    folder = Path(folder)
    with open(folder / "summary.json", encoding="utf-8") as file:
        summary = json.load(file)
    requests = pd.read_csv(folder / "requests.csv")
    timeseries = pd.read_csv(folder / "timeseries.csv")
    return summary, requests, timeseries


def load_sweep(folder):
    """Return (axis keys, runs DataFrame, scenarios DataFrame) of one sweep folder.

    Axis columns are read as text because an axis may contain names (a router) as well as numbers.
    Convert them with pd.to_numeric where a numeric axis is needed.
    """
    folder = Path(folder)
    with open(folder / "sweep.json", encoding="utf-8") as file:
        axes = json.load(file)["axes"]
    types = {"scenario": str, **{axis: str for axis in axes}}
    runs = pd.read_csv(folder / "sweep.csv", dtype=types)
    scenarios = pd.read_csv(folder / "sweep-summary.csv", dtype=types)
    return axes, runs, scenarios


def ecdf(values):
    """Return (sorted values, cumulative fractions) of the non-missing `values`."""
    ordered = values.dropna().sort_values().to_numpy()
    fractions = [(i + 1) / len(ordered) for i in range(len(ordered))]
    return ordered, fractions


def pareto_front(frame, x, y):
    """Return the rows of `frame` that no other row beats on both columns (lower is better), sorted by `x`."""
    ordered = frame.sort_values([x, y])
    best = float("inf")
    keep = []
    for index, row in ordered.iterrows():
        if row[y] < best:
            keep.append(index)
            best = row[y]
    return ordered.loc[keep]
