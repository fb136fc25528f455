package dev.vigil.alert;

/**
 * Where delivery outcomes are counted: the seam for {@code vigil_notify_total{target,result}}.
 * Results: {@code sent}, {@code failed}, {@code retried}, {@code dropped}. Called from courier
 * threads; implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface AlertCounter {
    AlertCounter NONE = (target, result) -> { };

    void count(String target, String result);
}
