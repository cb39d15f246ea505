#!/usr/bin/env python3
"""Independent reference implementation of the seams metrics (SPEC.md §3 and §5).

Needs (see tests/reference/README.md for the exact versions the committed fixtures were made with):
    Python >= 3.11
    networkx == 3.6.1          (betweenness, Louvain, modularity, articulation points, bridges)
    scikit-learn (any 1.x)     (normalized_mutual_info_score; `pip install scikit-learn`,
                                which also pulls numpy and scipy)

Usage (from the project root):
    python3 tests/reference/make_fixtures.py tests/fixtures/orgs/*/ --out tests/fixtures/reference/

Writes one `<dirname>.json` per export directory. The JSON layout is documented in
tests/reference/README.md. This script is a test oracle, not product code: it assumes a
well-formed export (no validation beyond what the computation needs) and it deliberately
does not share code or data structures with the Rust implementation.
"""
import argparse
import csv
import json
import math
import os
import random
import sys
from collections import defaultdict, deque

import networkx as nx
from networkx.algorithms.centrality.betweenness import (
    _accumulate_basic,
    _rescale,
    _single_source_dijkstra_path_basic,
    _single_source_shortest_path_basic,
)

try:
    import sklearn
    from sklearn.metrics import normalized_mutual_info_score
except ImportError:  # pragma: no cover
    sys.exit("make_fixtures.py needs scikit-learn: pip install scikit-learn")

SCHEMA = 1
CUSTOMER = "customer"
ZERO_WAIT = 1e-6
LOUVAIN_SEEDS = range(10)
# sampled betweenness: every k in this list with 2 <= k < n, seed 0 (hops);
# plus the smallest such k with weight volume and wait, and seeds 0..4 for k = 8.
SAMPLE_KS = (2, 8, 16, 256)
# Size control for the generated orgs: above this many edges the edge tables (`edges`,
# `merged_handoffs`, `undirected.edges`), which only restate the input after the §5.5 merge,
# are written as null and listed in `omitted`; and the file is written without indentation.
BIG_M = 500

# ---------------------------------------------------------------------------------------------
# CSV reading (SPEC §1, §5.2)
# ---------------------------------------------------------------------------------------------

SINGULAR = {
    "teams.csv": "team",
    "systems.csv": "system",
    "dependencies.csv": "dependency",
    "handoffs.csv": "handoff",
    "journeys.csv": "journey",
}
COLUMNS = {
    "teams.csv": ["id", "name", "parent", "kind", "customer_facing", "headcount"],
    "systems.csv": ["id", "name", "owner", "customer_facing", "holds_customer_data"],
    "dependencies.csv": ["from", "to", "kind"],
    "handoffs.csv": ["from", "to", "volume", "wait_hours", "channel"],
    "journeys.csv": ["journey", "step", "team", "activity", "system", "wait_hours", "volume"],
}


def norm_header(h):
    return h.strip().lower().replace(" ", "_").replace("-", "_")


def read_table(path):
    """Rows of one export file as dicts keyed by the canonical column names (cells trimmed)."""
    name = os.path.basename(path)
    singular, cols = SINGULAR[name], COLUMNS[name]
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = [norm_header(h) for h in rows[0]]
    mapping = {}
    for i, h in enumerate(header):
        for c in cols:
            if h in (c, c + "_id", singular + "_" + c):
                mapping[i] = c
                break
    out = []
    for r in rows[1:]:
        if not r or all(not c.strip() for c in r):
            continue
        d = {c: "" for c in cols}
        for i, cell in enumerate(r):
            if i in mapping:
                d[mapping[i]] = cell.strip()
        out.append(d)
    return out


def parse_bool(s):
    s = s.strip().lower()
    if s == "":
        return None
    if s in ("true", "yes", "y", "1"):
        return True
    if s in ("false", "no", "n", "0"):
        return False
    raise ValueError("bad boolean %r" % s)


def parse_num(s):
    s = s.strip()
    return None if s == "" else float(s)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def merge_rows(rows):
    """rows: list of (volume, wait or None) -> (merged volume, merged wait or None)  (SPEC §5.5)."""
    vol = 0.0
    for v, _ in rows:
        vol += v
    known = [(v, w) for v, w in rows if w is not None]
    if not known:
        return vol, None
    vsum = 0.0
    for v, _ in known:
        vsum += v
    if vsum == 0:
        acc = 0.0
        for _, w in known:
            acc += w
        return vol, acc / len(known)
    acc = 0.0
    for v, w in known:
        acc += v * w
    return vol, acc / vsum


