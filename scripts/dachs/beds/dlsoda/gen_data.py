#!/usr/bin/python3
"""Writes the data of the @vo datalink/SODA test bed (seeded, byte-identical
on every run).  Run with Debian's /usr/bin/python3 (astropy + numpy):

    /usr/bin/python3 gen_data.py OUTDIR

writes
    OUTDIR/img/dlimg_NNN.fits    N_IMAGES 48x48 images with a TAN WCS
    OUTDIR/spec/dlspec_NNN.fits  N_SPECTRA 1D spectra (400 bins, 4000-4798 A)

All of it lies around (RA 200, Dec +30), far from the fields of the
vosample bed, so the other integration tests never see it.
"""
import os
import sys

import numpy as np
from astropy.io import fits

SEED = 20261207
N_IMAGES = 125
N_SPECTRA = 125
NPIX = 48
PIXSCALE = 10.0 / 3600.0   # 10 arcsec/pixel: a 0.133 deg wide field
NSPEC = 400
CENTRE = (200.0, 30.0)
FILTERS = ["Johnson B", "Johnson V", "Johnson R"]


def position(i, n):
    """A grid of n positions, 0.25 deg apart, around CENTRE."""
    side = int(np.ceil(np.sqrt(n)))
    row, col = divmod(i, side)
    dec = CENTRE[1] + (row - side / 2) * 0.25
    ra = CENTRE[0] + (col - side / 2) * 0.25 / np.cos(np.radians(dec))
    return ra, dec


def gen_images(outdir, rng):
    os.makedirs(outdir, exist_ok=True)
    yy, xx = np.mgrid[0:NPIX, 0:NPIX]
    for i in range(N_IMAGES):
        ra, dec = position(i, N_IMAGES)
        data = rng.normal(100.0, 5.0, (NPIX, NPIX))
        for _ in range(4):
            px, py = rng.uniform(4, NPIX - 4, 2)
            data += rng.uniform(200, 2000) * np.exp(-((xx - px) ** 2 + (yy - py) ** 2) / 4.0)
        h = fits.Header()
        h["OBJECT"] = "DLFIELD %03d" % i
        h["TELESCOP"] = "VOSAMPLE"
        h["INSTRUME"] = "VODLCAM"
        h["DATE-OBS"] = "2021-%02d-%02dT22:%02d:00" % (1 + i % 12, 1 + i % 28, i % 60)
        h["FILTER"] = FILTERS[i % len(FILTERS)]
        h["EXPTIME"] = 60.0 + 10 * (i % 7)
        h["BUNIT"] = "adu"
        h["CTYPE1"] = "RA---TAN"
        h["CTYPE2"] = "DEC--TAN"
        h["CRPIX1"] = (NPIX + 1) / 2.0
        h["CRPIX2"] = (NPIX + 1) / 2.0
        h["CRVAL1"] = ra
        h["CRVAL2"] = dec
        h["CUNIT1"] = "deg"
        h["CUNIT2"] = "deg"
        h["CD1_1"] = -PIXSCALE
        h["CD1_2"] = 0.0
        h["CD2_1"] = 0.0
        h["CD2_2"] = PIXSCALE
        h["RADESYS"] = "ICRS"
        h["EQUINOX"] = 2000.0
        fits.PrimaryHDU(data.astype(np.float32), header=h).writeto(
            os.path.join(outdir, "dlimg_%03d.fits" % i), overwrite=True)


def gen_spectra(outdir, rng):
    os.makedirs(outdir, exist_ok=True)
    wl0, dwl = 4000.0, 2.0
    wl = wl0 + dwl * np.arange(NSPEC)
    for i in range(N_SPECTRA):
        ra, dec = position(i, N_SPECTRA)
        snr = 10.0 + (i % 9) * 5
        flux = 1e-15 * (1 + 0.3 * np.sin(wl / 250.0 + i))
        for line in (4101.7, 4340.5, 4861.3):
            flux -= 3e-16 * np.exp(-((wl - line) ** 2) / (2 * 4.0 ** 2))
        flux += rng.normal(0, 1e-15 / snr, NSPEC)
        h = fits.Header()
        h["OBJECT"] = "DL star %03d" % i
        h["RA"] = ra + 0.01
        h["DEC"] = dec + 0.01
        h["DATE-OBS"] = "2022-%02d-%02dT01:%02d:00" % (1 + i % 12, 1 + i % 28, i % 60)
        h["EXPTIME"] = 600.0 + 60 * (i % 5)
        h["SNR"] = snr
        h["AIRMASS"] = 1.0 + (i % 10) / 20
        h["TELESCOP"] = "VOSAMPLE"
        h["INSTRUME"] = "VODLSPEC"
        h["CTYPE1"] = "WAVE"
        h["CUNIT1"] = "Angstrom"
        h["CRPIX1"] = 1.0
        h["CRVAL1"] = wl0
        h["CDELT1"] = dwl
        h["BUNIT"] = "erg/(s cm2 Angstrom)"
        fits.PrimaryHDU(flux.astype(np.float32), header=h).writeto(
            os.path.join(outdir, "dlspec_%03d.fits" % i), overwrite=True)


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: gen_data.py OUTDIR")
    out = sys.argv[1]
    rng = np.random.default_rng(SEED)
    gen_images(os.path.join(out, "img"), rng)
    gen_spectra(os.path.join(out, "spec"), rng)
    print("datalink test data written to %s: %d images, %d spectra" % (out, N_IMAGES, N_SPECTRA))


if __name__ == "__main__":
    main()
