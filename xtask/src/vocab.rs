//! The vocabulary the generator composes records from: AWS services with the
//! ACE product that bills them and clauses that name them, verticals, teams,
//! and sentence templates per kind of workload.
//!
//! Templates avoid words that are also service aliases (Config, Backup plans,
//! load balancer, X-ray, transcribe, …) unless they mean that service, so a
//! clean record names exactly the services it itemizes.

/// A service: how the text names it, the ACE product id that bills it
/// (checked against `rules/data/aws_products.json` at start-up), its share
/// of the spend, and clauses that mention it (`{svc}` is the name).
pub struct Svc {
    pub key: &'static str,
    pub names: &'static [&'static str],
    pub product: &'static str,
    pub weight: f64,
    pub clauses: &'static [&'static str],
}

macro_rules! svc {
    ($key:literal, [$($n:literal),*], $p:literal, $w:literal, [$($c:literal),* $(,)?]) => {
        Svc { key: $key, names: &[$($n),*], product: $p, weight: $w, clauses: &[$($c),*] }
    };
}

pub const SERVICES: &[Svc] = &[
    // compute
    svc!(
        "ecs",
        ["ECS on Fargate", "Amazon ECS on Fargate"],
        "AmazonECSonAWSFargate",
        34.0,
        [
            "{svc} runs the {comp}, the {comp2} and the {comp3} as separate services",
            "the {comp} moves to {svc}, scaling on request count",
            "{svc} hosts {n_small} containerised services with rolling deploys",
        ]
    ),
    svc!(
        "eks",
        ["Amazon EKS", "EKS"],
        "AmazonElasticKubernetesServiceEKS",
        34.0,
        [
            "{svc} runs {n_small} services in two node groups, one for the {comp} and one for background jobs",
            "the {comp} and the {comp2} run on {svc} with cluster autoscaling",
        ]
    ),
    svc!(
        "ec2",
        ["Amazon EC2", "EC2"],
        "AmazonEC2Linux",
        32.0,
        [
            "{svc} instances in an Auto Scaling group run the {comp}",
            "the {comp} stays on {svc} because it needs large local scratch disks",
        ]
    ),
    svc!(
        "lambda",
        ["AWS Lambda", "Lambda"],
        "AWSLambda",
        6.0,
        [
            "{svc} functions handle incoming webhooks",
            "{svc} functions render PDF {docs} on demand",
            "{svc} runs the scheduled exports of {data}",
        ]
    ),
    // databases
    svc!(
        "aurora_pg",
        ["Aurora PostgreSQL"],
        "AmazonRDSAuroraforPostgreSQL",
        24.0,
        [
            "{svc} is the system of record for {data}, with a reader instance for reports",
            "{data} move into {svc} with one schema per tenant",
        ]
    ),
    svc!(
        "aurora_my",
        ["Aurora MySQL"],
        "AmazonRDSAuroraforMySQL",
        24.0,
        ["{svc} holds {data} and the billing ledger, with a reader for reporting", "the {comp} writes {data} to {svc}",]
    ),
    svc!(
        "rds_pg",
        ["Amazon RDS for PostgreSQL"],
        "AmazonRDSforPostgreSQL",
        20.0,
        ["{svc} keeps {data} and the audit trail in a Multi-AZ deployment", "{data} land in {svc}",]
    ),
    svc!(
        "dynamodb",
        ["DynamoDB", "Amazon DynamoDB"],
        "AmazonDynamoDB",
        12.0,
        [
            "{svc} stores sessions, idempotency keys and per-tenant settings",
            "{svc} keeps the live status of all open {data}",
        ]
    ),
    svc!(
        "documentdb",
        ["DocumentDB", "Amazon DocumentDB"],
        "AmazonDocumentDB",
        14.0,
        ["{svc} stores the flexible {docs} documents", "{svc} keeps the per-customer templates for {docs}",]
    ),
    svc!(
        "elasticache",
        ["ElastiCache", "ElastiCache for Valkey"],
        "AmazonElastiCache",
        6.0,
        ["{svc} caches hot lookups and rate-limit counters", "{svc} holds sessions and the job queue",]
    ),
    // edge, networking, operations
    svc!(
        "cloudfront",
        ["CloudFront", "Amazon CloudFront"],
        "AmazonCloudFront",
        5.0,
        ["{svc} serves the web app and static assets to users in {region}", "{svc} caches public {docs} at the edge",]
    ),
    svc!(
        "s3",
        ["Amazon S3", "S3"],
        "AmazonS3",
        5.0,
        [
            "{svc} keeps uploaded {docs} and nightly exports",
            "{svc} archives raw {data} for {n_small} years",
            "{svc} holds the data lake, partitioned by day and tenant",
        ]
    ),
    svc!(
        "vpc",
        ["VPC", "Amazon VPC"],
        "AmazonVirtualPrivateCloudVPC",
        4.0,
        [
            "a {svc} across three Availability Zones keeps the databases in private subnets",
            "the {svc} routes outbound traffic from private subnets through NAT gateways",
        ]
    ),
    svc!(
        "elb",
        ["Application Load Balancer"],
        "ElasticLoadBalancingELB",
        3.0,
        ["an {svc} terminates TLS in front of the services", "an {svc} routes each path to its service",]
    ),
    svc!(
        "route53",
        ["Route 53", "Amazon Route 53"],
        "AmazonRoute53",
        1.0,
        ["{svc} health checks move traffic away from an unhealthy zone", "{svc} hosts the customer-facing domains",]
    ),
    svc!(
        "apigateway",
        ["API Gateway", "Amazon API Gateway"],
        "AmazonAPIGateway",
        4.0,
        [
            "{svc} fronts the public API with usage plans per customer",
            "{svc} exposes the {comp} to {customers} with API keys and quotas",
            "{svc} throttles partner integrations",
        ]
    ),
    svc!(
        "waf",
        ["AWS WAF"],
        "AWSWAFWebApplicationFirewall",
        2.0,
        [
            "{svc} rules block credential stuffing on the sign-in endpoint",
            "{svc} rate-limits abusive clients of the {comp}",
        ]
    ),
    svc!(
        "cognito",
        ["Amazon Cognito", "Cognito"],
        "AmazonCognito",
        2.0,
        [
            "{svc} handles sign-in and single sign-on for customer administrators",
            "{svc} user pools hold the accounts of {unit}",
            "{svc} federates sign-in with the identity providers of larger {customers}",
        ]
    ),
    svc!(
        "cloudwatch",
        ["CloudWatch", "Amazon CloudWatch"],
        "AmazonCloudWatch",
        7.0,
        [
            "{svc} collects logs, metrics and alarms for the on-call rotation",
            "{svc} dashboards track p95 latency and error rates per tenant",
            "{svc} alarms page the {team_lower} when error rates rise",
        ]
    ),
    svc!(
        "sqs",
        ["Amazon SQS", "SQS"],
        "AmazonSQS",
        2.0,
        ["{svc} queues absorb bursts of {events}", "{svc} decouples the {comp} from the {comp2}",]
    ),
    svc!(
        "eventbridge",
        ["EventBridge", "Amazon EventBridge"],
        "AmazonEventBridge",
        1.5,
        ["{svc} schedules reminders and fans out {events}", "{svc} routes {events} to the {comp} and the {comp2}",]
    ),
    svc!(
        "stepfunctions",
        ["Step Functions", "AWS Step Functions"],
        "AWSStepFunctions",
        2.0,
        [
            "{svc} orchestrates the multi-step workflow with retries",
            "{svc} orchestrates each step from upload to result with retries and timeouts",
            "{svc} coordinates the nightly jobs that rebuild {data}",
        ]
    ),
    svc!(
        "secretsmanager",
        ["Secrets Manager", "AWS Secrets Manager"],
        "AWSSecretsManager",
        1.0,
        ["{svc} rotates database credentials every thirty days", "{svc} holds the API keys of the {comp} integrations",]
    ),
    svc!(
        "ecr",
        ["ECR", "Amazon ECR"],
        "AmazonElasticContainerRegistryECR",
        1.0,
        [
            "{svc} stores the container images, scanned on push",
            "{svc} keeps signed images for every release of the {comp}",
        ]
    ),
    // data pipelines
    svc!(
        "kinesis",
        ["Kinesis Data Streams", "Amazon Kinesis Data Streams"],
        "AmazonKinesisDataStreamsKDS",
        18.0,
        [
            "{svc} ingests {events} from the {comp}",
            "{svc} receives {events} from the {comp} and the mobile apps",
            "{svc} takes in about {n_big} {events} a day",
        ]
    ),
    svc!(
        "firehose",
        ["Data Firehose", "Amazon Data Firehose"],
        "AmazonDataFirehose",
        8.0,
        [
            "{svc} batches the stream into compressed Parquet files",
            "{svc} delivers {events} to the lake every {n_small} minutes",
            "{svc} converts the stream to columnar files partitioned by hour",
        ]
    ),
    svc!(
        "msk",
        ["Amazon MSK"],
        "AmazonManagedStreamingforApacheKafkaMSK",
        20.0,
        [
            "{svc} carries {events} from the {comp} to the downstream consumers",
            "{svc} topics carry {events} to {n_small} consumer services",
            "{svc} replaces the self-managed Kafka brokers that carry {events}",
        ]
    ),
    svc!(
        "glue",
        ["AWS Glue"],
        "AWSGlue",
        16.0,
        [
            "{svc} jobs clean, deduplicate and partition the data",
            "{svc} jobs join {events} with {data} and write curated tables",
            "{svc} keeps the table catalog in step with new partitions",
        ]
    ),
    svc!(
        "athena",
        ["Amazon Athena", "Athena"],
        "AmazonAthena",
        10.0,
        [
            "{svc} answers ad-hoc questions from the analytics team",
            "{svc} lets analysts query {n_small} years of {data} with SQL",
            "{svc} queries power the customer-facing usage reports",
        ]
    ),
    svc!(
        "redshift",
        ["Amazon Redshift", "Redshift Serverless"],
        "AmazonRedshift",
        22.0,
        [
            "{svc} holds the modelled tables behind the dashboards",
            "{svc} runs the dbt models that turn {events} into daily facts",
            "{svc} serves the finance team's queries over {data}",
        ]
    ),
    svc!(
        "emr",
        ["Amazon EMR", "EMR"],
        "AmazonElasticMapReduceEMR",
        20.0,
        [
            "{svc} runs the nightly Spark jobs that rebuild the aggregates",
            "{svc} Spark jobs join {events} with {data} every night",
            "{svc} processes the backfill of {n_small} years of {data}",
        ]
    ),
    svc!(
        "quicksight",
        ["QuickSight", "Amazon QuickSight"],
        "AmazonQuickSight",
        6.0,
        [
            "{svc} dashboards are embedded in the customer admin console",
            "{svc} gives {customers} self-serve reports on {data}",
            "{svc} dashboards replace the weekly spreadsheet for the leadership team",
        ]
    ),
    // security and compliance
    svc!(
        "cloudtrail",
        ["CloudTrail", "AWS CloudTrail"],
        "AWSCloudTrail",
        8.0,
        [
            "{svc} records every API call into a locked audit bucket",
            "{svc} keeps a tamper-evident trail of every change to {data}",
            "{svc} logs from all {n_small} accounts land in one audit account",
        ]
    ),
    svc!(
        "config",
        ["AWS Config"],
        "AWSConfig",
        12.0,
        [
            "{svc} tracks drift against the SOC 2 controls",
            "{svc} checks each account against the controls the auditors sampled last year",
            "{svc} flags any change that would expose {data}",
        ]
    ),
    svc!(
        "guardduty",
        ["GuardDuty", "Amazon GuardDuty"],
        "AmazonGuardDuty",
        14.0,
        [
            "{svc} watches for compromised credentials and unusual traffic",
            "{svc} alerts the {team_lower} about suspicious access to {data}",
            "{svc} findings open tickets in the on-call queue within minutes",
        ]
    ),
    svc!(
        "kms",
        ["AWS KMS", "KMS"],
        "AWSKeyManagementServiceKMS",
        5.0,
        [
            "{svc} keys encrypt {data} at rest, one key per environment",
            "customer-managed {svc} keys protect {docs} and database snapshots",
            "{svc} separates keys per tenant for the {n_small} largest {customers}",
        ]
    ),
    svc!(
        "backup",
        ["AWS Backup"],
        "AWSBackup",
        14.0,
        [
            "{svc} enforces retention and cross-Region copies of the databases",
            "{svc} keeps {n_small} weeks of restorable snapshots of {data}",
            "{svc} vaults hold copies that even administrators cannot delete early",
        ]
    ),
    svc!(
        "securityhub",
        ["Security Hub", "AWS Security Hub"],
        "AWSSecurityHub",
        8.0,
        [
            "{svc} gives the auditors one view of open findings",
            "{svc} scores every account against the CIS benchmark each day",
            "{svc} collects findings so the {team_lower} works one queue",
        ]
    ),
    svc!(
        "inspector",
        ["Amazon Inspector"],
        "AmazonInspector",
        8.0,
        [
            "{svc} scans container images and instances for known vulnerabilities",
            "{svc} reports vulnerable packages in the {comp} before each release",
            "{svc} scans every image the build produces",
        ]
    ),
    svc!(
        "macie",
        ["Amazon Macie", "Macie"],
        "AmazonMacie",
        6.0,
        [
            "{svc} flags personal data that lands in the wrong bucket",
            "{svc} looks for personal data in exported {docs}",
        ]
    ),
    // media and document processing
    svc!(
        "batch",
        ["AWS Batch"],
        "AWSBatch",
        30.0,
        [
            "{svc} runs the heavy processing jobs on Spot capacity",
            "{svc} fans out one job per upload across a pool of Spot instances",
            "{svc} queues the overnight reprocessing of old {docs}",
        ]
    ),
    svc!(
        "rekognition",
        ["Amazon Rekognition", "Rekognition"],
        "AmazonRekognitionImage",
        18.0,
        [
            "{svc} tags and moderates uploaded images",
            "{svc} detects labels and text in photos attached to {data}",
            "{svc} flags unsafe images before other {unit} can see them",
        ]
    ),
    svc!(
        "transcribe",
        ["Amazon Transcribe"],
        "AmazonTranscribe",
        20.0,
        [
            "{svc} turns recorded calls into searchable text",
            "{svc} produces transcripts of calls with {customers} for later search",
            "{svc} captions recorded sessions in {n_small} languages",
        ]
    ),
    svc!(
        "textract",
        ["Amazon Textract", "Textract"],
        "AmazonTextract",
        20.0,
        [
            "{svc} extracts fields and tables from scanned {docs}",
            "{svc} reads totals, dates and line items from uploaded {docs}",
            "{svc} pulls key fields out of {docs} that arrive as scans or photos",
        ]
    ),
    svc!(
        "comprehend",
        ["Amazon Comprehend"],
        "AmazonComprehend",
        12.0,
        [
            "{svc} classifies and tags free-text notes",
            "{svc} detects the topic and sentiment of comments attached to {data}",
        ]
    ),
    // generative AI
    svc!(
        "bedrock",
        ["Amazon Bedrock", "Bedrock"],
        "AmazonBedrock",
        60.0,
        [
            "{svc} serves {model} for the answers",
            "{svc} runs {model} to draft answers about {data}",
            "{svc} calls {model} with retrieved passages from {docs}",
            "{svc} runs {model} behind a prompt router with caching",
        ]
    ),
    svc!(
        "opensearch",
        ["OpenSearch Serverless", "Amazon OpenSearch Serverless"],
        "AmazonOpenSearchforSearchvectors",
        18.0,
        [
            "{svc} stores the vector index of {n_docs} {docs}",
            "{svc} holds embeddings of {n_docs} {docs} and the help-centre pages",
            "{svc} answers hybrid keyword and vector queries over {docs}",
        ]
    ),
    svc!(
        "sagemaker",
        ["Amazon SageMaker", "SageMaker"],
        "AmazonSageMakerInference",
        20.0,
        [
            "{svc} hosts the fine-tuned ranking model",
            "{svc} endpoints serve a small classifier that routes each request to the cheapest adequate model",
            "{svc} trains the ranking model on {n_small} months of {events}",
        ]
    ),
    svc!(
        "agentcore",
        ["AgentCore"],
        "AgentCoreRuntime",
        8.0,
        [
            "{svc} runs the agents' tool calls and session memory",
            "{svc} hosts the agents that act on {data} on behalf of {unit}",
            "{svc} keeps agent sessions isolated per customer",
        ]
    ),
    // migration
    svc!(
        "mgn",
        ["Application Migration Service", "AWS Application Migration Service"],
        "AWSApplicationMigrationServiceMGN",
        3.0,
        [
            "{svc} replicates the {n_small} application servers until cutover",
            "{svc} moves the {comp} servers with continuous block replication",
            "{svc} rehosts the {n_small} virtual machines wave by wave",
        ]
    ),
    svc!(
        "dms",
        ["Database Migration Service", "AWS Database Migration Service"],
        "AWSDatabaseMigrationService",
        4.0,
        [
            "{svc} moves the databases with ongoing replication until cutover",
            "{svc} copies {data} with change data capture until the final switch",
            "{svc} keeps the old and new databases in step during the parallel run",
        ]
    ),
    svc!(
        "datasync",
        ["DataSync", "AWS DataSync"],
        "AWSDataSync",
        2.0,
        [
            "{svc} copies {n_small} TB of files from the old file servers",
            "{svc} transfers the archive of {docs} ahead of cutover",
        ]
    ),
];

