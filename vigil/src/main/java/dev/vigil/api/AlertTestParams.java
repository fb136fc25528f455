package dev.vigil.api;

/** Params of {@code vigil.notify_test}: one {@code [[notify]]} target by name, or every target. */
@Doc("Which [[notify]] target to send a test notification through")
public record AlertTestParams(
        @Doc("the target's name; absent for every target") @Nullable String target) {
}
