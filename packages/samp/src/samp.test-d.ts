import { describe, expectTypeOf, it } from "vitest";
import { toSampMap } from "./index.js";
import type { SAMPClientError, SAMPHubError, CallHandler, ParamsOf, SampMap, SampResponse, SampValue } from "./index.js";

describe("@vo/samp types", () => {
  it("SAMP values are strings, lists and maps; inputs may hold numbers and booleans", () => {
    expectTypeOf(toSampMap({ ra: 10.5, ok: true, name: "x", skip: undefined })).toEqualTypeOf<SampMap>();
    expectTypeOf<SampValue>().toEqualTypeOf<string | readonly SampValue[] | SampMap>();
    // @ts-expect-error null is not a SAMP value
    toSampMap({ x: null });
  });

  it("known MTypes have typed params", () => {
    expectTypeOf<ParamsOf<"coord.pointAt.sky">["ra"]>().toEqualTypeOf<string>();
    expectTypeOf<ParamsOf<"table.load.votable">["url"]>().toEqualTypeOf<string>();
    expectTypeOf<ParamsOf<"x.unknown">>().toEqualTypeOf<SampMap>();
  });

  it("call handlers return a result map or a response", () => {
    const a: CallHandler = () => ({ rows: 6, ok: true });
    const b: CallHandler = async () => ({ "samp.status": "samp.error", "samp.error": { "samp.errortxt": "no" } }) satisfies SampResponse;
    void a;
    void b;
  });

  it("error codes narrow", () => {
    expectTypeOf<SAMPHubError["code"]>().toEqualTypeOf<"VO_ERR_SAMP_NO_HUB" | "VO_ERR_SAMP_FAULT" | "VO_ERR_SAMP_CLOSED">();
    expectTypeOf<SAMPClientError["code"]>().toEqualTypeOf<"VO_ERR_SAMP_NO_CLIENT" | "VO_ERR_SAMP_REPLY">();
  });
});
