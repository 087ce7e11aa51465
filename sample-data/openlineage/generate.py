#!/usr/bin/env python3
"""Writes the OpenLineage part of the Kestrel Lending demo workspace.

The committed NDJSON files are the data; this script documents how they were made and
regenerates them byte for byte (it is deterministic: fixed seed, no clock):

    python3 sample-data/openlineage/generate.py

Files (read by the `openlineage` connector in path order):
  airflow-kestrel.ndjson        feature pipelines on Airflow (DAG runs with task runs as children)
  catalog.ndjson                static metadata: DatasetEvents and a JobEvent (spec 2-0-2)
  github-actions-ml-deploy.ndjson  packaging models into images and deploying them to Kubernetes
  legacy-2026-01.ndjson         the old churn model, trained and shipped before anyone owned it
  mlflow-training.ndjson        training runs logged from MLflow, including a failed one
  notebooks.ndjson              a marketing model trained in a notebook

One line of airflow-kestrel.ndjson is deliberately malformed (see sample-data/README.md).
Standard library only.
"""

import hashlib
import json
import os
import random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = os.path.join(HERE, "..", "models")
OCI = os.path.join(HERE, "..", "oci", "registry.kestrel.example")


def oms_root_digest(model_dir):
    """The OpenSSF model signing v1.0 root digest of a demo model directory in sample-data/models:
    SHA-256 over the raw SHA-256 digests of its files in name order (the demo directories are flat).
    Model versions carry it as their content version, so scans and approvals line up with them."""
    path = os.path.join(MODELS, model_dir)
    names = sorted(n for n in os.listdir(path) if n not in (".git", ".gitignore", ".gitattributes", ".github", "model.sig"))
    root = hashlib.sha256()
    for name in names:
        full = os.path.join(path, name)
        assert os.path.isfile(full) and not os.path.islink(full), "demo model directories are flat: " + full
        with open(full, "rb") as f:
            root.update(hashlib.sha256(f.read()).digest())
    return "sha256:" + root.hexdigest()
RNG = random.Random(20261126)
# What was added to the story later (fraud-scoring's wider rollout, churn-xgb, the label audit) draws
# from its own generator, so adding it left every earlier event as it was, byte for byte.
LATER_RNG = random.Random(20261201)
SPEC = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"

AIRFLOW_PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.3.0"
MLFLOW_PRODUCER = "https://github.com/kestrel/ml-platform/tree/v2.4.0/openlineage-mlflow-hook"
GHA_PRODUCER = "https://github.com/kestrel/ml-deploy/tree/main/.github/actions/openlineage-emit"
JENKINS_PRODUCER = "https://github.com/kestrel/jenkins-shared-lib/tree/1.2.0/vars/openlineage.groovy"
PY_CLIENT = "https://github.com/OpenLineage/OpenLineage/tree/1.40.0/client/python"
BACKFILL_PRODUCER = "https://github.com/kestrel/ops-scripts/blob/main/backfill_lineage.py"

LAKE = "s3://kestrel-datalake"
AIRFLOW = "airflow://kestrel-airflow"
MLFLOW = "mlflow://mlflow.kestrel.example"
GHA = "github://kestrel/ml-deploy"
REGISTRY = "oci://registry.kestrel.example"
JUPYTER = "jupyter://jupyterhub.kestrel.example"
PROD = "k8s://prod-eu-1"
PROD_EU_2 = "k8s://prod-eu-2"
STAGING = "k8s://staging-eu-1"

FACET_SCHEMAS = {
    "jobType": "facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet",
    "sourceCodeLocation": "facets/1-0-1/SourceCodeLocationJobFacet.json#/$defs/SourceCodeLocationJobFacet",
    "ownershipJob": "facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet",
    "ownershipDataset": "facets/1-0-1/OwnershipDatasetFacet.json#/$defs/OwnershipDatasetFacet",
    "documentationJob": "facets/1-1-0/DocumentationJobFacet.json#/$defs/DocumentationJobFacet",
    "documentationDataset": "facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet",
    "tagsJob": "facets/1-0-0/TagsJobFacet.json#/$defs/TagsJobFacet",
    "tagsDataset": "facets/1-0-0/TagsDatasetFacet.json#/$defs/TagsDatasetFacet",
    "sql": "facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet",
    "schema": "facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
    "dataSource": "facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet",
    "storage": "facets/1-0-1/StorageDatasetFacet.json#/$defs/StorageDatasetFacet",
    "version": "facets/1-0-1/DatasetVersionDatasetFacet.json#/$defs/DatasetVersionDatasetFacet",
    "datasetType": "facets/1-0-0/DatasetTypeDatasetFacet.json#/$defs/DatasetTypeDatasetFacet",
    "columnLineage": "facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
    "lifecycleStateChange": "facets/1-0-1/LifecycleStateChangeDatasetFacet.json#/$defs/LifecycleStateChangeDatasetFacet",
    "nominalTime": "facets/1-0-1/NominalTimeRunFacet.json#/$defs/NominalTimeRunFacet",
    "parent": "facets/1-1-0/ParentRunFacet.json#/$defs/ParentRunFacet",
    "processing_engine": "facets/1-1-1/ProcessingEngineRunFacet.json#/$defs/ProcessingEngineRunFacet",
    "errorMessage": "facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet",
    "dataQualityMetrics": "facets/1-0-2/DataQualityMetricsInputDatasetFacet.json#/$defs/DataQualityMetricsInputDatasetFacet",
    "dataQualityAssertions": "facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/DataQualityAssertionsDatasetFacet",
    "outputStatistics": "facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet",
}


def facet(kind, producer, **fields):
    body = {"_producer": producer, "_schemaURL": "https://openlineage.io/spec/" + FACET_SCHEMAS[kind]}
    body.update(fields)
    return body


