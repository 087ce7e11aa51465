package dev.tightrope.service;

import dev.tightrope.domain.AssetRecord;
import dev.tightrope.domain.Digest;
import dev.tightrope.domain.Urn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The promotion policy of a workspace, evaluated: what the Approvals queue, a release's pane, the
 * asset detail and {@code tightrope policy check} ask. One engine ({@link PolicyEngine}) gives
 * the verdict everywhere, including {@code tightrope verify --policy} with a workspace cache.
 */
public final class PolicyService {

    /** Where the published JSON Schema of the policy file is, in the application and in the repository. */
    public static final String SCHEMA_RESOURCE = "/policies/policy.schema.json";

    private final ApprovalService approvals;
    private final InventoryService inventory;
    private final TrustService trust;

    PolicyService(ApprovalService approvals, InventoryService inventory, TrustService trust) {
        this.approvals = approvals;
        this.inventory = inventory;
        this.trust = trust;
    }

    /** The stages of the workspace policy, the default first. */
    public List<String> stages() {
        return trust.policy().stages();
    }

    /**
     * The verdict about a release at a stage (null: the default stage). {@code subject} is an
     * asset URN (the release of its sha256 digest) or a {@code sha256:} digest; an asset without
     * a sha256 digest is no release, an {@link IllegalArgumentException} saying so.
     */
    public GateResult check(String subject, String stage) {
        return approvals.gate(digestOf(subject), stage);
    }

    /** Whether the asset is a release the policy judges: it has a sha256 digest. */
    public boolean judges(Urn urn) {
        return inventory.find(urn).map(r -> r.asset().digest() != null && r.asset().digest().algorithm().equals("sha256"))
                .orElse(false);
    }

    /** The facts of the release with this digest from the cache (what {@code verify --workspace} gives the engine). */
    public ReleaseFacts facts(Digest digest) {
        return approvals.facts(digest);
    }

    private String digestOf(String subject) {
        if (!subject.startsWith("tr:")) {
            return Digest.parse(subject).toString();
        }
        AssetRecord r = inventory.find(Urn.parse(subject))
                .orElseThrow(() -> new IllegalArgumentException("no asset " + subject + " in this workspace"));
        Digest d = r.asset().digest();
        if (d == null || !d.algorithm().equals("sha256")) {
            throw new IllegalArgumentException(subject + " has no sha256 digest, so it is no release the promotion policy judges "
                    + "(a model version, a scanned model directory or an image with a digest is)");
        }
        return d.toString();
    }

    /** The published JSON Schema (draft 2020-12) of the policy file. */
    public static byte[] schema() {
        try (InputStream in = PolicyService.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this build does not contain " + SCHEMA_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
