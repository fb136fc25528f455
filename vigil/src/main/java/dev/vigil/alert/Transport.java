package dev.vigil.alert;

/** Sends one notice once; blocks its caller (a courier thread) for at most the target's timeout plus a margin. */
interface Transport {
    DeliveryResult send(AlertNotice notice);
}