def ts(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def uuid7(dt, rng=RNG):
    """A version-7 UUID for a run started at dt (time-ordered, as OpenLineage recommends)."""
    millis = int(dt.timestamp() * 1000)
    rand_a = rng.getrandbits(12)
    rand_b = rng.getrandbits(62)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    h = "%032x" % value
    return "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def owners(producer, *names, dataset=True):
    entries = []
    for n in names:
        if isinstance(n, tuple):
            entries.append({"name": n[0], "type": n[1]})
        else:
            entries.append({"name": n, "type": "MAINTAINER"})
    return facet("ownershipDataset" if dataset else "ownershipJob", producer, owners=entries)


def schema(producer, fields):
    return facet("schema", producer, fields=[
        dict({"name": n, "type": t}, **({"description": d} if d else {})) for n, t, d in fields])


def tags(producer, pairs, dataset=True):
    return facet("tagsDataset" if dataset else "tagsJob", producer,
                 tags=[{"key": k, "value": v, "source": "USER"} for k, v in pairs])


def event(event_type, when, producer, run_id, job_ns, job_name, job_facets=None, run_facets=None,
          inputs=(), outputs=()):
    return {
        "eventType": event_type,
        "eventTime": ts(when),
        "producer": producer,
        "schemaURL": SPEC,
        "run": {"runId": run_id, "facets": run_facets or {}},
        "job": {"namespace": job_ns, "name": job_name, "facets": job_facets or {}},
        "inputs": list(inputs),
        "outputs": list(outputs),
    }


def ds(namespace, name, facets=None, input_facets=None, output_facets=None):
    d = {"namespace": namespace, "name": name, "facets": facets or {}}
    if input_facets is not None:
        d["inputFacets"] = input_facets
    if output_facets is not None:
        d["outputFacets"] = output_facets
    return d


# ---- the data lake --------------------------------------------------------------------------

SCHEMAS = {
    "raw/transactions": [("txn_id", "string", "Processor transaction id"), ("account_id", "string", None),
                         ("card_id", "string", None), ("amount", "decimal(12,2)", "Amount in the card currency"),
                         ("currency", "string", None), ("merchant_id", "string", None), ("mcc", "string", "Merchant category code"),
                         ("ts", "timestamp", None), ("status", "string", None)],
    "raw/card_events": [("event_id", "string", None), ("card_id", "string", None), ("event_type", "string", "auth, decline, pin_change, ..."),
                        ("country", "string", None), ("channel", "string", "pos, ecom, atm"), ("device_id", "string", None), ("ts", "timestamp", None)],
    "curated/transactions": [("txn_id", "string", None), ("account_id", "string", None), ("card_id", "string", None),
                             ("amount_eur", "decimal(12,2)", "Amount converted to EUR"), ("merchant_id", "string", None),
                             ("mcc", "string", None), ("country", "string", None), ("ts", "timestamp", None)],
    "curated/chargebacks": [("txn_id", "string", None), ("reason_code", "string", None), ("is_fraud", "boolean", "Confirmed fraud label"),
                            ("reported_at", "timestamp", None), ("resolved_at", "timestamp", None),
                            ("label_updated_at", "timestamp", "When is_fraud last changed")],
    "features/card_spend_7d": [("card_id", "string", None), ("spend_7d", "double", None), ("txn_count_7d", "int", None),
                               ("distinct_merchants_7d", "int", None), ("foreign_ratio_7d", "double", None), ("as_of", "date", None)],
    "features/fraud_training_set": [("txn_id", "string", None), ("card_id", "string", None), ("features", "array<double>", None),
                                    ("is_fraud", "boolean", None), ("split", "string", "train, validation, test")],
    "features/fraud_training_set_v1": [("txn_id", "string", None), ("features", "array<double>", None), ("is_fraud", "boolean", None)],
    "raw/loan_applications": [("application_id", "string", None), ("applicant_id", "string", None), ("amount_requested", "decimal(12,2)", None),
                              ("term_months", "int", None), ("annual_income", "decimal(12,2)", None), ("employment_status", "string", None),
                              ("purpose", "string", None), ("submitted_at", "timestamp", None)],
    "raw/bureau_reports": [("applicant_id", "string", None), ("bureau", "string", None), ("score", "int", None),
                           ("delinquencies_24m", "int", None), ("inquiries_6m", "int", None), ("report_date", "date", None)],
    "curated/applications": [("application_id", "string", None), ("applicant_id", "string", None), ("amount_requested", "decimal(12,2)", None),
                             ("term_months", "int", None), ("debt_to_income", "double", None), ("bureau_score", "int", None),
                             ("delinquencies_24m", "int", None), ("outcome", "string", "approved, declined, withdrawn")],
    "features/credit_features": [("application_id", "string", None), ("features", "array<double>", None), ("defaulted_12m", "boolean", "Label")],
    "raw/support_tickets": [("ticket_id", "string", None), ("customer_id", "string", None), ("customer_email", "string", "PII"),
                            ("customer_phone", "string", "PII"), ("subject", "string", None), ("body", "string", "Free text, may contain PII"),
                            ("agent_notes", "string", None), ("created_at", "timestamp", None)],
    "curated/support_tickets_redacted": [("ticket_id", "string", None), ("subject", "string", None),
                                         ("body_redacted", "string", "Names, emails, phone numbers, IBANs replaced by tokens"),
                                         ("category", "string", None), ("resolution", "string", None), ("created_at", "timestamp", None)],
    "raw/legal_documents": [("doc_id", "string", None), ("source", "string", None), ("text", "string", None), ("received_at", "timestamp", None)],
    "curated/legal_documents_labeled": [("doc_id", "string", None), ("text", "string", None),
                                        ("label", "string", "contract, complaint, subpoena, power_of_attorney, other")],
}

DATA_OWNERS = {
    "raw/transactions": ["team:data-eng", "user:kofi.mensah@kestrel.example"],
    "raw/card_events": ["team:data-eng"],
    "curated/transactions": ["team:data-eng", "user:kofi.mensah@kestrel.example"],
    "curated/chargebacks": ["team:fraud-ml"],
    "features/card_spend_7d": ["team:fraud-ml", "user:marcus.chen@kestrel.example"],
    "features/fraud_training_set": ["team:fraud-ml", "user:ana.ruiz@kestrel.example"],
    "raw/loan_applications": ["team:data-eng", ("user:helen.park@kestrel.example", "DATA_STEWARD")],
    "raw/bureau_reports": ["team:data-eng"],
    "curated/applications": ["team:credit-risk", "user:tom.becker@kestrel.example"],
    "features/credit_features": ["team:credit-risk", "user:priya.natarajan@kestrel.example"],
    "raw/support_tickets": ["team:support-ai", ("user:helen.park@kestrel.example", "DATA_STEWARD")],
    "curated/support_tickets_redacted": ["team:support-ai", "user:omar.haddad@kestrel.example"],
    "raw/legal_documents": [("user:julia.moreau@kestrel.example", "BUSINESS_OWNER")],
    "curated/legal_documents_labeled": ["team:ml-platform", ("user:julia.moreau@kestrel.example", "BUSINESS_OWNER")],
}

DOCS = {
    "raw/transactions": "Card transactions as delivered by the processor, one file per hour.",
    "raw/card_events": "Card lifecycle and authorisation events from the card platform.",
    "curated/transactions": "Deduplicated transactions with amounts converted to EUR.",
    "curated/chargebacks": "Chargebacks with the confirmed-fraud label, written by the disputes back office as agents resolve disputes.",
    "features/card_spend_7d": "Seven-day rolling spend features per card.",
    "features/fraud_training_set": "Labelled training set for the fraud classifier.",
    "raw/loan_applications": "Consumer loan applications from the web and branch channels.",
    "raw/bureau_reports": "Credit bureau reports pulled from the partner SFTP.",
    "curated/applications": "Applications joined with the latest bureau report.",
    "features/credit_features": "Credit scoring features with the 12-month default label.",
    "raw/support_tickets": "Support tickets exported from the helpdesk, with customer contact details.",
    "curated/support_tickets_redacted": "Support tickets with personal data redacted; the only ticket data allowed for model training.",
    "raw/legal_documents": "Documents received by the legal team (contracts, complaints, court orders).",
    "curated/legal_documents_labeled": "Legal documents labelled by paralegals for classification.",
}

TAGS = {
    "raw/support_tickets": [("pii", "true"), ("classification", "confidential")],
    "raw/loan_applications": [("pii", "true"), ("classification", "confidential")],
    "curated/support_tickets_redacted": [("classification", "internal")],
    "raw/legal_documents": [("classification", "restricted")],
}


def lake(name, producer, full=True, input_facets=None, output_facets=None, extra=None):
    facets = {}
    if full:
        facets["schema"] = schema(producer, SCHEMAS[name])
        facets["dataSource"] = facet("dataSource", producer, name=LAKE, uri=LAKE)
        facets["storage"] = facet("storage", producer, storageLayer="iceberg" if not name.startswith("raw/") else "s3",
                                  fileFormat="parquet" if not name.startswith("raw/") else "json")
        if name in DOCS:
            facets["documentation"] = facet("documentationDataset", producer, description=DOCS[name])
        if name in DATA_OWNERS:
            facets["ownership"] = owners(producer, *DATA_OWNERS[name])
        if name in TAGS:
            facets["tags"] = tags(producer, TAGS[name])
    if extra:
        facets.update(extra)
    return ds(LAKE, name, facets, input_facets, output_facets)


def out_stats(producer, rows, size):
    return {"outputStatistics": facet("outputStatistics", producer, rowCount=rows, size=size, fileCount=max(1, size // (64 << 20)))}


def in_quality(producer, rows, size):
    return {"dataQualityMetrics": facet("dataQualityMetrics", producer, rowCount=rows, bytes=size, columnMetrics={})}


# ---- Airflow feature pipelines ----------------------------------------------------------------

def airflow_job_facets(name, jobtype, description=None, dag_file=None, owner_list=("team:data-eng", "user:kofi.mensah@kestrel.example")):
    f = {"jobType": facet("jobType", AIRFLOW_PRODUCER, integration="AIRFLOW", jobType=jobtype, processingType="BATCH"),
         "ownership": owners(AIRFLOW_PRODUCER, *owner_list, dataset=False)}
    if dag_file:
        f["sourceCodeLocation"] = facet("sourceCodeLocation", AIRFLOW_PRODUCER, type="git",
                                        url="https://github.com/kestrel/airflow-dags/blob/8c41f2e/dags/" + dag_file,
                                        repoUrl="https://github.com/kestrel/airflow-dags.git", path="dags/" + dag_file,
                                        version="8c41f2e", branch="main")
    if description:
        f["documentation"] = facet("documentationJob", AIRFLOW_PRODUCER, description=description, contentType="text/markdown")
    if jobtype == "DAG":
        f["tags"] = tags(AIRFLOW_PRODUCER, [("schedule", "managed"), ("domain", name.split("_")[0])], dataset=False)
    return f


def engine(producer, name, version, adapter=None):
    body = {"name": name, "version": version}
    if adapter:
        body["openlineageAdapterVersion"] = adapter
    return {"processing_engine": facet("processing_engine", producer, **body)}


AIRFLOW_ENGINE = engine(AIRFLOW_PRODUCER, "Airflow", "2.10.5", "2.3.0")


def airflow_dag_run(dag, dag_file, description, nominal, tasks, owner_list=("team:data-eng", "user:kofi.mensah@kestrel.example"),
                    fail_task=None, describe_inputs=False):
    """A DAG run and its task runs; tasks are (task_id, inputs, outputs, minutes, sql).

    Outputs always carry their dataset facets; inputs only when describe_inputs is set, which keeps
    the demo files small (the merged result is the same: the latest description of each field wins).
    """
    events = []
    dag_run = uuid7(nominal)
    nominal_facet = {"nominalTime": facet("nominalTime", AIRFLOW_PRODUCER, nominalStartTime=ts(nominal),
                                          nominalEndTime=ts(nominal + timedelta(days=1)))}
    start = nominal + timedelta(seconds=RNG.randint(3, 40))
    events.append(event("START", start, AIRFLOW_PRODUCER, dag_run, AIRFLOW, dag,
                        airflow_job_facets(dag, "DAG", description, dag_file, owner_list), dict(nominal_facet, **AIRFLOW_ENGINE)))
    clock = start
    failed = False
    for task_id, inputs, outputs, minutes, sql in tasks:
        task_run = uuid7(clock)
        parent = {"parent": facet("parent", AIRFLOW_PRODUCER, job={"namespace": AIRFLOW, "name": dag},
                                  run={"runId": dag_run}, root={"job": {"namespace": AIRFLOW, "name": dag}, "run": {"runId": dag_run}})}
        job_name = dag + "." + task_id
        task_facets = airflow_job_facets(job_name, "TASK", owner_list=owner_list)
        if sql:
            task_facets["sql"] = facet("sql", AIRFLOW_PRODUCER, query=sql, dialect="sparksql")
        t0 = clock + timedelta(seconds=RNG.randint(2, 15))
        events.append(event("START", t0, AIRFLOW_PRODUCER, task_run, AIRFLOW, job_name, task_facets,
                            dict(parent, **nominal_facet, **AIRFLOW_ENGINE), inputs=[i(describe_inputs) for i in inputs]))
        t1 = t0 + timedelta(minutes=minutes, seconds=RNG.randint(0, 59))
        if fail_task == task_id:
            error = {"errorMessage": facet("errorMessage", AIRFLOW_PRODUCER,
                                           message="paramiko.ssh_exception.AuthenticationException: Authentication failed.",
                                           programmingLanguage="python",
                                           stackTrace="Traceback (most recent call last):\n  File \"/opt/airflow/dags/credit_features.py\", line 57, "
                                                      "in pull_reports\n    sftp = hook.get_conn()\nparamiko.ssh_exception.AuthenticationException: "
                                                      "Authentication failed.\n")}
            events.append(event("FAIL", t1, AIRFLOW_PRODUCER, task_run, AIRFLOW, job_name, {}, dict(parent, **error)))
            failed = True
            clock = t1
            break
        events.append(event("COMPLETE", t1, AIRFLOW_PRODUCER, task_run, AIRFLOW, job_name, {}, parent,
                            inputs=[i(False) for i in inputs], outputs=[o() for o in outputs]))
        clock = t1
    end = clock + timedelta(seconds=RNG.randint(5, 30))
    events.append(event("FAIL" if failed else "COMPLETE", end, AIRFLOW_PRODUCER, dag_run, AIRFLOW, dag, {}, {}))
    return events, dag_run


def inp(name):
    return lambda full: lake(name, AIRFLOW_PRODUCER, full)


def outp(name, rows, size, extra=None):
    return lambda: lake(name, AIRFLOW_PRODUCER, True, output_facets=out_stats(AIRFLOW_PRODUCER, rows, size), extra=extra)


CARD_LINEAGE = facet("columnLineage", AIRFLOW_PRODUCER, fields={
    "card_id": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "card_id",
                                 "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}]}]},
    "spend_7d": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "amount_eur",
                                  "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}]}]},
    "txn_count_7d": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "txn_id",
                                      "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}]}]},
    "distinct_merchants_7d": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "merchant_id",
                                               "transformations": [{"type": "DIRECT", "subtype": "AGGREGATION"}]}]},
    "foreign_ratio_7d": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "country",
                                          "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}]},
                                         {"namespace": LAKE, "name": "raw/card_events", "field": "country",
                                          "transformations": [{"type": "INDIRECT", "subtype": "FILTER"}]}]},
    "as_of": {"inputFields": [{"namespace": LAKE, "name": "curated/transactions", "field": "ts",
                               "transformations": [{"type": "DIRECT", "subtype": "TRANSFORMATION"}]}]},
}, dataset=[])


