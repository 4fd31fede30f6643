/**
 * A TAP service's VOSI capabilities (TAPRegExt) summed up in a few labelled
 * lines: ADQL versions, set operations, CAST, geometry, uploads, output
 * formats and limits.
 */
import type { DataLimit, TAPCapabilities, TimeLimit } from "@vo/protocol-tap";

/** A number with thousands separators: 20 000 000. */
export function formatCount(n: number): string {
  return n.toLocaleString("en-US").replace(/,/g, " ");
}

/** Seconds for people: "3600 s" → "1 h", "172800 s" → "48 h". */
function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}

/** A data limit value: rows or bytes for people. */
function formatLimitValue(limit: { readonly value: number; readonly unit: string }): string {
  if (limit.unit === "byte") {
    const units = ["B", "kB", "MB", "GB", "TB"];
    let v = limit.value;
    let u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
  }
  return `${formatCount(limit.value)} ${limit.unit}s`;
}

/** "X by default, Y at most" for a limit, or undefined when the service says nothing. */
function defaultAndHard(def: string | undefined, hard: string | undefined): string | undefined {
  const parts = [def && `${def} by default`, hard && `${hard} at most`].filter(Boolean);
  return parts.length ? parts.join(", ") : undefined;
}

function timeLimit(limit: TimeLimit | undefined): string | undefined {
  return defaultAndHard(
    limit?.default === undefined ? undefined : formatSeconds(limit.default),
    limit?.hard === undefined ? undefined : formatSeconds(limit.hard),
  );
}

function dataLimit(limit: DataLimit | undefined): string | undefined {
  return defaultAndHard(limit?.default && formatLimitValue(limit.default), limit?.hard && formatLimitValue(limit.hard));
}

/** Feature forms of one TAPRegExt feature type, or "none". */
function forms(caps: TAPCapabilities, type: string, max = 12): string {
  const list = caps.features(type).map((f) => f.form);
  if (list.length === 0) return "none declared";
  return list.length > max ? `${list.slice(0, max).join(", ")}, … (${list.length})` : list.join(", ");
}

/** The short name of a TAPRegExt id: `…#upload-inline` → "inline". */
function shortId(id: string): string {
  return id.replace(/^.*#(upload-|output-)?/, "");
}

/** "yes"/"no" for a feature. */
function yesNo(ok: boolean): string {
  return ok ? "yes" : "no";
}

/**
 * The capabilities as `[label, text]` pairs, in the order an astronomer asks:
 * what ADQL, which operations, what can be uploaded, what comes back, how much.
 */
export function summariseCapabilities(caps: TAPCapabilities): [label: string, text: string][] {
  const out: [string, string][] = [];
  const ta = caps.tableAccess;
  if (!ta) return [["TAP capability", "none declared (not a TAPRegExt service?)"]];
  for (const lang of ta.languages) {
    out.push([`${lang.name} versions`, lang.versions.map((v) => v.version).join(", ") || "(no version given)"]);
  }
  out.push(["UNION", `${yesNo(caps.supportsFeature("adql-sets", "UNION"))} (set operations: ${forms(caps, "adql-sets")})`]);
  out.push(["CAST", yesNo(caps.supportsFeature("adql-type", "CAST"))]);
  const geo = caps.features("adqlgeo").map((f) => f.form.toUpperCase());
  out.push(["geometry", geo.length ? `${geo.length} functions${["CONTAINS", "DISTANCE"].every((g) => geo.includes(g)) ? ", CONTAINS and DISTANCE among them" : `: ${geo.join(", ")}`}` : "none declared"]);
  const more = ["adql-string", "adql-offset", "adql-common-table", "adql-unit"].flatMap((t) => caps.features(t).map((f) => f.form));
  if (more.length) out.push(["more ADQL 2.1", more.join(", ")]);
  const udfs = caps.udfs();
  if (udfs.length) out.push(["user functions", `${udfs.length} (${[...new Set(udfs.map((u) => u.name))].slice(0, 4).join(", ")}, …)`]);
  const uploads = caps.uploadMethods.map(shortId);
  const uploadLimit = dataLimit(caps.uploadLimit());
  out.push(["uploads", uploads.length ? `${uploads.join(", ")}${uploadLimit ? `; ${uploadLimit}` : ""}` : "not supported"]);
  const formats = [...new Set(caps.outputFormats.map((f) => f.aliases[0] ?? f.mime))];
  out.push(["output formats", formats.length ? `${formats.length}: ${formats.join(", ")}` : "none declared"]);
  const sync = caps.maxrecLimits("sync");
  const asyncLimits = caps.maxrecLimits("async");
  const rows = (l: { default?: number; hard?: number }): string | undefined =>
    defaultAndHard(l.default === undefined ? undefined : `${formatCount(l.default)} rows`, l.hard === undefined ? undefined : formatCount(l.hard));
  const sameRows = sync.default === asyncLimits.default && sync.hard === asyncLimits.hard;
  out.push(["output limit", (sameRows ? rows(sync) : `sync ${rows(sync) ?? "?"}; async ${rows(asyncLimits) ?? "?"}`) ?? "not declared"]);
  const run = timeLimit(caps.executionDuration("async"));
  if (run) out.push(["run time (async)", run]);
  const kept = timeLimit(caps.retentionPeriod("async"));
  if (kept) out.push(["jobs kept", kept]);
  if (ta.dataModels.length) out.push(["data models", ta.dataModels.map((d) => d.name).join(", ")]);
  return out;
}

/** The pairs of {@link summariseCapabilities} as aligned lines. */
export function capabilityLines(caps: TAPCapabilities, indent = "    "): string[] {
  const pairs = summariseCapabilities(caps);
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, text]) => `${indent}${label.padEnd(width)}  ${text}`);
}
