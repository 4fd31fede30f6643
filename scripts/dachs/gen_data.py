#!/usr/bin/python3
"""Generates the deterministic sample data for the local DaCHS test bed.

Run with Debian's /usr/bin/python3 (it has astropy and numpy):

    /usr/bin/python3 scripts/dachs/gen_data.py OUTDIR

writes
    OUTDIR/cat/stars.csv      ~2000 stars for vo_sample.cat (SCS + TAP)
    OUTDIR/img/*.fits         6 64x64 images with WCS (SIAP v1, SIAv2, ObsCore)
    OUTDIR/spec/*.fits        5 1D spectra (SSAP, ObsCore)

Everything is seeded, so two runs give byte-identical files.
"""
import csv
import os
import sys

import numpy as np
from astropy.io import fits

SEED = 20240501

# Field centres; images and spectra lie in these fields, and most stars too.
FIELDS = [
    # name, ra, dec
    ("M31FIELD", 10.6847, 41.2690),
    ("ORIONFIELD", 83.8221, -5.3911),
    ("EQUATORFIELD", 180.0, 0.0),
]

# 2^53 = 9007199254740992: every source_id is above that, so a client
# that parses it as a double loses digits.
SOURCE_ID_BASE = 4295806720000000001
SOURCE_ID_STEP = 1099511627  # odd, makes the low digits vary


