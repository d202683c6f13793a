#!/usr/bin/env python3
"""Writes N draft records of one customer (one AWS account) into DIR, one
file each, to time the cross-record stage on a very large customer:

    python3 scripts/one-customer.py 3000 /tmp/one-customer
    acelint check --timings /tmp/one-customer > /dev/null

Programs cycle through five; each record itemizes one of four service lists
and reuses one of five paragraphs with three words changed, so many records
overlap and near-duplicate each other (the worst case for pair search)."""
import json
import os
import random
import sys

n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(2)
here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "examples", "clean-stack", "portfolio.json")) as f:
    base = json.load(f)
programs = ["Activate Portfolio", "Build for Startups", "Bedrock POC", "MAP", "GenAI Tier"]
words = [f"w{i}" for i in range(3000)]
paragraphs = [[rnd.choice(words) for _ in range(120)] for _ in range(5)]
lists = [
    ["AmazonECSonAWSFargate", "AmazonRDSAuroraforPostgreSQL", "AmazonCloudWatch"],
    ["AmazonECSonAWSFargate", "AmazonRDSAuroraforPostgreSQL", "AmazonSQS", "AmazonElastiCache"],
    ["AmazonBedrock", "AWSLambda", "AmazonOpenSearchforSearchvectors"],
    ["AmazonKinesisDataStreamsKDS", "AWSGlue", "AmazonAthena"],
]
os.makedirs(out, exist_ok=True)
for i in range(n):
    r = json.loads(json.dumps(base))
    funding, opp = r["Funding"], r["Opportunity"]
    funding["Program"] = programs[i % len(programs)]
    funding["RequestedAmountUsd"] = rnd.choice([25000, 50000, 100000])
    funding["FilingDate"] = f"2026-12-{1 + i % 5:02d}"
    funding["Workload"]["Name"] = f"Workload {i}"
    products = rnd.choice(lists)
    funding["ProjectedSpend"] = [{"Product": p, "MonthlyUsd": 500} for p in products]
    opp["RelatedEntityIdentifiers"]["AwsProducts"] = products
    opp["ClientToken"] = f"00000000-0000-4000-8000-{i:012d}"
    opp["PartnerOpportunityIdentifier"] = f"CLP-2026-{i:05d}"
    text = list(rnd.choice(paragraphs))
    for _ in range(3):
        text[rnd.randrange(len(text))] = rnd.choice(words)
    opp["Project"]["CustomerBusinessProblem"] = " ".join(text)
    opp["Project"]["Title"] = f"Project {i} title"
    with open(os.path.join(out, f"r{i:05d}.json"), "w") as f:
        json.dump(r, f, indent=1)
