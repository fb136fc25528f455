package dev.vigil.api;

/**
 * The error codes of the control API (the {@code error.code} of a JSON-RPC response). Part of
 * the contract in docs/API.md; never renumber.
 */
public final class RpcErrors {
    /** The line is not valid JSON (or not UTF-8). */
    public static final int PARSE_ERROR = -32700;
    /** Valid JSON but not a JSON-RPC 2.0 request object; also a request line over the size limit. */
    public static final int INVALID_REQUEST = -32600;
    /** No such method; {@code data.methods} lists the methods that exist. */
    public static final int METHOD_NOT_FOUND = -32601;
    /** Params missing, of the wrong type or out of range; {@code data.param} names the param. */
    public static final int INVALID_PARAMS = -32602;
    /** The daemon failed while handling the request; it keeps running. */
    public static final int INTERNAL_ERROR = -32603;
    /** Too many connections at once; retry later. The connection is closed. */
    public static final int SERVER_BUSY = -32000;
    /** The connecting user is not allowed; {@code data.uid}/{@code data.user} name it. Connection closed. */
    public static final int PERMISSION_DENIED = -32001;
    /** No complete request arrived within the idle timeout. Connection closed. */
    public static final int IDLE_TIMEOUT = -32002;
    /** No service by that name; {@code data.name} is the name asked, {@code data.known} lists the names that exist. */
    public static final int UNKNOWN_SERVICE = 1001;
    /** {@code vigil.reload}: the new config is invalid; {@code data.problems} lists every error. Nothing changed. */
    public static final int CONFIG_REJECTED = 1002;
    /** The daemon cannot do this now (e.g. it is shutting down); {@code message} says why. */
    public static final int UNAVAILABLE = 1003;

    private RpcErrors() {
    }
}