def ei(e, i):
    return None if e + i == 0 else (e - i) / (e + i)


def fmean(xs):
    acc = 0.0
    for x in xs:
        acc += x
    return acc / len(xs)


# ---------------------------------------------------------------------------------------------
# the computation
# ---------------------------------------------------------------------------------------------


def analyse(export_dir, silo_level_arg=None):
    p = lambda f: os.path.join(export_dir, f)  # noqa: E731
    res = {"schema": SCHEMA, "org": os.path.basename(os.path.normpath(export_dir))}

    # ---- units / hierarchy ------------------------------------------------------------------
    units = {}
    for r in read_table(p("teams.csv")):
        units[r["id"]] = {
            "parent": r["parent"] or None,
            "customer_facing": parse_bool(r["customer_facing"]),
        }
    children = defaultdict(list)
    for u, d in units.items():
        if d["parent"] is not None:
            children[d["parent"]].append(u)

    depth = {}

    def get_depth(u):
        if u not in depth:
            par = units[u]["parent"]
            depth[u] = 0 if par is None else get_depth(par) + 1
        return depth[u]

    for u in units:
        get_depth(u)

    def ancestors(u):  # u itself first, then parent, ..., root
        chain = [u]
        while units[chain[-1]]["parent"] is not None:
            chain.append(units[chain[-1]]["parent"])
        return chain

    count_at = defaultdict(int)
    for u in units:
        count_at[depth[u]] += 1
    if silo_level_arg is not None:
        silo_level = silo_level_arg
    else:
        deep = [dpt for dpt, c in count_at.items() if c >= 2]
        silo_level = min(deep) if deep else 0

    def silo_of(u):
        if depth[u] <= silo_level:
            return u
        for a in ancestors(u):
            if depth[a] == silo_level:
                return a
        raise AssertionError

    silo = {u: silo_of(u) for u in units}
    is_leaf = {u: not children.get(u) for u in units}

    # ---- handoff rows -----------------------------------------------------------------------
    handoffs_file = os.path.exists(p("handoffs.csv"))
    derived = not handoffs_file
    hrows = []  # (from, to, volume, wait)
    if handoffs_file:
        for r in read_table(p("handoffs.csv")):
            v = parse_num(r["volume"])
            hrows.append((r["from"], r["to"], 1.0 if v is None else v, parse_num(r["wait_hours"])))

    # ---- journeys ---------------------------------------------------------------------------
    journeys = defaultdict(list)
    if os.path.exists(p("journeys.csv")):
        for r in read_table(p("journeys.csv")):
            v = parse_num(r["volume"])
            journeys[r["journey"]].append(
                {
                    "step": int(r["step"]),
                    "team": r["team"],
                    "wait": parse_num(r["wait_hours"]),
                    "volume": 1.0 if v is None else v,
                }
            )
    jvol = {}
    for j, steps in journeys.items():
        steps.sort(key=lambda s: s["step"])
        vols = {s["volume"] for s in steps}
        assert len(vols) == 1, "journey %s has differing volumes" % j
        jvol[j] = steps[0]["volume"]

    if derived:
        for j in sorted(journeys):
            steps = journeys[j]
            for a, b in zip(steps, steps[1:]):
                if a["team"] != b["team"]:
                    hrows.append((a["team"], b["team"], jvol[j], b["wait"]))

    # ---- nodes (SPEC §2, §5.7) --------------------------------------------------------------
    node_set = {u for u in units if is_leaf[u]}
    for a, b, _, _ in hrows:
        if a != b and a.lower() != CUSTOMER and b.lower() != CUSTOMER:
            node_set.add(a)
            node_set.add(b)
    for steps in journeys.values():
        for s in steps:
            node_set.add(s["team"])
    nodes = sorted(node_set)

    # ---- merge handoffs ---------------------------------------------------------------------
    grouped = defaultdict(list)
    for a, b, v, w in hrows:
        if a == b:
            continue  # self rows never count
        fa = CUSTOMER if a.lower() == CUSTOMER else a
        fb = CUSTOMER if b.lower() == CUSTOMER else b
        grouped[(fa, fb)].append((v, w))
    merged = {k: merge_rows(v) for k, v in grouped.items()}
    row_pairs = set(grouped)  # pairs with at least one (non-self) row

    edges = {}  # unit-to-unit, volume > 0
    for (a, b), (v, w) in sorted(merged.items()):
        if a != CUSTOMER and b != CUSTOMER and v > 0:
            edges[(a, b)] = (v, w)
    from_cust = defaultdict(float)
    to_cust = defaultdict(float)
    for (a, b), (v, w) in merged.items():
        if a == CUSTOMER and b != CUSTOMER:
            from_cust[b] += v
        elif b == CUSTOMER and a != CUSTOMER:
            to_cust[a] += v

    n, m = len(nodes), len(edges)
    res.update(
        {
            "derived_handoffs": derived,
            "silo_level": silo_level,
            "n": n,
            "m": m,
            "nodes": nodes,
        }
    )

    # hierarchy table (every unit)
    res["hierarchy"] = {
        u: {
            "parent": units[u]["parent"],
            "depth": depth[u],
            "is_leaf": is_leaf[u],
            "is_node": u in node_set,
            "silo": silo[u],
            "customer_facing": units[u]["customer_facing"],
        }
        for u in sorted(units)
    }
    silos = sorted(
        {u for u in units if depth[u] == silo_level}
        | {u for u in node_set if depth[u] < silo_level}
    )
    res["silos"] = silos

    # ---- edge lengths for weighted betweenness ------------------------------------------------
    known_waits = [w for (_, w) in edges.values() if w is not None]
    wait_default = fmean(known_waits) if known_waits else 1.0
    edge_list = []
    G = nx.DiGraph()
    G.add_nodes_from(nodes)  # insertion order = sorted ids: networkx samples from list(G)
    for (a, b), (v, w) in edges.items():  # sorted by (from, to)
        lw = wait_default if w is None else w
        if lw == 0:
            lw = ZERO_WAIT
        G.add_edge(a, b, volume=v, len_volume=1.0 / v, len_wait=lw)
        edge_list.append(
            {"from": a, "to": b, "volume": v, "wait_hours": w, "len_volume": 1.0 / v, "len_wait": lw}
        )
    res["edges"] = edge_list
    res["wait_default"] = wait_default
    res["merged_handoffs"] = [
        {"from": a, "to": b, "volume": v, "wait_hours": w, "is_edge": (a, b) in edges}
        for (a, b), (v, w) in sorted(merged.items())
    ]

    # ---- betweenness --------------------------------------------------------------------------
    wmodes = {"hops": None, "volume": "len_volume", "wait": "len_wait"}
    btw = {}
    for name, attr in wmodes.items():
        if n < 3:
            btw[name] = {u: 0.0 for u in nodes}
        else:
            btw[name] = dict(sorted(nx.betweenness_centrality(G, normalized=True, weight=attr).items()))
    res["betweenness"] = btw
    res["omitted"] = []
    if m > BIG_M:
        res["omitted"] = ["edges", "merged_handoffs", "undirected.edges"]
        res["edges"] = None
        res["merged_handoffs"] = None

    sampled = []
    ks = [k for k in SAMPLE_KS if 2 <= k < n]
    runs = [(k, 0, "hops") for k in ks]
    if ks:
        runs += [(ks[0], 0, "volume"), (ks[0], 0, "wait")]
    if 8 in ks:
        runs += [(8, s, "hops") for s in range(1, 5)]
    for k, seed, name in runs:
        attr = wmodes[name]
        sources = random.Random(seed).sample(list(G.nodes()), k)
        values = nx.betweenness_centrality(G, k=k, normalized=True, weight=attr, seed=seed)
        # independent check that these are the sources networkx used
        b = dict.fromkeys(G, 0.0)
        for s in sources:
            if attr is None:
                S, P, sigma, _ = _single_source_shortest_path_basic(G, s)
            else:
                S, P, sigma, _ = _single_source_dijkstra_path_basic(G, s, attr)
            b, _ = _accumulate_basic(b, S, P, sigma, s)
        b = _rescale(b, n, normalized=True, directed=True, endpoints=False, sampled_nodes=sources)
        assert b == values, "sampled betweenness mismatch"
        sampled.append(
            {"k": k, "seed": seed, "weight": name, "sources": sources, "values": dict(sorted(values.items()))}
        )
    res["betweenness_sampled"] = sampled

    # ---- per-unit volumes -----------------------------------------------------------------------
    ins, outs = defaultdict(float), defaultdict(float)
    ups, downs = defaultdict(set), defaultdict(set)
    for (a, b), (v, _) in edges.items():
        outs[a] += v
        ins[b] += v
        downs[a].add(b)
        ups[b].add(a)
    isolated = [u for u in nodes if not ups[u] and not downs[u]]
    res["isolated"] = isolated
    unit_tab = {}
    for u in nodes:
        unit_tab[u] = {
            "silo": silo[u],
            "parent": units[u]["parent"],
            "in_volume": ins[u],
            "out_volume": outs[u],
            "distinct_upstream": len(ups[u]),
            "distinct_downstream": len(downs[u]),
            "from_customer_volume": from_cust.get(u, 0.0),
            "to_customer_volume": to_cust.get(u, 0.0),
            "isolated": u in set(isolated),
        }
    res["units"] = unit_tab

    # ---- undirected graph --------------------------------------------------------------------
    U = nx.Graph()
    U.add_nodes_from(nodes)
    for (a, b), (v, _) in edges.items():
        if U.has_edge(a, b):
            U[a][b]["weight"] += v
        else:
            U.add_edge(a, b, weight=v)
    und = {}
    und["edges"] = sorted(
        ({"a": min(a, b), "b": max(a, b), "weight": d["weight"]} for a, b, d in U.edges(data=True)),
        key=lambda e: (e["a"], e["b"]),
    )
    if m > BIG_M:
        und["edges"] = None
    silo_groups = defaultdict(set)
    for u in nodes:
        silo_groups[silo[u]].add(u)
    silo_partition = [silo_groups[s] for s in sorted(silo_groups)]
    has_edge = U.number_of_edges() > 0
    und["modularity_silo"] = (
        nx.community.modularity(U, silo_partition, weight="weight") if has_edge else None
    )
    und["articulation_points"] = sorted(nx.articulation_points(U))
    und["bridges"] = sorted([min(a, b), max(a, b)] for a, b in nx.bridges(U))

    non_iso = [u for u in nodes if u not in set(isolated)]
    silo_labels = [silo[u] for u in non_iso]
    parent_label = {u: (units[u]["parent"] or u) for u in non_iso}
    und["parent_labels"] = parent_label
    und["nmi_silo_parent"] = (
        float(normalized_mutual_info_score(silo_labels, [parent_label[u] for u in non_iso],
                                           average_method="arithmetic"))
        if non_iso else None
    )
    parent_groups = defaultdict(list)
    for u in non_iso:
        parent_groups[parent_label[u]].append(u)
    und["misplaced_parent_partition"] = misplaced(parent_groups.values(), silo)
    und["modularity_parent_partition"] = (
        nx.community.modularity(
            U,
            [set(g) for g in parent_groups.values()] + [{u} for u in isolated],
            weight="weight",
        )
        if has_edge
        else None
    )

    louv = {"seeds": list(LOUVAIN_SEEDS)}
    if has_edge:
        best = None
        mods = []
        for s in LOUVAIN_SEEDS:
            comms = nx.community.louvain_communities(U, weight="weight", seed=s)
            q = nx.community.modularity(U, comms, weight="weight")
            mods.append(q)
            if best is None or q > best[0]:
                best = (q, s, comms)
        q, s, comms = best
        comm_lists = sorted(sorted(c) for c in comms)
        label = {}
        for i, c in enumerate(comm_lists):
            for u in c:
                label[u] = i
        louv.update(
            {
                "modularity_by_seed": mods,
                "best_seed": s,
                "best_modularity": q,
                "communities": comm_lists,
                "nmi_silo": float(normalized_mutual_info_score(silo_labels, [label[u] for u in non_iso],
                                                               average_method="arithmetic"))
                if non_iso else None,
                "misplaced": misplaced(
                    [[u for u in c if u not in set(isolated)] for c in comm_lists], silo
                ),
            }
        )
    else:
        louv.update({"modularity_by_seed": None, "best_seed": None, "best_modularity": None,
                     "communities": None, "nmi_silo": None, "misplaced": None})
    und["louvain"] = louv
    res["undirected"] = und

    # ---- E-I -------------------------------------------------------------------------------
    E, I = defaultdict(float), defaultdict(float)
    org_e = org_i = 0.0
    for (a, b), (v, _) in edges.items():
        sa, sb = silo[a], silo[b]
        if sa == sb:
            I[sa] += v
            org_i += v
        else:
            E[sa] += v
            E[sb] += v
            org_e += v
    res["ei"] = {
        "org": {"external": org_e, "internal": org_i, "ei_index": ei(org_e, org_i)},
        "silos": {s: {"external": E[s], "internal": I[s], "ei_index": ei(E[s], I[s])} for s in silos},
    }

    # ---- customer distance ----------------------------------------------------------------------
    linked = sorted(
        u for u in nodes
        if units[u]["customer_facing"] is True or from_cust.get(u, 0) > 0 or to_cust.get(u, 0) > 0
    )
    dist = {u: None for u in nodes}
    q = deque()
    for u in linked:
        dist[u] = 1
        q.append(u)
    while q:
        v = q.popleft()
        for w in U[v]:
            if dist[w] is None:
                dist[w] = dist[v] + 1
                q.append(w)
    unreachable = [u for u in nodes if dist[u] is None]
    per_silo = {}
    for s in silos:
        members = sorted(silo_groups[s])
        reach = [dist[u] for u in members if dist[u] is not None]
        per_silo[s] = {
            "nodes": len(members),
            "reachable": len(reach),
            "mean": (sum(reach) / len(reach)) if reach else None,
            "max": max(reach) if reach else None,
            "share_unreachable": (len(members) - len(reach)) / len(members) if members else None,
        }

    # ---- systems / Conway -----------------------------------------------------------------------
    systems = {}
    if os.path.exists(p("systems.csv")):
        for r in read_table(p("systems.csv")):
            owners = sorted({o.strip() for o in r["owner"].split(";") if o.strip()})
            systems[r["id"]] = owners
    sys_dist = {}
    for s, owners in sorted(systems.items()):
        ds = [dist[o] for o in owners if o in dist and dist[o] is not None]
        sys_dist[s] = min(ds) if ds else None
    res["customer_distance"] = {
        "units": dist,
        "customer_linked": linked,
        "unreachable_from_customer": unreachable,
        "silos": per_silo,
        "systems": sys_dist,
    }

    deps = set()
    if os.path.exists(p("dependencies.csv")):
        for r in read_table(p("dependencies.csv")):
            if r["from"] != r["to"]:
                deps.add((r["from"], r["to"]))
    req = defaultdict(int)
    for a, b in sorted(deps):
        for oa in systems.get(a, []):
            for ob in systems.get(b, []):
                if oa != ob:
                    req[(min(oa, ob), max(oa, ob))] += 1

    def actual(a, b):
        return merged.get((a, b), (0.0, None))[0] > 0 or merged.get((b, a), (0.0, None))[0] > 0

    required = [
        {"team_a": a, "team_b": b, "weight": w, "actual": actual(a, b)} for (a, b), w in sorted(req.items())
    ]
    total = sum(r["weight"] for r in required)
    act = sum(r["weight"] for r in required if r["actual"])
    gaps = sorted(
        ({"team_a": r["team_a"], "team_b": r["team_b"], "weight": r["weight"]} for r in required if not r["actual"]),
        key=lambda r: (-r["weight"], r["team_a"], r["team_b"]),
    )
    tc = defaultdict(lambda: [0, 0])
    for r in required:
        for t in (r["team_a"], r["team_b"]):
            tc[t][0] += r["weight"]
            if r["actual"]:
                tc[t][1] += r["weight"]
    res["conway"] = {
        "dependencies": len(deps),
        "required_coordination": required,
        "required_weight": total,
        "actual_weight": act,
        "congruence": (act / total) if total else None,
        "congruence_gaps": gaps,
        "team_congruence": {
            t: {"required_weight": rw, "actual_weight": aw, "congruence": aw / rw if rw else None}
            for t, (rw, aw) in sorted(tc.items())
        },
        "shared_ownership": [{"system": s, "owners": o} for s, o in sorted(systems.items()) if len(o) > 1],
        "orphan_systems": sorted(s for s, o in systems.items() if not o),
        "system_owners": {s: o for s, o in sorted(systems.items())},
    }

    # ---- journeys ---------------------------------------------------------------------------
    def hier_dist(a, b):
        anc_a = ancestors(a)
        set_b = set(ancestors(b))
        lca_depth = -1
        for x in anc_a:  # deepest first
            if x in set_b:
                lca_depth = depth[x]
                break
        return depth[a] + depth[b] - 2 * lca_depth

    jtab, seam_list = {}, []
    team_pairs = defaultdict(lambda: [0.0, 0])
    silo_pairs = defaultdict(lambda: [0.0, 0])
    for j in sorted(journeys):
        steps = journeys[j]
        vol = jvol[j]
        js = []
        for a, b in zip(steps, steps[1:]):
            if a["team"] == b["team"]:
                continue
            ta, tb = a["team"], b["team"]
            cfa, cfb = units[ta]["customer_facing"], units[tb]["customer_facing"]
            seam = {
                "journey": j,
                "from_step": a["step"],
                "to_step": b["step"],
                "from": ta,
                "to": tb,
                "from_silo": silo[ta],
                "to_silo": silo[tb],
                "cross_silo": silo[ta] != silo[tb],
                "hierarchy_distance": hier_dist(ta, tb),
                "crosses_visibility": None if cfa is None or cfb is None else cfa != cfb,
                "wait_hours": b["wait"],
                "known_handoff": None if derived else (ta, tb) in row_pairs,
                "volume": vol,
            }
            js.append(seam)
            team_pairs[(ta, tb)][0] += vol
            team_pairs[(ta, tb)][1] += 1
            silo_pairs[(silo[ta], silo[tb])][0] += vol
            silo_pairs[(silo[ta], silo[tb])][1] += 1
        seam_list.extend(js)
        waits = [s["wait_hours"] for s in js if s["wait_hours"] is not None]
        jtab[j] = {
            "volume": vol,
            "steps": len(steps),
            "distinct_teams": len({s["team"] for s in steps}),
            "distinct_silos": len({silo[s["team"]] for s in steps}),
            "seams": len(js),
            "cross_silo_seams": sum(1 for s in js if s["cross_silo"]),
            "max_hierarchy_distance": max((s["hierarchy_distance"] for s in js), default=None),
            "total_seam_wait": sum(waits) if waits else None,
            "seam_waits_unknown": sum(1 for s in js if s["wait_hours"] is None),
            "seam_ratio": len(js) / (len(steps) - 1) if len(steps) > 1 else None,
        }
    tot_vol = sum((jvol[j] for j in jtab), 0.0)
    multi = [j for j in jtab if jtab[j]["steps"] >= 2]
    multi_vol = sum(jvol[j] for j in multi)

    def pair_rows(d):
        rows = [{"from": a, "to": b, "weight": w, "count": c} for (a, b), (w, c) in d.items()]
        rows.sort(key=lambda r: (-r["weight"], r["from"], r["to"]))
        return rows

    res["journeys"] = {
        "journeys": jtab,
        "seams": seam_list,
        "org": {
            "journeys": len(jtab),
            "total_volume": tot_vol,
            "seams_total": sum((jvol[j] * jtab[j]["seams"] for j in jtab), 0.0),
            "journeys_with_seam": sum((jvol[j] for j in jtab if jtab[j]["seams"] > 0), 0.0),
            "mean_seams_per_journey": (sum(jvol[j] * jtab[j]["seams"] for j in jtab) / tot_vol)
            if tot_vol > 0 else None,
            "mean_seam_ratio": (sum(jvol[j] * jtab[j]["seam_ratio"] for j in multi) / multi_vol)
            if multi_vol > 0 else None,
        },
        "team_pairs": pair_rows(team_pairs),
        "silo_pairs": pair_rows(silo_pairs),
    }

    res["generator"] = {
        "script": "tests/reference/make_fixtures.py",
        "python": "%d.%d.%d" % sys.version_info[:3],
        "networkx": nx.__version__,
        "scikit_learn": sklearn.__version__,
    }
    return res


