//! Word lists for names, titles and comments. Kept short: the point is a believable look and
//! a mix of ASCII and accented text, not variety.

pub(crate) const FIRST_NAMES_EN: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack", "Kara", "Liam", "Maya", "Noah",
    "Olivia", "Quinn", "Ravi", "Sara", "Tom", "Uma", "Victor", "Wen", "Yusuf", "Zoe",
];
pub(crate) const LAST_NAMES_EN: &[&str] = &[
    "Anderson", "Brown", "Chen", "Davis", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Johnson", "Kim", "Lopez",
    "Miller", "Nguyen", "Okafor", "Patel", "Rossi", "Smith", "Taylor", "Wong",
];
pub(crate) const FIRST_NAMES_FR: &[&str] = &[
    "Éloïse",
    "Chloé",
    "Léa",
    "Zoé",
    "Noémie",
    "Hélène",
    "Anaïs",
    "Mélanie",
    "Gaël",
    "Jérôme",
    "Frédéric",
    "Benoît",
    "Cédric",
    "François",
    "Loïc",
    "Raphaël",
    "Amélie",
    "Théo",
    "Inès",
    "Maël",
];
pub(crate) const LAST_NAMES_FR: &[&str] = &[
    "Côté",
    "Gagnon",
    "Bélanger",
    "Lefèvre",
    "Dubé",
    "Thériault",
    "Lévesque",
    "Bérubé",
    "Pâquet",
    "Gauthier",
    "Roy",
    "Tremblay",
    "Moreau",
    "Lambert",
    "Girard",
    "Fournier",
    "Mercier",
    "Faure",
];
pub(crate) const FIRST_NAMES_IN: &[&str] =
    &["Aarav", "Ananya", "Arjun", "Diya", "Ishaan", "Kavya", "Rohan", "Saanvi", "Vikram", "Meera"];
pub(crate) const LAST_NAMES_IN: &[&str] =
    &["Sharma", "Iyer", "Reddy", "Gupta", "Nair", "Menon", "Rao", "Das", "Bose", "Kapoor"];

/// One department per executive below the CEO; their whole reporting line inherits it.
pub(crate) const DEPARTMENTS: &[&str] = &[
    "Sales",
    "Engineering",
    "Marketing",
    "Product",
    "Customer Success",
    "Finance",
    "People",
    "Operations",
    "Data",
    "Security",
    "Legal",
    "Design",
];

pub(crate) const TASK_FORCES: &[&str] = &[
    "Pricing",
    "Onboarding",
    "Reliability",
    "Accessibility",
    "Sustainability",
    "Hiring",
    "Security champions",
    "Data quality",
];

pub(crate) const ORG_TITLES_EN: &[&str] = &[
    "Grow ARR to $40M",
    "Become the top-rated tool in our category",
    "Expand into two new markets",
    "Reach 120% net revenue retention",
    "Be the best place to work in tech",
    "Make every release boring",
];
pub(crate) const ORG_TITLES_FR: &[&str] = &[
    "Atteindre 40 M$ de revenus récurrents",
    "Devenir l'outil le mieux noté de sa catégorie",
    "Ouvrir deux nouveaux marchés",
    "Être le meilleur employeur de la tech",
];

pub(crate) const TEAM_TITLES_EN: &[&str] = &[
    "Reduce onboarding time by 30%",
    "Ship the new billing page",
    "Cut the support backlog in half",
    "Launch the partner program",
    "Raise NPS to 50",
    "Automate the monthly close",
    "Migrate CI to the new runners",
    "Hire five senior engineers",
    "Halve the P1 incident count",
    "Grow qualified pipeline by 25%",
    "Renew the top 20 accounts",
    "Roll out single sign-on",
    "Cut cloud spend by 15%",
];
pub(crate) const TEAM_TITLES_FR: &[&str] = &[
    "Réduire de 30 % le délai d'intégration",
    "Lancer le programme partenaires",
    "Diviser par deux le carnet du support",
    "Automatiser la clôture mensuelle",
    "Ouvrir le marché belge",
    "Relever le NPS à 50",
    "Réduire les coûts d'hébergement de 15 %",
];

