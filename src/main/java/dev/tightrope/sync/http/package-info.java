/**
 * The one way connectors talk to a JSON API: {@link JsonApi} (bounded, strictly parsed answers;
 * credentials only to the configured origin; no redirects followed; retries with backoff and
 * jitter on 429 and 5xx honouring {@code Retry-After} and rate-limit headers; conditional GETs;
 * {@code Link} paging that stays on the origin) and {@link HttpSettings} (timeouts, a custom CA
 * bundle added to the system's, HTTP(S) proxies from the settings or the environment, the
 * "plain http only to loopback" rule). Every connector with a live mode builds on these.
 */
package dev.tightrope.sync.http;
