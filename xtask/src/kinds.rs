//! Kinds of workload a record funds, each with its program, services and
//! sentence templates, and the composer of use-case paragraphs.

use crate::rng::Rng;
use crate::vocab::{self, svc, Svc, Vertical};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KindId {
    Platform,
    Pipeline,
    Soc2,
    Media,
    BedrockPoc,
    GenAi,
    Migration,
}

pub struct Kind {
    pub id: KindId,
    pub program: &'static str,
    pub use_case: &'static str,
    pub titles: &'static [&'static str],
    pub names: &'static [&'static str],
    pub objectives: &'static [&'static str],
    pub teams: &'static [&'static str],
    pub problems: &'static [&'static str],
    /// Sentences every use case of this kind carries (after the problems).
    pub musts: &'static [&'static str],
    pub outcomes: &'static [&'static str],
    pub scope: &'static [&'static str],
}

pub const INTROS: &[&str] = &[
    "{company} sells {product} to {n_cust} {customers} in {region}.",
    "{company} builds {product}; {n_users} {unit} at {n_cust} {customers} use it every working day.",
    "Founded in {year}, {company} makes {product} and serves {n_cust} {customers} across {region}.",
    "{company} is a {stage_lower} company behind {product}, used by {n_cust} {customers}.",
    "{company} provides {product}. It has {n_cust} paying {customers}, most of them in {region}.",
    "Since {year} {company} has grown {product} to {n_cust} {customers} and about {n_users} active {unit}.",
    "{company}'s product is {product}, sold by subscription to {n_cust} {customers}.",
    "{company} ({n_eng} engineers) sells {product} to {customers} in {region}.",
];

pub const FILLERS: &[&str] = &[
    "The {team_lower} owns the work end to end and reports progress to the CTO every two weeks.",
    "{customers_cap} in {region} have asked for this in {n_small} of the last {n_small2} quarterly reviews.",
    "The partner has done the same kind of review for similar companies and brings a reference design and a cost model.",
    "Nothing in this plan depends on hiring; the existing team delivers it alongside the product roadmap.",
    "Spend figures come from the AWS Pricing Calculator estimate the partner built with the team.",
    "The estimate assumes {pct}% growth in {data} over the next year, in line with the last two years.",
    "Staging mirrors production at a fraction of the size so that every change is tested before release.",
    "All infrastructure is defined in Terraform and deployed from the main branch through a reviewed release process.",
    "Data stays in one AWS Region chosen for the customers' residency requirements.",
    "Each environment lives in its own AWS account under one organization, with guardrails set by the partner.",
    "The {unit} notice slow pages first, and support tickets about timeouts rose {pct}% this year.",
    "The finance team wants the monthly bill to scale with revenue rather than jump with each large customer.",
    "A weekly call with the partner tracks the milestones and the spend against the estimate.",
    "The work is split into {n_small} milestones, each with a demo to the {customers} on the design-partner list.",
    "Two engineers from the {team_lower} pair with the partner's architect for the first {n_small} weeks.",
    "The largest {n_small} {customers} have agreed to test each milestone in a sandbox before it ships.",
];

pub const SOURCES: &[(&str, &str)] = &[
    ("Google Cloud", "Google Cloud"),
    ("Microsoft Azure", "Microsoft Azure"),
    ("Heroku", "Heroku"),
    ("On-premises VMware", "an on-premises VMware cluster"),
    ("DigitalOcean", "DigitalOcean"),
    ("Colocation", "a colocation data centre"),
];

