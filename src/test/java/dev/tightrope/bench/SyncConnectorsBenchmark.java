package dev.tightrope.bench;

import dev.tightrope.base.JsonLimits;
import dev.tightrope.domain.Asset;
import dev.tightrope.domain.Cancellation;
import dev.tightrope.domain.Edge;
import dev.tightrope.domain.Finding;
import dev.tightrope.domain.OwnerClaim;
import dev.tightrope.domain.Problem;
import dev.tightrope.domain.SourceConfig;
import dev.tightrope.domain.SyncRun;
import dev.tightrope.domain.SyncStatus;
import dev.tightrope.domain.port.RecordSink;
import dev.tightrope.domain.port.SyncListener;
import dev.tightrope.service.Tightrope;
import dev.tightrope.sync.Connector;
import dev.tightrope.sync.ConnectorFactory;
import dev.tightrope.sync.SyncContext;
import dev.tightrope.sync.http.Auth;
import dev.tightrope.sync.http.HttpSettings;
import dev.tightrope.sync.http.JsonApi;
import dev.tightrope.sync.http.RetryPolicy;
import dev.tightrope.sync.huggingface.HuggingFaceConnector;
import dev.tightrope.sync.mlflow.MlflowConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

/**
 * Syncs an MLflow registry of {@code versions} model versions (ten per registered model, pages of
 * 1,000, one {@code runs/get} per version) and a Hugging Face author with {@code hfModels} models
 * (pages of 100 by {@code Link}, then one info GET per model) from local MockWebServers that
 * generate the answers, into a real cache. Issue 9's target: 50,000 + 20,000 in under 20 s on 2 cores.
 *
 * <p>Where the time goes is measured by subtraction, so nothing in the connectors is instrumented:
 * (1) the two syncs into a real cache give the total; (2) the same connectors into a sink that only
 * counts give HTTP + mapping; (3) replaying the exact requests of (2) through {@link JsonApi} (same
 * client settings, strict bounded parse) gives HTTP, which includes the JSON parse and the servers'
 * own work, on the same cores. Mapping = (2) − (3); ingest (staging, merge, commit) = (1) − (2).
 * A small warm-up through all three paths comes first, so the JIT has compiled them.
 *
 * <p>The local servers set TCP_NODELAY on their sockets, as real API servers do: MockWebServer
 * writes an answer's headers and body separately, and without it every request waits out the
 * peer's delayed ACK (about 44 ms a request here), which would measure the loopback, not Tightrope.
 */
public final class SyncConnectorsBenchmark {

    static final int VERSIONS_PER_MODEL = 10;
    static final JsonLimits LIMITS = new JsonLimits(64, 1024 * 1024, JsonLimits.LONGEST_PLAIN_NUMBER, 32L * 1024 * 1024);

    private SyncConnectorsBenchmark() {
    }

    public record Result(int versions, int hfModels, double mlflowSeconds, double hfSeconds, long records, long requests,
                         double httpSeconds, double mappingSeconds, double ingestSeconds) {
        public double totalSeconds() {
            return mlflowSeconds + hfSeconds;
        }

        public double recordsPerSecond() {
            return records / totalSeconds();
        }

        double share(double part) {
            return 100.0 * Math.max(0, part) / Math.max(1e-9, httpSeconds + Math.max(0, mappingSeconds) + Math.max(0, ingestSeconds));
        }
    }

    public static void main(String[] args) throws Exception {
        int versions = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int hf = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("tightrope-bench-sync-");
        run(2_000, 1_000, dir.resolve("warm-up"));
        print(run(versions, hf, dir.resolve("run")));
    }

    static void print(Result r) {
        System.out.printf(Locale.ROOT, "sync-connectors: %,d MLflow versions + %,d HF models: %.2f s total (MLflow %.2f s, HF %.2f s); "
                        + "%,d records, %,.0f records/s; %,d HTTP requests%n", r.versions(), r.hfModels(), r.totalSeconds(), r.mlflowSeconds(),
                r.hfSeconds(), r.records(), r.recordsPerSecond(), r.requests());
        System.out.printf(Locale.ROOT, "  by subtraction: HTTP (incl. JSON parse and the local servers) %.2f s (%.0f%%), mapping %.2f s (%.0f%%), "
                        + "ingest %.2f s (%.0f%%)%n", r.httpSeconds(), r.share(r.httpSeconds()), r.mappingSeconds(), r.share(r.mappingSeconds()),
                r.ingestSeconds(), r.share(r.ingestSeconds()));
        System.out.printf(Locale.ROOT, "  target: under 20 s on 2 cores — %s%n", r.totalSeconds() < 20 ? "met" : "NOT met");
    }

