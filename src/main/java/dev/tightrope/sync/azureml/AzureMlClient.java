package dev.tightrope.sync.azureml;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import java.util.HashSet;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Azure Resource Manager's GETs for one Azure Machine Learning workspace, through {@link JsonApi}
 * (bounded strict answers, the token only to the configured origin, 429 and 5xx retried with
 * {@code Retry-After}). Lists are read to their end by {@code nextLink}, which must stay on the
 * same origin; the api-version is set on every page, as Azure's own SDKs do. A 401 from a token
 * this client minted is retried once with a new one; 401 and 403 are told in words, the 403 with
 * the role and the action the call needed.
 */
final class AzureMlClient {

    static final String API_VERSION = "2024-10-01";
    /** A page of ARM resources is a few hundred KiB; a job with many inputs a few KiB. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    static final int MAX_PAGES = 10_000;
    static final String ROLE = "the Reader role on the workspace or its resource group";
    static final String ACTIONS = "Microsoft.MachineLearningServices/workspaces/";

    /** Where the bearer token comes from: one fixed token, or one minted and renewable. */
    interface Tokens {
        String token() throws ConnectorException;

        /** Forgets the token after a 401; false when there is no way to get another. */
        boolean renew();

        /** Where the token came from, for messages: "the bearer token in AZURE_ACCESS_TOKEN". */
        String origin();
    }

    /** One page's records. */
    @FunctionalInterface
    interface PageHandler {
        void accept(JsonNode item) throws ConnectorException, InterruptedException;
    }

    private final JsonApi api;
    private final ArmId workspace;
    private final Tokens tokens;
    private volatile String bearer = "";

    AzureMlClient(HttpUrl base, ArmId workspace, Tokens tokens, OkHttpClient http, RetryPolicy retry) {
        this.workspace = workspace;
        this.tokens = tokens;
        this.api = new JsonApi("Azure Machine Learning", base, request -> request.header("Authorization", "Bearer " + bearer), http, LIMITS, retry);
    }

    /** {@code W/<segments>?api-version=…}. */
    HttpUrl url(String... segments) {
        HttpUrl.Builder b = api.base().newBuilder().addPathSegments(workspace.workspaceId().substring(1));
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.addQueryParameter("api-version", API_VERSION).build();
    }

    /** The resource {@code id} names (in this workspace or another), with the api-version. */
    HttpUrl resource(ArmId id) {
        return api.base().newBuilder().addPathSegments(id.canonical().substring(1)).addQueryParameter("api-version", API_VERSION).build();
    }

    /**
     * Reads a list to its end, handing each record to {@code handler}. {@code action} is the
     * permission the call needs ({@code models/read}), named when Azure refuses it.
     */
    void list(HttpUrl first, String action, PageHandler handler) throws ConnectorException, InterruptedException {
        Set<String> seen = new HashSet<>();
        HttpUrl url = first;
        for (int pages = 0; ; pages++) {
            if (pages >= MAX_PAGES) {
                throw new ConnectorException(JsonApi.where(first), "the listing did not end after " + MAX_PAGES + " pages");
            }
            JsonNode page = get(url, action);
            JsonNode value = page.get("value");
            if (value == null || !value.isArray()) {
                throw new ConnectorException(JsonApi.where(url), "expected a list of resources ({\"value\":[…]}) as Azure Resource Manager answers a list");
            }
            for (JsonNode item : value) {
                handler.accept(item);
            }
            String next = AzureMlMapper.text(page, "nextLink");
            if (next == null) {
                return;
            }
            HttpUrl parsed = HttpUrl.parse(next.strip());
            if (parsed == null) {
                throw new ConnectorException(JsonApi.where(url), "the nextLink is not a URL");
            }
            HttpUrl nextUrl = api.checkSameOrigin(parsed, url, "the next page").newBuilder().setQueryParameter("api-version", API_VERSION).build();
            if (!seen.add(nextUrl.toString())) {
                throw new ConnectorException(JsonApi.where(url), "Azure returned a nextLink it had returned before: the listing would never end");
            }
            url = nextUrl;
        }
    }

    /** One GET; its answer, a JSON object. */
    JsonNode get(HttpUrl url, String action) throws ConnectorException, InterruptedException {
        bearer = tokens.token();
        try {
            return object(url);
        } catch (JsonApi.Unauthorized refused) {
            if (!tokens.renew()) {
                throw unauthorized(refused);
            }
            bearer = tokens.token();
            try {
                return object(url);
            } catch (JsonApi.Unauthorized again) {
                throw unauthorized(again);
            } catch (JsonApi.Forbidden forbidden) {
                throw forbidden(forbidden, action);
            }
        } catch (JsonApi.Forbidden forbidden) {
            throw forbidden(forbidden, action);
        }
    }

    private JsonNode object(HttpUrl url) throws ConnectorException, InterruptedException {
        JsonNode body = api.get(url).body();
        if (!body.isObject()) {
            throw new ConnectorException(JsonApi.where(url), "expected a JSON object, got " + body.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        return body;
    }

    private ConnectorException unauthorized(JsonApi.Unauthorized e) {
        return new ConnectorException(e.location(), "Azure Resource Manager refused " + tokens.origin() + " (401): it has expired, was revoked,"
                + " or is not a token for https://management.azure.com; get a new one and sync again" + said(e));
    }

    private JsonApi.Forbidden forbidden(JsonApi.Forbidden e, String action) {
        return new JsonApi.Forbidden(e.location(), "Azure Machine Learning refused " + ACTIONS + action + " (403): the identity of "
                + tokens.origin() + " needs " + ROLE + " (or a custom role that allows " + ACTIONS + action + ")" + said(e));
    }

    /** The service's own words JsonApi quoted, " — it said: …", or "". */
    private static String said(ConnectorException e) {
        String m = e.getMessage();
        int at = m == null ? -1 : m.indexOf(" — it said: ");
        return at < 0 ? "" : m.substring(at);
    }
}