pub const KINDS: &[Kind] = &[
    Kind {
        id: KindId::Platform,
        program: "Activate Portfolio",
        use_case: "Containers & Serverless",
        titles: &[
            "Core platform on {svc0} and {svc1}",
            "Multi-tenant {comp} platform on AWS",
            "Core product platform for {product}",
            "Scaling the {comp} and core services",
        ],
        names: &["Core platform", "Core multi-tenant platform", "Production platform", "Customer-facing application"],
        objectives: &[
            "serve the multi-tenant application at {x} times today's load",
            "run the core product with zero-downtime releases",
            "keep p95 latency under {ms} ms as the number of tenants grows",
        ],
        teams: vocab::TEAMS,
        problems: &[
            "Today the product runs on {legacy}, and it no longer keeps up: peak traffic doubled in {months} months and every release waits for a maintenance window.",
            "Usage grew {pct}% over the last {months} months, and the {comp} now times out during the Monday-morning peak.",
            "The engineers spend about {n_small} days a month on patching and capacity work instead of product work.",
            "{customers_cap} in {region} now ask for data residency and a documented recovery plan before they sign.",
            "Month-end exports of {data} take {hours} hours and slow the {comp} while they run.",
            "A single shared database holds all {data}, and one large account's reports slow everyone else down.",
            "The largest {customers} send {x} times more {events} than a year ago, and queues back up at peak.",
        ],
        musts: &[],
        outcomes: &[
            "The target is p95 API latency under {ms} ms at {x} times today's load, with zero-downtime deploys several times a day.",
            "By {quarter} every tenant runs on the new platform and the old servers are switched off.",
            "The partner's review sizes the database cluster and sets budgets and alarms before go-live.",
            "Success means onboarding {n_small} new {customers} a month without adding operations headcount.",
            "The recovery objective is under {n_small} minutes of data loss and under an hour of downtime for a full zone failure.",
        ],
        scope: &[
            "Well-Architected review of the platform, database sizing, cost guardrails with budgets and anomaly alerts, and a runbook for zone failover.",
            "Landing zone with separate accounts per environment, infrastructure as code for every service, and a load test at {x} times today's peak before cutover.",
            "Architecture design, migration of the {comp} and {comp2}, observability dashboards, and a cost review three months after go-live.",
        ],
    },
    Kind {
        id: KindId::Pipeline,
        program: "Build for Startups",
        use_case: "Big Data: Data Warehouse/Data Integration/ETL/Data Lake/BI",
        titles: &[
            "Usage analytics pipeline",
            "Event data lake for product analytics",
            "Telemetry analytics pipeline",
            "Customer-facing reporting pipeline",
        ],
        names: &["Usage analytics pipeline", "Event data lake", "Telemetry analytics pipeline", "Reporting pipeline"],
        objectives: &[
            "give customers usage reports built from raw {events}",
            "answer product questions from {events} within minutes",
            "move analytics off the production database",
        ],
        teams: vocab::DATA_TEAMS,
        problems: &[
            "{customers_cap} want usage analytics inside the product, and today the analysts export {data} by hand into spreadsheets every week.",
            "The production database cannot take analytical queries: a single report over a year of {data} runs for {n_small} minutes.",
            "Product managers wait days for answers about how {unit} use the product because the data sits in {n_small} separate systems.",
            "About {n_big} {events} a day are thrown away today because nothing stores them past {n_small} days.",
            "Sales cannot show {customers} how their {unit} use the product, which hurts renewals.",
            "Finance needs revenue by cohort and the numbers today come from {n_small} different exports.",
        ],
        musts: &[],
        outcomes: &[
            "Dashboards refresh within {n_small} minutes of the underlying {events}.",
            "The analytics team answers product questions the same day instead of the same week.",
            "The pipeline is a separate project from the product itself, with its own owner and budget.",
            "By {quarter} customers see usage reports in the product, built from the new data lake.",
            "Analysts stop exporting {data} by hand and spend the time on the questions themselves.",
        ],
        scope: &[
            "Data model and partitioning design, the ingestion and transformation jobs, cost controls on query scans, and a handover workshop for the data team.",
            "Pipeline architecture, schema evolution rules, data-quality checks with alerting, and two dashboards built with the analysts.",
        ],
    },
    Kind {
        id: KindId::Soc2,
        program: "Build for Startups",
        use_case: "Security & Compliance",
        titles: &["SOC 2 Type II control programme", "Security controls for SOC 2", "SOC 2 evidence automation"],
        names: &["SOC 2 control programme", "SOC 2 Type II readiness", "Compliance automation"],
        objectives: &[
            "pass a SOC 2 Type II audit with automated evidence",
            "close the security gaps enterprise buyers flagged",
        ],
        teams: vocab::SECURITY_TEAMS,
        problems: &[
            "Enterprise prospects now require a SOC 2 Type II report, and {n_small} deals worth about ${n_k}K in annual revenue are waiting on it.",
            "Audit evidence is collected by hand today: screenshots and spreadsheets that take the team {n_small} weeks each quarter.",
            "A recent customer security questionnaire found gaps in logging, key management and retention.",
            "The largest {customers} send a security questionnaire with every renewal, and answering one takes the {team_lower} about {n_small} days.",
            "Access to {data} is granted by hand and nobody can say who could read what last quarter.",
            "An insurer now asks for proof of encryption, retention and incident response before it renews the cyber policy.",
            "{customers_cap} in {region} ask where {data} are stored and who can reach them.",
        ],
        musts: &[],
        outcomes: &[
            "The auditors start the observation window in {quarter}, and every control has automated evidence by then.",
            "The control work is a separate project owned by security engineering, distinct from the product platform.",
            "Evidence for each control is exported automatically each month for the auditor.",
            "Security questionnaires are answered from a maintained evidence library in under a day.",
            "Every production change is traceable to a reviewed ticket before the audit starts.",
        ],
        scope: &[
            "Control mapping against the SOC 2 criteria, guardrails in every account, evidence exports, and an audit-readiness review before the observation window.",
            "Gap assessment, remediation of the findings, a security runbook, and quarterly access reviews set up with the security team.",
        ],
    },
    Kind {
        id: KindId::Media,
        program: "Build for Startups",
        use_case: "AI Machine Learning and Analytics",
        titles: &["Automated {docs} processing pipeline", "Media processing pipeline", "Upload processing pipeline"],
        names: &["Document processing pipeline", "Media processing pipeline", "Upload processing pipeline"],
        objectives: &[
            "process uploaded {docs} within minutes instead of overnight",
            "cut manual review of uploads by {pct2}%",
        ],
        teams: vocab::MEDIA_TEAMS,
        problems: &[
            "{customers_cap} upload about {n_big} {docs} a month, and the team reviews them by hand before they are usable.",
            "Processing a day's uploads on the current servers takes {hours} hours, so results arrive the next morning.",
            "Reviewers spend most of their time on routine items that a model could sort.",
            "{customers_cap} complain that {docs} uploaded on Friday are not searchable until Monday.",
            "Each {docs} item is opened by a person who copies {n_small} fields into the {comp}.",
            "Peak season brings {x} times the usual volume of {docs}, and the backlog takes weeks to clear.",
        ],
        musts: &[],
        outcomes: &[
            "Processed results are ready within {n_small} minutes of upload.",
            "Manual review falls to the {pct2}% of items the models are unsure about.",
            "The pipeline is a distinct project with its own owner, budget and milestones.",
            "The {unit} see extracted data next to each upload instead of waiting for a person.",
            "By {quarter} the backlog of unprocessed {docs} is gone.",
        ],
        scope: &[
            "Pipeline design, job sizing on Spot capacity, a review queue for low-confidence results, and cost tracking per processed item.",
        ],
    },
    Kind {
        id: KindId::BedrockPoc,
        program: "Bedrock POC",
        use_case: "AI Machine Learning and Analytics",
        titles: &[
            "Support assistant proof of concept on Amazon Bedrock",
            "Document question answering proof of concept",
            "Call summary assistant proof of concept",
            "Semantic search proof of concept for {docs}",
        ],
        names: &["In-app support assistant POC", "Document Q&A POC", "Call summary assistant POC", "Semantic search POC"],
        objectives: &[
            "deflect {pct2}% of how-to support tickets with cited answers",
            "halve the time spent reading {docs}",
            "draft call summaries that account managers accept without edits",
        ],
        teams: vocab::AI_TEAMS,
        problems: &[
            "Support staff at {company}'s customers open about {n_tickets} tickets a month, mostly how-to questions about {data} and {docs}.",
            "Analysts spend hours reading {docs} to answer the same questions from {customers}.",
            "Account managers write a summary of every call with {customers} by hand, about {n_small} hours a week each.",
            "{customers_cap} search {n_docs} {docs} with keyword search that misses most paraphrased questions.",
            "New hires at {customers} take weeks to learn where answers about {data} live.",
            "The {team_lower} answers the same {n_small} questions about {docs} dozens of times a week.",
        ],
        musts: &[
            "The {team_lower} will run a {poc_days}-day proof of concept covering {n_small} pilot {customers}.",
            "Every week {sample} sampled answers are graded by two reviewers against a held-out set, and the POC passes if it resolves {pct2}% of questions with groundedness above 0.9.",
        ],
        outcomes: &[
            "If the POC passes, the assistant rolls out to every customer in {quarter}.",
            "The go/no-go decision is made at day {poc_days} on the weekly scorecard.",
            "The result decides whether the feature ships to all {n_cust} {customers}.",
            "Cost per answer is tracked weekly against a ceiling agreed with finance.",
        ],
        scope: &[
            "POC architecture and retrieval design, the evaluation harness and weekly scorecard, cost guardrails with prompt caching, and a go/no-go readout at the end of the POC.",
        ],
    },
    Kind {
        id: KindId::GenAi,
        program: "GenAI Tier",
        use_case: "AI Machine Learning and Analytics",
        titles: &["AI-native {comp} on Amazon Bedrock", "Agentic workflow platform", "Generative AI product core"],
        names: &["AI workflow engine", "Agent platform", "Generative AI core"],
        objectives: &[
            "run every {data} record through the model chain within {n_small} seconds",
            "serve {n_users} {unit} with agent workflows at a stable cost per task",
        ],
        teams: vocab::AI_TEAMS,
        problems: &[
            "The product is AI-first: each of the {data} passes through a chain of model calls for extraction, classification and drafting.",
            "Inference volume grew {x} times since launch, and the current setup cannot keep cost per task stable.",
            "{customers_cap} now run {n_big} agent tasks a month, and each task reads long shared context.",
            "Latency matters: {unit} wait for the model while working on {data}.",
            "Each of the {n_cust} {customers} brings its own {docs}, so retrieval must stay tenant-isolated.",
        ],
        musts: &[],
        outcomes: &[
            "Token volume is projected month by month for the next year, with prompt caching on the shared context.",
            "By {quarter} all production inference runs on AWS, with the cost per task tracked per customer.",
            "The model mix is reviewed monthly to move traffic to cheaper models where quality allows.",
        ],
        scope: &[
            "Model selection and routing, the evaluation harness, prompt caching and batch inference design, and a cost model per task reviewed monthly.",
        ],
    },
    Kind {
        id: KindId::Migration,
        program: "MAP",
        use_case: "Migration/Database Migration",
        titles: &["Migration from {source_short} to AWS", "Production migration to AWS", "Platform migration off {source_short}"],
        names: &["Platform migration", "Production migration", "Data centre exit"],
        objectives: &[
            "move the production platform from {source_short} to AWS without downtime",
            "exit {source_short} before the contract renews",
        ],
        teams: vocab::TEAMS,
        problems: &[
            "{company} has run on {source} since {year}; the contract renews in {quarter} and costs have risen {pct}% in two years.",
            "The current environment on {source} has no infrastructure as code, and every change is made by hand.",
            "Capacity on {source} is fixed, so the {comp} is slow every month-end.",
            "The team that built the original setup on {source} has left, and nobody wants to touch it.",
            "{customers_cap} in {region} require a documented recovery plan that the current setup on {source} cannot meet.",
        ],
        musts: &[],
        outcomes: &[
            "Cutover is planned for {quarter} with a two-week parallel run.",
            "The migration finishes with the old environment shut down and its costs gone.",
            "After cutover the {team_lower} moves the {comp} to managed services in a second phase.",
        ],
        scope: &[
            "Migration readiness assessment, wave planning, landing zone, replication and cutover runbooks, and hypercare for four weeks after cutover.",
        ],
    },
];