def gen_catalogue(outdir, rng):
    os.makedirs(outdir, exist_ok=True)
    rows = []
    n_field = 600
    n_sky = 200
    positions = []
    for _, fra, fdec in FIELDS:
        # uniform within 0.5 deg of the centre
        r = 0.5 * np.sqrt(rng.random(n_field))
        phi = rng.random(n_field) * 2 * np.pi
        dec = fdec + r * np.sin(phi)
        ra = fra + r * np.cos(phi) / np.cos(np.radians(dec))
        positions.extend(zip(ra % 360, dec))
    ra = rng.random(n_sky) * 360
    dec = np.degrees(np.arcsin(rng.random(n_sky) * 2 - 1))
    positions.extend(zip(ra, dec))

    n = len(positions)
    pmra = rng.normal(0, 8, n)
    pmdec = rng.normal(-3, 8, n)
    parallax = np.abs(rng.normal(2, 1.5, n))
    vmag = rng.uniform(9, 19, n)
    bv = rng.normal(0.6, 0.3, n)
    # observation epochs between 2015-01-01 and 2023-12-31
    t0 = np.datetime64("2015-01-01T00:00:00")
    secs = rng.integers(0, 9 * 365 * 86400, n)
    null_pm = rng.random(n) < 0.05
    null_bmag = rng.random(n) < 0.10
    null_plx = rng.random(n) < 0.15
    nobs = rng.integers(1, 300, n)
    variable = rng.random(n) < 0.1

    for i, (a, d) in enumerate(positions):
        source_id = SOURCE_ID_BASE + i * SOURCE_ID_STEP
        ts = (t0 + np.timedelta64(int(secs[i]), "s")).astype(str).replace("T", " ")
        rows.append({
            "source_id": str(source_id),
            "name": "VOS J%08.4f%+08.4f" % (a, d),
            "ra": "%.8f" % a,
            "dec": "%.8f" % d,
            "pmra": "" if null_pm[i] else "%.3f" % pmra[i],
            "pmdec": "" if null_pm[i] else "%.3f" % pmdec[i],
            "parallax": "" if null_plx[i] else "%.4f" % parallax[i],
            "vmag": "%.3f" % vmag[i],
            "bmag": "" if null_bmag[i] else "%.3f" % (vmag[i] + bv[i]),
            "n_obs": str(int(nobs[i])),
            "variable": "1" if variable[i] else "0",
            "obs_time": ts,
        })
    cols = list(rows[0].keys())
    with open(os.path.join(outdir, "stars.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return np.array(positions), vmag


def make_wcs_header(ra, dec, naxis, scale_deg):
    h = fits.Header()
    h["CTYPE1"] = "RA---TAN"
    h["CTYPE2"] = "DEC--TAN"
    h["CRPIX1"] = (naxis + 1) / 2.0
    h["CRPIX2"] = (naxis + 1) / 2.0
    h["CRVAL1"] = ra
    h["CRVAL2"] = dec
    h["CUNIT1"] = "deg"
    h["CUNIT2"] = "deg"
    h["CD1_1"] = -scale_deg
    h["CD1_2"] = 0.0
    h["CD2_1"] = 0.0
    h["CD2_2"] = scale_deg
    h["RADESYS"] = "ICRS"
    h["EQUINOX"] = 2000.0
    return h


# 6 images: two per field, different dates and bands.
IMAGES = [
    # file stem, field index, dx, dy (deg offsets), DATE-OBS, FILTER, EXPTIME, seeing
    ("m31_V_2019", 0, 0.00, 0.00, "2019-10-03T21:14:05", "Johnson V", 300.0, 1.1),
    ("m31_B_2022", 0, 0.05, -0.03, "2022-09-21T23:40:12", "Johnson B", 600.0, 1.6),
    ("orion_R_2020", 1, 0.00, 0.00, "2020-01-17T20:05:44", "Johnson R", 120.0, 0.9),
    ("orion_V_2023", 1, -0.04, 0.02, "2023-02-11T19:30:00", "Johnson V", 240.0, 2.1),
    ("equator_I_2018", 2, 0.00, 0.00, "2018-04-05T01:02:03", "Johnson I", 900.0, 1.3),
    ("equator_R_2021", 2, 0.03, 0.03, "2021-05-30T03:33:33", "Johnson R", 450.0, 0.8),
]
NPIX = 64
PIXSCALE = 10.0 / 3600.0  # 10 arcsec/pixel -> ~0.178 deg field


def gen_images(outdir, rng, stars, vmag):
    os.makedirs(outdir, exist_ok=True)
    yy, xx = np.mgrid[0:NPIX, 0:NPIX]
    for stem, fidx, dx, dy, dateobs, filt, exptime, seeing in IMAGES:
        fname, fra, fdec = FIELDS[fidx]
        dec = fdec + dy
        ra = fra + dx / np.cos(np.radians(dec))
        h = make_wcs_header(ra, dec, NPIX, PIXSCALE)
        data = rng.normal(100.0, 5.0, (NPIX, NPIX))
        # paint nearby catalogue stars (tangent-plane approximation)
        sig = max(seeing / 10.0, 0.6)
        cosd = np.cos(np.radians(dec))
        for (sra, sdec), m in zip(stars, vmag):
            px = (h["CRPIX1"] - 1) - ((sra - ra) * cosd) / PIXSCALE
            py = (h["CRPIX2"] - 1) + (sdec - dec) / PIXSCALE
            if -3 < px < NPIX + 3 and -3 < py < NPIX + 3:
                flux = 10 ** (-0.4 * (m - 20)) * 50
                data += flux * np.exp(-((xx - px) ** 2 + (yy - py) ** 2) / (2 * sig * sig))
        hdr = fits.Header()
        hdr["OBJECT"] = fname
        hdr["TELESCOP"] = "VOSAMPLE"
        hdr["INSTRUME"] = "VOCAM"
        hdr["DATE-OBS"] = dateobs
        hdr["FILTER"] = filt
        hdr["EXPTIME"] = exptime
        hdr["SEEING"] = (seeing, "[arcsec] FWHM")
        hdr["BUNIT"] = "adu"
        hdr.update(h)
        fits.PrimaryHDU(data.astype(np.float32), header=hdr).writeto(
            os.path.join(outdir, stem + ".fits"), overwrite=True)


# 5 spectra: 2 in the M31 field, 2 in Orion, 1 at the equator.
SPECTRA = [
    # stem, field, dx, dy, DATE-OBS, target, exptime, snr, wl0 (Angstrom), dwl
    ("spec_m31_a", 0, 0.01, 0.01, "2019-10-04T00:10:00", "M31 star A", 1200.0, 45.0, 4000.0, 2.0),
    ("spec_m31_b", 0, -0.02, 0.03, "2022-09-22T01:00:00", "M31 star B", 1800.0, 12.0, 4000.0, 2.0),
    ("spec_orion_a", 1, 0.00, -0.01, "2020-01-18T21:00:00", "Orion star A", 600.0, 80.0, 5000.0, 1.5),
    ("spec_orion_b", 1, 0.02, 0.02, "2023-02-12T20:15:00", "Orion star B", 900.0, 30.0, 5000.0, 1.5),
    ("spec_equator", 2, 0.00, 0.00, "2018-04-06T02:00:00", "Equator star", 2400.0, 20.0, 6000.0, 3.0),
]
NSPEC = 500
# a custom column of the SSA service (custom parameter AIRMASS)
AIRMASS = {"spec_m31_a": 1.08, "spec_m31_b": 1.42, "spec_orion_a": 1.21,
           "spec_orion_b": 1.65, "spec_equator": 1.12}


def gen_spectra(outdir, rng):
    os.makedirs(outdir, exist_ok=True)
    for stem, fidx, dx, dy, dateobs, target, exptime, snr, wl0, dwl in SPECTRA:
        _, fra, fdec = FIELDS[fidx]
        dec = fdec + dy
        ra = fra + dx / np.cos(np.radians(dec))
        wl = wl0 + dwl * np.arange(NSPEC)
        flux = 1e-15 * (1 + 0.3 * np.sin(wl / 300.0))
        for line in (4340.5, 4861.3, 6562.8, 5889.9):
            flux -= 3e-16 * np.exp(-((wl - line) ** 2) / (2 * 4.0 ** 2))
        flux += rng.normal(0, 1e-15 / snr, NSPEC)
        hdr = fits.Header()
        hdr["OBJECT"] = target
        hdr["RA"] = ra
        hdr["DEC"] = dec
        hdr["DATE-OBS"] = dateobs
        hdr["EXPTIME"] = exptime
        hdr["SNR"] = snr
        hdr["AIRMASS"] = AIRMASS[stem]
        hdr["TELESCOP"] = "VOSAMPLE"
        hdr["INSTRUME"] = "VOSPEC"
        hdr["CTYPE1"] = "WAVE"
        hdr["CUNIT1"] = "Angstrom"
        hdr["CRPIX1"] = 1.0
        hdr["CRVAL1"] = wl0
        hdr["CDELT1"] = dwl
        hdr["BUNIT"] = "erg/(s cm2 Angstrom)"
        fits.PrimaryHDU(flux.astype(np.float32), header=hdr).writeto(
            os.path.join(outdir, stem + ".fits"), overwrite=True)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_data.py OUTDIR")
    out = sys.argv[1]
    rng = np.random.default_rng(SEED)
    stars, vmag = gen_catalogue(os.path.join(out, "cat"), rng)
    gen_images(os.path.join(out, "img"), rng, stars, vmag)
    gen_spectra(os.path.join(out, "spec"), rng)
    print("sample data written to %s: %d stars, %d images, %d spectra" % (
        out, len(stars), len(IMAGES), len(SPECTRA)))


if __name__ == "__main__":
    main()