def misplaced(groups, silo):
    """Units whose group has more than half of its members in one silo other than their own."""
    out = []
    for g in groups:
        g = list(g)
        if not g:
            continue
        cnt = defaultdict(int)
        for u in g:
            cnt[silo[u]] += 1
        for u in g:
            if any(c * 2 > len(g) and s != silo[u] for s, c in cnt.items()):
                out.append(u)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", metavar="EXPORT_DIR")
    ap.add_argument("--out", required=True, help="directory for <dirname>.json files")
    ap.add_argument("--silo-level", type=int, default=None, help="use this silo level instead of the default; output is named <dirname>.silo-level-N.json")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for d in a.dirs:
        if not os.path.isdir(d):
            print("skipping %s: not a directory" % d, file=sys.stderr)
            continue
        res = analyse(d, a.silo_level)
        name = res["org"] if a.silo_level is None else "%s.silo-level-%d" % (res["org"], a.silo_level)
        path = os.path.join(a.out, name + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            if res["m"] > BIG_M:
                json.dump(res, f, sort_keys=True, separators=(",", ":"), allow_nan=False, ensure_ascii=False)
            else:
                json.dump(res, f, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
        print("%s: n=%d m=%d silo_level=%d -> %s" % (d, res["n"], res["m"], res["silo_level"], path))


if __name__ == "__main__":
    main()