pub fn kind(id: KindId) -> &'static Kind {
    KINDS.iter().find(|k| k.id == id).expect("kind exists")
}

/// Picks the services a record of this kind funds, avoiding `avoid` (keys
/// the customer's other records already fund, beyond S3 and CloudWatch).
/// Servers, containers and databases run in a VPC, whose NAT gateways a
/// clean projection itemizes (acelint's `missing-network-spend`).
fn needs_vpc(keys: &mut Vec<&'static str>) {
    const IN_VPC: &[&str] = &["ecs", "eks", "ec2", "aurora_pg", "aurora_my", "rds_pg", "elasticache"];
    if keys.iter().any(|k| IN_VPC.contains(k)) && !keys.contains(&"vpc") {
        keys.push("vpc");
    }
}

pub fn services(id: KindId, rng: &mut Rng, avoid: &[&str]) -> Vec<&'static Svc> {
    let ok = |k: &&str| !avoid.contains(k) || *k == "s3" || *k == "cloudwatch";
    let pick_one = |rng: &mut Rng, xs: &[&'static str]| -> Option<&'static str> {
        let c: Vec<&str> = xs.iter().copied().filter(ok).collect();
        (!c.is_empty()).then(|| *rng.pick(&c))
    };
    let mut keys: Vec<&'static str> = Vec::new();
    let some = |rng: &mut Rng, keys: &mut Vec<&'static str>, xs: &[&'static str], lo: usize, hi: usize| {
        let c: Vec<&'static str> = xs.iter().copied().filter(|k| ok(k) && !keys.contains(k)).collect();
        let n = (lo + rng.below(hi - lo + 1)).min(c.len());
        keys.extend(rng.sample(&c, n));
    };
    match id {
        KindId::Platform => {
            keys.extend(pick_one(rng, &["ecs", "ecs", "eks", "ec2", "lambda"]));
            keys.extend(pick_one(rng, &["aurora_pg", "aurora_pg", "aurora_my", "rds_pg", "dynamodb"]));
            keys.push("cloudwatch");
            some(rng, &mut keys, &["s3", "vpc", "elb", "cloudfront"], 2, 4);
            some(rng, &mut keys, &["elasticache", "cognito", "sqs", "route53", "waf", "secretsmanager", "ecr"], 1, 3);
            if keys.contains(&"lambda") && !keys.contains(&"apigateway") {
                keys.push("apigateway");
            }
            needs_vpc(&mut keys);
        }
        KindId::Pipeline => {
            keys.extend(pick_one(rng, &["kinesis", "kinesis", "msk", "firehose"]));
            keys.push("glue");
            keys.extend(pick_one(rng, &["athena", "athena", "redshift", "emr"]));
            keys.push("s3");
            some(rng, &mut keys, &["quicksight", "stepfunctions"], 0, 2);
        }
        KindId::Soc2 => {
            some(
                rng,
                &mut keys,
                &["cloudtrail", "config", "guardduty", "kms", "backup", "securityhub", "inspector"],
                6,
                7,
            );
            some(rng, &mut keys, &["macie", "waf"], 0, 1);
        }
        KindId::Media => {
            keys.extend(pick_one(rng, &["batch", "batch", "lambda"]));
            some(rng, &mut keys, &["rekognition", "textract", "transcribe", "comprehend"], 1, 2);
            some(rng, &mut keys, &["stepfunctions", "sqs", "s3"], 2, 3);
        }
        KindId::BedrockPoc => {
            keys.push("bedrock");
            if rng.chance(0.85) {
                keys.push("opensearch");
            }
            keys.push("lambda");
            keys.push("s3");
            some(rng, &mut keys, &["apigateway", "cloudwatch"], 0, 1);
        }
        KindId::GenAi => {
            keys.push("bedrock");
            some(rng, &mut keys, &["opensearch", "agentcore", "sagemaker"], 1, 3);
            keys.extend(pick_one(rng, &["ecs", "eks", "lambda"]));
            keys.extend(pick_one(rng, &["dynamodb", "aurora_pg"]));
            keys.push("cloudwatch");
            keys.push("s3");
        }
        KindId::Migration => {
            keys.extend(pick_one(rng, &["mgn", "mgn", "dms"]));
            if rng.chance(0.6) && !keys.contains(&"dms") {
                keys.push("dms");
            }
            keys.extend(pick_one(rng, &["ec2", "ec2", "eks"]));
            keys.extend(pick_one(rng, &["rds_pg", "aurora_my", "aurora_pg"]));
            keys.push("cloudwatch");
            some(rng, &mut keys, &["s3", "vpc", "elb", "datasync"], 2, 4);
            needs_vpc(&mut keys);
        }
    }
    let mut seen = Vec::new();
    keys.retain(|k| {
        let fresh = !seen.contains(k);
        seen.push(*k);
        fresh
    });
    keys.into_iter().map(svc).collect()
}