    public static Result run(int versions, int hfModels, Path dir) throws Exception {
        try (MockWebServer mlflow = new MockWebServer(); MockWebServer hub = new MockWebServer()) {
            List<RecordedRequest> seen = Collections.synchronizedList(new ArrayList<>());
            mlflow.setServerSocketFactory(new NoDelaySockets());
            hub.setServerSocketFactory(new NoDelaySockets());
            mlflow.setDispatcher(new MlflowAnswers(mlflow, versions, seen));
            hub.setDispatcher(new HubAnswers(hub, hfModels, seen));
            mlflow.start();
            hub.start();
            SourceConfig registry = new SourceConfig("registry", "mlflow", Map.of("url", mlflow.url("/").toString()));
            SourceConfig models = new SourceConfig("hub", "huggingface", Map.of("url", hub.url("/").toString(), "author", "acme",
                    "datasets", "false"));
            ConnectorFactory mlflowFactory = MlflowConnector.factory(RetryPolicy.once());
            ConnectorFactory hubFactory = HuggingFaceConnector.factory(RetryPolicy.once());

            // (1) into a real cache
            double mlflowSeconds;
            double hfSeconds;
            long records;
            try (Tightrope t = Tightrope.open(dir.resolve("workspace"))) {
                t.sources().add(registry);
                t.sources().add(models);
                long start = System.nanoTime();
                SyncRun a = t.sources().sync("registry", true, SyncListener.NONE, new Cancellation()).get(0);
                long mid = System.nanoTime();
                SyncRun b = t.sources().sync("hub", true, SyncListener.NONE, new Cancellation()).get(0);
                long end = System.nanoTime();
                for (SyncRun r : List.of(a, b)) {
                    if (r.status() != SyncStatus.SUCCEEDED) {
                        throw new IllegalStateException(r.source() + ": " + r.status() + " " + r.message());
                    }
                }
                mlflowSeconds = (mid - start) / 1e9;
                hfSeconds = (end - mid) / 1e9;
                records = a.assetsSeen() + a.edgesSeen() + b.assetsSeen() + b.edgesSeen();
            }

            // (2) the same connectors into a sink that only counts
            seen.clear();
            long start = System.nanoTime();
            Counter counter = new Counter();
            direct(mlflowFactory.create(registry), registry, counter);
            direct(hubFactory.create(models), models, counter);
            double httpAndMapping = (System.nanoTime() - start) / 1e9;
            List<RecordedRequest> requests = new ArrayList<>(seen);

            // (3) the same requests again, through JsonApi alone
            JsonApi mlflowApi = new JsonApi("MLflow", mlflow.url("/"), Auth.none(), HttpSettings.client(registry), LIMITS, RetryPolicy.once());
            JsonApi hubApi = new JsonApi("the Hub", hub.url("/"), Auth.none(), HttpSettings.client(models), LIMITS, RetryPolicy.once());
            start = System.nanoTime();
            for (RecordedRequest r : requests) {
                HttpUrl url = r.getUrl();
                (url.port() == mlflow.getPort() ? mlflowApi : hubApi).get(url);
            }
            double http = (System.nanoTime() - start) / 1e9;
            return new Result(versions, hfModels, mlflowSeconds, hfSeconds, records, requests.size(), http,
                    httpAndMapping - http, mlflowSeconds + hfSeconds - httpAndMapping);
        }
    }

    private static void direct(Connector connector, SourceConfig config, RecordSink sink) throws Exception {
        connector.sync(new SyncContext() {
            @Override
            public SourceConfig source() {
                return config;
            }

            @Override
            public String cursor() {
                return null;
            }

            @Override
            public boolean fullRequested() {
                return true;
            }

            @Override
            public void progress(long done, long total, String message) {
            }

            @Override
            public void checkCancelled() {
            }

            @Override
            public String secret(String name) {
                return null;
            }
        }, sink);
    }