pub(crate) const PERSONAL_TITLES_EN: &[&str] = &[
    "Get certified in negotiation",
    "Mentor two new hires",
    "Write the deployment runbook",
    "Close 12 new deals",
    "Present at the quarterly review",
    "Learn enough SQL to self-serve",
    "Clean up the CRM pipeline",
    "Run 10 customer interviews",
    "Raise test coverage to 80%",
    "Document the onboarding checklist",
];
pub(crate) const PERSONAL_TITLES_FR: &[&str] = &[
    "Obtenir la certification en négociation",
    "Accompagner deux nouvelles recrues",
    "Rédiger le guide de déploiement",
    "Conclure 12 nouvelles ventes",
    "Présenter à la revue trimestrielle",
    "Mener 10 entretiens clients",
    "Améliorer la couverture de tests à 80 %",
];

pub(crate) const SENTENCES_EN: &[&str] = &[
    "This supports the company plan for the year.",
    "Success means customers notice the difference.",
    "We will review progress every other Friday.",
    "Scope is limited to what we can ship this quarter.",
    "Dependencies on other teams are listed in the planning doc.",
    "The baseline was measured at the start of the period.",
    "Stretch goal: finish two weeks early.",
];
pub(crate) const SENTENCES_FR: &[&str] = &[
    "Cet objectif soutient le plan de l'entreprise pour l'année.",
    "La réussite se mesure à ce que perçoivent nos clients.",
    "Nous ferons le point un vendredi sur deux.",
    "Le périmètre se limite à ce que nous pouvons livrer ce trimestre.",
    "Les dépendances envers d'autres équipes sont décrites dans le document de planification.",
];

pub(crate) const COMMENTS_EN: &[&str] = &[
    "Good week, on plan.",
    "Blocked on legal review.",
    "Two deals signed.",
    "Slipped a week because of the release freeze.",
    "Back on track after the sprint review.",
    "Waiting on the data team.",
    "Halfway there.",
    "Scope reduced, see the planning doc.",
];
pub(crate) const COMMENTS_FR: &[&str] = &[
    "Bonne semaine, dans les temps.",
    "En attente de la revue juridique.",
    "Deux contrats signés.",
    "Une semaine de retard à cause du gel des versions.",
    "De nouveau sur la bonne voie.",
    "À mi-chemin.",
];

/// Measurement names by kind, in English then French.
pub(crate) const PERCENT_NAMES: &[(&str, &str)] = &[
    ("Test coverage", "Couverture de tests"),
    ("Tickets answered within SLA", "Tickets traités dans les délais"),
    ("Adoption rate", "Taux d'adoption"),
];
pub(crate) const COUNT_UP_NAMES: &[(&str, &str)] = &[
    ("Customer interviews", "Entretiens clients"),
    ("Deals closed", "Ventes conclues"),
    ("Articles published", "Articles publiés"),
];
/// Numeric measurements where lower is better, so `target < start`.
pub(crate) const COUNT_DOWN_NAMES: &[(&str, &str)] =
    &[("P1 incidents per month", "Incidents P1 par mois"), ("Days to onboard", "Jours d'intégration")];
pub(crate) const CURRENCY_NAMES: &[(&str, &str)] = &[
    ("New ARR", "Nouveaux revenus récurrents"),
    ("Expansion revenue", "Revenus d'expansion"),
    ("Cost savings", "Économies réalisées"),
];
pub(crate) const YES_NO_NAMES: &[(&str, &str)] = &[
    ("Pricing page shipped", "Page de tarifs en ligne"),
    ("Policy signed off", "Politique approuvée"),
    ("Vendor selected", "Fournisseur choisi"),
];
