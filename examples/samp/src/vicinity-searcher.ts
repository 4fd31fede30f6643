/**
 * "Doing it with SAMP", part 2: the vicinity searcher. It listens for
 * `coord.pointAt.sky` (TOPCAT and Aladin send it when you click a source),
 * runs a cone search around that position on the local DaCHS, and sends the
 * result back as a table: to the client that pointed when it takes tables,
 * else to every client that does. Calls are answered with the row count.
 *
 *     node examples/samp/dist/vicinity-searcher.js [CONE_URL] [RADIUS_DEG]
 *
 * Runs until Ctrl-C (it unregisters then) or until the hub shuts down.
 */
import { pathToFileURL } from "node:url";
import { conesearch } from "@vo/protocol-scs";
import { connect, sampFloat, sendTable } from "@vo/samp";
import type { ConnectOptions, SAMPClient, SampMessage } from "@vo/samp";

/** Options of {@link startVicinitySearcher}. */
export interface VicinitySearcherOptions {
  /** The cone search service; default the local DaCHS sample catalogue. */
  readonly coneUrl?: string;
  /** Search radius in degrees; default 0.05. */
  readonly radius?: number;
  /** How to reach the hub (e.g. a private `lockfile`). */
  readonly hub?: ConnectOptions;
  /** Told about each search (default: nothing). */
  readonly log?: (line: string) => void;
}

/** A running searcher: its SAMP client, and `stop()`. */
export interface VicinitySearcher {
  readonly client: SAMPClient;
  stop(): Promise<void>;
}

/** Registers as "vicinity searcher" and answers `coord.pointAt.sky`. */
export async function startVicinitySearcher(options: VicinitySearcherOptions = {}): Promise<VicinitySearcher> {
  const coneUrl = options.coneUrl ?? `${process.env["VO_DACHS_URL"] ?? "http://localhost:8080"}/vosample/cat/cone/scs.xml`;
  const radius = options.radius ?? 0.05;
  const log = options.log ?? ((): void => undefined);

  const search = async (message: SampMessage, senderId: string): Promise<{ rows: number; sentTo: string }> => {
    const ra = sampFloat(message["samp.params"]["ra"]);
    const dec = sampFloat(message["samp.params"]["dec"]);
    if (ra === undefined || dec === undefined) throw new Error("coord.pointAt.sky needs numeric ra and dec");
    const stars = await conesearch(coneUrl, [ra, dec], radius);
    const takesTables = "table.load.votable" in (await client.getSubscriptions(senderId).catch(() => ({})));
    const report = await sendTable(client, stars, {
      ...(takesTables && { to: senderId }),
      name: `vicinity of ${ra.toFixed(4)} ${dec.toFixed(4)}`,
      mode: "notify",
    });
    log(`${stars.length} sources within ${radius}° of (${ra}, ${dec}) sent to ${report.recipients.join(", ")}`);
    return { rows: stars.length, sentTo: report.recipients.join(",") };
  };

  const client: SAMPClient = await connect({
    name: "vicinity searcher",
    description: "answers coord.pointAt.sky with a cone search around the position",
    ...options.hub,
    onCall: { "coord.pointAt.sky": (m, ctx) => search(m, ctx.senderId) },
    onNotification: { "coord.pointAt.sky": async (m, ctx) => void (await search(m, ctx.senderId)) },
  });
  client.on("error", (err) => log(`error: ${err instanceof Error ? err.message : String(err)}`));
  return { client, stop: () => client.close() };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [coneUrl, radius] = process.argv.slice(2);
  const searcher = await startVicinitySearcher({ ...(coneUrl && { coneUrl }), ...(radius && { radius: Number(radius) }), log: console.log });
  console.log(`registered as ${searcher.client.selfId}; point at a source in TOPCAT or Aladin (Ctrl-C to stop)`);
  searcher.client.on("disconnect", (why) => console.log(`hub gone (${why})`));
}
