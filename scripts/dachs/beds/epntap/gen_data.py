#!/usr/bin/python3
"""Writes the EPN-TAP test bed's granules (a CSV, one row per granule) for
scripts/dachs/beds/epntap/q.rd: a few hundred deterministic, made-up
planetary observations over several targets, instruments (hash lists in
instrument_name / instrument_host_name), times and longitude/latitude ranges.

    gen_data.py OUT.csv
"""
import csv
import random
import sys

# (target_name, target_class, host, instrument hash list, dataproduct_type, measurement_type)
CAMPAIGNS = [
    ("Mars", "planet", "Mars Express#MEX", "Observatoire pour la Mineralogie, l'Eau, les Glaces et l'Activite#OMEGA", "sc", "phot.flux.density;em.wl"),
    ("Mars", "planet", "Mars Reconnaissance Orbiter#MRO", "Compact Reconnaissance Imaging Spectrometer for Mars#CRISM", "sc", "phot.flux.density;em.wl"),
    ("Jupiter", "planet", "Juno", "Jovian Infrared Auroral Mapper#JIRAM", "im", "phot.flux.density;em.wl"),
    ("Io", "satellite", "Juno", "Jovian Infrared Auroral Mapper#JIRAM", "im", "phot.flux.density"),
    ("Europa", "satellite", "Galileo#GLL", "Near-Infrared Mapping Spectrometer#NIMS", "sp", "phot.flux.density;em.wl"),
    ("Saturn", "planet", "Cassini#CO", "Visual and Infrared Mapping Spectrometer#VIMS", "sc", "phot.flux.density;em.wl"),
    ("Titan", "satellite", "Cassini#CO", "Visual and Infrared Mapping Spectrometer#VIMS", "sc", "phot.flux.density;em.wl"),
    ("Titan", "satellite", "Cassini#CO", "Imaging Science Subsystem#ISS", "im", "phot.flux.density"),
    ("67P/Churyumov-Gerasimenko", "comet", "Rosetta", "Visible and Infrared Thermal Imaging Spectrometer#VIRTIS", "sc", "phot.flux.density;em.wl"),
    ("67P/Churyumov-Gerasimenko", "comet", "Rosetta", "Optical, Spectroscopic, and Infrared Remote Imaging System#OSIRIS", "im", "phot.flux.density"),
    ("Ceres", "dwarf_planet", "Dawn", "Visible and Infrared Spectrometer#VIR", "sp", "phot.flux.density;em.wl"),
    ("Venus", "planet", "Venus Express#VEX", "Visible and Infrared Thermal Imaging Spectrometer#VIRTIS", "sc", "phot.flux.density;em.wl"),
]
PER_CAMPAIGN = 25
JD_2004 = 2453005.5  # 2004-01-01T00:00:00 UTC
COLUMNS = ["granule_uid", "granule_gid", "obs_id", "dataproduct_type", "target_name", "target_class",
           "time_min", "time_max", "time_sampling_step_min", "time_sampling_step_max", "time_exp_min", "time_exp_max",
           "spectral_range_min", "spectral_range_max", "spectral_sampling_step_min", "spectral_sampling_step_max",
           "spectral_resolution_min", "spectral_resolution_max",
           "c1min", "c1max", "c2min", "c2max", "c3min", "c3max",
           "c1_resol_min", "c1_resol_max", "c2_resol_min", "c2_resol_max", "c3_resol_min", "c3_resol_max",
           "incidence_min", "incidence_max", "emergence_min", "emergence_max", "phase_min", "phase_max",
           "instrument_host_name", "instrument_name", "measurement_type", "processing_level",
           "creation_date", "modification_date", "release_date", "service_title"]


def main(out):
    rnd = random.Random(20261207)
    rows = []
    for c, (target, tclass, host, instrument, ptype, mtype) in enumerate(CAMPAIGNS):
        acronym = instrument.split("#")[-1].lower()
        for i in range(PER_CAMPAIGN):
            start = JD_2004 + c * 400 + i * 7 + rnd.random()
            duration = 0.01 + rnd.random() * 0.2
            lon = rnd.uniform(0, 330)
            lat = rnd.uniform(-80, 60)
            wl = rnd.choice([(0.35e-6, 1.05e-6), (1.0e-6, 5.1e-6), (0.4e-6, 2.5e-6)])
            freq = (2.99792458e8 / wl[1], 2.99792458e8 / wl[0])  # EPN-TAP 2 spectral ranges are in Hz
            level = rnd.choice([2, 3])
            stamp = "2026-12-01T00:00:00"
            rows.append({
                "granule_uid": f"{acronym}-{target.split('/')[0].lower()}-{i:03d}",
                "granule_gid": f"{acronym}-level{level}",
                "obs_id": f"{acronym}-{target.split('/')[0].lower()}-obs{i // 5:02d}",
                "dataproduct_type": ptype, "target_name": target, "target_class": tclass,
                "time_min": f"{start:.6f}", "time_max": f"{start + duration:.6f}",
                "time_sampling_step_min": "", "time_sampling_step_max": "",
                "time_exp_min": f"{duration * 86400:.3f}", "time_exp_max": f"{duration * 86400:.3f}",
                "spectral_range_min": f"{freq[0]:.6e}", "spectral_range_max": f"{freq[1]:.6e}",
                "spectral_sampling_step_min": "", "spectral_sampling_step_max": "",
                "spectral_resolution_min": "", "spectral_resolution_max": "",
                "c1min": f"{lon:.4f}", "c1max": f"{lon + rnd.uniform(2, 30):.4f}",
                "c2min": f"{lat:.4f}", "c2max": f"{lat + rnd.uniform(2, 20):.4f}",
                "c3min": "", "c3max": "",
                "c1_resol_min": "", "c1_resol_max": "", "c2_resol_min": "", "c2_resol_max": "", "c3_resol_min": "", "c3_resol_max": "",
                "incidence_min": "", "incidence_max": "", "emergence_min": "", "emergence_max": "",
                "phase_min": f"{rnd.uniform(0, 40):.3f}", "phase_max": f"{rnd.uniform(40, 120):.3f}",
                "instrument_host_name": host, "instrument_name": instrument,
                "measurement_type": mtype, "processing_level": str(level),
                "creation_date": stamp, "modification_date": stamp, "release_date": stamp,
                "service_title": "vo_epntap",
            })
    with open(out, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} granules")


if __name__ == "__main__":
    main(sys.argv[1])
