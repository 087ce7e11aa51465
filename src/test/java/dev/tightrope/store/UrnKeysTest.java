package dev.tightrope.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UrnKeysTest {

    @Test
    void sipHashMatchesTheReferenceVector() {
        byte[] key = new byte[16];
        for (int i = 0; i < 16; i++) {
            key[i] = (byte) i;
        }
        byte[] message = new byte[15];
        for (int i = 0; i < 15; i++) {
            message[i] = (byte) i;
        }
        // SipHash-2-4 paper, appendix A: key 00..0f, message 00..0e
        assertThat(new UrnKeys(key).sipHash24(message)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void differentCacheSecretsGiveDifferentKeys() {
        byte[] a = new byte[16];
        byte[] b = new byte[16];
        b[0] = 1;
        String urn = "tr:dataset:openlineage:s3://lake/txns";
        assertThat(new UrnKeys(a).key(urn)).isNotEqualTo(new UrnKeys(b).key(urn));
    }
}
