import { describe, expect, it } from "vitest";
import { createClient } from "@vo/core";
import { obscore, OBSCORE_MODEL } from "./plugin.js";

describe("obscore()", () => {
  it("registers the ObsCore model under each of its ivo-ids, any case", () => {
    const client = createClient({ plugins: [obscore()] });
    expect(client.model("ivo://ivoa.net/std/obscore#core-1.1")).toBe(OBSCORE_MODEL);
    expect(client.model("IVO://IVOA.NET/STD/ObsCore/v1.0")).toBe(OBSCORE_MODEL);
    expect(OBSCORE_MODEL.mandatoryColumns).toContain("obs_publisher_did");
    expect(OBSCORE_MODEL.utypes).toEqual(["ivo://ivoa.net/std/obscore#table-1.%"]);
  });
});
