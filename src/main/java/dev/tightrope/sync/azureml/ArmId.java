package dev.tightrope.sync.azureml;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure Machine Learning resource inside a workspace, from the ways Azure writes one: the ARM id
 * ({@code /subscriptions/…/resourceGroups/…/providers/Microsoft.MachineLearningServices/workspaces/W/models/N/versions/V}),
 * the same with the CLI's {@code azureml:} prefix, and the asset URI
 * ({@code azureml://subscriptions/…/resourcegroups/…/workspaces/W/data/N/versions/V}). Subscription,
 * resource group and workspace are case-insensitive in Azure and kept in lower case, and the
 * collection names in Azure's spelling, so every spelling of one resource gives one {@link #canonical()} id.
 *
 * @param path the segments after the workspace: {@code [models, N, versions, V]}
 */
record ArmId(String subscription, String resourceGroup, String workspace, List<String> path) {

    private static final Pattern ID = Pattern.compile(
            "/?subscriptions/([^/]+)/resourcegroups/([^/]+)/(?:providers/microsoft\\.machinelearningservices/)?workspaces/([^/]+)((?:/[^/]+)*)/?",
            Pattern.CASE_INSENSITIVE);
    /** Collection segments as Azure spells them; the parser meets them in any case. */
    private static final Map<String, String> COLLECTIONS = Map.of("models", "models", "versions", "versions", "data", "data",
            "onlineendpoints", "onlineEndpoints", "deployments", "deployments", "jobs", "jobs", "environments", "environments",
            "datastores", "datastores", "paths", "paths");

    /** The id in any of the spellings above, or null when it is not one inside a workspace. */
    static ArmId parse(String id) {
        if (id == null) {
            return null;
        }
        String s = id.strip();
        if (s.regionMatches(true, 0, "azureml://", 0, "azureml://".length())) {
            s = s.substring("azureml://".length());
        } else if (s.regionMatches(true, 0, "azureml:", 0, "azureml:".length())) {
            s = s.substring("azureml:".length());
        }
        Matcher m = ID.matcher(s);
        if (!m.matches()) {
            return null;
        }
        String rest = m.group(4);
        List<String> path = rest.isEmpty() ? List.of() : List.of(rest.substring(1).split("/"));
        String[] segments = path.toArray(new String[0]);
        // a datastore path keeps its own slashes and case after "paths"
        int keepFrom = path.size();
        for (int i = 0; i < segments.length; i += 2) {
            String canonical = COLLECTIONS.get(segments[i].toLowerCase(Locale.ROOT));
            if (canonical == null) {
                return null;
            }
            segments[i] = canonical;
            if (canonical.equals("paths")) {
                keepFrom = i + 1;
                break;
            }
        }
        List<String> parts = List.of(segments);
        if (keepFrom < parts.size()) {
            parts = new java.util.ArrayList<>(parts.subList(0, keepFrom));
            parts.add(String.join("/", path.subList(keepFrom, path.size())));
            parts = List.copyOf(parts);
        }
        return new ArmId(m.group(1).toLowerCase(Locale.ROOT), m.group(2).toLowerCase(Locale.ROOT), m.group(3).toLowerCase(Locale.ROOT), parts);
    }

    /** The workspace's ARM id. */
    String workspaceId() {
        return "/subscriptions/" + subscription + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.MachineLearningServices/workspaces/" + workspace;
    }

    /** The workspace's own id for a resource inside it ({@code models/N/versions/V}, one segment each). */
    ArmId child(String... segments) {
        return new ArmId(subscription, resourceGroup, workspace, List.of(segments));
    }

    /** The resource this one belongs to: a model's for a model version, the endpoint's for a deployment. */
    ArmId parent() {
        return path.size() <= 2 ? null : new ArmId(subscription, resourceGroup, workspace, path.subList(0, path.size() - 2));
    }

    /** The collection ({@code models}, {@code onlineEndpoints}, …) the path starts with, or "" for the workspace. */
    String collection() {
        return path.isEmpty() ? "" : path.get(0);
    }

    /** True for {@code <collection>/N} (no {@code subCollection}) or {@code <collection>/N/<subCollection>/M}. */
    boolean is(String collection, String subCollection) {
        return subCollection == null ? path.size() == 2 && path.get(0).equals(collection)
                : path.size() == 4 && path.get(0).equals(collection) && path.get(2).equals(subCollection);
    }

    /** The name in the path's {@code index}-th pair: 0 the model, endpoint, job…; 1 its version or deployment. */
    String name(int index) {
        return path.get(index * 2 + 1);
    }

    String canonical() {
        return workspaceId() + (path.isEmpty() ? "" : "/" + String.join("/", path));
    }

    @Override
    public String toString() {
        return canonical();
    }
}
