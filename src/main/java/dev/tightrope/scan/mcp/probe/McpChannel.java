package dev.tightrope.scan.mcp.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One connection to a server that speaks JSON-RPC 2.0: stdio lines or Streamable HTTP posts. */
interface McpChannel {

    /** Sends a request and waits for its result; an error response, a timeout or a broken connection is a {@link ProbeFailure}. */
    JsonNode request(String method, ObjectNode params) throws ProbeFailure, InterruptedException;

    void notify(String method) throws ProbeFailure, InterruptedException;

    /** The protocol version the handshake agreed on; HTTP sends it with every later message. */
    default void negotiated(String protocolVersion) {
    }
}
