#!/usr/bin/env python3
"""Independent reference for three measures: customer data in silos, capabilities, change agents.

Needs Python >= 3.11 and networkx == 3.6.1 (`pip install networkx==3.6.1`); nothing else.

Usage (from the project root):
    python3 tests/reference/make_measures.py tests/fixtures/orgs/*/ sample-data sample-data/reorg \
        tests/fixtures/realdata/govuk --out tests/fixtures/reference/measures/

Writes `<dirname>.json` per export directory (for `sample-data/reorg` that is `reorg.json`, for
`sample-data` `sample-data.json`). It is a test oracle: it shares no code with the Rust crate (the
CSV reading, hierarchy, silo and node-set rules are copied from make_fixtures.py, which was written
from the format description alone), assumes a well-formed export, and uses networkx for the graphs:
`nx.has_path` on a DiGraph of the systems, and an `nx.Graph` of the handoffs
for the greedy cover. Definitions: the module docs of src/metrics/customer_data.rs,
capabilities.rs and agents.rs (docs/output.md).

JSON layout (one object per export, keys sorted, indent=1; every id is a string id, never an index):

    schema            1
    org               export directory name
    export            the export directory relative to the project root (what the Rust test loads)
    generator         {script, python, networkx}
    silo_level        the automatic silo level (shallowest depth with >= 2 units, else 0)
    customer_data
      systems         ids of the systems with holds_customer_data = true, sorted
      silos           [{silo, systems: [ids sorted]}] per silo owning one, sorted by silo id
      stores          [{systems: [ids sorted], silos: [ids sorted]}]: the customer-data systems
                      grouped by "one reaches the other along dependency arrows" (nx.has_path in
                      either direction, through any systems), connected components of that
                      relation; ordered by the smallest system id
      silo_count      len(silos)           store_count   len(stores)
    capabilities
      column_present  systems.csv has a header that normalises to `capability`
      duplicated      [{capability, systems, silos, stacks}]: capabilities with two systems not
                      linked by a directed dependency path (either direction) that are owned in different silos (both have an
                      owner; their owners' silo sets are disjoint); systems = every system of the
                      capability (sorted),
                      silos = their owners' silos (sorted), stacks = linked groups they fall in.
                      Ordered by len(silos) descending, then capability (code-point order)
      platforms       [{system, dependent_silos, dependents}]: systems whose direct dependents'
                      owners lie in >= 3 distinct silos; dependents = number of distinct direct
                      dependents. Ordered by len(dependent_silos) descending, then system id
    change_agents
      teams           number of handoff-graph nodes
      silos_with_teams  number of distinct silos of the nodes
      runs            [{k, agents: [{unit, silo, newly_covered, covered, cross_silo_volume}],
                      share_covered}] for k in {1, 2, 3, 5, silos_with_teams} (sorted, distinct);
                      agents in pick order; share_covered = covered / teams, null when teams = 0
"""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict

import networkx as nx

SCHEMA = 1
CUSTOMER = "customer"
PLATFORM_MIN_SILOS = 3
AGENT_KS = (1, 2, 3, 5)
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# ---------------------------------------------------------------------------------------------
# CSV reading: copied from make_fixtures.py (not imported: that script needs scikit-learn), with
# the extra columns of a row kept under their normalised header.
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
    """(rows, extra headers): rows are dicts keyed by canonical column names (cells trimmed) and,
    for the other columns, by their normalised header (`extra`)."""
    name = os.path.basename(path)
    singular, cols = SINGULAR[name], COLUMNS[name]
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = [norm_header(h) for h in rows[0]]
    mapping, extra = {}, {}
    for i, h in enumerate(header):
        for c in cols:
            if h in (c, c + "_id", singular + "_" + c):
                mapping[i] = c
                break
        else:
            extra[i] = h
    out = []
    for r in rows[1:]:
        if not r or all(not c.strip() for c in r):
            continue
        d = {c: "" for c in cols}
        d["extra"] = {h: "" for h in extra.values()}
        for i, cell in enumerate(r):
            if i in mapping:
                d[mapping[i]] = cell.strip()
            elif i in extra:
                d["extra"][extra[i]] = cell.strip()
        out.append(d)
    return out, sorted(extra.values())


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
# hierarchy, silos, handoff graph (the rules of make_fixtures.py)
# ---------------------------------------------------------------------------------------------


