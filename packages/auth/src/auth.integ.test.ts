/**
 * @vo/auth against the protected services of the local DaCHS (scripts/dachs/beds/auth, installed by
 * scripts/start-dachs.sh; `npm run test:integ`): a TAP service and a cone search behind HTTP Basic (DaCHS
 * `limitTo`). URLs and the test account come from scripts/dachs/services.json, re-based on VO_DACHS_URL.
 * An unreachable server or a missing bed fails the suite (never a silent skip).
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { createClient, definePlugin, DALAuthError } from "@vo/core";
import type { TransportRequest, VOWarning } from "@vo/core";
import { scs } from "@vo/protocol-scs";
import { tap } from "@vo/protocol-tap";
import { AuthSession, SecurityMethod, auth } from "./index.js";

interface Services {
  baseUrl: string;
  auth: { tap: string; cone: string; user: string; password: string; securityMethod: string; expect: { ra: number; dec: number; sr: number; coneRows: number } };
}
const base = (process.env.VO_DACHS_URL ?? "http://localhost:8080").replace(/\/+$/, "");
const raw = JSON.parse(readFileSync(new URL("../../../scripts/dachs/services.json", import.meta.url), "utf8")) as Services;
const rebase = (url: string): string => base + url.slice(raw.baseUrl.length);
const A = raw.auth;
const TAP = rebase(A.tap);
const CONE = rebase(A.cone);
const ORIGIN = new URL(base).origin;

beforeAll(async () => {
  const probe = await fetch(`${TAP}/capabilities`, { signal: AbortSignal.timeout(10_000) }).catch((e: unknown) => e);
  if (!(probe instanceof Response) || probe.status !== 401) {
    throw new Error(
      `the protected TAP of the auth test bed does not answer 401 at ${TAP}/capabilities (${probe instanceof Response ? `HTTP ${probe.status}` : String(probe)}); ` +
        "run scripts/start-dachs.sh (it installs scripts/dachs/beds/auth) or set VO_DACHS_URL",
    );
  }
});

/** A plugin that records every request the client sends, with the credentials the session gives its URL. */
function recorder(session: AuthSession, log: { url: string; method: string; credentials: string | undefined }[]) {
  return definePlugin({
    name: "test-recorder",
    version: "0.0.0",
    core: "*",
    register(r) {
      r.interceptor((next) => async (request: TransportRequest) => {
        const credentials = await session.credentialsFor(new URL(String(request.url)));
        log.push({ url: String(request.url), method: request.method ?? "GET", credentials: credentials?.method });
        return next(request);
      });
    },
  });
}

function basicSession(scope = ORIGIN, password = A.password): AuthSession {
  const session = new AuthSession();
  session.credentials.setPassword(A.user, password, scope);
  return session;
}