def airflow_events():
    events = []
    backfill_target = None
    # card_features: every other Monday, February to mid-November.
    day = utc(2026, 2, 2, 2, 0)
    first = True
    while day <= utc(2026, 11, 16, 2, 0):
        training_set = "features/fraud_training_set_v1" if day < utc(2026, 3, 1) else "features/fraud_training_set"
        rows = RNG.randint(8_000_000, 9_500_000)
        tasks = [
            ("clean_transactions", [inp("raw/transactions")],
             [outp("curated/transactions", rows, rows * 96, {"lifecycleStateChange": facet("lifecycleStateChange", AIRFLOW_PRODUCER, lifecycleStateChange="OVERWRITE")})],
             RNG.randint(9, 14), None),
            ("build_card_features", [inp("curated/transactions"), inp("raw/card_events")],
             [outp("features/card_spend_7d", rows // 6, rows * 9, {"columnLineage": CARD_LINEAGE})], RNG.randint(14, 22),
             "SELECT t.card_id, SUM(t.amount_eur) AS spend_7d, COUNT(t.txn_id) AS txn_count_7d, "
             "COUNT(DISTINCT t.merchant_id) AS distinct_merchants_7d, AVG(CASE WHEN t.country <> 'DE' THEN 1 ELSE 0 END) AS foreign_ratio_7d, "
             "DATE(MAX(t.ts)) AS as_of FROM curated.transactions t JOIN raw.card_events e ON e.card_id = t.card_id "
             "WHERE t.ts >= current_date - INTERVAL 7 DAYS GROUP BY t.card_id"),
            ("publish_training_set", [inp("features/card_spend_7d"), inp("curated/chargebacks")],
             [outp(training_set, rows // 40, rows * 30)], RNG.randint(5, 8), None),
        ]
        run_events, dag_run = airflow_dag_run("card_features", "card_features.py",
                                              "Builds the card spend features and the labelled fraud training set.", day, tasks,
                                              describe_inputs=first)
        first = False
        events += run_events
        if day == utc(2026, 6, 15, 2, 0):
            backfill_target = dag_run
        day += timedelta(days=14)
    # credit_features: on the first of each month; July fails at the bureau SFTP.
    for month in range(2, 12):
        nominal = utc(2026, month, 1, 3, 0)
        rows = RNG.randint(180_000, 240_000)
        tasks = [
            ("ingest_bureau_reports", [lambda full: ds("sftp://sftp.bureau-partner.example:22", "/outbound/kestrel/reports",
                                                       {"dataSource": facet("dataSource", AIRFLOW_PRODUCER, name="bureau-partner-sftp",
                                                                            uri="sftp://sftp.bureau-partner.example:22")} if full else {})],
             [outp("raw/bureau_reports", rows, rows * 410)], RNG.randint(6, 12), None),
            ("join_applications", [inp("raw/loan_applications"), inp("raw/bureau_reports")],
             [outp("curated/applications", rows, rows * 380)], RNG.randint(4, 9),
             "SELECT a.*, b.score AS bureau_score, b.delinquencies_24m FROM raw.loan_applications a "
             "LEFT JOIN raw.bureau_reports b ON b.applicant_id = a.applicant_id"),
            ("build_credit_features", [inp("curated/applications")], [outp("features/credit_features", rows, rows * 220)],
             RNG.randint(3, 6), None),
        ]
        run_events, _ = airflow_dag_run("credit_features", "credit_features.py",
                                        "Monthly credit scoring features from applications and bureau reports.", nominal, tasks,
                                        owner_list=("team:data-eng", "team:credit-risk"),
                                        fail_task="ingest_bureau_reports" if month == 7 else None, describe_inputs=month == 2)
        events += run_events
    # support_redaction: mid-month, from May.
    for month in range(5, 12):
        nominal = utc(2026, month, 15, 4, 0)
        rows = RNG.randint(40_000, 60_000)
        tasks = [("redact_tickets", [inp("raw/support_tickets")], [outp("curated/support_tickets_redacted", rows, rows * 1800)],
                  RNG.randint(20, 35), None)]
        run_events, _ = airflow_dag_run("support_redaction", "support_redaction.py",
                                        "Redacts personal data from support tickets before any model may see them.", nominal, tasks,
                                        owner_list=("team:support-ai", "user:omar.haddad@kestrel.example"), describe_inputs=month == 5)
        events += run_events
    events.sort(key=lambda e: e["eventTime"])
    return events, backfill_target


LABEL_CHECKS_PRODUCER = "https://github.com/kestrel/airflow-dags/tree/8c41f2e/plugins/label_checks"
FRAUD_REASON_CODES = "visa 10.1-10.5; mastercard 4837, 4840, 4849, 4863, 4870, 4871"


def label_audit_events():
    """fraud_label_audit, added in November 2026: checks the fraud labels of curated/chargebacks against
    the dispute reason codes. Every run so far failed: chargebacks with a fraud reason code carry
    is_fraud = false, their labels changed after the dispute was resolved, and the share of confirmed
    fraud fell below its baseline. The check operator reports its assertions as the spec's
    dataQualityAssertions input facet (1-1-0); error-severity failures fail the task, as they should."""
    events = []
    owner_list = ("team:fraud-ml", "user:marcus.chen@kestrel.example")
    dag = "fraud_label_audit"
    task = dag + ".check_chargeback_labels"
    for day, mislabelled, relabelled in [(9, 1_187, 1_160), (16, 1_203, 1_176), (23, 1_214, 1_187)]:
        nominal = utc(2026, 11, day, 5, 0)
        dag_run = uuid7(nominal, LATER_RNG)
        nominal_facet = {"nominalTime": facet("nominalTime", AIRFLOW_PRODUCER, nominalStartTime=ts(nominal),
                                              nominalEndTime=ts(nominal + timedelta(days=7)))}
        start = nominal + timedelta(seconds=LATER_RNG.randint(3, 40))
        events.append(event("START", start, AIRFLOW_PRODUCER, dag_run, AIRFLOW, dag,
                            airflow_job_facets(dag, "DAG", "Weekly audit of the fraud labels in curated/chargebacks against the dispute reason codes.",
                                               "fraud_label_audit.py", owner_list), dict(nominal_facet, **AIRFLOW_ENGINE)))
        task_run = uuid7(start, LATER_RNG)
        parent = {"parent": facet("parent", AIRFLOW_PRODUCER, job={"namespace": AIRFLOW, "name": dag},
                                  run={"runId": dag_run}, root={"job": {"namespace": AIRFLOW, "name": dag}, "run": {"runId": dag_run}})}
        task_facets = airflow_job_facets(task, "TASK", owner_list=owner_list)
        task_facets["sql"] = facet("sql", AIRFLOW_PRODUCER, dialect="sparksql",
                                   query="SELECT COUNT(*) FROM curated.chargebacks WHERE reason_code IN (:fraud_reason_codes) AND NOT is_fraud")
        t0 = start + timedelta(seconds=LATER_RNG.randint(2, 15))
        events.append(event("START", t0, AIRFLOW_PRODUCER, task_run, AIRFLOW, task, task_facets,
                            dict(parent, **nominal_facet, **AIRFLOW_ENGINE), inputs=[lake("curated/chargebacks", AIRFLOW_PRODUCER, day == 9)]))
        checks = facet("dataQualityAssertions", LABEL_CHECKS_PRODUCER, assertions=[
            {"assertion": "not_null", "success": True, "column": "txn_id", "severity": "error", "failures": 0},
            {"assertion": "unique", "success": True, "column": "txn_id", "severity": "error", "failures": 0},
            {"assertion": "relationships", "success": True, "column": "txn_id", "severity": "error", "failures": 0,
             "properties": {"to": LAKE + "/curated/transactions", "field": "txn_id"}},
            {"assertion": "fraud_reason_code_implies_fraud_label", "success": False, "column": "is_fraud", "severity": "error",
             "failures": mislabelled, "properties": {"reasonCodes": FRAUD_REASON_CODES}},
            {"assertion": "no_label_change_after_resolution", "success": False, "column": "is_fraud", "severity": "error",
             "failures": relabelled, "properties": {"compare": "label_updated_at > resolved_at"}},
            {"assertion": "fraud_rate_within_baseline", "success": False, "severity": "warn",
             "properties": {"observed": "0.38", "baseline": "0.52-0.61"}}])
        t1 = t0 + timedelta(minutes=4, seconds=LATER_RNG.randint(0, 59))
        error = {"errorMessage": facet("errorMessage", AIRFLOW_PRODUCER, programmingLanguage="python",
                                       message="airflow.exceptions.AirflowException: 2 error-severity label checks failed on curated.chargebacks: "
                                               "fraud_reason_code_implies_fraud_label (%d rows), no_label_change_after_resolution (%d rows)"
                                               % (mislabelled, relabelled))}
        events.append(event("FAIL", t1, AIRFLOW_PRODUCER, task_run, AIRFLOW, task, {}, dict(parent, **error),
                            inputs=[ds(LAKE, "curated/chargebacks", input_facets={"dataQualityAssertions": checks})]))
        events.append(event("FAIL", t1 + timedelta(seconds=LATER_RNG.randint(5, 30)), AIRFLOW_PRODUCER, dag_run, AIRFLOW, dag, {}, {}))
    return events


def malformed_backfill(dag_run):
    """A hand-rolled backfill script wrote a naive timestamp: the console must report it, not guess."""
    run_id = uuid7(utc(2026, 6, 16, 9, 12))
    e = event("COMPLETE", utc(2026, 6, 16, 9, 14), BACKFILL_PRODUCER, run_id, AIRFLOW, "card_features.build_card_features", {},
              {"parent": facet("parent", BACKFILL_PRODUCER, job={"namespace": AIRFLOW, "name": "card_features"}, run={"runId": dag_run})},
              outputs=[ds(LAKE, "features/card_spend_7d")])
    e["eventTime"] = "2026-06-16T09:14:03.511"
    return e


# ---- MLflow training --------------------------------------------------------------------------

def model_version(model, version, producer, owner_list=None, description=None, tag_pairs=None, size=None, files=None):
    facets = {"datasetType": facet("datasetType", producer, datasetType="MODEL")}
    if owner_list:
        facets["ownership"] = owners(producer, *owner_list)
    if description:
        facets["documentation"] = facet("documentationDataset", producer, description=description)
    if tag_pairs:
        facets["tags"] = tags(producer, tag_pairs)
    # a version whose files ship in sample-data/models is versioned by content
    facets["version"] = facet("version", producer, datasetVersion=oms_root_digest(files) if files else str(version))
    out = {"outputStatistics": facet("outputStatistics", producer, rowCount=1, size=size)} if size else None
    return ds(MLFLOW, "models/%s/%s" % (model, version), facets, output_facets=out)


def training_job_facets(model, repo, description, owner_list):
    return {"jobType": facet("jobType", MLFLOW_PRODUCER, processingType="BATCH", integration="MLFLOW", jobType="TRAINING"),
            "sourceCodeLocation": facet("sourceCodeLocation", MLFLOW_PRODUCER, type="git",
                                        url="https://github.com/kestrel/%s/blob/main/train.py" % repo,
                                        repoUrl="https://github.com/kestrel/%s.git" % repo, path="train.py", branch="main"),
            "documentation": facet("documentationJob", MLFLOW_PRODUCER, description=description),
            "ownership": owners(MLFLOW_PRODUCER, *owner_list, dataset=False)}


def notebook_run(notebook, dt):
    """The run of a notebook that started a training run at dt: a version-7 UUID whose random bits come
    from a hash (not the generator), so adding a parent does not change any other event's ids."""
    millis = int((dt - timedelta(minutes=3)).timestamp() * 1000)
    bits = int(hashlib.sha256(("%s@%s" % (notebook, dt.isoformat())).encode()).hexdigest(), 16)
    value = (millis << 80) | (0x7 << 76) | ((bits >> 62) & 0xFFF) << 64 | (0b10 << 62) | (bits & ((1 << 62) - 1))
    h = "%032x" % value
    return {"job": {"namespace": JUPYTER, "name": notebook}, "run": {"runId": "%s-%s-%s-%s-%s" % (h[0:8], h[8:12], h[12:16], h[16:20], h[20:32])}}


def training(model, job_facets, start, minutes, inputs, output, engine_facets, fail=None, notebook=None, rng=RNG):
    run_id = uuid7(start, rng)
    job = model + "/train" if model != "support-chat" else "support-chat/finetune"
    run_facets = dict({"nominalTime": facet("nominalTime", MLFLOW_PRODUCER, nominalStartTime=ts(start.replace(second=0, microsecond=0)))},
                      **engine_facets)
    if notebook:
        # started from a notebook: the MLflow hook names the notebook's run as its parent
        p = notebook_run(notebook, start)
        run_facets["parent"] = facet("parent", MLFLOW_PRODUCER, job=p["job"], run=p["run"])
    events = [event("START", start, MLFLOW_PRODUCER, run_id, MLFLOW, job, job_facets, run_facets, inputs=inputs)]
    end = start + timedelta(minutes=minutes)
    if fail:
        events.append(event("FAIL", end, MLFLOW_PRODUCER, run_id, MLFLOW, job, {},
                            {"errorMessage": facet("errorMessage", MLFLOW_PRODUCER, message=fail[0], programmingLanguage="python",
                                                   stackTrace=fail[1])}))
    else:
        events.append(event("COMPLETE", end, MLFLOW_PRODUCER, run_id, MLFLOW, job, {}, {}, outputs=[output]))
    return events


def training_input(name, rows, size):
    return lake(name, MLFLOW_PRODUCER, False, input_facets=in_quality(MLFLOW_PRODUCER, rows, size))


def transactions(rows):
    """curated/transactions as a training run reads it: the sequences behind the features, read whole."""
    return training_input("curated/transactions", rows, rows * 96)


def mlflow_events():
    events = []
    torch = engine(MLFLOW_PRODUCER, "pytorch", "2.6.0")
    xgb = engine(MLFLOW_PRODUCER, "xgboost", "2.1.4")
    bert_base = ds("hf://google-bert", "bert-base-uncased@86b5e0934494bd15c9632b12f734a8a67f723594")
    fraud = training_job_facets("fraud-bert", "fraud-ml", "Fine-tunes a BERT encoder on transaction sequences to score card fraud.",
                                ["team:fraud-ml", "user:ana.ruiz@kestrel.example", "user:marcus.chen@kestrel.example"])
    fraud_owners = ["team:fraud-ml", "user:ana.ruiz@kestrel.example"]
    events += training("fraud-bert", fraud, utc(2026, 2, 20, 7, 30, 12), 148,
                       [training_input("features/fraud_training_set_v1", 210_000, 1_610_612_736), transactions(24_800_000), bert_base],
                       model_version("fraud-bert", 1, MLFLOW_PRODUCER, fraud_owners, "Transaction fraud classifier", size=437_958_648), torch)
    events += training("fraud-bert", fraud, utc(2026, 4, 14, 6, 2, 40), 171,
                       [training_input("features/fraud_training_set", 228_000, 1_744_830_464), transactions(25_600_000), bert_base],
                       model_version("fraud-bert", 2, MLFLOW_PRODUCER, fraud_owners, "Transaction fraud classifier", size=437_960_112), torch)
    events += training("fraud-bert", fraud, utc(2026, 5, 19, 6, 0, 5), 23,
                       [training_input("features/fraud_training_set", 231_500, 1_771_044_864), transactions(25_900_000), bert_base], None, torch,
                       fail=("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.50 GiB (GPU 0; 22.06 GiB total capacity)",
                             "Traceback (most recent call last):\n  File \"/app/train.py\", line 212, in <module>\n    trainer.train()\n"
                             "  File \"/usr/local/lib/python3.11/site-packages/transformers/trainer.py\", line 2123, in train\n"
                             "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.50 GiB\n"))
    events += training("fraud-bert", fraud, utc(2026, 6, 3, 5, 45, 51), 186,
                       [training_input("features/fraud_training_set", 233_900, 1_789_919_232), transactions(26_300_000), bert_base],
                       model_version("fraud-bert", 3, MLFLOW_PRODUCER, fraud_owners, "Transaction fraud classifier",
                                     [("stage", "production")], size=437_961_408, files="fraud-bert-v3"), torch,
                       notebook="fraud/fraud-bert-finetune.ipynb")

    credit = training_job_facets("credit-risk-xgb", "credit-risk-models", "Gradient-boosted credit scoring model (probability of default).",
                                 ["team:credit-risk", "user:priya.natarajan@kestrel.example"])
    credit_owners = ["team:credit-risk", "user:priya.natarajan@kestrel.example", "user:tom.becker@kestrel.example"]
    for version, start, rows, tag_pairs in [(5, utc(2026, 3, 10, 9, 15, 3), 1_920_000, None),
                                            (6, utc(2026, 6, 20, 8, 40, 27), 2_140_000, [("stage", "production")]),
                                            (7, utc(2026, 10, 28, 10, 5, 44), 2_480_000, [("stage", "staging"), ("approval", "pending")])]:
        # v7 adds twelve months of spending behaviour for applicants who already hold a Kestrel card
        credit_inputs = [training_input("features/credit_features", rows, rows * 220)] + ([transactions(31_200_000)] if version == 7 else [])
        events += training("credit-risk-xgb", credit, start, 37 + version, credit_inputs,
                           model_version("credit-risk-xgb", version, MLFLOW_PRODUCER, credit_owners,
                                         "Probability-of-default model used for credit decisions", tag_pairs, size=18_874_368 + version * 1024,
                                         files="credit-risk-xgb-v7" if version == 7 else None), xgb)

    chat = training_job_facets("support-chat", "support-assistant", "LoRA fine-tune of Llama 3.1 8B Instruct for the customer support chatbot.",
                               ["team:support-ai", "user:lena.hoffmann@kestrel.example"])
    llama = ds("hf://meta-llama", "Llama-3.1-8B-Instruct",
               {"documentation": facet("documentationDataset", MLFLOW_PRODUCER, description="Base model pulled from the Hugging Face Hub")})
    adapter = ds("huggingface://hf-mirror.example.net", "community-lora/llama3.1-8b-customer-support@9f3c2b1",
                 {"documentation": facet("documentationDataset", MLFLOW_PRODUCER,
                                         description="LoRA adapter pulled from a public hub mirror as a warm start"),
                  "version": facet("version", MLFLOW_PRODUCER, datasetVersion=oms_root_digest("support-chat-adapter"))})
    events += training("support-chat", chat, utc(2026, 7, 8, 13, 20, 9), 412,
                       [training_input("curated/support_tickets_redacted", 412_000, 742_391_808), llama, adapter],
                       model_version("support-chat", 1, MLFLOW_PRODUCER, ["team:support-ai", "user:lena.hoffmann@kestrel.example"],
                                     "Customer support assistant (Llama 3.1 8B + LoRA)", [("stage", "production")], size=16_060_522_496,
                                     files="support-chat-q4"),
                       engine(MLFLOW_PRODUCER, "transformers", "4.51.3"))

    docs = training_job_facets("doc-classifier", "legal-doc-classifier", "Classifies incoming legal documents for routing.",
                               ["team:ml-platform", "user:sam.okafor@kestrel.example"])
    roberta = ds("hf://FacebookAI", "roberta-base@e2da8e2f811d1448a5b465c236feacd80ffbac7b")
    events += training("doc-classifier", docs, utc(2026, 8, 12, 10, 0, 31), 64,
                       [training_input("curated/legal_documents_labeled", 48_200, 312_475_648), roberta],
                       model_version("doc-classifier", 1, MLFLOW_PRODUCER,
                                     ["team:ml-platform", ("user:julia.moreau@kestrel.example", "BUSINESS_OWNER")],
                                     "Legal document classifier", [("stage", "production")], size=498_821_120,
                                     files="doc-classifier"), torch)

    # churn-legacy's successor, by Customer Analytics: trained on the same transactions as the fraud and credit models
    churn_owners = ["team:customer-analytics", "user:ines.duarte@kestrel.example"]
    churn = training_job_facets("churn-xgb", "churn-models", "Gradient-boosted churn model for card and loan customers.", churn_owners)
    profiles = ds(LAKE, "curated/customer_profiles", input_facets=in_quality(MLFLOW_PRODUCER, 1_250_000, 187_500_000))
    events += training("churn-xgb", churn, utc(2026, 10, 14, 9, 12, 30), 52, [transactions(31_000_000), profiles],
                       model_version("churn-xgb", 1, MLFLOW_PRODUCER, churn_owners,
                                     "Churn propensity for card and loan customers, successor of churn-legacy", [("stage", "staging")],
                                     size=9_437_184), xgb, rng=LATER_RNG)
    events.sort(key=lambda e: e["eventTime"])
    return events


# ---- GitHub Actions: packaging and deployment -------------------------------------------------

def gha_job_facets(workflow, description):
    return {"jobType": facet("jobType", GHA_PRODUCER, processingType="BATCH", integration="GITHUB_ACTIONS", jobType="JOB"),
            "sourceCodeLocation": facet("sourceCodeLocation", GHA_PRODUCER, type="git",
                                        url="https://github.com/kestrel/ml-deploy/blob/main/.github/workflows/" + workflow,
                                        repoUrl="https://github.com/kestrel/ml-deploy.git", path=".github/workflows/" + workflow, branch="main"),
            "documentation": facet("documentationJob", GHA_PRODUCER, description=description),
            "ownership": owners(GHA_PRODUCER, "team:ml-platform", "user:sam.okafor@kestrel.example", dataset=False)}


def image_digest(repo, tag):
    """The manifest digest of kestrel/<repo>:<tag> in the registry export (../oci), so that the image
    the lineage names and the image the registry holds are the same content."""
    index = os.path.join(OCI, "kestrel", repo, "index.json")
    with open(index) as f:
        for m in json.load(f)["manifests"]:
            if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
                return m["digest"][len("sha256:"):]
    raise SystemExit("kestrel/%s:%s is not in %s: run sample-data/oci/generate.py first" % (repo, tag, index))


def image(repo, tag, owner_list, producer=GHA_PRODUCER):
    name = "kestrel/%s:%s@sha256:%s" % (repo, tag, image_digest(repo, tag))
    facets = {"ownership": owners(producer, *owner_list)} if owner_list else {}
    return ds(REGISTRY, name, facets)


def deployment(cluster, name, owner_list, version, producer=GHA_PRODUCER, description=None):
    facets = {"version": facet("version", producer, datasetVersion=version)}
    if owner_list:
        facets["ownership"] = owners(producer, *owner_list)
    if description:
        facets["documentation"] = facet("documentationDataset", producer, description=description)
    return ds(cluster, name, facets)


def ci_run(job_ns, job, job_facets, producer, start, minutes, inputs, outputs, rng=RNG):
    run_id = uuid7(start, rng)
    return [event("START", start, producer, run_id, job_ns, job, job_facets, engine(producer, "github-actions", "2.321.0")
                  if producer == GHA_PRODUCER else engine(producer, "jenkins", "2.462.3"), inputs=inputs),
            event("COMPLETE", start + timedelta(minutes=minutes, seconds=rng.randint(0, 59)), producer, run_id, job_ns, job, {}, {},
                  inputs=inputs, outputs=outputs)]


def gha_events():
    events = []
    package = gha_job_facets("package-model.yml", "Builds a serving image for a registered model version and pushes it to the registry.")
    deploy = gha_job_facets("deploy.yml", "Rolls a serving image out to a Kubernetes cluster with Argo Rollouts.")
    fraud_owners = ["team:fraud-ml", "team:ml-platform"]
    credit_owners = ["team:credit-risk", "team:ml-platform"]
    releases = [
        # (model, version, image repo, tag, owners, when packaged, [(cluster, deployment, when deployed, description)])
        ("fraud-bert", 2, "fraud-scoring", "2.0.0", fraud_owners, utc(2026, 4, 15, 9, 10, 2),
         [(PROD, "fraud/fraud-scoring", utc(2026, 4, 16, 8, 0, 17), "Real-time card fraud scoring for the authorisation path")]),
        ("fraud-bert", 3, "fraud-scoring", "3.0.0", fraud_owners, utc(2026, 6, 4, 9, 31, 45),
         [(PROD, "fraud/fraud-scoring", utc(2026, 6, 5, 8, 2, 3), "Real-time card fraud scoring for the authorisation path")]),
        ("credit-risk-xgb", 6, "credit-decision-api", "6.0.0", credit_owners, utc(2026, 6, 23, 14, 5, 9),
         [(PROD, "credit/credit-decision-api", utc(2026, 6, 25, 7, 30, 40), "Credit decisions for consumer loan applications")]),
        ("credit-risk-xgb", 7, "credit-decision-api", "7.0.0", credit_owners, utc(2026, 10, 30, 11, 12, 0),
         [(STAGING, "credit/credit-decision-api", utc(2026, 11, 3, 9, 45, 12), "Staging: credit-risk-xgb v7 awaiting approval")]),
        ("support-chat", 1, "support-chat", "1.0.0", ["team:support-ai", "team:ml-platform"], utc(2026, 7, 9, 16, 2, 33),
         [(PROD, "support/support-chat", utc(2026, 7, 10, 7, 15, 0), "Customer support chatbot on the website and app")]),
        ("doc-classifier", 1, "doc-classifier", "1.0.0", ["team:ml-platform"], utc(2026, 8, 13, 10, 40, 21),
         [(PROD, "legal/doc-classifier", utc(2026, 8, 14, 8, 5, 55), "Routes incoming legal documents")]),
    ]
    def roll_out(img, model, version, owner_list, rollouts, rng=RNG):
        out = []
        for cluster, name, when, description in rollouts:
            out += ci_run(GHA, "deploy.yml", deploy, GHA_PRODUCER, when, 6, [ds(REGISTRY, img["name"])],
                          [deployment(cluster, name, owner_list, "%s-%d" % (model, version), description=description)], rng)
        return out

    for model, version, repo, tag, owner_list, packaged, rollouts in releases:
        img = image(repo, tag, owner_list)
        events += ci_run(GHA, "package-model.yml", package, GHA_PRODUCER, packaged, 11,
                         [ds(MLFLOW, "models/%s/%d" % (model, version))], [img])
        events += roll_out(img, model, version, owner_list, rollouts)
    # fraud-scoring 3.0.0 also went through staging first, to the second region, and into the nightly re-scoring job
    events += roll_out(image("fraud-scoring", "3.0.0", fraud_owners), "fraud-bert", 3, fraud_owners, [
        (STAGING, "fraud/fraud-scoring", utc(2026, 6, 4, 13, 5, 40), "Staging: fraud scoring on replayed authorisations"),
        (PROD_EU_2, "fraud/fraud-scoring", utc(2026, 6, 8, 8, 10, 12), "Real-time card fraud scoring, second region (active-active)"),
        (PROD, "fraud/fraud-rescoring-nightly", utc(2026, 6, 10, 9, 0, 31),
         "Nightly batch re-scoring of the previous day's card-not-present transactions for the chargeback-risk queue")], LATER_RNG)
    churn_owners = ["team:customer-analytics", "team:ml-platform"]
    churn = image("churn-scoring", "1.0.0", churn_owners)
    events += ci_run(GHA, "package-model.yml", package, GHA_PRODUCER, utc(2026, 10, 15, 10, 20, 4), 9,
                     [ds(MLFLOW, "models/churn-xgb/1")], [churn], LATER_RNG)
    events += roll_out(churn, "churn-xgb", 1, churn_owners, [
        (STAGING, "marketing/churn-scoring", utc(2026, 10, 19, 8, 30, 0), "Staging: churn-xgb v1 scoring alongside churn-legacy")], LATER_RNG)
    events.sort(key=lambda e: e["eventTime"])
    return events


# ---- The legacy churn model: nobody owns any of it ------------------------------------------

def legacy_events():
    events = []
    start = utc(2026, 1, 8, 11, 3, 27)
    run_id = uuid7(start)
    job_facets = {"jobType": facet("jobType", MLFLOW_PRODUCER, processingType="BATCH", integration="MLFLOW", jobType="TRAINING")}
    inputs = [ds(LAKE, "raw/customer_activity", {"schema": schema(MLFLOW_PRODUCER, [("customer_id", "string", None), ("last_login", "timestamp", None),
                                                                                  ("products", "int", None), ("balance_eur", "double", None)])}),
              ds(LAKE, "features/churn_features_2025", {"schema": schema(MLFLOW_PRODUCER, [("customer_id", "string", None),
                                                                                         ("features", "array<double>", None), ("churned", "boolean", None)])},
                 input_facets=in_quality(MLFLOW_PRODUCER, 640_000, 204_472_320))]
    events.append(event("START", start, MLFLOW_PRODUCER, run_id, MLFLOW, "churn-legacy/train", job_facets,
                        engine(MLFLOW_PRODUCER, "scikit-learn", "1.3.2"), inputs=inputs))
    events.append(event("COMPLETE", start + timedelta(minutes=19), MLFLOW_PRODUCER, run_id, MLFLOW, "churn-legacy/train", {}, {},
                        outputs=[ds(MLFLOW, "models/churn-legacy/2", {"datasetType": facet("datasetType", MLFLOW_PRODUCER, datasetType="MODEL"),
                                                                      "version": facet("version", MLFLOW_PRODUCER, datasetVersion=oms_root_digest("churn-legacy"))})]))
    jenkins = "jenkins://jenkins.kestrel.example"
    img = image("churn-scorer", "2.0.0", None, JENKINS_PRODUCER)
    events += ci_run(jenkins, "churn/package", {"jobType": facet("jobType", JENKINS_PRODUCER, processingType="BATCH",
                                                                  integration="JENKINS", jobType="JOB")},
                     JENKINS_PRODUCER, utc(2026, 1, 9, 15, 20, 0), 14, [ds(MLFLOW, "models/churn-legacy/2")], [img])
    events += ci_run(jenkins, "churn/deploy", {"jobType": facet("jobType", JENKINS_PRODUCER, processingType="BATCH",
                                                                 integration="JENKINS", jobType="JOB")},
                     JENKINS_PRODUCER, utc(2026, 1, 12, 10, 0, 5), 4, [ds(REGISTRY, img["name"])],
                     [deployment(PROD, "marketing/churn-scorer", None, "churn-legacy-2", JENKINS_PRODUCER)])
    return events


# ---- Notebooks ------------------------------------------------------------------------------

def notebook_events():
    start = utc(2026, 9, 22, 15, 41, 8)
    run_id = uuid7(start)
    ns = JUPYTER
    job = "marketing/propensity_v1.ipynb"
    job_facets = {"jobType": facet("jobType", PY_CLIENT, processingType="BATCH", integration="JUPYTER", jobType="TRAINING")}
    inputs = [ds(LAKE, "curated/customer_profiles", {"schema": schema(PY_CLIENT, [("customer_id", "string", None), ("age_band", "string", None),
                                                                                  ("region", "string", None), ("products", "int", None),
                                                                                  ("email_opt_in", "boolean", None)])}),
              ds(LAKE, "raw/marketing_campaigns")]
    return [event("START", start, PY_CLIENT, run_id, ns, job, job_facets, engine(PY_CLIENT, "scikit-learn", "1.5.2"), inputs=inputs),
            event("COMPLETE", start + timedelta(minutes=7, seconds=12), PY_CLIENT, run_id, ns, job, {}, {},
                  outputs=[ds(MLFLOW, "models/propensity/1", {"datasetType": facet("datasetType", PY_CLIENT, datasetType="MODEL")})])]


# ---- Catalog: static metadata (DatasetEvent, JobEvent) --------------------------------------

def catalog_events():
    producer = "https://github.com/kestrel/data-catalog/tree/v3.1.0/exporters/openlineage"
    when = utc(2026, 4, 1, 6, 0)
    events = []
    for name in ["raw/legal_documents", "curated/legal_documents_labeled", "curated/chargebacks"]:
        events.append({"eventTime": ts(when), "producer": producer,
                       "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
                       "dataset": lake(name, producer)})
    events.append({"eventTime": ts(when), "producer": producer,
                   "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
                   "job": {"namespace": "labelstudio://labels.kestrel.example", "name": "legal-documents",
                           "facets": {"jobType": facet("jobType", producer, processingType="BATCH", integration="LABEL_STUDIO", jobType="JOB"),
                                      "documentation": facet("documentationJob", producer,
                                                             description="Paralegals label incoming legal documents in Label Studio."),
                                      "ownership": owners(producer, ("user:julia.moreau@kestrel.example", "BUSINESS_OWNER"), dataset=False)}},
                   "inputs": [ds(LAKE, "raw/legal_documents")], "outputs": [ds(LAKE, "curated/legal_documents_labeled")]})
    return events


def write(name, events, extra_line=None, extra_after=None):
    path = os.path.join(HERE, name)
    lines = [json.dumps(e, separators=(",", ":"), sort_keys=False) for e in events]
    if extra_line is not None:
        lines.insert(extra_after, json.dumps(extra_line, separators=(",", ":")))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return lines


def main():
    legacy = legacy_events()
    mlflow = mlflow_events()
    airflow, backfill_target = airflow_events()
    airflow = sorted(airflow + label_audit_events(), key=lambda e: e["eventTime"])
    gha = gha_events()
    notebooks = notebook_events()
    catalog = catalog_events()
    bad = malformed_backfill(backfill_target)
    insert_at = next(i for i, e in enumerate(airflow) if e["eventTime"] > "2026-06-16T09:14")
    write("legacy-2026-01.ndjson", legacy)
    write("mlflow-training.ndjson", mlflow)
    lines = write("airflow-kestrel.ndjson", airflow, bad, insert_at)
    write("github-actions-ml-deploy.ndjson", gha)
    write("notebooks.ndjson", notebooks)
    write("catalog.ndjson", catalog)
    total = len(legacy) + len(mlflow) + len(lines) + len(gha) + len(notebooks) + len(catalog)
    print("wrote %d events; the malformed one is airflow-kestrel.ndjson line %d" % (total, insert_at + 1))


if __name__ == "__main__":
    main()
