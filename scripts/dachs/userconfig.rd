<!-- @vo integration test bed: DaCHS's site-wide user configuration.
scripts/start-dachs.sh installs this as /var/gavo/etc/userconfig.rd (only
when it differs) and restarts a running server if it changed.  In DaCHS 2.7
the TAP service's examples (/tap/examples) come only from the tapexamples
STREAM here; everything not defined here falls back to DaCHS's own
//userconfig (see `dachs admin dumpDF //userconfig`).  The names and tables
below are asserted by packages/protocol-tap/src/tap-service.integ.test.ts;
see docs/integration.md. -->
<resource schema="__system">

	<STREAM id="tapexamples">
		<doc>TAP examples over the @vo sample tables.</doc>

		<meta name="_example" title="Cone search in the sample catalogue">
			Stars of :taptable:`vo_sample.cat` within 0.2 degrees of the
			centre of M31, brightest first, using ADQL's geometry functions
			CONTAINS, POINT and CIRCLE.

			.. tapquery::

				SELECT source_id, name, ra, dec, vmag
				FROM vo_sample.cat
				WHERE 1 = CONTAINS(POINT('ICRS', ra, dec),
				  CIRCLE('ICRS', 10.6847, 41.269, 0.2))
				ORDER BY vmag
		</meta>

		<meta name="_example" title="Spectra in ObsCore">
			The sample spectra as published in :taptable:`ivoa.obscore`:
			their publisher DIDs, spectral coverage and access URLs.

			.. tapquery::

				SELECT obs_publisher_did, target_name, em_min, em_max, access_url
				FROM ivoa.obscore
				WHERE dataproduct_type = 'spectrum'
				  AND obs_collection = 'vosample-spec'
				ORDER BY obs_publisher_did
		</meta>

		<meta name="_example" title="Magnitude histogram">
			Number of stars in :taptable:`vo_sample.cat` per one-magnitude
			bin of V.

			.. tapquery::

				SELECT FLOOR(vmag) AS bin, COUNT(*) AS n
				FROM vo_sample.cat
				GROUP BY bin
				ORDER BY bin
		</meta>
	</STREAM>
</resource>
