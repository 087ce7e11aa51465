package dev.tightrope.service;

/**
 * The live OpenLineage receiver as the console shows it. While stopped, the counts are those of
 * the last time it ran (zero before the first start).
 *
 * @param running          whether it listens
 * @param endpoint         the full endpoint URL, or null while stopped
 * @param tokenRequired    whether requests must carry the bearer token
 * @param acceptedEvents   events accepted and kept in the spool
 * @param rejectedRequests requests refused for what they held or asked (malformed events, wrong path, size, encoding)
 * @param failedDeliveries accepted requests that could not be written to the spool
 * @param refusals         requests refused before anything of them was read
 */
public record LiveLineageStatus(boolean running, String endpoint, boolean tokenRequired, long acceptedEvents,
                                long rejectedRequests, long failedDeliveries, Refusals refusals) {

    static final LiveLineageStatus NEVER_STARTED = new LiveLineageStatus(false, null, false, 0, 0, 0, new Refusals(0, 0, 0, 0));

    /**
     * Requests refused before reading them, by reason.
     *
     * @param foreignHost   a {@code Host} that is not the receiver's address: a page reaching it through a rebound DNS name
     * @param browserOrigin an {@code Origin} header: a request from a web page
     * @param notJson       a content type other than JSON or NDJSON (what pages can send without asking), or none
     * @param badToken      a missing or wrong bearer token
     */
    public record Refusals(long foreignHost, long browserOrigin, long notJson, long badToken) {
        public long total() {
            return foreignHost + browserOrigin + notJson + badToken;
        }
    }
}
