/**
 * "Doing it with SAMP", part 1: run a TAP query and hand the result to TOPCAT.
 *
 *     node examples/samp/dist/send-tap-result.js [TAP_URL] [TO]
 *
 * TAP_URL defaults to the local DaCHS (`$VO_DACHS_URL/tap`), TO to "topcat". The
 * hub is the one named by SAMP_HUB (std-lockurl:) or ~/.samp. pyVO:
 * `result.broadcast_samp(client_name="topcat")`; here `sendTable` keeps the
 * result's field metadata and serves it from a loopback URL while TOPCAT loads it.
 */
import { pathToFileURL } from "node:url";
import { tablesearch } from "@vo/protocol-tap";
import { sendTable, withConnection } from "@vo/samp";
import type { ConnectOptions, SendReport } from "@vo/samp";

/** Options of {@link sendTapResult}. */
export interface SendTapResultOptions {
  /** The TAP service; default the local DaCHS. */
  readonly tapUrl?: string;
  /** The ADQL query; default the 20 brightest catalogue stars near M31. */
  readonly query?: string;
  /** The receiver's samp.name; default "topcat". */
  readonly to?: string;
  /** How to reach the hub (e.g. a private `lockfile`). */
  readonly hub?: ConnectOptions;
  readonly signal?: AbortSignal;
}

/** The query the course sends: bright stars around M31 in the local DaCHS sample catalogue. */
export const DEFAULT_QUERY =
  "SELECT TOP 20 source_id, ra, dec, vmag FROM vo_sample.cat WHERE 1=CONTAINS(POINT('ICRS', ra, dec), CIRCLE('ICRS', 10.6847, 41.269, 0.5)) ORDER BY vmag";

/** Runs the query and sends the result to `to`; resolves with what the receiver answered. */
export async function sendTapResult(options: SendTapResultOptions = {}): Promise<SendReport & { rows: number }> {
  const tapUrl = options.tapUrl ?? `${process.env["VO_DACHS_URL"] ?? "http://localhost:8080"}/tap`;
  const result = await tablesearch(tapUrl, options.query ?? DEFAULT_QUERY, { signal: options.signal });
  const report = await withConnection({ name: "vo course", description: "sends a TAP result", ...options.hub }, (samp) =>
    sendTable(samp, result, { to: options.to ?? "topcat", name: "bright stars near M31", timeout: 60, signal: options.signal }),
  );
  return { ...report, rows: result.length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [tapUrl, to] = process.argv.slice(2);
  const report = await sendTapResult({ ...(tapUrl && { tapUrl }), ...(to && { to }) });
  for (const [id, r] of report.responses) console.log(`${report.rows} rows sent to ${id}: ${r["samp.status"]}`);
}
