/**
 * Amazon Web Services request authentication without the AWS SDK: Signature V4
 * ({@link dev.tightrope.sync.aws.SigV4}, and {@link dev.tightrope.sync.aws.SigV4Interceptor} for
 * OkHttp) and credentials from the environment and the {@code ~/.aws} profiles
 * ({@link dev.tightrope.sync.aws.AwsCredentialsSource}), for the SageMaker connector.
 */
package dev.tightrope.sync.aws;
