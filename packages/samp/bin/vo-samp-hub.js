#!/usr/bin/env node
// The vo-samp-hub command: runs the compiled CLI (packages/samp/src/bin/vo-samp-hub.ts).
import "../dist/bin/vo-samp-hub.js";
