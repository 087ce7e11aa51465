package dev.tightrope.scan.mcp;

import java.util.List;
import java.util.Objects;

/** The container images present on the machine, as a container engine lists them; or why they could not be listed. */
public interface ContainerImages {

    /** One local image: its id and the names it is known by ({@code repo:tag}, {@code repo@sha256:…}). */
    record Image(String id, List<String> repoTags, List<String> repoDigests) {
        public Image {
            Objects.requireNonNull(id, "id");
            repoTags = List.copyOf(repoTags);
            repoDigests = List.copyOf(repoDigests);
        }
    }

    /**
     * What an engine answered.
     *
     * @param engine      where it was asked (a socket path), or null when none answered
     * @param unavailable why no engine could be asked, or null when one answered
     */
    record Listing(String engine, List<Image> images, String unavailable) {
        public Listing {
            images = List.copyOf(images);
        }

        public boolean available() {
            return unavailable == null;
        }

        public static Listing unavailable(String why) {
            return new Listing(null, List.of(), Objects.requireNonNull(why, "why"));
        }
    }

    /** The images now; asked once per call. */
    Listing list();

    /** No engine is asked: the images cannot be told, for {@code why}. */
    static ContainerImages notAsked(String why) {
        Listing listing = Listing.unavailable(why);
        return () -> listing;
    }
}
