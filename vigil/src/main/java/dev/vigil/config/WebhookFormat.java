package dev.vigil.config;

import java.util.Locale;

/** The body a webhook target is sent: Vigil's own JSON, a Slack/Mattermost text, or Alertmanager's alerts. */
public enum WebhookFormat {
    JSON, SLACK, ALERTMANAGER;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
