package dev.tightrope.sync.openlineage;

import java.util.List;

/**
 * Receives the events the live receiver accepted. Called on the receiver's single delivery
 * thread, once per accepted request, in the order requests were accepted; the emitter already got
 * its 2xx answer, so a handler that throws loses nothing the emitter can resend (the receiver
 * reports the failure). {@link OpenLineageSpool} is the handler the console uses.
 */
@FunctionalInterface
public interface LiveEventHandler {

    void onEvents(List<OpenLineageEvent> events) throws Exception;
}
