package dev.tightrope.sync.openlineage;

import dev.tightrope.domain.AssetKind;
import dev.tightrope.domain.EdgeType;
import dev.tightrope.domain.Urn;
import dev.tightrope.sync.openlineage.OpenLineageNaming.Classified;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The convention of {@link OpenLineageMapper} run backwards, for writing lineage out as OpenLineage
 * events that Tightrope imports as the lineage they came from: under which names a job, run or
 * dataset must appear for the importer to give it back its URN, and which edges the importer draws
 * by itself. Every answer is checked by running the importer's own naming forwards on it, so the
 * two directions cannot drift apart; a URN no name maps back to has no answer.
 */
public final class OpenLineageNames {

    /** The {@code jobType.jobType} that makes a job's runs training runs. */
    public static final String TRAINING_JOB_TYPE = "TRAINING";

    /** Tried in this order: most datasets need no {@code datasetType} facet to be read as what they are. */
    private static final String[] DATASET_TYPES = {null, "MODEL"};

    private OpenLineageNames() {
    }

    /** A job's or dataset's place in OpenLineage. */
    public record Name(String namespace, String name) {
    }

    /**
     * A dataset's place in OpenLineage and the {@code datasetType} its facet must declare for the
     * importer to read it as the right kind (null: no facet needed).
     */
    public record DatasetName(String namespace, String name, String datasetType) {
    }

    /** The dataset whose import is the asset {@code urn}, if there is one. */
    public static Optional<DatasetName> dataset(Urn urn) {
        for (Name candidate : candidates(urn)) {
            for (String type : DATASET_TYPES) {
                if (OpenLineageNaming.classify(candidate.namespace(), candidate.name(), type).urn().equals(urn)) {
                    return Optional.of(new DatasetName(candidate.namespace(), candidate.name(), type));
                }
            }
        }
        return Optional.empty();
    }

    /** The job whose import is the asset {@code urn} (a pipeline, or a notebook run as a job), if there is one. */
    public static Optional<Name> job(Urn urn) {
        for (Name candidate : candidates(urn)) {
            if (OpenLineageNaming.jobUrn(candidate.namespace(), candidate.name()).equals(urn)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The run id whose import is the run {@code urn}; its job must be a training job exactly when the URN is a training run's. */
    public static Optional<String> runId(Urn urn) {
        boolean training = urn.kind() == AssetKind.TRAINING_RUN;
        if (!training && urn.kind() != AssetKind.PIPELINE_RUN) {
            return Optional.empty();
        }
        String id = OpenLineageEventParser.normaliseRunId(urn.nativeId());
        return id != null && OpenLineageNaming.runUrn(training, id).equals(urn) ? Optional.of(id) : Optional.empty();
    }

    /** The model the importer makes {@code dataset} a version of ({@link EdgeType#VERSION_OF}), if any. */
    public static Optional<Urn> modelOf(DatasetName dataset) {
        Classified c = OpenLineageNaming.classify(dataset.namespace(), dataset.name(), dataset.datasetType());
        return c.model() == null ? Optional.empty() : Optional.of(c.model().urn());
    }

    /** The edge the importer draws straight from a run's input of kind {@code input} to its output of kind {@code output}, if any. */
    public static Optional<EdgeType> directEdge(AssetKind input, AssetKind output, boolean training) {
        return Optional.ofNullable(OpenLineageEmitter.directEdge(input, output, training));
    }

    /** Whether the importer takes {@code namespace} and {@code name} as they are (it strips them and bounds their length). */
    public static boolean readable(String namespace, String name) {
        return !namespace.isEmpty() && !name.isEmpty() && namespace.strip().equals(namespace) && name.strip().equals(name)
                && namespace.length() + name.length() <= OpenLineageEventParser.MAX_IDENTIFIER;
    }

    /**
     * The names that could map to {@code urn}: a Hub model as {@code hf://<org>}, a notebook as
     * {@code jupyter://<server>}, and an OpenLineage native id split at each slash after its scheme
     * and authority (nearest first, the usual {@code scheme://authority} namespace).
     */
    private static List<Name> candidates(Urn urn) {
        String id = urn.nativeId();
        List<Name> out = new ArrayList<>();
        switch (urn.sourceType()) {
            case "huggingface" -> {
                String prefix = OpenLineageNaming.HUB_HOST + "/";
                int slash = id.indexOf('/', prefix.length());
                if (id.startsWith(prefix) && slash > prefix.length()) {
                    add(out, "hf://" + id.substring(prefix.length(), slash), id.substring(slash + 1));
                }
            }
            case "jupyter" -> {
                int slash = id.indexOf('/');
                if (slash > 0) {
                    add(out, "jupyter://" + id.substring(0, slash), id.substring(slash + 1));
                }
            }
            case OpenLineageNaming.SOURCE_TYPE -> {
                int scheme = id.indexOf("://");
                for (int i = id.indexOf('/', scheme < 0 ? 0 : scheme + 3); i >= 0; i = id.indexOf('/', i + 1)) {
                    // a namespace that ends in a slash joins its name without another one
                    for (Name n : List.of(new Name(id.substring(0, i), id.substring(i + 1)), new Name(id.substring(0, i + 1), id.substring(i + 1)))) {
                        if (OpenLineageNaming.nativeId(n.namespace(), n.name()).equals(id)) {
                            add(out, n.namespace(), n.name());
                        }
                    }
                }
            }
            default -> {
                // no other source's URNs come out of the OpenLineage importer
            }
        }
        return out;
    }

    private static void add(List<Name> out, String namespace, String name) {
        if (readable(namespace, name)) {
            out.add(new Name(namespace, name));
        }
    }
}
