/**
 * The demo session on the local DaCHS's sample catalogue `vo_sample.cat`
 * (2000 synthetic stars around M31, the Orion Nebula and an equator field):
 * capabilities, the brightest stars (sync, with MAXREC overflow), a magnitude
 * histogram (async job followed through its phases), and a cross-match of our
 * own positions (upload join).
 */
import type { ResultSet } from "@vo/core";
import type { TAPService, UploadRows } from "@vo/protocol-tap";
import { followAsyncJob } from "./async-trace.js";
import { capabilityLines, formatCount } from "./capabilities-summary.js";
import type { Report } from "./report.js";
import { formatTable } from "./text-table.js";

/** Output settings shared by the sessions. */
export interface SessionOptions {
  /** The widest a printed line may be. */
  readonly maxWidth: number;
  /** How long an async job may take, in ms. */
  readonly jobTimeout: number;
}

/** The sample catalogue (scripts/dachs/services.json). */
export const SAMPLE_CATALOGUE = "vo_sample.cat";

/** Prints a result set as a table under the current step. */
export function printResult(report: Report, rs: ResultSet, options: SessionOptions): void {
  report.lines(formatTable(rs.fields, rs.toArray().map((r) => r.cells), { indent: "    ", maxWidth: options.maxWidth }));
}

/** Prints an ADQL query, one clause per line. */
export function printAdql(report: Report, adql: string, suffix = ""): void {
  const lines = adql.trim().split("\n").map((l) => l.trim());
  lines.forEach((l, i) => report.detail(`${i === 0 ? "ADQL " : "     "}${l}${i === lines.length - 1 ? suffix : ""}`));
}

/** Our own target list, uploaded for the cross-match: three sample fields and one blank field. */
export const TARGET_ROWS: [target: string, ra: number, dec: number][] = [
  ["M31 nucleus", 10.6847, 41.269],
  ["Orion Trapezium", 83.8221, -5.3911],
  ["equator field", 180.0, 0.0],
  ["blank sky", 300.0, -60.0],
];

/** The target list as an upload table (the columns' units and UCDs go along). */
export const TARGETS: UploadRows = {
  fields: [
    { name: "target", datatype: "char", arraysize: "*", ucd: "meta.id" },
    { name: "ra", datatype: "double", unit: "deg", ucd: "pos.eq.ra" },
    { name: "dec", datatype: "double", unit: "deg", ucd: "pos.eq.dec" },
  ],
  rows: TARGET_ROWS,
};

/** The match radius of the cross-match, in degrees. */
const MATCH_RADIUS = 0.03;

/** Runs the steps against the local DaCHS. @throws the first step's error. */
export async function sampleSession(service: TAPService, report: Report, options: SessionOptions): Promise<void> {
  await report.step("What the service offers (VOSI capabilities, TAPRegExt)", async () => {
    const caps = await service.capabilities();
    report.lines(capabilityLines(caps));
  });

  await report.step(`Sync query: the 10 brightest stars of ${SAMPLE_CATALOGUE}`, async () => {
    const maxrec = 10;
    const query = `SELECT source_id, name, ra, dec, vmag, bmag, bmag - vmag AS b_v, parallax, variable
                   FROM ${SAMPLE_CATALOGUE} ORDER BY vmag`;
    printAdql(report, query, `   (MAXREC=${maxrec})`);
    const rs = await service.runSync(query, { maxrec });
    report.detail();
    printResult(report, rs, options);
    report.detail();
    report.detail(
      rs.overflow
        ? `${rs.length} rows. OVERFLOW: more stars match; the service stopped at MAXREC=${maxrec} (QUERY_STATUS=OVERFLOW), as asked.`
        : `${rs.length} rows, complete (no overflow).`,
    );
  });

  await report.step(`Async job: V magnitude histogram of ${SAMPLE_CATALOGUE}`, async () => {
    const query = `SELECT FLOOR(vmag) AS v_bin, COUNT(*) AS n_stars
                   FROM ${SAMPLE_CATALOGUE} GROUP BY FLOOR(vmag) ORDER BY v_bin`;
    printAdql(report, query);
    const rs = await followAsyncJob(service, query, report, { runId: "vo-demo histogram", timeout: options.jobTimeout });
    const bins = rs.toArray().map((r) => ({ v: Number(r.get("v_bin")), n: Number(r.get("n_stars")) }));
    const most = Math.max(1, ...bins.map((b) => b.n));
    const total = bins.reduce((sum, b) => sum + b.n, 0);
    report.detail();
    for (const b of bins) report.detail(`  V ${String(b.v).padStart(2)}–${String(b.v + 1).padEnd(2)}  ${"█".repeat(Math.round((b.n / most) * 40)).padEnd(40)}  ${b.n}`);
    report.detail(`  ${formatCount(total)} stars in ${bins.length} bins`);
  });

  await report.step(`Upload join: ${TARGET_ROWS.length} positions of ours against ${SAMPLE_CATALOGUE}`, async () => {
    report.detail(`TAP_UPLOAD.targets (uploaded inline as a VOTable):`);
    report.lines(formatTable(TARGETS.fields, TARGET_ROWS, { indent: "      " }));
    const query = `SELECT u.target, c.source_id, c.name, c.vmag,
                     IN_UNIT(DISTANCE(POINT('ICRS', c.ra, c.dec), POINT('ICRS', u.ra, u.dec)), 'arcsec') AS sep
                   FROM TAP_UPLOAD.targets AS u
                   JOIN ${SAMPLE_CATALOGUE} AS c
                     ON 1 = CONTAINS(POINT('ICRS', c.ra, c.dec), CIRCLE('ICRS', u.ra, u.dec, ${MATCH_RADIUS}))
                   ORDER BY u.target, sep`;
    printAdql(report, query);
    const rs = await service.runSync(query, { uploads: { targets: TARGETS } });
    report.detail();
    printResult(report, rs, options);
    const counts = new Map<string, number>();
    for (const rec of rs) counts.set(String(rec.get("target")), (counts.get(String(rec.get("target"))) ?? 0) + 1);
    const perTarget = TARGET_ROWS.map(([target]) => `${target} ${counts.get(target) ?? 0}`);
    report.detail();
    report.detail(`${rs.length} matches within ${MATCH_RADIUS * 3600}″: ${perTarget.join(", ")}`);
  });
}
