package dev.vigil.alert;

import java.util.Locale;

/** The two halves of every alert: it fires, and later it resolves. */
public enum AlertStatus {
    FIRING, RESOLVED;

    /** As sent in VIGIL_EVENT and the JSON document. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
