#!/usr/bin/env node
// A Node service loop that tells Vigil (or systemd) it is alive only while its work progresses.
// Node's core has no AF_UNIX datagram sockets, so each state is sent by systemd-notify(1), one
// short child process per call (see README.md for its cost and for notify_access).
// The ten lines between the markers are the recipe; work() stands for the service's own work.
'use strict';
const fs = require('node:fs');

/** One unit of the service's work. Demo: 50 ms; wedges while $RECIPE_STALL_FILE exists. */
async function work() {
  await new Promise((resolve) => setTimeout(resolve, 50));
  const stall = process.env.RECIPE_STALL_FILE;
  while (stall && fs.existsSync(stall)) { // a hung await: the loop makes no progress, so it must stop pinging
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// --- recipe: sd_notify from the loop that does the work ---
const { execFile } = require('node:child_process');
const notify = (state) => new Promise((resolve) => (process.env.NOTIFY_SOCKET
  ? execFile('systemd-notify', [state], (err) => { if (err) console.error(`systemd-notify ${state}: ${err.message}`); resolve(); })
  : resolve()));
const every = Number(process.env.WATCHDOG_USEC || 0) / 2000; // ms: ping at half the deadline
(async () => {
  await notify('READY=1');
  for (let last = 0; ;) {
    await work();
    if (every && performance.now() - last >= every) { last = performance.now(); await notify('WATCHDOG=1'); }
  }
})();
// --- end of recipe ---
