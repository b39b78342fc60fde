'use strict';
/**
 * Peak-RSS fallback for machines without GNU /usr/bin/time: the bench preloads this file into the
 * measured command with NODE_OPTIONS="--require <this file>", so every Node process of the tree
 * appends "<pid> <maxRSS KiB>" (process.resourceUsage().maxRSS, its own peak) to BENCH_RSS_FILE
 * when it exits. The bench takes the largest. Non-Node processes (terraform, sh) and processes
 * killed by a signal do not report.
 */
const fs = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      fs.appendFileSync(file, `${process.pid} ${process.resourceUsage().maxRSS}\n`);
    } catch {
      // Never change the measured process's outcome.
    }
  });
}
