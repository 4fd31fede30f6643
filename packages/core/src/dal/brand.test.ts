/**
 * Two installed copies of @vo/core: the built package is copied (package.json
 * and dist, run `npm run build` first) and loaded a second time beside the
 * sources, as when a plugin brings its own core. Results made by one copy are
 * `instanceof` the other's classes, both ways, as the errors are.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseVOTable } from "@vo/votable";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Record } from "./record.js";
import { ResultSet } from "./result-set.js";
import { ResultStream } from "./result-stream.js";

const core = fileURLToPath(new URL("../../", import.meta.url));
// Under core's node_modules, so the copy resolves its own dependencies (ajv 8, undici) as an installed package would.
const copy = join(core, "node_modules/.vo-core-second-copy");

type CoreModule = { ResultSet: typeof ResultSet; Record: typeof Record; ResultStream: typeof ResultStream };
let other: CoreModule;

const DOC = `<?xml version="1.0"?>
<VOTABLE version="1.4" xmlns="http://www.ivoa.net/xml/VOTable/v1.3"><RESOURCE type="results"><TABLE>
  <FIELD name="id" datatype="int"/>
  <DATA><TABLEDATA><TR><TD>1</TD></TR><TR><TD>2</TD></TR></TABLEDATA></DATA>
</TABLE></RESOURCE></VOTABLE>`;

async function makeWith(cls: typeof ResultSet): Promise<ResultSet> {
  const doc = await parseVOTable(DOC);
  return new cls(doc.resultTable()!, doc.meta, "https://x.example/tap/sync");
}

beforeAll(async () => {
  if (!existsSync(join(core, "dist/index.js"))) throw new Error("packages/core is not built: run npm run build");
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  cpSync(join(core, "package.json"), join(copy, "package.json"));
  cpSync(join(core, "dist"), join(copy, "dist"), { recursive: true });
  other = (await import(pathToFileURL(join(copy, "dist/index.js")).href)) as CoreModule;
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("two copies of @vo/core", () => {
  it("are really two copies", () => {
    expect(other.ResultSet).not.toBe(ResultSet);
    expect(Object.getPrototypeOf(other.Record.prototype)).not.toBe(Record.prototype);
  });

  it("ResultSet and Record from the other copy are instanceof this copy's classes", async () => {
    const rs = await makeWith(other.ResultSet);
    expect(rs).toBeInstanceOf(ResultSet);
    expect(rs.at(0)).toBeInstanceOf(Record);
    expect([...rs].every((r) => r instanceof Record)).toBe(true);
  });

  it("and the other way round", async () => {
    const rs = await makeWith(ResultSet);
    expect(rs instanceof other.ResultSet).toBe(true);
    expect(rs.at(1) instanceof other.Record).toBe(true);
  });

  it("a subclass without its own brand keeps the prototype-chain check", async () => {
    class ObsRecord extends Record {}
    class ObsResults extends ResultSet<ObsRecord> {}
    const foreign = await makeWith(other.ResultSet);
    expect(foreign.at(0) instanceof ObsRecord).toBe(false);
    expect(foreign instanceof ObsResults).toBe(false);
    const doc = await parseVOTable(DOC);
    const own = new ObsResults(doc.resultTable()!, doc.meta, "https://x.example", (index, cells) => new ObsRecord(index, cells));
    expect(own.at(0)).toBeInstanceOf(ObsRecord);
    expect(own.at(0) instanceof other.Record).toBe(true);
    expect(own instanceof other.ResultSet).toBe(true);
  });

  it("distinguishes the classes and rejects look-alikes", async () => {
    const rs = await makeWith(other.ResultSet);
    expect(rs instanceof ResultStream).toBe(false);
    expect(rs.at(0) instanceof ResultSet).toBe(false);
    expect({ index: rs.index, cells: [] } instanceof Record).toBe(false);
    expect((null as unknown as object) instanceof Record).toBe(false);
    expect(Object.create(null) instanceof ResultSet).toBe(false);
  });
});
