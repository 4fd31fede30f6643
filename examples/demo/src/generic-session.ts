/**
 * The demo session for any TAP service (`npm run demo -- <tap-url>`): only
 * queries that work everywhere — TAP_SCHEMA counts, the first rows of the
 * first table that is not TAP_SCHEMA (sync, then the same as an async job),
 * and an upload when the service declares inline uploads.
 */
import { DALServiceError } from "@vo/core";
import { adql, tableName } from "@vo/protocol-tap";
import type { TAPService, UploadRows } from "@vo/protocol-tap";
import { followAsyncJob } from "./async-trace.js";
import { capabilityLines, formatCount } from "./capabilities-summary.js";
import type { Report } from "./report.js";
import { printAdql, printResult } from "./sample-session.js";
import type { SessionOptions } from "./sample-session.js";

/** A small table to upload: three positions. */
export const PROBE_TABLE: UploadRows = {
  fields: [
    { name: "id", datatype: "int" },
    { name: "ra", datatype: "double", unit: "deg", ucd: "pos.eq.ra" },
    { name: "dec", datatype: "double", unit: "deg", ucd: "pos.eq.dec" },
  ],
  rows: [
    [1, 10.6847, 41.269],
    [2, 83.8221, -5.3911],
    [3, 180.0, 0.0],
  ],
};

/** True for TAP_SCHEMA's own tables (any spelling). */
function isTapSchema(schema: string, table: string): boolean {
  return /^tap_schema$/i.test(schema) || /^"?tap_schema"?\./i.test(table);
}

/** Runs the generic steps against `service`. @throws the first step's error. */
export async function genericSession(service: TAPService, report: Report, options: SessionOptions): Promise<void> {
  const caps = await report.step("What the service offers (VOSI capabilities, TAPRegExt)", async () => {
    const c = await service.capabilities();
    report.lines(capabilityLines(c));
    return c;
  });

  const table = await report.step("What it holds (TAP_SCHEMA)", async () => {
    const tables = await service.runSync("SELECT COUNT(*) AS n FROM TAP_SCHEMA.tables");
    const columns = await service.runSync("SELECT COUNT(*) AS n FROM TAP_SCHEMA.columns");
    report.detail(`${formatCount(Number(tables.at(0)?.cells[0]))} tables, ${formatCount(Number(columns.at(0)?.cells[0]))} columns`);
    const listing = await service.runSync("SELECT TOP 500 schema_name, table_name FROM TAP_SCHEMA.tables", { maxrec: 500 });
    const names = listing.toArray().map((r) => ({ schema: String(r.get("schema_name") ?? ""), table: String(r.get("table_name") ?? "") }));
    const schemas = new Set(names.map((n) => n.schema));
    report.detail(`schemas${listing.overflow ? " (among the first 500 tables)" : ""}: ${[...schemas].slice(0, 12).join(", ")}${schemas.size > 12 ? ", …" : ""}`);
    const first = names.find((n) => !isTapSchema(n.schema, n.table));
    if (!first) throw new DALServiceError("TAP_SCHEMA lists no table outside TAP_SCHEMA: nothing to query", { url: service.baseUrl });
    report.detail(`first table that is not TAP_SCHEMA: ${first.table}`);
    return first.table;
  });

  const query = adql`SELECT TOP 5 * FROM ${tableName(table)}`;
  await report.step(`Sync query: 5 rows of ${table}`, async () => {
    printAdql(report, query.text);
    const rs = await service.runSync(query);
    report.detail();
    printResult(report, rs, options);
    report.detail();
    report.detail(`${rs.length} rows, ${rs.fields.length} columns${rs.overflow ? `; ${rs.overflow.message}` : ""}`);
  });

  await report.step(`Async job: the same query`, async () => {
    printAdql(report, query.text);
    const rs = await followAsyncJob(service, query.text, report, { runId: "vo-demo", timeout: options.jobTimeout });
    report.detail(`${rs.length} rows, ${rs.fields.length} columns`);
  });

  await report.step("Upload: a 3-row table, read back from TAP_UPLOAD", async () => {
    if (!caps.supportsUploads("inline")) {
      report.detail(`skipped: the service declares no inline upload (${caps.uploadMethods.length ? caps.uploadMethods.join(", ") : "no upload methods"})`);
      return;
    }
    const upload = "SELECT * FROM TAP_UPLOAD.t";
    printAdql(report, upload, "   (UPLOAD=t,param:t)");
    const rs = await service.runSync(upload, { uploads: { t: PROBE_TABLE } });
    report.detail();
    printResult(report, rs, options);
    report.detail();
    report.detail(`${rs.length} rows came back (3 sent)`);
  });
}