def read_org(export_dir):
    p = lambda f: os.path.join(export_dir, f)  # noqa: E731
    units = {}
    for r in read_table(p("teams.csv"))[0]:
        units[r["id"]] = r["parent"] or None
    children = defaultdict(list)
    for u, par in units.items():
        if par is not None:
            children[par].append(u)
    depth = {}

    def get_depth(u):
        chain = []
        while u not in depth:
            chain.append(u)
            if units[u] is None:
                depth[u] = 0
                chain.pop()
                break
            u = units[u]
        for x in reversed(chain):
            depth[x] = depth[units[x]] + 1

    for u in units:
        get_depth(u)
    count_at = defaultdict(int)
    for u in units:
        count_at[depth[u]] += 1
    deep = [d for d, c in count_at.items() if c >= 2]
    silo_level = min(deep) if deep else 0

    def silo_of(u):
        while depth[u] > silo_level:
            u = units[u]
        return u

    silo = {u: silo_of(u) for u in units}

    # handoff rows (self rows dropped), derived from journeys when handoffs.csv is absent
    hrows = []
    if os.path.exists(p("handoffs.csv")):
        for r in read_table(p("handoffs.csv"))[0]:
            v = parse_num(r["volume"])
            hrows.append((r["from"], r["to"], 1.0 if v is None else v))
    journeys = defaultdict(list)
    if os.path.exists(p("journeys.csv")):
        for r in read_table(p("journeys.csv"))[0]:
            v = parse_num(r["volume"])
            journeys[r["journey"]].append((int(r["step"]), r["team"], 1.0 if v is None else v))
    if not os.path.exists(p("handoffs.csv")):
        for j in sorted(journeys):
            steps = sorted(journeys[j])
            for a, b in zip(steps, steps[1:]):
                if a[1] != b[1]:
                    hrows.append((a[1], b[1], a[2]))
    is_cust = lambda x: x.lower() == CUSTOMER  # noqa: E731
    nodes = {u for u in units if not children.get(u)}
    merged = defaultdict(float)
    for a, b, v in hrows:
        if a == b or is_cust(a) or is_cust(b):
            continue
        nodes.add(a)
        nodes.add(b)
        merged[(a, b)] += v
    for steps in journeys.values():
        for s in steps:
            nodes.add(s[1])
    U = nx.Graph()
    U.add_nodes_from(sorted(nodes))
    for (a, b), v in sorted(merged.items()):
        if v <= 0:
            continue
        if U.has_edge(a, b):
            U[a][b]["weight"] += v
        else:
            U.add_edge(a, b, weight=v)

    # systems and dependencies
    systems, capability, column_present = {}, {}, False
    if os.path.exists(p("systems.csv")):
        rows, extra = read_table(p("systems.csv"))
        column_present = "capability" in extra
        for r in rows:
            owners = sorted({o.strip() for o in r["owner"].split(";") if o.strip()})
            systems[r["id"]] = {
                "owners": owners,
                "customer_data": parse_bool(r["holds_customer_data"]) is True,
            }
            if column_present and r["extra"]["capability"].strip():
                capability[r["id"]] = r["extra"]["capability"].strip()
    deps = set()
    if os.path.exists(p("dependencies.csv")):
        for r in read_table(p("dependencies.csv"))[0]:
            if r["from"] != r["to"]:
                deps.add((r["from"], r["to"]))
    D = nx.DiGraph()
    D.add_nodes_from(sorted(systems))
    D.add_edges_from(sorted(deps))
    return {
        "units": units,
        "silo_level": silo_level,
        "silo": silo,
        "handoffs": U,
        "systems": systems,
        "capability": capability,
        "column_present": column_present,
        "dependencies": D,
    }


# ---------------------------------------------------------------------------------------------
# the measures
# ---------------------------------------------------------------------------------------------


def owner_silos(org, s):
    return sorted({org["silo"][o] for o in org["systems"][s]["owners"]})


def owned_in_different_silos(sa, sb):
    """Both systems have an owner and no silo owns both (module doc of capabilities.rs)."""
    return bool(sa) and bool(sb) and not set(sa) & set(sb)


def linked_groups(D, members):
    """Groups of `members`: two are linked when one reaches the other along dependency arrows
    (nx.has_path in either direction); groups are the connected components of that relation.
    Returns {member: group index}, groups numbered in order of their smallest member."""
    L = nx.Graph()
    L.add_nodes_from(members)
    for i, a in enumerate(members):
        for b in members[i + 1:]:
            if nx.has_path(D, a, b) or nx.has_path(D, b, a):
                L.add_edge(a, b)
    groups = sorted((sorted(c) for c in nx.connected_components(L)), key=lambda c: c[0])
    return {s: i for i, c in enumerate(groups) for s in c}


