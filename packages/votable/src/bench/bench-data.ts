/**
 * The benchmark catalogue (PERF.md's column mix), generated from a seeded
 * generator and written with the @vo/votable writer.
 */
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Field, Row } from "../model.js";
import { writeVOTable, type WriteOptions } from "../writer.js";

/** FIELDs of the catalogue: id, position, proper motion, 5 magnitudes, flag, name, date, boolean, float[3]. */
export const BENCH_FIELDS: Field[] = [
  { name: "source_id", datatype: "long", ucd: "meta.id;meta.main" },
  { name: "ra", datatype: "double", unit: "deg", ucd: "pos.eq.ra;meta.main" },
  { name: "dec", datatype: "double", unit: "deg", ucd: "pos.eq.dec;meta.main" },
  { name: "pmra", datatype: "float", unit: "mas/yr", ucd: "pos.pm;pos.eq.ra" },
  { name: "pmdec", datatype: "float", unit: "mas/yr", ucd: "pos.pm;pos.eq.dec" },
  ...["u", "g", "r", "i", "z"].map((b): Field => ({ name: `${b}mag`, datatype: "float", unit: "mag", ucd: "phot.mag" })),
  { name: "flag", datatype: "short", values: { null: "-1" } },
  { name: "name", datatype: "char", arraysize: "*", ucd: "meta.id" },
  { name: "obs_date", datatype: "char", arraysize: "*", xtype: "timestamp", ucd: "time.epoch" },
  { name: "good", datatype: "boolean" },
  { name: "pos3", datatype: "float", arraysize: "3" },
];

/** mulberry32: a small seeded generator, for files that are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The catalogue's rows, about 10% nulls in the proper motions and magnitudes. */
export function* benchRows(n: number, seed = 42): Generator<Row> {
  const rnd = seeded(seed);
  const maybe = (x: number): number | null => (rnd() < 0.1 ? null : x);
  const day0 = Date.UTC(2014, 0, 1);
  for (let i = 0; i < n; i++) {
    const ra = rnd() * 360;
    const dec = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
    const mags = [0, 1, 2, 3, 4].map(() => maybe(14 + rnd() * 8));
    const date = new Date(day0 + Math.floor(rnd() * 3650 * 86400) * 1000).toISOString().slice(0, 19);
    yield [
      4295806720n + BigInt(i) * 1031n,
      ra,
      dec,
      maybe((rnd() - 0.5) * 40),
      maybe((rnd() - 0.5) * 40),
      ...mags,
      Math.floor(rnd() * 1024),
      `J${Math.floor(ra * 1e4)}${dec < 0 ? "-" : "+"}${Math.floor(Math.abs(dec) * 1e3)}`.slice(0, 6 + Math.floor(rnd() * 10)),
      date,
      rnd() < 0.5,
      new Float32Array([rnd(), rnd(), rnd()]),
    ];
  }
}

/** Writes `n` catalogue rows to `file` in one serialisation (streamed: bounded memory). */
export async function writeBenchFile(file: string, n: number, serialization: NonNullable<WriteOptions["serialization"]>): Promise<void> {
  const doc = writeVOTable(
    { fields: BENCH_FIELDS, rows: benchRows(n), nrows: n, name: "catalogue", infos: [{ name: "QUERY_STATUS", value: "OK" }] },
    { serialization, chunkSize: 1 << 20 },
  );
  await pipeline(Readable.from(doc), createWriteStream(file));
}
