package dev.vigil.consul;

/** What a TTL check is set to: the last word of {@code PUT /v1/agent/check/pass|fail/ID}. */
public enum TtlStatus {
    PASS("pass"),
    FAIL("fail");

    private final String word;

    TtlStatus(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }
}
