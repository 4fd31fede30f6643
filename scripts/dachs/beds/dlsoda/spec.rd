<!-- @vo datalink/SODA test bed: 125 small 1D spectra (data/spec, written
by gen_data.py) served through SSAP and TAP (results with a datalink
service descriptor; SSAP results also embed the SODA descriptor) and in
ivoa.obscore as collection 'vodl-spec' (access_url: the datalink
document).  The datalink service offers #this, #preview and SODA with a
BAND cutout, FLUXCALIB and FORMAT. -->
<resource schema="vo_dlsoda_spec" resdir=".">
  <meta name="creationDate">2026-12-07T00:00:00Z</meta>
  <meta name="title">@vo datalink test spectra</meta>
  <meta name="description">
    125 synthetic optical spectra (400 bins, 4000 to 4798 Angstrom) of
    stars on a grid around RA 200, Dec +30, for the datalink and SODA
    integration tests of the @vo TypeScript library.
  </meta>
  <meta name="subject">spectroscopy</meta>
  <meta name="creator">@vo project</meta>
  <meta name="instrument">VODLSPEC</meta>
  <meta name="facility">VOSAMPLE</meta>
  <meta name="contentLevel">Research</meta>
  <meta name="type">Archive</meta>
  <meta name="coverage.waveband">Optical</meta>

  <meta name="ssap.dataSource">pointed</meta>
  <meta name="ssap.creationType">archival</meta>
  <meta name="productType">spectrum</meta>
  <meta name="ssap.testQuery">MAXREC=1</meta>

  <table id="raw_data" onDisk="True" adql="hidden"
      namePath="//ssap#instance">
    <LOOP listItems="ssa_dateObs ssa_dstitle ssa_targname ssa_length
      ssa_specres ssa_timeExt ssa_specstart ssa_specend ssa_snr">
      <events>
        <column original="\item"/>
      </events>
    </LOOP>

    <mixin>//products#table</mixin>
    <mixin>//ssap#plainlocation</mixin>
    <mixin>//ssap#simpleCoverage</mixin>
    <FEED source="//scs#splitPosIndex"
      long="degrees(long(ssa_location))"
      lat="degrees(lat(ssa_location))"/>

    <column name="datalink" type="text"
      ucd="meta.ref.url"
      tablehead="Datalink"
      description="The datalink document of this spectrum."
      verbLevel="15" displayHint="type=url">
      <property name="targetType"
       >application/x-votable+xml;content=datalink</property>
      <property name="targetTitle">Datalink</property>
    </column>
  </table>

  <data id="import">
    <recreateAfter>make_view</recreateAfter>
    <sources recurse="True" pattern="data/spec/*.fits"/>

    <fitsProdGrammar qnd="True">
      <rowfilter procDef="//products#define">
        <bind key="table">"\schema.raw_data"</bind>
        <bind key="path">\fullDLURL{sdl}</bind>
        <bind key="fsize">16000</bind>
        <bind key="datalink">"\rdId#sdl"</bind>
        <bind key="mime">"application/x-votable+xml"</bind>
      </rowfilter>
    </fitsProdGrammar>

    <make table="raw_data">
      <rowmaker idmaps="*">
        <var key="specAx">getWCSAxis(@header_, 1)</var>

        <apply procDef="//ssap#fill-plainlocation">
          <bind key="ra">float(@RA)</bind>
          <bind key="dec">float(@DEC)</bind>
          <bind key="aperture">1/3600.</bind>
        </apply>

        <map key="ssa_dateObs">dateTimeToMJD(parseTimestamp(@DATE_OBS,
          "%Y-%m-%dT%H:%M:%S"))</map>
        <map key="ssa_dstitle">"{} {}".format(@OBJECT, @DATE_OBS[:10])</map>
        <map key="ssa_targname">@OBJECT</map>
        <map key="ssa_specstart">@specAx.pixToPhys(1)*1e-10</map>
        <map key="ssa_specend"
            >@specAx.pixToPhys(@specAx.axisLength)*1e-10</map>
        <map key="ssa_length">@specAx.axisLength</map>
        <map key="ssa_timeExt">float(@EXPTIME)</map>
        <map key="ssa_specres">2*float(@CDELT1)*1e-10</map>
        <map key="ssa_snr">float(@SNR)</map>

        <map key="datalink">\dlMetaURI{sdl}</map>
      </rowmaker>
    </make>
  </data>

  <table id="data" onDisk="True" adql="True">
    <meta name="description">Synthetic spectra for the @vo datalink
      tests (SSA view).</meta>
    <meta name="_associatedDatalinkService">
      <meta name="serviceId">sdl</meta>
      <meta name="idColumn">ssa_pubDID</meta>
    </meta>

    <mixin
      sourcetable="raw_data"
      copiedcolumns="*"
      ssa_aperture="1/3600."
      ssa_fluxunit="'erg/(s.cm**2.Angstrom)'"
      ssa_spectralunit="'Angstrom'"
      ssa_bandpass="'Optical'"
      ssa_collection="'vodl-spec'"
      ssa_fluxcalib="'CALIBRATED'"
      ssa_fluxucd="'phot.flux.density;em.wl'"
      ssa_speccalib="'ABSOLUTE'"
      ssa_spectralucd="'em.wl'"
      ssa_targclass="'star'"
    >//ssap#view</mixin>

    <mixin
      calibLevel="2"
      coverage="ssa_region"
      sResolution="ssa_spaceres"
      oUCD="ssa_fluxucd"
      emUCD="ssa_spectralucd"
      accessURL="datalink"
      mime="'application/x-votable+xml;content=datalink'"
      >//obscore#publishSSAPMIXC</mixin>
  </table>

  <data id="make_view" auto="False">
    <make table="data"/>
  </data>

  <table id="instance" onDisk="False">
    <mixin ssaTable="data"
      spectralDescription="Wavelength"
      fluxDescription="Flux density"
      >//ssap#sdm-instance</mixin>
    <meta name="description">A synthetic stellar spectrum.</meta>
  </table>

  <data id="build_spectrum">
    <embeddedGrammar>
      <iterator>
        <code>
          from gavo.utils import pyfits
          sourcePath = os.path.join(
            base.getConfig("inputsDir"),
            urllib.parse.unquote(
              self.sourceToken["ssa_pubDID"].split('?', 1)[-1]))
          hdus = pyfits.open(sourcePath)
          try:
            hdr, flux = hdus[0].header, hdus[0].data
            for i, f in enumerate(flux):
              yield {
                "spectral": hdr["CRVAL1"]+(i+1-hdr["CRPIX1"])*hdr["CDELT1"],
                "flux": float(f)}
          finally:
            hdus.close()
        </code>
      </iterator>
    </embeddedGrammar>
    <make table="instance">
      <parmaker>
        <apply procDef="//ssap#feedSSAToSDM"/>
      </parmaker>
    </make>
  </data>

  <service id="sdl" allowed="dlget,dlmeta">
    <meta name="title">@vo datalink test spectra: datalink and SODA</meta>
    <datalinkCore>
      <descriptorGenerator procDef="//soda#sdm_genDesc">
        <bind key="ssaTD">"\rdId#data"</bind>
      </descriptorGenerator>
      <dataFunction procDef="//soda#sdm_genData">
        <bind key="builder">"\rdId#build_spectrum"</bind>
      </dataFunction>
      <FEED source="//soda#sdm_plainfluxcalib"/>
      <FEED source="//soda#sdm_cutout"/>
      <FEED source="//soda#sdm_format"/>
    </datalinkCore>
  </service>

  <service id="ssa" allowed="ssap.xml">
    <meta name="shortName">vo_dlsoda SSAP</meta>
    <meta name="title">@vo datalink test spectra SSAP</meta>
    <meta name="ssap.complianceLevel">full</meta>
    <ssapCore queriedTable="data">
      <FEED source="//ssap#hcd_condDescs"/>
    </ssapCore>
  </service>
</resource>
