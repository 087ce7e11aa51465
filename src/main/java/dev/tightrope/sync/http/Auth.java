package dev.tightrope.sync.http;

import okhttp3.Request;

/** How a source's credential travels: one header, sent only to the source's own origin. */
public interface Auth {

    void apply(Request.Builder request);

    /** No credential. */
    static Auth none() {
        return request -> { };
    }

    /** {@code Authorization: Bearer <token>}. */
    static Auth bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    /** Any one header, e.g. GitLab's {@code PRIVATE-TOKEN} or Jupyter's {@code Authorization: token …}. */
    static Auth header(String name, String value) {
        if (value == null || value.isBlank() || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a credential must be one non-empty line");
        }
        String v = value.strip();
        return request -> request.header(name, v);
    }
}