pub fn svc(key: &str) -> &'static Svc {
    SERVICES.iter().find(|s| s.key == key).unwrap_or_else(|| panic!("unknown service key {key}"))
}

/// A customer's business: industry (the API's enum), what it sells, to whom,
/// and nouns for its data.
pub struct Vertical {
    pub industry: &'static str,
    pub product: &'static str,
    pub customers: &'static str,
    pub data: &'static str,
    pub docs: &'static str,
    pub events: &'static str,
    pub unit: &'static str,
}

macro_rules! v {
    ($i:literal, $p:literal, $c:literal, $d:literal, $docs:literal, $e:literal, $u:literal) => {
        Vertical { industry: $i, product: $p, customers: $c, data: $d, docs: $docs, events: $e, unit: $u }
    };
}

pub const VERTICALS: &[Vertical] = &[
    v!(
        "Software and Internet",
        "dispatch software for HVAC and plumbing contractors",
        "contracting firms",
        "work orders",
        "invoices",
        "job status updates",
        "technicians"
    ),
    v!(
        "Software and Internet",
        "subscription billing for B2B software companies",
        "software vendors",
        "subscriptions",
        "invoices",
        "payment events",
        "finance users"
    ),
    v!(
        "Software and Internet",
        "an applicant-tracking system for hourly employers",
        "employers",
        "job applications",
        "résumés",
        "candidate events",
        "recruiters"
    ),
    v!(
        "Software and Internet",
        "a customer-feedback platform for product teams",
        "product teams",
        "survey responses",
        "feedback reports",
        "response events",
        "product managers"
    ),
    v!(
        "Software and Internet",
        "contract management for mid-size legal teams",
        "legal departments",
        "contracts",
        "contract drafts",
        "signature events",
        "lawyers"
    ),
    v!(
        "Healthcare",
        "patient intake and scheduling for physiotherapy clinics",
        "clinics",
        "appointments",
        "intake forms",
        "booking events",
        "clinicians"
    ),
    v!(
        "Healthcare",
        "remote monitoring for cardiac patients",
        "cardiology practices",
        "heart-rhythm readings",
        "clinical summaries",
        "device readings",
        "patients"
    ),
    v!(
        "Financial Services",
        "expense management for mid-size companies",
        "finance teams",
        "card transactions",
        "receipts",
        "transaction events",
        "employees"
    ),
    v!(
        "Financial Services",
        "loan origination software for credit unions",
        "credit unions",
        "loan applications",
        "bank statements",
        "decision events",
        "loan officers"
    ),
    v!(
        "Financial Services",
        "payroll and benefits for restaurant groups",
        "restaurant groups",
        "pay runs",
        "payslips",
        "timesheet events",
        "hourly staff"
    ),
    v!(
        "Retail",
        "inventory planning for independent grocers",
        "grocery stores",
        "stock levels",
        "purchase orders",
        "point-of-sale events",
        "store managers"
    ),
    v!(
        "Retail",
        "a storefront builder for specialty coffee roasters",
        "roasters",
        "orders",
        "product pages",
        "checkout events",
        "shoppers"
    ),
    v!(
        "Transportation and Logistics",
        "a shipping-rate API for online stores",
        "online stores",
        "shipments",
        "shipping labels",
        "tracking events",
        "merchants"
    ),
    v!(
        "Transportation and Logistics",
        "route planning for last-mile delivery fleets",
        "delivery companies",
        "delivery routes",
        "proof-of-delivery photos",
        "GPS pings",
        "drivers"
    ),
    v!(
        "Education",
        "a tutoring marketplace for secondary-school students",
        "schools",
        "lessons",
        "worksheets",
        "session events",
        "students"
    ),
    v!(
        "Education",
        "course authoring for corporate trainers",
        "training teams",
        "courses",
        "course materials",
        "learner events",
        "learners"
    ),
    v!(
        "Manufacturing",
        "machine monitoring for CNC workshops",
        "machine shops",
        "spindle readings",
        "maintenance reports",
        "sensor readings",
        "machines"
    ),
    v!(
        "Manufacturing",
        "quality-control software for injection-moulding plants",
        "plants",
        "inspection results",
        "batch records",
        "line events",
        "operators"
    ),
    v!(
        "Media and Entertainment",
        "podcast publishing and analytics",
        "podcast networks",
        "episodes",
        "show notes",
        "download events",
        "listeners"
    ),
    v!(
        "Media and Entertainment",
        "video review tools for post-production studios",
        "studios",
        "video cuts",
        "review notes",
        "playback events",
        "editors"
    ),
    v!(
        "Real Estate and Construction",
        "site-inspection software for general contractors",
        "general contractors",
        "punch lists",
        "site photos",
        "inspection events",
        "site managers"
    ),
    v!(
        "Real Estate and Construction",
        "tenant portals for residential landlords",
        "property managers",
        "maintenance requests",
        "lease documents",
        "portal events",
        "tenants"
    ),
    v!(
        "Agriculture",
        "irrigation scheduling for fruit growers",
        "farms",
        "soil-moisture readings",
        "field reports",
        "sensor readings",
        "growers"
    ),
    v!(
        "Energy - Power and Utilities",
        "demand-response software for commercial buildings",
        "building operators",
        "meter readings",
        "energy reports",
        "meter events",
        "buildings"
    ),
    v!(
        "Hospitality",
        "a booking engine for boutique hotels",
        "hotels",
        "reservations",
        "rate plans",
        "booking events",
        "guests"
    ),
    v!(
        "Travel",
        "group-travel planning for tour operators",
        "tour operators",
        "itineraries",
        "travel documents",
        "booking changes",
        "travellers"
    ),
    v!(
        "Gaming",
        "matchmaking and leaderboards for independent game studios",
        "game studios",
        "match results",
        "player profiles",
        "match events",
        "players"
    ),
    v!(
        "Marketing and Advertising",
        "attribution analytics for direct-to-consumer brands",
        "brands",
        "ad conversions",
        "campaign reports",
        "click events",
        "marketers"
    ),
    v!(
        "Professional Services",
        "practice management for accounting firms",
        "accounting firms",
        "client engagements",
        "tax documents",
        "document events",
        "accountants"
    ),
    v!(
        "Life Sciences",
        "sample tracking for biotech labs",
        "research labs",
        "samples",
        "lab protocols",
        "freezer readings",
        "scientists"
    ),
    v!(
        "Non-Profit Organization",
        "donor management for charities",
        "charities",
        "donations",
        "donor letters",
        "donation events",
        "fundraisers"
    ),
    v!(
        "Automotive",
        "service scheduling for car dealerships",
        "dealerships",
        "service orders",
        "repair estimates",
        "telematics events",
        "service advisors"
    ),
    v!(
        "Wholesale and Distribution",
        "a B2B ordering portal for beverage distributors",
        "distributors",
        "wholesale orders",
        "price lists",
        "order events",
        "sales reps"
    ),
    v!(
        "Telecommunications",
        "number porting and provisioning software for regional carriers",
        "regional carriers",
        "porting requests",
        "service orders",
        "provisioning events",
        "subscribers"
    ),
];

