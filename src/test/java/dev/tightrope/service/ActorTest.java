package dev.tightrope.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActorTest {

    private final String user = System.getProperty("user.name");

    @AfterEach
    void restoreTheUser() {
        System.setProperty("user.name", user);
    }

    @Test
    void theActorIsTheOperatingSystemUser() {
        System.setProperty("user.name", "ada");
        assertThat(Actor.current()).isEqualTo("ada");
    }

    @Test
    void aJvmWithoutAUserNameActsAsUnknown() {
        System.setProperty("user.name", " ");
        assertThat(Actor.current()).isEqualTo("unknown");
        System.clearProperty("user.name");
        assertThat(Actor.current()).isEqualTo("unknown");
    }
}
