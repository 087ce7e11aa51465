package dev.tightrope.sync.github;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code github-actions} source type. */
final class GitHubConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    GitHubConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return GitHubMapper.TYPE;
    }

    @Override
    public String description() {
        return "GitHub Actions workflow runs, the artifacts they uploaded (by digest) and GitHub's attestations for them, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("url", "live: the API address (default https://api.github.com; GitHub Enterprise Server: https://<host>/api/v3)", false, false),
                new SettingSpec("repositories", "the repositories to read, owner/name separated by commas (live: required; offline: default every folder)", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding a token with Actions: read (and Attestations: read)", false, true),
                new SettingSpec("max-runs", "the most workflow runs read per repository, newest first (default " + GitHubConnector.DEFAULT_MAX_RUNS + ")", false, false),
                new SettingSpec("path", "offline: a directory of saved answers: <owner>/<repo>/runs*.json, <owner>/<repo>/runs/<id>/artifacts.json, <owner>/<repo>/attestations/sha256-<hex>.json", false, false),
                new SettingSpec("host", "offline: the GitHub the answers came from (default github.com)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return GitHubConnector.create(config, retry);
    }
}