pub const COMPONENTS: &[&str] = &[
    "scheduling API",
    "billing service",
    "tenant admin portal",
    "notification service",
    "reporting module",
    "search service",
    "public REST API",
    "mobile back end",
    "integration hub",
    "pricing engine",
    "document service",
    "identity service",
    "audit log service",
    "webhook dispatcher",
    "rules engine",
    "export service",
    "customer dashboard",
    "sync worker",
];

pub const TEAMS: &[&str] = &[
    "Platform engineering",
    "Core API team",
    "Infrastructure team",
    "Site reliability team",
    "Backend team",
    "Product engineering",
];
pub const DATA_TEAMS: &[&str] = &["Data engineering", "Analytics engineering", "Data platform team", "Insights team"];
pub const SECURITY_TEAMS: &[&str] = &["Security engineering", "Trust and compliance team", "Security and IT team"];
pub const AI_TEAMS: &[&str] =
    &["Applied AI team", "ML platform team", "Support product team", "AI product team", "Machine learning team"];
pub const MEDIA_TEAMS: &[&str] = &["Media pipeline team", "Content engineering", "Document automation team"];

pub const REGIONS: &[&str] = &[
    "North America",
    "the DACH region",
    "the UK and Ireland",
    "the Nordics",
    "Australia and New Zealand",
    "India",
    "Southeast Asia",
    "Latin America",
    "the Benelux",
    "the US Midwest",
    "Canada",
    "Western Europe",
];

