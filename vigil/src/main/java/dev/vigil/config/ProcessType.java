package dev.vigil.config;

/** {@code type = "simple" | "notify"}. */
public enum ProcessType {
    SIMPLE, NOTIFY
}
