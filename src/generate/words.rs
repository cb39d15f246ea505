//! The word lists generated names are made of: division profiles and their department themes,
//! group areas, department suffixes, hub and system names, journey activities, handoff channels
//! and dependency kinds (the "Names come from small word lists" of the module doc).

/// A division's name and the themes its departments are named after.
pub(super) struct Profile {
    pub(super) name: &'static str,
    pub(super) themes: &'static [&'static str],
}

/// Front divisions: where most customer-facing teams are.
pub(super) const FRONT: &[Profile] = &[
    Profile {
        name: "Stores",
        themes: &[
            "Checkout",
            "Store",
            "Click and Collect",
            "Fresh Food",
            "Store Service",
            "Pharmacy",
        ],
    },
    Profile {
        name: "Sales",
        themes: &[
            "Accounts",
            "Quotes",
            "Key Accounts",
            "Inside Sales",
            "Partners",
            "Renewals",
        ],
    },
    Profile {
        name: "Customer Service",
        themes: &[
            "Contact Centre",
            "Complaints",
            "Returns",
            "Claims",
            "Aftercare",
            "Live Chat",
        ],
    },
    Profile {
        name: "Online",
        themes: &[
            "Web Shop",
            "Mobile App",
            "Search",
            "Basket",
            "Personalisation",
            "Content",
        ],
    },
];

/// The shared-services division (home of half of the hubs).
pub(super) const TECH: Profile = Profile {
    name: "Technology",
    themes: &[
        "Cloud",
        "Identity",
        "Data",
        "Integration",
        "Security",
        "Developer Experience",
        "Networks",
    ],
};

/// The other divisions.
pub(super) const BACK: &[Profile] = &[
    Profile {
        name: "Operations",
        themes: &[
            "Fulfilment",
            "Scheduling",
            "Quality",
            "Field Service",
            "Facilities",
            "Planning",
        ],
    },
    Profile {
        name: "Finance",
        themes: &[
            "Billing",
            "Payments",
            "Accounting",
            "Treasury",
            "Collections",
            "Tax",
        ],
    },
    Profile {
        name: "Supply Chain",
        themes: &[
            "Inventory",
            "Procurement",
            "Transport",
            "Warehousing",
            "Demand Planning",
            "Suppliers",
        ],
    },
    Profile {
        name: "People",
        themes: &[
            "Payroll",
            "Recruiting",
            "Learning",
            "Benefits",
            "HR Services",
            "Workplace",
        ],
    },
    Profile {
        name: "Marketing",
        themes: &[
            "Campaigns",
            "Brand",
            "Loyalty",
            "Pricing",
            "Insights",
            "Promotions",
        ],
    },
    Profile {
        name: "Risk",
        themes: &[
            "Fraud",
            "Compliance",
            "Credit",
            "Audit",
            "Privacy",
            "Controls",
        ],
    },
    Profile {
        name: "Legal",
        themes: &[
            "Contracts",
            "Regulatory",
            "Litigation",
            "Licensing",
            "Policy",
        ],
    },
    Profile {
        name: "Product",
        themes: &[
            "Catalogue",
            "Product Data",
            "Assortment",
            "Design",
            "Research",
            "Offers",
        ],
    },
];

/// Second word of a group name ("Stores North"); 12 entries, one per possible sibling.
pub(super) const AREAS: &[&str] = &[
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Online",
    "Enterprise",
    "Consumer",
    "International",
    "Core",
    "Growth",
    "Partners",
];

/// Second word of a department name ("Checkout Operations").
pub(super) const DEPT_SUFFIXES: &[&str] = &[
    "Operations",
    "Management",
    "Services",
    "Engineering",
    "Support",
    "Office",
    "Delivery",
    "Solutions",
];

/// Names of hub teams ("Service Desk 3").
pub(super) const HUB_NAMES: &[&str] = &[
    "Service Desk",
    "Identity",
    "Data Platform",
    "Integration",
    "Cloud Platform",
    "Security Operations",
    "Payments Platform",
    "Customer Data",
    "HR Shared Services",
    "Finance Shared Services",
    "Procurement Desk",
    "Billing Platform",
];

/// Words naming a stream-aligned team ("Checkout Squad 3").
pub(super) const STREAM_WORDS: &[&str] = &["Squad", "Stream", "Crew"];

/// Last word of a system name ("Checkout Service").
pub(super) const SYSTEM_SUFFIXES: &[&str] = &[
    "Service",
    "Portal",
    "Engine",
    "Database",
    "API",
    "App",
    "Gateway",
    "Ledger",
    "Scheduler",
    "Hub",
];

/// Journey activity verbs and nouns ("Verify identity").
pub(super) const VERBS: &[&str] = &[
    "Verify", "Check", "Approve", "Review", "Update", "Create", "Schedule", "Ship", "Register",
    "Assess", "Confirm", "Resolve", "Escalate", "Record", "Quote", "Invoice", "Refund", "Validate",
];
pub(super) const NOUNS: &[&str] = &[
    "identity",
    "stock",
    "order",
    "payment",
    "address",
    "contract",
    "claim",
    "request",
    "account",
    "delivery",
    "invoice",
    "complaint",
    "eligibility",
    "credit limit",
    "appointment",
    "return",
];

/// `handoffs.csv` channels, indexed by `PlannedHandoff::channel`.
pub(super) const CHANNELS: [&str; 5] = ["ticket", "email", "chat", "meeting", "api"];
/// `dependencies.csv` kinds, indexed by the third field of `Blueprint::deps`.
pub(super) const DEP_KINDS: [&str; 3] = ["api", "db", "event"];