def customer_data(org):
    holders = sorted(s for s, d in org["systems"].items() if d["customer_data"])
    per_silo = defaultdict(set)
    for s in holders:
        for x in owner_silos(org, s):
            per_silo[x].add(s)
    group = linked_groups(org["dependencies"], holders)
    stores = []
    for g in sorted(set(group.values())):
        held = sorted(s for s in holders if group[s] == g)
        silos = sorted({x for s in held for x in owner_silos(org, s)})
        stores.append({"systems": held, "silos": silos})
    stores.sort(key=lambda st: st["systems"][0])
    silos = [{"silo": x, "systems": sorted(per_silo[x])} for x in sorted(per_silo)]
    return {
        "systems": holders,
        "silos": silos,
        "stores": stores,
        "silo_count": len(silos),
        "store_count": len(stores),
    }


def capabilities(org):
    D = org["dependencies"]
    by_cap = defaultdict(list)
    for s, c in org["capability"].items():
        by_cap[c].append(s)
    duplicated = []
    for cap, members in by_cap.items():
        members.sort()
        comp = linked_groups(D, members)
        dup = any(
            comp[a] != comp[b] and owned_in_different_silos(owner_silos(org, a), owner_silos(org, b))
            for i, a in enumerate(members)
            for b in members[i + 1:]
        )
        if dup:
            duplicated.append(
                {
                    "capability": cap,
                    "systems": members,
                    "silos": sorted({x for s in members for x in owner_silos(org, s)}),
                    "stacks": len({comp[s] for s in members}),
                }
            )
    duplicated.sort(key=lambda d: (-len(d["silos"]), d["capability"]))
    platforms = []
    for s in D.nodes:
        dependents = list(D.predecessors(s))
        silos = sorted({x for d in dependents for x in owner_silos(org, d)})
        if len(silos) >= PLATFORM_MIN_SILOS:
            platforms.append({"system": s, "dependent_silos": silos, "dependents": len(dependents)})
    platforms.sort(key=lambda p: (-len(p["dependent_silos"]), p["system"]))
    return {"column_present": org["column_present"], "duplicated": duplicated, "platforms": platforms}


def change_agents(org, k):
    """Greedy maximum coverage with the one-agent-per-silo rule (module doc of agents.rs)."""
    U, silo = org["handoffs"], org["silo"]
    teams = sorted(U.nodes)
    cross = {
        v: sum((U[v][w]["weight"] for w in sorted(U[v]) if silo[w] != silo[v]), 0.0) for v in teams
    }
    silos = {silo[v] for v in teams}
    one_per_silo = k >= len(silos)
    covered, picked, served = set(), [], set()
    for pick in range(min(k, len(teams))):
        candidates = [v for v in teams if v not in picked]
        if one_per_silo and k - pick <= len(silos - served):
            candidates = [v for v in candidates if silo[v] not in served]
        gain = {v: len(({v} | set(U[v])) - covered) for v in candidates}
        v = min(candidates, key=lambda v: (-gain[v], -cross[v], v))
        covered |= {v} | set(U[v])
        picked.append(v)
        served.add(silo[v])
        yield {
            "unit": v,
            "silo": silo[v],
            "newly_covered": gain[v],
            "covered": len(covered),
            "cross_silo_volume": cross[v],
        }


def analyse(export_dir):
    org = read_org(export_dir)
    teams = org["handoffs"].number_of_nodes()
    n_silos = len({org["silo"][v] for v in org["handoffs"].nodes})
    runs = []
    for k in sorted(set(AGENT_KS) | {n_silos}):
        agents = list(change_agents(org, k))
        runs.append(
            {
                "k": k,
                "agents": agents,
                "share_covered": (agents[-1]["covered"] if agents else 0) / teams if teams else None,
            }
        )
    return {
        "schema": SCHEMA,
        "org": os.path.basename(os.path.normpath(export_dir)),
        "export": os.path.relpath(export_dir, ROOT).replace(os.sep, "/"),
        "generator": {
            "script": "tests/reference/make_measures.py",
            "python": "%d.%d.%d" % sys.version_info[:3],
            "networkx": nx.__version__,
        },
        "silo_level": org["silo_level"],
        "customer_data": customer_data(org),
        "capabilities": capabilities(org),
        "change_agents": {"teams": teams, "silos_with_teams": n_silos, "runs": runs},
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dirs", nargs="+", metavar="EXPORT_DIR")
    ap.add_argument("--out", required=True, help="directory for <dirname>.json files")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for d in a.dirs:
        if not os.path.isdir(d):
            print("skipping %s: not a directory" % d, file=sys.stderr)
            continue
        res = analyse(d)
        path = os.path.join(a.out, res["org"] + ".json")
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(res, f, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, path)
        cd = res["customer_data"]
        print(
            "%s: customer data in %d silos, %d stores; %d duplicated capabilities, %d platforms -> %s"
            % (d, cd["silo_count"], cd["store_count"], len(res["capabilities"]["duplicated"]),
               len(res["capabilities"]["platforms"]), path)
        )


if __name__ == "__main__":
    main()
