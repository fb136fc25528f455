package dev.vigil.notify;

import java.util.List;

/**
 * A received, parsed notify datagram with its sender's kernel-checked credentials.
 *
 * @param service  the service whose socket received it
 * @param process  the process whose socket received it
 * @param senderPid from SCM_CREDENTIALS
 * @param senderUid from SCM_CREDENTIALS
 * @param messages the understood assignments, in order
 */
public record NotifyDatagram(String service, String process, long senderPid, int senderUid,
                             List<NotifyMessage> messages) {
    public NotifyDatagram {
        messages = List.copyOf(messages);
    }
}
