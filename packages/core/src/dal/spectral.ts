/**
 * Spectral values in any common unit, turned into what VO parameters want: wavelengths in metres (SIA2, SSA
 * and SODA `BAND`, SLAP `WAVELENGTH`) or photon energies in joules (RegTAP's spectral coverage). pyVO takes
 * astropy Quantities for these; here a unit string does the same job.
 *
 * @example
 * await sia2.search({ pos, band: wavelengths(500, 600, "nm") });   // [5e-7, 6e-7] m
 * await ssa.search(pos, 0.1, { band: wavelengths(1.4, 1.5, "GHz") }); // sorted: 1.5 GHz is the shorter wavelength
 */
import { ParameterError } from "@vo/votable";

type Kind = "length" | "frequency" | "energy";
const EV = 1.602176634e-19;
/** Every unit with its kind and its size in metres, hertz or joules. */
const UNITS: { readonly [unit in SpectralUnit]: readonly [Kind, number] } = {
  m: ["length", 1],
  cm: ["length", 1e-2],
  mm: ["length", 1e-3],
  um: ["length", 1e-6],
  "µm": ["length", 1e-6],
  "μm": ["length", 1e-6],
  micron: ["length", 1e-6],
  nm: ["length", 1e-9],
  Angstrom: ["length", 1e-10],
  angstrom: ["length", 1e-10],
  AA: ["length", 1e-10],
  "Å": ["length", 1e-10],
  pm: ["length", 1e-12],
  Hz: ["frequency", 1],
  kHz: ["frequency", 1e3],
  MHz: ["frequency", 1e6],
  GHz: ["frequency", 1e9],
  THz: ["frequency", 1e12],
  J: ["energy", 1],
  erg: ["energy", 1e-7],
  eV: ["energy", EV],
  keV: ["energy", EV * 1e3],
  MeV: ["energy", EV * 1e6],
  GeV: ["energy", EV * 1e9],
};

/** The speed of light (m/s) and Planck's constant (J s), exact in the SI. */
const C = 299_792_458;
const H = 6.62607015e-34;

/** A spectral unit: a length (wavelength), a frequency or a photon energy. */
export type SpectralUnit =
  | "m" | "cm" | "mm" | "um" | "µm" | "μm" | "micron" | "nm" | "Angstrom" | "angstrom" | "AA" | "Å" | "pm"
  | "Hz" | "kHz" | "MHz" | "GHz" | "THz"
  | "J" | "erg" | "eV" | "keV" | "MeV" | "GeV";

/** Every unit {@link toMetres}, {@link toJoules} and {@link wavelengths} accept. */
export const SPECTRAL_UNITS: readonly SpectralUnit[] = Object.freeze(Object.keys(UNITS) as SpectralUnit[]);

/** The unit's kind and size, after checking the unit and the value (units come from JavaScript callers too). */
function unitOf(name: string, value: number, unit: SpectralUnit): { kind: Kind; size: number } {
  const found = Object.hasOwn(UNITS, unit) ? UNITS[unit] : undefined;
  if (!found) throw new ParameterError(name, `a spectral unit: ${SPECTRAL_UNITS.join(", ")} (case matters: mm is not Mm)`, unit);
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) throw new ParameterError(name, `a spectral value ≥ 0 in ${unit}`, value);
  return { kind: found[0], size: found[1] };
}

/**
 * A wavelength, frequency or photon energy as a wavelength in metres (0 and Infinity map onto each other for
 * frequencies and energies).
 * @throws {ParameterError} an unknown unit, or a negative or NaN value.
 */
export function toMetres(value: number, unit: SpectralUnit, name = "wavelength"): number {
  const { kind, size } = unitOf(name, value, unit);
  if (kind === "length") return value * size;
  return (kind === "frequency" ? C : H * C) / (value * size);
}

/**
 * A wavelength, frequency or photon energy as a photon energy in joules (RegTAP's spectral coverage unit).
 * @throws {ParameterError} an unknown unit, or a negative or NaN value.
 */
export function toJoules(value: number, unit: SpectralUnit, name = "energy"): number {
  const { kind, size } = unitOf(name, value, unit);
  if (kind === "energy") return value * size;
  if (kind === "frequency") return H * value * size;
  return (H * C) / (value * size);
}

/**
 * A spectral interval in any unit as `[lo, hi]` wavelengths in metres, sorted (a frequency or energy interval
 * turns around): what `band` options take. Open ends: `0` and `Infinity`.
 * @throws {ParameterError} an unknown unit, or a negative or NaN bound.
 */
export function wavelengths(lo: number, hi: number, unit: SpectralUnit): readonly [number, number] {
  const a = toMetres(lo, unit, "band");
  const b = toMetres(hi, unit, "band");
  return a <= b ? [a, b] : [b, a];
}