pub const LEGACY: &[&str] = &[
    "a regional hosting company",
    "a colocation rack",
    "two dedicated servers",
    "a platform-as-a-service account",
    "a single oversized virtual machine",
    "a managed-server contract that ends next year",
];

pub const MODELS: &[(&str, &str)] = &[
    ("Anthropic Claude Sonnet 4.5", "Best groundedness on the team's pilot question set among the Bedrock models tried, and it keeps to the required citation format."),
    ("Anthropic Claude Haiku 4.5", "Fast and inexpensive enough for the high-volume first pass; quality on the pilot set was within a few points of larger models."),
    ("Amazon Nova Pro", "Good extraction accuracy on the team's labelled sample at a lower price per token than the alternatives tried."),
    ("Amazon Nova Lite", "Lowest latency for short classification prompts, which dominate the traffic."),
    ("Meta Llama 3.3 70B", "Open weights let the team compare a fine-tuned variant later without changing the serving path."),
    ("Mistral Large", "Strong multilingual results on the customer's French and German documents."),
    ("Amazon Titan Text Embeddings V2", "Inexpensive embeddings in the same Region; recall on the pilot set was close to larger embedding models."),
    ("Cohere Embed v3", "Best retrieval recall on the team's labelled query set, including short keyword queries."),
];

