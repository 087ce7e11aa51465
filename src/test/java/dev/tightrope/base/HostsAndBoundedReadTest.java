package dev.tightrope.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class HostsAndBoundedReadTest {

    @Test
    void loopbackIsThisMachineOnly() {
        assertThat(Hosts.isLoopback("localhost")).isTrue();
        assertThat(Hosts.isLoopback("LOCALHOST")).isTrue();
        assertThat(Hosts.isLoopback("127.0.0.1")).isTrue();
        assertThat(Hosts.isLoopback("127.1.2.3")).isTrue();
        assertThat(Hosts.isLoopback("::1")).isTrue();
        assertThat(Hosts.isLoopback("[::1]")).isTrue();
        assertThat(Hosts.isLoopback("localhost.evil.example")).isFalse();
        assertThat(Hosts.isLoopback("hub.example.com")).isFalse();
        assertThat(Hosts.isLoopback("10.0.0.1")).isFalse();
    }

    @Test
    void aStreamIsReadWholeUpToItsBoundAndRefusedBeyond() throws IOException {
        byte[] data = new byte[200_000];
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(data), 200_000)).hasSize(200_000);
        assertThatThrownBy(() -> BoundedRead.readAtMost(new ByteArrayInputStream(data), 199_999))
                .isInstanceOf(BoundedRead.TooLargeException.class).hasMessage("more than the 199999 bytes allowed");
    }

    @Test
    void aDeclaredLengthIsAHintNeverTrusted() throws IOException {
        byte[] data = new byte[5_000];
        new java.util.Random(11).nextBytes(data);
        // exact, shorter than declared, longer than declared (within the bound and past it)
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(data), 10_000, 5_000)).isEqualTo(data);
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(data), 10_000, 9_000)).isEqualTo(data);
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(data), 10_000, 10)).isEqualTo(data);
        assertThatThrownBy(() -> BoundedRead.readAtMost(new ByteArrayInputStream(data), 4_999, 100))
                .isInstanceOf(BoundedRead.TooLargeException.class);
        assertThatThrownBy(() -> BoundedRead.readAtMost(new ByteArrayInputStream(data), 4_999, 4_999))
                .isInstanceOf(BoundedRead.TooLargeException.class);
        // a declaration past the bound is not used to size anything
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(data), 10_000, Long.MAX_VALUE)).isEqualTo(data);
        assertThat(BoundedRead.readAtMost(new ByteArrayInputStream(new byte[0]), 10, 0)).isEmpty();
    }
}
