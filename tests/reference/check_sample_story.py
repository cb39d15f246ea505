#!/usr/bin/env python3
"""Independent check of the story built into sample-data/ (Northwind Retail).

Reads the SPEC §1 CSV files with the standard library, builds the handoff graph exactly as SPEC §2 and
§5.7-5.9 say, computes the metrics with networkx, prints them, and asserts the five story points the
sample's README promises. Exits 1 when a story point fails, 2 when the input itself is invalid.

Usage: python3 tests/reference/check_sample_story.py [DIR]   (default: sample-data next to tests/)
Requires: Python 3.8+, networkx (tested with 3.6.1). No other dependency.
"""

import csv
import math
import os
import sys
from collections import defaultdict, deque

import networkx as nx

CUSTOMER = "customer"
TRUE = {"true", "yes", "y", "1"}
FALSE = {"false", "no", "n", "0"}


# ----------------------------------------------------------------------------------------- reading

class InputErrors(Exception):
    pass


def norm_header(h):
    return h.strip().lower().replace(" ", "_").replace("-", "_")


def read_csv(path, required):
    """Rows as dicts keyed by the normalised header, with their 1-based line numbers."""
    errors = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        try:
            header = [norm_header(h) for h in next(reader)]
        except StopIteration:
            raise InputErrors([f"{path}:1: empty file (expected a header row)"])
        for col in required:
            if col not in header:
                errors.append(f"{path}:1: missing required column '{col}'")
        rows = []
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(header):
                errors.append(f"{path}:{line}: {len(cells)} cells, header has {len(header)}")
                continue
            rows.append((line, {k: v.strip() for k, v in zip(header, cells)}))
    if errors:
        raise InputErrors(errors)
    return rows


def parse_bool(value, where, errors):
    v = value.strip().lower()
    if v == "":
        return None
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    errors.append(f"{where}: '{value}' is not a boolean (expected true/false/yes/no/y/n/1/0)")
    return None


def parse_number(value, where, errors, default=None):
    if value.strip() == "":
        return default
    try:
        x = float(value)
    except ValueError:
        errors.append(f"{where}: '{value}' is not a number")
        return default
    if not math.isfinite(x) or x < 0:
        errors.append(f"{where}: '{value}' must be a finite number >= 0")
        return default
    return x