/// Everything a template may refer to.
pub struct Ctx<'a> {
    pub company: &'a str,
    pub v: &'a Vertical,
    pub team: &'a str,
    pub region: &'a str,
    pub stage: &'a str,
    pub source: (&'a str, &'a str),
    pub model: &'a str,
    pub n_eng: i64,
    pub poc_days: i64,
    pub sample: i64,
    pub quarter: &'a str,
    pub comps: [&'a str; 3],
    /// The name each service goes by in this record.
    pub names: Vec<&'static str>,
}

pub fn thousands(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl Ctx<'_> {
    fn slot(&self, name: &str, rng: &mut Rng, svc_name: &str) -> String {
        let round = |n: i64, to: i64| (n / to).max(1) * to;
        match name {
            "svc" => svc_name.to_string(),
            "svc0" => self.names.first().copied().unwrap_or("AWS").to_string(),
            "svc1" => self.names.get(1).copied().unwrap_or("AWS").to_string(),
            "company" => self.company.to_string(),
            "product" => self.v.product.to_string(),
            "customers" => self.v.customers.to_string(),
            "customers_cap" => cap(self.v.customers),
            "data" => self.v.data.to_string(),
            "docs" => self.v.docs.to_string(),
            "events" => self.v.events.to_string(),
            "unit" => self.v.unit.to_string(),
            "team_lower" => self.team.to_lowercase(),
            "region" => self.region.to_string(),
            "stage_lower" => self.stage.to_lowercase(),
            "source" => self.source.1.to_string(),
            "source_short" => self.source.0.to_string(),
            "model" => self.model.to_string(),
            "legacy" => rng.pick(vocab::LEGACY).to_string(),
            "quarter" => self.quarter.to_string(),
            "comp" => self.comps[0].to_string(),
            "comp2" => self.comps[1].to_string(),
            "comp3" => self.comps[2].to_string(),
            "n_eng" => self.n_eng.to_string(),
            "poc_days" => self.poc_days.to_string(),
            "sample" => self.sample.to_string(),
            "n_cust" => thousands(round(rng.range(40, 4000), 10)),
            "n_users" => thousands(round(rng.range(500, 250_000), 100)),
            "n_big" => thousands(round(rng.range(20_000, 40_000_000), 1000)),
            "n_docs" => thousands(round(rng.range(800, 60_000), 100)),
            "n_tickets" => thousands(round(rng.range(1500, 40_000), 100)),
            "n_k" => (rng.range(8, 90) * 10).to_string(),
            "n_small" => rng.range(3, 12).to_string(),
            "n_small2" => rng.range(12, 20).to_string(),
            "pct" => (rng.range(4, 60) * 5).to_string(),
            "pct2" => (rng.range(5, 12) * 5).to_string(),
            "months" => rng.range(6, 18).to_string(),
            "ms" => (rng.range(6, 16) * 25).to_string(),
            "x" => rng.range(2, 5).to_string(),
            "hours" => rng.range(2, 9).to_string(),
            "year" => rng.range(2012, 2023).to_string(),
            other => panic!("unknown template slot {other}"),
        }
    }

    /// The template with its slots filled.
    pub fn fill(&self, template: &str, rng: &mut Rng, svc_name: &str) -> String {
        let mut out = String::with_capacity(template.len() + 64);
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('}').expect("closed slot") + i;
            out.push_str(&self.slot(&rest[i + 1..end], rng, svc_name));
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

fn word_count(s: &str) -> usize {
    s.split_ascii_whitespace().count()
}

/// One to three paragraphs, about 150–300 words and at most 2,000
/// characters (the API's limit), naming every service in `services`.
pub fn use_case(kind: &Kind, ctx: &Ctx<'_>, services: &[&Svc], rng: &mut Rng) -> String {
    let target = rng.range(150, 300) as usize;
    let intro = ctx.fill(*rng.pick(INTROS), rng, "");
    let n_problems = if kind.problems.len() > 2 { 2 } else { 1 };
    let mut problems: Vec<String> =
        rng.sample(kind.problems, n_problems).iter().map(|t| ctx.fill(t, rng, "")).collect();
    problems.extend(kind.musts.iter().map(|t| ctx.fill(t, rng, "")));
    // One clause per service, two or three clauses to a sentence.
    let clauses: Vec<String> =
        services.iter().zip(&ctx.names).map(|(s, name)| ctx.fill(*rng.pick(s.clauses), rng, name)).collect();
    let mut arch = Vec::new();
    let mut i = 0;
    while i < clauses.len() {
        let n = (2 + rng.below(2)).min(clauses.len() - i);
        let part = &clauses[i..i + n];
        let sentence = match part {
            [a] => format!("{a}."),
            [a, b] => format!("{a}, and {b}."),
            [a, b, c] => format!("{a}, {b}, and {c}."),
            _ => unreachable!(),
        };
        arch.push(cap(&sentence));
        i += n;
    }
    let n_outcomes = 1 + rng.below(2);
    let outcomes: Vec<String> = rng.sample(kind.outcomes, n_outcomes).iter().map(|t| ctx.fill(t, rng, "")).collect();
    let mut fillers: Vec<String> = Vec::new();
    let mut pool: Vec<&str> = FILLERS.to_vec();
    rng.shuffle(&mut pool);
    let fixed: usize = [&intro].iter().map(|s| s.len()).sum::<usize>()
        + problems.iter().chain(&arch).chain(&outcomes).map(|s| s.len() + 1).sum::<usize>();
    let mut words =
        word_count(&intro) + problems.iter().chain(&arch).chain(&outcomes).map(|s| word_count(s)).sum::<usize>();
    let mut chars = fixed;
    for t in pool {
        if words >= target {
            break;
        }
        let f = ctx.fill(t, rng, "");
        if chars + f.len() + 3 > 1990 {
            break;
        }
        words += word_count(&f);
        chars += f.len() + 1;
        fillers.push(f);
    }
    let split = fillers.len() / 2;
    let mut p1 = vec![intro];
    p1.extend(problems);
    p1.extend(fillers[..split].iter().cloned());
    let mut p3 = outcomes;
    p3.extend(fillers[split..].iter().cloned());
    let paragraphs: Vec<String> = match rng.below(3) {
        0 => vec![[p1, arch, p3].concat().join(" ")],
        1 => vec![[p1, arch].concat().join(" "), p3.join(" ")],
        _ => vec![p1.join(" "), arch.join(" "), p3.join(" ")],
    };
    let mut text = paragraphs.join("\n\n");
    // The clauses alone can be long; keep within the API's limit.
    while text.chars().count() > 2000 {
        let cut = text[..text.len() - 1].rfind(". ").map_or(1990, |i| i + 1);
        text.truncate(cut);
    }
    text
}
