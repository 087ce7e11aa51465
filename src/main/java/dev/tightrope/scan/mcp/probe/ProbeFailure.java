package dev.tightrope.scan.mcp.probe;

/** A probe that did not complete, with the reason in words for the user ("no answer to initialize within 10 s"). */
public final class ProbeFailure extends Exception {
    /** JSON-RPC's code for a method the server does not have. */
    static final int METHOD_NOT_FOUND = -32601;

    private final Integer rpcCode;

    public ProbeFailure(String reason) {
        this(reason, (Integer) null);
    }

    ProbeFailure(String reason, Integer rpcCode) {
        super(reason);
        this.rpcCode = rpcCode;
    }

    public ProbeFailure(String reason, Throwable cause) {
        super(reason, cause);
        this.rpcCode = null;
    }

    /** Whether the server answered with a JSON-RPC error saying it has no such method. */
    boolean methodNotFound() {
        return rpcCode != null && rpcCode == METHOD_NOT_FOUND;
    }
}
