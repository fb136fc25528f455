package dev.vigil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessPolicyTest {

    @TempDir
    Path dir;

    private static AccessPolicy.Headers headers(String authorization, String origin, String site) {
        return new AccessPolicy.Headers(authorization, origin, site, "127.0.0.1:9810");
    }

    @Test
    void sameOriginComparesSchemeHostAndPort() {
        assertThat(AccessPolicy.sameOrigin("http://127.0.0.1:9810", "127.0.0.1:9810")).isTrue();
        assertThat(AccessPolicy.sameOrigin("http://LOCALHOST", "localhost")).isTrue();
        assertThat(AccessPolicy.sameOrigin("http://[::1]:9810", "[::1]:9810")).isTrue();
        assertThat(AccessPolicy.sameOrigin("http://127.0.0.1:9811", "127.0.0.1:9810")).isFalse();
        assertThat(AccessPolicy.sameOrigin("https://127.0.0.1:9810", "127.0.0.1:9810")).isFalse();
        assertThat(AccessPolicy.sameOrigin("null", "127.0.0.1:9810")).isFalse();
        assertThat(AccessPolicy.sameOrigin("http://127.0.0.1:9810", null)).isFalse();
        assertThat(AccessPolicy.sameOrigin("::not a url::", "127.0.0.1:9810")).isFalse();
    }

    @Test
    void readsAreOpenUnlessTheListenerIsRemoteWithAToken() throws Exception {
        Path file = dir.resolve("token");
        TokenFile.createIfMissing(file);
        String token = java.nio.file.Files.readString(file).strip();
        AccessPolicy local = new AccessPolicy(new TokenFile(file), false);
        AccessPolicy remote = new AccessPolicy(new TokenFile(file), true);

        assertThat(local.read(headers(null, null, null))).isInstanceOf(AccessPolicy.Verdict.Allow.class);
        assertThat(remote.read(headers(null, null, null))).isEqualTo(new AccessPolicy.Verdict.Deny(401,
                "this needs Authorization: Bearer TOKEN, the token from " + file));
        assertThat(remote.read(headers("Bearer " + token, null, null))).isInstanceOf(AccessPolicy.Verdict.Allow.class);
        assertThat(remote.read(headers("bearer " + token, null, null))).isInstanceOf(AccessPolicy.Verdict.Allow.class);
        assertThat(remote.read(headers("Basic " + token, null, null))).isInstanceOf(AccessPolicy.Verdict.Deny.class);
    }

    @Test
    void writesFromANavigationOrACliPassAndCrossSiteOnesDoNot() throws Exception {
        Path file = dir.resolve("token");
        TokenFile.createIfMissing(file);
        String auth = "Bearer " + java.nio.file.Files.readString(file).strip();
        AccessPolicy policy = new AccessPolicy(new TokenFile(file), false);

        assertThat(policy.write(headers(auth, null, null))).isInstanceOf(AccessPolicy.Verdict.Allow.class);
        assertThat(policy.write(headers(auth, null, "none"))).isInstanceOf(AccessPolicy.Verdict.Allow.class);
        assertThat(policy.write(headers(auth, null, "same-site"))).extracting(v -> ((AccessPolicy.Verdict.Deny) v).status())
                .isEqualTo(403);
        assertThat(policy.write(headers(null, null, "cross-site"))).extracting(v -> ((AccessPolicy.Verdict.Deny) v).status())
                .isEqualTo(403);
        assertThat(policy.write(headers(null, null, null))).extracting(v -> ((AccessPolicy.Verdict.Deny) v).status())
                .isEqualTo(401);
    }

    @Test
    void aMissingTokenFileSaysHowToCreateIt() {
        AccessPolicy policy = new AccessPolicy(new TokenFile(dir.resolve("absent")), false);
        assertThat(policy.write(headers("Bearer abcdefabcdefabcdef", null, null))).isEqualTo(new AccessPolicy.Verdict.Deny(
                401, "no token can be accepted: token file " + dir.resolve("absent")
                + " does not exist; create it with `vigil token`"));
    }
}
