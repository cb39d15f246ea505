//! Builds an export in memory, analyses it and reads a few metrics: the library without the
//! command line (see ../../README.md, "As a library").

use seams::{AnalysisOptions, ExportFiles, ModelOptions};

fn main() -> Result<(), seams::SeamsError> {
    // A retailer in miniature: two divisions, a customer who calls the contact centre, and one
    // online order journey that crosses from the web shop to the warehouse and back.
    let files = ExportFiles::memory(
        "northwind-mini",
        [
            (
                "teams.csv",
                "id,parent,name,customer_facing\n\
                 northwind,,Northwind,\n\
                 digital,northwind,Digital,\n\
                 stores,northwind,Stores,\n\
                 web-shop,digital,Web Shop,true\n\
                 web-platform,digital,Web Platform,false\n\
                 contact-centre,stores,Contact Centre,true\n\
                 warehouse,stores,Warehouse,false\n",
            ),
            (
                "handoffs.csv",
                "from,to,volume,wait_hours\n\
                 customer,web-shop,900,0.1\n\
                 web-shop,web-platform,300,2\n\
                 web-platform,web-shop,120,4\n\
                 web-shop,warehouse,600,12\n\
                 customer,contact-centre,200,0.5\n\
                 contact-centre,warehouse,80,24\n",
            ),
            (
                "journeys.csv",
                "journey,step,team,activity\n\
                 online-order,1,web-shop,Order placed\n\
                 online-order,2,warehouse,Picked and shipped\n\
                 online-order,3,contact-centre,Customer chases the parcel\n",
            ),
        ],
    );
    let (org, warnings) = seams::load_from(&files, &ModelOptions::default())?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let a = seams::analyze(&org, &AnalysisOptions::default())?;

    let ei = a.silo.org_ei_index.expect("the org has handoffs");
    println!("org-wide E-I index: {ei:.3}");
    let journey = &a.seams.journeys[0];
    println!(
        "online-order: {} steps, {} seams, {} between silos",
        journey.steps, journey.seams, journey.cross_silo_seams
    );
    let top = &a.bottleneck.ranking[0];
    println!(
        "top bottleneck: {} (betweenness {:.3})",
        org.node_id(top.node),
        top.betweenness
    );

    // The figures the story implies: between units (customer handoffs do not count), 600 units
    // of volume cross the Digital/Stores boundary (web shop → warehouse) against 500 inside
    // (420 within Digital, 80 within Stores): E-I = (600 − 500) / 1100. The journey has two
    // seams, and only web shop → warehouse crosses between silos.
    assert!((ei - 100.0 / 1100.0).abs() < 1e-12, "E-I {ei}");
    assert_eq!((journey.seams, journey.cross_silo_seams), (2, 1));
    Ok(())
}
