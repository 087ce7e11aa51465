package dev.tightrope.sync.sagemaker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tightrope.base.BoundedRead;
import dev.tightrope.base.JsonLimits;
import dev.tightrope.base.UntrustedJson;
import dev.tightrope.sync.ConnectorException;
import dev.tightrope.sync.http.Reachability;
import dev.tightrope.sync.http.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * SageMaker's JSON 1.1 API: {@code POST /} with {@code X-Amz-Target: SageMaker.<Op>}, signed by
 * the client's {@link dev.tightrope.sync.aws.SigV4Interceptor}. Answers are bounded and parsed
 * strictly; errors ({@code {"__type": …, "message": …}}) are told in words: which permission is
 * missing, that the credentials expired. Throttling and 5xx are retried with the policy's backoff
 * (full jitter, as botocore's standard mode).
 */
final class SageMakerClient {

    static final MediaType AMZ_JSON = MediaType.get("application/x-amz-json-1.1");
    /** A page of 100 summaries or one Describe answer is a few hundred KiB at most. */
    static final long MAX_BYTES = 16L * 1024 * 1024;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, MAX_BYTES);
    static final int MAX_PAGES = 10_000;
    static final Set<String> THROTTLING = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
            "RequestLimitExceeded", "LimitExceededException");
    private static final ObjectMapper WRITER = new ObjectMapper();

    private final HttpUrl endpoint;
    private final OkHttpClient http;
    private final RetryPolicy retry;
    private final String credentialsOrigin;
    private final UntrustedJson json = UntrustedJson.withLimits(LIMITS);

    /** A Describe of something deleted since it was listed: that record's problem, not the sync's. */
    static final class NotFound extends ConnectorException {
        NotFound(String location, String message) {
            super(location, message);
        }
    }

    /** What one page of a List operation does with its records. */
    @FunctionalInterface
    interface PageHandler {
        void accept(List<JsonNode> items) throws ConnectorException, InterruptedException;
    }

    SageMakerClient(HttpUrl endpoint, OkHttpClient http, RetryPolicy retry, String credentialsOrigin) {
        this.endpoint = endpoint;
        this.http = http.newBuilder().followRedirects(false).followSslRedirects(false).build();
        this.retry = retry;
        this.credentialsOrigin = credentialsOrigin;
    }

    String where(String operation) {
        return endpoint + " " + operation;
    }

    /** A List operation read to its end by {@code NextToken}; a token repeated or pages without end fail the sync. */
    void list(String operation, ObjectNode input, String field, PageHandler handler) throws ConnectorException, InterruptedException {
        Set<String> tokens = new HashSet<>();
        ObjectNode request = input.deepCopy();
        for (int pages = 0; ; pages++) {
            if (pages >= MAX_PAGES) {
                throw new ConnectorException(where(operation), "the listing did not end after " + MAX_PAGES + " pages");
            }
            JsonNode answer = call(operation, request);
            JsonNode items = answer.get(field);
            if (items != null && !items.isNull() && !items.isArray()) {
                throw new ConnectorException(where(operation), "\"" + field + "\" is not a list");
            }
            List<JsonNode> page = new java.util.ArrayList<>();
            if (items != null) {
                items.forEach(page::add);
            }
            handler.accept(page);
            String next = SageMakerMapper.text(answer, "NextToken");
            if (next == null) {
                return;
            }
            if (!tokens.add(next)) {
                throw new ConnectorException(where(operation), "SageMaker returned a NextToken it had returned before: the listing would never end");
            }
            request.put("NextToken", next);
        }
    }

    /** One operation; its answer, a JSON object. */
    JsonNode call(String operation, JsonNode input) throws ConnectorException, InterruptedException {
        byte[] body;
        try {
            body = WRITER.writeValueAsBytes(input);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request", e);
        }
        // the headers botocore signs, and no others: content-type, host, x-amz-date, x-amz-target
        Request request = new Request.Builder().url(endpoint).header("X-Amz-Target", "SageMaker." + operation)
                .post(RequestBody.create(body, AMZ_JSON)).build();
        for (int attempt = 0; ; attempt++) {
            boolean last = attempt + 1 >= retry.attempts();
            try (Response r = http.newCall(request).execute()) {
                byte[] bytes = read(r, operation);
                if (r.isSuccessful()) {
                    JsonNode answer = parse(bytes, operation);
                    if (!answer.isObject()) {
                        throw new ConnectorException(where(operation), "expected a JSON object, got " + answer.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                    }
                    return answer;
                }
                AwsError error = AwsError.of(r.code(), bytes);
                if (!last && (THROTTLING.contains(error.code()) || List.of(500, 502, 503, 504).contains(r.code()))) {
                    pause(attempt);
                    continue;
                }
                throw failure(operation, r.code(), error, r.header("x-amzn-RequestId"));
            } catch (IOException e) {
                if (last) {
                    throw new ConnectorException(where(operation), "cannot reach SageMaker: " + Reachability.describe(e), e);
                }
                pause(attempt);
            }
        }
    }

    private void pause(int attempt) throws InterruptedException {
        long cap = Math.min(retry.maxBackoff().toMillis(), retry.firstBackoff().toMillis() << Math.min(attempt, 20));
        retry.sleeper().sleep(Duration.ofMillis(cap <= 0 ? 0 : (long) (retry.random().nextDouble() * cap)));
    }

    /** An error answer's code ({@code __type} without its namespace) and message. */
    record AwsError(String code, String message) {
        static AwsError of(int status, byte[] bytes) {
            try {
                JsonNode body = UntrustedJson.withLimits(new JsonLimits(16, 4096, JsonLimits.LONGEST_PLAIN_NUMBER, 64 * 1024)).read(bytes);
                String type = SageMakerMapper.text(body, "__type");
                if (type != null) {
                    type = type.substring(type.indexOf('#') + 1);
                    type = type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
                }
                String message = SageMakerMapper.text(body, "message") != null ? SageMakerMapper.text(body, "message") : SageMakerMapper.text(body, "Message");
                return new AwsError(type == null ? "HTTP " + status : type, message == null ? "" : clean(message));
            } catch (IOException | RuntimeException notJson) {
                return new AwsError("HTTP " + status, "");
            }
        }
    }

    private ConnectorException failure(String operation, int status, AwsError error, String requestId) {
        String said = error.message().isEmpty() ? "" : " — it said: " + error.message();
        String request = requestId == null ? "" : " (request " + clean(requestId) + ")";
        String where = where(operation);
        return switch (error.code()) {
            case "AccessDeniedException" -> new ConnectorException(where, "SageMaker refused " + operation + " (AccessDeniedException): the IAM policy of the"
                    + " credentials from " + credentialsOrigin + " must allow sagemaker:" + operation + said + request);
            case "ExpiredTokenException", "ExpiredToken" -> new ConnectorException(where, "the AWS credentials from " + credentialsOrigin
                    + " have expired (ExpiredTokenException): renew them (aws sso login, or export new temporary keys) and sync again" + request);
            case "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "IncompleteSignature" ->
                    new ConnectorException(where, "SageMaker refused the credentials from " + credentialsOrigin + " (" + error.code()
                            + "): check the access key, its secret and the region" + said + request);
            case "ResourceNotFound", "ResourceNotFoundException" -> new NotFound(where, "not found (" + error.code() + ")" + said);
            default -> new ConnectorException(where, (THROTTLING.contains(error.code()) || status >= 500
                    ? "SageMaker kept failing (" + error.code() + ") after " + retry.attempts() + " attempts"
                    : "SageMaker answered " + status + " (" + error.code() + ")") + said + request);
        };
    }

    private byte[] read(Response r, String operation) throws ConnectorException {
        long declared = r.body().contentLength();
        if (declared > MAX_BYTES) {
            throw new ConnectorException(where(operation), "the answer is " + declared + " bytes, more than the " + MAX_BYTES + " allowed");
        }
        try (InputStream in = r.body().byteStream()) {
            return BoundedRead.readAtMost(in, MAX_BYTES, declared);
        } catch (BoundedRead.TooLargeException e) {
            throw new ConnectorException(where(operation), "the answer is " + e.getMessage());
        } catch (IOException e) {
            throw new ConnectorException(where(operation), "the answer broke off: " + e.getMessage(), e);
        }
    }

    private JsonNode parse(byte[] bytes, String operation) throws ConnectorException {
        try {
            return json.read(bytes);
        } catch (JsonProcessingException e) {
            throw new ConnectorException(where(operation), UntrustedJson.isDuplicateKey(e) ? "the answer is not valid JSON: a key appears twice"
                    : UntrustedJson.exceedsLimit(e) ? "the answer exceeds the JSON limits (depth, string or number length)" : "the answer is not valid JSON");
        } catch (IOException e) {
            throw new ConnectorException(where(operation), "the answer is not valid JSON: " + e.getClass().getSimpleName());
        }
    }

    static String clean(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return out.toString().strip() + (s.codePointCount(0, s.length()) > 200 ? "…" : "");
    }
}
