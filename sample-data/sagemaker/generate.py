#!/usr/bin/env python3
"""Writes Kestrel Lending's SageMaker export: what the AWS CLI v2 prints (--output json) for

    aws sagemaker search --resource ModelPackageGroup   > search-model-package-groups.json
    aws sagemaker search --resource ModelPackage        > search-model-packages.json
    aws sagemaker search --resource Endpoint            > search-endpoints.json
    aws sagemaker describe-endpoint-config --endpoint-config-name fraud-scoring-cnp-v3 > describe-endpoint-config-fraud-scoring-cnp-v3.json
    aws sagemaker describe-model --model-name fraud-scoring-cnp-v3                     > describe-model-fraud-scoring-cnp-v3.json
    aws sagemaker search --resource TrainingJob         > search-training-jobs.json

in eu-west-1 of account 481516234200. Search is used instead of describe-… because its records
carry their tags. The serving images are the registry's fraud-scoring images replicated to ECR:
same manifests, so the same digests as oci/ and the lineage.
"""
import json
import pathlib

HERE = pathlib.Path(__file__).parent
ACCOUNT = "arn:aws:sagemaker:eu-west-1:481516234200:"
ECR = "481516234200.dkr.ecr.eu-west-1.amazonaws.com/kestrel/fraud-scoring"
DIGEST = {
    "2.0.0": "sha256:7c368fd195bc8c48ce77146e889a047e55d6ef2a0f875a9a9a7c8be1b559ff1d",
    "3.0.0": "sha256:d46c0b26a89e14f7273b8e39321b3d1fd239303574a1bdf35d29d83df6d9d03e",
}
TAGS = [{"Key": "team", "Value": "fraud-ml"}, {"Key": "owner", "Value": "Ana Ruiz"}, {"Key": "cost-center", "Value": "FR-4410"}]
DEPLOYER = {"IamIdentity": {"Arn": "arn:aws:sts::481516234200:assumed-role/KestrelMLDeploy/github-actions",
                            "PrincipalId": "AROAXKESTREL0DEPLOY01:github-actions"}}


def package(version, image_tag, created, status, description):
    return {"ModelPackage": {
        "ModelPackageName": "fraud-bert",
        "ModelPackageGroupName": "fraud-bert",
        "ModelPackageVersion": version,
        "ModelPackageArn": f"{ACCOUNT}model-package/fraud-bert/{version}",
        "ModelPackageDescription": f"fraud-bert v{version} from MLflow (models/fraud-bert/{version}), served by fraud-scoring:{image_tag}",
        "CreationTime": created,
        "InferenceSpecification": {
            "Containers": [{
                "Image": f"{ECR}:{image_tag}",
                "ImageDigest": DIGEST[image_tag],
                "ModelDataUrl": f"s3://kestrel-sagemaker-eu-west-1/fraud-bert/{version}/model.tar.gz",
                "Framework": "PYTORCH",
                "FrameworkVersion": "2.3",
            }],
            "SupportedContentTypes": ["application/json"],
            "SupportedResponseMIMETypes": ["application/json"],
        },
        "ModelPackageStatus": "Completed",
        "ModelApprovalStatus": status,
        "ApprovalDescription": description,
        "CreatedBy": DEPLOYER,
        "MetadataProperties": {"Repository": "https://github.com/kestrel/ml-deploy", "GeneratedBy": "package-model.yml"},
        "CustomerMetadataProperties": {"mlflow.model": f"models/fraud-bert/{version}"},
        "Tags": TAGS,
    }}


def write(name, doc):
    (HERE / name).write_text(json.dumps(doc, indent=4) + "\n")


write("search-model-package-groups.json", {"Results": [{"ModelPackageGroup": {
    "ModelPackageGroupName": "fraud-bert",
    "ModelPackageGroupArn": f"{ACCOUNT}model-package-group/fraud-bert",
    "ModelPackageGroupDescription": "Transaction fraud classifier, card-not-present scoring in eu-west-1",
    "CreationTime": "2026-03-02T10:41:07.220000+00:00",
    "CreatedBy": DEPLOYER,
    "ModelPackageGroupStatus": "Completed",
    "Tags": TAGS,
}}]})

