package dev.vigil.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Who may do what over HTTP. Reads are open on a loopback or Unix-socket listener (and on a
 * remote one with {@code allow_unauthenticated_remote}); everything that changes state needs
 * {@code Authorization: Bearer TOKEN}. A state change must also come from the same origin: a
 * browser sends {@code Origin} and {@code Sec-Fetch-Site} with a POST, so a page on another site
 * that the operator happens to visit cannot restart services through their browser.
 *
 * <p>Pure: headers in, verdict out. Thread-safe.
 */
final class AccessPolicy {

    sealed interface Verdict {
        record Allow() implements Verdict {}

        /** {@code status} 401 (who are you) or 403 (not from here). */
        record Deny(int status, String message) implements Verdict {}
    }

    /** The request's headers that matter; any may be null (absent). */
    record Headers(String authorization, String origin, String secFetchSite, String host) {}

    private static final String BEARER = "bearer ";

    private final TokenFile token;
    private final boolean readsNeedToken;

    AccessPolicy(TokenFile token, boolean readsNeedToken) {
        this.token = token;
        this.readsNeedToken = readsNeedToken;
    }

    Verdict read(Headers headers) {
        return readsNeedToken ? bearer(headers) : new Verdict.Allow();
    }

    Verdict write(Headers headers) {
        String site = headers.secFetchSite();
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return new Verdict.Deny(403, "cross-origin request refused (Sec-Fetch-Site: " + site
                    + "); actions are accepted only from the same origin or from non-browser clients");
        }
        if (headers.origin() != null && !sameOrigin(headers.origin(), headers.host())) {
            return new Verdict.Deny(403, "cross-origin request refused (Origin: " + headers.origin()
                    + "); actions are accepted only from the same origin or from non-browser clients");
        }
        return bearer(headers);
    }

    private Verdict bearer(Headers headers) {
        String authorization = headers.authorization();
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new Verdict.Deny(401, "this needs Authorization: Bearer TOKEN, the token from " + token.path());
        }
        return switch (token.state()) {
            case TokenFile.State.Unusable u -> new Verdict.Deny(401, "no token can be accepted: " + u.why());
            case TokenFile.State.Usable usable -> TokenFile.matches(usable, authorization.substring(BEARER.length()).strip())
                    ? new Verdict.Allow()
                    : new Verdict.Deny(401, "wrong token");
        };
    }

    /** {@code Origin: http://127.0.0.1:9810} against {@code Host: 127.0.0.1:9810}. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = new URI(origin);
            if (uri.getHost() == null || !"http".equalsIgnoreCase(uri.getScheme())) {
                return false;
            }
            int port = uri.getPort() == -1 ? 80 : uri.getPort();
            String authority = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
            String hostHeader = host.toLowerCase(Locale.ROOT);
            String withPort = hostHeader.matches(".*:\\d+$") ? hostHeader : hostHeader + ":80";
            return authority.equals(withPort);
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
