import { describe, expect, it } from "vitest";
import { PassThrough } from "node:stream";
import { DALFormatError, DALQueryError, DALServiceError, ParameterError } from "@vo/core";
import { main } from "./cli.js";
import type { CommandIO } from "./command.js";
import { ExitCode, exitCodeFor, UsageError, describeError } from "./exit-codes.js";
import { parseCsv, parseCsvTable } from "./commands/uploads.js";
import { intervalArg, timeIntervalArg } from "./args.js";

function io(): CommandIO & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd(), out: () => out, err: () => err };
}

describe("exit codes", () => {
  it("map each error class to its code", () => {
    expect(exitCodeFor(new UsageError("x"))).toBe(ExitCode.USAGE);
    expect(exitCodeFor(new ParameterError("p", "a number", "x"))).toBe(ExitCode.USAGE);
    expect(exitCodeFor(new DALServiceError("down"))).toBe(ExitCode.SERVICE);
    expect(exitCodeFor(new DALServiceError("slow", { code: "VO_ERR_TIMEOUT" }))).toBe(ExitCode.TIMEOUT);
    expect(exitCodeFor(new DALQueryError("bad adql"))).toBe(ExitCode.QUERY);
    expect(exitCodeFor(new DALFormatError("not xml"))).toBe(ExitCode.FORMAT);
    expect(exitCodeFor(new Error("bug"))).toBe(ExitCode.FAILURE);
  });
  it("describe an error in one line, with the cause chain when verbose", () => {
    const error = new DALServiceError("the service failed\nbadly", { cause: new Error("ECONNREFUSED") });
    expect(describeError(error, false)).toBe("[VO_ERR_SERVICE] the service failed badly");
    expect(describeError(error, true)).toBe("[VO_ERR_SERVICE] the service failed badly\n  caused by: ECONNREFUSED");
  });
});

describe("the command line", () => {
  it("lists the commands with --help and exits 0", async () => {
    const t = io();
    expect(await main(["--help"], t)).toBe(ExitCode.OK);
    expect(t.out()).toContain("tap query");
    expect(t.out()).toContain("Exit codes");
  });
  it("shows a command's help with examples", async () => {
    const t = io();
    expect(await main(["tap", "query", "--help"], t)).toBe(ExitCode.OK);
    expect(t.out()).toContain("Usage: vo tap query <url> <adql>");
    expect(t.out()).toContain("Examples:");
  });
  it("lists a group's commands for `vo tap`", async () => {
    const t = io();
    expect(await main(["tap"], t)).toBe(ExitCode.USAGE);
    expect(t.out()).toContain("tap tables");
    expect(t.out()).not.toContain("votable convert");
  });
  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["tap", "query", "http://x"], /missing arguments/],
    [["tap", "query", "not a url", "SELECT 1"], /TAP service URL must be an http\(s\) URL/],
    [["cone", "http://x/scs", "10", "95", "1"], /<dec> must be within \[-90, 90\]/],
    [["cone", "http://x/scs", "ten", "5", "1"], /<ra> \(degrees\) must be a number/],
    [["cone", "http://x/scs", "10", "5", "1", "--bogus"], /Unknown option '--bogus'/],
    [["tap", "query", "http://x", "SELECT 1", "-f", "xlsx"], /unknown format "xlsx"/],
    [["tap", "query", "http://x", "SELECT 1", "--timeout", "soon"], /--timeout must be a number/],
    [["tap", "query", "http://x", "SELECT 1", "--upload", "nofile"], /--upload must be name=file/],
  ])("refuses %j with exit 2 and one clear line", async (argv, message) => {
    const t = io();
    expect(await main(argv, t)).toBe(ExitCode.USAGE);
    expect(t.err()).toMatch(message);
    expect(t.err().split("\n").filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(t.out()).toBe("");
  });
  it("reads negative declinations as numbers, not options", async () => {
    const t = io();
    // port 9 (discard) is closed: the call fails as a service error, after the arguments were accepted
    const code = await main(["cone", "http://127.0.0.1:9/scs", "83.8", "-5.39", "0.1", "--timeout", "5"], t);
    expect(code).toBe(ExitCode.SERVICE);
    expect(t.err()).toMatch(/^vo cone: \[VO_ERR_SERVICE\]/);
  });
});

describe("arguments", () => {
  it("reads intervals with open ends", () => {
    expect(intervalArg("1e-7/2e-7", "--band", "x")).toEqual([1e-7, 2e-7]);
    expect(intervalArg("/5", "--band", "x")).toEqual([-Infinity, 5]);
    expect(() => intervalArg("5/1", "--band", "x")).toThrow(/above the upper end/);
  });
  it("reads times as ISO dates or MJD", () => {
    const [a, b] = timeIntervalArg("2020-01-01/59000", "--time", "x");
    expect(a.toISOString()).toBe("2020-01-01T00:00:00.000Z");
    expect(b.toISOString()).toBe("2020-05-31T00:00:00.000Z");
    expect(() => timeIntervalArg("yesterday/today", "--time", "x")).toThrow(/neither an ISO date nor an MJD/);
  });
});

describe("CSV uploads", () => {
  it("parses RFC 4180 CSV", () => {
    expect(parseCsv('a,b\r\n1,"x, ""y"""\n2,\n')).toEqual([["a", "b"], ["1", 'x, "y"'], ["2", ""]]);
  });
  it("types each column by its values", () => {
    const t = parseCsvTable("id,ra,name,flag\n1,10.5,M31,true\n9007199254740993,-inf,,false\n", "t.csv", "x");
    expect(t.fields.map((f) => f.datatype)).toEqual(["long", "double", "char", "boolean"]);
    expect(t.rows).toEqual([
      [1n, 10.5, "M31", true],
      [9007199254740993n, -Infinity, null, false],
    ]);
  });
  it("refuses ragged lines and a missing header", () => {
    expect(() => parseCsvTable("a,b\n1\n", "t.csv", "x")).toThrow(/line 2 has 1 values, the header 2/);
    expect(() => parseCsvTable("", "t.csv", "x")).toThrow(/needs a header line/);
  });
});
