package dev.tightrope.sync.aws;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;

/**
 * Signs every request that goes through the client with {@link SigV4}. The credentials are asked
 * of the supplier for each request, so temporary ones can be renewed between requests; the time
 * is the clock's at each attempt, so a retried request carries a fresh signature.
 *
 * <p>Install it as an application interceptor: the signed headers are those the caller set, plus
 * {@code Host} and {@code Content-Type}, which this sets itself so that OkHttp sends exactly the
 * signed values. Headers OkHttp adds later ({@code Content-Length}, {@code Accept-Encoding},
 * {@code User-Agent}) are not signed; AWS does not require them to be.
 */
public final class SigV4Interceptor implements Interceptor {

    private final SigV4 signer;
    private final Supplier<AwsCredentials> credentials;
    private final Clock clock;

    public SigV4Interceptor(SigV4 signer, Supplier<AwsCredentials> credentials, Clock clock) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder builder = request.newBuilder()
                .removeHeader("Authorization").removeHeader("X-Amz-Date").removeHeader("X-Amz-Security-Token")
                .header("Host", SigV4.hostHeader(request.url()));
        String payloadSha256 = SigV4.EMPTY_PAYLOAD_SHA256;
        RequestBody body = request.body();
        if (body != null) {
            if (body.isDuplex() || body.isOneShot()) {
                throw new IOException("cannot sign a streamed request body: SigV4 needs its SHA-256 before sending");
            }
            Buffer bytes = new Buffer();
            body.writeTo(bytes);
            payloadSha256 = SigV4.sha256Hex(bytes.readByteArray());
            MediaType type = body.contentType();
            if (type != null) {
                // OkHttp sends the body's type whatever the header said, so that is the one to sign
                builder.header("Content-Type", type.toString());
            }
        }
        // the headers to sign are the ones the request will go out with
        Request unsigned = builder.build();
        SigV4.Signature signature = signer.sign(unsigned.method(), unsigned.url(), unsigned.headers(), payloadSha256,
                credentials.get(), clock.instant());
        signature.headers().forEach(builder::header);
        return chain.proceed(builder.build());
    }
}
