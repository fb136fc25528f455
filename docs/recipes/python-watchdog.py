#!/usr/bin/env python3
"""A Python service loop that tells Vigil (or systemd) it is alive only while its work progresses.

The ten lines between the markers are the recipe; work() stands for the service's own work.
"""
import os
import socket
import time


def work():
    """One unit of the service's work. Demo: 50 ms; wedges while $RECIPE_STALL_FILE exists."""
    time.sleep(0.05)
    while os.path.exists(os.environ.get("RECIPE_STALL_FILE", "/nonexistent")):
        time.sleep(0.05)  # a hung call: the loop makes no progress, so it must stop pinging


# --- recipe: sd_notify from the loop that does the work ---
addr = os.environ.get("NOTIFY_SOCKET", "")
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) if addr else None
notify = lambda state: sock and sock.sendto(state.encode(), "\0" + addr[1:] if addr[0] == "@" else addr)
every = int(os.environ.get("WATCHDOG_USEC", "0")) / 2e6  # ping at half the deadline
notify("READY=1")
last = 0.0
while True:
    work()
    if every and time.monotonic() - last >= every:
        notify("WATCHDOG=1"); last = time.monotonic()
# --- end of recipe ---
