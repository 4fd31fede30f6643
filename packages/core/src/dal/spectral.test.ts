import { describe, expect, it } from "vitest";
import { ParameterError } from "@vo/votable";
import { SPECTRAL_UNITS, toJoules, toMetres, wavelengths } from "./spectral.js";

const close = (a: number, b: number): void => expect(Math.abs(a - b) / Math.abs(b)).toBeLessThan(1e-12);

describe("spectral units", () => {
  it("turns lengths into metres", () => {
    close(toMetres(500, "nm"), 5e-7);
    close(toMetres(6563, "Angstrom"), 6.563e-7);
    close(toMetres(6563, "Å"), 6.563e-7);
    close(toMetres(2.2, "um"), 2.2e-6);
    close(toMetres(2.2, "µm"), 2.2e-6);
    close(toMetres(21, "cm"), 0.21);
  });

  it("turns frequencies and energies into wavelengths (as astropy's spectral equivalency does)", () => {
    // Reference values: astropy's `(q).to(u.m, u.spectral())`.
    close(toMetres(1.420405751768, "GHz"), 0.211061140541598);
    close(toMetres(1, "keV"), 1.2398419843320026e-9);
    close(toMetres(13.6, "eV"), 9.116485178911785e-8);
  });

  it("turns anything into photon energies in joules", () => {
    close(toJoules(1, "eV"), 1.602176634e-19);
    close(toJoules(1, "GHz"), 6.626070149999999e-25);
    close(toJoules(500, "nm"), 3.9728917142978567e-19);
  });

  it("sorts an interval, which frequencies and energies turn around; open ends stay open", () => {
    const [lo, hi] = wavelengths(1.4, 1.5, "GHz");
    expect(lo).toBeLessThan(hi);
    close(lo, 299792458 / 1.5e9);
    expect(wavelengths(0, Infinity, "Hz")).toEqual([0, Infinity]);
    const [a, b] = wavelengths(500, 600, "nm");
    close(a, 5e-7);
    close(b, 6e-7);
  });

  it("refuses unknown units (naming the accepted ones), wrong case, negative and NaN values", () => {
    for (const [value, unit] of [
      [1, "Mm"],
      [1, "NM"],
      [1, "parsec"],
      [1, "toString"],
      [-1, "nm"],
      [Number.NaN, "GHz"],
    ] as const) {
      const call = (): number => toMetres(value, unit as "nm");
      expect(call).toThrow(ParameterError);
    }
    expect(() => wavelengths(1, 2, "mM" as "mm")).toThrow(/Angstrom/);
    expect(SPECTRAL_UNITS).toContain("keV");
  });
});