write("search-model-packages.json", {"Results": [
    package(2, "2.0.0", "2026-03-02T10:44:51.031000+00:00", "Approved", "Approved for card-not-present scoring by Ravi Kapoor (REL-1183)"),
    package(3, "3.0.0", "2026-06-09T14:02:18.774000+00:00", "Approved", "Approved by Ravi Kapoor after the security review (REL-1307)"),
]})

write("search-endpoints.json", {"Results": [{"Endpoint": {
    "EndpointName": "fraud-scoring-cnp",
    "EndpointArn": f"{ACCOUNT}endpoint/fraud-scoring-cnp",
    "EndpointConfigName": "fraud-scoring-cnp-v3",
    "ProductionVariants": [{
        "VariantName": "AllTraffic",
        "DeployedImages": [{
            "SpecifiedImage": f"{ECR}:3.0.0",
            "ResolvedImage": f"{ECR}@{DIGEST['3.0.0']}",
            "ResolutionTime": "2026-06-10T08:15:40.118000+00:00",
        }],
        "CurrentWeight": 1.0,
        "DesiredWeight": 1.0,
        "CurrentInstanceCount": 2,
        "DesiredInstanceCount": 2,
    }],
    "EndpointStatus": "InService",
    "CreationTime": "2026-03-02T11:20:05.402000+00:00",
    "LastModifiedTime": "2026-06-10T08:21:12.960000+00:00",
    "Tags": TAGS,
}}]})

write("describe-endpoint-config-fraud-scoring-cnp-v3.json", {
    "EndpointConfigName": "fraud-scoring-cnp-v3",
    "EndpointConfigArn": f"{ACCOUNT}endpoint-config/fraud-scoring-cnp-v3",
    "ProductionVariants": [{
        "VariantName": "AllTraffic",
        "ModelName": "fraud-scoring-cnp-v3",
        "InitialInstanceCount": 2,
        "InstanceType": "ml.c6i.xlarge",
        "InitialVariantWeight": 1.0,
    }],
    "KmsKeyId": "arn:aws:kms:eu-west-1:481516234200:key/6f1c2a77-1b0e-4c3e-9a51-2d7e8c0b4f10",
    "CreationTime": "2026-06-10T08:09:44.301000+00:00",
})

write("describe-model-fraud-scoring-cnp-v3.json", {
    "ModelName": "fraud-scoring-cnp-v3",
    "PrimaryContainer": {"ModelPackageName": f"{ACCOUNT}model-package/fraud-bert/3"},
    "ExecutionRoleArn": "arn:aws:iam::481516234200:role/KestrelSageMakerServing",
    "CreationTime": "2026-06-10T08:09:40.877000+00:00",
    "ModelArn": f"{ACCOUNT}model/fraud-scoring-cnp-v3",
    "EnableNetworkIsolation": True,
})

write("search-training-jobs.json", {"Results": [{"TrainingJob": {
    "TrainingJobName": "fraud-bert-distill-2026-11-20",
    "TrainingJobArn": f"{ACCOUNT}training-job/fraud-bert-distill-2026-11-20",
    "ModelArtifacts": {"S3ModelArtifacts": "s3://kestrel-sagemaker-eu-west-1/experiments/fraud-bert-distill-2026-11-20/output/model.tar.gz"},
    "TrainingJobStatus": "Completed",
    "SecondaryStatus": "Completed",
    "HyperParameters": {"teacher": "fraud-bert/3", "student_layers": "4", "epochs": "2"},
    "AlgorithmSpecification": {
        "TrainingImage": "763104351884.dkr.ecr.eu-west-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker",
        "TrainingInputMode": "FastFile",
    },
    "RoleArn": "arn:aws:iam::481516234200:role/KestrelSageMakerTraining",
    "InputDataConfig": [{
        "ChannelName": "train",
        "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://kestrel-datalake/features/fraud_training_set/",
                                        "S3DataDistributionType": "FullyReplicated"}},
    }],
    "OutputDataConfig": {"S3OutputPath": "s3://kestrel-sagemaker-eu-west-1/experiments/"},
    "FinalMetricDataList": [{"MetricName": "validation:auc", "Value": 0.941, "Timestamp": "2026-11-20T16:48:02+00:00"}],
    "CreationTime": "2026-11-20T13:02:55.610000+00:00",
    "TrainingEndTime": "2026-11-20T16:51:30.002000+00:00",
    "Tags": [{"Key": "team", "Value": "fraud-ml"}, {"Key": "owner", "Value": "Marcus Chen"}],
}}]})