def load(d):
    errors = []
    p = lambda name: os.path.join(d, name)

    # teams ---------------------------------------------------------------------------------
    units, parent, cf, kind = [], {}, {}, {}
    for line, r in read_csv(p("teams.csv"), ["id", "parent"]):
        where = f"teams.csv:{line}"
        uid = r["id"]
        if not uid:
            errors.append(f"{where}: empty id")
            continue
        if uid.lower() == CUSTOMER:
            errors.append(f"{where}: 'customer' is reserved")
        if uid in parent:
            errors.append(f"{where}: duplicate id '{uid}'")
            continue
        units.append(uid)
        parent[uid] = r["parent"] or None
        kind[uid] = r.get("kind", "")
        cf[uid] = parse_bool(r.get("customer_facing", ""), where, errors)
        hc = r.get("headcount", "")
        if hc and not hc.isdigit():
            errors.append(f"{where}: headcount '{hc}' is not an integer >= 0")
    unit_set = set(units)
    for u in units:
        if parent[u] is not None and parent[u] not in unit_set:
            errors.append(f"teams.csv: unit '{u}' has unknown parent '{parent[u]}'")

    # systems ---------------------------------------------------------------------------------
    systems, owners, sys_cf, sys_cust = [], {}, {}, {}
    for line, r in read_csv(p("systems.csv"), ["id", "owner"]):
        where = f"systems.csv:{line}"
        sid = r["id"]
        if sid in owners:
            errors.append(f"{where}: duplicate system '{sid}'")
            continue
        systems.append(sid)
        own = []
        for o in r["owner"].split(";"):
            o = o.strip()
            if o and o not in own:
                if o not in unit_set:
                    errors.append(f"{where}: unknown owner '{o}'")
                own.append(o)
        owners[sid] = own
        sys_cf[sid] = parse_bool(r.get("customer_facing", ""), where, errors)
        sys_cust[sid] = parse_bool(r.get("holds_customer_data", ""), where, errors)
    sys_set = set(systems)

    # dependencies ----------------------------------------------------------------------------
    deps, seen = [], set()
    for line, r in read_csv(p("dependencies.csv"), ["from", "to"]):
        where = f"dependencies.csv:{line}"
        a, b = r["from"], r["to"]
        for s in (a, b):
            if s not in sys_set:
                errors.append(f"{where}: unknown system '{s}'")
        if a == b or (a, b) in seen:
            continue  # warnings in seams; ignored / counted once
        seen.add((a, b))
        deps.append((a, b))

    # handoffs --------------------------------------------------------------------------------
    handoff_rows = []
    for line, r in read_csv(p("handoffs.csv"), ["from", "to"]):
        where = f"handoffs.csv:{line}"
        a, b = r["from"], r["to"]
        for x in (a, b):
            if x.lower() != CUSTOMER and x not in unit_set:
                errors.append(f"{where}: unknown unit '{x}'")
        vol = parse_number(r.get("volume", ""), where, errors, default=1.0)
        wait = parse_number(r.get("wait_hours", ""), where, errors, default=None)
        handoff_rows.append((a, b, vol, wait, r.get("channel", "")))

    # journeys --------------------------------------------------------------------------------
    journeys = defaultdict(list)
    jvol = {}
    for line, r in read_csv(p("journeys.csv"), ["journey", "step", "team"]):
        where = f"journeys.csv:{line}"
        j, team = r["journey"], r["team"]
        try:
            step = int(r["step"])
        except ValueError:
            errors.append(f"{where}: step '{r['step']}' is not an integer")
            continue
        if team.lower() == CUSTOMER:
            errors.append(f"{where}: a step done by the customer (leave the customer's own actions out)")
        elif team not in unit_set:
            errors.append(f"{where}: unknown team '{team}'")
        sysid = r.get("system", "")
        if sysid and sysid not in sys_set:
            errors.append(f"{where}: unknown system '{sysid}'")
        vol = parse_number(r.get("volume", ""), where, errors, default=1.0)
        if j in jvol and jvol[j] != vol:
            errors.append(f"{where}: volume {vol} differs from the journey's {jvol[j]}")
        jvol.setdefault(j, vol)
        if any(s == step for s, *_ in journeys[j]):
            errors.append(f"{where}: duplicate step {step} in journey '{j}'")
        journeys[j].append((step, team, r.get("activity", ""), sysid,
                            parse_number(r.get("wait_hours", ""), where, errors)))
    for j in journeys:
        journeys[j].sort()

    if errors:
        raise InputErrors(errors)
    return dict(units=units, parent=parent, cf=cf, kind=kind, systems=systems, owners=owners,
                sys_cf=sys_cf, sys_cust=sys_cust, deps=deps, handoff_rows=handoff_rows,
                journeys=dict(journeys), jvol=jvol)


# ----------------------------------------------------------------------------------------- model

def build(m):
    units, parent = m["units"], m["parent"]
    depth = {}

    def d(u):
        if u not in depth:
            depth[u] = 0 if parent[u] is None else d(parent[u]) + 1
        return depth[u]

    for u in units:
        d(u)
    children = defaultdict(list)
    for u in units:
        if parent[u] is not None:
            children[parent[u]].append(u)
    leaves = [u for u in units if not children[u]]

    # §5.7 merged handoffs; self rows ignored; customer rows kept apart
    vol = defaultdict(float)
    wsum, wvol, wplain, wn = defaultdict(float), defaultdict(float), defaultdict(float), defaultdict(int)
    cust_vol = defaultdict(float)       # unit -> merged volume of customer rows (either direction)
    row_units = set()                   # units named in a unit-to-unit row (self rows excluded)
    has_any_handoff = set()
    for a, b, v, w, _ in m["handoff_rows"]:
        if a == b:
            continue
        ca, cb = a.lower() == CUSTOMER, b.lower() == CUSTOMER
        if ca or cb:
            unit = b if ca else a
            if not (ca and cb):
                cust_vol[(a, b)] += v
                has_any_handoff.add(unit)
            continue
        row_units.update((a, b))
        has_any_handoff.update((a, b))
        vol[(a, b)] += v
        if w is not None:
            wsum[(a, b)] += v * w
            wvol[(a, b)] += v
            wplain[(a, b)] += w
            wn[(a, b)] += 1
    step_units = {t for steps in m["journeys"].values() for _, t, *_ in steps}
    nodes = sorted(set(leaves) | row_units | step_units)

    G = nx.DiGraph()
    G.add_nodes_from(nodes)
    for (a, b), v in vol.items():
        if v > 0:
            G.add_edge(a, b, volume=v)
    U = nx.Graph()
    U.add_nodes_from(nodes)
    for a, b, data in G.edges(data=True):
        if U.has_edge(a, b):
            U[a][b]["weight"] += data["volume"]
        else:
            U.add_edge(a, b, weight=data["volume"])

    # §2 / §5.10 silos
    by_depth = defaultdict(int)
    for u in units:
        by_depth[depth[u]] += 1
    two = [k for k in sorted(by_depth) if by_depth[k] >= 2]
    silo_level = two[0] if two else 0

    def silo_of(u):
        while depth[u] > silo_level:
            u = parent[u]
        return u

    silo = {u: silo_of(u) for u in units}
    silos = sorted({u for u in units if depth[u] == silo_level} |
                   {u for u in nodes if depth[u] < silo_level})

    # customer links (§5.15)
    linked = {u for u in nodes if m["cf"].get(u) is True}
    for (a, b), v in cust_vol.items():
        if v > 0:
            linked.add(b if a.lower() == CUSTOMER else a)

    return dict(depth=depth, children=children, leaves=leaves, nodes=nodes, G=G, U=U, vol=vol,
                silo_level=silo_level, silo=silo, silos=silos, linked=linked,
                has_any_handoff=has_any_handoff)


