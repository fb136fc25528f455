package dev.vigil.config;

/** {@code notify_access = "main" | "all"}: whose notify datagrams are believed. */
public enum NotifyAccess {
    /** Only the process Vigil started (or the PID it announced with MAINPID=). */
    MAIN,
    /** Any process in the process group Vigil started. */
    ALL
}
