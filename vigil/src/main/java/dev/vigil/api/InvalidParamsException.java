package dev.vigil.api;

import java.util.Map;

/** A request's params are wrong; names the param and says what is valid. */
public final class InvalidParamsException extends ApiException {
    public InvalidParamsException(String param, String problem) {
        super(RpcErrors.INVALID_PARAMS, "invalid params: " + param + ": " + problem, Map.of("param", param));
    }
}
