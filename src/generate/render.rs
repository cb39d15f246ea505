//! The five CSV files of a blueprint, as bytes (the columns of docs/input-format.md). Numbers are
//! written with `write!` into one buffer per file; `handoffs.csv` in parallel chunks concatenated
//! in order, so the bytes never depend on the thread count.

use std::io::Write;

use rayon::prelude::*;

use super::blueprint::{Blueprint, CUSTOMER, NONE};
use super::words::{CHANNELS, DEP_KINDS, NOUNS, VERBS};

/// Decimal digits of `x` (the width of zero-padded ids).
pub(super) fn digits(mut x: usize) -> usize {
    let mut d = 1;
    while x >= 10 {
        x /= 10;
        d += 1;
    }
    d
}

/// Writes tenths of an hour as a decimal ("12.3"), or nothing for `NONE`.
fn push_tenths(buf: &mut Vec<u8>, tenths: u32) {
    if tenths != NONE {
        let _ = write!(buf, "{}.{}", tenths / 10, tenths % 10);
    }
}

/// The bytes of `teams.csv`, header included.
pub(super) fn render_teams(plan: &Blueprint) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plan.units.len() * 64);
    buf.extend_from_slice(b"id,name,parent,kind,customer_facing,headcount\n");
    for u in &plan.units {
        let parent = if u.parent == NONE {
            ""
        } else {
            plan.units[u.parent as usize].id.as_str()
        };
        let _ = write!(
            buf,
            "{},{},{},{},{},",
            u.id,
            u.name,
            parent,
            u.kind.as_str(),
            u.customer_facing
        );
        if u.headcount > 0 {
            let _ = write!(buf, "{}", u.headcount);
        }
        buf.push(b'\n');
    }
    buf
}

fn team_id(plan: &Blueprint, t: u32) -> &str {
    &plan.units[plan.teams[t as usize].unit as usize].id
}

fn push_system_id(buf: &mut Vec<u8>, width: usize, s: u32) {
    let _ = write!(buf, "s{:0width$}", s + 1);
}

/// The bytes of `systems.csv`, header included.
pub(super) fn render_systems(plan: &Blueprint) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plan.systems.len() * 64);
    buf.extend_from_slice(b"id,name,owner,customer_facing,holds_customer_data\n");
    for (i, s) in plan.systems.iter().enumerate() {
        push_system_id(&mut buf, plan.id_width_system, i as u32);
        let _ = write!(buf, ",{},", s.name);
        if s.owner != NONE {
            buf.extend_from_slice(team_id(plan, s.owner).as_bytes());
            if s.second_owner != NONE {
                buf.push(b';');
                buf.extend_from_slice(team_id(plan, s.second_owner).as_bytes());
            }
        }
        let _ = writeln!(buf, ",{},{}", s.customer_facing, s.customer_data);
    }
    buf
}

/// The bytes of `dependencies.csv`, header included.
pub(super) fn render_dependencies(plan: &Blueprint) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plan.deps.len() * 24);
    buf.extend_from_slice(b"from,to,kind\n");
    for &(from, to, kind) in &plan.deps {
        push_system_id(&mut buf, plan.id_width_system, from);
        buf.push(b',');
        push_system_id(&mut buf, plan.id_width_system, to);
        let _ = writeln!(buf, ",{}", DEP_KINDS[kind as usize]);
    }
    buf
}

/// The bytes of `handoffs.csv`, header included.
pub(super) fn render_handoffs(plan: &Blueprint) -> Vec<u8> {
    // The biggest file: formatted in parallel chunks, concatenated in order.
    const CHUNK: usize = 1 << 16;
    let chunks: Vec<Vec<u8>> = plan
        .handoffs
        .par_chunks(CHUNK)
        .map(|rows| {
            let mut buf = Vec::with_capacity(rows.len() * 48);
            for h in rows {
                let from = if h.from == CUSTOMER {
                    "customer"
                } else {
                    team_id(plan, h.from)
                };
                let to = if h.to == CUSTOMER {
                    "customer"
                } else {
                    team_id(plan, h.to)
                };
                let _ = write!(buf, "{from},{to},{},", h.volume);
                push_tenths(&mut buf, h.wait);
                buf.push(b',');
                buf.extend_from_slice(CHANNELS[h.channel as usize].as_bytes());
                buf.push(b'\n');
            }
            buf
        })
        .collect();
    let header = b"from,to,volume,wait_hours,channel\n";
    let mut buf = Vec::with_capacity(header.len() + chunks.iter().map(Vec::len).sum::<usize>());
    buf.extend_from_slice(header);
    for c in chunks {
        buf.extend_from_slice(&c);
    }
    buf
}

/// The bytes of `journeys.csv`, header included.
pub(super) fn render_journeys(plan: &Blueprint) -> Vec<u8> {
    let mut buf = Vec::with_capacity(plan.steps.len() * 64);
    buf.extend_from_slice(b"journey,step,team,activity,system,wait_hours,volume\n");
    let w = plan.id_width_journey;
    for s in &plan.steps {
        let _ = write!(
            buf,
            "j{:0w$},{},{},{} {},",
            s.journey + 1,
            s.step,
            team_id(plan, s.team),
            VERBS[s.verb as usize],
            NOUNS[s.noun as usize]
        );
        if s.system != NONE {
            push_system_id(&mut buf, plan.id_width_system, s.system);
        }
        buf.push(b',');
        push_tenths(&mut buf, s.wait);
        let _ = writeln!(buf, ",{}", plan.journey_volumes[s.journey as usize]);
    }
    buf
}
