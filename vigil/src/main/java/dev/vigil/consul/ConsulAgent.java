package dev.vigil.consul;

import java.io.IOException;

/** Sets a TTL check's status on a Consul agent. */
@FunctionalInterface
interface ConsulAgent {

    /**
     * Returns once the agent accepted the update.
     *
     * @throws IOException the agent could not be reached in time, or refused (the message says why)
     */
    void update(String checkId, TtlStatus status, String note) throws IOException;
}
