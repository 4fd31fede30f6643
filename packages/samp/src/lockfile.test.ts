import { mkdtemp, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DALFormatError } from "@vo/core";
import { SAMPHubError } from "./errors.js";
import { lockfileLocation, parseLockfile, readLockfile, writeLockfile } from "./lockfile.node.js";

describe("SAMP lockfile", () => {
  it("is found through SAMP_HUB std-lockurl:, else ~/.samp", () => {
    expect(lockfileLocation({ SAMP_HUB: "std-lockurl:file:///tmp/x/samp.lock", HOME: "/h" })).toBe("/tmp/x/samp.lock");
    expect(lockfileLocation({ SAMP_HUB: "std-lockurl:http://127.0.0.1:9/lock" })).toBe("http://127.0.0.1:9/lock");
    expect(lockfileLocation({ HOME: "/home/me" })).toBe("/home/me/.samp");
    expect(() => lockfileLocation({ SAMP_HUB: "jsamp-class:x.Y" })).toThrow(SAMPHubError);
  });

  it("parses comments, blank lines and name=value lines with '=' in values", () => {
    const info = parseLockfile("# written by x\n\nsamp.secret=a=b\nsamp.hub.xmlrpc.url=http://127.0.0.1:1/\nsamp.profile.version=1.3\nhub.label=My hub\n");
    expect(info["samp.secret"]).toBe("a=b");
    expect(info["hub.label"]).toBe("My hub");
  });

  it("refuses a line that is not name=value and a missing required key", () => {
    expect(() => parseLockfile("samp.secret=x\nnonsense\n")).toThrow(DALFormatError);
    expect(() => parseLockfile("samp.secret=x\nsamp.profile.version=1.3\n")).toThrow(/samp.hub.xmlrpc.url/);
  });

  it("reads a lockfile, and says 'no hub' for a missing or broken one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vo-samp-lock-"));
    await expect(readLockfile(join(dir, "none"))).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_HUB", message: /no SAMP hub is running/ });
    await writeFile(join(dir, "broken"), "garbage\n");
    await expect(readLockfile(join(dir, "broken"))).rejects.toMatchObject({ code: "VO_ERR_SAMP_NO_HUB", message: /not valid/ });
  });

  it("is written with mode 0600", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vo-samp-lock-"));
    const path = join(dir, "samp.lock");
    await writeLockfile(path, { "samp.secret": "s", "samp.hub.xmlrpc.url": "http://127.0.0.1:1/", "samp.profile.version": "1.3" });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readLockfile(path))["samp.secret"]).toBe("s");
  });
});
