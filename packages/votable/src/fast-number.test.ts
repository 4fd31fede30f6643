import { describe, expect, it } from "vitest";
import { parseDoubleBytes, parseIntBytes, parseLongBytes, parseState } from "./fast-number.js";

const enc = new TextEncoder();
const dbl = (s: string): number => {
  const b = enc.encode(s);
  return parseDoubleBytes(b, 0, b.length);
};
const long = (s: string): bigint => {
  const b = enc.encode(s);
  const big = new BigInt64Array(1);
  parseLongBytes(b, 0, b.length, new Uint32Array(big.buffer), big, 0);
  return big[0]!;
};

describe("fast number parsing", () => {
  it("parses doubles exactly like Number(), 16-17 digits and ties included", () => {
    let seed = 99;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const cases = ["0", "-0", "1e22", "1e23", "9007199254740993", "9007199254740995", "0.30000000000000004", "161159.31384552032", "-1.5E-3", "+7", "1.", ".5", "4.35"];
    for (let k = 0; k < 20000; k++) {
      const x = rnd() * 10 ** (Math.floor(rnd() * 20) - 8);
      cases.push(String(x), x.toPrecision(16), x.toPrecision(17), String(Math.fround(x)));
      const y = x + x * 2 ** -52;
      cases.push(((x + y) / 2).toPrecision(17));
    }
    for (const c of cases) expect(Object.is(dbl(c), Number(c)), c).toBe(true);
  });

  it("reads NaN and infinities, flags garbage", () => {
    expect(dbl("NaN")).toBeNaN();
    expect(dbl("-Inf")).toBe(-Infinity);
    expect(dbl("+Infinity")).toBe(Infinity);
    parseState.bad = false;
    expect(dbl("abc")).toBeNaN();
    expect(parseState.bad).toBe(true);
    parseState.bad = false;
  });

  it("parses ints and longs (two 32-bit limbs) exactly", () => {
    const b = enc.encode("-2147483648");
    expect(parseIntBytes(b, 0, b.length)).toBe(-2147483648);
    for (const s of ["0", "1", "-1", "4295836484574859264", "9223372036854775807", "-9223372036854775808", "-4294967296", "4294967295", "0x10", "123456789012345678"]) {
      expect(long(s), s).toBe(BigInt.asIntN(64, BigInt(s)));
    }
  });
});
