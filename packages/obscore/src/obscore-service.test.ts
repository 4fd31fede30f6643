import { describe, expect, it } from "vitest";
import { ParameterError, Record } from "@vo/core";
import type { Field } from "@vo/core";
import type { AdqlFragment, TAPQueryOptions, TAPService, UploadRows } from "@vo/protocol-tap";
import { ObsCoreService } from "./obscore-service.js";

/** A TAPService stand-in that records the query and answers with fixed rows. */
function fakeTap(rows: Record[] = []) {
  const calls: { mode: "sync" | "async"; query: string; options: TAPQueryOptions }[] = [];
  const answer = (mode: "sync" | "async") => async (query: string | AdqlFragment, options: TAPQueryOptions = {}) => {
    calls.push({ mode, query: typeof query === "string" ? query : query.text, options });
    return rows;
  };
  const transport = { request: () => Promise.reject(new Error("no network in unit tests")), close: async () => undefined };
  const tap = { runSync: answer("sync"), runAsync: answer("async"), context: { transport } } as unknown as TAPService;
  return { tap, calls };
}

const rowsOf = (options: TAPQueryOptions): unknown[] => [...((options.uploads?.positions as UploadRows).rows as Iterable<unknown>)];

describe("ObsCoreService.searchPositions", () => {
  it("uploads the positions with their radius and joins them in one query", async () => {
    const fields: Field[] = [
      { name: "pos_index", datatype: "int" },
      { name: "target_name", datatype: "char", arraysize: "*" },
    ];
    const { tap, calls } = fakeTap([new Record(fields, [1, "Orion star A"])]);
    const matches = await new ObsCoreService(tap).searchPositions([[10.5, 41.2], { ra: 83.8, dec: -5.4, radius: 0.02 }], {
      radius: 0.1,
      dataproductType: ["spectrum", "cube"],
      calibLevel: 2,
      maxrec: 50,
    });
    expect(matches.map((m) => [m.index, m.record.targetName])).toEqual([[1, "Orion star A"]]);
    const [call] = calls;
    expect(call?.mode).toBe("sync");
    expect(call?.query).toBe(
      "SELECT u.pos_index, o.* FROM TAP_UPLOAD.positions AS u JOIN ivoa.obscore AS o ON " +
        "1 = CONTAINS(POINT('ICRS', o.s_ra, o.s_dec), CIRCLE('ICRS', u.ra, u.dec, u.radius)) AND " +
        "o.dataproduct_type IN ('spectrum', 'cube') AND o.calib_level IN (2) ORDER BY u.pos_index",
    );
    expect(rowsOf(call!.options)).toEqual([
      [0, 10.5, 41.2, 0.1],
      [1, 83.8, -5.4, 0.02],
    ]);
    expect(call?.options.maxrec).toBe(50);
  });

  it("runs as an async job on request, with another table name", async () => {
    const { tap, calls } = fakeTap();
    await new ObsCoreService(tap, { table: "my.obscore" }).searchPositions([[0, 0]], { radius: 1, mode: "async" });
    expect(calls[0]?.mode).toBe("async");
    expect(calls[0]?.query).toContain("JOIN my.obscore AS o ON");
  });

  it("refuses bad positions and radii before any query", async () => {
    const { tap, calls } = fakeTap();
    const obscore = new ObsCoreService(tap);
    await expect(obscore.searchPositions([], { radius: 1 })).rejects.toBeInstanceOf(ParameterError);
    await expect(obscore.searchPositions([[0, 0]], { radius: 0 })).rejects.toThrow(/radius/);
    await expect(obscore.searchPositions([[0, 91]], { radius: 1 })).rejects.toThrow(/positions\[0\]/);
    await expect(obscore.searchPositions([{ ra: Number.NaN, dec: 0 }], { radius: 1 })).rejects.toThrow(/positions\[0\]/);
    expect(calls).toHaveLength(0);
  });
});