describe("protected DaCHS services", () => {
  it("refuse anonymous access with VO_ERR_AUTH naming HTTP Basic", async () => {
    const vo = createClient({ plugins: [tap()] });
    try {
      const err = await vo.service("tap", TAP).runSync("SELECT TOP 1 ra FROM vo_sample.cat").catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DALAuthError);
      expect((err as DALAuthError).code).toBe("VO_ERR_AUTH");
      expect((err as DALAuthError).status).toBe(401);
      expect((err as DALAuthError).securityMethods).toContain(SecurityMethod.BASIC);
      expect((err as DALAuthError).message).toContain("HTTP Basic (ivo://ivoa.net/sso#BasicAA)");
    } finally {
      await vo.close();
    }
  });

  it("answer a TAP sync query with Basic credentials", async () => {
    const vo = createClient({ plugins: [tap(), auth(basicSession())] });
    try {
      const rows = await vo.service("tap", TAP).runSync("SELECT TOP 5 ra, dec FROM vo_sample.cat");
      expect(rows.length).toBe(5);
    } finally {
      await vo.close();
    }
  });

  it("run an async job to completion with credentials on every job URL", async () => {
    const session = basicSession();
    const log: { url: string; method: string; credentials: string | undefined }[] = [];
    const phases: string[] = [];
    const vo = createClient({ plugins: [tap(), auth(session), recorder(session, log)] });
    try {
      const rows = await vo.service("tap", TAP).runAsync("SELECT TOP 7 ra FROM vo_sample.cat", { onPhase: (p) => phases.push(p) });
      expect(rows.length).toBe(7);
      expect(phases.at(-1)).toBe("COMPLETED");
    } finally {
      await vo.close();
    }
    const paths = log.map((l) => `${l.method} ${new URL(l.url).pathname}`);
    expect(paths[0]).toBe("POST /auth/q/tap/async");
    expect(paths.some((p) => /^POST \/auth\/q\/tap\/async\/\w+\/phase$/.test(p))).toBe(true);
    expect(paths.some((p) => /^GET \/auth\/q\/tap\/async\/\w+$/.test(p))).toBe(true);
    // DaCHS serves the result under its system TAP path: same origin, outside the service's prefix.
    expect(paths.some((p) => /^GET \/__system__\/tap\/run\/async\/\w+\/results\/result$/.test(p))).toBe(true);
    expect(paths.at(-1)).toMatch(/^(DELETE|POST) \/auth\/q\/tap\/async\/\w+$/); // the job is deleted (DELETE or POST ACTION=DELETE)
    expect(log.filter((l) => l.credentials !== SecurityMethod.BASIC)).toEqual([]);
  });

  it("learns BasicAA from the VOSI capabilities (DaCHS's standardId spelling) and picks that interface", async () => {
    const session = basicSession();
    const warnings: VOWarning[] = [];
    const vo = createClient({ plugins: [tap(), auth(session)], onWarning: (w) => warnings.push(w) });
    try {
      const service = vo.service("tap", TAP);
      const caps = await service.capabilities();
      session.updateFromCapabilities(caps);
      expect(session.allowedAuthMethods(`${TAP}/sync`)).toEqual([A.securityMethod]);
      expect(session.selectInterface(caps.capabilities, "ivo://ivoa.net/std/TAP")).toMatchObject({ accessUrl: TAP, securityMethod: A.securityMethod });
      expect(warnings.some((w) => w.message.includes("standardId"))).toBe(true);
    } finally {
      await vo.close();
    }
  });

  it("finds BasicAA by itself: a stale token and a password for the origin, sync and async, no capabilities call by hand", async () => {
    const session = basicSession();
    // The token is preferred by default and DaCHS refuses it; the session reads the capabilities after the 401.
    session.credentials.setToken("stale-token-0f9e8d", ORIGIN);
    const sent: { path: string; method: string | undefined }[] = [];
    const wire = definePlugin({
      name: "test-wire",
      version: "0.0.0",
      core: "*",
      register(r) {
        r.interceptor((next) => async (request: TransportRequest) => {
          const credentials = await request.auth?.credentialsFor(new URL(String(request.url)));
          sent.push({ path: new URL(String(request.url)).pathname, method: credentials?.method });
          return next(request);
        });
      },
    });
    const vo = createClient({ plugins: [tap(), auth(session), wire] });
    try {
      const service = vo.service("tap", TAP);
      expect((await service.runSync("SELECT TOP 3 ra FROM vo_sample.cat")).length).toBe(3);
      expect((await service.runAsync("SELECT TOP 4 ra FROM vo_sample.cat")).length).toBe(4);
      expect((await service.runSync("SELECT TOP 2 ra FROM vo_sample.cat")).length).toBe(2);
    } finally {
      await vo.close();
    }
    const tapPath = new URL(TAP).pathname;
    expect(sent.filter((s) => s.path === `${tapPath}/capabilities`)).toEqual([{ path: `${tapPath}/capabilities`, method: SecurityMethod.BASIC }]);
    expect(session.methodFor(`${TAP}/sync`)).toBe(SecurityMethod.BASIC);
    // One refused request for the service (the first), then Basic on every request under the service.
    const underTap = sent.filter((s) => s.path.startsWith(`${tapPath}/`) && !s.path.endsWith("/capabilities"));
    expect(underTap[0]).toEqual({ path: `${tapPath}/sync`, method: SecurityMethod.TOKEN });
    expect(underTap.slice(1).every((s) => s.method === SecurityMethod.BASIC)).toBe(true);
  });

  it("refuse a wrong password, naming the method sent and never the password", async () => {
    const wrong = "not-the-password-4711";
    const vo = createClient({ plugins: [tap(), auth(basicSession(ORIGIN, wrong))] });
    try {
      const err = (await vo.service("tap", TAP).runSync("SELECT TOP 1 ra FROM vo_sample.cat").catch((e: unknown) => e)) as DALAuthError;
      expect(err.code).toBe("VO_ERR_AUTH");
      expect(err.methodSent).toBe(SecurityMethod.BASIC);
      expect(err.message).toContain("refused the credentials sent");
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain(wrong);
    } finally {
      await vo.close();
    }
  });

  it("keep a prefix-scoped password on its prefix: DaCHS's result URL outside it is refused", async () => {
    const vo = createClient({ plugins: [tap(), auth(basicSession(TAP))] });
    try {
      const err = (await vo.service("tap", TAP).runAsync("SELECT TOP 3 ra FROM vo_sample.cat").catch((e: unknown) => e)) as DALAuthError;
      expect(err.code).toBe("VO_ERR_AUTH");
      expect(err.methodSent).toBeUndefined();
      expect(err.url).toMatch(/\/__system__\/tap\/run\/async\/\w+\/results\/result$/);
    } finally {
      await vo.close();
    }
  });

  it("answer a protected cone search with Basic credentials", async () => {
    const vo = createClient({ plugins: [scs(), auth(basicSession())] });
    try {
      const rows = await vo.service("scs", CONE).search([A.expect.ra, A.expect.dec], A.expect.sr);
      expect(rows.length).toBe(A.expect.coneRows);
      const anonymous = createClient({ plugins: [scs()] });
      const err = await anonymous.service("scs", CONE).search([A.expect.ra, A.expect.dec], A.expect.sr).catch((e: unknown) => e);
      await anonymous.close();
      expect((err as DALAuthError).code).toBe("VO_ERR_AUTH");
    } finally {
      await vo.close();
    }
  });

  it("give the rows Debian's pyVO gets, where pyVO needs every protected path declared by hand", async () => {
    const query = "SELECT TOP 4 ra FROM vo_sample.cat ORDER BY ra";
    // pyVO 1.2.1 sends the password only where a security method is declared, cannot read DaCHS's
    // `standardId` capabilities, and fetches async results outside the TAP path: declare both paths.
    const script = [
      "import sys, pyvo",
      "from pyvo.auth import AuthSession, securitymethods",
      "tap, origin, user, password, query = sys.argv[1:6]",
      "s = AuthSession()",
      "s.credentials.set_password(user, password)",
      "s.add_security_method_for_url(tap, securitymethods.BASIC)",
      "s.add_security_method_for_url(origin + '/__system__/tap/run/async', securitymethods.BASIC)",
      "r = pyvo.dal.TAPService(tap, session=s).run_async(query)",
      "print(' '.join(repr(float(v)) for v in r['ra']))",
    ].join("\n");
    const { stdout } = await promisify(execFile)("/usr/bin/python3", ["-c", script, TAP, ORIGIN, A.user, A.password, query], { timeout: 120_000 });
    const vo = createClient({ plugins: [tap(), auth(basicSession())] });
    try {
      const rows = await vo.service("tap", TAP).runAsync(query);
      const ours = [...rows].map((r) => Number(r.get("ra")));
      expect(ours).toEqual(stdout.trim().split(" ").map(Number));
      expect(ours).toHaveLength(4);
    } finally {
      await vo.close();
    }
  });
});
