/**
 * Amazon SageMaker as a source: the model registry (model package groups and their versions with
 * their approval status), endpoints and training jobs, live over the SageMaker JSON 1.1 API signed
 * with {@link dev.tightrope.sync.aws.SigV4}, or offline from the AWS CLI's JSON output.
 */
package dev.tightrope.sync.sagemaker;
