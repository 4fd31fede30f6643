#!/usr/bin/env node
/** The `vo` executable: runs the command line and exits with its code. */
import { main } from "../cli.js";

process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  // `vo … | head`: the reader went away; stop quietly.
  if (error.code === "EPIPE") process.exit(0);
});
process.exitCode = await main(process.argv.slice(2));
