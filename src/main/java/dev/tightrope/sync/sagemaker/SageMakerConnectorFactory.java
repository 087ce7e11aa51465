package dev.tightrope.sync.sagemaker;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.aws.AwsCredentialsSource;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The {@code sagemaker} source type. */
final class SageMakerConnectorFactory implements ConnectorFactory {
    private final AwsCredentialsSource credentials;
    private final RetryPolicy retry;
    private final Clock clock;

    SageMakerConnectorFactory(AwsCredentialsSource credentials, RetryPolicy retry, Clock clock) {
        this.credentials = credentials;
        this.retry = retry;
        this.clock = clock;
    }

    @Override
    public String type() {
        return SageMakerMapper.TYPE;
    }

    @Override
    public String description() {
        return "Amazon SageMaker: model registry versions with their approval status, endpoints, training jobs and their S3 data, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("region", "live: the AWS region, e.g. us-east-1 (default: the profile's or AWS_REGION)", false, false),
                new SettingSpec("profile", "live: the AWS profile in ~/.aws/credentials or ~/.aws/config (default: AWS_PROFILE, the environment's keys, or default)", false, false),
                new SettingSpec(HttpSettings.URL, "live: another endpoint than https://api.sagemaker.<region>.amazonaws.com (a VPC endpoint)", false, false),
                new SettingSpec("path", "offline: a directory of AWS CLI answers (aws sagemaker describe-model-package … --output json, one per file)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return SageMakerConnector.create(config, credentials, retry, clock);
    }
}
