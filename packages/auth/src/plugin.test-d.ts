import { describe, expectTypeOf, it } from "vitest";
import { createClient } from "@vo/core";
import type { AppliedCredentials, DALAuthError } from "@vo/core";
import { scs } from "@vo/protocol-scs";
import type { SCSService } from "@vo/protocol-scs";
import { AuthSession, SecurityMethod, auth } from "./index.js";

describe("auth() plugin types", () => {
  const session = new AuthSession();
  const client = createClient({ plugins: [scs(), auth(session)] as const });
  it("adds no service and keeps the others' types", () => {
    expectTypeOf(client.service("scs", "http://x")).toEqualTypeOf<SCSService>();
  });
  it("types the methods and the error", () => {
    expectTypeOf(SecurityMethod.BASIC).toEqualTypeOf<"ivo://ivoa.net/sso#BasicAA">();
    expectTypeOf(session.credentialsFor).returns.resolves.toEqualTypeOf<AppliedCredentials | undefined>();
    expectTypeOf<DALAuthError["code"]>().toEqualTypeOf<"VO_ERR_AUTH">();
    expectTypeOf<DALAuthError["securityMethods"]>().toEqualTypeOf<readonly string[]>();
    // @ts-expect-error a scope is required
    session.credentials.setToken("t");
  });
});