def ei(E, I):
    return None if E + I == 0 else (E - I) / (E + I)


def lca_distance(a, b, parent, depth):
    anc = {}
    x, k = a, 0
    while x is not None:
        anc[x] = k
        x, k = parent[x], k + 1
    y, k = b, 0
    while y is not None:
        if y in anc:
            return anc[y] + k
        y, k = parent[y], k + 1
    return depth[a] + depth[b] + 2


# ----------------------------------------------------------------------------------------- main

def main():
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.normpath(os.path.join(here, "..", "..", "sample-data"))
    try:
        m = load(d)
    except InputErrors as e:
        for line in e.args[0]:
            print(line, file=sys.stderr)
        return 2
    g = build(m)
    G, U, nodes, silo = g["G"], g["U"], g["nodes"], g["silo"]
    n = len(nodes)
    failures = []

    def check(cond, what):
        print(f"  [{'ok' if cond else 'FAIL'}] {what}")
        if not cond:
            failures.append(what)

    print(f"units: {len(m['units'])}  leaves: {len(g['leaves'])}  handoff-graph nodes: {n}  "
          f"edges: {G.number_of_edges()}  handoff rows: {len(m['handoff_rows'])}  "
          f"systems: {len(m['systems'])}  dependencies: {len(m['deps'])}  journeys: {len(m['journeys'])}")
    print(f"silo level: {g['silo_level']}  silos: {', '.join(g['silos'])}")

    # warnings that seams should raise
    no_handoff = sorted(u for u in g["leaves"] if u not in g["has_any_handoff"])
    print(f"warning - team with no handoffs: {no_handoff}")

    # ---- silo metrics
    print("\nE-I index per silo (volume):")
    ei_silo = {}
    for s in g["silos"]:
        E = I = 0.0
        for a, b, data in G.edges(data=True):
            ia, ib = silo[a] == s, silo[b] == s
            if ia and ib:
                I += data["volume"]
            elif ia or ib:
                E += data["volume"]
        ei_silo[s] = ei(E, I)
        print(f"  {s:18s} E={E:7.0f}  I={I:7.0f}  EI={ei_silo[s] if ei_silo[s] is None else round(ei_silo[s], 4)}")
    E = sum(dt["volume"] for a, b, dt in G.edges(data=True) if silo[a] != silo[b])
    I = sum(dt["volume"] for a, b, dt in G.edges(data=True) if silo[a] == silo[b])
    ei_org = ei(E, I)
    print(f"  org-wide E={E:.0f} I={I:.0f} EI={ei_org:.4f}")
    parts = defaultdict(set)
    for u in nodes:
        parts[silo[u]].add(u)
    Q = nx.community.modularity(U, list(parts.values()), weight="weight") if U.number_of_edges() else None
    print(f"  modularity of the silo partition: {Q:.4f}")
    isolated = sorted(u for u in nodes if U.degree(u) == 0)
    print(f"  isolated: {isolated}")

    # silo matrix digital <-> stores
    def between(s1, s2):
        return sum(dt["volume"] for a, b, dt in G.edges(data=True)
                   if {silo[a], silo[b]} == {s1, s2})
    dig_sto = between("digital", "stores")
    dig_ext = {}
    for a, b, dt in G.edges(data=True):
        if (silo[a] == "digital") != (silo[b] == "digital"):
            other = silo[b] if silo[a] == "digital" else silo[a]
            dig_ext[other] = dig_ext.get(other, 0) + dt["volume"]
    print(f"  Digital <-> Stores volume: {dig_sto:.0f}; Digital's external volume by silo: {dig_ext}")

    # ---- bottlenecks
    bc = nx.betweenness_centrality(G, normalized=True)
    top = sorted(bc.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print("\nbetweenness (directed, hops, normalised), top 5:")
    for u, v in top:
        print(f"  {u:26s} {v:.4f}")
    aps = sorted(nx.articulation_points(U))
    bridges = sorted(tuple(sorted(e)) for e in nx.bridges(U))
    print(f"articulation points: {aps}")
    print(f"bridges: {bridges}")

    # ---- customer distance
    C = U.copy()
    C.add_node(CUSTOMER)
    for u in g["linked"]:
        C.add_edge(CUSTOMER, u)
    dist = nx.single_source_shortest_path_length(C, CUSTOMER)
    dist = {u: dist[u] for u in nodes if u in dist}
    unreachable = sorted(u for u in nodes if u not in dist)
    maxd = max(dist.values())
    far = sorted(u for u, k in dist.items() if k == maxd)
    hist = defaultdict(int)
    for k in dist.values():
        hist[k] += 1
    print(f"\ncustomer distance histogram: {dict(sorted(hist.items()))}; max {maxd}: {far}; "
          f"unreachable: {unreachable}")
    path = nx.shortest_path(C, CUSTOMER, far[0]) if far else []
    print(f"  a shortest path: {' -> '.join(path)}")
    print("  per silo (mean / max over reachable, share unreachable):")
    for s in g["silos"]:
        mem = [u for u in nodes if silo[u] == s]
        r = [dist[u] for u in mem if u in dist]
        mean = sum(r) / len(r) if r else None
        print(f"    {s:18s} mean={mean if mean is None else round(mean, 3)} max={max(r) if r else None} "
              f"unreachable={sum(1 for u in mem if u not in dist)}/{len(mem)}")

    # ---- Conway
    owners = m["owners"]
    required = defaultdict(int)
    for a, b in m["deps"]:
        for oa in owners[a]:
            for ob in owners[b]:
                if oa != ob:
                    required[tuple(sorted((oa, ob)))] += 1
    actual = {p for p in required if G.has_edge(*p) or G.has_edge(p[1], p[0])}
    total = sum(required.values())
    congruence = sum(w for p, w in required.items() if p in actual) / total if total else None
    gaps = sorted(((p, w) for p, w in required.items() if p not in actual), key=lambda x: (-x[1], x[0]))
    print(f"\nrequired coordination: {len(required)} pairs, weight {total}; "
          f"actual weight {sum(w for p, w in required.items() if p in actual)}; congruence {congruence:.4f}")
    for p, w in sorted(required.items()):
        print(f"  {p[0]:26s} {p[1]:26s} w={w} {'actual' if p in actual else 'GAP'}")
    print("congruence gaps (heaviest first):")
    for p, w in gaps:
        print(f"  {p[0]} -- {p[1]}: {w}")
    for t in sorted({t for p, _ in gaps for t in p}):
        req_t = sum(w for p, w in required.items() if t in p)
        act_t = sum(w for p, w in required.items() if t in p and p in actual)
        print(f"  per-team congruence {t}: {act_t}/{req_t} = {act_t / req_t:.4f}")
    shared = [s for s in m["systems"] if len(owners[s]) > 1]
    orphans = [s for s in m["systems"] if not owners[s]]
    print(f"shared ownership: {shared}; orphan systems: {orphans}")
    cust_sys = [s for s in m["systems"] if m["sys_cust"][s]]
    D = nx.DiGraph()
    D.add_nodes_from(m["systems"])
    D.add_edges_from(m["deps"])
    cust_links = [(a, b) for a in cust_sys for b in cust_sys if a != b and nx.has_path(D, a, b)]
    cust_silos = {s: sorted({silo[o] for o in owners[s]}) for s in cust_sys}
    print(f"systems holding customer data: {cust_silos}; dependency paths between them: {cust_links}")

    # ---- journeys
    print("\njourneys:")
    jstats = {}
    for j, steps in sorted(m["journeys"].items()):
        seams = cross = vis = 0
        maxh = None
        unknown_channel = []
        for (s1, t1, *_), (s2, t2, _, _, w) in zip(steps, steps[1:]):
            if t1 == t2:
                continue
            seams += 1
            cross += silo[t1] != silo[t2]
            c1, c2 = m["cf"].get(t1), m["cf"].get(t2)
            if c1 is not None and c2 is not None and c1 != c2:
                vis += 1
            h = lca_distance(t1, t2, m["parent"], g["depth"])
            maxh = h if maxh is None else max(maxh, h)
            if not any(a == t1 and b == t2 for a, b, *_ in m["handoff_rows"]):
                unknown_channel.append(f"{t1}->{t2}")
        ratio = seams / (len(steps) - 1) if len(steps) > 1 else None
        teams = {t for _, t, *_ in steps}
        jstats[j] = dict(steps=len(steps), seams=seams, cross=cross, vis=vis, ratio=ratio)
        print(f"  {j:24s} volume={m['jvol'][j]:.0f} steps={len(steps)} teams={len(teams)} "
              f"silos={len({silo[t] for t in teams})} seams={seams} cross_silo={cross} "
              f"visibility_crossings={vis} max_hierarchy_distance={maxh} seam_ratio={ratio:.4f}")
        print(f"    seams with no handoffs.csv row: {unknown_channel}")

    # org-wide journey figures (§5.18), weighted by journey volume
    pair_w = defaultdict(float)
    silo_pair_w = defaultdict(float)
    seams_total = with_seam = ratio_num = ratio_den = all_vol = 0.0
    for j, steps in m["journeys"].items():
        v = m["jvol"][j]
        all_vol += v
        st = jstats[j]
        seams_total += v * st["seams"]
        with_seam += v if st["seams"] else 0
        if st["steps"] >= 2:
            ratio_num += v * st["ratio"]
            ratio_den += v
        for (_, t1, *_), (_, t2, *_) in zip(steps, steps[1:]):
            if t1 != t2:
                pair_w[(t1, t2)] += v
                silo_pair_w[(silo[t1], silo[t2])] += v
    print(f"org-wide: seams_total={seams_total:.0f} journeys_with_seam={with_seam:.0f} "
          f"mean_seams_per_journey={seams_total / all_vol:.4f} mean_seam_ratio={ratio_num / ratio_den:.4f}")
    print("  top silo pairs: " + ", ".join(f"{a}->{b} {w:.0f}" for (a, b), w in
                                          sorted(silo_pair_w.items(), key=lambda x: (-x[1], x[0]))[:6]))

    # ---------------------------------------------------------------------------- story points
    print("\nstory checks:")
    check(g["silo_level"] == 1, "silo level is 1 (the divisions)")
    check(dig_sto == 0, "no handoff volume between Digital and Stores")
    check(ei_silo["digital"] is not None and ei_silo["digital"] <= -0.6, "Digital's E-I <= -0.6")
    check(set(dig_ext) == {"shared-services"}, "Digital's only external handoffs are with Shared Services")
    check(len(cust_sys) >= 3 and len({tuple(v) for v in cust_silos.values()}) == len(cust_sys)
          and not cust_links, "customer data in systems owned by different divisions, no dependency path between them")
    check(top[0][0] == "it-integration", "it-integration has the highest betweenness")
    check(top[0][1] >= 1.5 * top[1][1], "... by a clear margin (>= 1.5x the runner-up)")
    check("it-integration" in aps, "it-integration is an articulation point")
    check(bool(gaps) and gaps[0][0] == ("digital-web-shop", "sc-pricing") and gaps[0][1] >= 2
          and (len(gaps) == 1 or gaps[1][1] < gaps[0][1]),
          "heaviest congruence gap is digital-web-shop -- sc-pricing (weight >= 2, strictly first)")
    check(maxd == 5 and far == ["fin-reconciliation"], "fin-reconciliation is the only unit 5 hops from the customer")
    check(unreachable == ["fin-treasury"] and "fin-treasury" in isolated and "fin-treasury" in no_handoff,
          "fin-treasury is unreachable, isolated and has no handoffs")
    best = max(jstats.items(), key=lambda kv: kv[1]["cross"])
    check(best[0] == "online-return-in-store"
          and all(v["cross"] < best[1]["cross"] for k, v in jstats.items() if k != best[0]),
          "online-return-in-store has strictly the most cross-silo seams")
    check(max(v["vis"] for v in jstats.values()) >= 4, "a journey crosses the line of visibility 4+ times")
    check(80 <= len(m["handoff_rows"]) <= 160 and 40 <= len(m["units"]) <= 70
          and 20 <= len(m["systems"]) <= 30 and len(m["deps"]) >= 25 and len(m["journeys"]) >= 3,
          "file sizes within the brief")

    if failures:
        print(f"\n{len(failures)} story point(s) failed", file=sys.stderr)
        return 1
    print("\nall story points hold")
    return 0


if __name__ == "__main__":
    sys.exit(main())