    /** Counts what a connector emits, so mapping runs to completion without a cache. */
    static final class Counter implements RecordSink {
        long records;

        @Override
        public void asset(Asset asset) {
            records++;
        }

        @Override
        public void edge(Edge edge) {
            records++;
        }

        @Override
        public void owner(OwnerClaim claim) {
            records++;
        }

        @Override
        public void finding(Finding finding) {
            records++;
        }

        @Override
        public void problem(Problem problem) {
            throw new IllegalStateException(problem.location() + ": " + problem.message());
        }
    }

    /** Server sockets whose accepted connections send small writes at once (TCP_NODELAY). */
    static final class NoDelaySockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws java.io.IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws java.io.IOException {
                    java.net.Socket socket = new java.net.Socket();
                    implAccept(socket);
                    socket.setTcpNoDelay(true);
                    return socket;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address) {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    }

    static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(body).build();
    }

    /** A registry of {@code versions} versions, ten per model, in MLflow's shapes; page tokens are offsets. */
    static final class MlflowAnswers extends Dispatcher {
        private final int versions;
        private final List<RecordedRequest> seen;

        private final MockWebServer server;
        /** Requests with their bodies, taken from the server's queue, by connection and exchange. */
        private final Map<String, RecordedRequest> pending = new java.util.concurrent.ConcurrentHashMap<>();

        MlflowAnswers(MockWebServer server, int versions, List<RecordedRequest> seen) {
            this.server = server;
            this.versions = versions;
            this.seen = seen;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            seen.add(request);
            HttpUrl url = request.getUrl();
            int max = url.queryParameter("max_results") == null ? 100 : Integer.parseInt(url.queryParameter("max_results"));
            int from = url.queryParameter("page_token") == null ? 0 : Integer.parseInt(url.queryParameter("page_token"));
            return switch (url.encodedPath()) {
                case "/api/2.0/mlflow/registered-models/search" -> page("registered_models", from, max,
                        (versions + VERSIONS_PER_MODEL - 1) / VERSIONS_PER_MODEL, MlflowAnswers::model);
                case "/api/2.0/mlflow/model-versions/search" -> page("model_versions", from, max, versions, MlflowAnswers::version);
                case "/api/2.0/mlflow/runs/get" -> json(run(url.queryParameter("run_id")));
                case "/api/2.0/mlflow/runs/search" -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
                        .body(new SearchAnswer(server, request, pending)).build();
                default -> new MockResponse.Builder().code(404)
                        .body("{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"No API endpoint\"}").build();
            };
        }

        /**
         * The answer to a {@code runs/search}: MockWebServer asks its dispatcher before it reads a
         * request's body, so this answer reads the body when it is written (the server has queued
         * the whole request by then) and pads itself to a fixed length (JSON allows trailing
         * white space), long enough for the runs of one experiment.
         */
        static final class SearchAnswer implements mockwebserver3.MockResponseBody {
            static final long LENGTH = 1_200L * VERSIONS_PER_MODEL + 64;
            private final MockWebServer server;
            private final RecordedRequest request;
            private final Map<String, RecordedRequest> pending;

            SearchAnswer(MockWebServer server, RecordedRequest request, Map<String, RecordedRequest> pending) {
                this.server = server;
                this.request = request;
                this.pending = pending;
            }

            @Override
            public long getContentLength() {
                return LENGTH;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws java.io.IOException {
                String key = request.getConnectionIndex() + "/" + request.getExchangeIndex();
                RecordedRequest full = pending.remove(key);
                try {
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (full == null && System.nanoTime() < deadline) {
                        RecordedRequest r = server.takeRequest(50, java.util.concurrent.TimeUnit.MILLISECONDS);
                        if (r != null) {
                            pending.put(r.getConnectionIndex() + "/" + r.getExchangeIndex(), r);
                        }
                        full = pending.remove(key);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String json = searchRuns(full == null || full.getBody() == null ? "" : full.getBody().utf8());
                byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (bytes.length > LENGTH) {
                    throw new IllegalStateException("a search answer longer than the mock allows: " + bytes.length);
                }
                sink.write(bytes);
                for (long i = bytes.length; i < LENGTH; i++) {
                    sink.writeByte(' ');
                }
            }
        }

        /** {@code runs/search} with {@code attributes.run_id IN ('…', …)} in one experiment, as MLflow answers it. */
        static String searchRuns(String body) {
            java.util.regex.Matcher ids = java.util.regex.Pattern.compile("'([0-9a-f]{32})'").matcher(body);
            java.util.regex.Matcher exp = java.util.regex.Pattern.compile("\"experiment_ids\":\\[\"(\\d+)\"").matcher(body);
            String experiment = exp.find() ? exp.group(1) : "";
            StringBuilder out = new StringBuilder(64 * 1024).append("{\"runs\":[");
            boolean first = true;
            while (ids.find()) {
                String run = ids.group(1);
                if (!experimentOf(run).equals(experiment)) {
                    continue;
                }
                out.append(first ? "" : ",").append(runObject(run));
                first = false;
            }
            return out.append("]}").toString();
        }

        /** The run of version i is in its model's experiment. */
        static String experimentOf(String runId) {
            return Integer.toString((int) ((Long.parseLong(runId, 16) - 0x5f2a000000L) / VERSIONS_PER_MODEL) + 100);
        }

        interface Item {
            void write(StringBuilder out, int i);
        }

        static MockResponse page(String field, int from, int max, int total, Item item) {
            StringBuilder out = new StringBuilder(max * 600).append("{\"").append(field).append("\":[");
            int to = Math.min(total, from + max);
            for (int i = from; i < to; i++) {
                if (i > from) {
                    out.append(',');
                }
                item.write(out, i);
            }
            out.append(']');
            if (to < total) {
                out.append(",\"next_page_token\":\"").append(to).append('"');
            }
            return json(out.append('}').toString());
        }

        static String runId(int i) {
            return String.format(Locale.ROOT, "%032x", 0x5f2a000000L + i);
        }

        static void model(StringBuilder out, int m) {
            out.append("{\"name\":\"model-").append(m).append("\",\"creation_timestamp\":1738570000000,\"last_updated_timestamp\":1738573600000,")
                    .append("\"user_id\":\"user").append(m % 50).append("@acme.example\",\"description\":\"Model ").append(m)
                    .append("\",\"tags\":[{\"key\":\"team\",\"value\":\"team-").append(m % 20).append("\"}],")
                    .append("\"aliases\":[{\"alias\":\"champion\",\"version\":\"").append(VERSIONS_PER_MODEL).append("\"}]}");
        }

        static void version(StringBuilder out, int i) {
            int m = i / VERSIONS_PER_MODEL;
            String run = runId(i);
            out.append("{\"name\":\"model-").append(m).append("\",\"version\":\"").append(i % VERSIONS_PER_MODEL + 1)
                    .append("\",\"creation_timestamp\":1738573700000,\"last_updated_timestamp\":1738573800000,\"user_id\":\"user")
                    .append(m % 50).append("@acme.example\",\"current_stage\":\"None\",\"description\":\"\",\"source\":\"s3://mlruns/")
                    .append(m + 100).append('/').append(run).append("/artifacts/model\",\"run_id\":\"").append(run)
                    .append("\",\"status\":\"READY\",\"tags\":[{\"key\":\"model.digest\",\"value\":\"sha256:")
                    .append(String.format(Locale.ROOT, "%064x", i)).append("\"},{\"key\":\"stage\",\"value\":\"staging\"}],\"run_link\":\"\"}");
        }

        static String run(String runId) {
            return "{\"run\":" + runObject(runId) + "}";
        }

        static String runObject(String runId) {
            return "{\"info\":{\"run_id\":\"" + runId + "\",\"run_name\":\"train-" + runId.substring(24) + "\",\"experiment_id\":\""
                    + experimentOf(runId) + "\","
                    + "\"user_id\":\"ana\",\"status\":\"FINISHED\",\"start_time\":1738570000000,\"end_time\":1738573600000,"
                    + "\"artifact_uri\":\"s3://mlruns/" + experimentOf(runId) + "/" + runId + "/artifacts\",\"lifecycle_stage\":\"active\"},"
                    + "\"data\":{\"metrics\":[{\"key\":\"auc\",\"value\":0.93,\"timestamp\":1738573500000,\"step\":0}],"
                    + "\"params\":[{\"key\":\"lr\",\"value\":\"3e-5\"},{\"key\":\"epochs\",\"value\":\"3\"}],"
                    + "\"tags\":[{\"key\":\"mlflow.user\",\"value\":\"ana@acme.example\"},{\"key\":\"mlflow.source.git.commit\",\"value\":\"a1b2c3d\"}]},"
                    + "\"inputs\":{\"dataset_inputs\":[{\"tags\":[{\"key\":\"mlflow.data.context\",\"value\":\"training\"}],"
                    + "\"dataset\":{\"name\":\"txns\",\"digest\":\"c0ffee12\",\"source_type\":\"s3\","
                    + "\"source\":\"{\\\"uri\\\":\\\"s3://data/txns-" + (runId.hashCode() & 63) + "\\\"}\"}}]}}";
        }
    }

    /** An author's {@code hfModels} models in the Hub's shapes: list pages of 100 with a {@code Link} cursor, then each model's info. */
    static final class HubAnswers extends Dispatcher {
        private final MockWebServer server;
        private final int models;
        private final List<RecordedRequest> seen;

        HubAnswers(MockWebServer server, int models, List<RecordedRequest> seen) {
            this.server = server;
            this.models = models;
            this.seen = seen;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            seen.add(request);
            HttpUrl url = request.getUrl();
            String path = url.encodedPath();
            if (path.equals("/api/models")) {
                int limit = Integer.parseInt(url.queryParameter("limit"));
                int from = url.queryParameter("cursor") == null ? 0 : Integer.parseInt(url.queryParameter("cursor"));
                int to = Math.min(models, from + limit);
                StringBuilder out = new StringBuilder("[");
                for (int i = from; i < to; i++) {
                    out.append(i > from ? "," : "").append("{\"_id\":\"").append(i).append("\",\"id\":\"acme/m-").append(i)
                            .append("\",\"likes\":").append(i % 10).append(",\"private\":false}");
                }
                MockResponse.Builder b = new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json").body(out.append(']').toString());
                if (to < models) {
                    b.setHeader("Link", "<" + server.url("/api/models?author=acme&limit=" + limit + "&cursor=" + to) + ">; rel=\"next\"");
                }
                return b.build();
            }
            if (path.startsWith("/api/models/acme/m-")) {
                int i = Integer.parseInt(path.substring("/api/models/acme/m-".length()));
                String sha = String.format(Locale.ROOT, "%040x", i);
                return json("{\"_id\":\"" + i + "\",\"id\":\"acme/m-" + i + "\",\"author\":\"acme\",\"sha\":\"" + sha + "\","
                        + "\"createdAt\":\"2024-05-01T10:00:00.000Z\",\"lastModified\":\"2025-02-03T08:12:44.000Z\",\"private\":false,"
                        + "\"gated\":false,\"disabled\":false,\"downloads\":1234,\"likes\":12,\"library_name\":\"transformers\","
                        + "\"pipeline_tag\":\"text-classification\",\"tags\":[\"transformers\",\"safetensors\",\"license:apache-2.0\"],"
                        + "\"cardData\":{\"license\":\"apache-2.0\",\"datasets\":[\"acme/txns-2024\"],\"base_model\":\"google-bert/bert-base-uncased\"},"
                        + "\"siblings\":[{\"rfilename\":\"model.safetensors\",\"size\":437958648,\"blobId\":\"ab12\",\"lfs\":{\"size\":437958648,"
                        + "\"sha256\":\"" + String.format(Locale.ROOT, "%064x", 1_000_000 + i) + "\",\"pointerSize\":135}},"
                        + "{\"rfilename\":\"config.json\",\"size\":700,\"blobId\":\"0f0f\"}],"
                        + "\"securityRepoStatus\":{\"scansDone\":true,\"filesWithIssues\":[]}}");
            }
            return new MockResponse.Builder().code(404).body("{\"error\":\"Repository not found\"}").build();
        }
    }
}