pub const INVESTORS: &[&str] = &[
    "Harborlight Ventures",
    "Pell Street Capital",
    "Northbay Fund",
    "Greywater Partners",
    "Lanternfish Capital",
    "Ironwood Seed",
    "Copperline Ventures",
    "Bluefield Growth",
    "Sextant Capital",
    "Kettle Hill Ventures",
    "Marlow Square Partners",
    "Tidewater Angels",
];

pub const PARTNERS: &[(&str, &str, &str)] = &[
    ("Cobaltline Cloud Partners", "CLP", "Advanced"),
    ("Northridge Cloud Works", "NRB", "Advanced"),
    ("Example Cloud Partners", "ECP", "Premier"),
    ("Stratus Foundry", "STF", "Advanced"),
    ("Bright Harbor Consulting", "BHC", "Premier"),
    ("Meridian Ops", "MDO", "Advanced"),
    ("Fieldstone Digital", "FSD", "Advanced"),
    ("Arclight Systems", "ALS", "Premier"),
    ("Quayside Cloud", "QSC", "Advanced"),
    ("Tallgrass Engineering", "TGE", "Advanced"),
];

pub const FIRST_NAMES: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dev", "Elif", "Femi", "Greta", "Hiro", "Isla", "Jonas", "Kavya", "Liam", "Maya", "Nikhil",
    "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Yara", "Zoe",
];
pub const LAST_NAMES: &[&str] = &[
    "Adeyemi",
    "Brandt",
    "Castillo",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Gupta",
    "Hayes",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Patel",
    "Quintero",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Underwood",
    "Varga",
    "Walsh",
    "Xu",
    "Yilmaz",
    "Zimmermann",
];
pub const CUSTOMER_TITLES: &[&str] =
    &["CTO", "VP Engineering", "Head of Platform", "Engineering Manager", "CEO", "Head of Data"];
pub const PARTNER_TITLES: &[&str] =
    &["Solutions Architect", "Partner Account Manager", "Cloud Consultant", "Delivery Lead"];

pub const SYLLABLES: &[&str] = &[
    "kes", "trel", "point", "north", "wind", "par", "cel", "wise", "frost", "line", "cob", "alt", "mer", "lum", "en",
    "va", "tor", "brisk", "quill", "fen", "ridge", "hal", "cy", "vex", "tal", "sol", "nim", "bel", "dra", "gon", "ly",
    "mar", "ko", "ra", "sen", "tiv", "ux", "zen", "pho", "lio", "cas", "tel", "vin", "dor", "ash", "em", "ber", "ori",
    "qua", "rex", "sta", "mi", "no", "ve", "ta", "lo", "pi", "ru", "sa", "ki",
];
pub const NAME_WORDS: &[&str] = &[
    "",
    "",
    "",
    "",
    "Labs",
    "Health",
    "Logistics",
    "Analytics",
    "Systems",
    "Robotics",
    "Software",
    "Pay",
    "Works",
    "Technologies",
    "Digital",
    "Cloud",
    "Data",
];
