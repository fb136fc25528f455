package dev.vigil.alert;

/**
 * How one delivery attempt went.
 *
 * @param ok        delivered (exec: exit 0; webhook: 2xx)
 * @param retryable worth another attempt (a 5xx, 429 or a refused connection); never for a timeout,
 *                  which may have been delivered and would then arrive twice
 * @param detail    for the log and {@code vigil notify test}: never contains a secret header value
 */
public record DeliveryResult(boolean ok, boolean retryable, String detail) {

    static DeliveryResult sent(String detail) {
        return new DeliveryResult(true, false, detail);
    }

    static DeliveryResult failed(String detail) {
        return new DeliveryResult(false, false, detail);
    }

    static DeliveryResult retry(String detail) {
        return new DeliveryResult(false, true, detail);
    }
}
