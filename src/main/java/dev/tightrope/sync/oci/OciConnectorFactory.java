package dev.tightrope.sync.oci;

import dev.tightrope.domain.SourceConfig;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.ArrayList;
import java.util.List;

/** The {@code oci} source type. */
final class OciConnectorFactory implements ConnectorFactory {
    private final RetryPolicy retry;

    OciConnectorFactory(RetryPolicy retry) {
        this.retry = retry;
    }

    @Override
    public String type() {
        return OciMapper.TYPE;
    }

    @Override
    public String description() {
        return "images, indexes and model artifacts (ModelPack, Docker Model Runner, Ollama) of an OCI registry, with their signatures, live or saved";
    }

    @Override
    public List<SettingSpec> settings() {
        List<SettingSpec> all = new ArrayList<>(List.of(
                new SettingSpec("url", "live: the registry's address, e.g. https://registry.example.com (plain http only for a loopback registry)", false, false),
                new SettingSpec("repositories", "the repositories to read, separated by commas (default: every repository the registry's catalog lists)", false, false),
                new SettingSpec("username", "live: the user name for the registry's token service or basic authentication", false, false),
                new SettingSpec("password", "live: the name of the environment variable (or credentials line) holding the password or access token of username (pull access)", false, true),
                new SettingSpec("token", "live: the name of the environment variable (or credentials line) holding a ready bearer token, instead of username and password", false, true),
                new SettingSpec("max-tags", "the most tags read per repository (default " + OciConnector.DEFAULT_MAX_TAGS + ")", false, false),
                new SettingSpec("path", "offline: a directory of OCI image layouts, <registry host>/<repository>/ (oci-layout, index.json, blobs/sha256/…), as skopeo, oras or crane save them", false, false)));
        all.addAll(HttpSettings.transportSpecs());
        return all;
    }

    @Override
    public Connector create(SourceConfig config) {
        return OciConnector.create(config, retry);
    }
}
