<!-- @vo EPN-TAP 2.0 test bed (issue #11): 300 made-up planetary granules
(data/granules.csv, written by gen_data.py) in an epn_core table built on
DaCHS's //epntap2 mixin, queryable through the site TAP service as
vo_epntap.epn_core. Several targets and target classes, hash lists in
instrument_name and instrument_host_name, JD time ranges, longitude/latitude
(c1/c2) ranges in the body frame. -->
<resource schema="vo_epntap" resdir=".">
  <meta name="creationDate">2026-12-07T00:00:00Z</meta>
  <meta name="title">@vo EPN-TAP test granules</meta>
  <meta name="description">
    300 synthetic planetary-science granules (images, spectra and spectral
    cubes of Mars, Venus, Jupiter, Io, Europa, Saturn, Titan, Ceres and
    comet 67P) for the EPN-TAP integration tests of the @vo TypeScript
    library. Values are made up.
  </meta>
  <meta name="subject">solar-system-astronomy</meta>
  <meta name="creator">@vo project</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Catalog</meta>

  <table id="epn_core" onDisk="True" adql="True">
    <mixin spatial_frame_type="body">//epntap2#table-2_0</mixin>
  </table>

  <data id="import">
    <sources pattern="data/granules.csv"/>
    <csvGrammar>
      <rowfilter>
        <code>
          yield dict((k, None if v == "" else v) for k, v in row.items())
        </code>
      </rowfilter>
    </csvGrammar>
    <make table="epn_core">
      <rowmaker idmaps="*">
        <map key="spatial_frame_type">"body"</map>
      </rowmaker>
    </make>
  </data>
</resource>
