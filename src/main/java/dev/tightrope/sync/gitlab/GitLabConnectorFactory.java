package dev.tightrope.sync.gitlab;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code gitlab-ci} source type. */
final class GitLabConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    GitLabConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return GitLabMapper.TYPE;
    }

    @Override
    public String description() {
        return "GitLab CI pipelines of some projects, their jobs, the artifacts they kept and their package registry files (by SHA-256), live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("url", "live: the GitLab address (default https://gitlab.com; self-managed: https://gitlab.example.com)", false, false),
                new SettingSpec("projects", "the projects to read, full paths (group/project) separated by commas (live: required; offline: default every folder)", false, false),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding a token with the read_api scope", false, true),
                new SettingSpec("max-pipelines", "the most pipelines read per project, newest first (default " + GitLabConnector.DEFAULT_MAX_PIPELINES + ")", false, false),
                new SettingSpec("packages", "live: also read each project's package registry, whose files carry a SHA-256 (default true)", false, false),
                new SettingSpec("path", "offline: a directory of saved answers: <group>/<project>/pipelines*.json, <group>/<project>/pipelines/<id>/jobs.json,"
                        + " <group>/<project>/packages*.json, <group>/<project>/packages/<id>/package_files.json, and optionally export.json {\"url\": …}", false, false),
                new SettingSpec("host", "offline: the GitLab the answers came from (default: the url in export.json beside the answers, else the host in the pipelines' web_url, else gitlab.com)", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return GitLabConnector.create(config, retry);
    }
}
