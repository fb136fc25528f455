package dev.vigil.web;

import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Every error Jetty itself answers (a malformed request, headers too large, a failure that
 * escaped a handler) as the same JSON error object as ours, with only the HTTP reason: no HTML,
 * no exception text, no stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        Answers.error(response, callback, code, null, reason(code), Map.of());
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Answers.JSON);
        return ByteBuffer.wrap(Answers.errorBody(status, null, reason(status), Map.of()));
    }

    private static String reason(int code) {
        String reason = HttpStatus.getMessage(code);
        return reason == null ? "error " + code : reason.toLowerCase(java.util.Locale.ROOT);
    }
}
